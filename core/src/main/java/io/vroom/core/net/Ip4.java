package io.vroom.core.net;

/** IPv4 addresses as plain {@code int}s (network byte order, so {@code 10.0.0.1 == 0x0A000001}). */
public final class Ip4 {
    private Ip4() {}

    /** Parses dotted-quad notation; throws {@link IllegalArgumentException} on anything else. */
    public static int parse(String text) {
        int value = 0, octets = 0, octet = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (octet < 0 || ++octets > 4) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                value = (value << 8) | octet;
                octet = -1;
            } else if (c >= '0' && c <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            } else {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
        }
        if (octets != 4) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        return value;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** The netmask of a prefix length, {@code 0 <= length <= 32}. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xE;
    }

    public static int read(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    public static void write(byte[] b, int off, int address) {
        b[off] = (byte) (address >>> 24);
        b[off + 1] = (byte) (address >>> 16);
        b[off + 2] = (byte) (address >>> 8);
        b[off + 3] = (byte) address;
    }
}
