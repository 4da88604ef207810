package io.vroom.dataplane.port;

/**
 * Interface queries and settings through ioctl on a throw-away socket, in the calling thread's
 * network namespace: index, MTU, hardware address. Open path only (throws on failure).
 */
final class Netdev {
    private Netdev() {}

    private static final LibC libc = LibC.INSTANCE;

    private static int socket() {
        int s = libc.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (s < 0) throw new IllegalStateException(LibC.lastError("socket(AF_INET)"));
        return s;
    }

    private static byte[] ioctl(String device, long request, int value) {
        int s = socket();
        try {
            return ioctl(s, device, request, value);
        } finally {
            libc.close(s);
        }
    }

    /** On an existing socket: its namespace is the one that counts. */
    private static byte[] ioctl(int fd, String device, long request, int value) {
        byte[] ifr = Structs.ifreq(device);
        Structs.putInt(ifr, Structs.IFNAMSIZ, value);
        if (libc.ioctl(fd, request, ifr) < 0) throw new IllegalStateException(LibC.lastError("ioctl " + Long.toHexString(request) + " on " + device));
        return ifr;
    }

    static int mtu(String device) {
        return Structs.getInt(ioctl(device, Structs.SIOCGIFMTU, 0), Structs.IFNAMSIZ);
    }

    static int mtu(int fd, String device) {
        return Structs.getInt(ioctl(fd, device, Structs.SIOCGIFMTU, 0), Structs.IFNAMSIZ);
    }

    /** Sets the MTU and returns it. */
    static int setMtu(String device, int mtu) {
        ioctl(device, Structs.SIOCSIFMTU, mtu);
        return mtu;
    }

    static int index(int fd, String device) {
        return Structs.getInt(ioctl(fd, device, Structs.SIOCGIFINDEX, 0), Structs.IFNAMSIZ);
    }

    /** The 48-bit hardware address (ifr_hwaddr.sa_data) as a long. */
    static long hardwareAddress(int fd, String device) {
        byte[] ifr = ioctl(fd, device, Structs.SIOCGIFHWADDR, 0);
        long mac = 0;
        for (int i = 0; i < 6; i++) mac = (mac << 8) | (ifr[Structs.IFNAMSIZ + 2 + i] & 0xff);
        return mac;
    }
}
