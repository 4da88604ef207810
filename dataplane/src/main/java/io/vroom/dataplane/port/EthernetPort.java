package io.vroom.dataplane.port;

import io.vroom.core.dataplane.Port;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import io.vroom.core.net.TcpSegmentation;
import java.util.Map;

/**
 * A link end on a Linux Ethernet interface (a NIC or a veth end) through an AF_PACKET raw socket,
 * so that a VR can own the interface. The port speaks ARP (RFC 826) for the one IPv4 address it
 * serves (the VR interface's): it answers requests for it, resolves next hops (see
 * {@link ArpTable}), and announces itself with a gratuitous ARP on start (RFC 5227 §2.3) — which
 * also re-points neighbours' caches after a migration. IPv4 multicast maps to 01:00:5e MACs
 * (RFC 1112 §6.4) both ways; the socket joins ALLMULTI so OSPF's 224.0.0.5/6 arrive.
 *
 * <p>Only IPv4 frames to our MAC, broadcast or multicast are delivered (Ethernet padding trimmed
 * to the IPv4 total length); everything else is dropped and counted. The socket is opened in the
 * network namespace of the calling thread.
 *
 * <p>Limits: {@link #READ_BUDGET} frames per wake-up; the ARP table's limits; frames larger than
 * the MTU (e.g. GSO super-frames from a peer with TSO on) are dropped and counted.
 */
public final class EthernetPort implements CountedPort {
    public static final int READ_BUDGET = 64;
    static final int ETH_P_ALL = 0x0003;
    static final int MSG_TRUNC = 0x20;
    static final int RX_BUFFER = 65536 + 64; // a 64 KiB super-segment, its Ethernet and virtio headers

    static final int RX_PACKETS = 0, RX_BYTES = 1, TX_PACKETS = 2, TX_BYTES = 3, RX_ARP = 4, TX_ARP = 5,
            DROP_RX_RUNT = 6, DROP_RX_NOT_FOR_US = 7, DROP_RX_OTHER_ETHERTYPE = 8, DROP_RX_BAD_ARP = 9,
            DROP_RX_MALFORMED = 10, DROP_RX_OVERSIZE = 11, DROP_RX_NOT_STARTED = 12, DROP_TX_OVERSIZE = 13,
            DROP_TX_BUSY = 14, DROP_TX_ARP_QUEUE_FULL = 15, DROP_TX_UNRESOLVED = 16, DROP_TX_CLOSED = 17,
            TX_ERRORS = 18, RX_ERRORS = 19, RECEIVER_ERRORS = 20, ARP_CONFLICTS = 21, ARP_QUEUED = 22,
            DROP_RX_LOOPED = 23, RX_CHECKSUMS_COMPLETED = 24, RX_SEGMENTED = 25, DROP_RX_OFFLOAD = 26,
            RX_SUPER_SEGMENTS_WHOLE = 27, TX_SUPER_SEGMENTS = 28;
    private final PortCounters counters = new PortCounters("rx_packets", "rx_bytes", "tx_packets", "tx_bytes",
            "rx_arp", "tx_arp", "drop_rx_runt", "drop_rx_not_for_us", "drop_rx_other_ethertype", "drop_rx_bad_arp",
            "drop_rx_malformed", "drop_rx_oversize", "drop_rx_not_started", "drop_tx_oversize", "drop_tx_busy",
            "drop_tx_arp_queue_full", "drop_tx_unresolved", "drop_tx_closed", "tx_errors", "rx_errors",
            "receiver_errors", "arp_conflicts", "arp_queued", "drop_rx_looped",
            "rx_checksums_completed", "rx_segmented", "drop_rx_offload", "rx_super_segments_whole", "tx_super_segments");

