package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The window a passive open offers stays inside the receive buffer wherever the peer's ISN lies. */
class TcpReceiveWindowTest {
    private static final TcpSocketOptions OPTS = TcpSocketOptions.of("t");

    /** A segment from B (the peer) to A:179 with MSS, window scale 7 and timestamps on a SYN, timestamps otherwise. */
    static byte[] fromPeer(int seq, int ack, int flags, int window, int tsVal, int tsEcr, byte[] data) {
        TcpEncoder.Spec s = new TcpEncoder.Spec(B, A, 40000, 179);
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = window;
        if ((flags & TcpHeader.SYN) != 0) {
            s.mss = 1460;
            s.wscale = 7;
        }
        s.ts = true;
        s.tsVal = tsVal;
        s.tsEcr = tsEcr;
        ByteRing r = new ByteRing(Math.max(1, data.length));
        r.write(data, 0, data.length);
        return TcpEncoder.encode(s, r, 0, data.length);
    }

    @Test
    void aPassiveOpenNeverOffersMoreThanItsBufferWhateverThePeersIsn() {
        TcpConfig cfg = TcpConfig.defaults();
        int buffer = cfg.receiveBufferBytes();
        for (int irs : new int[] {0, 1000, 0x7fff0000, 0x7fffffff, 0x80000000, 0x90000000, 0xc0000000, 0xfffff000, -1}) {
            TcpStack st = new TcpStack(cfg, 11);
            TcpTestNet.Sink out = new TcpTestNet.Sink();
            st.listen(A, 179, 1, OPTS);
            st.handleSegment(1_000_000L, fromPeer(irs, 0, TcpHeader.SYN, 65535, 100, 0, new byte[0]), out);
            TcpSegment synAck = out.last();
            assertTrue(synAck.window() <= buffer, "SYN-ACK window (unscaled) for IRS " + Integer.toHexString(irs));
            int conn = st.connectionIds().get(0);
            st.handleSegment(2_000_000L, fromPeer(irs + 1, synAck.seq() + 1, TcpHeader.ACK, 65535, 101, synAck.tsVal(), new byte[0]), out);
            assertEquals(TcpState.ESTABLISHED, st.info(conn).state());
            assertTrue(st.info(conn).rcvWnd() <= buffer, "offered window " + st.info(conn).rcvWnd() + " for IRS " + Integer.toHexString(irs));
            // Two full segments make an ACK due; its window, scaled, fits the buffer too.
            int seq = irs + 1;
            for (int i = 0; i < 2; i++) {
                st.handleSegment(3_000_000L, fromPeer(seq, synAck.seq() + 1, TcpHeader.ACK, 65535, 102, synAck.tsVal(), new byte[1448]), out);
                seq += 1448;
            }
            TcpSegment ack = out.last();
            assertEquals(seq, ack.ack(), "both segments acknowledged");
            assertTrue((long) ack.window() << st.info(conn).rcvShift() <= buffer,
                    "ACK window " + ((long) ack.window() << st.info(conn).rcvShift()) + " for IRS " + Integer.toHexString(irs));
            assertTrue(st.info(conn).rcvWnd() <= buffer);
            assertEquals(0, st.counter(TcpCounter.RECEIVE_BUFFER_TRIMS));
        }
    }
}
