package io.vroom.core.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss recovery: fast retransmit on three duplicate ACKs, RTO with exponential backoff, Karn's rule, RFC 6298 arithmetic. */
class TcpRecoveryTest {
    private static final TcpSocketOptions OPTS = TcpSocketOptions.of("t");

    @Test
    void threeDupAcksTriggerFastRetransmitBeforeTheTimer() {
        TcpTestNet net = TcpTestNet.pair(21, TcpConfig.defaults());
        int[] ids = net.connect(179, OPTS);
        TcpConnectionInfo ai = net.a().info(ids[0]);
        int target = ai.sndNxt() + 2 * ai.effMss();
        boolean[] dropped = {false};
        net.drop = p -> {
            TcpSegment s = TcpTestNet.seg(p);
            if (!dropped[0] && s.sourcePort() == ai.localPort() && s.seq() == target && s.dataLength() > 0) {
                dropped[0] = true;
                return true;
            }
            return false;
        };
        byte[] data = TcpTestNet.randomBytes(1, 40_000);
        assertEquals(data.length, net.a().stack.send(net.now, ids[0], data, net.a()));
        assertTrue(net.runUntil(() -> net.b().receivedBytes(ids[1]).length == data.length, net.now + 10_000_000_000L));
        assertArrayEquals(data, net.b().receivedBytes(ids[1]));
        assertTrue(dropped[0]);
        assertEquals(1, net.a().stack.counter(TcpCounter.FAST_RETRANSMITS));
        assertEquals(0, net.a().stack.counter(TcpCounter.RETRANSMIT_TIMEOUTS));
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < net.a().sent.size(); i++) {
            TcpSegment s = TcpTestNet.seg(net.a().sent.get(i));
            if (s.seq() == target && s.dataLength() > 0) times.add(net.a().sentAtNs.get(i));
        }
        assertEquals(2, times.size());
        assertTrue(times.get(1) - times.get(0) < ai.rtoNs(), "retransmitted on duplicate ACKs, not on the timer");
        assertTrue(net.a().stack.counter(TcpCounter.DUP_ACKS_IN) >= 3);
        assertTrue(net.b().stack.counter(TcpCounter.OUT_OF_ORDER_SEGMENTS) >= 3);
    }

    @Test
    void retransmissionTimerBacksOffExponentiallyThenGivesUp() {
        TcpConfig cfg = TcpConfig.defaults().withLimits(128, 1024, 5, 6);
        TcpTestNet net = TcpTestNet.pair(22, cfg);
        int[] ids = net.connect(179, OPTS);
        long rto = net.a().info(ids[0]).rtoNs();
        assertEquals(cfg.minRtoNs(), rto, "a 10 ms RTT gives the configured minimum RTO");
        net.drop = p -> TcpTestNet.seg(p).sourcePort() != 179; // A -> B blackholed
        int sentBefore = net.a().sent.size();
        net.a().stack.send(net.now, ids[0], new byte[1000], net.a());
        assertTrue(net.runUntil(() -> !net.a().eventsOf(TcpEvent.Reset.class).isEmpty(), net.now + 600_000_000_000L));
        assertEquals(TcpEvent.Reason.RETRANSMIT_TIMEOUT, net.a().eventsOf(TcpEvent.Reset.class).get(0).reason());
        List<Long> dataTimes = new ArrayList<>();
        for (int i = sentBefore; i < net.a().sent.size(); i++) if (TcpTestNet.seg(net.a().sent.get(i)).dataLength() > 0) dataTimes.add(net.a().sentAtNs.get(i));
        assertEquals(6, dataTimes.size(), "original + 5 retransmissions");
        for (int i = 1; i < dataTimes.size(); i++) assertEquals(rto << (i - 1), dataTimes.get(i) - dataTimes.get(i - 1), "interval " + i);
        TcpSegment last = TcpTestNet.seg(net.a().sent.get(net.a().sent.size() - 1));
        assertTrue(last.has(TcpHeader.RST), "gives up with a RST");
        assertEquals(5, net.a().stack.counter(TcpCounter.RETRANSMIT_TIMEOUTS));
    }

    @Test
    void timeoutCollapsesCongestionWindow() {
        TcpTestNet net = TcpTestNet.pair(23, TcpConfig.defaults());
        int[] ids = net.connect(179, OPTS);
        net.drop = p -> TcpTestNet.seg(p).sourcePort() != 179;
        net.a().stack.send(net.now, ids[0], new byte[5000], net.a());
        TcpConnectionInfo before = net.a().info(ids[0]);
        int flight = before.sndNxt() - before.sndUna();
        net.runUntil(() -> net.a().stack.counter(TcpCounter.RETRANSMIT_TIMEOUTS) == 1, net.now + 5_000_000_000L);
        TcpConnectionInfo after = net.a().info(ids[0]);
        assertEquals(after.effMss(), after.cwnd(), "RFC 5681 eq. 4: loss window is one segment");
        assertEquals(Math.max(flight / 2, 2 * after.effMss()), after.ssthresh());
        assertEquals(2 * before.rtoNs(), after.rtoNs(), "backed off");
    }

    @Test
    void karnIgnoresRetransmittedSegmentsWithoutTimestamps() {
        TcpTestNet net = TcpTestNet.pair(24, TcpConfig.defaults().withOptions(true, false));
        int[] ids = net.connect(179, OPTS);
        long srtt0 = net.a().info(ids[0]).srttNs();
        assertEquals(10_000_000L, srtt0, "SYN RTT = 2 x 5 ms");
        boolean[] dropped = {false};
        net.drop = p -> {
            TcpSegment s = TcpTestNet.seg(p);
            if (!dropped[0] && s.sourcePort() != 179 && s.dataLength() > 0) return dropped[0] = true;
            return false;
        };
        net.a().stack.send(net.now, ids[0], new byte[100], net.a());
        assertTrue(net.runUntil(() -> net.b().receivedBytes(ids[1]).length == 100, net.now + 5_000_000_000L));
        net.runFor(50_000_000L);
        assertEquals(srtt0, net.a().info(ids[0]).srttNs(), "the ACK of a retransmission gives no sample (RFC 6298 §3)");
        net.a().stack.send(net.now, ids[0], new byte[100], net.a());
        net.runFor(100_000_000L);
        // A lone segment is acknowledged by B's delayed-ACK timer: R = 10 ms + 40 ms, SRTT = (7 x 10 + 50) / 8.
        assertEquals(15_000_000L, net.a().info(ids[0]).srttNs(), "a clean segment is sampled again");
    }

    @Test
    void rfc6298Arithmetic() {
        TcpConfig cfg = TcpConfig.defaults().withRto(1_000_000_000L, 1_000_000L, 60_000_000_000L);
        RttEstimator r = new RttEstimator(cfg.initialRtoNs());
        assertEquals(1_000_000_000L, r.rtoNs(cfg));
        r.sample(100_000_000L, cfg);
        assertEquals(100_000_000L, r.srttNs);
        assertEquals(50_000_000L, r.rttvarNs);
        assertEquals(300_000_000L, r.rtoNs(cfg));
        r.sample(200_000_000L, cfg);
        assertEquals(62_500_000L, r.rttvarNs);
        assertEquals(112_500_000L, r.srttNs);
        assertEquals(362_500_000L, r.rtoNs(cfg));
        r.backOff();
        r.backOff();
        assertEquals(4 * 362_500_000L, r.rtoNs(cfg));
        for (int i = 0; i < 40; i++) r.backOff();
        assertEquals(60_000_000_000L, r.rtoNs(cfg), "bounded by the maximum");
    }
}
