package io.vroom.core.vr;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.net.Udp;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.RibDelta;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.Rng;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One virtual router, sans-IO: {@code handle(nowNs, event, outputs)} and {@link #nextDeadlineNs()}.
 * It owns interfaces, the RIB (connected, local, static and protocol routes), shadowd, its protocol
 * instances and its IPv4 host stack (ICMP echo, demultiplexing to protocols by IP protocol number
 * and UDP port, ICMP unreachable or a TCP reset otherwise, ICMP time exceeded for punted transit
 * packets whose TTL ran out; see {@link #receive}). Protocols act through a {@link ProtocolContext} whose
 * effects are queued and applied after the call returns — route changes go RIB → shadowd → FIB
 * deltas, and RIB deltas reach the other protocols one at a time, never recursively.
 *
 * <p>All state is in a {@link VrState}: {@link #capture} hands it out between two events and
 * {@link #restore} continues from it (the caller serializes it, so the original is not used again).
 */
public final class VirtualRouter {
    /** Bound on RIB-delta rounds in one step (protocols reacting to each other's routes). */
    static final int MAX_DELTA_ROUNDS = 64;

    private final VrState s;

    public VirtualRouter(VrConfig config, List<Protocol> protocols) {
        int highest = 0;
        for (VrConfig.InterfaceConfig i : config.interfaces()) if (Integer.compareUnsigned(i.address(), highest) > 0) highest = i.address();
        this.s = new VrState(config, config.routerId() != 0 ? config.routerId() : highest, protocols);
    }

    private VirtualRouter(VrState state) {
        this.s = state;
    }

    /** Continues a captured VR (fresh instance, possibly another node or JVM). */
    public static VirtualRouter restore(VrState state) {
        return new VirtualRouter(state);
    }

    /** The VR's whole state, between two events. Do not drive this instance afterwards. */
    public VrState capture() {
        return s;
    }

    public String name() { return s.config.name(); }
    public int routerId() { return s.routerId; }
    public VrConfig config() { return s.config; }
    public Collection<Route> selectedRoutes() { return s.rib.selectedRoutes(); }
    public Route lookup(int address) { return s.rib.lookup(address); }

    /** The host stack's counters by {@link VrCounter#key()}, in declaration order (a read-only copy, e.g. for show). */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (VrCounter c : VrCounter.values()) m.put(c.key(), s.counters[c.ordinal()]);
        return Collections.unmodifiableMap(m);
    }

    /** One host-stack counter. */
    public long counter(VrCounter c) {
        return s.counters[c.ordinal()];
    }

    public List<InterfaceInfo> interfaces() {
        List<InterfaceInfo> out = new ArrayList<>(s.up.length);
        for (int i = 0; i < s.up.length; i++) out.add(iface(i));
        return out;
    }

    public InterfaceInfo iface(int i) {
        if (i < 0 || i >= s.up.length) return null;
        VrConfig.InterfaceConfig c = s.config.interfaces().get(i);
        return new InterfaceInfo(i, c.name(), c.address(), new Ip4Prefix(c.address(), c.prefixLength()), c.mtu(), c.cost(), s.up[i]);
    }

    /** A counter of the VR's TCP stack (resets sent, connections, drops...). */
    public long tcpCounter(io.vroom.core.tcp.TcpCounter c) {
        return s.tcp.counter(c);
    }

    /** Every connection of the VR's TCP stack, in id order (show commands, tests). */
    public List<io.vroom.core.tcp.TcpConnectionInfo> tcpConnections() {
        List<io.vroom.core.tcp.TcpConnectionInfo> out = new ArrayList<>();
        for (int id : s.tcp.connectionIds()) out.add(s.tcp.info(id));
        return out;
    }

    public Protocol protocol(String name) {
        for (Protocol p : s.protocols) if (p.name().equals(name)) return p;
        return null;
    }

    /** Shadowd's whole table as FIB installs: data-plane cloning after a move. */
    public List<FibDelta> replayFib() {
        return s.shadowd.replayAll();
    }

    /** Did this VR start over preserved forwarding state ({@link #start(long, VrOutputs, boolean)})? */
    public boolean forwardingPreserved() {
        return s.forwardingPreserved;
    }

    /**
     * The protocols' re-learning after a start over preserved forwarding state, taken together:
     * {@link io.vroom.core.spi.RestartProgress#RELEARNING} if one still is, else
     * {@link io.vroom.core.spi.RestartProgress#UNTRACKED} if one does not say, else DONE (also when
     * nothing was preserved, or the VR runs no protocol).
     */
    public io.vroom.core.spi.RestartProgress restartProgress() {
        if (!s.forwardingPreserved) return io.vroom.core.spi.RestartProgress.DONE;
        io.vroom.core.spi.RestartProgress all = io.vroom.core.spi.RestartProgress.DONE;
        for (Protocol p : s.protocols) {
            io.vroom.core.spi.RestartProgress r = p.restartProgress();
            if (r == io.vroom.core.spi.RestartProgress.RELEARNING) return r;
            if (r == io.vroom.core.spi.RestartProgress.UNTRACKED) all = r;
        }
        return all;
    }

    public long nextDeadlineNs() {
        long d = s.tcp.nextDeadlineNs();
        for (Protocol p : s.protocols) d = Math.min(d, p.nextDeadlineNs());
        return d;
    }

    /** Runs a protocol's management {@link Protocol#command}; its effects are carried out like any input's. */
    public Object command(long nowNs, String protocol, String command, List<String> args, VrOutputs out) {
        Protocol p = protocol(protocol);
        if (p == null) throw new IllegalArgumentException("VR " + name() + " runs no protocol '" + protocol + "'");
        Step step = new Step(nowNs, out);
        try {
            return p.command(nowNs, step.contextFor(p), command, args);
        } finally {
            step.flush();
        }
    }

    /** Installs connected, local and static routes and starts the protocols. Once, on a fresh VR. */
    public void start(long nowNs, VrOutputs out) {
        start(nowNs, out, false);
    }

    /**
     * As {@link #start(long, VrOutputs)}; {@code forwardingPreserved}: the runtime found this VR's FIB
     * preserved from before a restart (a persisted FIB that forwards meanwhile), which the protocols
     * learn from {@link ProtocolContext#forwardingPreserved()}.
     */
    public void start(long nowNs, VrOutputs out, boolean forwardingPreserved) {
        if (s.started) return;
        s.started = true;
        s.forwardingPreserved = forwardingPreserved;
        Step step = new Step(nowNs, out);
        for (int i = 0; i < s.up.length; i++) step.interfaceRoutes(i, true);
        staticRoutes(step);
        step.flush();
        for (Protocol p : s.protocols) {
            p.start(nowNs, step.contextFor(p));
            step.flush();
        }
    }

    public void handle(long nowNs, VrEvent event, VrOutputs out) {
        Step step = new Step(nowNs, out);
        if (event instanceof VrEvent.PacketIn in) {
            receive(step, in.ifIndex(), in.packet());
        } else if (event instanceof VrEvent.LinkChange lc) {
            linkChange(step, lc.ifIndex(), lc.up());
        } else {
            if (s.tcp.nextDeadlineNs() <= nowNs) {
                s.tcp.handleTimeout(nowNs, step);
                step.flush();
            }
            for (Protocol p : s.protocols) {
                if (p.nextDeadlineNs() <= nowNs) {
                    p.handleTimeout(nowNs, step.contextFor(p));
                    step.flush();
                }
            }
        }
        step.flush();
    }

    /**
     * A burst of punted packets (the first {@code count} of {@code packets}) in one step at
     * {@code nowNs}: the same as {@link #handle}-ing each in turn, for one runtime task and one
     * deadline computation per burst. A packet whose handling throws (a bug) is logged and
     * skipped; the rest of the burst goes on.
     */
    public void handleBatch(long nowNs, VrEvent.PacketIn[] packets, int count, VrOutputs out) {
        Step step = new Step(nowNs, out);
        for (int i = 0; i < count; i++) {
            VrEvent.PacketIn in = packets[i];
            try {
                receive(step, in.ifIndex(), in.packet());
            } catch (RuntimeException e) {
                step.log(null, "punted packet " + i + " of a burst failed: " + e);
            }
            step.flush();
        }
    }

    /** Brings the RIB's STATIC routes in line with the configuration and the interface states ({@link StaticRoutes}). */
    private void staticRoutes(Step step) {
        for (Map.Entry<Ip4Prefix, Route> e : StaticRoutes.compute(s.config, s.up).entrySet()) {
            if (e.getValue() == null) step.ribWithdraw(null, RouteSource.STATIC, e.getKey());
            else step.ribUpdate(null, e.getValue());
        }
    }

    private void linkChange(Step step, int ifIndex, boolean up) {
        if (ifIndex < 0 || ifIndex >= s.up.length || s.up[ifIndex] == up) return;
        s.up[ifIndex] = up;
        step.interfaceRoutes(ifIndex, up);
        // Static routes over the interface become usable or unusable.
        staticRoutes(step);
        step.flush();
        InterfaceInfo info = iface(ifIndex);
        for (Protocol p : s.protocols) {
            p.handleInterface(step.nowNs, step.contextFor(p), info);
            step.flush();
        }
    }

    // ---- the host stack -------------------------------------------------------------------------

    /**
     * A packet punted to the VR. Validated (IPv4 header; ICMP, UDP and TCP checksums before anything
     * is delivered or answered), then: echo to an own address is answered; UDP goes to the protocol
     * accepting its destination port, other IP protocols to the protocol accepting the protocol
     * number; TCP enters at {@link #deliverTcp}. Unclaimed packets to an own address get ICMP port or
     * protocol unreachable; unclaimed transit packets (the data plane punts e.g. router-alert ones)
     * whose TTL ran out get ICMP time exceeded. Every drop is counted ({@link VrCounter}).
     */
    private void receive(Step step, int ifIndex, byte[] p) {
        count(VrCounter.PACKETS_IN);
        if (ifIndex < 0 || ifIndex >= s.up.length) {
            count(VrCounter.DROP_BAD_IFINDEX);
            return;
        }
        if (p == null || Ipv4.validate(p, 0, p.length) != Ipv4.Error.OK) {
            count(VrCounter.DROP_INVALID_IPV4);
            return;
        }
        int dst = Ipv4.destination(p, 0);
        boolean mine = isOwnAddress(dst);
        boolean local = mine || isBroadcastOrMulticast(dst);
        if (Ipv4.isFragment(p, 0)) {
            if (local) count(VrCounter.DROP_FRAGMENT); // no reassembly: control protocols do not fragment
            else transit(step, ifIndex, p);
            return;
        }
        int proto = Ipv4.protocol(p, 0);
        if (proto == Ipv4.PROTO_ICMP) icmpIn(step, ifIndex, p, mine, local);
        else if (proto == Ipv4.PROTO_UDP) udpIn(step, ifIndex, p, mine, local);
        else if (proto == Ipv4.PROTO_TCP) deliverTcp(step, ifIndex, p, mine, local);
        else if (!deliverRaw(step, ifIndex, proto, p)) noListener(step, ifIndex, p, mine, local, Icmp.CODE_PROTOCOL_UNREACHABLE);
    }

    private void icmpIn(Step step, int ifIndex, byte[] p, boolean mine, boolean local) {
        int off = Ipv4.payloadOffset(p, 0);
        int len = Ipv4.payloadLength(p, 0);
        if (local && !Icmp.valid(p, off, len)) {
            count(VrCounter.DROP_BAD_ICMP);
            return;
        }
        if (mine && Icmp.type(p, off) == Icmp.ECHO_REQUEST) {
            count(VrCounter.ECHO_REPLIES);
            step.out.sendRouted(Icmp.echoReply(p, 0, Ipv4.destination(p, 0)));
            return;
        }
        if (deliverRaw(step, ifIndex, Ipv4.PROTO_ICMP, p)) return;
        if (local) count(VrCounter.DROP_NO_LISTENER); // never an ICMP error about ICMP here (RFC 1812 §4.3.2.7)
        else transit(step, ifIndex, p);
    }

    private void udpIn(Step step, int ifIndex, byte[] p, boolean mine, boolean local) {
        Protocol taker = null;
        if (Ipv4.payloadLength(p, 0) >= Udp.HEADER_LENGTH) {
            int port = Udp.destinationPort(p, Ipv4.payloadOffset(p, 0));
            for (Protocol pr : s.protocols) {
                if (pr.acceptsUdpPort(port)) {
                    taker = pr;
                    break;
                }
            }
        }
        if (taker == null && !local) {
            transit(step, ifIndex, p);
            return;
        }
        if (!Udp.valid(p, 0)) { // RFC 768 lengths and checksum, before anyone sees it
            count(VrCounter.DROP_BAD_UDP);
            return;
        }
        if (taker != null) taker.handlePacket(step.nowNs, step.contextFor(taker), ifIndex, p);
        else noListener(step, ifIndex, p, mine, local, Icmp.CODE_PORT_UNREACHABLE);
    }

    /**
     * THE place where TCP (IP protocol 6) enters the VR. The protocol accepting IP protocol 6 (the
     * user-space TCP stack of io.vroom.core.tcp, or a protocol embedding it, such as BGP) gets the
     * segment. Until one does, a well-formed segment to an own address is answered as a host with
     * no such connection answers it: a reset (RFC 9293 §3.10.7.1), rate-limited like ICMP errors.
     */
    private void deliverTcp(Step step, int ifIndex, byte[] p, boolean mine, boolean local) {
        if (deliverRaw(step, ifIndex, Ipv4.PROTO_TCP, p)) return;
        if (!local) {
            transit(step, ifIndex, p);
            return;
        }
        if (mine) {
            // The VR's own TCP: connections of its protocols (BGP), RST for closed ports (RFC 9293).
            // Its decoder verifies the header and checksum (once per segment: this is the hot path).
            io.vroom.core.tcp.TcpSegment.Error e = s.tcp.handleSegment(step.nowNs, p, step);
            if (e == io.vroom.core.tcp.TcpSegment.Error.BAD_CHECKSUM || e == io.vroom.core.tcp.TcpSegment.Error.TRUNCATED
                    || e == io.vroom.core.tcp.TcpSegment.Error.BAD_OFFSET) count(VrCounter.DROP_BAD_TCP);
            return;
        }
        if (!TcpReset.valid(p)) {
            count(VrCounter.DROP_BAD_TCP);
            return;
        }
        count(VrCounter.DROP_NO_LISTENER); // TCP to a broadcast or multicast address
    }

    /** Nobody took a packet: unreachable if it was to an own address, time exceeded if transit. */
    private void noListener(Step step, int ifIndex, byte[] p, boolean mine, boolean local, int code) {
        if (!local) {
            transit(step, ifIndex, p);
            return;
        }
        count(VrCounter.DROP_NO_LISTENER);
        if (mine) icmpError(step, Icmp.DEST_UNREACHABLE, code, p, Ipv4.destination(p, 0));
    }

    /** A punted packet not for the VR that no protocol took: RFC 1812 §5.3.1 if its TTL ran out. */
    private void transit(Step step, int ifIndex, byte[] p) {
        if (Ipv4.ttl(p, 0) > 1) {
            count(VrCounter.DROP_NOT_LOCAL);
            return;
        }
        icmpError(step, Icmp.TIME_EXCEEDED, Icmp.CODE_TTL_EXCEEDED, p, s.config.interfaces().get(ifIndex).address());
    }

    private boolean deliverRaw(Step step, int ifIndex, int proto, byte[] p) {
        for (Protocol pr : s.protocols) {
            if (pr.acceptsIpProtocol(proto)) {
                pr.handlePacket(step.nowNs, step.contextFor(pr), ifIndex, p);
                return true;
            }
        }
        return false;
    }

    private boolean isOwnAddress(int address) {
        for (VrConfig.InterfaceConfig i : s.config.interfaces()) if (i.address() == address) return true;
        return false;
    }

    /** Limited broadcast, multicast, or the directed broadcast of one of the VR's subnets. */
    private boolean isBroadcastOrMulticast(int a) {
        if (a == -1 || Ip4.isMulticast(a)) return true;
        for (VrConfig.InterfaceConfig i : s.config.interfaces()) {
            if (i.prefixLength() < 31 && (a | Ip4.mask(i.prefixLength())) == -1 && new Ip4Prefix(i.address(), i.prefixLength()).contains(a)) return true;
        }
        return false;
    }

    /**
     * May an ICMP error (or a TCP reset) be sent about this validated packet? Not (RFC 1812 §4.3.2.7)
     * about an ICMP error message, a fragment other than the first, a packet to a broadcast or
     * multicast address, or one whose source is not a single host: zero, limited or directed
     * broadcast, loopback, multicast or class E.
     */
    private boolean errorAllowed(byte[] p) {
        boolean ok = true;
        if ((Ipv4.flagsFragment(p, 0) & 0x1fff) != 0) ok = false;
        if (Ipv4.protocol(p, 0) == Ipv4.PROTO_ICMP && (Ipv4.payloadLength(p, 0) < 1 || Icmp.isError(Icmp.type(p, Ipv4.payloadOffset(p, 0))))) ok = false;
        if (isBroadcastOrMulticast(Ipv4.destination(p, 0))) ok = false;
        int src = Ipv4.source(p, 0);
        if (src == 0 || (src >>> 24) == 127 || (src >>> 28) == 0xF || isBroadcastOrMulticast(src)) ok = false;
        if (!ok) count(VrCounter.ICMP_NOT_ALLOWED);
        return ok;
    }

    /** The token bucket of the VR's own ICMP errors and resets (RFC 1812 §4.3.2.8), in the VR's time. */
    private boolean takeErrorToken(Step step) {
        long elapsed = Math.max(0, step.nowNs - s.icmpRefillNs);
        s.icmpRefillNs = step.nowNs;
        s.icmpTokens = Math.min(VrState.ICMP_BURST, s.icmpTokens + elapsed * VrState.ICMP_PER_SECOND / 1e9);
        if (s.icmpTokens < 1) {
            count(VrCounter.ICMP_SUPPRESSED);
            return false;
        }
        s.icmpTokens -= 1;
        return true;
    }

    /** An ICMP error from the VR itself, from {@code source}, if allowed and within the rate limit. */
    private void icmpError(Step step, int type, int code, byte[] offending, int source) {
        if (!errorAllowed(offending) || !takeErrorToken(step)) return;
        count(type == Icmp.TIME_EXCEEDED ? VrCounter.TIME_EXCEEDED_SENT : VrCounter.UNREACHABLES_SENT);
        step.out.sendRouted(Icmp.error(source, type, code, 0, offending, 0, Ipv4.totalLength(offending, 0)));
    }

    private void count(VrCounter c) {
        s.counters[c.ordinal()]++;
    }

    /**
     * One step's effects: protocol route changes are queued here and applied by {@link #flush},
     * which runs RIB → shadowd → FIB and then hands RIB deltas to the protocols (not the author).
     * Lives only for one call; never part of the VR's state.
     */
    private final class Step implements io.vroom.core.tcp.TcpOutput {
        final long nowNs;
        final VrOutputs out;
        final ArrayDeque<Object[]> pending = new ArrayDeque<>();

        Step(long nowNs, VrOutputs out) {
            this.nowNs = nowNs;
            this.out = out;
        }

        void ribUpdate(Protocol author, Route r) {
            pending.add(new Object[] {author, r});
        }

        void ribWithdraw(Protocol author, RouteSource source, Ip4Prefix prefix) {
            pending.add(new Object[] {author, source, prefix});
        }

        void interfaceRoutes(int i, boolean up) {
            InterfaceInfo info = iface(i);
            Route local = new Route(Ip4Prefix.host(info.address()), RouteSource.LOCAL, 0, 0, List.of(NextHop.onLink(i)));
            if (up) {
                ribUpdate(null, local);
                ribUpdate(null, Route.of(info.subnet(), RouteSource.CONNECTED, 0, List.of(NextHop.onLink(i))));
            } else {
                ribWithdraw(null, RouteSource.LOCAL, local.prefix());
                // A connected subnet is withdrawn only if no other up interface provides it.
                boolean other = false;
                for (int j = 0; j < s.up.length; j++) if (j != i && s.up[j] && iface(j).subnet().equals(info.subnet())) other = true;
                if (!other) ribWithdraw(null, RouteSource.CONNECTED, info.subnet());
            }
        }

        void flush() {
            for (int round = 0; round < MAX_DELTA_ROUNDS && !pending.isEmpty(); round++) {
                List<RibDelta> deltas = new ArrayList<>();
                List<Protocol> authors = new ArrayList<>();
                while (!pending.isEmpty()) {
                    Object[] op = pending.poll();
                    RibDelta d = op.length == 2 ? s.rib.update((Route) op[1]) : s.rib.withdraw((RouteSource) op[1], (Ip4Prefix) op[2]);
                    if (d != null) {
                        deltas.add(d);
                        authors.add((Protocol) op[0]);
                    }
                }
                List<FibDelta> fib = s.shadowd.apply(deltas, s.rib, interfaces());
                if (!fib.isEmpty()) out.fib(fib);
                for (int k = 0; k < deltas.size(); k++) {
                    for (Protocol p : s.protocols) {
                        if (p != authors.get(k)) p.handleRibChange(nowNs, contextFor(p), deltas.get(k));
                    }
                }
            }
            if (!pending.isEmpty()) {
                pending.clear();
                log(null, "route changes still cascading after " + MAX_DELTA_ROUNDS + " rounds: dropped (protocols fighting?)");
            }
        }

        void log(Protocol p, String message) {
            long elapsed = nowNs - s.logTokensRefillNs;
            if (elapsed >= 1_000_000_000L / VrState.LOGS_PER_SECOND) {
                int add = (int) Math.min(VrState.LOG_BURST, elapsed / (1_000_000_000L / VrState.LOGS_PER_SECOND));
                s.logTokens = Math.min(VrState.LOG_BURST, s.logTokens + add);
                s.logTokensRefillNs = nowNs;
            }
            if (s.logTokens <= 0) {
                s.logsSuppressed++;
                return;
            }
            s.logTokens--;
            String suppressed = s.logsSuppressed > 0 ? " (" + s.logsSuppressed + " earlier lines suppressed)" : "";
            s.logsSuppressed = 0;
            out.log((p == null ? "" : p.name() + ": ") + message + suppressed);
        }

        @Override
        public void transmit(byte[] ipPacket) {
            out.sendRouted(ipPacket);
        }

        @Override
        public void transmit(byte[] ipPacket, int segmentBytes) {
            out.sendRouted(ipPacket, segmentBytes);
        }

        /** TCP events go to the protocol named as the connection's owner (queued by the stack, not re-entrant). */
        @Override
        public void deliver(String owner, io.vroom.core.tcp.TcpEvent event) {
            Protocol p = protocol(owner);
            if (p != null) p.handleTcp(nowNs, contextFor(p), event);
        }

        /**
         * RFC 1122 §3.3.4.3: an active open without a local address takes the address of the
         * interface the route to the peer leaves by (the router id if there is no route yet).
         */
        int sourceFor(int localAddress, int remoteAddress) {
            if (localAddress != 0) return localAddress;
            Route r = s.rib.lookup(remoteAddress);
            if (r == null) return s.routerId;
            if (r.nextHops().isEmpty()) return remoteAddress; // one of our own addresses
            InterfaceInfo i = iface(r.nextHops().get(0).ifIndex());
            return i == null ? s.routerId : i.address();
        }

        ProtocolContext contextFor(Protocol p) {
            return new ProtocolContext() {
                public boolean tcpListen(int localAddress, int port, int listenerId) {
                    return s.tcp.listen(localAddress, port, listenerId, io.vroom.core.tcp.TcpSocketOptions.of(p.name()));
                }
                public int tcpConnect(int localAddress, int remoteAddress, int remotePort) {
                    return s.tcp.connect(nowNs, sourceFor(localAddress, remoteAddress), remoteAddress, remotePort, io.vroom.core.tcp.TcpSocketOptions.of(p.name()), Step.this);
                }
                public int tcpSend(int connId, byte[] data) { return s.tcp.send(nowNs, connId, data, Step.this); }
                public int tcpSend(int connId, byte[] data, int off, int len) { return s.tcp.send(nowNs, connId, data, off, len, Step.this); }
                public void tcpClose(int connId) { s.tcp.close(nowNs, connId, Step.this); }
                public boolean tcpListen(int localAddress, int port, int listenerId, io.vroom.core.tcp.TcpSocketOptions o) {
                    return s.tcp.listen(localAddress, port, listenerId, o.withOwner(p.name()));
                }
                public int tcpConnect(int localAddress, int remoteAddress, int remotePort, io.vroom.core.tcp.TcpSocketOptions o) {
                    return s.tcp.connect(nowNs, sourceFor(localAddress, remoteAddress), remoteAddress, remotePort, o.withOwner(p.name()), Step.this);
                }
                public void tcpMd5Key(int remoteAddress, byte[] key) { s.tcp.setMd5Key(remoteAddress, key); }
                public int tcpSendBufferFree(int connId) { return s.tcp.sendBufferFree(connId); }
                public void tcpAbort(int connId) { s.tcp.abort(nowNs, connId, Step.this); }
                public String vrName() { return s.config.name(); }
                public int routerId() { return s.routerId; }
                public List<InterfaceInfo> interfaces() { return VirtualRouter.this.interfaces(); }
                public InterfaceInfo iface(int ifIndex) { return VirtualRouter.this.iface(ifIndex); }
                public Rng random() { return s.rng; }
                public void send(int ifIndex, int nextHop, byte[] packet) { out.send(ifIndex, nextHop, packet); }
                public void sendRouted(byte[] packet) { out.sendRouted(packet); }
                public void updateRoute(Route route) { ribUpdate(p, route); }
                public void withdrawRoute(RouteSource source, Ip4Prefix prefix) { ribWithdraw(p, source, prefix); }
                public Route lookup(int address) { return s.rib.lookup(address); }
                public Route best(Ip4Prefix prefix) { return s.rib.best(prefix); }
                public Collection<Route> selectedRoutes() { return s.rib.selectedRoutes(); }
                public void log(String message) { Step.this.log(p, message); }
                public boolean forwardingPreserved() { return s.forwardingPreserved; }
            };
        }
    }
}
