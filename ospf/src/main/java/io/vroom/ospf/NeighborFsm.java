package io.vroom.ospf;

import io.vroom.core.net.Ip4;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.DatabaseDescription;
import io.vroom.ospf.packet.LinkStateRequest;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The neighbor state machine (RFC 2328 §10.3), the database exchange (§10.6 receive and §10.8
 * send of Database Description packets) and Link State Requests (§10.7, §10.9).
 */
final class NeighborFsm {
    private NeighborFsm() {}

    static final int MAX_LSR_ENTRIES = 100;

    private static void changeState(Ospf o, Iface i, Neighbor n, NsmState next, long nowNs, ProtocolContext ctx) {
        NsmState prev = n.state;
        if (prev == next) return;
        n.state = next;
        n.lastStateChangeNs = nowNs;
        n.stateChanges++;
        o.log(nowNs, ctx, "neighbor " + Ip4.format(n.routerId) + " on " + i.name + " " + prev.display + " -> " + next.display);
        // ISM NeighborChange when bidirectional communication starts or ends (§9.2), queued.
        if (prev.atLeast(NsmState.TWO_WAY) != next.atLeast(NsmState.TWO_WAY)) i.neighborChangePending = true;
        // Router- and network-LSAs change when an adjacency becomes or stops being full (§12.4 events 3-4).
        if ((prev == NsmState.FULL) != (next == NsmState.FULL)) o.originatePending = true;
        if (prev == NsmState.FULL) i.counters.adjacencyDrops++;
        if (next.compareTo(NsmState.EXSTART) <= 0) clearLists(n);
        if (next == NsmState.FULL) {
            n.ddRxmtDeadlineNs = Long.MAX_VALUE;
            n.lsrRxmtDeadlineNs = Long.MAX_VALUE;
        }
    }

    private static void clearLists(Neighbor n) {
        n.dbSummary.clear();
        n.lsRequests.clear();
        n.lastLsr.clear();
        n.retransmit.clear();
        n.ddRxmtDeadlineNs = Long.MAX_VALUE;
        n.lsrRxmtDeadlineNs = Long.MAX_VALUE;
        n.lsuRxmtDeadlineNs = Long.MAX_VALUE;
    }

    /** Event HelloReceived. */
    static void helloReceived(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        n.inactivityDeadlineNs = nowNs + i.deadIntervalSec * Ospf.SEC;
        if (n.state == NsmState.DOWN || n.state == NsmState.ATTEMPT) changeState(o, i, n, NsmState.INIT, nowNs, ctx);
    }

    /** Event 2-WayReceived. */
    static void twoWayReceived(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        if (n.state != NsmState.INIT) return;
        if (adjacencyWanted(i, n)) startExStart(o, i, n, nowNs, ctx);
        else changeState(o, i, n, NsmState.TWO_WAY, nowNs, ctx);
    }

    /** Event 1-WayReceived. */
    static void oneWay(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        if (n.state.atLeast(NsmState.TWO_WAY)) changeState(o, i, n, NsmState.INIT, nowNs, ctx);
    }

    /** Event AdjOK? (§10.3). */
    static void adjOk(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        boolean want = adjacencyWanted(i, n);
        if (n.state == NsmState.TWO_WAY && want) startExStart(o, i, n, nowNs, ctx);
        else if (n.state.atLeast(NsmState.EXSTART) && !want) changeState(o, i, n, NsmState.TWO_WAY, nowNs, ctx);
    }

    /** Events KillNbr / LLDown: the neighbor goes Down and is removed by the caller. */
    static void kill(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        changeState(o, i, n, NsmState.DOWN, nowNs, ctx);
        n.inactivityDeadlineNs = Long.MAX_VALUE;
    }

    /** Event InactivityTimer: Down, and the neighbor is forgotten. */
    static void inactivityTimer(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        kill(o, i, n, nowNs, ctx);
        i.neighbors.remove(n.address);
    }

    /** Whether an adjacency should be formed (§10.4). */
    static boolean adjacencyWanted(Iface i, Neighbor n) {
        if (i.type == NetworkType.POINT_TO_POINT) return true;
        return i.state == IsmState.DR || i.state == IsmState.BACKUP || n.address == i.dr || n.address == i.bdr;
    }

