package io.vroom.core.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** Bulk transfer both ways over a lossy, reordering virtual channel, and the state contract: a mid-transfer capture/restore loses nothing. */
class TcpTransferTest {

    /** An application that pushes a byte array through a connection as fast as send() accepts it, then closes. */
    static final class Pump {
        final TcpTestNet.Node node;
        final int connId;
        final byte[] data;
        int off;
        boolean closed;

        Pump(TcpTestNet.Node node, int connId, byte[] data) {
            this.node = node;
            this.connId = connId;
            this.data = data;
        }

        void run(long now) {
            while (off < data.length) {
                int n = node.stack.send(now, connId, data, off, Math.min(data.length - off, 10_000), node);
                if (n <= 0) break;
                off += n;
            }
            if (off == data.length && !closed) {
                closed = true;
                node.stack.close(now, connId, node);
            }
        }
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static void bulk(long seed, double loss, long jitterNs, boolean migrate, int size) throws Exception {
        TcpConfig cfg = TcpConfig.defaults().withBuffers(64 * 1024, 96 * 1024).withRto(200_000_000L, 50_000_000L, 10_000_000_000L);
        TcpTestNet net = TcpTestNet.pair(seed, cfg);
        net.latencyNs = 2_000_000L;
        int[] ids = net.connect(179, TcpSocketOptions.of("bgp"));
        net.loss = loss;
        net.jitterNs = jitterNs;
        byte[] ab = TcpTestNet.randomBytes(seed + 100, size);
        byte[] ba = TcpTestNet.randomBytes(seed + 200, size + 12345);
        Pump pa = new Pump(net.a(), ids[0], ab);
        Pump pb = new Pump(net.b(), ids[1], ba);
        net.afterStep = () -> {
            pa.run(net.now);
            pb.run(net.now);
        };
        pa.run(net.now);
        pb.run(net.now);
        if (migrate) {
            // Run until a good part has moved, then capture B's whole stack with data in flight both ways
            // and segments on the wire, and swap a deep copy in.
            assertTrue(net.runUntil(() -> net.b().receivedBytes(ids[1]).length > size / 3, net.now + 600_000_000_000L));
            TcpConnectionInfo bi = net.b().info(ids[1]);
            TcpConnectionInfo ai = net.a().info(ids[0]);
            assertNotEquals(bi.sndUna(), bi.sndNxt(), "B has unacknowledged data in flight");
            assertNotEquals(ai.sndUna(), ai.sndNxt(), "A has unacknowledged data in flight");
            assertFalse(net.wire.isEmpty(), "segments are on the wire");
            TcpStack copy = TcpTestNet.deepCopy(net.b().stack);
            net.b().stack = copy;
            assertEquals(bi, copy.info(ids[1]), "restored connection state equals the captured one");
        }
        boolean done = net.runUntil(() -> !net.a().eventsOf(TcpEvent.Closed.class).isEmpty() && !net.b().eventsOf(TcpEvent.Closed.class).isEmpty(),
                net.now + 3_600_000_000_000L);
        assertTrue(done, "both sides closed; lost=" + net.lost);
        byte[] gotAtB = net.b().receivedBytes(ids[1]);
        byte[] gotAtA = net.a().receivedBytes(ids[0]);
        assertEquals(ab.length, gotAtB.length);
        assertEquals(ba.length, gotAtA.length);
        assertArrayEquals(sha256(ab), sha256(gotAtB), "A->B stream intact");
        assertArrayEquals(sha256(ba), sha256(gotAtA), "B->A stream intact");
        if (loss > 0) {
            assertTrue(net.lost > 0, "the channel lost packets");
            assertTrue(net.a().stack.counter(TcpCounter.RETRANSMITTED_SEGMENTS) + net.b().stack.counter(TcpCounter.RETRANSMITTED_SEGMENTS) > 0);
        }
        System.out.printf("seed=%d loss=%.2f migrate=%s t=%.3fs lost=%d A:%s B:%s%n", seed, loss, migrate, net.now / 1e9, net.lost,
                stats(net.a().stack), stats(net.b().stack));
        assertEquals(1, net.a().eventsOf(TcpEvent.PeerClosed.class).size());
        assertEquals(1, net.b().eventsOf(TcpEvent.PeerClosed.class).size());
        assertTrue(net.a().eventsOf(TcpEvent.Reset.class).isEmpty());
        assertTrue(net.b().eventsOf(TcpEvent.Reset.class).isEmpty());
        // TIME_WAIT drains after 2*MSL and leaves nothing behind.
        net.runFor(2 * cfg.mslNs() + 1_000_000_000L);
        assertNull(net.a().info(ids[0]));
        assertNull(net.b().info(ids[1]));
        assertTrue(net.a().stack.connectionIds().isEmpty() && net.b().stack.connectionIds().isEmpty());
    }

