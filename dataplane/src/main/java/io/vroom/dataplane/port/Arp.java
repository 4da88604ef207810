package io.vroom.dataplane.port;

import io.vroom.core.net.Ip4;

/**
 * ARP for IPv4 over Ethernet (RFC 826), the 28-byte packet after the Ethernet header:
 * <pre>
 *  0      2      4    5    6      8         14        18        24        28
 * +------+------+----+----+------+---------+---------+---------+---------+
 * | hrd  | pro  |hln |pln | op   |   sha   |   spa   |   tha   |   tpa   |
 * | 1    |0x0800| 6  | 4  | 1/2  |  6 B    |  4 B    |  6 B    |  4 B    |
 * +------+------+----+----+------+---------+---------+---------+---------+
 * </pre>
 * Only this combination is accepted; {@link #valid} never throws.
 */
public final class Arp {
    private Arp() {}

    public static final int LENGTH = 28;
    public static final int HRD_ETHERNET = 1;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    /** True if {@code len} bytes at {@code off} hold an Ethernet/IPv4 ARP request or reply. */
    public static boolean valid(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < LENGTH || off + LENGTH > b.length) return false;
        int op = u16(b, off + 6);
        return u16(b, off) == HRD_ETHERNET && u16(b, off + 2) == Ethernet.TYPE_IPV4 && (b[off + 4] & 0xff) == 6
                && (b[off + 5] & 0xff) == 4 && (op == OP_REQUEST || op == OP_REPLY);
    }

    public static int op(byte[] b, int off) { return u16(b, off + 6); }
    public static long senderMac(byte[] b, int off) { return Ethernet.readMac(b, off + 8); }
    public static int senderIp(byte[] b, int off) { return Ip4.read(b, off + 14); }
    public static long targetMac(byte[] b, int off) { return Ethernet.readMac(b, off + 18); }
    public static int targetIp(byte[] b, int off) { return Ip4.read(b, off + 24); }

    public static void write(byte[] b, int off, int op, long senderMac, int senderIp, long targetMac, int targetIp) {
        b[off] = 0;
        b[off + 1] = HRD_ETHERNET;
        b[off + 2] = 0x08;
        b[off + 3] = 0x00;
        b[off + 4] = 6;
        b[off + 5] = 4;
        b[off + 6] = (byte) (op >>> 8);
        b[off + 7] = (byte) op;
        Ethernet.writeMac(b, off + 8, senderMac);
        Ip4.write(b, off + 14, senderIp);
        Ethernet.writeMac(b, off + 18, targetMac);
        Ip4.write(b, off + 24, targetIp);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }
}
