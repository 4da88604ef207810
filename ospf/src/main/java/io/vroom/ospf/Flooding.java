package io.vroom.ospf;

import io.vroom.core.net.Ip4;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.LinkStateAck;
import io.vroom.ospf.packet.LinkStateUpdate;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reliable flooding (RFC 2328 §13): receiving Link State Updates, installing newer instances,
 * flooding them out (§13.3), acknowledgements direct and delayed (§13.5, §13.7), and
 * retransmission of unacknowledged LSAs.
 */
final class Flooding {
    private Flooding() {}

    /** A copy of a database LSA with its age as sent: current age + InfTransDelay (§13.3). */
    static Lsa forTransmission(LsaEntry e, Iface i, long nowNs) {
        return e.lsa.withAge(Math.min(LsaHeader.MAX_AGE_SEC, e.ageSec(nowNs) + i.transmitDelaySec));
    }

    /** Receiving a Link State Update (§13). */
    static void receiveLsu(Ospf o, Iface i, Neighbor n, LinkStateUpdate lsu, long nowNs, ProtocolContext ctx) {
        if (!n.state.atLeast(NsmState.EXCHANGE)) {
            o.drop(nowNs, ctx, i, "bad-state", "Link State Update from " + Ip4.format(n.routerId) + " in state " + n.state.display + " (§13)");
            return;
        }
        if (lsu.badLsas() > 0) {
            for (int k = 0; k < lsu.badLsas(); k++) i.counters.drop("bad-lsa");
            o.log(nowNs, ctx, i.name + ": dropped " + lsu.badLsas() + " LSA(s) from " + Ip4.format(n.routerId) + ": " + lsu.firstError());
        }
        Area area = o.areas.get(i.areaId);
        List<LsaHeader> directAcks = new ArrayList<>();
        for (Lsa lsa : lsu.lsas()) {
            LsaHeader h = lsa.header();
            if (h.type() == LsaHeader.TYPE_EXTERNAL && area.noExternals()) { // step 3
                o.drop(nowNs, ctx, i, "external-in-stub", "AS-external-LSA " + h.key() + " from " + Ip4.format(n.routerId) + " into a stub area or NSSA");
                continue;
            }
            if (h.type() == LsaHeader.TYPE_NSSA && !area.nssa) { // RFC 3101 §2.2: type 7 lives in NSSAs only
                o.drop(nowNs, ctx, i, "nssa-lsa-outside-nssa", "NSSA-LSA " + h.key() + " from " + Ip4.format(n.routerId) + " into a non-NSSA area");
                continue;
            }
            Lsdb db = o.lsdbFor(h.type(), i.areaId);
            LsaEntry mine = db.get(h.key());
            int rxAge = Math.min(h.ageSec(), LsaHeader.MAX_AGE_SEC);
            // Step 4: a MaxAge LSA we do not have, with nobody exchanging: just acknowledge it.
            if (rxAge >= LsaHeader.MAX_AGE_SEC && mine == null && !o.anyNeighborExchanging()) {
                directAcks.add(h);
                continue;
            }
            int cmp = mine == null ? 1 : LsaHeader.compareInstances(h, rxAge, mine.lsa.header(), mine.ageSec(nowNs));
            if (cmp > 0) { // step 5
                if (mine != null && nowNs - mine.installedNs < Ospf.MIN_LS_ARRIVAL_NS && !selfOriginated(o, lsa)) {
                    o.drop(nowNs, ctx, i, "min-ls-arrival", h.key() + " from " + Ip4.format(n.routerId)
                            + " arrived within MinLSArrival of the copy we hold; not acknowledged (§13 step 5a)");
                    continue;
                }
                if (mine == null && db.size() >= Lsdb.MAX_LSAS) {
                    o.drop(nowNs, ctx, i, "lsdb-full", "LSDB full, not installing " + h.key());
                    continue;
                }
                boolean floodedBack = flood(o, lsa, i.areaId, i, n, nowNs);
                removeFromRetransmitLists(o, h.key(), i.areaId);
                install(o, db, lsa, nowNs);
                if (!floodedBack) delayedAck(o, i, h, nowNs);
                if (selfOriginated(o, lsa)) Origination.receivedSelfOriginated(o, db, lsa, nowNs);
                continue;
            }
            if (n.lsRequests.containsKey(h.key())) { // step 6
                NeighborFsm.restartExchange(o, i, n, "BadLSReq: received an older or same instance of a requested LSA", nowNs, ctx);
                return;
            }
            if (cmp == 0) { // step 7
                Lsa pending = n.retransmit.get(h.key());
                if (pending != null && LsaHeader.compareInstances(pending.header(), pending.header().ageSec(), h, rxAge) == 0) {
                    n.retransmit.remove(h.key()); // implied acknowledgment
                    if (i.state == IsmState.BACKUP && n.address == i.dr) delayedAck(o, i, h, nowNs);
                } else {
                    directAcks.add(h);
                }
                continue;
            }
            // Step 8: our copy is more recent (a stale sequence number, age or checksum): the received one is
            // discarded, unacknowledged, and ours sent back unless it is being flushed at MaxSeq.
            o.drop(nowNs, ctx, i, "stale-lsa", h.key() + " from " + Ip4.format(n.routerId) + " is older than our copy (seq "
                    + Integer.toHexString(h.seq()) + " < " + Integer.toHexString(mine.lsa.header().seq()) + " or older); sending ours (§13 step 8)");
            if (mine.maxAged(nowNs) && mine.lsa.header().seq() == LsaHeader.MAX_SEQ) continue;
            o.sendLsus(ctx, i, n.address, List.of(forTransmission(mine, i, nowNs)), nowNs);
        }
        if (!directAcks.isEmpty()) o.sendAcks(ctx, i, n.address, directAcks);
        if (n.state == NsmState.EXCHANGE || n.state == NsmState.LOADING) NeighborFsm.requestsAnswered(o, i, n, nowNs, ctx);
    }

