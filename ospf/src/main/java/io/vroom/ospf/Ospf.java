package io.vroom.ospf;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.rib.RibDelta;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.Auth;
import io.vroom.ospf.packet.DatabaseDescription;
import io.vroom.ospf.packet.Hello;
import io.vroom.ospf.packet.LinkStateAck;
import io.vroom.ospf.packet.LinkStateRequest;
import io.vroom.ospf.packet.LinkStateUpdate;
import io.vroom.ospf.packet.OspfPacket;
import io.vroom.ospf.packet.PacketBody;
import io.vroom.ospf.packet.PacketCodec;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One OSPFv2 instance in one VR: the entry points of the {@link Protocol} SPI, receive checks
 * (§8.2), timers, and packet output. The protocol logic lives in the FSM, flooding, origination and
 * SPF classes, which operate on this plain-data state.
 */
public final class Ospf implements Protocol {
    static final long SEC = 1_000_000_000L;
    public static final int ALL_SPF_ROUTERS = 0xE0000005;
    public static final int ALL_D_ROUTERS = 0xE0000006;
    static final int OPTION_E = 0x02;
    static final int LS_REFRESH_TIME_SEC = 1800;
    static final long MIN_LS_INTERVAL_NS = 5 * SEC;
    static final long MIN_LS_ARRIVAL_NS = SEC;
    static final int MAX_DELAYED_ACKS = 1000;
    static final int MAX_NEIGHBORS_PER_IFACE = 256;
    static final long DELAYED_ACK_NS = SEC / 2;
    static final int MAX_LOGS_PER_SEC = 20;
    static final int IP_TOS_INTERNETWORK_CONTROL = 0xc0;

    OspfConfig config;
    int routerId;
    boolean started;
    final TreeMap<Integer, Area> areas = new TreeMap<>(UnsignedOrder.INSTANCE);
    final TreeMap<Integer, Iface> ifaces = new TreeMap<>();
    /** AS-external LSAs (type 5): AS flooding scope (§12.1.7... §3.6). */
    final Lsdb externals = new Lsdb();
    /** Prefixes redistributed from the RIB, with their external metric settings. */
    final TreeMap<Ip4Prefix, OspfConfig.Redistribute> redistributed = new TreeMap<>();
    /** The routing table of the last SPF run (§11). */
    final TreeMap<Ip4Prefix, OspfRoute> routes = new TreeMap<>();
    /** The routes given to the RIB (only changes are sent). */
    final TreeMap<Ip4Prefix, Route> installed = new TreeMap<>();
    /** AS boundary routers found by the last SPF: router id -&gt; best route (for type-4 summaries and show). */
    final TreeMap<Integer, OspfRoute> asbrRoutes = new TreeMap<>(UnsignedOrder.INSTANCE);
    /** Type-7 routes this router translates into type-5 LSAs as its NSSA's translator (RFC 3101 §3), from the last SPF. */
    final TreeMap<Ip4Prefix, io.vroom.ospf.packet.lsa.ExternalLsa> nssaTranslations = new TreeMap<>();
    /** Border routers found by the last SPF, per area then router id (for show). */
    final ArrayList<Spf.BorderRoute> borderRoutes = new ArrayList<>();
    /** The sequence number of each LSA we originated last; a database copy with another one is not ours (§13.4). */
    final TreeMap<LsaKey, Integer> ownSeq = new TreeMap<>();
    /** When each of our own LSAs was last originated (MinLSInterval, §12.4). */
    final TreeMap<LsaKey, Long> lastOriginatedNs = new TreeMap<>();
    long spfDeadlineNs = Long.MAX_VALUE;
    long originateDeadlineNs = Long.MAX_VALUE;
    long agingDeadlineNs = Long.MAX_VALUE;
    boolean originatePending;
    long spfRuns;
    long lastSpfNs;
    long lastNowNs;
    /** LSAs to flood per interface, collected during one input and sent at its end; empty between calls. */
    final LinkedHashMap<Integer, ArrayList<Lsa>> pendingFlood = new LinkedHashMap<>();
    long logWindowStartNs;
    int logsInWindow;
    long logsSuppressed;

    Ospf() {}

