package io.vroom.bgp.session;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.NotificationMessage;
import io.vroom.bgp.wire.OpenMessage;
import io.vroom.bgp.wire.UpdateMessage;
import io.vroom.core.net.Ip4;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4271 §8 transitions in virtual time: two sessions joined back to back. */
class BgpSessionFsmTest {
    static final long S = 1_000_000_000L;

    /** Records a session's outputs; bytes sent are queued for the other side. */
    static final class Recorder implements SessionOutput {
        final List<byte[]> sent = new ArrayList<>();
        int connects, disconnects, establishedCount;
        final List<UpdateMessage> updates = new ArrayList<>();
        NotificationMessage lastSent, lastReceived;
        String downReason;

        public void send(byte[] m) { sent.add(m); }
        public void connect() { connects++; }
        public void disconnect() { disconnects++; }
        public void established(Negotiated n) { establishedCount++; }
        public void update(UpdateMessage u) { updates.add(u); }
        public void routeRefresh(int afiSafi) { }
        public void down(String reason, NotificationMessage s, NotificationMessage r, boolean wasEstablished) {
            downReason = reason;
            if (s != null) lastSent = s;
            if (r != null) lastReceived = r;
        }
        public void log(String m) { }
    }

    static SessionConfig cfg(long localAs, String id, long remoteAs, int hold, boolean passive) {
        return new SessionConfig(localAs, Ip4.parse(id), remoteAs, Ip4.parse("10.0.0.2"), hold, 30, passive, -1, false, false, false);
    }

    /** Delivers everything each side sent to the other until quiet. */
    static void pump(long now, BgpSession a, Recorder ra, BgpSession b, Recorder rb) {
        for (int round = 0; round < 20; round++) {
            List<byte[]> fa = new ArrayList<>(ra.sent), fb = new ArrayList<>(rb.sent);
            ra.sent.clear();
            rb.sent.clear();
            if (fa.isEmpty() && fb.isEmpty()) return;
            for (byte[] m : fa) b.handleBytes(now, m, 0, m.length, rb);
            for (byte[] m : fb) a.handleBytes(now, m, 0, m.length, ra);
        }
    }

    /** Runs both sessions' timers forward to {@code until}, exchanging messages. */
    static long run(long now, long until, BgpSession a, Recorder ra, BgpSession b, Recorder rb) {
        while (true) {
            long next = Math.min(a.nextDeadlineNs(), b.nextDeadlineNs());
            if (next > until) return until;
            now = Math.max(now, next);
            if (a.nextDeadlineNs() <= now) a.handleTimeout(now, ra);
            if (b.nextDeadlineNs() <= now) b.handleTimeout(now, rb);
            pump(now, a, ra, b, rb);
        }
    }

    BgpSession a, b;
    Recorder ra = new Recorder(), rb = new Recorder();

    void establish(SessionConfig ca, SessionConfig cb) {
        a = new BgpSession(ca);
        b = new BgpSession(cb);
        a.start(0, ra);
        b.start(0, rb);
        assertEquals(SessionState.CONNECT, a.state());
        assertEquals(1, ra.connects);
        assertEquals(SessionState.ACTIVE, b.state());
        a.connectionUp(0, false, ra);
        b.connectionUp(0, true, rb);
        assertEquals(SessionState.OPEN_SENT, a.state());
        pump(0, a, ra, b, rb);
    }

    @Test
    void ebgpSessionEstablishesAndStaysUpOnKeepalives() {
        establish(cfg(65001, "1.1.1.1", 65002, 90, false), cfg(65002, "2.2.2.2", 65001, 30, true));
        assertEquals(SessionState.ESTABLISHED, a.state());
        assertEquals(SessionState.ESTABLISHED, b.state());
        assertEquals(30, a.negotiated().holdTimeSec(), "the smaller hold time");
        assertTrue(a.negotiated().as4());
        run(0, 600 * S, a, ra, b, rb);
        assertEquals(SessionState.ESTABLISHED, a.state());
        assertEquals(SessionState.ESTABLISHED, b.state());
        assertTrue(a.messagesOut() > 20, "keepalives every hold/3");
    }

    @Test
    void holdTimerExpiresWhenThePeerGoesSilent() {
        establish(cfg(65001, "1.1.1.1", 65002, 90, false), cfg(65002, "2.2.2.2", 65001, 90, true));
        ra.sent.clear();
        long now = 0;
        while (a.state() == SessionState.ESTABLISHED && now < 200 * S) {
            now = a.nextDeadlineNs();
            a.handleTimeout(now, ra);
        }
        assertEquals(SessionState.IDLE, a.state());
        assertEquals(90 * S, now);
        assertEquals(Notify.HOLD_TIMER_EXPIRED, ra.lastSent.code());
        // automatic restart after the idle hold time
        now = a.nextDeadlineNs();
        a.handleTimeout(now, ra);
        assertEquals(SessionState.CONNECT, a.state());
    }

