package io.vroom.ospf;

import io.vroom.core.net.Ip4;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.Hello;
import io.vroom.ospf.packet.OspfPacket;
import java.util.ArrayList;
import java.util.List;

/** The interface state machine (RFC 2328 §9.3), DR election (§9.4) and the Hello protocol (§9.5, §10.5). */
final class InterfaceFsm {
    private InterfaceFsm() {}

    /** Event InterfaceUp. */
    static void interfaceUp(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        if (i.state != IsmState.DOWN) return;
        if (!i.passive) i.helloDeadlineNs = nowNs; // the first Hello goes out at once
        IsmState next;
        if (i.type == NetworkType.POINT_TO_POINT) {
            next = IsmState.POINT_TO_POINT;
        } else if (i.priority == 0 || i.passive) {
            next = IsmState.DR_OTHER;
        } else {
            next = IsmState.WAITING;
            i.waitDeadlineNs = nowNs + i.deadIntervalSec * Ospf.SEC;
        }
        changeState(o, i, next, nowNs, ctx);
    }

    /** Events InterfaceDown / LLDown: every neighbor gets KillNbr. */
    static void interfaceDown(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        for (Neighbor n : new ArrayList<>(i.neighbors.values())) NeighborFsm.kill(o, i, n, nowNs, ctx);
        i.neighbors.clear();
        i.helloDeadlineNs = Long.MAX_VALUE;
        i.waitDeadlineNs = Long.MAX_VALUE;
        i.ackDeadlineNs = Long.MAX_VALUE;
        i.delayedAcks.clear();
        i.dr = 0;
        i.bdr = 0;
        i.neighborChangePending = false;
        changeState(o, i, IsmState.DOWN, nowNs, ctx);
    }

    /** Event WaitTimer. */
    static void waitTimer(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        if (i.state == IsmState.WAITING) electDr(o, i, nowNs, ctx);
    }

    /** Event BackupSeen. */
    static void backupSeen(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        if (i.state != IsmState.WAITING) return;
        i.waitDeadlineNs = Long.MAX_VALUE;
        electDr(o, i, nowNs, ctx);
    }

    /** Event NeighborChange. */
    static void neighborChange(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        if (i.state == IsmState.DR || i.state == IsmState.BACKUP || i.state == IsmState.DR_OTHER) {
            if (i.type == NetworkType.BROADCAST && !i.passive && i.priority >= 0) electDr(o, i, nowNs, ctx);
        }
    }

    private static void changeState(Ospf o, Iface i, IsmState next, long nowNs, ProtocolContext ctx) {
        if (i.state == next) return;
        IsmState prev = i.state;
        i.state = next;
        i.lastStateChangeNs = nowNs;
        o.log(nowNs, ctx, "interface " + i.name + " " + prev.display + " -> " + next.display);
        o.originatePending = true; // router-LSA (§12.4 event 2) and possibly the network-LSA
    }

    /** A candidate in the election: the router itself or a neighbor in state 2-Way or higher. */
    private record Candidate(int routerId, int address, int priority, int declaredDr, int declaredBdr) {
        boolean declaresDr() { return declaredDr == address; }
        boolean declaresBdr() { return declaredBdr == address; }
        boolean beats(Candidate o) {
            return priority != o.priority ? priority > o.priority : Integer.compareUnsigned(routerId, o.routerId) > 0;
        }
    }

    /** The DR/BDR election (§9.4). */
    static void electDr(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        int oldDr = i.dr, oldBdr = i.bdr;
        Candidate self = new Candidate(o.routerId, i.address, i.priority, i.dr, i.bdr);
        for (int pass = 0; pass < 2; pass++) {
            List<Candidate> cands = new ArrayList<>();
            if (self.priority > 0) cands.add(self);
            for (Neighbor n : i.neighbors.values()) {
                if (n.state.atLeast(NsmState.TWO_WAY) && n.priority > 0) cands.add(new Candidate(n.routerId, n.address, n.priority, n.dr, n.bdr));
            }
            // Step 2: the BDR, among routers not declaring themselves DR.
            Candidate bdr = null;
            for (Candidate c : cands) if (!c.declaresDr() && c.declaresBdr() && (bdr == null || c.beats(bdr))) bdr = c;
            if (bdr == null) for (Candidate c : cands) if (!c.declaresDr() && (bdr == null || c.beats(bdr))) bdr = c;
            // Step 3: the DR, among routers declaring themselves DR; else the new BDR.
            Candidate dr = null;
            for (Candidate c : cands) if (c.declaresDr() && (dr == null || c.beats(dr))) dr = c;
            if (dr == null) dr = bdr;
            int newDr = dr == null ? 0 : dr.address, newBdr = bdr == null ? 0 : bdr.address;
            if (newDr == newBdr) newBdr = newDr == 0 ? 0 : (bdr == dr ? 0 : newBdr);
            boolean wasDr = self.declaredDr == i.address, wasBdr = self.declaredBdr == i.address;
            boolean isDr = newDr == i.address, isBdr = newBdr == i.address;
            self = new Candidate(self.routerId, self.address, self.priority, newDr, newBdr);
            // Step 4: repeat once if this router newly became or ceased to be DR or BDR.
            if (pass == 0 && (wasDr != isDr || wasBdr != isBdr)) continue;
            break;
        }
        i.dr = self.declaredDr;
        i.bdr = self.declaredBdr;
        IsmState next = i.dr == i.address ? IsmState.DR : i.bdr == i.address ? IsmState.BACKUP : IsmState.DR_OTHER;
        changeState(o, i, next, nowNs, ctx);
        if (i.dr != oldDr || i.bdr != oldBdr) {
            o.originatePending = true;
            i.helloDeadlineNs = nowNs; // tell the segment at once rather than a HelloInterval later
            // Step 7: AdjOK? for every neighbor in 2-Way or higher.
            for (Neighbor n : new ArrayList<>(i.neighbors.values())) {
                if (n.state.atLeast(NsmState.TWO_WAY)) NeighborFsm.adjOk(o, i, n, nowNs, ctx);
            }
        }
    }

