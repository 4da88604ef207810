package io.vroom.core.forward;

import io.vroom.core.dataplane.DataPlane.PuntHandler;
import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.rib.NextHop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One VR's slice of the software data plane: its FIB (a {@link FibStore} plus the {@link Lpm}
 * index and the next-hop groups built from it), its port bindings and its counters, and the
 * forwarding path (RFC 1812 §5) run on port threads.
 *
 * <p>Threads: FIB changes and bindings come from one writer at a time (serialised by a lock that
 * the forwarding path never takes); forwarding runs concurrently on any number of port threads,
 * reading only published arrays, and never throws or allocates except to punt a packet or build
 * an ICMP error.
 */
public final class SoftwareVrDataPlane implements VrDataPlane {
    /** Interface indexes are {@code 0..MAX_IF_INDEX-1}. */
    public static final int MAX_IF_INDEX = 4096;
    /** {@link #counters} of this pseudo-interface count packets the VR originated that could not leave. */
    public static final int ORIGINATED = -1;

    private static final int IPOPT_END = 0;
    private static final int IPOPT_NOP = 1;
    /** Router Alert, RFC 2113: the packet wants the router's control plane. */
    private static final int IPOPT_ROUTER_ALERT = 148;

    private final String vrName;
    private final PuntHandler punt;
    private final FibStore store;
    private final LongSupplier clockNs;
    private final IcmpRateLimiter icmpLimiter;
    private final Runnable onClose;

    private final Lpm lpm = new Lpm();
    private final NextHopGroups groups = new NextHopGroups();
    private final ReentrantLock writer = new ReentrantLock();
    private final InterfaceCounters originated = new InterfaceCounters();
    /** LOCAL /32 addresses → the interface named by the entry's next hop, or -1. */
    private final TreeMap<Integer, Integer> locals = new TreeMap<>();

    private volatile Port[] ports = new Port[0];
    private volatile InterfaceCounters[] counters = new InterfaceCounters[0];
    /** Interface index → its address (0: unknown), the source of the ICMP errors it sends (RFC 1812 §4.3.2.4). */
    private volatile int[] ifAddress = new int[0];
    private volatile int anyLocalAddress;
    private volatile boolean closed;

    SoftwareVrDataPlane(String vrName, PuntHandler punt, FibStore store, LongSupplier clockNs,
                        IcmpRateLimiter icmpLimiter, Runnable onClose) {
        this.vrName = vrName;
        this.punt = punt;
        this.store = store;
        this.clockNs = clockNs;
        this.icmpLimiter = icmpLimiter;
        this.onClose = onClose;
        writer.lock();
        try {
            store.forEach(e -> {
                index(e);
                if (e.kind() == FibEntry.Kind.LOCAL) trackLocal(e);
            });
            refreshAddresses();
        } finally {
            writer.unlock();
        }
    }

    @Override
    public String vrName() {
        return vrName;
    }

    // ---------------------------------------------------------------- FIB (writer side)

    @Override
    public FibResult apply(List<FibDelta> batch) {
        writer.lock();
        try {
            if (closed) return new FibResult(0, batch.size(), "data plane of VR " + vrName + " is closed");
            int applied = 0, rejected = 0;
            String error = null;
            boolean addressesChanged = false;
            for (FibDelta d : batch) {
                String problem;
                try {
                    problem = d == null ? "null delta" : d.isRemove() ? removeEntry(d.prefix()) : install(d);
                } catch (RuntimeException e) { // a store failure (e.g. I/O) must not escape into the VR
                    problem = "FIB store failed on " + d.prefix() + ": " + e;
                }
                if (problem == null) {
                    applied++;
                    addressesChanged |= affectsAddresses(d);
                } else {
                    rejected++;
                    if (error == null) error = problem;
                }
            }
            if (addressesChanged) refreshAddresses();
            return new FibResult(applied, rejected, error);
        } finally {
            writer.unlock();
        }
    }