    /** Entering ExStart: take the master role and send the empty initial DD (§10.8). */
    private static void startExStart(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        changeState(o, i, n, NsmState.EXSTART, nowNs, ctx);
        clearLists(n);
        n.haveLastRxDd = false;
        if (n.ddSeq == 0) n.ddSeq = (int) (nowNs / Ospf.SEC) + ctx.random().nextInt(1 << 20) + 1;
        else n.ddSeq++;
        n.weAreMaster = true;
        n.lastTxDd = new DatabaseDescription(i.mtu, o.areas.get(i.areaId).packetOptions(),
                DatabaseDescription.FLAG_I | DatabaseDescription.FLAG_M | DatabaseDescription.FLAG_MS, n.ddSeq, List.of());
        o.send(ctx, i, n.address, n.lastTxDd);
        n.ddRxmtDeadlineNs = nowNs + i.retransmitIntervalSec * Ospf.SEC;
    }

    /** LSA types that belong in an area's exchange: 1-4, 5 unless stub/NSSA, 7 in an NSSA (RFC 3101). */
    static boolean typeAllowed(Area a, int type) {
        if (type >= LsaHeader.TYPE_ROUTER && type <= LsaHeader.TYPE_ASBR_SUMMARY) return true;
        if (type == LsaHeader.TYPE_EXTERNAL) return !a.noExternals();
        return type == LsaHeader.TYPE_NSSA && a.nssa;
    }

    /** Event NegotiationDone: the database summary list is the area's database (+ AS-externals). */
    private static void negotiationDone(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        changeState(o, i, n, NsmState.EXCHANGE, nowNs, ctx);
        n.dbSummary.clear();
        Area a = o.areas.get(i.areaId);
        addSummaries(o, i, n, a.lsdb, nowNs);
        if (!a.noExternals()) addSummaries(o, i, n, o.externals, nowNs);
    }

    private static void addSummaries(Ospf o, Iface i, Neighbor n, Lsdb db, long nowNs) {
        for (LsaEntry e : db.entries.values()) {
            if (e.maxAged(nowNs)) {
                n.retransmit.put(e.lsa.key(), e.lsa);
                if (n.lsuRxmtDeadlineNs == Long.MAX_VALUE) n.lsuRxmtDeadlineNs = nowNs + i.retransmitIntervalSec * Ospf.SEC;
            } else {
                n.dbSummary.add(e.header(nowNs));
            }
        }
    }

    /** Events SeqNumberMismatch / BadLSReq: back to ExStart (§10.3). */
    static void restartExchange(Ospf o, Iface i, Neighbor n, String why, long nowNs, ProtocolContext ctx) {
        if (!n.state.atLeast(NsmState.EXCHANGE)) return;
        o.log(nowNs, ctx, "neighbor " + Ip4.format(n.routerId) + " on " + i.name + ": " + why + ", restarting exchange");
        startExStart(o, i, n, nowNs, ctx);
    }

    /** Event ExchangeDone. */
    private static void exchangeDone(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        n.ddRxmtDeadlineNs = Long.MAX_VALUE;
        if (n.lsRequests.isEmpty()) {
            changeState(o, i, n, NsmState.FULL, nowNs, ctx);
        } else {
            changeState(o, i, n, NsmState.LOADING, nowNs, ctx);
            if (n.lsrRxmtDeadlineNs == Long.MAX_VALUE) sendLsr(o, i, n, nowNs, ctx);
        }
    }

    /** Event LoadingDone. */
    static void loadingDone(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        if (n.state == NsmState.LOADING) changeState(o, i, n, NsmState.FULL, nowNs, ctx);
    }

    /** Receiving a Database Description packet (§10.6). */
    static void receiveDd(Ospf o, Iface i, Neighbor n, DatabaseDescription dd, long nowNs, ProtocolContext ctx) {
        if (dd.interfaceMtu() > i.mtu) {
            o.drop(nowNs, ctx, i, "mtu-mismatch", "DD from " + Ip4.format(n.routerId) + " with MTU " + dd.interfaceMtu() + " > " + i.mtu);
            return;
        }
        switch (n.state) {
            case DOWN, ATTEMPT, TWO_WAY -> { // §10.6: rejected; in 2-Way no adjacency is wanted (or not yet)
                o.drop(nowNs, ctx, i, "bad-state", "DD from " + Ip4.format(n.routerId) + " in state " + n.state.display + " (§10.6)");
                return;
            }
            case INIT -> {
                twoWayReceived(o, i, n, nowNs, ctx);
                if (n.state != NsmState.EXSTART) return;
                receiveDdExStart(o, i, n, dd, nowNs, ctx);
            }
            case EXSTART -> receiveDdExStart(o, i, n, dd, nowNs, ctx);
            case EXCHANGE -> receiveDdExchange(o, i, n, dd, nowNs, ctx);
            default -> { // LOADING, FULL: only duplicates are expected
                if (isDuplicate(n, dd)) {
                    if (!n.weAreMaster && n.lastTxDd != null) o.send(ctx, i, n.address, n.lastTxDd);
                } else {
                    restartExchange(o, i, n, "unexpected DD in " + n.state.display, nowNs, ctx);
                }
            }
        }
    }

