package io.vroom.core.sim;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolFactory;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Topology} instantiated in a {@link Simulator}: router {@code r} is a VR named like the
 * router, hosted on its own {@link SimNode} (same name), with one interface per incident link (in
 * link order, named {@code to-<neighbor>}, addressed and costed as the topology says) and a last
 * interface {@code lan} (its LAN, bound to no port). Links are {@link SimLink}s with end {@code a}
 * at the link's router {@code a}. The protocols of each VR come from a {@link Protocols} callback
 * — typically {@link #fromYaml}, a protocol's own factory fed with YAML text — so core stays free
 * of any protocol module.
 */
public final class TopologySim {
    /** Router ids are {@code 10.255.0.0 + r + 1} (as in the Abilene lab). */
    public static final int ROUTER_ID_BASE = 0x0aff0000;

    /** One VR interface: {@code link} is the topology link index, or -1 for the LAN. */
    public record Interface(String name, int link, int address, int prefixLength, int cost) {}

    /** Creates the protocol instances of router {@code router}. */
    @FunctionalInterface
    public interface Protocols {
        List<Protocol> create(int router, VrConfig config, ProtocolFactory.VrDescription vr);
    }

    /** The YAML text of one protocol section (its body, as under {@code ospf:}) for a router. */
    @FunctionalInterface
    public interface SectionYaml {
        String yaml(int router, List<Interface> interfaces);
    }

    private final Simulator sim;
    private final Topology topology;
    private final List<SimLink> links = new ArrayList<>();
    private final List<SimNode> nodes = new ArrayList<>();
    private final List<List<Interface>> interfaces = new ArrayList<>();
    private final List<VrConfig> configs = new ArrayList<>();
    private final Map<Integer, Integer> ownerOfAddress = new HashMap<>();

    /** Builds and starts every VR (fresh) at virtual time {@code sim.nowNs()}. */
    public TopologySim(Simulator sim, Topology t, long latencyNs, long jitterNs, Protocols protocols) {
        this.sim = sim;
        this.topology = t;
        int n = t.routers().size();
        for (int i = 0; i < t.links().size(); i++) {
            links.add(sim.link(t.routers().get(t.links().get(i).a()) + "-" + t.routers().get(t.links().get(i).b()), latencyNs).jitter(jitterNs));
        }
        for (int r = 0; r < n; r++) interfaces.add(new ArrayList<>());
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            add(l.a(), "to-" + t.routers().get(l.b()), i, t.linkAddress(i, l.a()), l.costAb());
            add(l.b(), "to-" + t.routers().get(l.a()), i, t.linkAddress(i, l.b()), l.costBa());
        }
        for (int r = 0; r < n; r++) {
            interfaces.get(r).add(new Interface("lan", -1, t.lanAddress(r), 24, ReferenceSpf.LAN_COST));
            ownerOfAddress.put(t.lanAddress(r), r);
            List<VrConfig.InterfaceConfig> ics = new ArrayList<>();
            for (Interface i : interfaces.get(r)) ics.add(new VrConfig.InterfaceConfig(i.name(), i.address(), i.prefixLength(), 1500, i.cost()));
            configs.add(new VrConfig(t.routers().get(r), routerId(r), ics, List.of(), 1000L + r));
        }
        for (int r = 0; r < n; r++) {
            VrConfig c = configs.get(r);
            SimNode node = sim.addNode(c.name());
            nodes.add(node);
            node.host(new VirtualRouter(c, protocols.create(r, c, describe(c))), ports(r), true);
        }
    }

    private void add(int router, String name, int link, int address, int cost) {
        List<Interface> list = interfaces.get(router);
        for (Interface i : list) if (i.name().equals(name)) name = name + "-" + link; // parallel links
        list.add(new Interface(name, link, address, 24, cost));
        ownerOfAddress.put(address, router);
    }

    public static int routerId(int router) {
        return ROUTER_ID_BASE + router + 1;
    }

    /** What a protocol factory may know of a VR configured by {@code c}. */
    public static ProtocolFactory.VrDescription describe(VrConfig c) {
        List<InterfaceInfo> infos = new ArrayList<>();
        for (int i = 0; i < c.interfaces().size(); i++) {
            VrConfig.InterfaceConfig ic = c.interfaces().get(i);
            infos.add(new InterfaceInfo(i, ic.name(), ic.address(), new Ip4Prefix(ic.address(), ic.prefixLength()), ic.mtu(), ic.cost(), true));
        }
        List<InterfaceInfo> frozen = List.copyOf(infos);
        return new ProtocolFactory.VrDescription() {
            public String name() { return c.name(); }
            public int routerId() { return c.routerId(); }
            public List<InterfaceInfo> interfaces() { return frozen; }
        };
    }

    /** One protocol per VR from {@code factory}, configured by the YAML section {@code yaml} gives (errors name the router). */
    public static Protocols fromYaml(ProtocolFactory factory, SectionYaml yaml, Topology t) {
        return (router, config, vr) -> {
            String text = yaml.yaml(router, interfacesOf(t, router, config));
            return List.of(factory.create(ConfigNode.parse(t.routers().get(router) + "." + factory.name() + ".yaml", text), vr));
        };
    }

    private static List<Interface> interfacesOf(Topology t, int router, VrConfig c) {
        List<Interface> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < t.links().size(); i++) {
            Topology.Link l = t.links().get(i);
            if (l.a() != router && l.b() != router) continue;
            VrConfig.InterfaceConfig ic = c.interfaces().get(k++);
            out.add(new Interface(ic.name(), i, ic.address(), ic.prefixLength(), ic.cost()));
        }
        VrConfig.InterfaceConfig lan = c.interfaces().get(k);
        out.add(new Interface(lan.name(), -1, lan.address(), lan.prefixLength(), lan.cost()));
        return out;
    }

    public Simulator sim() { return sim; }
    public Topology topology() { return topology; }
    public int size() { return configs.size(); }
    public SimLink link(int i) { return links.get(i); }
    public VrConfig config(int r) { return configs.get(r); }
    public List<Interface> interfaces(int r) { return List.copyOf(interfaces.get(r)); }

    /** The node router {@code r} was first hosted on (it may have moved since). */
    public SimNode homeNode(int r) { return nodes.get(r); }

    /** The VR of router {@code r} wherever it runs now; null while it is hosted nowhere. */
    public SimVr vr(int r) { return sim.vr(configs.get(r).name()); }

    public VirtualRouter router(int r) {
        SimVr v = vr(r);
        return v == null ? null : v.router();
    }

    /** Router {@code r}'s link ends by interface index (null for its LAN): what a new host binds. */
    public List<SimLink.End> ports(int r) {
        List<SimLink.End> out = new ArrayList<>();
        for (Interface i : interfaces.get(r)) {
            if (i.link() < 0) {
                out.add(null);
            } else {
                SimLink l = links.get(i.link());
                out.add(topology.links().get(i.link()).a() == r ? l.a() : l.b());
            }
        }
        return out;
    }

    /**
     * Walks the FIBs from every router toward every other router's LAN address, following every
     * ECMP branch, and returns what is wrong: forwarding loops, black holes (no entry, or a next hop
     * that is no neighbor on that interface) and wrong deliveries. Empty when forwarding is sound.
     */
    public List<String> forwardingProblems() {
        int n = size();
        List<Map<Ip4Prefix, FibEntry>> fibs = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Map<Ip4Prefix, FibEntry> m = new HashMap<>();
            SimVr v = vr(r);
            if (v != null) for (FibEntry e : v.dataPlane().entries()) m.put(e.prefix(), e);
            fibs.add(m);
        }
        List<String> problems = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            int dst = topology.lanAddress(d);
            byte[] color = new byte[n]; // 0 unvisited, 1 on the current path, 2 known to reach d
            for (int r = 0; r < n; r++) {
                if (color[r] == 0) walk(r, d, dst, fibs, color, problems);
                if (problems.size() > 20) return problems;
            }
        }
        return problems;
    }

    private void walk(int x, int d, int dst, List<Map<Ip4Prefix, FibEntry>> fibs, byte[] color, List<String> problems) {
        String where = topology.routers().get(x) + " toward " + Ip4.format(dst) + " (" + topology.routers().get(d) + "): ";
        color[x] = 1;
        if (x != d) {
            FibEntry e = null;
            for (int len = 32; len >= 0 && e == null; len--) e = fibs.get(x).get(new Ip4Prefix(dst, len));
            if (e == null || e.kind() != FibEntry.Kind.FORWARD) {
                problems.add(where + (e == null ? "no FIB entry" : e.kind() + " " + e.prefix()));
            } else {
                for (NextHop h : e.nextHops()) {
                    Interface out = h.ifIndex() >= 0 && h.ifIndex() < interfaces.get(x).size() ? interfaces.get(x).get(h.ifIndex()) : null;
                    Integer y = h.gateway() == 0 ? null : ownerOfAddress.get(h.gateway());
                    if (out == null || out.link() < 0 || y == null || linkBetween(out.link(), x) != y) {
                        problems.add(where + "next hop " + h + " is no neighbor on that interface");
                    } else if (color[y] == 1) {
                        problems.add(where + "forwarding loop through " + topology.routers().get(y));
                    } else if (color[y] == 0) {
                        walk(y, d, dst, fibs, color, problems);
                    }
                }
            }
        }
        color[x] = 2;
    }

    private int linkBetween(int link, int from) {
        Topology.Link l = topology.links().get(link);
        return l.a() == from ? l.b() : l.a();
    }
}