    @Test
    void openWithWrongAsIsBadPeerAs() {
        establish(cfg(65001, "1.1.1.1", 65099, 90, false), cfg(65002, "2.2.2.2", 65001, 90, true));
        assertEquals(SessionState.IDLE, a.state());
        assertEquals(Notify.OPEN, ra.lastSent.code());
        assertEquals(Notify.BAD_PEER_AS, ra.lastSent.subcode());
        assertEquals(SessionState.IDLE, b.state());
        assertEquals(Notify.BAD_PEER_AS, rb.lastReceived.subcode());
    }

    @Test
    void holdTimeOfTwoSecondsIsUnacceptable() {
        establish(cfg(65001, "1.1.1.1", 65002, 90, false), cfg(65002, "2.2.2.2", 65001, 2, true));
        assertEquals(Notify.UNACCEPTABLE_HOLD_TIME, ra.lastSent.subcode());
    }

    @Test
    void ibgpWithOurOwnIdentifierIsBadBgpIdentifier() {
        establish(cfg(65001, "1.1.1.1", 65001, 90, false), cfg(65001, "1.1.1.1", 65001, 90, true));
        assertEquals(Notify.BAD_BGP_IDENTIFIER, ra.lastSent.subcode());
    }

    @Test
    void fourOctetAsUsesAsTransAndNegotiates() {
        establish(cfg(4200000001L, "1.1.1.1", 65002, 90, false), cfg(65002, "2.2.2.2", 4200000001L, 90, true));
        assertEquals(SessionState.ESTABLISHED, b.state());
        assertEquals(4200000001L, b.negotiated().peerAs());
        OpenMessage o = OpenValidator.ourOpen(a.config());
        assertEquals(OpenMessage.AS_TRANS, o.myAs());
    }

    @Test
    void updateInOpenSentIsFsmError() {
        a = new BgpSession(cfg(65001, "1.1.1.1", 65002, 90, false));
        a.start(0, ra);
        a.connectionUp(0, false, ra);
        byte[] eor = UpdateMessage.endOfRibIpv4();
        a.handleBytes(0, eor, 0, eor.length, ra);
        assertEquals(SessionState.IDLE, a.state());
        assertEquals(Notify.FSM, ra.lastSent.code());
        assertEquals(Notify.FSM_IN_OPENSENT, ra.lastSent.subcode());
    }

    @Test
    void connectRetryTimerRetriesAndTcpFailureGoesToActive() {
        a = new BgpSession(cfg(65001, "1.1.1.1", 65002, 90, false));
        a.start(0, ra);
        a.handleTimeout(30 * S, ra);
        assertEquals(SessionState.CONNECT, a.state());
        assertEquals(2, ra.connects);
        a.connectionFailed(31 * S, ra);
        assertEquals(SessionState.ACTIVE, a.state());
        a.handleTimeout(61 * S, ra);
        assertEquals(SessionState.CONNECT, a.state());
        a.stop(62 * S, ra);
        assertEquals(SessionState.IDLE, a.state());
        assertEquals(Long.MAX_VALUE, a.nextDeadlineNs());
    }

    @Test
    void garbageInEstablishedResetsWithHeaderError() {
        establish(cfg(65001, "1.1.1.1", 65002, 90, false), cfg(65002, "2.2.2.2", 65001, 90, true));
        byte[] junk = new byte[40];
        a.handleBytes(1, junk, 0, junk.length, ra);
        assertEquals(SessionState.IDLE, a.state());
        assertEquals(Notify.HEADER, ra.lastSent.code());
        assertEquals(Notify.CONNECTION_NOT_SYNCHRONIZED, ra.lastSent.subcode());
    }

    @Test
    void manualStopSendsCeaseAndMaxPrefixCeaseDoesNotRestart() {
        establish(cfg(65001, "1.1.1.1", 65002, 90, false), cfg(65002, "2.2.2.2", 65001, 90, true));
        b.cease(5, Notify.MAX_PREFIXES, new byte[] {0, 1, 1, 0, 0, 0, 10}, false, rb);
        pump(5, a, ra, b, rb);
        assertEquals(Notify.MAX_PREFIXES, ra.lastReceived.subcode());
        assertEquals(SessionState.IDLE, b.state());
        assertEquals(Long.MAX_VALUE, b.nextDeadlineNs(), "no automatic restart after max-prefix");
    }

    @Test
    void collisionKeepsTheHigherIdentifiersConnection() {
        assertTrue(CollisionResolver.closeLocallyInitiated(Ip4.parse("1.1.1.1"), Ip4.parse("2.2.2.2")));
        assertFalse(CollisionResolver.closeLocallyInitiated(Ip4.parse("200.1.1.1"), Ip4.parse("2.2.2.2")));
        establish(cfg(65001, "1.1.1.1", 65002, 90, false), cfg(65002, "2.2.2.2", 65001, 90, true));
        a.collisionDump(1, ra);
        assertEquals(Notify.CONNECTION_COLLISION, ra.lastSent.subcode());
    }
}