    private static boolean isDuplicate(Neighbor n, DatabaseDescription dd) {
        return n.haveLastRxDd && n.lastRxDdFlags == dd.flags() && n.lastRxDdSeq == dd.ddSeq() && n.lastRxDdOptions == dd.options();
    }

    private static void remember(Neighbor n, DatabaseDescription dd) {
        n.haveLastRxDd = true;
        n.lastRxDdFlags = dd.flags();
        n.lastRxDdSeq = dd.ddSeq();
        n.lastRxDdOptions = dd.options();
    }

    private static void receiveDdExStart(Ospf o, Iface i, Neighbor n, DatabaseDescription dd, long nowNs, ProtocolContext ctx) {
        int cmp = Integer.compareUnsigned(n.routerId, o.routerId);
        if (dd.init() && dd.more() && dd.master() && dd.headers().isEmpty() && cmp > 0) {
            // The neighbor is master: we are slave and adopt its sequence number.
            n.weAreMaster = false;
            n.ddSeq = dd.ddSeq();
            n.options = dd.options();
            remember(n, dd);
            negotiationDone(o, i, n, nowNs, ctx);
            n.ddRxmtDeadlineNs = Long.MAX_VALUE;
            sendDd(o, i, n, nowNs, ctx);
            if (!dd.more() && !n.lastTxDd.more()) exchangeDone(o, i, n, nowNs, ctx);
        } else if (!dd.init() && !dd.master() && dd.ddSeq() == n.ddSeq && cmp < 0) {
            // The neighbor agrees to be slave: we are master; this packet already carries its headers.
            n.weAreMaster = true;
            n.options = dd.options();
            negotiationDone(o, i, n, nowNs, ctx);
            acceptDd(o, i, n, dd, nowNs, ctx);
        }
        // Otherwise ignored (§10.6).
    }

    private static void receiveDdExchange(Ospf o, Iface i, Neighbor n, DatabaseDescription dd, long nowNs, ProtocolContext ctx) {
        if (isDuplicate(n, dd)) {
            if (!n.weAreMaster && n.lastTxDd != null) o.send(ctx, i, n.address, n.lastTxDd);
            return;
        }
        if (dd.master() == n.weAreMaster) {
            restartExchange(o, i, n, "DD master/slave bit mismatch", nowNs, ctx);
            return;
        }
        if (dd.init()) {
            restartExchange(o, i, n, "DD with the I bit during Exchange", nowNs, ctx);
            return;
        }
        if (n.haveLastRxDd && dd.options() != n.lastRxDdOptions) {
            restartExchange(o, i, n, "DD options changed", nowNs, ctx);
            return;
        }
        boolean inSeq = n.weAreMaster ? dd.ddSeq() == n.ddSeq : dd.ddSeq() == n.ddSeq + 1;
        if (!inSeq) {
            restartExchange(o, i, n, "DD sequence number mismatch", nowNs, ctx);
            return;
        }
        acceptDd(o, i, n, dd, nowNs, ctx);
    }

    /** An accepted DD: request what we lack, then the master sends the next packet or the slave answers. */
    private static void acceptDd(Ospf o, Iface i, Neighbor n, DatabaseDescription dd, long nowNs, ProtocolContext ctx) {
        remember(n, dd);
        Area a = o.areas.get(i.areaId);
        for (LsaHeader h : dd.headers()) {
            if (!typeAllowed(a, h.type())) {
                restartExchange(o, i, n, "DD lists LSA type " + h.type() + " not allowed here", nowNs, ctx);
                return;
            }
            LsaEntry mine = o.lsdbFor(h.type(), i.areaId).get(h.key());
            if (mine == null || LsaHeader.compareInstances(h, h.ageSec(), mine.lsa.header(), mine.ageSec(nowNs)) > 0) {
                if (n.lsRequests.size() < Lsdb.MAX_LSAS) n.lsRequests.put(h.key(), h);
            }
        }
        if (n.weAreMaster) {
            n.ddSeq++;
            if (!dd.more() && n.lastTxDd != null && !n.lastTxDd.more()) {
                exchangeDone(o, i, n, nowNs, ctx);
            } else {
                sendDd(o, i, n, nowNs, ctx);
            }
        } else {
            n.ddSeq = dd.ddSeq();
            sendDd(o, i, n, nowNs, ctx);
            if (!dd.more() && !n.lastTxDd.more()) exchangeDone(o, i, n, nowNs, ctx);
        }
        // Start requesting while still exchanging (§10.9 allows it).
        if (n.state == NsmState.EXCHANGE && !n.lsRequests.isEmpty() && n.lsrRxmtDeadlineNs == Long.MAX_VALUE) sendLsr(o, i, n, nowNs, ctx);
    }

