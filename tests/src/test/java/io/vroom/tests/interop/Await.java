package io.vroom.tests.interop;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waiting on a real peer (FRR, BIRD, the kernel): polls an observable condition until it holds or a
 * deadline passes. Only for interop with processes outside our control, whose protocols run on
 * real timers; simulation tests use virtual time instead.
 */
public final class Await {
    private Await() {}

    public static <T> T until(String what, long timeoutMs, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        T last;
        while ((last = probe.get()) == null) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            LockSupport.parkNanos(200_000_000L);
        }
        return last;
    }
}
