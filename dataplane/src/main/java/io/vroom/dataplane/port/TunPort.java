package io.vroom.dataplane.port;

import io.vroom.core.dataplane.Port;
import java.util.Map;

/**
 * A link end on a Linux TUN device ({@code /dev/net/tun}, IFF_TUN|IFF_NO_PI: one IPv4 packet per
 * read/write, no header). Connects a VR to the host kernel or to real routers in network
 * namespaces. A reader thread polls the fd (see {@link PollLoop}); writes are non-blocking from
 * any thread.
 *
 * <p>Link migration: with {@code multiQueue}, several ports (possibly in different processes) open
 * queues of one device; {@link #detachQueue}/{@link #attachQueue} move the traffic between them
 * (the kernel spreads packets over attached queues only).
 *
 * <p>Limits: at most {@link #READ_BUDGET} packets per wake-up; the kernel's tx queue bounds what
 * waits for us (beyond it the kernel drops); a failed write is dropped and counted, never retried.
 * Packets that are not IPv4 (the kernel's IPv6 chatter) are dropped and counted.
 */
public final class TunPort implements CountedPort {
    public static final int READ_BUDGET = 64;
    static final int MAX_PACKET = 65535;
    private static final String CLONE_DEVICE = "/dev/net/tun";

    static final int RX_PACKETS = 0, RX_BYTES = 1, TX_PACKETS = 2, TX_BYTES = 3, DROP_RX_NOT_IPV4 = 4,
            DROP_RX_OVERSIZE = 5, DROP_RX_NOT_STARTED = 6, DROP_TX_OVERSIZE = 7, DROP_TX_BUSY = 8, TX_ERRORS = 9,
            RX_ERRORS = 10, DROP_TX_CLOSED = 11, RECEIVER_ERRORS = 12;
    private final PortCounters counters = new PortCounters("rx_packets", "rx_bytes", "tx_packets", "tx_bytes",
            "drop_rx_not_ipv4", "drop_rx_oversize", "drop_rx_not_started", "drop_tx_oversize", "drop_tx_busy",
            "tx_errors", "rx_errors", "drop_tx_closed", "receiver_errors");

    private final LibC libc = LibC.INSTANCE;
    private final String name;
    private final String device;
    private final int mtu;
    private final boolean multiQueue;
    private final int fd;
    private final byte[] rxBuf = new byte[MAX_PACKET];
    private final ThreadLocal<byte[]> txBuf;
    private final PollLoop loop;
    private volatile Port.PacketReceiver receiver;
    private volatile boolean closed;
    private volatile String lastError = "";

    /**
     * Creates (or, for a multi-queue device, joins) TUN device {@code device} in this thread's
     * network namespace and sets its MTU ({@code mtu <= 0}: keep the device's). Throws if the
     * kernel refuses (no permission, name in use by another kind of device, ...).
     */
    public TunPort(String name, String device, int mtu, boolean multiQueue) {
        if (!Structs.validInterfaceName(device)) throw new IllegalArgumentException("bad interface name '" + device + "'");
        this.name = name;
        this.multiQueue = multiQueue;
        int f = libc.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (f < 0) throw new IllegalStateException(LibC.lastError("open " + CLONE_DEVICE));
        try {
            byte[] ifr = Structs.ifreq(device);
            short flags = (short) (Structs.IFF_TUN | Structs.IFF_NO_PI | (multiQueue ? Structs.IFF_MULTI_QUEUE : 0));
            Structs.putShort(ifr, Structs.IFNAMSIZ, flags);
            if (libc.ioctl(f, Structs.TUNSETIFF, ifr) < 0) throw new IllegalStateException(LibC.lastError("TUNSETIFF " + device));
            this.device = Structs.ifreqName(ifr);
            this.mtu = mtu > 0 ? Netdev.setMtu(this.device, mtu) : Netdev.mtu(this.device);
        } catch (RuntimeException e) {
            libc.close(f);
            throw e;
        }
        this.fd = f;
        this.txBuf = ThreadLocal.withInitial(() -> new byte[this.mtu]);
        this.loop = new PollLoop("tun-" + this.device, fd, new Reader());
    }

