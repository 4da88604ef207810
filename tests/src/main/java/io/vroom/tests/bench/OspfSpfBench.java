package io.vroom.tests.bench;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.sim.Topology;
import io.vroom.core.sim.TopologySim;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.Rng;
import io.vroom.ospf.OfflineSpf;
import io.vroom.ospf.Ospf;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.RouterLsa;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * OSPF's routing-table calculation (RFC 2328 §16: Dijkstra with ECMP next hops, then the routing
 * table and its diff against what the RIB has) on one area's LSDB built from a random connected
 * topology ({@link Topology#random}, as many extra links as routers: mean degree about 4): one
 * router-LSA per router with a point-to-point link and a stub network per adjacent link, and a stub
 * for its LAN — exactly what the routers would originate. Time per full SPF run, from router 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OspfSpfBench {
    @Param({"1000", "10000"})
    public int routers;

    Ospf ospf;
    ProtocolContext ctx;
    long nowNs = 1_000_000_000L;

    @Setup
    public void build() {
        Topology t = Topology.random(routers, routers, 1);
        ctx = context(rootInterfaces(t));
        ospf = OfflineSpf.load(TopologySim.routerId(0), rootInterfaces(t), lsdb(t), nowNs, ctx);
        int routes = OfflineSpf.run(ospf, nowNs, ctx);
        // Every LAN but router 0's and every link subnet not attached to it.
        if (routes < routers - 1) throw new IllegalStateException("SPF found " + routes + " routes in a " + routers + "-router LSDB");
    }

    @Benchmark
    public int spf() {
        return OfflineSpf.run(ospf, nowNs, ctx);
    }

    /** The router-LSAs the routers of {@code t} originate once every adjacency is Full. */
    public static List<Lsa> lsdb(Topology t) {
        List<List<RouterLsa.Link>> links = new ArrayList<>();
        for (int r = 0; r < t.routers().size(); r++) links.add(new ArrayList<>());
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            Ip4Prefix net = t.linkSubnet(i);
            int mask = -1 << (32 - net.length());
            links.get(l.a()).add(new RouterLsa.Link(TopologySim.routerId(l.b()), t.linkAddress(i, l.a()), RouterLsa.LINK_P2P, l.costAb()));
            links.get(l.a()).add(new RouterLsa.Link(net.address(), mask, RouterLsa.LINK_STUB, l.costAb()));
            links.get(l.b()).add(new RouterLsa.Link(TopologySim.routerId(l.a()), t.linkAddress(i, l.b()), RouterLsa.LINK_P2P, l.costBa()));
            links.get(l.b()).add(new RouterLsa.Link(net.address(), mask, RouterLsa.LINK_STUB, l.costBa()));
        }
        List<Lsa> out = new ArrayList<>();
        for (int r = 0; r < t.routers().size(); r++) {
            links.get(r).add(new RouterLsa.Link(t.lan(r).address(), 0xffffff00, RouterLsa.LINK_STUB, 1));
            int rid = TopologySim.routerId(r);
            out.add(Lsa.build(0, 0x02, rid, rid, 0x80000001, new RouterLsa(0, links.get(r))));
        }
        return out;
    }

    /** Router 0's interfaces (one per incident link), up. */
    public static List<InterfaceInfo> rootInterfaces(Topology t) {
        List<InterfaceInfo> out = new ArrayList<>();
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            if (l.a() != 0 && l.b() != 0) continue;
            int addr = t.linkAddress(i, 0);
            out.add(new InterfaceInfo(out.size(), "l" + i, addr, t.linkSubnet(i), 1500, l.a() == 0 ? l.costAb() : l.costBa(), true));
        }
        return out;
    }

    /**
     * Heap bytes per installed LSA (entry, header, decoded body and wire bytes, map node), measured
     * as the heap growth of loading a {@code routers}-router LSDB, after full GCs. Approximate.
     */
    public static double bytesPerLsa(int routers) {
        Topology t = Topology.random(routers, routers, 1);
        List<InterfaceInfo> ifs = rootInterfaces(t);
        Ospf empty = OfflineSpf.load(TopologySim.routerId(0), ifs, List.of(), 0, context(ifs));
        long before = usedAfterGc();
        Ospf full = OfflineSpf.load(TopologySim.routerId(0), ifs, lsdb(t), 0, context(ifs));
        long after = usedAfterGc();
        int n = OfflineSpf.lsaCount(full) - OfflineSpf.lsaCount(empty);
        java.lang.ref.Reference.reachabilityFence(empty);
        return (double) (after - before) / n;
    }

    /**
     * Heap in use once garbage collection stops finding more to free: collections are repeated until
     * two readings agree within 64 KiB (at most 20), so garbage left by whatever ran before in this
     * JVM (other tests, a previous benchmark) is not still being freed between the two readings.
     */
    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            long used = rt.totalMemory() - rt.freeMemory();
            if (Math.abs(last - used) < 64 * 1024) return used;
            last = used;
        }
        return last;
    }

    /** A context with interfaces {@code ifs} that discards packets and route changes (the calculation's diff still runs). */
    static ProtocolContext context(List<InterfaceInfo> ifs) {
        return new ProtocolContext() {
            final Rng rng = new Rng(1);
            public String vrName() { return "bench"; }
            public int routerId() { return TopologySim.routerId(0); }
            public List<InterfaceInfo> interfaces() { return ifs; }
            public InterfaceInfo iface(int ifIndex) { return ifIndex >= 0 && ifIndex < ifs.size() ? ifs.get(ifIndex) : null; }
            public Rng random() { return rng; }
            public void send(int ifIndex, int nextHop, byte[] packet) {}
            public void sendRouted(byte[] packet) {}
            public void updateRoute(Route route) {}
            public void withdrawRoute(RouteSource source, Ip4Prefix prefix) {}
            public Route lookup(int address) { return null; }
            public Route best(Ip4Prefix prefix) { return null; }
            public Collection<Route> selectedRoutes() { return List.of(); }
            public void log(String message) {}
        };
    }
}