    private String install(FibDelta d) {
        FibEntry e = d.entry();
        if (!e.prefix().equals(d.prefix())) return "delta prefix " + d.prefix() + " differs from its entry's " + e.prefix();
        for (NextHop nh : e.nextHops()) {
            if (nh.ifIndex() < 0 || nh.ifIndex() >= MAX_IF_INDEX) return "next hop " + nh + " of " + e.prefix() + ": interface index out of range";
        }
        if (!store.put(e)) return "FIB full: " + store.capacity() + " entries, cannot install " + e.prefix();
        try {
            index(e);
        } catch (RuntimeException ex) { // index limits (next-hop groups): keep store and index in step
            store.remove(e.prefix());
            lpm.remove(e.prefix().address(), e.prefix().length());
            return "cannot index " + e.prefix() + ": " + ex.getMessage();
        }
        if (e.kind() == FibEntry.Kind.LOCAL) trackLocal(e);
        else if (e.prefix().length() == 32) locals.remove(e.prefix().address());
        return null;
    }

    private String removeEntry(Ip4Prefix prefix) {
        store.remove(prefix);
        int old = lpm.remove(prefix.address(), prefix.length());
        if (old != Lpm.NO_ROUTE) groups.release(old);
        if (prefix.length() == 32) locals.remove(prefix.address());
        return null;
    }

    /** Puts an entry (already in the store) into the index. */
    private void index(FibEntry e) {
        int id = groups.acquire(e);
        int old = lpm.put(e.prefix().address(), e.prefix().length(), id);
        if (old != Lpm.NO_ROUTE) groups.release(old);
    }

    private void trackLocal(FibEntry e) {
        if (e.prefix().length() == 32) locals.put(e.prefix().address(), e.nextHops().isEmpty() ? -1 : e.nextHops().get(0).ifIndex());
    }

    private static boolean affectsAddresses(FibDelta d) {
        if (d.isRemove()) return true; // cheap enough: removals are rarely bulk, and a /32 or connected route may go
        FibEntry e = d.entry();
        if (e.kind() == FibEntry.Kind.LOCAL) return true;
        for (NextHop nh : e.nextHops()) if (nh.gateway() == 0) return true;
        return false;
    }

    /**
     * Derives each interface's address from the LOCAL /32 entries: the entry's own next hop if it
     * names one, else the on-link FORWARD route (the connected subnet) that covers the address.
     */
    private void refreshAddresses() {
        int[] addr = new int[MAX_IF_INDEX];
        int max = -1, any = 0;
        for (Map.Entry<Integer, Integer> l : locals.entrySet()) {
            int a = l.getKey();
            if (any == 0) any = a;
            int ifIndex = l.getValue();
            if (ifIndex < 0) {
                NextHopGroup g = groups.get(lpm.lookupShorter(a, 32));
                if (g != null && g.kind == FibEntry.Kind.FORWARD) {
                    for (int i = 0; i < g.size && ifIndex < 0; i++) if (g.gateway[i] == 0) ifIndex = g.ifIndex[i];
                }
            }
            if (ifIndex >= 0 && ifIndex < MAX_IF_INDEX && addr[ifIndex] == 0) {
                addr[ifIndex] = a;
                max = Math.max(max, ifIndex);
            }
        }
        ifAddress = Arrays.copyOf(addr, max + 1);
        anyLocalAddress = any;
    }

