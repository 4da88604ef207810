package io.vroom.core.sim;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.Protocol;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's diamond testbed in the simulator: h0 (n0) — vr1 (n1) — h2 (n2), with n3 idle and
 * joined to n1 (VR1's migration target); static routes; applications on h0 and h2 given by the
 * caller. Link n0–n1 is {@link #l01} (end a at n0), n1–n2 is {@link #l12} (end a at n1).
 */
public final class DiamondTestbed {
    public final Simulator sim;
    public final SimLink l01, l12, l13;
    public final SimNode n0, n1, n2, n3;

    public DiamondTestbed(long seed, long jitterNs, double loss, List<Protocol> h0Apps, List<Protocol> h2Apps) {
        sim = new Simulator(seed);
        n0 = sim.addNode("n0");
        n1 = sim.addNode("n1");
        n2 = sim.addNode("n2");
        n3 = sim.addNode("n3");
        l01 = sim.link("n0-n1", 1_000_000).jitter(jitterNs).loss(loss);
        l12 = sim.link("n1-n2", 1_000_000).jitter(jitterNs).loss(loss);
        l13 = sim.link("n1-n3", 500_000);
        n0.host(new VirtualRouter(vr("h0", 1, new String[] {"eth0", "10.0.1.2/24"}, "10.0.1.1"), h0Apps), List.of(l01.a()), true);
        n1.host(new VirtualRouter(vr("vr1", 2, new String[] {"eth0", "10.0.1.1/24", "eth1", "10.0.2.1/24"}, null), List.of()),
                List.of(l01.b(), l12.a()), true);
        n2.host(new VirtualRouter(vr("h2", 3, new String[] {"eth0", "10.0.2.2/24"}, "10.0.2.1"), h2Apps), List.of(l12.b()), true);
    }

    public static VrConfig vr(String name, long seed, String[] ifs, String defaultVia) {
        List<VrConfig.InterfaceConfig> list = new ArrayList<>();
        for (int i = 0; i < ifs.length; i += 2) {
            Ip4Prefix p = Ip4Prefix.parse(ifs[i + 1]);
            int addr = Ip4.parse(ifs[i + 1].substring(0, ifs[i + 1].indexOf('/')));
            list.add(new VrConfig.InterfaceConfig(ifs[i], addr, p.length(), 1500, 10));
        }
        List<VrConfig.StaticRoute> statics = defaultVia == null ? List.of()
                : List.of(new VrConfig.StaticRoute(Ip4Prefix.DEFAULT, Ip4.parse(defaultVia), null, false, 1));
        return new VrConfig(name, 0, list, statics, seed);
    }
}
