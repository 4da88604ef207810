package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 2018 as a data receiver: SACK-permitted negotiation and the blocks our duplicate ACKs report. */
class TcpSackTest {
    private static final TcpSocketOptions OPTS = TcpSocketOptions.of("t");
    private static final int MSS = 1448;

    /** A segment from the peer B:40000 to A:179 (timestamps; a SYN offers MSS, window scale 7 and, if asked, SACK). */
    private static byte[] fromPeer(int seq, int ack, int flags, boolean sackPermitted, byte[] data) {
        TcpEncoder.Spec s = new TcpEncoder.Spec(B, A, 40000, 179);
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = 65535;
        if ((flags & TcpHeader.SYN) != 0) {
            s.mss = 1460;
            s.wscale = 7;
            s.sackPermitted = sackPermitted;
        }
        s.ts = true;
        s.tsVal = 1000;
        s.tsEcr = 0;
        ByteRing r = new ByteRing(Math.max(1, data.length));
        r.write(data, 0, data.length);
        return TcpEncoder.encode(s, r, 0, data.length);
    }

    /** The SACK blocks of a packet as (left, right) pairs, or an empty array if it carries none. */
    static int[] sackBlocks(byte[] p) {
        TcpSegment seg = TcpTestNet.seg(p);
        int i = seg.tcpOffset() + TcpHeader.LENGTH, end = seg.dataOffset();
        while (i < end) {
            int kind = p[i] & 0xff;
            if (kind == TcpHeader.OPT_EOL) break;
            if (kind == TcpHeader.OPT_NOP) { i++; continue; }
            int len = p[i + 1] & 0xff;
            if (kind == TcpHeader.OPT_SACK) {
                int[] b = new int[(len - 2) / 4];
                for (int k = 0; k < b.length; k++) b[k] = io.vroom.core.net.Ip4.read(p, i + 2 + 4 * k);
                return b;
            }
            i += len;
        }
        return new int[0];
    }

    /** An established passive connection on a stack with {@code cfg}; returns {irs + 1 (peer's next seq), our iss + 1}. */
    private static int[] open(TcpStack st, TcpTestNet.Sink out, int irs, boolean peerOffersSack) {
        st.listen(A, 179, 1, OPTS);
        st.handleSegment(1_000_000L, fromPeer(irs, 0, TcpHeader.SYN, peerOffersSack, new byte[0]), out);
        TcpSegment synAck = out.last();
        st.handleSegment(2_000_000L, fromPeer(irs + 1, synAck.seq() + 1, TcpHeader.ACK, false, new byte[0]), out);
        return new int[] {irs + 1, synAck.seq() + 1};
    }

    @Test
    void sackPermittedIsOfferedAndAnsweredOnlyWhenConfigured() {
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        new TcpStack(TcpConfig.routerDefaults(), 3).connect(0, A, B, 179, OPTS, out);
        assertTrue(out.last().sackPermitted(), "the router's SYN offers SACK");
        out = new TcpTestNet.Sink();
        new TcpStack(TcpConfig.defaults(), 3).connect(0, A, B, 179, OPTS, out);
        assertFalse(out.last().sackPermitted(), "defaults() do not");

        out = new TcpTestNet.Sink();
        TcpStack st = new TcpStack(TcpConfig.routerDefaults(), 4);
        st.listen(A, 179, 1, OPTS);
        st.handleSegment(1_000_000L, fromPeer(5000, 0, TcpHeader.SYN, true, new byte[0]), out);
        assertTrue(out.last().sackPermitted(), "SYN-ACK answers a SYN that offered it");
        out = new TcpTestNet.Sink();
        st = new TcpStack(TcpConfig.routerDefaults(), 4);
        st.listen(A, 179, 1, OPTS);
        st.handleSegment(1_000_000L, fromPeer(5000, 0, TcpHeader.SYN, false, new byte[0]), out);
        assertFalse(out.last().sackPermitted(), "never in answer to a SYN without it (RFC 2018 §2)");

        out = new TcpTestNet.Sink();
        st = new TcpStack(TcpConfig.routerDefaults(), 4);
        st.setMd5Key(B, "secret".getBytes());
        st.connect(0, A, B, 179, OPTS, out);
        assertFalse(out.last().sackPermitted(), "not with TCP-MD5: no room for a block beside the digest and timestamps");
    }

