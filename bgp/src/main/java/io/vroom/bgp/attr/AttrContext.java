package io.vroom.bgp.attr;

/**
 * What decoding an UPDATE's attributes needs to know about the session: whether the peer speaks
 * 4-octet AS numbers (RFC 6793), whether it is internal, its AS (RFC 4271 §6.3 first-AS check; {@code sessionChecks} false for MRT input, which skips the checks that only make sense on a session),
 * and whether ADD-PATH receive was negotiated per family (RFC 7911).
 */
public record AttrContext(boolean as4, boolean ibgp, long peerAs, boolean sessionChecks, boolean addPathIpv4, boolean addPathIpv6) {
    /** For MRT TABLE_DUMP_V2 entries: always 4-octet AS (RFC 6396 §4.3.4), no session checks. */
    public static final AttrContext MRT = new AttrContext(true, false, 0, false, false, false);
}
