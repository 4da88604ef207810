package io.vroom.bgp;

import static io.vroom.bgp.GracefulRestartTest.assertRoute;
import static io.vroom.bgp.GracefulRestartTest.count;
import static io.vroom.bgp.GracefulRestartTest.runUntilTraced;
import static io.vroom.bgp.GracefulRestartTest.traced;
import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.session.GracefulNotification;
import io.vroom.bgp.wire.Capabilities;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.NotificationMessage;
import io.vroom.bgp.wire.Notify;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 8538 between two VRs in the simulator: both OPENs carry the N bit, so a session that ends with
 * a NOTIFICATION — here the Hold Timer's, while the peer is frozen — keeps each side's routes, stale,
 * until the other's End-of-RIB, as a TCP failure does under RFC 4724; an operator's hard clear sends
 * Cease/Hard Reset (carrying Cease/Administrative Reset) and both sides flush at once; and without
 * graceful restart on one side the same hold timer expiry is a plain reset.
 */
class GracefulNotificationTest {
    static final long SEC = 1_000_000_000L;
    static final String X = "198.51.100.0/24", W = "100.100.0.0/16";

    static String speaker(long as, String network, String peer, long peerAs, int gr, boolean passive) {
        return "local-as: " + as + "\n"
                + "networks: [\"" + network + "\"]\n"
                + "neighbors:\n"
                + "  - {address: " + peer + ", remote-as: " + peerAs + ", hold-time: 9, graceful-restart: " + gr
                + ", connect-retry: 1, passive: " + passive + "}\n";
    }

    static BgpSimPair pair(long seed, int grB) {
        BgpSimPair n = new BgpSimPair(seed, speaker(65001, X, "10.0.0.2", 65002, 120, false), speaker(65002, W, "10.0.0.1", 65001, grB, true));
        n.runSeconds(5);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.a));
        assertRoute(true, n.a, W, "b's route at a");
        assertRoute(true, n.b, X, "a's route at b");
        return n;
    }

    static boolean stale(BgpSimPair n, io.vroom.core.sim.SimVr vr, String prefix) {
        return BgpSimPair.bgp(vr).rib().isStale(1, Nlri.key(Ip4Prefix.parse(prefix)));
    }

    @Test
    void theNBitIsExchangedAndAHoldTimerExpiryKeepsTheRoutesOnBothSides() {
        BgpSimPair n = pair(31, 120);
        Capabilities.GracefulRestart fromB = BgpSimPair.bgp(n.a).session(Ip4.parse("10.0.0.2")).negotiated().peerGracefulRestart();
        Capabilities.GracefulRestart fromA = BgpSimPair.bgp(n.b).session(Ip4.parse("10.0.0.1")).negotiated().peerGracefulRestart();
        assertTrue(fromA.notification() && fromB.notification(), "both OPENs carried the N bit");
        assertTrue(GracefulNotification.exchanged(BgpSimPair.bgp(n.a).session(Ip4.parse("10.0.0.2")).config(),
                BgpSimPair.bgp(n.a).session(Ip4.parse("10.0.0.2")).negotiated()));

        // b freezes (its packets are held): a's hold timer expires and a sends Hold Timer Expired.
        n.sim.pause("b");
        assertTrue(runUntilTraced(n, "a", "hold timer expired", 12_000), "a's hold timer expired");
        assertRoute(true, n.a, W, "RFC 8538: a keeps b's route after sending a NOTIFICATION");
        assertTrue(stale(n, n.a, W), "as stale");
        n.runSeconds(2);
        n.sim.resume("b"); // b handles what was held at once: a's NOTIFICATION, a graceful one, so b keeps a's route too
        assertTrue(traced(n, "b", "down: received Hold Timer Expired") || traced(n, "b", "down: hold timer expired"), "b's session ended");
        assertRoute(true, n.b, X, "RFC 8538: b keeps a's route after receiving a NOTIFICATION");
        assertTrue(stale(n, n.b, X), "as stale");

        // The session comes back; each End-of-RIB refreshes the other's routes, nothing was ever withdrawn.
        n.runSeconds(15);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.a));
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b));
        assertRoute(true, n.a, W, "refreshed");
        assertRoute(true, n.b, X, "refreshed");
        assertFalse(stale(n, n.a, W) || stale(n, n.b, X), "no longer stale after End-of-RIB");
        assertEquals(0, count(n, "a", "Hard Reset") + count(n, "b", "Hard Reset"));
        // The second session's OPENs carried the Forwarding State bit: the FIBs outlived the first session.
        assertEquals(List.of(true), BgpSimPair.bgp(n.b).session(Ip4.parse("10.0.0.1")).negotiated().peerGracefulRestart().forwardingPreserved());
    }

    @Test
    void aHardClearSendsHardResetAndBothSidesFlushAtOnce() {
        BgpSimPair n = pair(32, 120);
        n.a.command("bgp", "clear", List.of("10.0.0.2"));
        n.runSeconds(0.1);
        String heard = BgpSimPair.neighbor(n.b).get("lastError").toString();
        assertTrue(heard.contains("Cease/9 (Hard Reset of Cease/4)"), "b got a Hard Reset carrying Administrative Reset: " + heard);
        assertRoute(false, n.b, X, "Hard Reset: b flushed a's route at once");
        assertRoute(false, n.a, W, "and a flushed b's");
        n.runSeconds(20);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b), "the session comes back");
        assertRoute(true, n.b, X, "with the routes");
        assertRoute(true, n.a, W, "both ways");
    }

    @Test
    void withoutGracefulRestartOnOneSideAHoldTimerExpiryFlushes() {
        BgpSimPair n = pair(33, -1);
        assertNull(BgpSimPair.bgp(n.a).session(Ip4.parse("10.0.0.2")).negotiated().peerGracefulRestart());
        n.sim.pause("b");
        assertTrue(runUntilTraced(n, "a", "hold timer expired", 12_000));
        assertRoute(false, n.a, W, "no N bit exchanged: a plain reset, b's route is gone");
        n.sim.resume("b");
    }

    @Test
    void hardResetCarriesTheNotificationItStandsFor() {
        NotificationMessage hard = new NotificationMessage(Notify.CEASE, Notify.HARD_RESET, new byte[] {6, 1, 0, 1, 0, 0, 0, 0, 5});
        assertTrue(GracefulNotification.isHardReset(hard));
        assertEquals("Cease/9 (Hard Reset of Cease/1)", hard.toString());
        assertFalse(GracefulNotification.isHardReset(new NotificationMessage(Notify.CEASE, Notify.ADMIN_RESET, null)));
        assertFalse(GracefulNotification.isHardReset(null));
        // A short Hard Reset (no inner NOTIFICATION) still reads, and is still a Hard Reset.
        NotificationMessage bare = NotificationMessage.decode(new byte[] {6, 9}, 0, 2);
        assertTrue(GracefulNotification.isHardReset(bare));
        assertEquals("Cease/9", bare.toString());
    }
}
