package io.vroom.core.vr;

import io.vroom.core.dataplane.FibDelta;
import java.util.List;

/** Where a {@link VirtualRouter} step's outputs go; the runtime (simulated or real) implements it. */
public interface VrOutputs {
    /** A packet the VR originated, out of {@code ifIndex} toward on-link {@code nextHop} (0: its destination). */
    void send(int ifIndex, int nextHop, byte[] packet);

    /** A packet the VR originated, to be routed by its FIB. */
    void sendRouted(byte[] packet);

    /** A TCP super-segment the VR originated, to go as segments of at most {@code segmentBytes} payload bytes; this default cuts it here. */
    default void sendRouted(byte[] packet, int segmentBytes) {
        io.vroom.core.net.TcpSegmentation.each(packet, segmentBytes, this::sendRouted);
    }

    /** shadowd's FIB changes, in order, for virtd. */
    void fib(List<FibDelta> batch);

    /** A log line (already attributed and rate-limited). */
    void log(String line);
}
