package io.vroom.bgp.session;

import io.vroom.bgp.wire.Capabilities;
import java.util.List;

/**
 * The outcome of the OPEN exchange: the peer's identity, the hold time (the smaller of both,
 * RFC 4271 §4.2), and the capabilities both sides have (RFC 5492 §3): families in common,
 * 4-octet AS (RFC 6793), route refresh, ADD-PATH receive per family (RFC 7911 §4), the peer's
 * graceful restart capability (RFC 4724 §3, null if it has none).
 */
public record Negotiated(long peerAs, int peerId, int holdTimeSec, boolean ibgp, boolean as4, boolean routeRefresh,
                         List<Integer> families, boolean addPathRxIpv4, boolean addPathRxIpv6,
                         Capabilities.GracefulRestart peerGracefulRestart) {
    public Negotiated {
        families = List.copyOf(families);
    }
}
