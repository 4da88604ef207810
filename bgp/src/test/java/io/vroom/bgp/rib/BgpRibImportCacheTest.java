package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.wire.Nlri;
import io.vroom.core.net.Ip4;
import org.junit.jupiter.api.Test;

/**
 * The per-slot cache of the last imported attribute set (UPDATEs carry many prefixes per set) when
 * the import rejects the set: a looped AS path (RFC 4271 §9.1.2) followed by another set from the
 * same peer used to release the rejected set's id (-1) and throw out of the RIB.
 */
class BgpRibImportCacheTest {
    static PathAttributes path(long... asns) {
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = PathAttributes.ORIGIN_IGP;
        b.asPath = AsPath.sequence(asns);
        b.nextHop(Ip4.parse("10.0.0.1"));
        return b.build();
    }

    @Test
    void aRejectedSetThenAnotherSetFromTheSamePeer() {
        BgpRib rib = new BgpRib(65002, Ip4.parse("10.0.0.2"), Ip4.parse("10.0.0.2"), false, 1000, 1000);
        rib.addPeer(new PeerInfo(1, false, false, 65001, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.1"), false, false,
                Ip4.parse("10.0.0.2"), true), Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        rib.peerUp(1);
        long k1 = Nlri.key(Ip4.parse("203.0.113.0"), 24), k2 = Nlri.key(Ip4.parse("198.51.100.0"), 24);
        PathAttributes looped = path(65001, 65002, 7);
        rib.announce(1, k1, looped, NextHopResolver.ALL_REACHABLE);
        rib.announce(1, k2, looped, NextHopResolver.ALL_REACHABLE); // the cached rejection
        rib.announce(1, k2, path(65001, 7), NextHopResolver.ALL_REACHABLE);
        rib.announce(1, k1, looped, NextHopResolver.ALL_REACHABLE);
        assertNull(rib.best(k1), "a looped path is not used");
        assertEquals("65001 7", rib.best(k2).asPath().toString());
        assertEquals(1, rib.locRibSize());
        assertEquals(1, rib.attributes().size(), "only the accepted set is interned");
        rib.peerDown(1, NextHopResolver.ALL_REACHABLE);
        assertEquals(0, rib.attributes().size(), "and its references are all released");
    }
}
