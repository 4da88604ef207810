package io.vroom.core.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.InterfaceInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RibTest {
    static final Ip4Prefix P = Ip4Prefix.parse("10.9.0.0/16");
    static final List<InterfaceInfo> IFS = List.of(
            new InterfaceInfo(0, "eth0", Ip4.parse("10.0.1.1"), Ip4Prefix.parse("10.0.1.0/24"), 1500, 10, true),
            new InterfaceInfo(1, "eth1", Ip4.parse("10.0.2.1"), Ip4Prefix.parse("10.0.2.0/24"), 1500, 10, true));

    static Route route(Ip4Prefix p, RouteSource s, int metric, int ifIndex, String gw) {
        return Route.of(p, s, metric, List.of(new NextHop(ifIndex, gw == null ? 0 : Ip4.parse(gw))));
    }

    @Test
    void selectsByAdministrativeDistanceThenMetric() {
        Rib rib = new Rib();
        RibDelta d1 = rib.update(route(P, RouteSource.IBGP, 0, 0, "10.0.1.2"));
        assertEquals(RouteSource.IBGP, d1.best().source());
        RibDelta d2 = rib.update(route(P, RouteSource.OSPF, 50, 1, "10.0.2.2"));
        assertEquals(RouteSource.OSPF, d2.best().source(), "OSPF (110) beats iBGP (200)");
        assertNull(rib.update(route(P, RouteSource.IBGP, 0, 1, "10.0.2.9")), "a worse candidate changes no selection");
        assertEquals(RouteSource.STATIC, rib.update(route(P, RouteSource.STATIC, 0, 0, "10.0.1.3")).best().source());
        RibDelta back = rib.withdraw(RouteSource.STATIC, P);
        assertEquals(RouteSource.OSPF, back.best().source(), "withdrawing the best falls back to the next");
        rib.withdraw(RouteSource.OSPF, P);
        RibDelta gone = rib.withdraw(RouteSource.IBGP, P);
        assertNull(gone.best());
        assertEquals(0, rib.size());
        assertNull(rib.withdraw(RouteSource.IBGP, P), "withdrawing nothing is no change");
    }

    @Test
    void lookupIsLongestMatch() {
        Rib rib = new Rib();
        rib.update(route(Ip4Prefix.DEFAULT, RouteSource.STATIC, 0, 0, "10.0.1.2"));
        rib.update(route(P, RouteSource.OSPF, 1, 1, "10.0.2.2"));
        assertEquals(P, rib.lookup(Ip4.parse("10.9.3.4")).prefix());
        assertEquals(Ip4Prefix.DEFAULT, rib.lookup(Ip4.parse("8.8.8.8")).prefix());
    }

    @Test
    void shadowdResolvesRecursiveNextHopsAndFollowsTheirChanges() {
        Rib rib = new Rib();
        Shadowd sd = new Shadowd();
        List<RibDelta> ds = new ArrayList<>();
        ds.add(rib.update(Route.of(Ip4Prefix.parse("10.0.1.0/24"), RouteSource.CONNECTED, 0, List.of(NextHop.onLink(0)))));
        ds.add(rib.update(Route.of(Ip4Prefix.parse("10.0.2.0/24"), RouteSource.CONNECTED, 0, List.of(NextHop.onLink(1)))));
        // A BGP-style route whose next hop 192.0.2.1 is reached over an IGP route via 10.0.1.2.
        ds.add(rib.update(route(Ip4Prefix.parse("198.51.100.0/24"), RouteSource.IBGP, 0, -1, "192.0.2.1")));
        ds.add(rib.update(route(Ip4Prefix.parse("192.0.2.0/24"), RouteSource.OSPF, 5, 0, "10.0.1.2")));
        List<FibDelta> fib = sd.apply(ds, rib, IFS);
        FibEntry bgp = find(fib, "198.51.100.0/24");
        assertEquals(List.of(new NextHop(0, Ip4.parse("10.0.1.2"))), bgp.nextHops(), "resolved through the IGP route");

        // The IGP moves to eth1: the recursive route follows without being touched itself.
        List<FibDelta> moved = sd.apply(List.of(rib.update(route(Ip4Prefix.parse("192.0.2.0/24"), RouteSource.OSPF, 5, 1, "10.0.2.2"))), rib, IFS);
        assertEquals(List.of(new NextHop(1, Ip4.parse("10.0.2.2"))), find(moved, "198.51.100.0/24").nextHops());

        // The IGP route goes: the BGP route cannot resolve and leaves the FIB.
        List<FibDelta> lost = sd.apply(List.of(rib.withdraw(RouteSource.OSPF, Ip4Prefix.parse("192.0.2.0/24"))), rib, IFS);
        assertTrue(lost.stream().anyMatch(d -> d.isRemove() && d.prefix().equals(Ip4Prefix.parse("198.51.100.0/24"))));

        // Replay re-sends exactly what is installed (data-plane cloning).
        assertEquals(sd.size(), sd.replayAll().size());
        assertTrue(sd.replayAll().stream().noneMatch(FibDelta::isRemove));
    }

    static FibEntry find(List<FibDelta> fib, String prefix) {
        Ip4Prefix p = Ip4Prefix.parse(prefix);
        FibEntry last = null;
        for (FibDelta d : fib) if (d.prefix().equals(p)) last = d.entry();
        return last;
    }
}
