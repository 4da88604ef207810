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
import java.util.List;

/**
 * One virtual router, sans-IO: {@code handle(nowNs, event, outputs)} and {@link #nextDeadlineNs()}.
 * It owns interfaces, the RIB (connected, local, static and protocol routes), shadowd, its protocol
 * instances and its IPv4 host stack (ICMP echo, demultiplexing to protocols by IP protocol number
 * and UDP port, ICMP unreachable otherwise). Protocols act through a {@link ProtocolContext} whose
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

    public Protocol protocol(String name) {
        for (Protocol p : s.protocols) if (p.name().equals(name)) return p;
        return null;
    }

    /** Shadowd's whole table as FIB installs: data-plane cloning after a move. */
    public List<FibDelta> replayFib() {
        return s.shadowd.replayAll();
    }

    public long nextDeadlineNs() {
        long d = Long.MAX_VALUE;
        for (Protocol p : s.protocols) d = Math.min(d, p.nextDeadlineNs());
        return d;
    }

    /** Installs connected, local and static routes and starts the protocols. Once, on a fresh VR. */
    public void start(long nowNs, VrOutputs out) {
        if (s.started) return;
        s.started = true;
        Step step = new Step(nowNs, out);
        for (int i = 0; i < s.up.length; i++) step.interfaceRoutes(i, true);
        for (VrConfig.StaticRoute r : s.config.staticRoutes()) step.ribUpdate(null, staticRoute(r));
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
            for (Protocol p : s.protocols) {
                if (p.nextDeadlineNs() <= nowNs) {
                    p.handleTimeout(nowNs, step.contextFor(p));
                    step.flush();
                }
            }
        }
        step.flush();
    }

    private Route staticRoute(VrConfig.StaticRoute r) {
        List<NextHop> hops;
        if (r.blackhole()) {
            hops = List.of();
        } else {
            int ifIndex = -1;
            if (r.interfaceName() != null) {
                for (int i = 0; i < s.config.interfaces().size(); i++) if (s.config.interfaces().get(i).name().equals(r.interfaceName())) ifIndex = i;
            } else {
                for (int i = 0; i < s.up.length; i++) if (iface(i).subnet().contains(r.gateway())) ifIndex = i;
            }
            hops = List.of(new NextHop(ifIndex, r.gateway()));
        }
        return new Route(r.prefix(), RouteSource.STATIC, r.distance(), 0, hops);
    }

    private void linkChange(Step step, int ifIndex, boolean up) {
        if (ifIndex < 0 || ifIndex >= s.up.length || s.up[ifIndex] == up) return;
        s.up[ifIndex] = up;
        step.interfaceRoutes(ifIndex, up);
        // Routes over the interface must be re-examined by shadowd: re-offer the statics.
        for (VrConfig.StaticRoute r : s.config.staticRoutes()) step.ribUpdate(null, staticRoute(r));
        step.flush();
        InterfaceInfo info = iface(ifIndex);
        for (Protocol p : s.protocols) {
            p.handleInterface(step.nowNs, step.contextFor(p), info);
            step.flush();
        }
    }

    // ---- the host stack -------------------------------------------------------------------------

    private void receive(Step step, int ifIndex, byte[] p) {
        if (Ipv4.validate(p, 0, p.length) != Ipv4.Error.OK || Ipv4.isFragment(p, 0)) return;
        int proto = Ipv4.protocol(p, 0);
        int dst = Ipv4.destination(p, 0);
        boolean mine = isOwnAddress(dst);
        if (proto == Ipv4.PROTO_ICMP && mine) {
            int off = Ipv4.payloadOffset(p, 0);
            int len = Ipv4.payloadLength(p, 0);
            if (Icmp.valid(p, off, len) && Icmp.type(p, off) == Icmp.ECHO_REQUEST) step.out.sendRouted(Icmp.echoReply(p, 0, dst));
            else deliverRaw(step, ifIndex, proto, p);
            return;
        }
        if (proto == Ipv4.PROTO_UDP) {
            int u = Ipv4.payloadOffset(p, 0);
            if (Ipv4.payloadLength(p, 0) < Udp.HEADER_LENGTH) return;
            int port = Udp.destinationPort(p, u);
            for (Protocol pr : s.protocols) {
                if (pr.acceptsUdpPort(port)) {
                    pr.handlePacket(step.nowNs, step.contextFor(pr), ifIndex, p);
                    return;
                }
            }
            if (mine) icmpError(step, Icmp.DEST_UNREACHABLE, Icmp.CODE_PORT_UNREACHABLE, p);
            return;
        }
        if (deliverRaw(step, ifIndex, proto, p)) return;
        // TCP is answered by the user-space TCP stack once it is plugged in here (issue 4).
        if (mine) icmpError(step, Icmp.DEST_UNREACHABLE, Icmp.CODE_PROTOCOL_UNREACHABLE, p);
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

    /** An ICMP error from the VR itself, rate-limited by a token bucket in the VR's time. */
    private void icmpError(Step step, int type, int code, byte[] offending) {
        int src = Ipv4.source(offending, 0);
        if (src == 0 || Ip4.isMulticast(src) || Ip4.isMulticast(Ipv4.destination(offending, 0))) return;
        long elapsed = Math.max(0, step.nowNs - s.icmpRefillNs);
        s.icmpRefillNs = step.nowNs;
        s.icmpTokens = Math.min(VrState.ICMP_BURST, s.icmpTokens + elapsed * VrState.ICMP_PER_SECOND / 1e9);
        if (s.icmpTokens < 1) {
            s.icmpSuppressed++;
            return;
        }
        s.icmpTokens -= 1;
        step.out.sendRouted(Icmp.error(Ipv4.destination(offending, 0), type, code, 0, offending, 0, Ipv4.totalLength(offending, 0)));
    }

    /**
     * One step's effects: protocol route changes are queued here and applied by {@link #flush},
     * which runs RIB → shadowd → FIB and then hands RIB deltas to the protocols (not the author).
     * Lives only for one call; never part of the VR's state.
     */
    private final class Step {
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

        ProtocolContext contextFor(Protocol p) {
            return new ProtocolContext() {
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
            };
        }
    }
}
