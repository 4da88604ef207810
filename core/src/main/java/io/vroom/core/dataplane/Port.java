package io.vroom.core.dataplane;

/**
 * One end of a link: carries IPv4 packets (no link-layer header) to and from the wire. A port is
 * bound to exactly one VR interface through {@link VrDataPlane#bind}. Ports own their I/O threads;
 * {@link PacketReceiver#receive} runs on them, and {@link #send} may be called from any thread.
 */
public interface Port extends AutoCloseable {
    String name();

    /** Largest IPv4 packet this port carries. */
    int mtu();

    /** Starts delivering received IPv4 packets to {@code receiver}. */
    void start(PacketReceiver receiver);

    /**
     * Sends one IPv4 packet toward {@code nextHop} (the on-link address to resolve, e.g. by ARP;
     * point-to-point ports ignore it). Never blocks; a full queue drops and counts.
     */
    void send(byte[] buf, int off, int len, int nextHop);

    /**
     * Sends a TCP/IPv4 super-segment (larger than {@link #mtu()}) as segments of at most
     * {@code segmentBytes} payload bytes each (TSO/GSO). A port whose device segments itself hands it
     * over whole; this default cuts it in software and {@link #send sends} each segment.
     */
    default void sendSegmented(byte[] buf, int off, int len, int nextHop, int segmentBytes) {
        if (io.vroom.core.net.TcpSegmentation.cut(buf, off, len, segmentBytes, null, (b, o, l) -> send(b, o, l, nextHop)) < 0) {
            send(buf, off, len, nextHop); // not TCP/IPv4: the port's own checks (size) apply
        }
    }

    @Override
    void close();

    /** Receives IPv4 packets from a port. {@code buf} is only valid during the call. */
    @FunctionalInterface
    interface PacketReceiver {
        void receive(byte[] buf, int off, int len);
    }
}
