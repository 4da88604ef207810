package io.vroom.bgp.attr;

/** Path attribute type codes and flag bits (RFC 4271 §4.3; IANA "BGP Path Attributes"). */
public final class AttrType {
    private AttrType() {}

    public static final int ORIGIN = 1, AS_PATH = 2, NEXT_HOP = 3, MED = 4, LOCAL_PREF = 5, ATOMIC_AGGREGATE = 6,
            AGGREGATOR = 7, COMMUNITIES = 8, ORIGINATOR_ID = 9, CLUSTER_LIST = 10, MP_REACH_NLRI = 14,
            MP_UNREACH_NLRI = 15, EXTENDED_COMMUNITIES = 16, AS4_PATH = 17, AS4_AGGREGATOR = 18, LARGE_COMMUNITY = 32;

    public static final int OPTIONAL = 0x80, TRANSITIVE = 0x40, PARTIAL = 0x20, EXTENDED_LENGTH = 0x10;

    /** The Optional and Transitive bits an attribute must carry, or -1 for a type we do not know. */
    public static int expectedFlags(int type) {
        return switch (type) {
            case ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, ATOMIC_AGGREGATE -> TRANSITIVE;
            case MED, ORIGINATOR_ID, CLUSTER_LIST, MP_REACH_NLRI, MP_UNREACH_NLRI -> OPTIONAL;
            case AGGREGATOR, COMMUNITIES, EXTENDED_COMMUNITIES, AS4_PATH, AS4_AGGREGATOR, LARGE_COMMUNITY -> OPTIONAL | TRANSITIVE;
            default -> -1;
        };
    }

    /** Writes one attribute header; chooses the extended length form when needed. */
    static void header(io.vroom.bgp.wire.WireWriter w, int flags, int type, int len) {
        if (len > 255) w.u8(flags | EXTENDED_LENGTH).u8(type).u16(len);
        else w.u8(flags & ~EXTENDED_LENGTH).u8(type).u8(len);
    }
}
