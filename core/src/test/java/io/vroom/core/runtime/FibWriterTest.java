package io.vroom.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The FIB writer applies batches in order, coalesces them, never holds more than its bound, and drains on close. */
class FibWriterTest {
    /** Records every delta applied and the largest number pending (as the writer says) at any apply. */
    static final class Recorder implements VrDataPlane {
        final List<Ip4Prefix> applied = new ArrayList<>(); // writer thread only, read after awaitIdle/close
        final CountDownLatch gate;
        volatile FibWriter writer;
        volatile int maxPendingSeen;
        volatile int applies;

        Recorder(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override public String vrName() { return "vr1"; }
        @Override public FibResult apply(List<FibDelta> batch) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            FibWriter w = writer;
            if (w != null) maxPendingSeen = Math.max(maxPendingSeen, w.pending());
            for (FibDelta d : batch) applied.add(d.prefix());
            applies++;
            return new FibResult(batch.size(), 0, null);
        }
        @Override public List<FibEntry> entries() { return List.of(); }
        @Override public int fibSize() { return applied.size(); }
        @Override public void bind(int ifIndex, Port port) {}
        @Override public void unbind(int ifIndex) {}
        @Override public void send(int ifIndex, int nextHop, byte[] packet) {}
        @Override public void sendRouted(byte[] packet) {}
        @Override public Map<String, Long> counters(int ifIndex) { return Map.of(); }
        @Override public void close() {}
    }

    private static List<FibDelta> batch(int from, int n) {
        List<FibDelta> b = new ArrayList<>();
        for (int i = from; i < from + n; i++) b.add(FibDelta.remove(new Ip4Prefix(0x0a000000 + (i << 8), 24)));
        return b;
    }

    @Test
    void batchesAreAppliedInOrderCoalescedAndBounded() throws Exception {
        Recorder dp = new Recorder(new CountDownLatch(0));
        int bound = 1000;
        FibWriter w = new FibWriter("vr1", dp, bound);
        dp.writer = w;
        int batches = 2000, per = 7;
        for (int i = 0; i < batches; i++) assertTrue(w.submit(batch(i * per, per)));
        assertTrue(w.awaitIdle(30, TimeUnit.SECONDS));
        assertEquals(batches * per, dp.applied.size());
        for (int i = 0; i < dp.applied.size(); i++) {
            assertEquals(new Ip4Prefix(0x0a000000 + (i << 8), 24), dp.applied.get(i), "delta " + i + " out of order");
        }
        assertTrue(dp.maxPendingSeen <= bound, "pending " + dp.maxPendingSeen + " exceeded the bound " + bound);
        assertEquals(dp.applies, w.appliedBatches());
        w.close();
        assertFalse(w.submit(batch(0, 1)), "a closed writer takes nothing");
    }

    @Test
    void aBlockedDataPlaneCoalescesWhatQueuesMeanwhileAndCloseDrainsIt() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Recorder dp = new Recorder(gate);
        FibWriter w = new FibWriter("vr1", dp, 100);
        assertTrue(w.submit(batch(0, 10))); // taken by the writer, which then waits on the gate
        for (int i = 1; i < 9; i++) assertTrue(w.submit(batch(i * 10, 10))); // 90 pending: all fit
        assertEquals(90, w.pending());
        gate.countDown();
        w.close();
        assertEquals(90, dp.applied.size(), "close applied what was queued");
        assertTrue(dp.applies <= 2, "the eight queued batches were coalesced: " + dp.applies + " applies");
        assertEquals(0, w.pending());
    }

    @Test
    void aBatchLargerThanTheBoundIsAdmittedAloneWhenIdle() throws Exception {
        Recorder dp = new Recorder(new CountDownLatch(0));
        FibWriter w = new FibWriter("vr1", dp, 10);
        assertTrue(w.submit(batch(0, 50)));
        assertTrue(w.submit(batch(50, 5)));
        assertTrue(w.awaitIdle(30, TimeUnit.SECONDS));
        assertEquals(55, dp.applied.size());
        w.close();
    }
}