    @Override
    public String name() {
        return name;
    }

    /** The kernel's name of the device. */
    public String device() {
        return device;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public synchronized void start(Port.PacketReceiver receiver) {
        if (closed) return;
        boolean first = this.receiver == null;
        this.receiver = receiver;
        if (first) loop.start();
    }

    /** Multi-queue only: stop receiving on this queue (the kernel sends to the other queues). */
    public void detachQueue() {
        setQueue(Structs.IFF_DETACH_QUEUE);
    }

    /** Multi-queue only: receive on this queue again. */
    public void attachQueue() {
        setQueue(Structs.IFF_ATTACH_QUEUE);
    }

    private void setQueue(short flag) {
        if (!multiQueue) throw new IllegalStateException(device + " was not opened multi-queue");
        byte[] ifr = new byte[Structs.IFREQ_SIZE];
        Structs.putShort(ifr, Structs.IFNAMSIZ, flag);
        if (libc.ioctl(fd, Structs.TUNSETQUEUE, ifr) < 0) throw new IllegalStateException(LibC.lastError("TUNSETQUEUE " + device));
    }

    @Override
    public void send(byte[] buf, int off, int len, int nextHop) {
        if (closed) {
            counters.inc(DROP_TX_CLOSED);
            return;
        }
        if (len <= 0 || len > mtu) {
            counters.inc(DROP_TX_OVERSIZE);
            return;
        }
        byte[] out = buf;
        if (off != 0) {
            out = txBuf.get();
            System.arraycopy(buf, off, out, 0, len);
        }
        long n = libc.write(fd, out, len);
        if (n == len) {
            counters.inc(TX_PACKETS);
            counters.add(TX_BYTES, len);
        } else if (n < 0 && LibC.errno() == LibC.EAGAIN) {
            counters.inc(DROP_TX_BUSY);
        } else {
            counters.inc(TX_ERRORS); // EIO: the device is down
        }
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    public long counter(String counterName) {
        return counters.get(counterName);
    }

    /** The last error the reader thread met (empty if none). */
    public String lastError() {
        return lastError;
    }

    /** Stops the reader and closes the fd; the device disappears with its last queue. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        loop.close();
        libc.close(fd);
    }

    private final class Reader implements PollLoop.Handler {
        @Override
        public void readable() {
            for (int i = 0; i < READ_BUDGET && !loop.isClosed(); i++) {
                long n = libc.read(fd, rxBuf, rxBuf.length);
                if (n <= 0) {
                    if (n < 0 && LibC.errno() != LibC.EAGAIN && LibC.errno() != LibC.EINTR) {
                        counters.inc(RX_ERRORS);
                        lastError = LibC.lastError("read " + device);
                    }
                    return;
                }
                deliver((int) n);
            }
        }

        private void deliver(int len) {
            if ((rxBuf[0] & 0xf0) != 0x40) {
                counters.inc(DROP_RX_NOT_IPV4);
                return;
            }
            if (len > mtu) {
                counters.inc(DROP_RX_OVERSIZE);
                return;
            }
            Port.PacketReceiver r = receiver;
            if (r == null) {
                counters.inc(DROP_RX_NOT_STARTED);
                return;
            }
            counters.inc(RX_PACKETS);
            counters.add(RX_BYTES, len);
            try {
                r.receive(rxBuf, 0, len);
            } catch (RuntimeException e) {
                counters.inc(RECEIVER_ERRORS);
            }
        }

        @Override
        public long tick(long nowNs) {
            return Long.MAX_VALUE;
        }

        @Override
        public void failed(String why) {
            lastError = why;
            counters.inc(RX_ERRORS);
        }
    }
}