    private final LibC libc = LibC.INSTANCE;
    private final String name;
    private final String device;
    private final int ifIndex;
    private final long mac;
    private final int address;
    private final int prefixLength;
    private final int mtu;
    private final int fd;
    private final ArpTable arp;
    private final ArpActions arpActions = new ArpActions();
    private final PollLoop loop;
    private final byte[] rxBuf = new byte[RX_BUFFER];
    private final byte[] rxAddr = new byte[Structs.SOCKADDR_LL_SIZE];
    private final int[] rxAddrLen = new int[1];
    private final ThreadLocal<byte[]> txFrame;
    /** A frame for a TCP super-segment handed to the kernel whole (TSO), per sending thread, made on first use. */
    private final ThreadLocal<byte[]> txSuperFrame = ThreadLocal.withInitial(() -> new byte[Offload.VNET_HDR_LEN + Ethernet.HEADER_LENGTH + TcpSegmentation.MAX_PACKET]);
    private final byte[] segBuf = new byte[RX_BUFFER];
    /** 10 with PACKET_VNET_HDR (every frame carries a virtio_net_hdr both ways), 0 without. */
    private final int vnetLen;
    private volatile Port.PacketReceiver receiver;
    private volatile boolean closed;
    private volatile String lastError = "";

    /**
     * Opens {@code device} in this thread's network namespace. {@code address}/{@code prefixLength}
     * is the IPv4 address this port answers ARP for; {@code mtu <= 0} takes the device's.
     */
    public EthernetPort(String name, String device, int address, int prefixLength, int mtu, ArpTable.Params arpParams) {
        if (!Structs.validInterfaceName(device)) throw new IllegalArgumentException("bad interface name '" + device + "'");
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("bad prefix length " + prefixLength);
        this.name = name;
        this.device = device;
        this.address = address;
        this.prefixLength = prefixLength;
        // Protocol 0 until bound: no frame of another interface sneaks in between socket() and bind().
        int s = libc.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (s < 0) throw new IllegalStateException(LibC.lastError("socket(AF_PACKET)"));
        try {
            this.ifIndex = Netdev.index(s, device);
            this.mac = Netdev.hardwareAddress(s, device);
            int deviceMtu = Netdev.mtu(s, device);
            // Offload metadata with each frame: partial checksums and super-segments from a local
            // kernel (veth) or GRO can then be completed. Without it (old kernel) they would be lost.
            byte[] one = new byte[4];
            Structs.putInt(one, 0, 1);
            this.vnetLen = libc.setsockopt(s, LibC.SOL_PACKET, Offload.PACKET_VNET_HDR, one, 4) == 0 ? Offload.VNET_HDR_LEN : 0;
            this.mtu = mtu > 0 ? Math.min(mtu, deviceMtu) : deviceMtu;
            byte[] sll = Structs.sockaddrLl(ETH_P_ALL, ifIndex);
            if (libc.bind(s, sll, sll.length) != 0) throw new IllegalStateException(LibC.lastError("bind AF_PACKET to " + device));
            byte[] mreq = Structs.packetMreq(ifIndex, LibC.PACKET_MR_ALLMULTI);
            if (libc.setsockopt(s, LibC.SOL_PACKET, LibC.PACKET_ADD_MEMBERSHIP, mreq, mreq.length) != 0) {
                throw new IllegalStateException(LibC.lastError("PACKET_ADD_MEMBERSHIP on " + device));
            }
        } catch (RuntimeException e) {
            libc.close(s);
            throw e;
        }
        this.fd = s;
        this.arp = new ArpTable(arpParams);
        int frameBytes = vnetLen + Math.max(Ethernet.MIN_FRAME, Ethernet.HEADER_LENGTH + this.mtu);
        this.txFrame = ThreadLocal.withInitial(() -> new byte[frameBytes]);
        this.loop = new PollLoop("eth-" + device, fd, new Reader());
    }

    @Override
    public String name() {
        return name;
    }

    public String device() {
        return device;
    }

    public long mac() {
        return mac;
    }

    public int address() {
        return address;
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
        if (first) {
            loop.start();
            announce();
        }
    }

