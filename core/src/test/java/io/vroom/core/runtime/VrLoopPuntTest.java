package io.vroom.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.vroom.core.dataplane.DataPlane;
import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Punts from several port threads reach the VR in bursts, every one of them, in order per thread. */
class VrLoopPuntTest {
    static final int A0 = Ip4.parse("10.0.0.1"), PEER = Ip4.parse("10.0.0.2");

    /** A data plane that only records the punt handler and counts what the VR routes out. */
    static final class Capture implements DataPlane, VrDataPlane {
        volatile PuntHandler punt;
        final AtomicInteger routed = new AtomicInteger();
        final int[] lastSeqByThread = new int[8];
        volatile boolean inOrder = true;

        @Override public String kind() { return "capture"; }
        @Override public VrDataPlane open(String vrName, PuntHandler p) { punt = p; return this; }
        @Override public void destroy(String vrName) {}
        @Override public String vrName() { return "vr1"; }
        @Override public FibResult apply(List<FibDelta> batch) { return new FibResult(batch.size(), 0, null); }
        @Override public List<FibEntry> entries() { return List.of(); }
        @Override public int fibSize() { return 0; }
        @Override public void bind(int ifIndex, Port port) {}
        @Override public void unbind(int ifIndex) {}
        @Override public void send(int ifIndex, int nextHop, byte[] packet) { sendRouted(packet); }
        @Override public void sendRouted(byte[] packet) {
            // echo replies carry the request's identifier (thread) and sequence number (per-thread order)
            int id = ((packet[24] & 0xff) << 8) | (packet[25] & 0xff);
            int seq = ((packet[26] & 0xff) << 8) | (packet[27] & 0xff);
            if (seq != lastSeqByThread[id] + 1) inOrder = false;
            lastSeqByThread[id] = seq;
            routed.incrementAndGet();
        }
        @Override public Map<String, Long> counters(int ifIndex) { return Map.of(); }
        @Override public void close() {}
    }

    @Test
    void everyPuntFromConcurrentThreadsIsHandledInPerThreadOrder() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        Capture dp = new Capture();
        VrLoop vrLoop = new VrLoop("vr1", loop, dp);
        try {
            VirtualRouter vr = new VirtualRouter(new VrConfig("vr1", 0,
                    List.of(new VrConfig.InterfaceConfig("eth0", A0, 24, 1500, 10)), List.of(), 1), List.of());
            vrLoop.start(vr, true).get(10, TimeUnit.SECONDS);
            int threads = 4, perThread = 2000; // 8000 < MAX_PENDING_PUNTS: none may be dropped
            CountDownLatch go = new CountDownLatch(1);
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 1; i <= perThread; i++) dp.punt.punt(0, Icmp.echoRequest(PEER, A0, id, i, new byte[0]));
                });
                ts[t].start();
            }
            go.countDown();
            for (Thread t : ts) t.join(30_000);
            // A query runs after every task queued before it; drain tasks re-queue themselves until the queue is empty.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (dp.routed.get() < threads * perThread && System.nanoTime() < deadline) vrLoop.call(v -> null).get(10, TimeUnit.SECONDS);
            assertEquals(threads * perThread, dp.routed.get(), "every punt answered");
            assertEquals(0, vrLoop.puntDrops());
            assertTrue(dp.inOrder, "each thread's packets were handled in the order it punted them");
            assertEquals((long) threads * perThread, (long) vrLoop.call(v -> v.counter(io.vroom.core.vr.VrCounter.ECHO_REPLIES)).get(10, TimeUnit.SECONDS));
        } finally {
            vrLoop.close();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
