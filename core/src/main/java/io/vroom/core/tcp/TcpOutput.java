package io.vroom.core.tcp;

/**
 * Where a {@link TcpStack} call puts its effects; implemented by the stack's owner (the VR), handed
 * in on every call and never stored.
 */
public interface TcpOutput {
    /** A whole IPv4 packet carrying one TCP segment, checksums (and TCP-MD5 signature) in place, to be routed. */
    void transmit(byte[] ipPacket);

    /**
     * A TCP super-segment (payload of several segments, one header): on the wire it must be
     * segments of at most {@code segmentBytes} payload bytes. An output that can pass it on whole
     * (to a port that segments) overrides this; the default cuts it here.
     */
    default void transmit(byte[] ipPacket, int segmentBytes) {
        io.vroom.core.net.TcpSegmentation.each(ipPacket, segmentBytes, this::transmit);
    }

    /**
     * An event for the connection's owner: {@code owner} is the name given in {@link TcpSocketOptions#owner()}
     * at listen/connect time (e.g. "bgp"), so one VR can route events of many protocols by name, and
     * the owner then dispatches by {@link TcpEvent#connId()}. Calling back into the stack from here is
     * allowed: the stack has finished its own step before it delivers.
     */
    void deliver(String owner, TcpEvent event);
}