    @Override
    public List<FibEntry> entries() {
        writer.lock();
        try {
            List<FibEntry> all = new ArrayList<>(store.size());
            store.forEach(all::add);
            all.sort((a, b) -> a.prefix().compareTo(b.prefix()));
            return Collections.unmodifiableList(all);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public int fibSize() {
        return lpm.size();
    }

    /** Bytes of the in-memory LPM index (readers' trie plus the writer's prefix table). */
    public long indexBytes() {
        return lpm.memoryBytes();
    }

    /** The address of interface {@code ifIndex} as derived from the FIB, or 0 if unknown. */
    public int interfaceAddress(int ifIndex) {
        int[] a = ifAddress;
        return ifIndex >= 0 && ifIndex < a.length ? a[ifIndex] : 0;
    }

    // ---------------------------------------------------------------- bindings and counters

    @Override
    public void bind(int ifIndex, Port port) {
        checkIfIndex(ifIndex);
        if (port == null) throw new IllegalArgumentException("null port");
        writer.lock();
        try {
            if (closed) throw new IllegalStateException("data plane of VR " + vrName + " is closed");
            countersCreate(ifIndex);
            Port[] p = ports.length > ifIndex ? ports.clone() : Arrays.copyOf(ports, ifIndex + 1);
            p[ifIndex] = port;
            ports = p;
        } finally {
            writer.unlock();
        }
        port.start(new Receiver(ifIndex, port));
    }

    @Override
    public void unbind(int ifIndex) {
        checkIfIndex(ifIndex);
        writer.lock();
        try {
            if (ifIndex < ports.length && ports[ifIndex] != null) {
                Port[] p = ports.clone();
                p[ifIndex] = null;
                ports = p;
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    public Map<String, Long> counters(int ifIndex) {
        if (ifIndex == ORIGINATED) return originated.snapshot();
        InterfaceCounters c = countersOf(ifIndex);
        return c == null ? new InterfaceCounters().snapshot() : c.snapshot();
    }

    private static void checkIfIndex(int ifIndex) {
        if (ifIndex < 0 || ifIndex >= MAX_IF_INDEX) throw new IllegalArgumentException("interface index out of range 0.." + (MAX_IF_INDEX - 1) + ": " + ifIndex);
    }

    private InterfaceCounters countersCreate(int ifIndex) {
        InterfaceCounters[] c = counters;
        if (ifIndex < c.length && c[ifIndex] != null) return c[ifIndex];
        c = Arrays.copyOf(c, Math.max(c.length, ifIndex + 1));
        c[ifIndex] = new InterfaceCounters();
        counters = c;
        return c[ifIndex];
    }

    private InterfaceCounters countersOf(int ifIndex) {
        InterfaceCounters[] c = counters;
        return ifIndex >= 0 && ifIndex < c.length ? c[ifIndex] : null;
    }

    private Port portOf(int ifIndex) {
        Port[] p = ports;
        return ifIndex >= 0 && ifIndex < p.length ? p[ifIndex] : null;
    }

    /** Delivers one port's packets into the forwarding path while that port is bound to its interface. */
    private final class Receiver implements Port.PacketReceiver {
        private final int ifIndex;
        private final Port port;

        Receiver(int ifIndex, Port port) {
            this.ifIndex = ifIndex;
            this.port = port;
        }

        @Override
        public void receive(byte[] buf, int off, int len) {
            if (portOf(ifIndex) != port || closed) {
                InterfaceCounters c = countersOf(ifIndex);
                if (c != null) c.drop(Drop.UNBOUND);
                return;
            }
            forward(ifIndex, buf, off, len);
        }
    }

    // ---------------------------------------------------------------- forwarding path

    /**
     * Forwards one packet received on interface {@code inIf} (RFC 1812 §5.2–5.3). {@code buf} is
     * modified in place (TTL, checksum) and handed to the egress port. Never throws.
     */
    public void forward(int inIf, byte[] buf, int off, int len) {
        InterfaceCounters in = countersOf(inIf);
        if (in == null) return; // never bound: nothing to count against
        in.rxPackets.increment();
        in.rxBytes.add(len);
        if (off < 0 || len < 0 || off > buf.length - len) {
            in.drop(Drop.TRUNCATED);
            return;
        }
        Ipv4.Error error = Ipv4.validate(buf, off, len);
        if (error != Ipv4.Error.OK) {
            in.drop(Drop.of(error));
            return;
        }
        int total = Ipv4.totalLength(buf, off); // drops any link-layer padding past the IP datagram
        int src = Ipv4.source(buf, off);
        int dst = Ipv4.destination(buf, off);
        if (badSource(src)) {
            in.drop(Drop.BAD_SOURCE);
            return;
        }
        if (dst == -1 || (dst & 0xffffff00) == 0xe0000000) { // limited broadcast, 224.0.0.0/24 (RFC 5771): the VR's
            punt(in, inIf, buf, off, total);
            return;
        }
        if (Ip4.isMulticast(dst)) {
            in.drop(Drop.MULTICAST);
            return;
        }
        if (Ipv4.headerLength(buf, off) > Ipv4.HEADER_LENGTH && hasRouterAlert(buf, off)) {
            punt(in, inIf, buf, off, total);
            return;
        }
        int id = lpm.lookup(dst);
        NextHopGroup g = id == Lpm.NO_ROUTE ? null : groups.get(id);
        if (g == null) {
            in.drop(Drop.NO_ROUTE);
            icmpError(in, inIf, Icmp.DEST_UNREACHABLE, Icmp.CODE_NET_UNREACHABLE, 0, buf, off, total);
            return;
        }
        switch (g.kind) {
            case LOCAL:
                punt(in, inIf, buf, off, total);
                return;
            case BLACKHOLE:
                in.drop(Drop.BLACKHOLE);
                return;
            case UNREACHABLE:
                in.drop(Drop.UNREACHABLE);
                icmpError(in, inIf, Icmp.DEST_UNREACHABLE, Icmp.CODE_HOST_UNREACHABLE, 0, buf, off, total);
                return;
            default:
                break;
        }
        if (Ipv4.ttl(buf, off) <= 1) { // RFC 1812 §5.3.1
            in.drop(Drop.TTL_EXPIRED);
            icmpError(in, inIf, Icmp.TIME_EXCEEDED, Icmp.CODE_TTL_EXCEEDED, 0, buf, off, total);
            return;
        }
        int i = g.size == 1 ? 0 : FlowHash.pick(buf, off, g.size);
        int outIf = g.ifIndex[i];
        Port out = portOf(outIf);
        if (out == null) {
            in.drop(Drop.NO_PORT);
            return;
        }
        int mtu = out.mtu();
        if (total > mtu) {
            in.drop(Drop.TOO_BIG);
            if (Ipv4.dontFragment(buf, off)) { // RFC 1191: next-hop MTU in the low 16 bits
                icmpError(in, inIf, Icmp.DEST_UNREACHABLE, Icmp.CODE_FRAGMENTATION_NEEDED, mtu & 0xffff, buf, off, total);
            }
            return;
        }
        Ipv4.decrementTtl(buf, off);
        int gw = g.gateway[i];
        try {
            out.send(buf, off, total, gw != 0 ? gw : dst);
        } catch (RuntimeException e) { // a port must not throw, but the forwarding path must never pass it on
            in.drop(Drop.NO_PORT);
            return;
        }
        InterfaceCounters oc = countersOf(outIf);
        if (oc != null) oc.tx(total);
    }

    /** RFC 1812 §5.3.7: never forward from 0/8, 127/8, multicast or limited broadcast sources. */
    private static boolean badSource(int src) {
        int first = src >>> 24;
        return first == 0 || first == 127 || Ip4.isMulticast(src) || src == -1;
    }

    /** Scans the options of a validated header for Router Alert (RFC 2113). */
    private static boolean hasRouterAlert(byte[] b, int off) {
        int end = off + Ipv4.headerLength(b, off);
        int i = off + Ipv4.HEADER_LENGTH;
        while (i < end) {
            int type = b[i] & 0xff;
            if (type == IPOPT_END) return false;
            if (type == IPOPT_NOP) {
                i++;
                continue;
            }
            if (type == IPOPT_ROUTER_ALERT) return true;
            if (i + 1 >= end) return false;
            int optLen = b[i + 1] & 0xff;
            if (optLen < 2) return false;
            i += optLen;
        }
        return false;
    }

    private void punt(InterfaceCounters in, int inIf, byte[] buf, int off, int total) {
        byte[] copy = Arrays.copyOfRange(buf, off, off + total);
        in.punted.increment();
        try {
            punt.punt(inIf, copy);
        } catch (RuntimeException e) {
            // The VR's handler failing must not take the port thread down; the packet is lost.
        }
    }

    /**
     * Sends an ICMP error about a validated packet back toward its source, unless RFC 1812
     * §4.3.2.7 forbids it (errors about ICMP errors, non-first fragments) or the rate limit says no.
     */
    private void icmpError(InterfaceCounters in, int inIf, int type, int code, int rest, byte[] buf, int off, int total) {
        if ((Ipv4.flagsFragment(buf, off) & 0x1fff) != 0) return;
        if (Ipv4.protocol(buf, off) == Ipv4.PROTO_ICMP) {
            int p = Ipv4.payloadOffset(buf, off);
            if (Ipv4.payloadLength(buf, off) < 1 || Icmp.isError(Icmp.type(buf, p))) return;
        }
        int source = interfaceAddress(inIf);
        if (source == 0) source = anyLocalAddress;
        if (source == 0) return; // the VR has no address to speak from
        if (!icmpLimiter.tryAcquire(clockNs.getAsLong())) {
            in.icmpRateLimited.increment();
            return;
        }
        byte[] msg = Icmp.error(source, type, code, rest, buf, off, total);
        in.icmpSent.increment();
        route(msg, 0);
    }

    // ---------------------------------------------------------------- VR-originated packets

    @Override
    public void send(int ifIndex, int nextHop, byte[] packet) {
        send(ifIndex, nextHop, packet, 0);
    }

    /** {@code segmentBytes > 0}: a TCP super-segment, cut by the port into segments of that payload size. */
    private void send(int ifIndex, int nextHop, byte[] packet, int segmentBytes) {
        Port out = portOf(ifIndex);
        InterfaceCounters oc = countersOf(ifIndex);
        if (packet == null || packet.length < Ipv4.HEADER_LENGTH) {
            (oc != null ? oc : originated).drop(Drop.TRUNCATED);
            return;
        }
        if (out == null || closed) {
            (oc != null ? oc : originated).drop(Drop.NO_PORT);
            return;
        }
        int dst = Ipv4.destination(packet, 0);
        try {
            if (segmentBytes > 0) out.sendSegmented(packet, 0, packet.length, nextHop != 0 ? nextHop : dst, segmentBytes);
            else out.send(packet, 0, packet.length, nextHop != 0 ? nextHop : dst);
        } catch (RuntimeException e) {
            (oc != null ? oc : originated).drop(Drop.NO_PORT);
            return;
        }
        if (oc != null) oc.tx(packet.length);
    }

    @Override
    public void sendRouted(byte[] packet) {
        sendRouted(packet, 0);
    }

    @Override
    public void sendRouted(byte[] packet, int segmentBytes) {
        if (packet == null || packet.length < Ipv4.HEADER_LENGTH) {
            originated.drop(Drop.TRUNCATED);
            return;
        }
        route(packet, segmentBytes);
    }

    /** Routes a packet of the VR's own by the FIB, without touching its TTL ({@code segmentBytes > 0}: a TCP super-segment). */
    private void route(byte[] packet, int segmentBytes) {
        if (closed) {
            originated.drop(Drop.NO_PORT);
            return;
        }
        int dst = Ipv4.destination(packet, 0);
        int id = lpm.lookup(dst);
        NextHopGroup g = id == Lpm.NO_ROUTE ? null : groups.get(id);
        if (g == null) {
            originated.drop(Drop.NO_ROUTE);
            return;
        }
        switch (g.kind) {
            case LOCAL:
                originated.drop(Drop.LOCAL_DESTINATION);
                return;
            case BLACKHOLE:
                originated.drop(Drop.BLACKHOLE);
                return;
            case UNREACHABLE:
                originated.drop(Drop.UNREACHABLE);
                return;
            default:
                break;
        }
        int i = g.size == 1 || Ipv4.validate(packet, 0, packet.length) != Ipv4.Error.OK ? 0 : FlowHash.pick(packet, 0, g.size);
        int gw = g.gateway[i];
        send(g.ifIndex[i], gw != 0 ? gw : dst, packet, segmentBytes);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void close() {
        writer.lock();
        try {
            if (closed) return;
            closed = true;
            ports = new Port[0];
            store.close();
        } finally {
            writer.unlock();
        }
        onClose.run();
    }

    boolean isClosed() {
        return closed;
    }
}
