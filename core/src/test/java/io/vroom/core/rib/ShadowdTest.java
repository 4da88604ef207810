package io.vroom.core.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.InterfaceInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** shadowd: entry kinds, replay, recursive resolution (multi-level) and its dependency index. */
class ShadowdTest {
    static final List<InterfaceInfo> IFS = ifs(true, true, true, true);

    final Rib rib = new Rib();
    final Shadowd sd = new Shadowd();
    List<InterfaceInfo> ifs = IFS;

    static List<InterfaceInfo> ifs(boolean... up) {
        List<InterfaceInfo> l = new ArrayList<>();
        for (int i = 0; i < up.length; i++) {
            l.add(new InterfaceInfo(i, "eth" + i, Ip4.parse("10.0." + i + ".1"), Ip4Prefix.parse("10.0." + i + ".0/24"), 1500, 10, up[i]));
        }
        return l;
    }

    List<FibDelta> update(Route... routes) {
        List<RibDelta> ds = new ArrayList<>();
        for (Route r : routes) {
            RibDelta d = rib.update(r);
            if (d != null) ds.add(d);
        }
        return sd.apply(ds, rib, ifs);
    }

    List<FibDelta> withdraw(RouteSource src, String prefix) {
        RibDelta d = rib.withdraw(src, Ip4Prefix.parse(prefix));
        return sd.apply(d == null ? List.of() : List.of(d), rib, ifs);
    }

    static Route r(String prefix, RouteSource src, NextHop... nhs) {
        return Route.of(Ip4Prefix.parse(prefix), src, 0, List.of(nhs));
    }

    /** A next hop that is not on-link: resolved through the RIB (BGP next hop, static to a distant gateway). */
    static NextHop via(String gateway) {
        return new NextHop(-1, Ip4.parse(gateway));
    }

    static NextHop gw(int ifIndex, String gateway) {
        return new NextHop(ifIndex, Ip4.parse(gateway));
    }

    FibEntry entry(String prefix) {
        return sd.entry(Ip4Prefix.parse(prefix));
    }

    @Test
    void kindsAndReplay() {
        List<FibDelta> b = update(r("10.0.0.1/32", RouteSource.LOCAL, NextHop.onLink(0)), r("10.0.0.0/24", RouteSource.CONNECTED, NextHop.onLink(0)),
                r("192.0.2.0/24", RouteSource.STATIC), r("198.51.100.0/24", RouteSource.STATIC, gw(0, "10.0.0.2")));
        assertEquals(4, b.size());
        assertEquals(FibEntry.Kind.LOCAL, entry("10.0.0.1/32").kind());
        assertEquals(FibEntry.Kind.BLACKHOLE, entry("192.0.2.0/24").kind());
        assertEquals(FibEntry.Kind.FORWARD, entry("10.0.0.0/24").kind());
        List<FibDelta> replay = sd.replayAll();
        assertEquals(4, replay.size());
        assertTrue(replay.stream().noneMatch(FibDelta::isRemove));
        assertEquals(sd.entries(), replay.stream().map(FibDelta::entry).toList());
        assertEquals(List.of(FibDelta.remove(Ip4Prefix.parse("192.0.2.0/24"))), withdraw(RouteSource.STATIC, "192.0.2.0/24"));
        assertEquals(3, sd.replayAll().size());
    }

    @Test
    void noDeltaWhenEntryUnchanged() {
        update(r("10.9.0.0/16", RouteSource.OSPF, NextHop.onLink(1)));
        assertEquals(List.of(), update(r("10.9.0.0/16", RouteSource.STATIC, NextHop.onLink(1))), "same FIB entry, other source");
    }