    /** Is this LSA one of ours (§13.4): advertised by our router id, or a network-LSA for one of our addresses? */
    static boolean selfOriginated(Ospf o, Lsa lsa) {
        if (lsa.header().advRouter() == o.routerId) return true;
        if (lsa.header().type() == LsaHeader.TYPE_NETWORK) {
            for (Iface i : o.ifaces.values()) if (i.address == lsa.header().lsId()) return true;
        }
        return false;
    }

    /** Installs an LSA (§13.2) and schedules SPF if its contents changed. */
    static void install(Ospf o, Lsdb db, Lsa lsa, long nowNs) {
        LsaEntry old = db.entries.put(lsa.key(), new LsaEntry(lsa, nowNs));
        boolean changed = old == null || !old.lsa.body().equals(lsa.body()) || old.maxAged(nowNs) != (lsa.header().ageSec() >= LsaHeader.MAX_AGE_SEC)
                || old.lsa.header().options() != lsa.header().options();
        if (changed) o.scheduleSpf(nowNs);
        LsaEntry e = db.entries.get(lsa.key());
        o.agingDeadlineNs = Math.min(o.agingDeadlineNs, e.maxAged(nowNs) ? nowNs + Ospf.SEC : Aging.nextEventNs(o, e, nowNs));
    }

    /**
     * Floods an LSA (§13.3) out of every eligible interface, adding it to neighbors' retransmission
     * lists. {@code areaId} is its flooding scope (ignored for AS-external LSAs); {@code rxIface}/{@code rxNbr}
     * are where it came from (null when we originated it).
     * Returns whether it was flooded back out of the receiving interface.
     */
    static boolean flood(Ospf o, Lsa lsa, int areaId, Iface rxIface, Neighbor rxNbr, long nowNs) {
        LsaHeader h = lsa.header();
        boolean floodedBack = false;
        for (Iface i : o.ifaces.values()) {
            if (!i.active()) continue;
            if (h.type() == LsaHeader.TYPE_EXTERNAL) {
                if (o.areas.get(i.areaId).noExternals()) continue;
            } else if (i.areaId != areaId) {
                continue;
            }
            boolean added = false;
            for (Neighbor n : i.neighbors.values()) {
                if (!n.state.atLeast(NsmState.EXCHANGE)) continue;
                if (n.state != NsmState.FULL) {
                    LsaHeader req = n.lsRequests.get(h.key());
                    if (req != null) {
                        int c = LsaHeader.compareInstances(h, h.ageSec(), req, req.ageSec());
                        if (c < 0) continue;
                        n.lsRequests.remove(h.key());
                        if (c == 0) continue;
                    }
                }
                if (n == rxNbr) continue;
                n.retransmit.put(h.key(), lsa);
                if (n.lsuRxmtDeadlineNs == Long.MAX_VALUE) n.lsuRxmtDeadlineNs = nowNs + i.retransmitIntervalSec * Ospf.SEC;
                added = true;
            }
            if (!added) continue;
            if (i == rxIface && rxNbr != null && (rxNbr.address == i.dr || rxNbr.address == i.bdr)) continue;
            if (i == rxIface && i.state == IsmState.BACKUP) continue;
            if (i == rxIface) floodedBack = true;
            o.pendingFlood.computeIfAbsent(i.ifIndex, k -> new ArrayList<>()).add(lsa);
        }
        return floodedBack;
    }

