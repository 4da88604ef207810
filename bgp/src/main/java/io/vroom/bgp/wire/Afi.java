package io.vroom.bgp.wire;

/** Address family and subsequent address family identifiers (RFC 4760 §5; IANA registries). */
public final class Afi {
    private Afi() {}

    public static final int IPV4 = 1, IPV6 = 2;
    public static final int SAFI_UNICAST = 1, SAFI_MULTICAST = 2;

    /** One AFI/SAFI pair packed as {@code afi << 8 | safi}. */
    public static int key(int afi, int safi) { return (afi << 8) | safi; }

    public static final int IPV4_UNICAST = key(IPV4, SAFI_UNICAST);
    public static final int IPV6_UNICAST = key(IPV6, SAFI_UNICAST);

    public static String name(int key) {
        return switch (key) {
            case 0x101 -> "ipv4-unicast";
            case 0x201 -> "ipv6-unicast";
            default -> "afi" + (key >>> 8) + "/safi" + (key & 0xff);
        };
    }
}
