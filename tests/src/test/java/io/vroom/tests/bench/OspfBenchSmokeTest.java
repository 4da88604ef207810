package io.vroom.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.sim.ReferenceSpf;
import io.vroom.core.sim.Topology;
import org.junit.jupiter.api.Test;

/** The OSPF benchmarks measure what they claim: one invocation each, outside JMH. */
class OspfBenchSmokeTest {
    @Test
    void spfBenchComputesEveryRouteOfTheLsdb() {
        OspfSpfBench b = new OspfSpfBench();
        b.routers = 1000;
        b.build();
        Topology t = Topology.random(1000, 1000, 1);
        // The OSPF routing table holds every reachable LAN and subnet, attached ones included.
        int want = ReferenceSpf.routes(t, 0).size();
        int routes = b.spf();
        assertTrue(routes >= want, routes + " routes, reference has " + want + " (not counting attached ones)");
        assertEquals(routes, b.spf(), "a second run finds the same table");
    }

    @Test
    void floodBenchDeliversEveryLsaToEveryRouter() {
        OspfFloodBench b = new OspfFloodBench();
        b.build();
        for (int round = 0; round < 2; round++) {
            b.nextRound();
            b.flood();
            b.net.sim().runFor(100 * OspfFloodBench.MS);
            assertEquals(OspfFloodBench.LSAS * OspfFloodBench.LEAVES, b.installed(), "round " + round);
        }
    }

    @Test
    void bytesPerLsaIsPlausible() {
        double bytes = OspfSpfBench.bytesPerLsa(2000);
        assertTrue(bytes > 50 && bytes < 10_000, bytes + " bytes per LSA");
    }
}