    static void sendHello(Ospf o, Iface i, long nowNs, ProtocolContext ctx) {
        if (!i.active()) return;
        List<Integer> seen = new ArrayList<>();
        for (Neighbor n : i.neighbors.values()) if (n.state.atLeast(NsmState.INIT)) seen.add(n.routerId);
        Hello h = new Hello(i.mask(), i.helloIntervalSec, o.areas.get(i.areaId).packetOptions(), i.priority, i.deadIntervalSec,
                i.type == NetworkType.BROADCAST ? i.dr : 0, i.type == NetworkType.BROADCAST ? i.bdr : 0, seen);
        o.send(ctx, i, Ospf.ALL_SPF_ROUTERS, h);
    }

    /** Receiving a Hello (§10.5). */
    static void receiveHello(Ospf o, Iface i, int src, OspfPacket p, Hello h, long nowNs, ProtocolContext ctx) {
        if (i.type == NetworkType.BROADCAST && h.networkMask() != i.mask()) {
            o.drop(nowNs, ctx, i, "hello-mismatch", "network mask " + Ip4.format(h.networkMask()) + " from " + Ip4.format(src));
            return;
        }
        if (h.helloIntervalSec() != i.helloIntervalSec || h.deadIntervalSec() != i.deadIntervalSec) {
            o.drop(nowNs, ctx, i, "hello-mismatch", "hello/dead interval " + h.helloIntervalSec() + "/" + h.deadIntervalSec()
                    + " from " + Ip4.format(src) + ", want " + i.helloIntervalSec + "/" + i.deadIntervalSec);
            return;
        }
        Area area = o.areas.get(i.areaId);
        if (((h.options() & Ospf.OPTION_E) != 0) == area.noExternals()) {
            o.drop(nowNs, ctx, i, "hello-mismatch", "E-bit mismatch (stub area or NSSA) from " + Ip4.format(src));
            return;
        }
        if (((h.options() & io.vroom.ospf.packet.lsa.NssaLsa.OPTION_NP) != 0) != area.nssa) { // RFC 3101 §2.1
            o.drop(nowNs, ctx, i, "hello-mismatch", "N-bit mismatch (NSSA) from " + Ip4.format(src));
            return;
        }
        Neighbor n = i.neighbors.get(src);
        if (n == null) {
            if (i.type == NetworkType.POINT_TO_POINT && !i.neighbors.isEmpty()) {
                // One neighbor on a point-to-point link: a new address means the old one is gone.
                for (Neighbor old : new ArrayList<>(i.neighbors.values())) NeighborFsm.kill(o, i, old, nowNs, ctx);
                i.neighbors.clear();
            }
            if (i.neighbors.size() >= Ospf.MAX_NEIGHBORS_PER_IFACE) {
                o.drop(nowNs, ctx, i, "too-many-neighbors", "neighbor table full, ignoring " + Ip4.format(src));
                return;
            }
            n = new Neighbor(p.routerId(), src);
            n.dr = h.designatedRouter();
            n.bdr = h.backupDesignatedRouter();
            n.priority = h.priority();
            i.neighbors.put(src, n);
        }
        n.routerId = p.routerId();
        int oldPriority = n.priority, oldDr = n.dr, oldBdr = n.bdr;
        n.priority = h.priority();
        n.dr = h.designatedRouter();
        n.bdr = h.backupDesignatedRouter();
        n.options = h.options();
        NeighborFsm.helloReceived(o, i, n, nowNs, ctx);
        if (!h.neighbors().contains(o.routerId)) {
            NeighborFsm.oneWay(o, i, n, nowNs, ctx);
            return;
        }
        NeighborFsm.twoWayReceived(o, i, n, nowNs, ctx);
        if (i.type != NetworkType.BROADCAST) return;
        if (oldPriority != n.priority) i.neighborChangePending = true;
        if (i.state == IsmState.WAITING) {
            if (n.bdr == src || (n.dr == src && n.bdr == 0)) backupSeen(o, i, nowNs, ctx);
        }
        if ((n.dr == src) != (oldDr == src) || (n.bdr == src) != (oldBdr == src)) i.neighborChangePending = true;
    }
}
