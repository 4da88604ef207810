package io.vroom.ospf;

import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.Auth;
import io.vroom.ospf.packet.lsa.Lsa;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The routing-table calculation (§16) over a given link-state database, outside any network: an
 * OSPF instance for router {@code routerId} whose point-to-point interfaces are up and whose area 0
 * holds exactly the LSAs given. For benchmarks (SPF time, memory per LSA) and what-if tools; the
 * protocol itself never uses it.
 */
public final class OfflineSpf {
    private OfflineSpf() {}

    /**
     * An instance with {@code ifaces} as point-to-point interfaces in area 0 (started through
     * {@code ctx}, which may discard what is sent) and {@code lsas} installed in its databases
     * (replacing what it originated itself).
     */
    public static Ospf load(int routerId, List<InterfaceInfo> ifaces, Collection<Lsa> lsas, long nowNs, ProtocolContext ctx) {
        List<OspfConfig.IfaceConfig> ics = new ArrayList<>();
        for (InterfaceInfo i : ifaces) {
            ics.add(new OspfConfig.IfaceConfig(i.name(), 0, NetworkType.POINT_TO_POINT, Math.max(1, i.cost()), 10, 40, 5, 1, 1, false, Auth.NULL));
        }
        Ospf o = new Ospf(new OspfConfig(routerId, 0, Map.of(0, new OspfConfig.AreaConfig(0, false, 1)), ics, List.of()));
        o.start(nowNs, ctx);
        for (Lsa l : lsas) Flooding.install(o, o.lsdbFor(l.header().type(), 0), l, nowNs);
        o.spfDeadlineNs = Long.MAX_VALUE;
        return o;
    }

    /** Runs the routing table calculation now; returns the number of routes in the OSPF routing table. */
    public static int run(Ospf o, long nowNs, ProtocolContext ctx) {
        Spf.run(o, nowNs, ctx);
        o.originatePending = false;
        return o.routes.size();
    }

    /** LSAs installed in all databases. */
    public static int lsaCount(Ospf o) {
        int n = o.externals.size();
        for (Area a : o.areas.values()) n += a.lsdb.size();
        return n;
    }
}
