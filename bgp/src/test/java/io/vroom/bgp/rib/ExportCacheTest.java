package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.wire.Nlri;
import io.vroom.core.net.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BgpRib caches the last export (source slot, source set → exported set) per peer, since an UPDATE
 * carries many prefixes of one set. The cache must give what a fresh computation gives, follow a
 * peer's changes, and never keep a set alive or let an id be reused under it.
 */
class ExportCacheTest {
    private static long key(int i) {
        return Nlri.key(Ip4.parse("198.18.0.0") + (i << 8), 24);
    }

    @Test
    void prefixesOfOneSetGetTheSameExportAndReferencesBalance() {
        PeerInfo from = BgpDecisionTest.ebgp(1, 100, "10.0.0.1"), to = BgpDecisionTest.ebgp(2, 300, "10.0.1.2");
        BgpRib r = BgpDecisionTest.rib(from, to);
        int baseline = r.attributes().size();
        PathAttributes a = BgpDecisionTest.a(-1, -1, 100, 7), b = BgpDecisionTest.a(-1, -1, 100, 8);
        for (int i = 0; i < 50; i++) r.announce(1, key(i), i % 10 < 7 ? a : b, NextHopResolver.ALL_REACHABLE);
        io.vroom.bgp.util.LongList changed = new io.vroom.bgp.util.LongList();
        r.drainChanged(changed);
        for (int i = 0; i < changed.size(); i++) r.export(changed.get(i));
        List<byte[]> msgs = r.drainUpdates(2, 100);
        assertFalse(msgs.isEmpty());
        assertEquals(50, r.adjRibOutSize(2));
        PathAttributes expected = ExportRules.apply(from, to, a, 65000, Ip4.parse("1.1.1.1"));
        int sets = r.attributes().size();
        // the two source sets only: the Adj-RIB-Out refers to them (BgpRib.EXPORT_OF), no exported copies
        assertEquals(baseline + 2, sets);
        byte[] want = io.vroom.bgp.attr.AttributeCodec.encode(expected, true);
        int carrying = 0;
        for (byte[] m : msgs) if (contains(m, want)) carrying++;
        assertTrue(carrying >= 1, "an UPDATE carries the exported attributes (own AS prepended, next hop self)");
        for (int i = 0; i < 50; i++) r.withdraw(1, key(i), NextHopResolver.ALL_REACHABLE);
        r.drainChanged(changed);
        for (int i = 0; i < changed.size(); i++) r.export(changed.get(i));
        r.drainUpdates(2, 100);
        assertEquals(0, r.adjRibOutSize(2));
        r.updatePeer(to); // drops the export cache's references
        r.updatePeer(from); // and the import side's last-set cache
        assertEquals(baseline, r.attributes().size(), "every set released once nothing uses it");
        assertNotNull(expected);
    }

    @Test
    void aChangedPeerIsNotServedAStaleExport() {
        PeerInfo from = BgpDecisionTest.ebgp(1, 100, "10.0.0.1"), to = BgpDecisionTest.ebgp(2, 300, "10.0.1.2");
        BgpRib r = BgpDecisionTest.rib(from, to);
        PathAttributes a = BgpDecisionTest.a(-1, -1, 100, 7);
        r.announce(1, key(0), a, NextHopResolver.ALL_REACHABLE);
        r.export(key(0));
        r.drainUpdates(2, 10);
        // the peer now says it is in AS 7: the route's path holds 7, so it must not be exported to it (loop)
        r.updatePeer(BgpDecisionTest.ebgp(2, 7, "10.0.1.2"));
        r.announce(1, key(1), a, NextHopResolver.ALL_REACHABLE);
        r.export(key(1));
        r.drainUpdates(2, 10);
        assertEquals(1, r.adjRibOutSize(2), "key(1) not exported to a peer in its own path");
        r.addPeer(BgpDecisionTest.ebgp(3, 300, "10.0.2.2"), Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        r.peerUp(3);
        r.exportAll(3);
        r.drainUpdates(3, 10);
        assertEquals(2, r.adjRibOutSize(3));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