    /** Gratuitous ARP (an RFC 5227 announcement): neighbours update their caches to our MAC. */
    public void announce() {
        sendArp(Arp.OP_REQUEST, Ethernet.BROADCAST, 0, address);
    }

    @Override
    public void send(byte[] buf, int off, int len, int nextHop) {
        if (closed) {
            counters.inc(DROP_TX_CLOSED);
            return;
        }
        if (len < Ipv4.HEADER_LENGTH || len > mtu) {
            counters.inc(DROP_TX_OVERSIZE);
            return;
        }
        int hop = nextHop != 0 ? nextHop : Ipv4.destination(buf, off);
        long dst;
        if (Ip4.isMulticast(hop)) {
            dst = Ethernet.ipv4MulticastMac(hop);
        } else if (hop == -1 || (prefixLength <= 30 && hop == (address | ~Ip4.mask(prefixLength)))) {
            dst = Ethernet.BROADCAST;
        } else {
            synchronized (arp) {
                dst = arp.resolve(hop, buf, off, len, System.nanoTime(), arpActions);
            }
            if (dst < 0) {
                if (dst == ArpTable.QUEUED) {
                    counters.inc(ARP_QUEUED);
                    loop.wakeup(); // the reader thread re-reads the next ARP deadline
                } else {
                    counters.inc(dst == ArpTable.DROP_QUEUE_FULL ? DROP_TX_ARP_QUEUE_FULL : DROP_TX_UNRESOLVED);
                }
                return;
            }
        }
        if (writeFrame(dst, Ethernet.TYPE_IPV4, buf, off, len)) {
            counters.inc(TX_PACKETS);
            counters.add(TX_BYTES, len);
        }
    }

    /**
     * A TCP super-segment: with PACKET_VNET_HDR the kernel takes it whole and cuts it (TSO through
     * the virtio_net_hdr: partial checksum, GSO_TCPV4 at {@code segmentBytes}), so a veth peer's
     * stack gets one packet, not ~45. Otherwise (no vnet header, next hop not resolved yet,
     * broadcast, not TCP/IPv4) it is cut here and each segment {@link #send sent}.
     */
    @Override
    public void sendSegmented(byte[] buf, int off, int len, int nextHop, int segmentBytes) {
        int ihl = len >= Ipv4.HEADER_LENGTH ? Ipv4.headerLength(buf, off) : 0;
        int thl = ihl >= Ipv4.HEADER_LENGTH && ihl + 20 <= len && Ipv4.protocol(buf, off) == Ipv4.PROTO_TCP ? ((buf[off + ihl + 12] & 0xff) >>> 4) * 4 : 0;
        long dst = -1;
        int hop = len >= Ipv4.HEADER_LENGTH ? (nextHop != 0 ? nextHop : Ipv4.destination(buf, off)) : 0;
        if (!closed && vnetLen > 0 && thl >= 20 && ihl + thl < len && len <= TcpSegmentation.MAX_PACKET && Ipv4.totalLength(buf, off) == len
                && segmentBytes > 0 && ihl + thl + segmentBytes <= mtu && !Ip4.isMulticast(hop)) {
            synchronized (arp) {
                dst = arp.macOf(hop);
            }
        }
        if (dst < 0) {
            CountedPort.super.sendSegmented(buf, off, len, nextHop, segmentBytes);
            return;
        }
        byte[] frame = txSuperFrame.get();
        Offload.writeTcp4Gso(frame, 0, Ethernet.HEADER_LENGTH + ihl, thl, segmentBytes);
        int eth = Offload.VNET_HDR_LEN;
        Ethernet.writeHeader(frame, eth, dst, mac, Ethernet.TYPE_IPV4);
        int ip = eth + Ethernet.HEADER_LENGTH;
        System.arraycopy(buf, off, frame, ip, len);
        // CHECKSUM_PARTIAL: the field holds the pseudo-header sum; the kernel adds each segment's bytes.
        io.vroom.core.net.Checksum.write16(frame, ip + ihl + 16,
                Ipv4.pseudoHeaderSum(Ipv4.source(buf, off), Ipv4.destination(buf, off), Ipv4.PROTO_TCP, len - ihl));
        int frameLen = eth + Ethernet.HEADER_LENGTH + len;
        long n = libc.write(fd, frame, frameLen);
        if (n == frameLen) {
            int payload = len - ihl - thl, segments = (payload + segmentBytes - 1) / segmentBytes;
            counters.inc(TX_SUPER_SEGMENTS);
            counters.add(TX_PACKETS, segments);
            counters.add(TX_BYTES, len + (long) (segments - 1) * (ihl + thl));
        } else if (n < 0 && (LibC.errno() == LibC.EAGAIN || LibC.errno() == LibC.ENOBUFS)) {
            counters.inc(DROP_TX_BUSY);
        } else {
            CountedPort.super.sendSegmented(buf, off, len, nextHop, segmentBytes); // the kernel refused the offload: cut here
        }
    }