    public Ospf(OspfConfig config) {
        this.config = config;
        this.routerId = config.routerId();
        for (OspfConfig.AreaConfig a : config.areas().values()) areas.put(a.areaId(), new Area(a));
    }

    @Override
    public String name() {
        return "ospf";
    }

    public int routerId() {
        return routerId;
    }

    @Override
    public boolean acceptsIpProtocol(int ipProtocol) {
        return ipProtocol == Ipv4.PROTO_OSPF;
    }

    @Override
    public void start(long nowNs, ProtocolContext ctx) {
        lastNowNs = nowNs;
        started = true;
        Map<String, InterfaceInfo> byName = new LinkedHashMap<>();
        for (InterfaceInfo i : ctx.interfaces()) byName.put(i.name(), i);
        for (OspfConfig.IfaceConfig c : config.interfaces()) {
            InterfaceInfo info = byName.get(c.name());
            if (info == null) {
                log(nowNs, ctx, "interface " + c.name() + " does not exist; ignored");
                continue;
            }
            Iface i = new Iface();
            i.ifIndex = info.index();
            i.name = c.name();
            i.areaId = c.areaId();
            i.type = c.network();
            i.address = info.address();
            i.prefixLength = info.subnet().length();
            i.mtu = info.mtu();
            i.cost = c.cost();
            i.helloIntervalSec = c.helloIntervalSec();
            i.deadIntervalSec = c.deadIntervalSec();
            i.retransmitIntervalSec = c.retransmitIntervalSec();
            i.transmitDelaySec = c.transmitDelaySec();
            i.priority = c.priority();
            i.passive = c.passive();
            i.auth = c.auth();
            i.txCryptoSeq = Math.max(0, nowNs / SEC);
            ifaces.put(i.ifIndex, i);
            if (info.up()) {
                i.linkUp = true;
                InterfaceFsm.interfaceUp(this, i, nowNs, ctx);
            }
        }
        if (!config.redistribute().isEmpty()) {
            for (Route r : ctx.selectedRoutes()) considerRedistribution(r.prefix(), r);
        }
        originatePending = true;
        runPending(nowNs, ctx);
    }

    @Override
    public void handleInterface(long nowNs, ProtocolContext ctx, InterfaceInfo info) {
        lastNowNs = nowNs;
        Iface i = ifaces.get(info.index());
        if (i == null) return;
        if (info.up() && !i.linkUp) {
            i.linkUp = true;
            i.address = info.address();
            i.prefixLength = info.subnet().length();
            i.mtu = info.mtu();
            InterfaceFsm.interfaceUp(this, i, nowNs, ctx);
        } else if (!info.up() && i.linkUp) {
            i.linkUp = false;
            InterfaceFsm.interfaceDown(this, i, nowNs, ctx);
        }
        runPending(nowNs, ctx);
    }

    @Override
    public void handleRibChange(long nowNs, ProtocolContext ctx, RibDelta delta) {
        lastNowNs = nowNs;
        if (config.redistribute().isEmpty()) return;
        if (considerRedistribution(delta.prefix(), delta.best())) {
            originatePending = true;
            runPending(nowNs, ctx);
        }
    }

    /** Updates {@link #redistributed} for one prefix; true if it changed. */
    private boolean considerRedistribution(Ip4Prefix prefix, Route best) {
        OspfConfig.Redistribute want = null;
        if (best != null) {
            for (OspfConfig.Redistribute r : config.redistribute()) {
                boolean match = (r.source() == OspfConfig.Source.CONNECTED && best.source() == RouteSource.CONNECTED)
                        || (r.source() == OspfConfig.Source.STATIC && best.source() == RouteSource.STATIC);
                if (match) want = r;
            }
        }
        // Networks OSPF already advertises as stub/transit links are not external (FRR does the same).
        if (want != null) {
            for (Iface i : ifaces.values()) if (i.prefixLength == prefix.length() && i.network() == prefix.address()) want = null;
        }
        OspfConfig.Redistribute old = want == null ? redistributed.remove(prefix) : redistributed.put(prefix, want);
        return !java.util.Objects.equals(old, want);
    }

    @Override
    public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {
        lastNowNs = nowNs;
        Iface i = ifaces.get(ifIndex);
        if (i == null || i.state == IsmState.DOWN || i.passive) return;
        receive(nowNs, ctx, i, packet);
        runPending(nowNs, ctx);
    }

