package io.vroom.core.vr;

/** An input to a {@link VirtualRouter}: with {@code nowNs}, everything that can happen to one. */
public sealed interface VrEvent {
    /** An IPv4 packet punted by the data plane (for the VR itself), received on {@code ifIndex}. */
    record PacketIn(int ifIndex, byte[] packet) implements VrEvent {}

    /** An interface's link went up or down. */
    record LinkChange(int ifIndex, boolean up) implements VrEvent {}

    /** {@code nowNs} reached the VR's {@link VirtualRouter#nextDeadlineNs()}. */
    record Timeout() implements VrEvent {}
}