    /** Writes one frame; false (counted) if the kernel did not take it. */
    private boolean writeFrame(long dst, int type, byte[] payload, int off, int len) {
        byte[] frame = txFrame.get(); // the virtio_net_hdr prefix stays all zeros: no offload asked
        int eth = vnetLen;
        Ethernet.writeHeader(frame, eth, dst, mac, type);
        System.arraycopy(payload, off, frame, eth + Ethernet.HEADER_LENGTH, len);
        int frameLen = Ethernet.HEADER_LENGTH + len;
        if (frameLen < Ethernet.MIN_FRAME) {
            java.util.Arrays.fill(frame, eth + frameLen, eth + Ethernet.MIN_FRAME, (byte) 0);
            frameLen = Ethernet.MIN_FRAME;
        }
        frameLen += vnetLen;
        long n = libc.write(fd, frame, frameLen);
        if (n == frameLen) return true;
        if (n < 0 && (LibC.errno() == LibC.EAGAIN || LibC.errno() == LibC.ENOBUFS)) {
            counters.inc(DROP_TX_BUSY);
        } else {
            counters.inc(TX_ERRORS); // e.g. ENETDOWN: the interface is down
        }
        return false;
    }

    private void sendArp(int op, long dstMac, long targetMac, int targetIp) {
        if (closed) return;
        byte[] a = new byte[Arp.LENGTH];
        Arp.write(a, 0, op, mac, address, targetMac, targetIp);
        if (writeFrame(dstMac, Ethernet.TYPE_ARP, a, 0, a.length)) counters.inc(TX_ARP);
    }

    /** The resolved MAC of {@code ip} in this port's ARP table, or -1. */
    public long neighbour(int ip) {
        synchronized (arp) {
            return arp.macOf(ip);
        }
    }