    /** Sends the next DD packet with as many summary headers as fit (§10.8). */
    private static void sendDd(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        int room = (o.maxBody(i) - 8) / LsaHeader.LENGTH;
        List<LsaHeader> hs = new ArrayList<>();
        while (!n.dbSummary.isEmpty() && hs.size() < room) hs.add(n.dbSummary.remove(0));
        int flags = (n.dbSummary.isEmpty() ? 0 : DatabaseDescription.FLAG_M) | (n.weAreMaster ? DatabaseDescription.FLAG_MS : 0);
        n.lastTxDd = new DatabaseDescription(i.mtu, o.areas.get(i.areaId).packetOptions(), flags, n.ddSeq, hs);
        o.send(ctx, i, n.address, n.lastTxDd);
        n.ddRxmtDeadlineNs = n.weAreMaster ? nowNs + i.retransmitIntervalSec * Ospf.SEC : Long.MAX_VALUE;
    }

    /** The master's DD retransmission timer (§10.8). */
    static void retransmitDd(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        if ((n.state == NsmState.EXSTART || (n.state == NsmState.EXCHANGE && n.weAreMaster)) && n.lastTxDd != null) {
            o.send(ctx, i, n.address, n.lastTxDd);
            n.ddRxmtDeadlineNs = nowNs + i.retransmitIntervalSec * Ospf.SEC;
        } else {
            n.ddRxmtDeadlineNs = Long.MAX_VALUE;
        }
    }

    /** Sends (or resends) a Link State Request for the head of the request list (§10.9). */
    static void sendLsr(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        if (n.lsRequests.isEmpty() || !(n.state == NsmState.EXCHANGE || n.state == NsmState.LOADING)) {
            n.lsrRxmtDeadlineNs = Long.MAX_VALUE;
            n.lastLsr.clear();
            return;
        }
        int room = Math.min(MAX_LSR_ENTRIES, o.maxBody(i) / 12);
        n.lastLsr.clear();
        for (LsaKey k : n.lsRequests.keySet()) {
            if (n.lastLsr.size() >= room) break;
            n.lastLsr.add(k);
        }
        o.send(ctx, i, n.address, new LinkStateRequest(n.lastLsr));
        n.lsrRxmtDeadlineNs = nowNs + i.retransmitIntervalSec * Ospf.SEC;
    }

    /** After LSAs arrived: when everything last requested is answered, ask for the next batch. */
    static void requestsAnswered(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        for (LsaKey k : n.lastLsr) if (n.lsRequests.containsKey(k)) return;
        n.lastLsr.clear();
        n.lsrRxmtDeadlineNs = Long.MAX_VALUE;
        if (!n.lsRequests.isEmpty()) sendLsr(o, i, n, nowNs, ctx);
    }

    /** Receiving a Link State Request (§10.7). */
    static void receiveLsr(Ospf o, Iface i, Neighbor n, LinkStateRequest lsr, long nowNs, ProtocolContext ctx) {
        if (!(n.state == NsmState.EXCHANGE || n.state == NsmState.LOADING || n.state == NsmState.FULL)) {
            o.drop(nowNs, ctx, i, "bad-state", "Link State Request from " + Ip4.format(n.routerId) + " in state " + n.state.display + " (§10.7)");
            return;
        }
        List<Lsa> out = new ArrayList<>();
        for (LsaKey k : lsr.requests()) {
            if (!typeAllowed(o.areas.get(i.areaId), k.type())) {
                restartExchange(o, i, n, "BadLSReq: type " + k.type(), nowNs, ctx);
                return;
            }
            LsaEntry e = o.lsdbFor(k.type(), i.areaId).get(k);
            if (e == null) {
                restartExchange(o, i, n, "BadLSReq: " + k + " not in database", nowNs, ctx);
                return;
            }
            out.add(Flooding.forTransmission(e, i, nowNs));
        }
        o.sendLsus(ctx, i, n.address, out, nowNs);
    }
}
