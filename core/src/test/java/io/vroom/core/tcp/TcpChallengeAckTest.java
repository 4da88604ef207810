package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 5961: blind RST and SYN are challenged, not obeyed; exact RST resets; old ACKs are challenged; rate limit. */
class TcpChallengeAckTest {
    private static final TcpSocketOptions OPTS = TcpSocketOptions.of("bgp");

    private static TcpTestNet established(TcpConfig cfg, int[] idsOut) {
        TcpTestNet net = TcpTestNet.pair(61, cfg);
        int[] ids = net.connect(179, OPTS);
        idsOut[0] = ids[0];
        idsOut[1] = ids[1];
        return net;
    }

    /** A segment "from A" to B's connection, as a blind attacker would forge it. */
    private static byte[] forged(TcpTestNet net, int[] ids, int seq, int ack, int flags, byte[] data) {
        TcpConnectionInfo a = net.a().info(ids[0]);
        return TcpTestNet.raw(A, a.localPort(), B, 179, seq, ack, flags, 1000, data, null);
    }

    @Test
    void inWindowRstIsChallenged() {
        int[] ids = new int[2];
        TcpTestNet net = established(TcpConfig.defaults(), ids);
        TcpConnectionInfo b = net.b().info(ids[1]);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        net.b().stack.handleSegment(net.now, forged(net, ids, b.rcvNxt() + 100, 0, TcpHeader.RST, new byte[0]), out);
        assertEquals(1, out.packets.size());
        TcpSegment ack = out.last();
        assertEquals(TcpHeader.ACK, ack.flags());
        assertEquals(b.sndNxt(), ack.seq());
        assertEquals(b.rcvNxt(), ack.ack());
        assertEquals(TcpState.ESTABLISHED, net.b().info(ids[1]).state());
        assertTrue(out.events.isEmpty());
        assertEquals(1, net.b().stack.counter(TcpCounter.CHALLENGE_ACKS));
    }

    @Test
    void outOfWindowRstIsDroppedSilently() {
        int[] ids = new int[2];
        TcpTestNet net = established(TcpConfig.defaults(), ids);
        TcpConnectionInfo b = net.b().info(ids[1]);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        net.b().stack.handleSegment(net.now, forged(net, ids, b.rcvNxt() + 1_000_000_000, 0, TcpHeader.RST, new byte[0]), out);
        assertTrue(out.packets.isEmpty());
        assertEquals(1, net.b().stack.counter(TcpCounter.RST_OUT_OF_WINDOW));
        assertEquals(TcpState.ESTABLISHED, net.b().info(ids[1]).state());
    }

    @Test
    void exactRstResets() {
        int[] ids = new int[2];
        TcpTestNet net = established(TcpConfig.defaults(), ids);
        TcpConnectionInfo b = net.b().info(ids[1]);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        net.b().stack.handleSegment(net.now, forged(net, ids, b.rcvNxt(), 0, TcpHeader.RST, new byte[0]), out);
        assertEquals(new TcpEvent.Reset(ids[1], TcpEvent.Reason.RESET_BY_PEER), out.events.get(0));
        assertEquals(null, net.b().info(ids[1]));
    }

    @Test
    void synInASynchronizedStateIsChallengedWhateverItsSequence() {
        int[] ids = new int[2];
        TcpTestNet net = established(TcpConfig.defaults(), ids);
        TcpConnectionInfo b = net.b().info(ids[1]);
        for (int seq : new int[] {b.rcvNxt(), b.rcvNxt() + 5, 12345}) {
            TcpTestNet.Sink out = new TcpTestNet.Sink();
            net.b().stack.handleSegment(net.now, forged(net, ids, seq, 0, TcpHeader.SYN, new byte[0]), out);
            assertEquals(1, out.packets.size(), "seq " + seq);
            assertEquals(TcpHeader.ACK, out.last().flags());
            assertEquals(b.rcvNxt(), out.last().ack());
            assertEquals(TcpState.ESTABLISHED, net.b().info(ids[1]).state());
        }
    }

    @Test
    void ackTooOldIsChallengedAndItsDataDropped() {
        int[] ids = new int[2];
        TcpTestNet net = established(TcpConfig.defaults(), ids);
        TcpConnectionInfo b = net.b().info(ids[1]);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        net.b().stack.handleSegment(net.now, forged(net, ids, b.rcvNxt(), b.sndUna() - 2_000_000, TcpHeader.ACK, "evil".getBytes()), out);
        assertEquals(1, out.packets.size());
        assertEquals(TcpHeader.ACK, out.last().flags());
        assertTrue(out.events.isEmpty(), "no data delivered");
        assertEquals(b.rcvNxt(), net.b().info(ids[1]).rcvNxt());
    }

    @Test
    void challengeAcksAreRateLimited() {
        int[] ids = new int[2];
        TcpTestNet net = established(TcpConfig.defaults().withChallengeAckLimit(2), ids);
        TcpConnectionInfo b = net.b().info(ids[1]);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        for (int i = 0; i < 5; i++) net.b().stack.handleSegment(net.now, forged(net, ids, b.rcvNxt() + 10 + i, 0, TcpHeader.RST, new byte[0]), out);
        assertEquals(2, out.packets.size());
        assertEquals(3, net.b().stack.counter(TcpCounter.CHALLENGE_ACKS_SUPPRESSED));
        net.b().stack.handleSegment(net.now + 1_000_000_000L, forged(net, ids, b.rcvNxt() + 10, 0, TcpHeader.RST, new byte[0]), out);
        assertEquals(3, out.packets.size(), "a new second, a new allowance");
    }
}