    /** The ARP table for show commands: address → "mac state". */
    public Map<String, String> arpEntries() {
        synchronized (arp) {
            return arp.snapshot();
        }
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    public long counter(String counterName) {
        return counters.get(counterName);
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        loop.close();
        libc.close(fd);
    }

    /** One received frame without offload metadata (package-private for fuzzing); never throws. */
    void handleFrame(byte[] f, int len) {
        handleFrame(f, 0, len, 0, Offload.GSO_NONE, 0, 0, 0);
    }

    /**
     * One received frame at {@code f[eth, eth+len)}, with the virtio_net_hdr fields that came with
     * it ({@code csumStart} counts from the frame's start); never throws.
     */
    void handleFrame(byte[] f, int eth, int len, int vnetFlags, int gsoType, int gsoSize, int csumStart, int csumOffset) {
        if (len < Ethernet.HEADER_LENGTH) {
            counters.inc(DROP_RX_RUNT);
            return;
        }
        long dst = Ethernet.dst(f, eth);
        if (dst != mac && !Ethernet.isGroup(dst)) {
            counters.inc(DROP_RX_NOT_FOR_US);
            return;
        }
        if (Ethernet.src(f, eth) == mac) {
            counters.inc(DROP_RX_LOOPED);
            return;
        }
        switch (Ethernet.type(f, eth)) {
            case Ethernet.TYPE_IPV4 -> deliver(f, eth, len - Ethernet.HEADER_LENGTH, vnetFlags, gsoType, gsoSize, csumStart, csumOffset);
            case Ethernet.TYPE_ARP -> handleArp(f, eth + Ethernet.HEADER_LENGTH, len - Ethernet.HEADER_LENGTH);
            default -> counters.inc(DROP_RX_OTHER_ETHERTYPE); // IPv6, VLAN tags, LLDP, ...
        }
    }

    private void deliver(byte[] f, int eth, int ipLen, int vnetFlags, int gsoType, int gsoSize, int csumStart, int csumOffset) {
        int off = eth + Ethernet.HEADER_LENGTH;
        if (ipLen < Ipv4.HEADER_LENGTH) {
            counters.inc(DROP_RX_RUNT);
            return;
        }
        if ((f[off] & 0xf0) != 0x40) {
            counters.inc(DROP_RX_MALFORMED);
            return;
        }
        int total = Ipv4.totalLength(f, off);
        if (total >= Ipv4.HEADER_LENGTH && total < ipLen) ipLen = total; // Ethernet padding
        if ((gsoType & ~Offload.GSO_ECN) != Offload.GSO_NONE) {
            // A super-segment (TSO from a local kernel, GRO): cut it back into MTU-sized segments.
            Port.PacketReceiver r = receiver;
            if (r == null) {
                counters.inc(DROP_RX_NOT_STARTED);
                return;
            }
            if ((gsoType & ~Offload.GSO_ECN) != Offload.GSO_TCPV4 || gsoSize <= 0 || gsoSize > mtu) {
                counters.inc(DROP_RX_OFFLOAD);
                return;
            }
            if (Ipv4.destination(f, off) == address && Ipv4.totalLength(f, off) == ipLen && (vnetFlags & Offload.F_NEEDS_CSUM) != 0) {
                // For this interface's own address the VR's host stack takes it whole, as Linux's GRO
                // does: one segment to process and acknowledge instead of ~45 (no MTU on the way in).
                // Only with a partial checksum to complete here (the cut path below recomputes all checksums).
                // Anything to be forwarded is cut below: an egress port has an MTU.
                if (!Offload.completeChecksum(f, eth + csumStart, csumOffset, off + ipLen)) {
                    counters.inc(DROP_RX_OFFLOAD);
                    return;
                }
                counters.inc(RX_SUPER_SEGMENTS_WHOLE);
                handOver(r, f, off, ipLen);
                return;
            }
            try {
                int n = Offload.segmentTcp4(f, off, ipLen, gsoSize, segBuf, this::deliverSegment);
                if (n < 0) counters.inc(DROP_RX_OFFLOAD);
                else counters.inc(RX_SEGMENTED);
            } catch (RuntimeException e) {
                counters.inc(RECEIVER_ERRORS);
            }
            return;
        }
        if ((vnetFlags & Offload.F_NEEDS_CSUM) != 0) {
            if (!Offload.completeChecksum(f, eth + csumStart, csumOffset, off + ipLen)) {
                counters.inc(DROP_RX_OFFLOAD);
                return;
            }
            counters.inc(RX_CHECKSUMS_COMPLETED);
        }
        if (ipLen > mtu) {
            counters.inc(DROP_RX_OVERSIZE);
            return;
        }
        Port.PacketReceiver r = receiver;
        if (r == null) {
            counters.inc(DROP_RX_NOT_STARTED);
            return;
        }
        handOver(r, f, off, ipLen);
    }

    /** Counts an IPv4 packet received and gives it to the VR (a receiver's failure is counted, never thrown here). */
    private void handOver(Port.PacketReceiver r, byte[] f, int off, int ipLen) {
        counters.inc(RX_PACKETS);
        counters.add(RX_BYTES, ipLen);
        try {
            r.receive(f, off, ipLen);
        } catch (RuntimeException e) {
            counters.inc(RECEIVER_ERRORS);
        }
    }

    /** One segment cut from a super-segment. */
    private void deliverSegment(byte[] seg, int off, int len) {
        if (len > mtu) {
            counters.inc(DROP_RX_OVERSIZE);
            return;
        }
        counters.inc(RX_PACKETS);
        counters.add(RX_BYTES, len);
        receiver.receive(seg, off, len);
    }

    /** RFC 826 "Packet Reception", plus RFC 5227's conflict notice. */
    private void handleArp(byte[] f, int off, int len) {
        if (!Arp.valid(f, off, len)) {
            counters.inc(DROP_RX_BAD_ARP);
            return;
        }
        long sha = Arp.senderMac(f, off);
        int spa = Arp.senderIp(f, off);
        int tpa = Arp.targetIp(f, off);
        if (Ethernet.isGroup(sha) || sha == 0) {
            counters.inc(DROP_RX_BAD_ARP);
            return;
        }
        counters.inc(RX_ARP);
        if (spa == address) { // someone else claims our address
            counters.inc(ARP_CONFLICTS);
            return;
        }
        boolean forUs = tpa == address && address != 0;
        if (spa != 0) { // spa 0: an RFC 5227 probe, nothing to learn
            boolean onLink = ((spa ^ address) & Ip4.mask(prefixLength)) == 0;
            synchronized (arp) {
                arp.learn(spa, sha, forUs && onLink, System.nanoTime(), arpActions);
            }
        }
        if (forUs && Arp.op(f, off) == Arp.OP_REQUEST) sendArp(Arp.OP_REPLY, sha, sha, spa);
    }

    private final class ArpActions implements ArpTable.Actions {
        @Override
        public void sendRequest(int ip) {
            sendArp(Arp.OP_REQUEST, Ethernet.BROADCAST, 0, ip);
        }

        @Override
        public void transmit(long dstMac, byte[] packet, int len) {
            if (writeFrame(dstMac, Ethernet.TYPE_IPV4, packet, 0, len)) {
                counters.inc(TX_PACKETS);
                counters.add(TX_BYTES, len);
            }
        }

        @Override
        public void droppedPending(int count) {
            counters.add(DROP_TX_UNRESOLVED, count);
        }
    }

    private final class Reader implements PollLoop.Handler {
        @Override
        public void readable() {
            for (int i = 0; i < READ_BUDGET && !loop.isClosed(); i++) {
                rxAddrLen[0] = rxAddr.length;
                long n = libc.recvfrom(fd, rxBuf, rxBuf.length, MSG_TRUNC, rxAddr, rxAddrLen);
                if (n < 0) {
                    int e = LibC.errno();
                    if (e != LibC.EAGAIN && e != LibC.EINTR) {
                        counters.inc(RX_ERRORS);
                        lastError = LibC.lastError("recvfrom " + device);
                    }
                    return;
                }
                if ((rxAddr[Structs.SLL_PKTTYPE] & 0xff) == Structs.PACKET_OUTGOING) continue; // our own sends
                if (n > rxBuf.length || n < vnetLen) {
                    counters.inc(n < vnetLen ? DROP_RX_RUNT : DROP_RX_OVERSIZE);
                    continue;
                }
                if (vnetLen == 0) {
                    handleFrame(rxBuf, (int) n);
                } else {
                    handleFrame(rxBuf, vnetLen, (int) n - vnetLen, Offload.flags(rxBuf, 0), Offload.gsoType(rxBuf, 0),
                            Offload.gsoSize(rxBuf, 0), Offload.csumStart(rxBuf, 0), Offload.csumOffset(rxBuf, 0));
                }
            }
        }

        @Override
        public long tick(long nowNs) {
            synchronized (arp) {
                return arp.tick(nowNs, arpActions);
            }
        }

        @Override
        public void failed(String why) {
            lastError = why;
            counters.inc(RX_ERRORS);
        }
    }
}
