package io.vroom.bgp;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.session.BgpSession;
import io.vroom.bgp.wire.Capabilities;
import io.vroom.bgp.wire.Nlri;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.sim.DiamondTestbed;
import io.vroom.core.sim.SimVr;
import io.vroom.core.vr.VirtualRouter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Graceful restart (RFC 4724) between two VRs in the simulator, both roles. A VR restarts the way a
 * killed node process does: its data plane stops and its TCP connections vanish without FIN or RST,
 * but its FIB is kept ({@link io.vroom.core.sim.SimNode#crash}, as a node's persisted FIB is); a fresh
 * VR with the same addresses then starts over that FIB, so it knows its forwarding state was
 * preserved ({@code ProtocolContext.forwardingPreserved}). The survivor is the Receiving Speaker
 * (§4.2): it keeps the restarting peer's routes, stale, in its RIB and FIB; the fresh VR is the
 * Restarting Speaker (§4.1): it sends the Restart State and Forwarding State bits, defers route
 * selection until the survivor's End-of-RIB while its preserved FIB forwards, then installs what it
 * re-learned and its preserved FIB entries that nothing re-learned go. The survivor's stale routes
 * are replaced, and those not re-sent go at the restarted peer's End-of-RIB — or all of them when its
 * Restart Time passes without it.
 */
class GracefulRestartTest {
    static final long MS = 1_000_000L, SEC = 1_000_000_000L;
    static final String X = "198.51.100.0/24", Y = "203.0.113.0/24", Z = "192.0.2.0/24", W = "100.100.0.0/16";

    /** The helper (Receiving Speaker): passive, GR with the default restart time, 9 s hold (a keepalive every 3 s). */
    static final String HELPER = """
            local-as: %d
            networks: ["%s"]
            neighbors:
              - {address: %s, remote-as: %d, hold-time: 9, passive: true}
            """;
    /** The speaker that will restart: active, advertises a restart time of 5 s. */
    static String restarter(long as, String peer, long peerAs) {
        return "local-as: " + as + "\n"
                + "networks: [\"" + X + "\", \"" + Y + " med=7\"]\n"
                + "graceful-restart: {selection-deferral: 30}\n"
                + "neighbors:\n"
                + "  - {address: " + peer + ", remote-as: " + peerAs + ", hold-time: 9, graceful-restart: 5, connect-retry: 1}\n";
    }

    static Route vrRoute(SimVr vr, String prefix) {
        for (Route r : vr.router().selectedRoutes()) if (r.prefix().equals(Ip4Prefix.parse(prefix)) && r.source() == RouteSource.EBGP) return r;
        return null;
    }

    static boolean inFib(SimVr vr, String prefix) {
        Ip4Prefix p = Ip4Prefix.parse(prefix);
        return vr.dataPlane().entries().stream().anyMatch(e -> e.prefix().equals(p));
    }

    /** In the speaker's Loc-RIB, the VR's RIB and its FIB — or in none of them. */
    static void assertRoute(boolean present, SimVr vr, String prefix, String why) {
        BgpProtocol bgp = BgpSimPair.bgp(vr);
        assertEquals(present, bgp.rib().best(Nlri.key(Ip4Prefix.parse(prefix))) != null, prefix + " in Loc-RIB: " + why);
        assertEquals(present, vrRoute(vr, prefix) != null, prefix + " in the VR's RIB: " + why);
        assertEquals(present, inFib(vr, prefix), prefix + " in the FIB: " + why);
    }

    static boolean traced(BgpSimPair n, String vr, String text) {
        return n.sim.trace().stream().anyMatch(l -> l.contains("vr " + vr + " ") && l.contains(text));
    }

    /** Runs in 1 ms steps until {@code vr} logged {@code text}; false if it did not within {@code limitMs}. */
    static boolean runUntilTraced(BgpSimPair n, String vr, String text, int limitMs) {
        for (int i = 0; i < limitMs; i++) {
            if (traced(n, vr, text)) return true;
            n.sim.runFor(MS);
        }
        return traced(n, vr, text);
    }

    static long count(BgpSimPair n, String vr, String text) {
        return n.sim.trace().stream().filter(l -> l.contains("vr " + vr + " ") && l.contains(text)).count();
    }

    /**
     * The VR's process is killed (its FIB kept, as a node's persisted FIB is) and a fresh VR takes its
     * place over that FIB: a restart with forwarding state preserved. {@code yaml} null: the VR is
     * evicted instead (FIB gone) and comes back without BGP.
     */
    static SimVr restart(BgpSimPair n, String name, String node, String address, long seed, String yaml) {
        if (yaml == null) n.sim.node(node).evict(name);
        else n.sim.node(node).crash(name);
        n.runSeconds(1); // the survivor notices nothing yet: no FIN, no RST, its hold timer runs
        List<io.vroom.core.spi.Protocol> protocols = yaml == null ? List.of() : List.of(BgpSimPair.speaker(yaml));
        VirtualRouter fresh = new VirtualRouter(DiamondTestbed.vr(name, seed, new String[] {"eth0", address + "/24"}, null), protocols);
        SimVr vr = n.sim.node(node).host(fresh, List.of(name.equals("a") ? n.link.a() : n.link.b()), true);
        assertEquals(yaml != null, vr.router().forwardingPreserved(), "the fresh VR knows whether its FIB was preserved");
        return vr;
    }

    @Test
    void thePeerRestartsAndTheHelperKeepsItsRoutesUntilEndOfRib() {
        peerRestarts(122, "reconnected while Established");
    }

    /**
     * The restarted VR's TCP picks the same port and initial sequence number as before (same seed):
     * its SYN hits the old connection, TCP resets it (RFC 5961 challenge ACK, then RST), and a learns
     * of the restart from the TCP session ending — then takes b's new connection at once, in Idle.
     */
    @Test
    void thePeerRestartsOnTheSameTcpPortAndTheOldConnectionIsReset() {
        peerRestarts(22, "down: connection closed");
    }

    void peerRestarts(long freshSeed, String detection) {
        // a: the helper; b: restarts. b originates X and Y from its configuration and Z by command (lost in the restart).
        BgpSimPair n = new BgpSimPair(21, HELPER.formatted(65001, W, "10.0.0.2", 65002), restarter(65002, "10.0.0.1", 65001));
        n.runSeconds(5);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.a));
        n.b.command("bgp", "originate", List.of(Z));
        n.runSeconds(1);
        for (String p : List.of(X, Y, Z)) assertRoute(true, n.a, p, "before the restart");
        BgpSession before = BgpSimPair.bgp(n.a).session(Ip4.parse("10.0.0.2"));
        assertNotNull(before.negotiated().peerGracefulRestart(), "b advertised graceful restart");
        assertFalse(before.negotiated().peerGracefulRestart().restarting());

        assertTrue(inFib(n.b, W), "b forwards to a's route before the restart");
        SimVr b2 = restart(n, "b", "nb", "10.0.0.2", freshSeed, restarter(65002, "10.0.0.1", 65001));
        // The restarted VR forwards from its preserved FIB; BGP has not selected anything yet (§4.1).
        assertTrue(inFib(b2, W), "a's route is still in b's preserved FIB");
        assertNull(vrRoute(b2, W), "but not in the restarted VR's RIB yet");
        assertTrue(BgpSimPair.bgp(b2).restartProgress() == io.vroom.core.spi.RestartProgress.RELEARNING);
        // b's new connection while a still has the old session Established: a takes it as b's restart
        // (§4.2) — or, on the same TCP port, the old connection is reset first.
        assertTrue(runUntilTraced(n, "a", detection, 5000), "a saw b restart: " + detection);
        for (String p : List.of(X, Y, Z)) assertRoute(true, n.a, p, "kept (stale) while b restarts");
        assertTrue(runUntilTraced(n, "a", "End-of-RIB, 1 stale routes removed", 5000), "b's End-of-RIB swept what it did not re-send");
        n.runSeconds(2);
        assertRoute(true, n.a, X, "re-sent by b");
        assertRoute(true, n.a, Y, "re-sent by b");
        assertRoute(false, n.a, Z, "not re-sent: swept at End-of-RIB");
        assertEquals(7, BgpSimPair.bgp(n.a).rib().best(Nlri.key(Ip4Prefix.parse(Y))).med(), "the stale route was replaced by the new one");
        BgpSession after = BgpSimPair.bgp(n.a).session(Ip4.parse("10.0.0.2"));
        Capabilities.GracefulRestart g = after.negotiated().peerGracefulRestart();
        assertTrue(g.restarting(), "b's OPEN had the Restart State bit");
        assertEquals(List.of(true), g.forwardingPreserved(), "and the Forwarding State bit for IPv4 unicast");
        assertEquals("ESTABLISHED", BgpSimPair.state(n.a));
        // b, the Restarting Speaker: selection waited for a's End-of-RIB, then a's route was installed.
        assertTrue(traced(n, "b", "route selection resumes after restart: End-of-RIB from every peer"));
        assertRoute(true, b2, W, "b learnt a's route after the restart");
        assertTrue(traced(n, "b", "preserved FIB swept: 0 entries not learned again"), "every preserved entry was re-learned");
        assertEquals(0, b2.preservedFibPending());
        assertFalse(BgpSimPair.bgp(b2).session(Ip4.parse("10.0.0.1")).config().grRestarting(), "R bit only in the first OPEN after the restart");
        n.runSeconds(20);
        assertEquals(2, count(n, "a", " Established (AS"), "one session before the restart, one after: no flapping");
        assertEquals(0, count(n, "a", "Cease") + count(n, "b", "Cease") + count(n, "a", "collision"), "no NOTIFICATION on the way");
    }

    @Test
    void theRestartTimeExpiringWithoutThePeerFlushesItsRoutes() {
        BgpSimPair n = new BgpSimPair(23, HELPER.formatted(65001, W, "10.0.0.2", 65002), restarter(65002, "10.0.0.1", 65001));
        n.runSeconds(5);
        n.b.command("bgp", "originate", List.of(Z));
        n.runSeconds(1);
        // b comes back without BGP: its TCP stack answers a's next keepalive with a RST (the TCP session ended).
        restart(n, "b", "nb", "10.0.0.2", 24, null);
        assertTrue(runUntilTraced(n, "a", "BGP neighbour 10.0.0.2 down", 5000), "a saw the connection end");
        long downAt = n.sim.nowNs();
        assertFalse(traced(n, "a", "hold timer expired"), "by the RST, not by the hold timer");
        for (String p : List.of(X, Y, Z)) assertRoute(true, n.a, p, "kept (stale) within b's restart time");
        n.sim.runUntil(downAt + 4800 * MS);
        for (String p : List.of(X, Y, Z)) assertRoute(true, n.a, p, "still kept 4.8 s later (restart time 5 s)");
        n.sim.runUntil(downAt + 5200 * MS);
        for (String p : List.of(X, Y, Z)) assertRoute(false, n.a, p, "flushed when the restart time expired");
        assertTrue(traced(n, "a", "restart time expired, 3 stale routes removed"));
    }

    @Test
    void theLocalSpeakerRestartsAndThePeerKeepsItsRoutes() {
        // b: the helper; a: restarts (forwarding state preserved: R and F bits).
        BgpSimPair n = new BgpSimPair(25, restarter(65001, "10.0.0.2", 65002), HELPER.formatted(65002, W, "10.0.0.1", 65001));
        n.runSeconds(5);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b));
        n.a.command("bgp", "originate", List.of(Z));
        n.runSeconds(1);
        for (String p : List.of(X, Y, Z)) assertRoute(true, n.b, p, "before a restarts");

        SimVr a2 = restart(n, "a", "na", "10.0.0.1", 126, restarter(65001, "10.0.0.2", 65002));
        assertTrue(runUntilTraced(n, "b", "reconnected while Established", 5000), "b saw a reconnect");
        for (String p : List.of(X, Y, Z)) assertRoute(true, n.b, p, "b keeps a's routes meanwhile");
        assertTrue(runUntilTraced(n, "a", "route selection resumes after restart: End-of-RIB from every peer", 5000),
                "a deferred selection until b's End-of-RIB");
        assertRoute(true, a2, W, "then installed b's route");
        assertTrue(runUntilTraced(n, "b", "End-of-RIB, 1 stale routes removed", 5000));
        n.runSeconds(2);
        assertRoute(true, n.b, X, "re-sent by a");
        assertRoute(true, n.b, Y, "re-sent by a");
        assertRoute(false, n.b, Z, "a's route from before the restart, not re-sent, is gone");
        Capabilities.GracefulRestart g = BgpSimPair.bgp(n.b).session(Ip4.parse("10.0.0.1")).negotiated().peerGracefulRestart();
        assertTrue(g.restarting());
        assertEquals(List.of(true), g.forwardingPreserved());
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b));
        n.runSeconds(20);
        assertEquals(2, count(n, "b", " Established (AS"), "one session before the restart, one after: no flapping");
        assertEquals(0, count(n, "a", "Cease") + count(n, "b", "Cease") + count(n, "b", "collision"));
    }

    /**
     * a restarts while one of its two neighbours never comes back: selection waits for the deferral
     * timer (§4.1 (b)), its preserved FIB forwards meanwhile, b keeps a's routes; then a installs what
     * it re-learned, and a preserved FIB entry for a route b withdrew while a was down is swept at
     * once — not after the runtime's grace period for protocols that do not track their re-learning.
     */
    @Test
    void aRestartingSpeakerWhosePeerNeverComesBackSelectsAfterTheDeferralTimerAndSweepsItsPreservedFib() {
        String yaml = """
                local-as: 65001
                graceful-restart: {selection-deferral: 4}
                networks: ["198.51.100.0/24"]
                neighbors:
                  - {address: 10.0.0.2, remote-as: 65002, hold-time: 9, connect-retry: 1}
                  - {address: 10.0.0.9, remote-as: 65009, connect-retry: 1}
                """;
        String v = "100.101.0.0/16";
        BgpSimPair n = new BgpSimPair(27, yaml, HELPER.formatted(65002, W, "10.0.0.1", 65001));
        n.runSeconds(3);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.a));
        assertFalse(BgpSimPair.bgp(n.a).restarted(), "a first start over an empty FIB is not a restart");
        assertFalse(BgpSimPair.bgp(n.b).session(Ip4.parse("10.0.0.1")).negotiated().peerGracefulRestart().restarting());
        n.b.command("bgp", "originate", List.of(v));
        n.runSeconds(1);
        assertRoute(true, n.a, W, "before the restart");
        assertRoute(true, n.a, v, "before the restart");

        n.sim.node("na").crash("a");
        n.b.command("bgp", "withdraw", List.of(W)); // while a is down: a never hears of it
        n.runSeconds(1);
        VirtualRouter fresh = new VirtualRouter(DiamondTestbed.vr("a", 28, new String[] {"eth0", "10.0.0.1/24"}, null),
                List.of(BgpSimPair.speaker(yaml)));
        SimVr a2 = n.sim.node("na").host(fresh, List.of(n.link.a()), true);
        long restartAt = n.sim.nowNs();
        assertTrue(runUntilTraced(n, "b", "reconnected while Established", 3000) || traced(n, "b", "down: connection closed"));
        n.sim.runUntil(restartAt + 3 * SEC);
        assertEquals("ESTABLISHED", BgpSimPair.state(a2));
        assertTrue(BgpSimPair.bgp(n.b).session(Ip4.parse("10.0.0.1")).negotiated().peerGracefulRestart().restarting(), "a's OPEN: R bit");
        assertNull(vrRoute(a2, v), "selection deferred: 10.0.0.9 has not sent End-of-RIB");
        assertTrue(inFib(a2, v) && inFib(a2, W), "the preserved FIB forwards meanwhile");
        assertTrue(a2.preservedFibPending() >= 2, "W and v wait in the preserved FIB");
        assertRoute(true, n.b, X, "b keeps a's route (stale) meanwhile");
        assertTrue(BgpSimPair.bgp(n.b).rib().isStale(1, Nlri.key(Ip4Prefix.parse(X))) , "marked stale until a's End-of-RIB");

        n.sim.runUntil(restartAt + 4 * SEC + 100 * MS);
        assertTrue(traced(n, "a", "route selection resumes after restart: selection deferral timer expired"));
        assertRoute(true, a2, v, "re-learned and installed once the deferral timer expired");
        assertRoute(false, a2, W, "withdrawn by b while a was down: not re-learned");
        assertEquals(0, a2.preservedFibPending());
        assertTrue(traced(n, "a", "preserved FIB swept: 1 entries not learned again"), "W left the FIB at selection, not at the 90 s grace");
        n.runSeconds(1);
        assertRoute(true, n.b, X, "and advertised again after a's End-of-RIB");
        assertFalse(BgpSimPair.bgp(n.b).rib().isStale(1, Nlri.key(Ip4Prefix.parse(X))), "no longer stale");
    }

    @Test
    void restartingIsNoLongerAStaticSetting() {
        var e = assertThrows(io.vroom.core.config.ConfigException.class,
                () -> BgpSimPair.speaker("local-as: 1\ngraceful-restart: {restarting: true}\nneighbors: []\n"));
        assertTrue(e.getMessage().contains("preserved"), e.getMessage());
    }
}
