package io.vroom.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ReferenceSpfTest {
    @Test
    void squareWithEqualCostPathsHasTwoFirstHops() {
        // r0 - r1 - r3 and r0 - r2 - r3, all cost 5: r3's LAN is reached via r1 and r2.
        Topology t = new Topology("square", List.of("r0", "r1", "r2", "r3"), List.of(
                new Topology.Link(0, 1, 5, 5), new Topology.Link(0, 2, 5, 5), new Topology.Link(1, 3, 5, 5), new Topology.Link(2, 3, 5, 5)));
        var routes = ReferenceSpf.routes(t, 0);
        var r3 = routes.get(t.lan(3));
        assertEquals(10 + ReferenceSpf.LAN_COST, r3.cost());
        assertEquals(new TreeSet<>(Set.of(t.linkAddress(0, 1), t.linkAddress(1, 2))), r3.gateways());
        assertFalse(routes.containsKey(t.linkSubnet(0)), "attached subnets are connected, not computed");
        assertEquals(10, routes.get(t.linkSubnet(2)).cost(), "link r1-r3 reached via r1 at 5 + 5");
        assertEquals(t.routers().size() - 1 + 2, routes.size(), "3 LANs and the 2 far links");
    }

    @Test
    void abileneAndRandomTopologiesAreConnected() {
        Topology a = Topology.abilene();
        assertEquals(11, a.routers().size());
        assertEquals(14, a.links().size());
        assertEquals(10 + 14 - 2, ReferenceSpf.routes(a, a.index("seattle")).size());
        Topology r = Topology.random(120, 60, 7);
        assertEquals(r, Topology.random(120, 60, 7), "reproducible from the seed");
        var routes = ReferenceSpf.routes(r, 0);
        for (int i = 1; i < 120; i++) assertTrue(routes.containsKey(r.lan(i)), "router " + i + " reachable");
    }
}
