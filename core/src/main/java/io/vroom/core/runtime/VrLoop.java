package io.vroom.core.runtime;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vroom.core.dataplane.DataPlane;
import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrEvent;
import io.vroom.core.vr.VrOutputs;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real runtime for one VR: a Netty event loop is its single writer. Punted packets, timers and
 * commands from other threads all become tasks on that loop; each task is one sans-IO step
 * {@code vr.handle(nowNs, event, outputs)} (punted packets: a burst of them, {@code vr.handleBatch}),
 * after which the timer is re-armed for the VR's next deadline. Punts beyond
 * {@link #MAX_PENDING_PUNTS} packets or {@link #MAX_PENDING_PUNT_BYTES} bytes (a port may hand over
 * 64 KiB super-segments) are dropped and counted (a flood cannot grow the queue without limit).
 * FIB batches go to the data plane through a {@link FibWriter} (its own thread, in order, bounded),
 * so the FIB store and LPM work does not run on the VR's loop; a packet the VR routes right after a
 * route change may therefore still be looked up in the FIB as it was (as with any asynchronous
 * virtd, e.g. a hardware FIB).
 */
public final class VrLoop implements VrOutputs, AutoCloseable {
    public static final int MAX_PENDING_PUNTS = 16_384;
    /** Bytes the punt queue may hold: as many packets as {@link #MAX_PENDING_PUNTS} of 1,500 bytes. */
    public static final long MAX_PENDING_PUNT_BYTES = MAX_PENDING_PUNTS * 1_500L;
    /** Most punted packets one loop task hands to the VR (a burst from a port's read budget). */
    public static final int PUNT_BATCH = 64;
    private static final Logger log = LoggerFactory.getLogger(VrLoop.class);

    private final String name;
    private final EventLoop loop;
    private final VrDataPlane dataPlane;
    /** Applies shadowd's batches to {@link #dataPlane} off the VR's loop, in order, bounded. */
    private final FibWriter fibWriter;
    private final AtomicInteger pendingPunts = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong pendingPuntBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.ConcurrentLinkedQueue<VrEvent.PacketIn> punts = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final VrEvent.PacketIn[] batch = new VrEvent.PacketIn[PUNT_BATCH];
    private final Runnable drainTask = this::drainPunts;
    private final java.util.concurrent.atomic.LongAdder puntDrops = new java.util.concurrent.atomic.LongAdder();
    private VirtualRouter vr;
    private ScheduledFuture<?> timer;
    private long armedDeadlineNs = Long.MAX_VALUE;
    private boolean closed;
    /**
     * A persisted FIB found when the VR started fresh (a node restart): its entries keep forwarding
     * while the protocols re-learn; those not installed again are removed once the protocols say they
     * are done ({@link VirtualRouter#restartProgress()}), or after {@link #STALE_FIB_GRACE_NS} for
     * protocols that do not say (like graceful restart's stale-route timer, RFC 4724 §4.2). Null: none.
     */
    private io.vroom.core.vr.PreservedFib preserved;
    public static final long STALE_FIB_GRACE_NS = io.vroom.core.vr.PreservedFib.DEFAULT_GRACE_NS;

    /** Opens the VR's data plane on {@code dataPlane}; {@link #start} begins running it. */
    public VrLoop(String name, EventLoop loop, DataPlane dataPlane) {
        this.name = name;
        this.loop = loop;
        this.dataPlane = dataPlane.open(name, this::punt);
        this.fibWriter = new FibWriter(name, this.dataPlane);
    }

    public String name() { return name; }
    public VrDataPlane dataPlane() { return dataPlane; }
    public EventLoop eventLoop() { return loop; }
    public long puntDrops() { return puntDrops.sum(); }
    /** The writer that installs this VR's FIB batches (tests and benches wait on it). */
    public FibWriter fibWriter() { return fibWriter; }

    /** Runs {@code vr} on this loop from now on ({@code fresh}: call its start, else it continues from restored state). */
    public CompletableFuture<Void> start(VirtualRouter router, boolean fresh) {
        return call(ignored -> {
            this.vr = router;
            long now = RealClock.nowNs();
            boolean keptFib = fresh && dataPlane.fibSize() > 0;
            if (keptFib) {
                preserved = io.vroom.core.vr.PreservedFib.of(dataPlane.entries(), now, STALE_FIB_GRACE_NS);
                log.info("vr {}: forwarding from the persisted FIB ({} entries) until routes are learned again", name, preserved.pending());
                loop.schedule(this::checkPreserved, STALE_FIB_GRACE_NS, TimeUnit.NANOSECONDS);
            }
            if (fresh) vr.start(now, this, keptFib);
            awaitFibStartup(); // connected and local routes are in the FIB before the VR's first packet goes out
            checkPreserved();
            rearm();
            return null;
        });
    }