    @Test
    void recursiveNextHopFollowsCoveringRoute() {
        update(r("10.0.1.0/24", RouteSource.CONNECTED, NextHop.onLink(1)), r("10.0.2.0/24", RouteSource.CONNECTED, NextHop.onLink(2)));
        // BGP route whose next hop is not yet reachable: not installed.
        assertEquals(List.of(), update(r("203.0.113.0/24", RouteSource.IBGP, via("172.16.0.9"))));
        assertNull(entry("203.0.113.0/24"));
        // OSPF learns the next hop via 10.0.1.254: the BGP route now forwards there.
        assertEquals(2, update(r("172.16.0.0/24", RouteSource.OSPF, gw(1, "10.0.1.254"))).size());
        assertEquals(List.of(gw(1, "10.0.1.254")), entry("203.0.113.0/24").nextHops());
        // A more specific OSPF route moves it; its withdrawal moves it back.
        update(r("172.16.0.8/30", RouteSource.OSPF, gw(2, "10.0.2.254")));
        assertEquals(List.of(gw(2, "10.0.2.254")), entry("203.0.113.0/24").nextHops());
        withdraw(RouteSource.OSPF, "172.16.0.8/30");
        assertEquals(List.of(gw(1, "10.0.1.254")), entry("203.0.113.0/24").nextHops());
        // On-link covering route: resolves to (interface, gateway).
        update(r("172.16.0.0/24", RouteSource.OSPF, NextHop.onLink(2)));
        assertEquals(List.of(gw(2, "172.16.0.9")), entry("203.0.113.0/24").nextHops());
        // Covering route withdrawn: dependent removed.
        assertTrue(withdraw(RouteSource.OSPF, "172.16.0.0/24").contains(FibDelta.remove(Ip4Prefix.parse("203.0.113.0/24"))));
        assertNull(entry("203.0.113.0/24"));
        assertEquals(1, sd.recursiveCount(), "still tracked: it resolves again when its next hop comes back");
        withdraw(RouteSource.IBGP, "203.0.113.0/24");
        assertEquals(0, sd.recursiveCount());
    }

    @Test
    void routeCoveringItsOwnNextHopDoesNotResolveThroughItself() {
        update(r("10.0.0.0/8", RouteSource.IBGP, via("10.1.1.1")));
        assertNull(entry("10.0.0.0/8"));
        update(r("10.1.1.1/32", RouteSource.OSPF, gw(3, "10.0.3.7")));
        assertEquals(List.of(gw(3, "10.0.3.7")), entry("10.0.0.0/8").nextHops());
    }

    @Test
    void multiLevelResolutionFollowsAChangeAtTheDeepestLevel() {
        // BGP 198.51.100.0/24 via 192.0.2.1; static 192.0.2.0/24 via 172.16.0.1 (itself recursive);
        // OSPF 172.16.0.0/16 via an on-link router. A change of the OSPF route moves the BGP route.
        update(r("198.51.100.0/24", RouteSource.IBGP, via("192.0.2.1")), r("192.0.2.0/24", RouteSource.STATIC, via("172.16.0.1")),
                r("172.16.0.0/16", RouteSource.OSPF, gw(1, "10.0.1.254")));
        assertEquals(List.of(gw(1, "10.0.1.254")), entry("198.51.100.0/24").nextHops());
        List<FibDelta> moved = update(r("172.16.0.0/16", RouteSource.OSPF, gw(2, "10.0.2.254"), gw(3, "10.0.3.254")));
        assertEquals(List.of(gw(2, "10.0.2.254"), gw(3, "10.0.3.254")), entry("198.51.100.0/24").nextHops());
        assertEquals(List.of(gw(2, "10.0.2.254"), gw(3, "10.0.3.254")), entry("192.0.2.0/24").nextHops());
        assertEquals(3, moved.size(), "the OSPF route and both routes resolved over it");
        // Deeper than MAX_RECURSION levels: unresolvable.
        update(r("100.0.0.0/24", RouteSource.IBGP, via("100.1.0.1")), r("100.1.0.0/24", RouteSource.IBGP, via("100.2.0.1")),
                r("100.2.0.0/24", RouteSource.IBGP, via("100.3.0.1")), r("100.3.0.0/24", RouteSource.IBGP, via("100.4.0.1")),
                r("100.4.0.0/24", RouteSource.IBGP, via("100.5.0.1")), r("100.5.0.0/24", RouteSource.OSPF, gw(1, "10.0.1.254")));
        assertNotNull(entry("100.1.0.0/24"), "four levels resolve");
        assertNull(entry("100.0.0.0/24"), "five do not");
    }

