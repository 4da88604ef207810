package io.vroom.core.forward;

import io.vroom.core.net.Ipv4;

/** Why the forwarding engine dropped a packet; each reason is a counter {@code drop_<name>}. */
public enum Drop {
    /** Failed IPv4 validation (RFC 1812 §5.2.2), one reason per {@link Ipv4.Error}. */
    TRUNCATED, BAD_VERSION, BAD_IHL, BAD_TOTAL_LENGTH, BAD_CHECKSUM,
    /** Source address a router must not forward from (RFC 1812 §5.3.7): 0/8, 127/8, multicast, broadcast. */
    BAD_SOURCE,
    /** Multicast beyond 224.0.0.0/24: vroom does not route multicast. */
    MULTICAST,
    TTL_EXPIRED,
    NO_ROUTE,
    /** The route is an UNREACHABLE entry. */
    UNREACHABLE,
    /** The route is a BLACKHOLE entry. */
    BLACKHOLE,
    /** The next hop's interface has no port bound. */
    NO_PORT,
    /** Larger than the egress MTU (fragmentation is not implemented; DF set answers ICMP). */
    TOO_BIG,
    /** Arrived on a port after its interface was unbound or the data plane closed. */
    UNBOUND,
    /** A packet the VR originated that the FIB routes to the VR itself. */
    LOCAL_DESTINATION;

    private static final Drop[] BY_ERROR = {null, TRUNCATED, BAD_VERSION, BAD_IHL, BAD_TOTAL_LENGTH, BAD_CHECKSUM};

    static Drop of(Ipv4.Error error) {
        return BY_ERROR[error.ordinal()];
    }

    /** The counter name, e.g. {@code drop_bad_checksum}. */
    public String counterName() {
        return "drop_" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
