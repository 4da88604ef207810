package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ipv4;
import org.junit.jupiter.api.Test;

/** Wire format (golden bytes), MSS, RFC 7323 window scaling and timestamps, delayed ACK, keepalive. */
class TcpOptionsTest {
    private static final TcpSocketOptions OPTS = TcpSocketOptions.of("t");

    @Test
    void synGoldenBytes() {
        TcpStack s = new TcpStack(TcpConfig.defaults(), 5);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        s.connect(2_000_000L, A, B, 179, OPTS.withLocalPort(40000), out);
        byte[] p = out.packets.get(0);
        assertEquals(20 + 20 + 20, p.length, "MSS 4 + NOP,WS 4 + NOP,NOP,TS 12");
        int t = 20;
        assertEquals(0xa0, p[t + 12] & 0xff, "data offset 10 words");
        assertEquals(TcpHeader.SYN, p[t + 13]);
        byte[] opts = java.util.Arrays.copyOfRange(p, t + 20, t + 40);
        int ts = TcpTestNet.seg(p).tsVal();
        byte[] expect = {2, 4, 0x05, (byte) 0xb4, 1, 3, 3, 3, 1, 1, 8, 10,
                (byte) (ts >>> 24), (byte) (ts >>> 16), (byte) (ts >>> 8), (byte) ts, 0, 0, 0, 0};
        assertArrayEquals(expect, opts);
        assertEquals(0xffff, Checksum.sum(p, 0, 20, 0), "IP header checksum");
        int ph = Ipv4.pseudoHeaderSum(A, B, 6, p.length - 20);
        assertEquals(0xffff, Checksum.sum(p, 20, p.length - 20, ph), "TCP checksum over the pseudo-header");
        assertEquals(40000, TcpTestNet.seg(p).sourcePort());
    }

    @Test
    void mssBoundsSegmentSize() {
        TcpTestNet net = new TcpTestNet(31);
        net.add(A, new TcpStack(TcpConfig.defaults(), 1));
        net.add(B, new TcpStack(TcpConfig.defaults().withMss(536), 2));
        int[] ids = net.connect(179, OPTS);
        assertEquals(536 - 12, net.a().info(ids[0]).effMss(), "min(peer MSS, ours) less the timestamp option (RFC 6691)");
        byte[] data = TcpTestNet.randomBytes(3, 20_000);
        net.a().stack.send(net.now, ids[0], data, net.a());
        net.b().stack.send(net.now, ids[1], data, net.b());
        net.runFor(2_000_000_000L);
        assertArrayEquals(data, net.b().receivedBytes(ids[1]));
        assertArrayEquals(data, net.a().receivedBytes(ids[0]));
        for (byte[] p : net.a().sent) assertTrue(TcpTestNet.seg(p).dataLength() <= 524);
        for (byte[] p : net.b().sent) assertTrue(TcpTestNet.seg(p).dataLength() <= 524);
        assertTrue(TcpTestNet.sentWhere(net.a(), s -> s.dataLength() == 524).size() > 10);
    }

    @Test
    void windowScalingLetsTheWindowExceed64KiB() {
        TcpConfig cfg = TcpConfig.defaults().withBuffers(1 << 20, 1 << 20);
        TcpTestNet net = TcpTestNet.pair(32, cfg);
        net.latencyNs = 20_000_000L;
        int[] ids = net.connect(179, OPTS);
        assertEquals(5, net.a().info(ids[0]).sndShift(), "2^20 >> 4 = 65536 does not fit: shift 5");
        assertEquals(5, net.b().info(ids[1]).rcvShift());
        int[] maxFlight = {0};
        int[] maxWnd = {0};
        net.afterStep = () -> {
            TcpConnectionInfo i = net.a().info(ids[0]);
            maxFlight[0] = Math.max(maxFlight[0], i.sndNxt() - i.sndUna());
            maxWnd[0] = Math.max(maxWnd[0], i.sndWnd());
        };
        byte[] data = TcpTestNet.randomBytes(4, 4_000_000);
        int[] off = {0};
        Runnable pump = () -> {
            int n = net.a().stack.send(net.now, ids[0], data, off[0], data.length - off[0], net.a());
            if (n > 0) off[0] += n;
        };
        Runnable after = net.afterStep;
        net.afterStep = () -> {
            after.run();
            pump.run();
        };
        pump.run();
        assertTrue(net.runUntil(() -> net.b().receivedBytes(ids[1]).length == data.length, net.now + 60_000_000_000L));
        assertArrayEquals(data, net.b().receivedBytes(ids[1]));
        assertTrue(maxWnd[0] > 65535 * 4, "scaled window " + maxWnd[0]);
        assertTrue(maxFlight[0] > 65535, "more than 64 KiB in flight: " + maxFlight[0]);
        // The window field B sends, shifted by 5, is the window A uses.
        TcpSegment lastAck = TcpTestNet.seg(net.b().sent.get(net.b().sent.size() - 1));
        assertEquals(lastAck.window() << 5, net.a().info(ids[0]).sndWnd());
    }

