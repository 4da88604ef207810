package io.vroom.core.vr;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The STATIC routes a VR's configuration yields for the current interface states. The RIB keeps
 * one route per (prefix, source), so static routes of one prefix are merged: among the usable ones
 * the lowest distance wins, their next hops form one ECMP set, and a blackhole among them makes the
 * route a blackhole. A route out of a named interface is usable while that interface is up; one to
 * a gateway on an interface's subnet goes out of that interface and is usable while it is up; one
 * to any other gateway is recursive (interface -1) and shadowd resolves it through the RIB.
 * A prefix with no usable route has none (so a less preferred source can take over).
 */
final class StaticRoutes {
    private StaticRoutes() {}

    /** The merged route per configured prefix, or null for a prefix with no usable route; in prefix order. */
    static TreeMap<Ip4Prefix, Route> compute(VrConfig config, boolean[] ifUp) {
        TreeMap<Ip4Prefix, Integer> distance = new TreeMap<>();
        TreeMap<Ip4Prefix, TreeSet<NextHop>> hops = new TreeMap<>();
        TreeMap<Ip4Prefix, Boolean> blackhole = new TreeMap<>();
        for (VrConfig.StaticRoute sr : config.staticRoutes()) {
            distance.putIfAbsent(sr.prefix(), null);
            NextHop nh = null;
            if (!sr.blackhole()) {
                nh = nextHop(config, ifUp, sr);
                if (nh == null) continue;
            }
            Integer best = distance.get(sr.prefix());
            if (best != null && best < sr.distance()) continue;
            if (best == null || sr.distance() < best) {
                distance.put(sr.prefix(), sr.distance());
                hops.put(sr.prefix(), new TreeSet<>());
                blackhole.put(sr.prefix(), false);
            }
            if (nh == null) blackhole.put(sr.prefix(), true);
            else hops.get(sr.prefix()).add(nh);
        }
        TreeMap<Ip4Prefix, Route> out = new TreeMap<>();
        for (Ip4Prefix p : distance.keySet()) {
            Integer d = distance.get(p);
            if (d == null) {
                out.put(p, null);
                continue;
            }
            List<NextHop> nhs = new ArrayList<>();
            if (!blackhole.get(p)) nhs.addAll(hops.get(p));
            if (nhs.size() > FibEntry.MAX_NEXT_HOPS) nhs = nhs.subList(0, FibEntry.MAX_NEXT_HOPS);
            out.put(p, new Route(p, RouteSource.STATIC, d, 0, List.copyOf(nhs)));
        }
        return out;
    }

    /** The next hop of a forwarding static route, or null while it is unusable. */
    private static NextHop nextHop(VrConfig config, boolean[] ifUp, VrConfig.StaticRoute sr) {
        List<VrConfig.InterfaceConfig> ifs = config.interfaces();
        if (sr.interfaceName() != null) {
            for (int i = 0; i < ifs.size(); i++) {
                if (ifs.get(i).name().equals(sr.interfaceName())) return ifUp[i] ? new NextHop(i, sr.gateway()) : null;
            }
            return null;
        }
        if (sr.gateway() == 0) return null;
        int onSubnet = -1;
        for (int i = 0; i < ifs.size() && onSubnet < 0; i++) {
            VrConfig.InterfaceConfig ic = ifs.get(i);
            if (new Ip4Prefix(ic.address(), ic.prefixLength()).contains(sr.gateway()) && ifUp[i]) onSubnet = i;
        }
        if (onSubnet >= 0) return new NextHop(onSubnet, sr.gateway());
        for (int i = 0; i < ifs.size(); i++) {
            VrConfig.InterfaceConfig ic = ifs.get(i);
            if (new Ip4Prefix(ic.address(), ic.prefixLength()).contains(sr.gateway())) return null; // its link is down
        }
        return new NextHop(-1, sr.gateway());
    }
}
