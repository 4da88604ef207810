package io.vroom.tests.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lab as a user runs it (real nodes, real Chronicle FIBs, real UDP tunnels on loopback). These
 * run in real time because they measure the real runtime; they wait on the traffic, never sleep to
 * let something happen.
 */
class DiamondLabTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> traffic(Map<String, Object> report) {
        return (Map<String, Object>) report.get("traffic");
    }

    static long n(Object o) {
        return ((Number) o).longValue();
    }

    /** Issue 2 item 6: `./vroom lab diamond --in-process --duration 5 --rate 5000 --json` reports lost 0. */
    @Test
    void inProcessDiamondAt5000ppsLosesNothing() throws Exception {
        Map<String, Object> t = traffic(Diamond.run(new Diamond.Options(true, 5000, 64, 5, 42000, false)));
        assertEquals("done", t.get("state"));
        assertEquals(25000, n(t.get("sent")));
        assertEquals(0, n(t.get("lost")), t.toString());
        assertEquals(0, n(t.get("duplicates")));
        @SuppressWarnings("unchecked") Map<String, Object> rtt = (Map<String, Object>) t.get("rtt_us");
        assertTrue(n(rtt.get("p50")) > 0 && n(rtt.get("p50")) <= n(rtt.get("p99")) && n(rtt.get("p99")) <= n(rtt.get("max")));
    }

    /**
     * Issue 2 item 8: kill -9 VR1's node under traffic and start it again: it forwards from its
     * persisted FIB before its VR (the control plane) runs, and traffic resumes.
     */
    @Test
    void aNodeKilledUnderTrafficForwardsFromItsPersistedFibWhenRestarted() throws Exception {
        Map<String, Object> report = Diamond.run(new Diamond.Options(false, 1000, 64, 10, 42200, true));
        Map<String, Object> t = traffic(report);
        assertEquals("done", t.get("state"));
        @SuppressWarnings("unchecked") Map<String, Object> restart = (Map<String, Object>) report.get("restart");
        @SuppressWarnings("unchecked") Map<String, Object> startup = (Map<String, Object>) restart.get("startup_ms_since_jvm_start");
        assertTrue(n(startup.get("data_plane_forwarding")) <= n(startup.get("vrs_started")), startup.toString());
        assertTrue(n(t.get("received_after_longest_gap")) > 500, "traffic resumed after the restart: " + t);
        assertTrue(n(t.get("lost")) > 0, "the kill did interrupt traffic (the test measures a real outage): " + t);
        System.out.println("restart report: " + report.get("restart") + " traffic " + t);
    }
}