    /** The generic receive checks of §8.2, then dispatch by packet type. */
    private void receive(long nowNs, ProtocolContext ctx, Iface i, byte[] ip) {
        int off = Ipv4.payloadOffset(ip, 0), len = Ipv4.payloadLength(ip, 0);
        if (len < 0 || off + len > ip.length) {
            drop(nowNs, ctx, i, "bad-ip-length", "bad IP length");
            return;
        }
        int src = Ipv4.source(ip, 0), dst = Ipv4.destination(ip, 0);
        if (dst == ALL_D_ROUTERS && !(i.state == IsmState.DR || i.state == IsmState.BACKUP)) {
            drop(nowNs, ctx, i, "not-dr", null); // a DROther is not in AllDRouters; no news worth a log line
            return;
        }
        if (dst != ALL_SPF_ROUTERS && dst != ALL_D_ROUTERS && dst != i.address) {
            drop(nowNs, ctx, i, "bad-destination", "packet to " + Ip4.format(dst) + " not for us");
            return;
        }
        PacketCodec.Result r = PacketCodec.decode(ip, off, len, i.auth);
        if (r.packet() == null) {
            String e = r.error();
            String reason = e.startsWith("auth") || e.startsWith("MD5") || e.startsWith("simple") || e.startsWith("unknown MD5")
                    ? "auth" : e.startsWith("bad packet checksum") ? "checksum" : e.startsWith("bad version") ? "version" : "malformed";
            drop(nowNs, ctx, i, reason, e + " from " + Ip4.format(src));
            return;
        }
        OspfPacket p = r.packet();
        if (p.areaId() != i.areaId) {
            drop(nowNs, ctx, i, "area-mismatch", "area " + Ip4.format(p.areaId()) + " from " + Ip4.format(src) + ", want " + Ip4.format(i.areaId));
            return;
        }
        if (p.routerId() == routerId) {
            drop(nowNs, ctx, i, "own-packet", null);
            return;
        }
        if (i.type == NetworkType.BROADCAST && !i.onSubnet(src)) {
            drop(nowNs, ctx, i, "wrong-subnet", "source " + Ip4.format(src) + " not on " + i.name);
            return;
        }
        Neighbor n = i.neighbors.get(src);
        if (i.auth.auType() == Auth.CRYPTO && n != null) {
            if (p.cryptoSeq() < n.rxCryptoSeq) {
                drop(nowNs, ctx, i, "auth", "MD5 sequence number went backwards from " + Ip4.format(src));
                return;
            }
        }
        i.counters.rx[p.type()]++;
        if (p.body() instanceof Hello h) {
            InterfaceFsm.receiveHello(this, i, src, p, h, nowNs, ctx);
            n = i.neighbors.get(src);
        } else {
            if (n == null) {
                drop(nowNs, ctx, i, "unknown-neighbor", OspfPacket.typeName(p.type()) + " from unknown neighbor " + Ip4.format(src));
                return;
            }
            if (n.routerId != p.routerId()) {
                drop(nowNs, ctx, i, "router-id-mismatch", "router id changed for " + Ip4.format(src));
                return;
            }
            PacketBody b = p.body();
            if (b instanceof DatabaseDescription dd) NeighborFsm.receiveDd(this, i, n, dd, nowNs, ctx);
            else if (b instanceof LinkStateRequest lsr) NeighborFsm.receiveLsr(this, i, n, lsr, nowNs, ctx);
            else if (b instanceof LinkStateUpdate lsu) Flooding.receiveLsu(this, i, n, lsu, nowNs, ctx);
            else if (b instanceof LinkStateAck ack) Flooding.receiveAck(this, i, n, ack, nowNs, ctx);
        }
        if (n != null && i.auth.auType() == Auth.CRYPTO) n.rxCryptoSeq = Math.max(n.rxCryptoSeq, p.cryptoSeq());
    }

