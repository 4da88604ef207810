package io.vroom.tests.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import io.vroom.core.sim.DiamondTestbed;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrState;
import io.vroom.snapshot.StateCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 item 9, the contract live migration stands on: between two events a VR's whole state is
 * plain data. Mid-traffic, VR1 is captured at n1, serialized with Kryo (which would fail on a live
 * handle), restored into a fresh VirtualRouter at n3 with its links re-homed — and from then on
 * the simulation's trace equals that of the same seed without the move.
 */
class StateContractTest {
    static final long MS = 1_000_000L;

    static DiamondTestbed testbed(long seed) {
        TrafficGenerator gen = new TrafficGenerator(Ip4.parse("10.0.2.2"), 2000, 64, 2.0, 5);
        return new DiamondTestbed(seed, 400_000, 0.01, List.of(gen), List.of(new UdpEcho(TrafficGenerator.PORT_ECHO)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> report(DiamondTestbed d) {
        return (Map<String, Object>) d.n0.vrs().get("h0").router().protocol("trafficgen").show("report");
    }

    @Test
    void aVrCapturedMidTrafficAndRestoredElsewhereCarriesOnExactly() {
        DiamondTestbed baseline = testbed(99);
        baseline.sim.runFor(4500 * MS);

        DiamondTestbed moved = testbed(99);
        moved.sim.runFor(700 * MS);
        assertEquals("running", report(moved).get("state"), "the move happens mid-traffic");
        int traceBefore = moved.sim.trace().size();

        StateCodec codec = new StateCodec();
        VrState captured = moved.n1.evict("vr1").capture();
        byte[] wire = codec.encode(captured);
        VrState restored = codec.decode(wire, VrState.class);
        moved.n3.host(VirtualRouter.restore(restored), List.of(moved.l01.b(), moved.l12.a()), false);
        assertTrue(moved.n1.vrs().isEmpty() && moved.n3.vrs().containsKey("vr1"));

        moved.sim.runFor(3800 * MS);
        assertEquals(baseline.sim.trace().size(), moved.sim.trace().size());
        assertEquals(baseline.sim.trace(), moved.sim.trace(), "the trace after the move equals the run without it");
        assertTrue(moved.sim.trace().size() > traceBefore + 1000, "traffic flowed after the move");

        Map<String, Object> r = report(moved);
        assertEquals("done", r.get("state"));
        assertEquals(4000L, ((Number) r.get("sent")).longValue());
        assertEquals(report(baseline).get("received"), r.get("received"));
        // The restored FIB at n3 is vr1's whole table again (data-plane cloning from shadowd).
        assertEquals(baseline.n1.vrs().get("vr1").dataPlane().fibSize(), moved.n3.vrs().get("vr1").dataPlane().fibSize());
    }
}
