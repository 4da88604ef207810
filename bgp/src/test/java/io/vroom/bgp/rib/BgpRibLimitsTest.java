package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.util.IntList;
import io.vroom.bgp.wire.MessageType;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.Wire;
import io.vroom.core.net.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits of the row table: max-routes per Adj-RIB-In and Loc-RIB (refused, counted), and sets too large for any UPDATE. */
class BgpRibLimitsTest {
    static final NextHopResolver ALL = NextHopResolver.ALL_REACHABLE;

    static long key(int i) {
        return Nlri.key(Ip4.parse("198.18.0.0") + (i << 8), 24);
    }

    static void ribWork(BgpRib r) {
        IntList rows = new IntList();
        r.takeChanged(rows);
        for (int i = 0; i < rows.size(); i++) r.exportChanged(rows.get(i));
    }

    @Test
    void maxRoutesRefusesAndCounts() {
        BgpRib r = new BgpRib(65000, Ip4.parse("1.1.1.1"), Ip4.parse("1.1.1.1"), false, 10, 100);
        for (PeerInfo p : List.of(BgpDecisionTest.ebgp(1, 100, "10.0.0.1"), BgpDecisionTest.ebgp(2, 200, "10.0.0.2"))) {
            r.addPeer(p, Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
            r.peerUp(p.slot());
        }
        PathAttributes a = BgpDecisionTest.a(-1, -1, 100), b = BgpDecisionTest.a(-1, -1, 200);
        for (int i = 0; i < 15; i++) r.announce(1, key(i), a, ALL);
        assertEquals(10, r.adjRibInSize(1));
        assertEquals(5, r.refusedRoutes());
        assertEquals(10, r.locRibSize());
        assertNull(r.best(key(12)), "a refused prefix is nowhere");
        for (int i = 20; i < 25; i++) r.announce(2, key(i), b, ALL);
        assertEquals(5, r.adjRibInSize(2), "peer 2's Adj-RIB-In has room");
        assertEquals(10, r.locRibSize(), "the Loc-RIB does not");
        assertEquals(10, r.refusedRoutes());
        r.announce(1, key(3), b, ALL); // a replacement is not a new prefix
        assertEquals(10, r.refusedRoutes());
        for (int i = 0; i < 10; i++) r.withdraw(1, key(i), ALL);
        ribWork(r);
        assertEquals(0, r.locRibSize());
        r.announce(2, key(20), BgpDecisionTest.a(-1, -1, 200, 7), ALL); // room again: the route is decided when it changes
        assertEquals(1, r.locRibSize());
        for (int i = 20; i < 25; i++) r.withdraw(2, key(i), ALL);
        ribWork(r);
        assertEquals(0, r.rowsInUse(), "every row freed");
    }

    @Test
    void aSetTooLargeForAnyUpdateIsCountedAndWithdrawn() {
        PeerInfo from = BgpDecisionTest.ebgp(1, 100, "10.0.0.1"), to = BgpDecisionTest.ebgp(2, 300, "10.0.1.2");
        BgpRib r = BgpDecisionTest.rib(from, to);
        long[] path = new long[1100]; // 4400 bytes of AS_PATH
        path[0] = 100;
        for (int i = 1; i < path.length; i++) path[i] = 1000 + i; // not the receiver's AS 300 (that would be a loop, not sent at all)
        PathAttributes huge = BgpDecisionTest.a(-1, -1, path), small = BgpDecisionTest.a(-1, -1, 100);
        r.announce(1, key(0), small, ALL);
        ribWork(r);
        assertEquals(1, r.drainUpdates(2, 10).size());
        assertTrue(r.advertised(2, key(0)));
        r.announce(1, key(0), huge, ALL);
        for (int i = 1; i < 4; i++) r.announce(1, key(i), huge, ALL);
        ribWork(r);
        List<byte[]> msgs = r.drainUpdates(2, 10);
        assertEquals(4, r.unsendableRoutes());
        assertEquals(1, msgs.size(), "one UPDATE: the withdrawal of what the peer had");
        byte[] m = msgs.get(0);
        assertEquals(4, Wire.u16(m, MessageType.HEADER_LENGTH), "withdrawn routes: one /24");
        assertFalse(r.advertised(2, key(0)));
        assertEquals(0, r.adjRibOutSize(2));
        assertEquals(0, r.pendingSize(2));
        assertFalse(r.hasQueued(2));
        assertEquals(4, r.locRibSize(), "the routes are still ours");
    }
}
