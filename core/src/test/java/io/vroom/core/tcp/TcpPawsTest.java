package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * RFC 7323 §5 PAWS as implemented: only a timestamp strictly older than TS.Recent (modulo 2^32)
 * rejects a segment; equal timestamps (many segments sent in one clock tick) and segments reordered
 * in flight (TS.Recent only moves for in-sequence segments, §4.3) are accepted.
 */
class TcpPawsTest {
    private static final int MSS = 1000;

    private static byte[] seg(int seq, int ack, int flags, int tsVal) {
        TcpEncoder.Spec s = new TcpEncoder.Spec(B, A, 40000, 179);
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = 65535;
        if ((flags & TcpHeader.SYN) != 0) s.mss = 1460;
        s.ts = true;
        s.tsVal = tsVal;
        byte[] data = (flags & TcpHeader.SYN) != 0 ? new byte[0] : new byte[MSS];
        ByteRing r = new ByteRing(Math.max(1, data.length));
        r.write(data, 0, data.length);
        return TcpEncoder.encode(s, r, 0, data.length);
    }

    private static final class Conn {
        final TcpStack st = new TcpStack(TcpConfig.defaults(), 9);
        final TcpTestNet.Sink out = new TcpTestNet.Sink();
        final int peerSeq;
        final int ourSeq;
        final int id;
        long now = 1_000_000L;

        Conn(int irs, int synTsVal) {
            st.listen(A, 179, 1, TcpSocketOptions.of("t"));
            st.handleSegment(now, seg(irs, 0, TcpHeader.SYN, synTsVal), out);
            ourSeq = out.last().seq() + 1;
            peerSeq = irs + 1;
            id = st.connectionIds().get(0);
        }

        /** Data segment number {@code k} (k = 0 is the first byte after the SYN), carrying {@code tsVal}. */
        void data(int k, int tsVal) {
            now += 1_000_000L;
            st.handleSegment(now, seg(peerSeq + k * MSS, ourSeq, TcpHeader.ACK, tsVal), out);
        }

        int delivered() {
            int n = 0;
            for (TcpEvent e : out.events) if (e instanceof TcpEvent.Data d) n += d.bytes().length;
            return n;
        }
    }

    @Test
    void equalTimestampsAreAcceptable() {
        Conn c = new Conn(5000, 700);
        for (int k = 0; k < 6; k++) c.data(k, 700); // all sent in the same millisecond: TSval == TS.Recent
        assertEquals(6 * MSS, c.delivered());
        assertEquals(0, c.st.counter(TcpCounter.PAWS_DROPS));
    }

    @Test
    void aStrictlyOlderTimestampIsRejectedAndAnswered() {
        Conn c = new Conn(5000, 700);
        c.data(0, 800);
        c.data(1, 900); // the second in-order segment makes an ACK due: Last.ACK.sent moves, TS.Recent = 900 on the next
        c.data(2, 950);
        int packets = c.out.packets.size();
        c.data(3, 949); // in sequence, in window, but one tick older than TS.Recent: an old duplicate by PAWS
        assertEquals(3 * MSS, c.delivered(), "its data is not accepted");
        assertEquals(1, c.st.counter(TcpCounter.PAWS_DROPS));
        assertEquals(packets + 1, c.out.packets.size(), "answered with an ACK (RFC 7323 §5.3 R1)");
        assertEquals(c.peerSeq + 3 * MSS, c.out.last().ack());
        c.data(3, 950); // the same bytes with TSval == TS.Recent are fine
        assertEquals(4 * MSS, c.delivered());
    }

    @Test
    void segmentsReorderedInFlightAreNotPawsDrops() {
        Conn c = new Conn(5000, 100);
        c.data(0, 100);
        // 1, 2, 3 were sent at ticks 101, 102, 103 and arrive newest first: none of them is in
        // sequence until 1 arrives, so TS.Recent does not move past the older ones (§4.3).
        c.data(3, 103);
        c.data(2, 102);
        c.data(1, 101);
        assertEquals(4 * MSS, c.delivered());
        assertEquals(0, c.st.counter(TcpCounter.PAWS_DROPS));
    }

    @Test
    void timestampsCompareModulo2To32() {
        Conn c = new Conn(5000, 0xfffffff0);
        c.data(0, 0xfffffff8);
        c.data(1, 0x00000004); // wrapped: newer
        c.data(2, 0x00000010);
        assertEquals(3 * MSS, c.delivered());
        assertEquals(0, c.st.counter(TcpCounter.PAWS_DROPS));
        c.data(3, 0xfffffffc); // older than 0x10 across the wrap
        assertEquals(1, c.st.counter(TcpCounter.PAWS_DROPS));
    }
}
