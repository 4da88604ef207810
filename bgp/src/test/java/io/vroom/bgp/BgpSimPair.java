package io.vroom.bgp;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.sim.DiamondTestbed;
import io.vroom.core.sim.SimLink;
import io.vroom.core.sim.SimVr;
import io.vroom.core.sim.Simulator;
import io.vroom.core.vr.VirtualRouter;
import java.util.List;
import java.util.Map;

/**
 * Two VRs joined by a simulated link (a: 10.0.0.1/24, b: 10.0.0.2/24), each running BGP from YAML
 * over its own user-space TCP, in virtual time: the same code as a real node, deterministic.
 */
final class BgpSimPair {
    final Simulator sim;
    final SimLink link;
    final SimVr a, b;

    BgpSimPair(long seed, String yamlA, String yamlB) {
        sim = new Simulator(seed);
        link = sim.link("a-b", 1_000_000);
        a = sim.addNode("na").host(new VirtualRouter(DiamondTestbed.vr("a", seed, new String[] {"eth0", "10.0.0.1/24"}, null),
                List.of(speaker(yamlA))), List.of(link.a()), true);
        b = sim.addNode("nb").host(new VirtualRouter(DiamondTestbed.vr("b", seed + 1, new String[] {"eth0", "10.0.0.2/24"}, null),
                List.of(speaker(yamlB))), List.of(link.b()), true);
    }

    static BgpProtocol speaker(String yaml) {
        return (BgpProtocol) new BgpProtocolFactory().create(ConfigNode.parse("test.yaml", yaml), null);
    }

    static BgpProtocol bgp(SimVr vr) {
        return (BgpProtocol) vr.router().protocol("bgp");
    }

    /** The state of the first neighbour in {@code show summary}. */
    static String state(SimVr vr) {
        return (String) neighbor(vr).get("state");
    }

    static Map<?, ?> neighbor(SimVr vr) {
        Map<?, ?> summary = (Map<?, ?>) bgp(vr).show("summary");
        return (Map<?, ?>) ((List<?>) summary.get("neighbors")).get(0);
    }

    void runSeconds(double s) {
        sim.runFor((long) (s * 1e9));
    }
}
