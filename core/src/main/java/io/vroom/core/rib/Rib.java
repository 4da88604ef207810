package io.vroom.core.rib;

import io.vroom.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A VR's routing information base: at most one candidate route per (prefix, source), and per
 * prefix the selected one — lowest administrative distance, then lowest metric, then the source's
 * order in {@link RouteSource}. Plain data, written only by the VR's loop. Every change of a
 * selected route is returned as a {@link RibDelta} for shadowd and the other protocols.
 *
 * <p>Layout (a full BGP table is ~1M prefixes, so the cost per prefix matters): a prefix with a
 * single candidate (nearly all of them) is one slot of a {@link PrefixTable}, its route packed
 * into a {@code long} (source, distance, metric, and the id of its next-hop list, interned:
 * routes share a handful of lists). Prefixes with several candidates, and routes that do not
 * pack, are {@link Entry} objects in a map. {@link Route} objects are made again when asked for.
 * Hash order never reaches the outside: {@link #selectedRoutes} is sorted. All of it is arrays and
 * ordered maps, so a captured RIB encodes to the same bytes after a round trip. The number of prefixes
 * per length lets {@link #lookup} skip lengths nobody uses.
 */
public final class Rib {
    private static final int SOURCES = RouteSource.values().length;
    private static final RouteSource[] SOURCE = RouteSource.values();
    private static final int HOPS_BITS = 20;
    private static final long HOPS_MASK = (1L << HOPS_BITS) - 1;

    /** Candidates of a prefix held as objects: by {@link RouteSource#ordinal()}, plus the selected one. */
    static final class Entry {
        Route[] candidates = new Route[SOURCES];
        Route best;
    }

    /** Prefixes with one packed candidate. */
    private final PrefixTable single = new PrefixTable();
    /** Prefixes held as objects (never also in {@link #single}); few, and ordered (state must encode the same way twice). */
    private final TreeMap<Ip4Prefix, Entry> multi = new TreeMap<>();
    private final Interner<List<NextHop>> hopLists = new Interner<>();
    /** Prefixes per prefix length. */
    private final int[] perLength = new int[33];

    /** Adds or replaces {@code route}; returns the delta if the prefix's selection changed, else null. */
    public RibDelta update(Route route) {
        Ip4Prefix prefix = route.prefix();
        Entry e = multi.isEmpty() ? null : multi.get(prefix);
        if (e == null) {
            long k = PrefixTable.key(prefix.address(), prefix.length());
            int slot = single.slot(k);
            if (slot < 0) {
                perLength[prefix.length()]++;
                if (!store(k, route)) {
                    e = new Entry();
                    e.candidates[route.source().ordinal()] = route;
                    e.best = route;
                    multi.put(prefix, e);
                }
                return new RibDelta(prefix, route);
            }
            long packed = single.valueAt(slot);
            Route only = unpack(prefix, packed);
            if (only.source() == route.source()) {
                if (only.equals(route)) return null;
                hopLists.release((int) (packed & HOPS_MASK));
                if (!store(k, route)) {
                    single.remove(k);
                    e = new Entry();
                    e.candidates[route.source().ordinal()] = route;
                    e.best = route;
                    multi.put(prefix, e);
                }
                return new RibDelta(prefix, route);
            }
            hopLists.release((int) (packed & HOPS_MASK));
            single.remove(k);
            e = new Entry();
            e.candidates[only.source().ordinal()] = only;
            e.best = only;
            multi.put(prefix, e);
        }
        e.candidates[route.source().ordinal()] = route;
        return reselect(prefix, e);
    }

    /** Removes the route of {@code source} for {@code prefix}; returns the delta if the selection changed. */
    public RibDelta withdraw(RouteSource source, Ip4Prefix prefix) {
        Entry e = multi.isEmpty() ? null : multi.get(prefix);
        if (e == null) {
            long k = PrefixTable.key(prefix.address(), prefix.length());
            int slot = single.slot(k);
            if (slot < 0) return null;
            long packed = single.valueAt(slot);
            if (source.ordinal() != (int) (packed >>> 60)) return null;
            hopLists.release((int) (packed & HOPS_MASK));
            single.remove(k);
            perLength[prefix.length()]--;
            return new RibDelta(prefix, null);
        }
        if (e.candidates[source.ordinal()] == null) return null;
        e.candidates[source.ordinal()] = null;
        boolean empty = true;
        for (Route r : e.candidates) empty &= r == null;
        if (empty) {
            multi.remove(prefix);
            perLength[prefix.length()]--;
            return new RibDelta(prefix, null);
        }
        return reselect(prefix, e);
    }

    private static RibDelta reselect(Ip4Prefix prefix, Entry e) {
        Route best = null;
        for (Route r : e.candidates) {
            if (r == null) continue;
            if (best == null || r.distance() < best.distance() || r.distance() == best.distance() && r.metric() < best.metric()) best = r;
        }
        Route old = e.best;
        e.best = best;
        if (old == null ? best == null : old.equals(best)) return null;
        return new RibDelta(prefix, best);
    }

    /** Packs {@code r} into {@link #single}; false if it does not pack (the caller keeps it as an object). */
    private boolean store(long k, Route r) {
        if (r.distance() < 0 || r.distance() > 255) return false;
        int hops = hopLists.intern(r.nextHops());
        if (hops < 0) return false;
        single.put(k, (long) r.source().ordinal() << 60 | (long) r.distance() << 52 | (r.metric() & 0xffffffffL) << HOPS_BITS | hops);
        return true;
    }

    private Route unpack(Ip4Prefix prefix, long v) {
        return new Route(prefix, SOURCE[(int) (v >>> 60)], (int) (v >>> 52) & 0xff, (int) (v >>> HOPS_BITS),
                hopLists.get((int) (v & HOPS_MASK)));
    }

    /** The selected route for exactly {@code prefix}, or null. */
    public Route best(Ip4Prefix prefix) {
        if (!multi.isEmpty()) {
            Entry e = multi.get(prefix);
            if (e != null) return e.best;
        }
        int slot = single.slot(PrefixTable.key(prefix.address(), prefix.length()));
        return slot < 0 ? null : unpack(prefix, single.valueAt(slot));
    }

    /** The selected route with the longest prefix covering {@code address}, or null. */
    public Route lookup(int address) {
        return lookupExcluding(address, null);
    }

    /** Like {@link #lookup} but skipping routes of {@code exclude} (a recursive route must not resolve over itself). */
    public Route lookupExcluding(int address, Ip4Prefix exclude) {
        for (int len = 32; len >= 0; len--) {
            if (perLength[len] == 0) continue;
            Ip4Prefix p = new Ip4Prefix(address, len);
            if (p.equals(exclude)) continue;
            Route r = best(p);
            if (r != null) return r;
        }
        return null;
    }

    /** Every selected route, in prefix order (a read-only snapshot). */
    public Collection<Route> selectedRoutes() {
        List<Route> out = new ArrayList<>(size());
        for (int s = 0; s < single.capacity(); s++) {
            long k = single.keyAt(s);
            if (k != 0) out.add(unpack(new Ip4Prefix(PrefixTable.address(k), PrefixTable.length(k)), single.valueAt(s)));
        }
        for (Map.Entry<Ip4Prefix, Entry> e : multi.entrySet()) out.add(e.getValue().best);
        out.sort((a, b) -> a.prefix().compareTo(b.prefix()));
        return Collections.unmodifiableList(out);
    }

    /** Every candidate of one prefix (for show commands), best first not guaranteed. */
    public List<Route> candidates(Ip4Prefix prefix) {
        List<Route> out = new ArrayList<>();
        Entry e = multi.get(prefix);
        if (e != null) {
            for (Route r : e.candidates) if (r != null) out.add(r);
        } else {
            Route r = best(prefix);
            if (r != null) out.add(r);
        }
        return out;
    }

    public int size() {
        return single.size() + multi.size();
    }
}