    @Test
    void duplicateAcksReportTheNewestBlockFirstThenTheOthers() {
        TcpStack st = new TcpStack(TcpConfig.routerDefaults(), 5);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        int[] o = open(st, out, 0x7ffff000, true); // the sequence space wraps through the sign bit below
        int s0 = o[0];
        byte[] seg = new byte[MSS];
        st.handleSegment(3_000_000L, fromPeer(s0, o[1], TcpHeader.ACK, false, seg), out); // 0: in order
        // 1 is lost; 2 and 3 arrive: one block [2,4)
        st.handleSegment(3_100_000L, fromPeer(s0 + 2 * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertArrayEquals(new int[] {s0 + 2 * MSS, s0 + 3 * MSS}, sackBlocks(out.packets.get(out.packets.size() - 1)));
        assertEquals(s0 + MSS, out.last().ack());
        st.handleSegment(3_200_000L, fromPeer(s0 + 3 * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertArrayEquals(new int[] {s0 + 2 * MSS, s0 + 4 * MSS}, sackBlocks(out.packets.get(out.packets.size() - 1)), "adjacent pieces are one block");
        // 4 is lost; 5 arrives: newest block first, then the older one
        st.handleSegment(3_300_000L, fromPeer(s0 + 5 * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertArrayEquals(new int[] {s0 + 5 * MSS, s0 + 6 * MSS, s0 + 2 * MSS, s0 + 4 * MSS}, sackBlocks(out.packets.get(out.packets.size() - 1)));
        // 7 and 9 arrive: three blocks fit beside timestamps, the oldest drops out
        st.handleSegment(3_400_000L, fromPeer(s0 + 7 * MSS, o[1], TcpHeader.ACK, false, seg), out);
        st.handleSegment(3_500_000L, fromPeer(s0 + 9 * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertArrayEquals(new int[] {s0 + 9 * MSS, s0 + 10 * MSS, s0 + 7 * MSS, s0 + 8 * MSS, s0 + 5 * MSS, s0 + 6 * MSS},
                sackBlocks(out.packets.get(out.packets.size() - 1)));
        // 1 is retransmitted: the ACK moves to 4; the blocks still held are reported
        st.handleSegment(3_600_000L, fromPeer(s0 + MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertEquals(s0 + 4 * MSS, out.last().ack());
        int[] after = sackBlocks(out.packets.get(out.packets.size() - 1));
        assertEquals(6, after.length);
        for (int b = 0; b < after.length; b += 2) assertTrue(Seq.gt(after[b], s0 + 4 * MSS), "only blocks above the cumulative ACK");
        // 4, 6 and 8 fill every hole: no blocks any more
        for (int k : new int[] {4, 6, 8}) st.handleSegment(3_700_000L, fromPeer(s0 + k * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertEquals(s0 + 10 * MSS, out.last().ack());
        assertEquals(0, sackBlocks(out.packets.get(out.packets.size() - 1)).length);
    }

    @Test
    void dataReceivedTwiceIsReportedOnceAsTheFirstBlock() {
        TcpStack st = new TcpStack(TcpConfig.routerDefaults(), 7);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        int[] o = open(st, out, 0xfffff000, true);
        int s0 = o[0];
        byte[] seg = new byte[MSS];
        for (int k = 0; k < 4; k++) st.handleSegment(3_000_000L, fromPeer(s0 + k * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertEquals(s0 + 4 * MSS, out.last().ack());
        // Segment 1 again (a spurious retransmission, or the original after its retransmission): RFC 2883 D-SACK.
        int before = out.packets.size();
        st.handleSegment(3_100_000L, fromPeer(s0 + MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertEquals(before + 1, out.packets.size(), "answered at once");
        assertEquals(s0 + 4 * MSS, out.last().ack());
        assertArrayEquals(new int[] {s0 + MSS, s0 + 2 * MSS}, sackBlocks(out.packets.get(out.packets.size() - 1)),
                "a block below the cumulative ACK: the duplicate");
        // A hole opens (4 lost, 5 arrives), then 2 comes again: the duplicate first, then the block held.
        st.handleSegment(3_200_000L, fromPeer(s0 + 5 * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertArrayEquals(new int[] {s0 + 5 * MSS, s0 + 6 * MSS}, sackBlocks(out.packets.get(out.packets.size() - 1)), "no stale duplicate");
        st.handleSegment(3_300_000L, fromPeer(s0 + 2 * MSS, o[1], TcpHeader.ACK, false, seg), out);
        assertArrayEquals(new int[] {s0 + 2 * MSS, s0 + 3 * MSS, s0 + 5 * MSS, s0 + 6 * MSS}, sackBlocks(out.packets.get(out.packets.size() - 1)));
        // A segment overlapping RCV.NXT: its old half is the duplicate, its new half is taken.
        byte[] two = new byte[2 * MSS];
        st.handleSegment(3_400_000L, fromPeer(s0 + 3 * MSS, o[1], TcpHeader.ACK, false, two), out);
        TcpSegment ack = out.last();
        assertEquals(s0 + 6 * MSS, ack.ack(), "its new half filled the hole: 4 and the held 5 are in");
        assertArrayEquals(new int[] {s0 + 3 * MSS, s0 + 4 * MSS}, sackBlocks(out.packets.get(out.packets.size() - 1)));
    }

    @Test
    void noBlocksWithoutNegotiation() {
        TcpStack st = new TcpStack(TcpConfig.routerDefaults(), 6);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        int[] o = open(st, out, 100, false);
        st.handleSegment(3_000_000L, fromPeer(o[0] + MSS, o[1], TcpHeader.ACK, false, new byte[MSS]), out);
        assertEquals(o[0], out.last().ack(), "a duplicate ACK");
        assertEquals(0, sackBlocks(out.packets.get(out.packets.size() - 1)).length);
        st.handleSegment(3_100_000L, fromPeer(o[0], o[1], TcpHeader.ACK, false, new byte[MSS]), out);
        st.handleSegment(3_200_000L, fromPeer(o[0], o[1], TcpHeader.ACK, false, new byte[MSS]), out);
        assertEquals(o[0] + 2 * MSS, out.last().ack());
        assertEquals(0, sackBlocks(out.packets.get(out.packets.size() - 1)).length, "no D-SACK either");
    }

    @Test
    void aLossyTransferBetweenSackingStacksDeliversEveryByte() {
        TcpTestNet net = TcpTestNet.pair(61, TcpConfig.routerDefaults());
        int[] ids = net.connect(179, OPTS);
        Random loss = new Random(61);
        net.drop = p -> loss.nextInt(100) < 3;
        byte[] data = TcpTestNet.randomBytes(61, 600_000);
        int[] sent = {0};
        net.afterStep = () -> {
            if (sent[0] < data.length) {
                int n = net.a().stack.send(net.now, ids[0], data, sent[0], data.length - sent[0], net.a());
                if (n > 0) sent[0] += n;
            }
        };
        net.afterStep.run();
        assertTrue(net.runUntil(() -> net.b().receivedBytes(ids[1]).length == data.length, net.now + 600_000_000_000L));
        assertArrayEquals(data, net.b().receivedBytes(ids[1]));
        int withBlocks = 0;
        for (byte[] p : net.b().sent) if (sackBlocks(p).length > 0) withBlocks++;
        assertTrue(withBlocks > 0, "the receiver reported blocks while holes were open");
    }
}
