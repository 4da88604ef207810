package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 9293 state transitions, one group per test, in virtual time. */
class TcpStateTest {
    private static final TcpSocketOptions OPTS = TcpSocketOptions.of("t");

    @Test
    void threeWayHandshakeNegotiatesOptions() {
        TcpTestNet net = TcpTestNet.pair(1, TcpConfig.defaults());
        int[] ids = net.connect(179, OPTS);
        assertEquals(TcpState.ESTABLISHED, net.a().info(ids[0]).state());
        assertEquals(TcpState.ESTABLISHED, net.b().info(ids[1]).state());
        TcpSegment syn = TcpTestNet.seg(net.a().sent.get(0));
        assertEquals(TcpHeader.SYN, syn.flags());
        assertEquals(1460, syn.mss());
        assertEquals(3, syn.wscale(), "262144 >> 2 = 65536 does not fit 16 bits: shift 3");
        assertTrue(syn.hasTs());
        TcpSegment synAck = TcpTestNet.seg(net.b().sent.get(0));
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, synAck.flags());
        assertEquals(syn.seq() + 1, synAck.ack());
        assertEquals(syn.tsVal(), synAck.tsEcr());
        TcpSegment ack = TcpTestNet.seg(net.a().sent.get(1));
        assertEquals(TcpHeader.ACK, ack.flags());
        assertEquals(synAck.seq() + 1, ack.ack());
        TcpEvent.Accepted acc = net.b().eventsOf(TcpEvent.Accepted.class).get(0);
        assertEquals(7, acc.listenerId());
        assertEquals(A, acc.remoteAddress());
        assertEquals(179, acc.localPort());
        assertEquals("t", net.b().events.get(0).owner());
        assertTrue(net.a().info(ids[0]).timestamps());
        assertEquals(3, net.a().info(ids[0]).sndShift());
        assertTrue(net.a().info(ids[0]).srttNs() >= 0, "SYN round trip measured");
    }

    @Test
    void simultaneousOpen() {
        TcpTestNet net = TcpTestNet.pair(2, TcpConfig.defaults());
        int ca = net.a().stack.connect(0, A, B, 2000, OPTS.withLocalPort(1000), net.a());
        int cb = net.b().stack.connect(0, B, A, 1000, OPTS.withLocalPort(2000), net.b());
        Set<TcpState> seen = EnumSet.noneOf(TcpState.class);
        net.afterStep = () -> {
            if (net.a().info(ca) != null) seen.add(net.a().info(ca).state());
        };
        assertTrue(net.runUntil(() -> net.a().eventsOf(TcpEvent.Connected.class).size() == 1 && net.b().eventsOf(TcpEvent.Connected.class).size() == 1,
                10_000_000_000L));
        assertTrue(seen.contains(TcpState.SYN_RECEIVED), "went through SYN_RECEIVED: " + seen);
        assertEquals(TcpState.ESTABLISHED, net.a().info(ca).state());
        assertEquals(TcpState.ESTABLISHED, net.b().info(cb).state());
        net.a().stack.send(net.now, ca, "hello".getBytes(), net.a());
        net.runFor(100_000_000L);
        assertArrayEquals("hello".getBytes(), net.b().receivedBytes(cb));
    }

    @Test
    void activeCloseHalfCloseAndTimeWait() {
        TcpConfig cfg = TcpConfig.defaults().withMsl(5_000_000_000L);
        TcpTestNet net = TcpTestNet.pair(3, cfg);
        int[] ids = net.connect(179, OPTS);
        net.a().stack.close(net.now, ids[0], net.a());
        assertEquals(TcpState.FIN_WAIT_1, net.a().info(ids[0]).state());
        assertTrue(net.runUntil(() -> !net.b().eventsOf(TcpEvent.PeerClosed.class).isEmpty(), net.now + 1_000_000_000L));
        net.runFor(50_000_000L);
        assertEquals(TcpState.FIN_WAIT_2, net.a().info(ids[0]).state());
        assertEquals(TcpState.CLOSE_WAIT, net.b().info(ids[1]).state());
        // Half-close: B can still send, A still receives.
        assertEquals(3, net.b().stack.send(net.now, ids[1], "bye".getBytes(), net.b()));
        assertEquals(-1, net.a().stack.send(net.now, ids[0], "no".getBytes(), net.a()), "no sending after close");
        net.runFor(50_000_000L);
        assertArrayEquals("bye".getBytes(), net.a().receivedBytes(ids[0]));
        net.b().stack.close(net.now, ids[1], net.b());
        assertEquals(TcpState.LAST_ACK, net.b().info(ids[1]).state());
        assertTrue(net.runUntil(() -> !net.b().eventsOf(TcpEvent.Closed.class).isEmpty(), net.now + 1_000_000_000L));
        assertNull(net.b().info(ids[1]), "LAST_ACK -> CLOSED deletes the TCB");
        assertEquals(TcpState.TIME_WAIT, net.a().info(ids[0]).state());
        assertEquals(1, net.a().eventsOf(TcpEvent.Closed.class).size());
        long enteredNs = net.a().events.get(net.a().events.size() - 1).atNs();
        net.runUntil(() -> false, enteredNs + 2 * cfg.mslNs() - 1);
        assertNotNull(net.a().info(ids[0]), "still in TIME_WAIT just before 2*MSL");
        net.runUntil(() -> false, enteredNs + 2 * cfg.mslNs() + 1);
        assertNull(net.a().info(ids[0]), "gone after 2*MSL");
        assertEquals(1, net.a().stack.counter(TcpCounter.TIME_WAIT_EXPIRED));
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        TcpTestNet net = TcpTestNet.pair(4, TcpConfig.defaults());
        int[] ids = net.connect(179, OPTS);
        Set<TcpState> seenA = EnumSet.noneOf(TcpState.class);
        Set<TcpState> seenB = EnumSet.noneOf(TcpState.class);
        net.afterStep = () -> {
            if (net.a().info(ids[0]) != null) seenA.add(net.a().info(ids[0]).state());
            if (net.b().info(ids[1]) != null) seenB.add(net.b().info(ids[1]).state());
        };
        net.a().stack.close(net.now, ids[0], net.a());
        net.b().stack.close(net.now, ids[1], net.b());
        assertTrue(net.runUntil(() -> net.a().eventsOf(TcpEvent.Closed.class).size() == 1 && net.b().eventsOf(TcpEvent.Closed.class).size() == 1, net.now + 5_000_000_000L));
        assertTrue(seenA.contains(TcpState.CLOSING) && seenB.contains(TcpState.CLOSING), seenA + " " + seenB);
        assertEquals(TcpState.TIME_WAIT, net.a().info(ids[0]).state());
        assertEquals(TcpState.TIME_WAIT, net.b().info(ids[1]).state());
    }

    @Test
    void timeWaitReacknowledgesRetransmittedFin() {
        TcpTestNet net = TcpTestNet.pair(5, TcpConfig.defaults());
        int[] ids = net.connect(179, OPTS);
        net.a().stack.close(net.now, ids[0], net.a());
        net.runFor(100_000_000L);
        // B's FIN to A is lost once: B retransmits it after RTO; A in TIME_WAIT must ACK again.
        net.drop = p -> TcpTestNet.seg(p).has(TcpHeader.FIN) && TcpTestNet.seg(p).sourcePort() == 179 && net.b().stack.counter(TcpCounter.RETRANSMITTED_SEGMENTS) == 0;
        net.b().stack.close(net.now, ids[1], net.b());
        net.runFor(100_000_000L);
        assertEquals(TcpState.LAST_ACK, net.b().info(ids[1]).state());
        net.drop = null;
        // A gets the first FIN? No: it was dropped. Retransmission reaches A in FIN_WAIT_2 -> TIME_WAIT.
        assertTrue(net.runUntil(() -> net.b().info(ids[1]) == null, net.now + 10_000_000_000L));
        assertEquals(TcpState.TIME_WAIT, net.a().info(ids[0]).state());
        // Now replay B's FIN at A: A answers with an ACK and stays in TIME_WAIT.
        byte[] fin = null;
        for (byte[] p : net.b().sent) if (TcpTestNet.seg(p).has(TcpHeader.FIN)) fin = p;
        int before = net.a().sent.size();
        net.a().stack.handleSegment(net.now, fin, net.a());
        assertEquals(before + 1, net.a().sent.size());
        TcpSegment ack = TcpTestNet.seg(net.a().sent.get(before));
        assertEquals(TcpHeader.ACK, ack.flags());
        assertEquals(TcpTestNet.seg(fin).seq() + 1, ack.ack());
        assertEquals(TcpState.TIME_WAIT, net.a().info(ids[0]).state());
    }

    @Test
    void refusedConnection() {
        TcpTestNet net = TcpTestNet.pair(6, TcpConfig.defaults());
        int c = net.a().stack.connect(0, A, B, 80, OPTS, net.a());
        assertTrue(net.runUntil(() -> !net.a().eventsOf(TcpEvent.Reset.class).isEmpty(), 1_000_000_000L));
        assertEquals(new TcpEvent.Reset(c, TcpEvent.Reason.REFUSED), net.a().eventsOf(TcpEvent.Reset.class).get(0));
        assertEquals(1, net.b().stack.counter(TcpCounter.NO_LISTENER));
        TcpSegment rst = TcpTestNet.seg(net.b().sent.get(0));
        assertEquals(TcpHeader.RST | TcpHeader.ACK, rst.flags(), "RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>");
        assertEquals(0, rst.seq());
        assertNull(net.a().info(c));
    }

    @Test
    void closedPortAnswersAckWithRstAtItsSequence() {
        TcpStack s = new TcpStack(TcpConfig.defaults(), 1);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        s.handleSegment(0, TcpTestNet.raw(A, 5000, B, 80, 100, 777, TcpHeader.ACK, 1000, new byte[0], null), out);
        TcpSegment rst = out.last();
        assertEquals(TcpHeader.RST, rst.flags());
        assertEquals(777, rst.seq());
        s.handleSegment(0, TcpTestNet.raw(A, 5000, B, 80, 100, 777, TcpHeader.RST, 1000, new byte[0], null), out);
        assertEquals(1, out.packets.size(), "never a RST for a RST");
    }

    @Test
    void synRetransmissionsBackOffThenTimeout() {
        TcpConfig cfg = TcpConfig.defaults().withLimits(128, 1024, 15, 3);
        TcpTestNet net = TcpTestNet.pair(7, cfg);
        net.drop = p -> true;
        int c = net.a().stack.connect(0, A, B, 179, OPTS, net.a());
        assertTrue(net.runUntil(() -> !net.a().eventsOf(TcpEvent.Reset.class).isEmpty(), 100_000_000_000L));
        assertEquals(TcpEvent.Reason.CONNECT_TIMEOUT, net.a().eventsOf(TcpEvent.Reset.class).get(0).reason());
        List<Long> t = net.a().sentAtNs;
        assertEquals(4, t.size(), "one SYN and 3 retransmissions");
        assertEquals(List.of(0L, 1_000_000_000L, 3_000_000_000L, 7_000_000_000L), t, "RFC 6298 §5.5: doubling from 1 s");
        assertNull(net.a().info(c));
    }

    @Test
    void synBacklogIsBoundedAndHalfOpenExpire() {
        TcpConfig cfg = TcpConfig.defaults().withLimits(8, 1024, 15, 2);
        TcpStack s = new TcpStack(cfg, 9);
        s.listen(B, 179, 1, OPTS);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        for (int i = 0; i < 100; i++) s.handleSegment(0, TcpTestNet.raw(A + i, 1000 + i, B, 179, i * 1000, 0, TcpHeader.SYN, 1000, new byte[0], null), out);
        assertEquals(8, s.connectionIds().size());
        assertEquals(92, s.counter(TcpCounter.SYN_BACKLOG_DROPS));
        assertEquals(8, out.packets.size(), "one SYN-ACK per admitted SYN");
        // SYN-ACK retransmissions (2), then the half-open connections are dropped silently.
        for (long t = 0; t < 60_000_000_000L && s.nextDeadlineNs() != Long.MAX_VALUE; t = s.nextDeadlineNs()) s.handleTimeout(s.nextDeadlineNs(), out);
        assertTrue(s.connectionIds().isEmpty());
        assertTrue(out.events.isEmpty(), "half-open connections never surface to the owner");
        assertEquals(8 * 3, out.packets.size());
    }

    @Test
    void abortResetsPeer() {
        TcpTestNet net = TcpTestNet.pair(8, TcpConfig.defaults());
        int[] ids = net.connect(179, OPTS);
        net.b().stack.abort(net.now, ids[1], net.b());
        assertNull(net.b().info(ids[1]));
        assertTrue(net.runUntil(() -> !net.a().eventsOf(TcpEvent.Reset.class).isEmpty(), net.now + 1_000_000_000L));
        assertEquals(TcpEvent.Reason.RESET_BY_PEER, net.a().eventsOf(TcpEvent.Reset.class).get(0).reason());
        assertTrue(net.b().eventsOf(TcpEvent.Reset.class).isEmpty() && net.b().eventsOf(TcpEvent.Closed.class).isEmpty(), "abort emits nothing");
    }

    @Test
    void listenerRejectsBareAckWithRst() {
        TcpStack s = new TcpStack(TcpConfig.defaults(), 1);
        s.listen(0, 179, 1, OPTS);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        s.handleSegment(0, TcpTestNet.raw(A, 5000, B, 179, 1, 4242, TcpHeader.ACK, 1000, new byte[0], null), out);
        assertEquals(TcpHeader.RST, out.last().flags());
        assertEquals(4242, out.last().seq());
        assertTrue(s.connectionIds().isEmpty());
    }

    @Test
    void eventsMayCallBackIntoTheStack() {
        TcpTestNet net = TcpTestNet.pair(9, TcpConfig.defaults());
        net.onEvent = (node, e) -> {
            if (e instanceof TcpEvent.Accepted acc) node.stack.send(net.now, acc.connId(), "greeting".getBytes(), node);
        };
        int[] ids = net.connect(179, OPTS);
        net.runFor(100_000_000L);
        assertArrayEquals("greeting".getBytes(), net.a().receivedBytes(ids[0]));
    }
}
