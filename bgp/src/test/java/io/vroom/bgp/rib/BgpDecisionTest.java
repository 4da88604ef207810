package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.wire.Nlri;
import io.vroom.core.net.Ip4;
import org.junit.jupiter.api.Test;

/** RFC 4271 §9.1.2.2 steps and RFC 4456 export, one assertion each. */
class BgpDecisionTest {
    static final long K = Nlri.key(Ip4.parse("198.51.100.0"), 24);

    static BgpRib rib(PeerInfo... ps) {
        BgpRib r = new BgpRib(65000, Ip4.parse("1.1.1.1"), Ip4.parse("1.1.1.1"), false, 10_000, 10_000);
        for (PeerInfo p : ps) {
            r.addPeer(p, Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
            r.peerUp(p.slot());
        }
        return r;
    }

    static PeerInfo ebgp(int slot, long as, String addr) {
        return new PeerInfo(slot, false, false, as, Ip4.parse(addr), Ip4.parse(addr), false, false, Ip4.parse("10.9.9.9"), true);
    }

    static PeerInfo ibgp(int slot, String addr, boolean client) {
        return new PeerInfo(slot, false, true, 65000, Ip4.parse(addr), Ip4.parse(addr), client, false, Ip4.parse("10.9.9.9"), true);
    }

    static PathAttributes a(long med, long lp, long... path) {
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = 0;
        b.asPath = AsPath.sequence(path);
        b.nextHop(Ip4.parse("10.0.0.7"));
        b.med = med;
        b.localPref = lp;
        return b.build();
    }

    @Test
    void localPrefThenPathLength() {
        BgpRib r = rib(ebgp(1, 100, "10.0.0.1"), ebgp(2, 200, "10.0.0.2"));
        r.announce(1, K, a(-1, -1, 100), NextHopResolver.ALL_REACHABLE);
        r.announce(2, K, a(-1, -1, 200, 300), NextHopResolver.ALL_REACHABLE);
        assertEquals(1, r.bestSlot(K), "shorter path");
        r.announce(2, K, a(-1, -1, 200, 300).toBuilder().build(), NextHopResolver.ALL_REACHABLE);
        BgpRib r2 = rib(ibgp(1, "10.0.0.1", false), ibgp(2, "10.0.0.2", false));
        r2.announce(1, K, a(-1, 100, 100), NextHopResolver.ALL_REACHABLE);
        r2.announce(2, K, a(-1, 200, 200, 300), NextHopResolver.ALL_REACHABLE);
        assertEquals(2, r2.bestSlot(K), "higher LOCAL_PREF beats a shorter path");
    }

    @Test
    void medComparedOnlyWithinTheSameNeighbourAs() {
        BgpRib r = rib(ebgp(1, 100, "10.0.0.3"), ebgp(2, 100, "10.0.0.1"), ebgp(3, 200, "10.0.0.2"));
        r.announce(1, K, a(10, -1, 100), NextHopResolver.ALL_REACHABLE);
        r.announce(2, K, a(50, -1, 100), NextHopResolver.ALL_REACHABLE);
        r.announce(3, K, a(0, -1, 200), NextHopResolver.ALL_REACHABLE);
        // slot 2 loses to slot 1 on MED (same AS 100); slot 1 vs 3: MED not comparable, router id: 10.0.0.2 < 10.0.0.3
        assertEquals(3, r.bestSlot(K));
        r.withdraw(3, K, NextHopResolver.ALL_REACHABLE);
        assertEquals(1, r.bestSlot(K), "lower MED within AS 100");
    }

    @Test
    void ebgpOverIbgpThenIgpCostAndUnresolvableNextHop() {
        BgpRib r = rib(ibgp(1, "10.0.0.1", false), ebgp(2, 100, "10.0.0.2"));
        r.announce(1, K, a(-1, 100, 100), NextHopResolver.ALL_REACHABLE);
        r.announce(2, K, a(-1, -1, 100), NextHopResolver.ALL_REACHABLE);
        assertEquals(2, r.bestSlot(K), "eBGP over iBGP");
        r.decide(K, -1, nh -> -1);
        assertEquals(-1, r.bestSlot(K), "no route when no next hop resolves");
    }

    @Test
    void asLoopIsRejectedAndIbgpNotReadvertisedUnlessReflecting() {
        BgpRib r = rib(ebgp(1, 100, "10.0.0.1"), ibgp(2, "10.0.0.2", false), ibgp(3, "10.0.0.3", true), ibgp(4, "10.0.0.4", false));
        r.announce(1, K, a(-1, -1, 100, 65000), NextHopResolver.ALL_REACHABLE);
        assertEquals(-1, r.bestSlot(K), "own AS in the path");
        r.announce(2, K, a(-1, 100, 100), NextHopResolver.ALL_REACHABLE);
        r.export(K);
        assertEquals(0, r.pendingSize(4), "non-client iBGP route is not sent to another non-client");
        assertEquals(1, r.pendingSize(3), "but is reflected to a client");
        var msgs = r.drainUpdates(3, 10);
        assertEquals(1, msgs.size());
        PathAttributes sent = io.vroom.bgp.wire.UpdateMessage.decode(msgs.get(0), 19, msgs.get(0).length - 19,
                new io.vroom.bgp.attr.AttrContext(true, true, 65000, true, false, false)).value().attributes();
        assertEquals(Ip4.parse("10.0.0.2"), (int) sent.originatorId(), "ORIGINATOR_ID set");
        assertArrayEquals(new int[] {Ip4.parse("1.1.1.1")}, sent.clusterList(), "CLUSTER_LIST prepended");
        assertEquals(1, r.adjRibOutSize(3));
    }

    @Test
    void packingGroupsPrefixesBySetWithin4096Bytes() {
        BgpRib r = rib(ebgp(1, 100, "10.0.0.1"));
        for (int i = 0; i < 3000; i++) r.announce(0, Nlri.key((Ip4.parse("100.0.0.0") + (i << 8)), 24), a(-1, -1, 7), NextHopResolver.ALL_REACHABLE);
        r.exportAll(1);
        var msgs = r.drainUpdates(1, 1000);
        int total = 0;
        for (byte[] m : msgs) {
            assertTrue(m.length <= 4096);
            total += io.vroom.bgp.wire.UpdateMessage.decode(m, 19, m.length - 19, new io.vroom.bgp.attr.AttrContext(true, false, 65000, true, false, false)).value().nlri().length;
        }
        assertEquals(3000, total);
        assertEquals(3, msgs.size(), "3000 /24s at 4 bytes each fill three UPDATEs");
    }
}
