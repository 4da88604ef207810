package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vroom.bgp.wire.Nlri;
import io.vroom.core.net.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RIB bugs found by the interop suite (tests/.../interop/BgpInterop*Test), one test each. */
class BgpRibInteropFixesTest {
    static final long K1 = Nlri.key(Ip4.parse("10.9.30.0"), 24), K2 = Nlri.key(Ip4.parse("10.9.31.0"), 24);

    /** FRR sent our own route back (our AS in its path: refused as a loop), then another: the refused set was released twice. */
    @Test
    void aRouteAfterARefusedLoopedRouteIsAccepted() {
        BgpRib r = BgpDecisionTest.rib(BgpDecisionTest.ebgp(1, 65002, "10.9.20.2"));
        r.announce(1, K1, BgpDecisionTest.a(-1, -1, 65002, 65000), NextHopResolver.ALL_REACHABLE); // loop: holds our AS
        assertNull(r.best(K1));
        r.announce(1, K2, BgpDecisionTest.a(5, -1, 65002), NextHopResolver.ALL_REACHABLE);
        assertNotNull(r.best(K2));
        r.announce(1, K1, BgpDecisionTest.a(-1, -1, 65002, 65000), NextHopResolver.ALL_REACHABLE);
        r.peerDown(1, NextHopResolver.ALL_REACHABLE); // releases everything once: no negative reference counts
        assertEquals(0, r.attributes().size());
    }

    /** RFC 2918 §4: a ROUTE-REFRESH must re-send the Adj-RIB-Out even though nothing changed (FRR counted no UPDATE). */
    @Test
    void resendAdjRibOutQueuesEverythingAlreadySentOnce() {
        BgpRib r = BgpDecisionTest.rib(BgpDecisionTest.ebgp(1, 65002, "10.9.20.2"), BgpDecisionTest.ebgp(2, 65003, "10.9.21.2"));
        r.announce(1, K1, BgpDecisionTest.a(-1, -1, 65002), NextHopResolver.ALL_REACHABLE);
        r.announce(1, K2, BgpDecisionTest.a(-1, -1, 65002), NextHopResolver.ALL_REACHABLE);
        for (long k : r.locRibKeys()) r.export(k);
        List<byte[]> first = r.drainUpdates(2, 100);
        assertEquals(1, first.size(), "both prefixes share one UPDATE");
        r.exportAll(2);
        assertEquals(0, r.pendingSize(2), "exportAll alone sends nothing new");
        r.resendAdjRibOut(2);
        assertEquals(2, r.pendingSize(2));
        List<byte[]> again = r.drainUpdates(2, 100);
        assertEquals(1, again.size());
        assertEquals(java.util.Arrays.toString(first.get(0)), java.util.Arrays.toString(again.get(0)), "the same UPDATE again");
        assertEquals(2, r.adjRibOutSize(2));
        r.peerDown(2, NextHopResolver.ALL_REACHABLE);
        r.peerDown(1, NextHopResolver.ALL_REACHABLE);
        assertEquals(0, r.attributes().size(), "reference counts balance");
        assertNull(r.best(K1));
    }
}
