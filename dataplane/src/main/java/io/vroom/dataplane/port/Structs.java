package io.vroom.dataplane.port;

import java.nio.charset.StandardCharsets;

/**
 * Linux struct layouts used by the native ports, as byte arrays in native (little-endian) order,
 * with the network-order fields written big-endian. Only what the ports need.
 */
final class Structs {
    private Structs() {}

    /** {@code struct ifreq}: char ifr_name[IFNAMSIZ=16] then a 24-byte union. */
    static final int IFREQ_SIZE = 40;
    static final int IFNAMSIZ = 16;

    // ioctl requests (asm-generic/ioctl.h, linux/if_tun.h, linux/sockios.h)
    static final long TUNSETIFF = 0x400454caL;
    static final long TUNSETQUEUE = 0x400454d9L;
    static final long SIOCGIFMTU = 0x8921L;
    static final long SIOCSIFMTU = 0x8922L;
    static final long SIOCGIFHWADDR = 0x8927L;
    static final long SIOCGIFINDEX = 0x8933L;

    // linux/if_tun.h
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_MULTI_QUEUE = 0x0100;
    static final short IFF_ATTACH_QUEUE = 0x0200;
    static final short IFF_DETACH_QUEUE = 0x0400;

    /** Valid Linux interface names: 1..15 bytes, no '/', ':' or whitespace. */
    static boolean validInterfaceName(String name) {
        if (name.isEmpty() || name.length() >= IFNAMSIZ) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') return false;
        }
        return !name.equals(".") && !name.equals("..");
    }

    static byte[] ifreq(String name) {
        byte[] r = new byte[IFREQ_SIZE];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, r, 0, Math.min(n.length, IFNAMSIZ - 1));
        return r;
    }

    static String ifreqName(byte[] r) {
        int end = 0;
        while (end < IFNAMSIZ && r[end] != 0) end++;
        return new String(r, 0, end, StandardCharsets.US_ASCII);
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static int getShort(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /**
     * {@code struct sockaddr_ll} (20 bytes): family, protocol (network order), ifindex, hatype,
     * pkttype, halen, addr[8].
     */
    static final int SOCKADDR_LL_SIZE = 20;
    static final int SLL_PKTTYPE = 10;
    static final int PACKET_OUTGOING = 4;

    static byte[] sockaddrLl(int protocol, int ifIndex) {
        byte[] a = new byte[SOCKADDR_LL_SIZE];
        putShort(a, 0, LibC.AF_PACKET);
        a[2] = (byte) (protocol >>> 8);
        a[3] = (byte) protocol;
        putInt(a, 4, ifIndex);
        return a;
    }

    /** {@code struct packet_mreq} (16 bytes): ifindex, type, alen, address[8]. */
    static byte[] packetMreq(int ifIndex, int type) {
        byte[] m = new byte[16];
        putInt(m, 0, ifIndex);
        putShort(m, 4, type);
        return m;
    }

    /** {@code struct pollfd[n]} (8 bytes each): fd, events, revents. */
    static void pollFd(byte[] fds, int i, int fd, short events) {
        putInt(fds, i * 8, fd);
        putShort(fds, i * 8 + 4, events);
        putShort(fds, i * 8 + 6, 0);
    }

    static int revents(byte[] fds, int i) {
        return getShort(fds, i * 8 + 6);
    }
}