    @Override
    public void handleTimeout(long nowNs, ProtocolContext ctx) {
        lastNowNs = nowNs;
        for (Iface i : new ArrayList<>(ifaces.values())) {
            if (i.helloDeadlineNs <= nowNs) {
                i.helloDeadlineNs = nowNs + i.helloIntervalSec * SEC;
                InterfaceFsm.sendHello(this, i, nowNs, ctx);
            }
            if (i.waitDeadlineNs <= nowNs) {
                i.waitDeadlineNs = Long.MAX_VALUE;
                InterfaceFsm.waitTimer(this, i, nowNs, ctx);
            }
            if (i.ackDeadlineNs <= nowNs) {
                i.ackDeadlineNs = Long.MAX_VALUE;
                Flooding.sendDelayedAcks(this, i, nowNs, ctx);
            }
            for (Neighbor n : new ArrayList<>(i.neighbors.values())) {
                if (n.inactivityDeadlineNs <= nowNs) {
                    NeighborFsm.inactivityTimer(this, i, n, nowNs, ctx);
                    continue;
                }
                if (n.ddRxmtDeadlineNs <= nowNs) NeighborFsm.retransmitDd(this, i, n, nowNs, ctx);
                if (n.lsrRxmtDeadlineNs <= nowNs) NeighborFsm.sendLsr(this, i, n, nowNs, ctx);
                if (n.lsuRxmtDeadlineNs <= nowNs) Flooding.retransmit(this, i, n, nowNs, ctx);
            }
        }
        if (agingDeadlineNs <= nowNs) {
            agingDeadlineNs = Long.MAX_VALUE;
            Aging.run(this, nowNs, ctx);
        }
        if (originateDeadlineNs <= nowNs) {
            originateDeadlineNs = Long.MAX_VALUE;
            originatePending = true;
        }
        if (spfDeadlineNs <= nowNs) {
            spfDeadlineNs = Long.MAX_VALUE;
            Spf.run(this, nowNs, ctx);
        }
        runPending(nowNs, ctx);
    }

    /** Queued cross-FSM events, origination, and the flooding collected during this input. */
    void runPending(long nowNs, ProtocolContext ctx) {
        for (int round = 0; round < 8; round++) {
            boolean any = false;
            for (Iface i : ifaces.values()) {
                if (i.neighborChangePending) {
                    i.neighborChangePending = false;
                    InterfaceFsm.neighborChange(this, i, nowNs, ctx);
                    any = true;
                }
                for (Neighbor n : new ArrayList<>(i.neighbors.values())) {
                    if (n.state == NsmState.LOADING && n.lsRequests.isEmpty()) {
                        NeighborFsm.loadingDone(this, i, n, nowNs, ctx);
                        any = true;
                    }
                }
            }
            if (originatePending) {
                originatePending = false;
                Origination.run(this, nowNs, ctx);
                any = true;
            }
            if (!any) break;
        }
        Flooding.sendPending(this, nowNs, ctx);
    }

    @Override
    public long nextDeadlineNs() {
        long d = Math.min(Math.min(spfDeadlineNs, originateDeadlineNs), agingDeadlineNs);
        for (Iface i : ifaces.values()) {
            d = Math.min(d, Math.min(i.helloDeadlineNs, Math.min(i.waitDeadlineNs, i.ackDeadlineNs)));
            for (Neighbor n : i.neighbors.values()) d = Math.min(d, n.nextDeadlineNs());
        }
        return d;
    }

    @Override
    public void stop(long nowNs, ProtocolContext ctx) {
        lastNowNs = nowNs;
        Origination.flushAll(this, nowNs, ctx);
        Flooding.sendPending(this, nowNs, ctx);
        for (Ip4Prefix p : installed.keySet()) ctx.withdrawRoute(RouteSource.OSPF, p);
        installed.clear();
    }

    @Override
    public Object show(String what) {
        return Show.show(this, what, lastNowNs);
    }

    // ---- helpers used by the protocol classes ----

    Area area(int areaId) {
        return areas.get(areaId);
    }

    /** The database an LSA of this type belongs in, for an interface's area. */
    Lsdb lsdbFor(int lsType, int areaId) {
        return lsType == LsaHeader.TYPE_EXTERNAL ? externals : areas.get(areaId).lsdb;
    }

    boolean isAbr() {
        int n = 0;
        for (Area a : areas.values()) if (areaActive(a.areaId)) n++;
        return n > 1;
    }

    boolean isAsbr() {
        return !redistributed.isEmpty() || !nssaTranslations.isEmpty();
    }

