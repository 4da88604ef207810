package io.vroom.bgp.rib;

/**
 * What the decision process and export rules know about one route source. Slot 0 is the speaker
 * itself (locally originated routes, e.g. from MRT). Addresses and ids are IPv4 ints.
 */
public record PeerInfo(int slot, boolean local, boolean ibgp, long peerAs, int peerId, int peerAddress,
                       boolean routeReflectorClient, boolean nextHopSelf, int localAddress, boolean as4) {
    public static PeerInfo localOrigin(long localAs, int routerId) {
        return new PeerInfo(0, true, false, localAs, routerId, 0, false, false, 0, true);
    }
}
