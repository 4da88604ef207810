package io.vroom.core.rib;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.InterfaceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * shadowd (PAPER.md): relays the RIB's selected routes to virtd as FIB deltas, and can re-send the
 * whole table after a move (data-plane cloning). It resolves next hops to on-link ones: a gateway
 * on a connected subnet is used as it is; any other gateway (a BGP next hop, a static route via a
 * distant address) is resolved recursively through the RIB and re-resolved whenever the RIB
 * changes. Plain data: what it last sent, by prefix.
 */
public final class Shadowd {
    /** The most levels of recursive resolution before a route is considered unresolvable. */
    static final int MAX_RECURSION = 4;

    private final TreeMap<Ip4Prefix, FibEntry> installed = new TreeMap<>();
    /** Prefixes whose next hops needed recursive resolution: re-examined on every RIB change. */
    private final TreeSet<Ip4Prefix> recursive = new TreeSet<>();

    /** The FIB changes for these RIB deltas (plus any recursive routes they re-resolve), in order. */
    public List<FibDelta> apply(List<RibDelta> deltas, Rib rib, List<InterfaceInfo> interfaces) {
        List<FibDelta> out = new ArrayList<>();
        for (RibDelta d : deltas) sync(d.prefix(), d.best(), rib, interfaces, out);
        if (!deltas.isEmpty() && !recursive.isEmpty()) {
            for (Ip4Prefix p : new ArrayList<>(recursive)) sync(p, rib.best(p), rib, interfaces, out);
        }
        return out;
    }

    /** The whole table as installs (data-plane cloning onto a new, empty FIB). */
    public List<FibDelta> replayAll() {
        List<FibDelta> out = new ArrayList<>(installed.size());
        for (FibEntry e : installed.values()) out.add(FibDelta.install(e));
        return out;
    }

    public int size() {
        return installed.size();
    }

    private void sync(Ip4Prefix prefix, Route best, Rib rib, List<InterfaceInfo> interfaces, List<FibDelta> out) {
        FibEntry want = best == null ? null : entryFor(best, rib, interfaces);
        FibEntry have = installed.get(prefix);
        if (want == null) {
            if (best == null) recursive.remove(prefix);
            if (have != null) {
                installed.remove(prefix);
                out.add(FibDelta.remove(prefix));
            }
        } else if (!want.equals(have)) {
            installed.put(prefix, want);
            out.add(FibDelta.install(want));
        }
    }

    private FibEntry entryFor(Route r, Rib rib, List<InterfaceInfo> interfaces) {
        if (r.source() == RouteSource.LOCAL) return new FibEntry(r.prefix(), FibEntry.Kind.LOCAL, r.nextHops());
        if (r.nextHops().isEmpty()) return new FibEntry(r.prefix(), FibEntry.Kind.BLACKHOLE, List.of());
        TreeSet<NextHop> resolved = new TreeSet<>();
        boolean needsRecursion = false;
        for (NextHop nh : r.nextHops()) {
            if (onLink(nh, interfaces)) {
                if (up(nh.ifIndex(), interfaces)) resolved.add(nh);
            } else {
                needsRecursion = true;
                resolve(nh.gateway(), r.prefix(), rib, interfaces, resolved, 0);
            }
        }
        if (needsRecursion) recursive.add(r.prefix());
        else recursive.remove(r.prefix());
        if (resolved.isEmpty()) return null;
        List<NextHop> hops = new ArrayList<>(resolved);
        if (hops.size() > FibEntry.MAX_NEXT_HOPS) hops = hops.subList(0, FibEntry.MAX_NEXT_HOPS);
        return FibEntry.forward(r.prefix(), hops);
    }

    private void resolve(int gateway, Ip4Prefix self, Rib rib, List<InterfaceInfo> interfaces, TreeSet<NextHop> out, int depth) {
        if (depth >= MAX_RECURSION || gateway == 0) return;
        Route via = rib.lookupExcluding(gateway, self);
        if (via == null || via.source() == RouteSource.LOCAL) return;
        for (NextHop nh : via.nextHops()) {
            if (nh.gateway() == 0) {
                if (up(nh.ifIndex(), interfaces)) out.add(new NextHop(nh.ifIndex(), gateway));
            } else if (onLink(nh, interfaces)) {
                if (up(nh.ifIndex(), interfaces)) out.add(nh);
            } else {
                resolve(nh.gateway(), via.prefix(), rib, interfaces, out, depth + 1);
            }
        }
    }

    /** On-link: no gateway, or a gateway inside the subnet of the interface it names. */
    static boolean onLink(NextHop nh, List<InterfaceInfo> interfaces) {
        if (nh.gateway() == 0) return true;
        if (nh.ifIndex() < 0 || nh.ifIndex() >= interfaces.size()) return false;
        return interfaces.get(nh.ifIndex()).subnet().contains(nh.gateway());
    }

    private static boolean up(int ifIndex, List<InterfaceInfo> interfaces) {
        return ifIndex >= 0 && ifIndex < interfaces.size() && interfaces.get(ifIndex).up();
    }
}
