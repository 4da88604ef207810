package io.vroom.core.dataplane;

import java.util.List;
import java.util.Map;

/**
 * virtd's handle on one VR's slice of the data plane: its FIB and its interface bindings.
 * Thread-safe: FIB updates come from the VR's loop, forwarding runs on port threads.
 */
public interface VrDataPlane extends AutoCloseable {
    String vrName();

    /**
     * Applies a batch of FIB changes in order. Entries that do not fit are not installed and are
     * reported in the result; the entries before them stay installed.
     */
    FibResult apply(List<FibDelta> batch);

    /** Every installed entry, in prefix order. */
    List<FibEntry> entries();

    int fibSize();

    /** Binds VR interface {@code ifIndex} to a port: packets from it are forwarded in this FIB. */
    void bind(int ifIndex, Port port);

    void unbind(int ifIndex);

    /** Sends a packet the VR originated out of one interface, toward an on-link next hop (0: the destination). */
    void send(int ifIndex, int nextHop, byte[] packet);

    /** Sends a packet the VR originated, routed by the FIB. */
    void sendRouted(byte[] packet);

    /**
     * Sends a TCP super-segment the VR originated, routed by the FIB: on the wire it is segments of at
     * most {@code segmentBytes} payload bytes (cut by the egress port, in its device or in software).
     * This default cuts it here.
     */
    default void sendRouted(byte[] packet, int segmentBytes) {
        io.vroom.core.net.TcpSegmentation.each(packet, segmentBytes, this::sendRouted);
    }

    /** Counters of one interface by name (rx_packets, tx_packets, drop_*, ...), in a stable order. */
    Map<String, Long> counters(int ifIndex);

    /** Detaches from ports; a persistent FIB stays on disk for the next {@link DataPlane#open}. */
    @Override
    void close();

    record FibResult(int applied, int rejected, String error) {
        public boolean ok() {
            return rejected == 0;
        }
    }
}