    boolean areaActive(int areaId) {
        for (Iface i : ifaces.values()) if (i.areaId == areaId && i.state != IsmState.DOWN) return true;
        return false;
    }

    /** Is any neighbor anywhere in Exchange or Loading (§13 step 4, §14)? */
    boolean anyNeighborExchanging() {
        for (Iface i : ifaces.values()) {
            for (Neighbor n : i.neighbors.values()) if (n.state == NsmState.EXCHANGE || n.state == NsmState.LOADING) return true;
        }
        return false;
    }

    void scheduleSpf(long nowNs) {
        spfDeadlineNs = Math.min(spfDeadlineNs, nowNs + config.spfDelayNs());
    }

    /** Encodes, authenticates and sends one packet on an interface (TTL 1, §8.1). */
    void send(ProtocolContext ctx, Iface i, int dst, PacketBody body) {
        long seq = 0;
        if (i.auth.auType() == Auth.CRYPTO) seq = ++i.txCryptoSeq;
        byte[] ospf = PacketCodec.encode(routerId, i.areaId, body, i.auth, seq);
        byte[] ip = Ipv4.packet(i.address, dst, Ipv4.PROTO_OSPF, 1, IP_TOS_INTERNETWORK_CONTROL, ospf);
        ctx.send(i.ifIndex, dst, ip);
        i.counters.tx[body.type()]++;
    }

    /** Room for a body in one packet on this interface (no IP fragmentation). */
    int maxBody(Iface i) {
        return Math.max(64, i.mtu - Ipv4.HEADER_LENGTH - OspfPacket.HEADER_LENGTH - Auth.MD5_DIGEST_LENGTH);
    }

    /** Where flooded packets go on this interface (§13.3 step 5). */
    int floodDestination(Iface i) {
        if (i.type == NetworkType.POINT_TO_POINT || i.state == IsmState.DR || i.state == IsmState.BACKUP) return ALL_SPF_ROUTERS;
        return ALL_D_ROUTERS;
    }

    void sendLsus(ProtocolContext ctx, Iface i, int dst, List<Lsa> lsas, long nowNs) {
        int room = maxBody(i) - 4;
        List<Lsa> batch = new ArrayList<>();
        int size = 0;
        for (Lsa l : lsas) {
            if (!batch.isEmpty() && size + l.bytes().length > room) {
                send(ctx, i, dst, LinkStateUpdate.of(batch));
                batch = new ArrayList<>();
                size = 0;
            }
            batch.add(l);
            size += l.bytes().length;
        }
        if (!batch.isEmpty()) send(ctx, i, dst, LinkStateUpdate.of(batch));
    }

    void sendAcks(ProtocolContext ctx, Iface i, int dst, List<LsaHeader> headers) {
        int per = maxBody(i) / LsaHeader.LENGTH;
        for (int s = 0; s < headers.size(); s += per) {
            send(ctx, i, dst, new LinkStateAck(headers.subList(s, Math.min(headers.size(), s + per))));
        }
    }

    void drop(long nowNs, ProtocolContext ctx, Iface i, String reason, String message) {
        i.counters.drop(reason);
        if (message != null) log(nowNs, ctx, i.name + ": dropped: " + message);
    }

    /** Logs at most {@link #MAX_LOGS_PER_SEC} lines per second of (virtual) time. */
    void log(long nowNs, ProtocolContext ctx, String message) {
        if (nowNs - logWindowStartNs >= SEC) {
            if (logsSuppressed > 0) ctx.log(logsSuppressed + " log lines suppressed");
            logWindowStartNs = nowNs;
            logsInWindow = 0;
            logsSuppressed = 0;
        }
        if (logsInWindow++ < MAX_LOGS_PER_SEC) ctx.log(message);
        else logsSuppressed++;
    }

    // ---- read access for tests and show ----

    public Map<Integer, Iface> interfaces() {
        return ifaces;
    }

    public Map<Integer, Area> areas() {
        return areas;
    }

    public Lsdb externalLsdb() {
        return externals;
    }

    public Map<Ip4Prefix, OspfRoute> routingTable() {
        return routes;
    }

    public long spfRuns() {
        return spfRuns;
    }
}