    static void removeFromRetransmitLists(Ospf o, LsaKey key, int areaId) {
        for (Iface i : o.ifaces.values()) {
            if (key.type() != LsaHeader.TYPE_EXTERNAL && i.areaId != areaId) continue;
            for (Neighbor n : i.neighbors.values()) n.retransmit.remove(key);
        }
    }

    static void delayedAck(Ospf o, Iface i, LsaHeader h, long nowNs) {
        if (i.delayedAcks.size() >= Ospf.MAX_DELAYED_ACKS) return; // the sender retransmits; that is the limit's cost
        i.delayedAcks.add(h);
        if (i.ackDeadlineNs == Long.MAX_VALUE) i.ackDeadlineNs = nowNs + Ospf.DELAYED_ACK_NS;
    }

    static void sendDelayedAcks(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        if (i.delayedAcks.isEmpty() || !i.active()) {
            i.delayedAcks.clear();
            return;
        }
        o.sendAcks(ctx, i, o.floodDestination(i), new ArrayList<>(i.delayedAcks));
        i.delayedAcks.clear();
    }

    /** Receiving a Link State Acknowledgment (§13.7). */
    static void receiveAck(Ospf o, Iface i, Neighbor n, LinkStateAck ack, long nowNs, ProtocolContext ctx) {
        if (!n.state.atLeast(NsmState.EXCHANGE)) {
            o.drop(nowNs, ctx, i, "bad-state", "Link State Acknowledgment from " + Ip4.format(n.routerId) + " in state " + n.state.display + " (§13.7)");
            return;
        }
        for (LsaHeader h : ack.headers()) {
            Lsa pending = n.retransmit.get(h.key());
            if (pending != null && LsaHeader.compareInstances(pending.header(), pending.header().ageSec(), h, h.ageSec()) == 0) {
                n.retransmit.remove(h.key());
            }
        }
        if (n.retransmit.isEmpty()) n.lsuRxmtDeadlineNs = Long.MAX_VALUE;
    }

    /** The retransmission timer: unacknowledged LSAs are sent again, directly to the neighbor. */
    static void retransmit(Ospf o, Iface i, Neighbor n, long nowNs, ProtocolContext ctx) {
        if (n.retransmit.isEmpty() || !n.state.atLeast(NsmState.EXCHANGE)) {
            n.lsuRxmtDeadlineNs = Long.MAX_VALUE;
            return;
        }
        List<Lsa> out = new ArrayList<>();
        int budget = o.maxBody(i) - 4;
        for (Map.Entry<LsaKey, Lsa> e : n.retransmit.entrySet()) {
            LsaEntry cur = o.lsdbFor(e.getKey().type(), i.areaId).get(e.getKey());
            Lsa l = cur != null && cur.lsa.equals(e.getValue()) ? forTransmission(cur, i, nowNs) : e.getValue();
            if (!out.isEmpty() && budget < l.bytes().length) break;
            budget -= l.bytes().length;
            out.add(l);
        }
        o.sendLsus(ctx, i, n.address, out, nowNs);
        n.lsuRxmtDeadlineNs = nowNs + i.retransmitIntervalSec * Ospf.SEC;
    }

    /** Sends what {@link #flood} collected, one batch per interface. */
    static void sendPending(Ospf o, long nowNs, ProtocolContext ctx) {
        if (o.pendingFlood.isEmpty()) return;
        for (Map.Entry<Integer, ArrayList<Lsa>> e : o.pendingFlood.entrySet()) {
            Iface i = o.ifaces.get(e.getKey());
            if (i == null || !i.active()) continue;
            List<Lsa> out = new ArrayList<>();
            for (Lsa l : e.getValue()) {
                LsaEntry cur = o.lsdbFor(l.header().type(), i.areaId).get(l.key());
                out.add(cur != null && cur.lsa.equals(l) ? forTransmission(cur, i, nowNs) : l);
            }
            o.sendLsus(ctx, i, o.floodDestination(i), out, nowNs);
        }
        o.pendingFlood.clear();
    }
}
