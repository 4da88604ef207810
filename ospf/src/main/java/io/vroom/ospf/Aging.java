package io.vroom.ospf;

import io.vroom.core.spi.ProtocolContext;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import java.util.ArrayList;
import java.util.Map;

/**
 * Aging the databases (RFC 2328 §14): LSAs reaching MaxAge are flooded and then removed once no
 * neighbor still needs them; our own LSAs are refreshed at LSRefreshTime (§12.4). Runs only at the
 * next moment any of this can happen ({@link Ospf#agingDeadlineNs}), not every second.
 */
final class Aging {
    private Aging() {}

    static void run(Ospf o, long nowNs, ProtocolContext ctx) {
        long next = Long.MAX_VALUE;
        for (Area a : o.areas.values()) next = Math.min(next, age(o, a.lsdb, a.areaId, nowNs));
        next = Math.min(next, age(o, o.externals, 0, nowNs));
        o.agingDeadlineNs = Math.min(o.agingDeadlineNs, next);
    }

    private static long age(Ospf o, Lsdb db, int areaId, long nowNs) {
        long next = Long.MAX_VALUE;
        for (Map.Entry<LsaKey, LsaEntry> me : new ArrayList<>(db.entries.entrySet())) {
            LsaEntry e = me.getValue();
            if (e.maxAged(nowNs)) {
                if (!e.maxAgeFlooded) {
                    e.maxAgeFlooded = true;
                    o.scheduleSpf(nowNs);
                    Flooding.flood(o, e.lsa.withAge(LsaHeader.MAX_AGE_SEC), areaId, null, null, nowNs);
                }
                if (!onAnyRetransmitList(o, me.getKey()) && !o.anyNeighborExchanging()) {
                    db.entries.remove(me.getKey());
                } else {
                    next = Math.min(next, nowNs + Ospf.SEC);
                }
            } else {
                if (Flooding.selfOriginated(o, e.lsa) && e.ageSec(nowNs) >= Ospf.LS_REFRESH_TIME_SEC) o.originatePending = true;
                next = Math.min(next, nextEventNs(o, e, nowNs));
            }
        }
        return next;
    }

    /** When this entry next needs attention: refresh for our own LSAs, MaxAge for the others. */
    static long nextEventNs(Ospf o, LsaEntry e, long nowNs) {
        if (Flooding.selfOriginated(o, e.lsa)) {
            long refresh = e.reachesAgeNs(Ospf.LS_REFRESH_TIME_SEC);
            return refresh > nowNs ? refresh : nowNs + Ospf.SEC;
        }
        return Math.max(nowNs + 1, e.reachesAgeNs(LsaHeader.MAX_AGE_SEC));
    }

    private static boolean onAnyRetransmitList(Ospf o, LsaKey key) {
        for (Iface i : o.ifaces.values()) for (Neighbor n : i.neighbors.values()) if (n.retransmit.containsKey(key)) return true;
        return false;
    }
}
