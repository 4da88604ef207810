package io.vroom.core.forward;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Token bucket for ICMP errors (RFC 1812 §4.3.2.8 asks routers to limit them), in the GCRA form:
 * one atomic "theoretical arrival time", so port threads share it without locks. Time is passed in.
 */
final class IcmpRateLimiter {
    private final long intervalNs;
    private final long burstNs;
    private final AtomicLong tatNs = new AtomicLong(Long.MIN_VALUE);

    /** {@code perSecond} messages per second on average, up to {@code burst} at once. */
    IcmpRateLimiter(int perSecond, int burst) {
        if (perSecond < 1 || burst < 1) throw new IllegalArgumentException("ICMP rate and burst must be positive");
        this.intervalNs = 1_000_000_000L / perSecond;
        this.burstNs = intervalNs * burst;
    }

    boolean tryAcquire(long nowNs) {
        while (true) {
            long tat = tatNs.get();
            long start = tat == Long.MIN_VALUE || tat - nowNs < 0 ? nowNs : tat;
            long next = start + intervalNs;
            if (next - nowNs > burstNs) return false;
            if (tatNs.compareAndSet(tat, next)) return true;
        }
    }
}
