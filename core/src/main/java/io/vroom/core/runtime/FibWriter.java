package io.vroom.core.runtime;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.VrDataPlane;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * virtd's install side for one VR in the real runtime: shadowd's FIB batches are handed over by the
 * VR's loop ({@link #submit}) and applied to the VR's data plane on this writer's own thread, so
 * that the FIB store and LPM index work runs beside the VR's protocol work instead of inside it.
 *
 * <ul>
 *   <li>Order: one FIFO, one consumer; batches reach {@link VrDataPlane#apply} in submission order.
 *   <li>Coalescing: whatever is queued when the writer wakes is applied as one batch.
 *   <li>Bounded: at most {@link #MAX_PENDING_DELTAS} deltas are queued or being applied; a submit
 *       beyond that blocks the VR's loop until the writer catches up (backpressure, not memory). A
 *       single batch larger than the bound (data-plane cloning re-sends the whole table) is
 *       admitted alone once nothing else is pending: it is already in memory.
 *   <li>Single writer: this thread is the only caller of {@code apply} for the VR's data plane
 *       while the writer runs ({@link VrDataPlane} serialises writers anyway).
 * </ul>
 *
 * <p>What a crash loses: batches still queued when the process dies never reached the persisted
 * FIB; the VR, restarted fresh, learns those routes again (the persisted entries it had forward
 * meanwhile, as with any restart). {@link #close} applies what is queued before returning.
 */
public final class FibWriter implements AutoCloseable {
    /** Most deltas queued or in flight at once. */
    public static final int MAX_PENDING_DELTAS = 65_536;
    private static final long CLOSE_WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final Logger log = LoggerFactory.getLogger(FibWriter.class);

    private final String vrName;
    private final VrDataPlane dataPlane;
    private final int maxPending;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<List<FibDelta>> queue = new ArrayDeque<>();
    private final Thread thread;
    /** Deltas queued plus those being applied. Guarded by {@link #lock}. */
    private int pending;
    private long appliedBatches;
    private boolean closing;

    public FibWriter(String vrName, VrDataPlane dataPlane) {
        this(vrName, dataPlane, MAX_PENDING_DELTAS);
    }

    FibWriter(String vrName, VrDataPlane dataPlane, int maxPending) {
        if (maxPending < 1) throw new IllegalArgumentException("maxPending must be positive: " + maxPending);
        this.vrName = vrName;
        this.dataPlane = dataPlane;
        this.maxPending = maxPending;
        this.thread = new Thread(this::run, "fib-" + vrName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a batch (the list must not change afterwards), blocking while the queue is full.
     * Returns false, queueing nothing, once the writer is closed or if interrupted while blocked.
     */
    public boolean submit(List<FibDelta> batch) {
        if (batch.isEmpty()) return true;
        lock.lock();
        try {
            while (!closing && pending > 0 && pending + batch.size() > maxPending) notFull.await();
            if (closing) return false;
            queue.addLast(batch);
            pending += batch.size();
            notEmpty.signal();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Deltas queued or being applied now. */
    public int pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /** Calls of {@link VrDataPlane#apply} made so far (coalescing makes it at most the batches submitted). */
    public long appliedBatches() {
        lock.lock();
        try {
            return appliedBatches;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything submitted before this call has been applied (or the timeout passed); returns whether it was. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (pending > 0) {
                if (left <= 0) return false;
                left = notFull.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<FibDelta> work;
            int n;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) notEmpty.awaitUninterruptibly();
                if (queue.isEmpty()) return; // closing and drained
                if (queue.size() == 1) {
                    work = queue.pollFirst();
                } else {
                    work = new ArrayList<>(pending);
                    for (List<FibDelta> b; (b = queue.pollFirst()) != null; ) work.addAll(b);
                }
                n = work.size();
            } finally {
                lock.unlock();
            }
            try {
                VrDataPlane.FibResult r = dataPlane.apply(work);
                if (!r.ok()) log.warn("vr {}: FIB rejected {} of {} changes: {}", vrName, r.rejected(), n, r.error());
            } catch (RuntimeException e) { // the data plane must not throw; if it does, the writer keeps going
                log.error("vr {}: FIB batch of {} changes failed", vrName, n, e);
            }
            lock.lock();
            try {
                pending -= n;
                appliedBatches++;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Stops taking batches, applies those queued, and stops the thread (waiting up to 30 s for it). */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == thread) return;
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(CLOSE_WAIT_NS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