    @Test
    void igpChurnReResolvesOnlyTheRoutesThatDependOnIt() {
        // A "BGP table": 20,000 routes via 192.0.2.1, one via 198.51.100.1; each next hop over its own OSPF route.
        List<Route> table = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) table.add(Route.of(new Ip4Prefix(Ip4.parse("20.0.0.0") + (i << 8), 24), RouteSource.IBGP, 0, List.of(via("192.0.2.1"))));
        table.add(r("30.0.0.0/24", RouteSource.IBGP, via("198.51.100.1")));
        table.add(r("192.0.2.0/24", RouteSource.OSPF, gw(1, "10.0.1.254")));
        table.add(r("198.51.100.0/24", RouteSource.OSPF, gw(1, "10.0.1.254")));
        update(table.toArray(new Route[0]));
        assertEquals(20_003, sd.size());
        assertEquals(20_001, sd.recursiveCount());

        long before = sd.resolutions();
        for (int k = 0; k < 100; k++) {
            List<FibDelta> fib = update(r("198.51.100.0/24", RouteSource.OSPF, gw(1 + k % 2, k % 2 == 0 ? "10.0.1.254" : "10.0.2.254")));
            // Odd k moves to eth2 (a change), even k moves back; k = 0 is no change at all.
            assertEquals(k == 0 ? 0 : 2, fib.size());
            assertEquals(gw(1 + k % 2, k % 2 == 0 ? "10.0.1.254" : "10.0.2.254"), entry("30.0.0.0/24").nextHops().get(0));
        }
        assertEquals(99, sd.resolutions() - before, "one resolution per IGP change, not one per recursive route");

        before = sd.resolutions();
        update(r("10.77.0.0/16", RouteSource.OSPF, gw(1, "10.0.1.254")));
        assertEquals(0, sd.resolutions() - before, "a prefix covering no next hop re-resolves nothing");

        before = sd.resolutions();
        List<FibDelta> all = update(r("192.0.2.0/24", RouteSource.OSPF, gw(2, "10.0.2.254")));
        assertEquals(20_000, sd.resolutions() - before);
        assertEquals(20_001, all.size());
    }

    @Test
    void anInterfaceGoingDownReResolvesRecursiveRoutes() {
        update(r("10.0.1.0/24", RouteSource.CONNECTED, NextHop.onLink(1)), r("172.16.0.0/24", RouteSource.OSPF, gw(1, "10.0.1.254"), gw(2, "10.0.2.254")),
                r("203.0.113.0/24", RouteSource.IBGP, via("172.16.0.9")));
        assertEquals(2, entry("203.0.113.0/24").nextHops().size());
        ifs = ifs(true, false, true, true);
        List<FibDelta> fib = withdraw(RouteSource.CONNECTED, "10.0.1.0/24");
        assertEquals(List.of(gw(2, "10.0.2.254")), entry("203.0.113.0/24").nextHops());
        assertTrue(fib.contains(FibDelta.install(entry("203.0.113.0/24"))));
    }

    @Test
    void ecmpCappedAtMaxNextHops() {
        List<NextHop> hops = new ArrayList<>();
        for (int i = 0; i < 12; i++) hops.add(new NextHop(i % 4, Ip4.parse("10.0." + (i % 4) + "." + (10 + i))));
        update(Route.of(Ip4Prefix.parse("10.8.0.0/16"), RouteSource.OSPF, 0, hops));
        assertEquals(FibEntry.MAX_NEXT_HOPS, entry("10.8.0.0/16").nextHops().size());
    }
}
