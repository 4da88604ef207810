package io.vroom.bgp.session;

/**
 * Connection collision detection (RFC 4271 §6.8): when two connections to one peer both have the
 * peer's OPEN, the one initiated by the speaker with the higher BGP Identifier survives.
 */
public final class CollisionResolver {
    private CollisionResolver() {}

    /**
     * Which connection to close: returns true to close the locally initiated one (the local
     * identifier is lower, compared as unsigned 32-bit integers), false to close the peer's.
     */
    public static boolean closeLocallyInitiated(int localId, int remoteId) {
        return Integer.compareUnsigned(localId, remoteId) < 0;
    }
}
