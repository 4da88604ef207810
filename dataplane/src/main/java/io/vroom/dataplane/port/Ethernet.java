package io.vroom.dataplane.port;

/**
 * Ethernet II frames (IEEE 802.3 with an EtherType): dst(6) src(6) type(2) payload. MAC addresses
 * are 48-bit values in a {@code long}. The IPv4 multicast mapping is RFC 1112 §6.4.
 */
public final class Ethernet {
    private Ethernet() {}

    public static final int HEADER_LENGTH = 14;
    /** Smallest frame without FCS; shorter frames are padded with zeros. */
    public static final int MIN_FRAME = 60;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final long BROADCAST = 0xffff_ffff_ffffL;

    public static long dst(byte[] b, int off) {
        return readMac(b, off);
    }

    public static long src(byte[] b, int off) {
        return readMac(b, off + 6);
    }

    public static int type(byte[] b, int off) {
        return (b[off + 12] & 0xff) << 8 | (b[off + 13] & 0xff);
    }

    public static void writeHeader(byte[] b, int off, long dst, long src, int type) {
        writeMac(b, off, dst);
        writeMac(b, off + 6, src);
        b[off + 12] = (byte) (type >>> 8);
        b[off + 13] = (byte) type;
    }

    public static long readMac(byte[] b, int off) {
        long mac = 0;
        for (int i = 0; i < 6; i++) mac = (mac << 8) | (b[off + i] & 0xff);
        return mac;
    }

    public static void writeMac(byte[] b, int off, long mac) {
        for (int i = 5; i >= 0; i--) {
            b[off + i] = (byte) mac;
            mac >>>= 8;
        }
    }

    /** The I/G bit: group (multicast or broadcast) addresses. */
    public static boolean isGroup(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /** RFC 1112 §6.4: 01-00-5E-00-00-00 plus the low 23 bits of the group address. */
    public static long ipv4MulticastMac(int group) {
        return 0x0100_5e00_0000L | (group & 0x7f_ffff);
    }

    public static String format(long mac) {
        StringBuilder s = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int octet = (int) (mac >>> (i * 8)) & 0xff;
            s.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xf, 16));
            if (i > 0) s.append(':');
        }
        return s.toString();
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}; -1 if malformed. */
    public static long parseMac(String text) {
        String t = text.trim();
        if (t.length() != 17) return -1;
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            int hi = Character.digit(t.charAt(i * 3), 16), lo = Character.digit(t.charAt(i * 3 + 1), 16);
            if (hi < 0 || lo < 0 || (i < 5 && t.charAt(i * 3 + 2) != ':')) return -1;
            mac = (mac << 8) | (hi << 4 | lo);
        }
        return mac;
    }
}
