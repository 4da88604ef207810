package io.vroom.core.rib;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.InterfaceInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * shadowd (PAPER.md): relays the RIB's selected routes to virtd as FIB deltas, and can re-send the
 * whole table after a move (data-plane cloning). It resolves next hops to on-link ones: a gateway
 * on a connected subnet is used as it is; any other gateway (a BGP next hop, a static route via a
 * distant address) is resolved recursively through the RIB, up to {@link #MAX_RECURSION} levels.
 *
 * <p><b>Re-resolution.</b> A recursive route's resolution reads only the RIB's longest matches for
 * the gateways it looked up on the way (its own, then those of the covering routes, level by
 * level). Those gateways are indexed ({@code dependents}: gateway → prefixes); when the selection
 * of a prefix changes, only the recursive routes with a looked-up gateway inside that prefix are
 * resolved again. So IGP churn costs in proportion to the routes that really depend on it, not to
 * the size of a full BGP table. An interface going up or down (seen in the interface list passed
 * to {@link #apply}) re-resolves every recursive route: rare, and the outcome depends on it.
 *
 * <p>Plain data: what it last sent, by prefix, and the dependency index. What it sent is kept
 * compact (a full table is ~1M entries): a {@link PrefixTable} slot per prefix holding the id of
 * the entry's form (kind and next hops, interned: a table has few distinct ones); the methods that
 * list it rebuild the entries and sort them.
 */
public final class Shadowd {
    /** The most levels of recursive resolution before a route is considered unresolvable. */
    static final int MAX_RECURSION = 4;

    /** What an entry does, without its prefix: routes share a few of these. */
    record Form(FibEntry.Kind kind, List<NextHop> nextHops) {}

    /** Prefix → id of its {@link Form} in {@link #forms}. */
    private final PrefixTable installed = new PrefixTable();
    private final Interner<Form> forms = new Interner<>();
    /** Recursive routes → the gateways their last resolution looked up (distinct, as unsigned values). */
    private final TreeMap<Ip4Prefix, long[]> recursive = new TreeMap<>();
    /** Gateway (unsigned, as a long) → the recursive routes whose resolution looked it up. */
    private final TreeMap<Long, TreeSet<Ip4Prefix>> dependents = new TreeMap<>();
    /** Interface up states at the last {@link #apply}; null before the first. */
    private boolean[] lastUp;
    /** Recursive resolutions done so far (each route resolved counts one): a cost meter for tests and show. */
    private long resolutions;

    /** The FIB changes for these RIB deltas (plus the recursive routes they re-resolve), in order. */
    public List<FibDelta> apply(List<RibDelta> deltas, Rib rib, List<InterfaceInfo> interfaces) {
        List<FibDelta> out = new ArrayList<>(deltas.size());
        HashSet<Ip4Prefix> done = new HashSet<>();
        for (RibDelta d : deltas) {
            if (done.add(d.prefix())) sync(d.prefix(), d.best(), rib, interfaces, out);
        }
        TreeSet<Ip4Prefix> again = new TreeSet<>();
        if (interfacesChanged(interfaces)) {
            again.addAll(recursive.keySet());
        } else if (!dependents.isEmpty()) {
            for (RibDelta d : deltas) {
                long lo = d.prefix().address() & 0xffffffffL;
                long hi = lo | (~d.prefix().mask() & 0xffffffffL);
                for (TreeSet<Ip4Prefix> ps : dependents.subMap(lo, true, hi, true).values()) again.addAll(ps);
            }
        }
        for (Ip4Prefix p : again) {
            if (!done.contains(p)) sync(p, rib.best(p), rib, interfaces, out);
        }
        return out;
    }

    /** The whole table as installs (data-plane cloning onto a new, empty FIB). */
    public List<FibDelta> replayAll() {
        List<FibDelta> out = new ArrayList<>(installed.size());
        for (FibEntry e : entries()) out.add(FibDelta.install(e));
        return out;
    }

    public int size() {
        return installed.size();
    }

    /** What shadowd installed for exactly {@code prefix}, or null. */
    public FibEntry entry(Ip4Prefix prefix) {
        int slot = installed.slot(PrefixTable.key(prefix.address(), prefix.length()));
        return slot < 0 ? null : entryOf(prefix, (int) installed.valueAt(slot));
    }

    private FibEntry entryOf(Ip4Prefix prefix, int formId) {
        Form f = forms.get(formId);
        return new FibEntry(prefix, f.kind(), f.nextHops());
    }

    /** Every installed entry, in prefix order. */
    public List<FibEntry> entries() {
        List<FibEntry> all = new ArrayList<>(installed.size());
        for (int s = 0; s < installed.capacity(); s++) {
            long k = installed.keyAt(s);
            if (k != 0) all.add(entryOf(new Ip4Prefix(PrefixTable.address(k), PrefixTable.length(k)), (int) installed.valueAt(s)));
        }
        all.sort((a, b) -> a.prefix().compareTo(b.prefix()));
        return all;
    }

    /** How many routes currently need recursive resolution. */
    public int recursiveCount() {
        return recursive.size();
    }

    /** Recursive resolutions done so far (a cost meter: IGP churn should not move it by the BGP table's size). */
    public long resolutions() {
        return resolutions;
    }

    private boolean interfacesChanged(List<InterfaceInfo> interfaces) {
        boolean[] now = new boolean[interfaces.size()];
        for (int i = 0; i < now.length; i++) now[i] = interfaces.get(i).up();
        boolean changed = lastUp != null && !Arrays.equals(lastUp, now);
        lastUp = now;
        return changed;
    }

    private void sync(Ip4Prefix prefix, Route best, Rib rib, List<InterfaceInfo> interfaces, List<FibDelta> out) {
        untrack(prefix);
        FibEntry want = best == null ? null : entryFor(best, rib, interfaces);
        long k = PrefixTable.key(prefix.address(), prefix.length());
        int slot = installed.slot(k);
        int have = slot < 0 ? -1 : (int) installed.valueAt(slot);
        if (want == null) {
            if (have >= 0) {
                installed.remove(k);
                forms.release(have);
                out.add(FibDelta.remove(prefix));
            }
            return;
        }
        int id = forms.intern(new Form(want.kind(), want.nextHops()));
        if (id < 0) throw new IllegalStateException("more than " + Interner.MAX_IDS + " distinct FIB entry forms");
        if (id == have) {
            forms.release(id);
            return;
        }
        installed.put(k, id);
        if (have >= 0) forms.release(have);
        out.add(FibDelta.install(want));
    }

    private FibEntry entryFor(Route r, Rib rib, List<InterfaceInfo> interfaces) {
        if (r.source() == RouteSource.LOCAL) return new FibEntry(r.prefix(), FibEntry.Kind.LOCAL, r.nextHops());
        if (r.nextHops().isEmpty()) return new FibEntry(r.prefix(), FibEntry.Kind.BLACKHOLE, List.of());
        if (r.nextHops().size() == 1 && onLink(r.nextHops().get(0), interfaces)) {
            // The common case (every route of a BGP table from one on-link peer): the route's own
            // (immutable, often shared) next-hop list is the entry's; no resolution to track.
            return up(r.nextHops().get(0).ifIndex(), interfaces) ? FibEntry.forward(r.prefix(), r.nextHops()) : null;
        }
        TreeSet<NextHop> resolved = new TreeSet<>();
        TreeSet<Long> lookedUp = null;
        for (NextHop nh : r.nextHops()) {
            if (onLink(nh, interfaces)) {
                if (up(nh.ifIndex(), interfaces)) resolved.add(nh);
            } else {
                if (lookedUp == null) lookedUp = new TreeSet<>();
                resolve(nh.gateway(), r.prefix(), rib, interfaces, resolved, lookedUp, 0);
            }
        }
        if (lookedUp != null) {
            resolutions++;
            track(r.prefix(), lookedUp);
        }
        if (resolved.isEmpty()) return null;
        List<NextHop> hops = new ArrayList<>(resolved);
        if (hops.size() > FibEntry.MAX_NEXT_HOPS) hops = hops.subList(0, FibEntry.MAX_NEXT_HOPS);
        return FibEntry.forward(r.prefix(), hops);
    }

    private void resolve(int gateway, Ip4Prefix self, Rib rib, List<InterfaceInfo> interfaces, TreeSet<NextHop> out,
            TreeSet<Long> lookedUp, int depth) {
        if (depth >= MAX_RECURSION || gateway == 0) return;
        lookedUp.add(gateway & 0xffffffffL);
        Route via = rib.lookupExcluding(gateway, self);
        if (via == null || via.source() == RouteSource.LOCAL) return;
        for (NextHop nh : via.nextHops()) {
            if (nh.gateway() == 0) {
                if (up(nh.ifIndex(), interfaces)) out.add(new NextHop(nh.ifIndex(), gateway));
            } else if (onLink(nh, interfaces)) {
                if (up(nh.ifIndex(), interfaces)) out.add(nh);
            } else {
                resolve(nh.gateway(), via.prefix(), rib, interfaces, out, lookedUp, depth + 1);
            }
        }
    }

    private void track(Ip4Prefix prefix, TreeSet<Long> gateways) {
        long[] gs = new long[gateways.size()];
        int k = 0;
        for (long g : gateways) {
            gs[k++] = g;
            dependents.computeIfAbsent(g, x -> new TreeSet<>()).add(prefix);
        }
        recursive.put(prefix, gs);
    }

    private void untrack(Ip4Prefix prefix) {
        long[] gs = recursive.remove(prefix);
        if (gs == null) return;
        for (long g : gs) {
            TreeSet<Ip4Prefix> ps = dependents.get(g);
            if (ps != null && ps.remove(prefix) && ps.isEmpty()) dependents.remove(g);
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
