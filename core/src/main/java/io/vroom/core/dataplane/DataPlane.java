package io.vroom.core.dataplane;

/**
 * virtd, the data-plane hypervisor of one physical node (PAPER.md): one FIB per VR. Implementations
 * (software on Chronicle Map, NetFPGA) are found through {@link DataPlaneProvider}.
 */
public interface DataPlane extends AutoCloseable {
    String kind();

    /**
     * Opens VR {@code vrName}'s data plane, creating its FIB or reopening the persisted one — a
     * reopened FIB forwards at once. Packets for the VR's control plane go to {@code punt}.
     */
    VrDataPlane open(String vrName, PuntHandler punt);

    /** Closes the VR's data plane and deletes its FIB. */
    void destroy(String vrName);

    @Override
    void close();

    /** Receives packets for the VR itself (LOCAL entries, link-local multicast, TTL expiring). */
    @FunctionalInterface
    interface PuntHandler {
        /** {@code packet} is the VR's to keep. Called on a port thread: hand it to the VR's loop. */
        void punt(int ifIndex, byte[] packet);
    }
}