    static String stats(TcpStack s) {
        StringBuilder b = new StringBuilder();
        for (TcpCounter c : TcpCounter.values()) if (s.counter(c) != 0) b.append(c).append('=').append(s.counter(c)).append(' ');
        return b.toString();
    }

    @Test
    void cleanTransferBothWays() throws Exception {
        bulk(1, 0, 0, false, 2_000_000);
    }

    @Test
    void bulkDataLeavesAsSuperSegmentsCutAtTheMss() {
        // TSO/GSO: the stack hands down up to ~64 KiB at once, to be cut at the effective MSS; what
        // reaches the wire (cut by the default output) is ordinary segments, and the stream is intact.
        TcpTestNet net = TcpTestNet.pair(5, TcpConfig.routerDefaults());
        int[] ids = net.connect(179, TcpSocketOptions.of("x"));
        byte[] data = TcpTestNet.randomBytes(3, 1_000_000);
        Pump p = new Pump(net.a(), ids[0], data);
        net.afterStep = () -> p.run(net.now);
        p.run(net.now);
        assertTrue(net.runUntil(() -> net.b().receivedBytes(ids[1]).length == data.length, net.now + 60_000_000_000L));
        assertArrayEquals(data, net.b().receivedBytes(ids[1]));
        int mss = net.a().info(ids[0]).effMss();
        assertTrue(net.a().superSegments > 0, "no super-segment was handed down");
        assertEquals(java.util.Set.of(mss), net.a().superSegmentSizes, "cut at the effective MSS");
        assertTrue(net.a().largestSuperSegment > 4 * mss, "largest " + net.a().largestSuperSegment);
        for (byte[] s : net.a().sent) assertTrue(s.length <= 40 + 40 + mss, "a segment on the wire exceeds the MSS: " + s.length);
    }

    @Test
    void lossyReorderingTransferBothWays() throws Exception {
        bulk(2, 0.02, 3_000_000L, false, 1_000_000);
    }

    @Test
    void migrationMidTransferLosesNothing() throws Exception {
        bulk(3, 0.01, 2_000_000L, true, 1_000_000);
    }

    @Test
    void migrationMidTransferManySeeds() throws Exception {
        for (long seed = 10; seed < 16; seed++) bulk(seed, 0.03, 4_000_000L, true, 300_000);
    }

    /** The strongest form of the contract: swapping in a copy changes nothing at all, byte for byte, in what either side sends. */
    @Test
    void restoredStackContinuesIdentically() throws Exception {
        java.util.List<java.util.List<byte[]>> traces = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            TcpTestNet net = TcpTestNet.pair(77, TcpConfig.defaults().withBuffers(32 * 1024, 32 * 1024));
            net.loss = 0.02;
            net.jitterNs = 2_000_000L;
            int[] ids = net.connect(179, TcpSocketOptions.of("x"));
            Pump pa = new Pump(net.a(), ids[0], TcpTestNet.randomBytes(1, 300_000));
            Pump pb = new Pump(net.b(), ids[1], TcpTestNet.randomBytes(2, 300_000));
            net.afterStep = () -> {
                pa.run(net.now);
                pb.run(net.now);
            };
            pa.run(net.now);
            pb.run(net.now);
            net.runUntil(() -> pa.off > 100_000, net.now + 60_000_000_000L);
            if (run == 1) {
                net.a().stack = TcpTestNet.deepCopy(net.a().stack);
                net.b().stack = TcpTestNet.deepCopy(net.b().stack);
            }
            assertTrue(net.runUntil(() -> net.a().eventsOf(TcpEvent.Closed.class).size() == 1 && net.b().eventsOf(TcpEvent.Closed.class).size() == 1,
                    net.now + 600_000_000_000L));
            java.util.List<byte[]> t = new java.util.ArrayList<>(net.a().sent);
            t.addAll(net.b().sent);
            traces.add(t);
        }
        assertEquals(traces.get(0).size(), traces.get(1).size());
        for (int i = 0; i < traces.get(0).size(); i++) assertArrayEquals(traces.get(0).get(i), traces.get(1).get(i), "packet " + i);
    }

    @Test
    void sameSeedSameTrace() throws Exception {
        long[] counts = new long[2];
        for (int run = 0; run < 2; run++) {
            TcpTestNet net = TcpTestNet.pair(42, TcpConfig.defaults());
            net.loss = 0.05;
            net.jitterNs = 3_000_000L;
            int[] ids = net.connect(179, TcpSocketOptions.of("x"));
            Pump p = new Pump(net.a(), ids[0], TcpTestNet.randomBytes(5, 200_000));
            net.afterStep = () -> p.run(net.now);
            p.run(net.now);
            net.runUntil(() -> !net.a().eventsOf(TcpEvent.Closed.class).isEmpty(), net.now + 600_000_000_000L);
            counts[run] = net.a().sent.size() * 1_000_003L + net.now;
        }
        assertEquals(counts[0], counts[1], "deterministic from the seed");
    }
}