    @Test
    void optionsOmittedWhenThePeerDoesNotOfferThem() {
        TcpTestNet net = new TcpTestNet(33);
        net.add(A, new TcpStack(TcpConfig.defaults(), 1));
        net.add(B, new TcpStack(TcpConfig.defaults().withOptions(false, false), 2));
        int[] ids = net.connect(179, OPTS);
        TcpSegment synAck = TcpTestNet.seg(net.b().sent.get(0));
        assertEquals(-1, synAck.wscale());
        assertFalse(synAck.hasTs());
        TcpConnectionInfo a = net.a().info(ids[0]);
        assertEquals(0, a.sndShift());
        assertEquals(0, a.rcvShift());
        assertFalse(a.timestamps());
        net.a().stack.send(net.now, ids[0], new byte[3000], net.a());
        net.runFor(100_000_000L);
        assertEquals(3000, net.b().receivedBytes(ids[1]).length);
        for (TcpSegment s : TcpTestNet.sentWhere(net.a(), s -> !s.has(TcpHeader.SYN))) assertEquals(s.dataOffset() - s.tcpOffset(), 20, "no options");
        assertEquals(1460, a.effMss());
    }

    @Test
    void timestampsEchoAndMeasure() {
        TcpTestNet net = TcpTestNet.pair(34, TcpConfig.defaults());
        net.latencyNs = 15_000_000L;
        int[] ids = net.connect(179, OPTS);
        net.a().stack.send(net.now, ids[0], new byte[6 * net.a().info(ids[0]).effMss()], net.a());
        net.runFor(500_000_000L);
        for (TcpSegment s : TcpTestNet.sentWhere(net.b(), s -> !s.has(TcpHeader.SYN))) {
            assertTrue(s.hasTs());
            assertTrue(s.tsEcr() != 0);
        }
        long srtt = net.a().info(ids[0]).srttNs();
        // Samples are 30 ms, or 70 ms for the one segment that waits for B's delayed ACK (IW = 3 segments).
        assertTrue(srtt >= 29_000_000L && srtt <= 40_000_000L, "RTTM from echoed timestamps: " + srtt);
    }

    @Test
    void delayedAckWaitsForASecondSegmentOrTheTimer() {
        TcpTestNet net = TcpTestNet.pair(35, TcpConfig.defaults());
        int[] ids = net.connect(179, OPTS);
        int before = net.b().sent.size();
        net.a().stack.send(net.now, ids[0], new byte[100], net.a());
        long arrive = net.now + net.latencyNs;
        net.runFor(200_000_000L);
        assertEquals(before + 1, net.b().sent.size());
        assertEquals(arrive + TcpConfig.defaults().delayedAckNs(), net.b().sentAtNs.get(before), "ACK after the delayed-ACK timer");
        before = net.b().sent.size();
        int mss = net.a().info(ids[0]).effMss();
        net.a().stack.send(net.now, ids[0], new byte[2 * mss], net.a());
        arrive = net.now + net.latencyNs;
        net.runFor(200_000_000L);
        assertEquals(arrive, net.b().sentAtNs.get(before), "every second full segment is ACKed at once");
    }

    @Test
    void keepalivesProbeAnIdlePeerAndResetADeadOne() {
        TcpTestNet net = TcpTestNet.pair(36, TcpConfig.defaults());
        TcpSocketOptions ka = OPTS.withKeepalive(10_000_000_000L, 1_000_000_000L, 3);
        net.b().stack.listen(B, 179, 7, OPTS);
        int ca = net.a().stack.connect(0, A, B, 179, ka, net.a());
        net.runFor(35_000_000_000L);
        assertEquals(3, net.a().stack.counter(TcpCounter.KEEPALIVES_SENT), "one probe per idle period, each answered");
        assertEquals(TcpState.ESTABLISHED, net.a().info(ca).state());
        net.drop = p -> true;
        net.runFor(20_000_000_000L);
        assertEquals(TcpEvent.Reason.KEEPALIVE_TIMEOUT, net.a().eventsOf(TcpEvent.Reset.class).get(0).reason());
        assertEquals(1, net.a().stack.counter(TcpCounter.KEEPALIVE_TIMEOUTS));
    }
}
