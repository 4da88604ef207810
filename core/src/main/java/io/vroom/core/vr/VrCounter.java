package io.vroom.core.vr;

import java.util.Locale;

/**
 * What a VR's host stack counts (read-only through {@link VirtualRouter#counters()}, e.g. for
 * {@code show}): packets punted to it, why it dropped them, and what it answered.
 */
public enum VrCounter {
    PACKETS_IN,
    DROP_BAD_IFINDEX,
    DROP_INVALID_IPV4,
    /** Fragments addressed to the VR: it does not reassemble (its control protocols do not fragment). */
    DROP_FRAGMENT,
    DROP_BAD_ICMP,
    /** UDP whose lengths or checksum (RFC 768) do not verify. */
    DROP_BAD_UDP,
    /** TCP too short or with a bad checksum (RFC 9293 §3.1). */
    DROP_BAD_TCP,
    /** Addressed to the VR but taken by no protocol. */
    DROP_NO_LISTENER,
    /** Punted transit packets with TTL left that no protocol took. */
    DROP_NOT_LOCAL,
    ECHO_REPLIES,
    UNREACHABLES_SENT,
    TIME_EXCEEDED_SENT,
    /** ICMP errors (and resets) RFC 1812 §4.3.2.7 forbids: about an ICMP error, a non-first fragment, broadcast/multicast, a bad source. */
    ICMP_NOT_ALLOWED,
    /** ICMP errors (and resets) held back by the rate limit (RFC 1812 §4.3.2.8). */
    ICMP_SUPPRESSED;

    /** The name used in {@code show} output: lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
