package io.vroom.core.runtime;

/**
 * The real runtime's time base: nanoseconds since the Unix epoch, advancing monotonically
 * ({@code System.nanoTime} anchored once to the wall clock). Deadlines in VR state are on this
 * base, so they keep their meaning when a VR moves to another JVM on a clock-synchronised host.
 */
public final class RealClock {
    private static final long ANCHOR_WALL_NS = System.currentTimeMillis() * 1_000_000L;
    private static final long ANCHOR_NANO = System.nanoTime();

    private RealClock() {}

    public static long nowNs() {
        return ANCHOR_WALL_NS + (System.nanoTime() - ANCHOR_NANO);
    }
}