    private void awaitFibStartup() {
        try {
            if (!fibWriter.awaitIdle(5, TimeUnit.SECONDS)) log.warn("vr {}: FIB still installing its first routes after 5 s", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replaces the running VR with {@code replacement.apply(current)} in one loop task, between two
     * events: nothing reaches the old instance after it was handed over (a move of a live VR within
     * the node; the state-contract tests capture, serialize and restore it there). Completes with
     * whether the VR was replaced (the function may return the same instance to decline).
     */
    public CompletableFuture<Boolean> replace(Function<VirtualRouter, VirtualRouter> replacement) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                VirtualRouter next = replacement.apply(vr);
                boolean replaced = next != vr;
                vr = next;
                checkPreserved();
                rearm();
                f.complete(replaced);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /**
     * Called on port threads. Packets wait in {@link #punts}; the first of a burst schedules one
     * {@link #drainPunts} task, which hands up to {@link #PUNT_BATCH} of them to the VR in one step
     * ({@link VirtualRouter#handleBatch}): one task and one timer re-arm per burst, not per packet.
     */
    private void punt(int ifIndex, byte[] packet) {
        if (pendingPunts.get() >= MAX_PENDING_PUNTS || pendingPuntBytes.get() + packet.length > MAX_PENDING_PUNT_BYTES) {
            puntDrops.increment();
            return;
        }
        pendingPuntBytes.addAndGet(packet.length);
        punts.offer(new VrEvent.PacketIn(ifIndex, packet));
        // Offer before counting: a consumer that sees the count sees the packet.
        if (pendingPunts.getAndIncrement() == 0) loop.execute(drainTask);
    }

    private void drainPunts() {
        int n = 0;
        while (n < PUNT_BATCH) {
            VrEvent.PacketIn p = punts.poll();
            if (p == null) break;
            pendingPuntBytes.addAndGet(-p.packet().length);
            batch[n++] = p;
        }
        if (n > 0 && vr != null && !closed) {
            try {
                vr.handleBatch(RealClock.nowNs(), batch, n, this);
            } catch (RuntimeException e) {
                log.error("vr {}: a batch of {} packets failed", name, n, e);
            }
            checkPreserved(); // End-of-RIB usually arrives in a punted segment
            rearm();
        }
        java.util.Arrays.fill(batch, 0, n, null);
        // Packets counted but not yet offered are picked up by the next task (offer precedes count).
        if (pendingPunts.addAndGet(-n) > 0) loop.execute(drainTask);
    }

    /** Delivers an event from any thread. */
    public void post(VrEvent event) {
        loop.execute(() -> step(event));
    }

    private void step(VrEvent event) {
        if (vr == null || closed) return;
        try {
            vr.handle(RealClock.nowNs(), event, this);
        } catch (RuntimeException e) {
            // A bug must not take the router down: log it and keep running (the event is lost).
            log.error("vr {}: event {} failed", name, event.getClass().getSimpleName(), e);
        }
        checkPreserved();
        rearm();
    }

    private void rearm() {
        if (vr == null || closed) return;
        long deadline = vr.nextDeadlineNs();
        // A timer already armed at or before the deadline stays: firing early is harmless (the VR
        // runs what is due and the timer is re-armed), while cancelling and rescheduling on every
        // packet — TCP's delayed-ACK and retransmission deadlines move with almost every segment — is not.
        if (deadline >= armedDeadlineNs && timer != null && !timer.isDone()) return;
        if (timer != null) timer.cancel(false);
        armedDeadlineNs = deadline;
        if (deadline == Long.MAX_VALUE) {
            timer = null;
            return;
        }
        long delayNs = Math.max(0, deadline - RealClock.nowNs());
        timer = loop.schedule(() -> {
            timer = null;
            armedDeadlineNs = Long.MAX_VALUE;
            step(new VrEvent.Timeout());
        }, delayNs, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs a protocol's operator command on the VR's loop ({@link VirtualRouter#command}) and
     * completes with its result, or exceptionally (IllegalArgumentException: a bad command).
     */
    public CompletableFuture<Object> command(String protocol, String command, List<String> args) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                if (vr == null || closed) throw new IllegalStateException("VR " + name + " is not running");
                f.complete(vr.command(RealClock.nowNs(), protocol, command, args, this));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
            checkPreserved();
            rearm();
        });
        return f;
    }

    /** Runs {@code query} on the VR's loop (the only safe way to read its state) and completes with its result. */
    public <T> CompletableFuture<T> call(Function<VirtualRouter, T> query) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(query.apply(vr));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    @Override
    public void send(int ifIndex, int nextHop, byte[] packet) {
        dataPlane.send(ifIndex, nextHop, packet);
    }

    @Override
    public void sendRouted(byte[] packet) {
        dataPlane.sendRouted(packet);
    }

    @Override
    public void sendRouted(byte[] packet, int segmentBytes) {
        dataPlane.sendRouted(packet, segmentBytes);
    }

    /** Preserved FIB entries not installed again yet (0: none, or swept). On the VR's loop (e.g. inside {@link #call}). */
    public int preservedFibPending() {
        io.vroom.core.vr.PreservedFib p = preserved;
        return p == null ? 0 : p.pending();
    }

    /** On the loop: removes the preserved entries nothing installed again once they are due ({@link io.vroom.core.vr.PreservedFib#due}). */
    private void checkPreserved() {
        if (preserved == null || vr == null || closed) return;
        if (!preserved.due(RealClock.nowNs(), vr.restartProgress())) return;
        List<FibDelta> removals = preserved.sweep();
        preserved = null;
        log.info("vr {}: protocols re-learned after the restart; removing {} persisted FIB entries not learned again", name, removals.size());
        if (!removals.isEmpty()) fibWriter.submit(removals); // behind every batch the VR sent before: order is kept
    }

    @Override
    public void fib(List<FibDelta> batch) {
        if (preserved != null) preserved.superseded(batch);
        fibWriter.submit(batch); // applied on the writer's thread; blocks here only while its queue is full
    }

    @Override
    public void log(String line) {
        log.info("vr {}: {}", name, line);
    }

    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            if (timer != null) timer.cancel(false);
        });
        fibWriter.close(); // applies what is queued first
        dataPlane.close();
    }
}
