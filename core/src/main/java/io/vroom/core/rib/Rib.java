package io.vroom.core.rib;

import io.vroom.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * A VR's routing information base: at most one candidate route per (prefix, source), and per
 * prefix the selected one — lowest administrative distance, then lowest metric, then the source's
 * order in {@link RouteSource}. Plain data, written only by the VR's loop. Every change of a
 * selected route is returned as a {@link RibDelta} for shadowd and the other protocols.
 */
public final class Rib {
    private static final int SOURCES = RouteSource.values().length;
    /** Candidates per prefix, indexed by {@link RouteSource#ordinal()} (plain arrays serialize anywhere). */
    private final TreeMap<Ip4Prefix, Route[]> candidates = new TreeMap<>();
    private final TreeMap<Ip4Prefix, Route> selected = new TreeMap<>();

    /** Adds or replaces {@code route}; returns the delta if the prefix's selection changed, else null. */
    public RibDelta update(Route route) {
        candidates.computeIfAbsent(route.prefix(), p -> new Route[SOURCES])[route.source().ordinal()] = route;
        return reselect(route.prefix());
    }

    /** Removes the route of {@code source} for {@code prefix}; returns the delta if the selection changed. */
    public RibDelta withdraw(RouteSource source, Ip4Prefix prefix) {
        Route[] c = candidates.get(prefix);
        if (c == null || c[source.ordinal()] == null) return null;
        c[source.ordinal()] = null;
        boolean empty = true;
        for (Route r : c) empty &= r == null;
        if (empty) candidates.remove(prefix);
        return reselect(prefix);
    }

    private RibDelta reselect(Ip4Prefix prefix) {
        Route[] c = candidates.get(prefix);
        Route best = null;
        if (c != null) {
            for (Route r : c) {
                if (r == null) continue;
                if (best == null || r.distance() < best.distance() || r.distance() == best.distance() && r.metric() < best.metric()) best = r;
            }
        }
        Route old = best == null ? selected.remove(prefix) : selected.put(prefix, best);
        if (old == null ? best == null : old.equals(best)) return null;
        return new RibDelta(prefix, best);
    }

    /** The selected route for exactly {@code prefix}, or null. */
    public Route best(Ip4Prefix prefix) {
        return selected.get(prefix);
    }

    /** The selected route with the longest prefix covering {@code address}, or null. */
    public Route lookup(int address) {
        for (int len = 32; len >= 0; len--) {
            Route r = selected.get(new Ip4Prefix(address, len));
            if (r != null) return r;
        }
        return null;
    }

    /** Like {@link #lookup} but skipping routes of {@code exclude} (a recursive route must not resolve over itself). */
    public Route lookupExcluding(int address, Ip4Prefix exclude) {
        for (int len = 32; len >= 0; len--) {
            Ip4Prefix p = new Ip4Prefix(address, len);
            if (p.equals(exclude)) continue;
            Route r = selected.get(p);
            if (r != null) return r;
        }
        return null;
    }

    /** Every selected route, in prefix order (a read-only view). */
    public Collection<Route> selectedRoutes() {
        return Collections.unmodifiableCollection(selected.values());
    }

    /** Every candidate of one prefix (for show commands), best first not guaranteed. */
    public List<Route> candidates(Ip4Prefix prefix) {
        Route[] c = candidates.get(prefix);
        List<Route> out = new ArrayList<>();
        if (c != null) for (Route r : c) if (r != null) out.add(r);
        return out;
    }

    public int size() {
        return selected.size();
    }
}
