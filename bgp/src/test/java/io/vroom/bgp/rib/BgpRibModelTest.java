package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.util.IntList;
import io.vroom.bgp.wire.MessageType;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.Wire;
import io.vroom.core.net.Ip4;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The row table under random churn from two peers (announce, withdraw, session down, graceful
 * restart with stale sweep, route refresh) while a third peer is sent the UPDATEs a few at a time:
 * after each round the third peer's view, rebuilt from the UPDATE bytes alone, equals the Loc-RIB
 * exported to it; the sizes agree; and once every route is gone, every attribute set and every row
 * is released.
 */
class BgpRibModelTest {
    static final int PREFIXES = 300;

    static long key(int i) {
        return Nlri.key(Ip4.parse("198.18.0.0") + (i << 8), i % 7 == 0 ? 23 : 24);
    }

    /** Applies one UPDATE to the receiver's view: prefix → attribute bytes. */
    static void apply(byte[] m, TreeMap<Long, String> view) {
        int off = MessageType.HEADER_LENGTH;
        int wlen = Wire.u16(m, off);
        for (int p = off + 2; p < off + 2 + wlen; ) p = prefix(m, p, view, null);
        int alen = Wire.u16(m, off + 2 + wlen);
        String attrs = Arrays.toString(Arrays.copyOfRange(m, off + 4 + wlen, off + 4 + wlen + alen));
        for (int p = off + 4 + wlen + alen; p < m.length; ) p = prefix(m, p, view, attrs);
    }

    private static int prefix(byte[] m, int p, TreeMap<Long, String> view, String attrs) {
        int bits = m[p] & 0xff, addr = 0;
        for (int i = 0; i < (bits + 7) / 8; i++) addr |= (m[p + 1 + i] & 0xff) << (24 - 8 * i);
        long k = Nlri.key(addr, bits);
        if (attrs == null) view.remove(k);
        else view.put(k, attrs);
        return p + 1 + (bits + 7) / 8;
    }

    @Test
    void randomChurnKeepsTheReceiverInStepAndReleasesEverything() {
        SplittableRandom rnd = new SplittableRandom(42);
        PeerInfo p1 = BgpDecisionTest.ebgp(1, 100, "10.0.0.1"), p2 = BgpDecisionTest.ebgp(2, 200, "10.0.0.2");
        PeerInfo p3 = BgpDecisionTest.ebgp(3, 300, "10.0.1.2");
        BgpRib r = BgpDecisionTest.rib(p1, p2, p3);
        int baseline = r.attributes().size();
        PathAttributes[][] sets = new PathAttributes[3][];
        for (int s = 1; s <= 2; s++) {
            sets[s] = new PathAttributes[6];
            for (int i = 0; i < 6; i++) {
                long[] path = new long[1 + i % 3];
                path[0] = s * 100;
                for (int j = 1; j < path.length; j++) path[j] = 1000 + i * 10 + j;
                sets[s][i] = BgpDecisionTest.a(i, -1, path);
            }
        }
        TreeMap<Long, String> view = new TreeMap<>();
        NextHopResolver all = NextHopResolver.ALL_REACHABLE;
        for (int round = 0; round < 400; round++) {
            int ops = rnd.nextInt(1, 60);
            for (int o = 0; o < ops; o++) {
                int slot = rnd.nextInt(1, 3);
                long k = key(rnd.nextInt(PREFIXES));
                int what = rnd.nextInt(100);
                if (!r.isUp(slot)) {
                    if (what < 10) { // the session comes back
                        r.peerUp(slot);
                        if (rnd.nextBoolean()) r.sweepStale(slot, all);
                    }
                    continue;
                }
                if (what < 60) r.announce(slot, k, sets[slot][rnd.nextInt(6)], all);
                else if (what < 95) r.withdraw(slot, k, all);
                else if (what < 97) r.peerDown(slot, all);
                else if (what < 99) r.markStale(slot);
                else r.resendAdjRibOut(3);
            }
            IntList changed = new IntList();
            r.takeChanged(changed);
            for (int i = 0; i < changed.size(); i++) r.exportChanged(changed.get(i));
            while (r.hasQueued(3)) {
                var msgs = r.drainUpdates(3, rnd.nextInt(1, 4));
                for (byte[] m : msgs) apply(m, view);
                if (msgs.isEmpty()) break;
            }
            long[] loc = r.locRibKeys();
            assertArrayEquals(loc, view.keySet().stream().mapToLong(Long::longValue).toArray(), "round " + round + ": the receiver holds the Loc-RIB");
            for (long k : loc) {
                int best = r.bestSlot(k);
                assertEquals(r.adjIn(best, k), r.best(k));
                PathAttributes e = ExportRules.apply(r.peer(best), p3, r.best(k), 65000, Ip4.parse("1.1.1.1"));
                assertEquals(Arrays.toString(AttributeCodec.encode(e, true)), view.get(k), "round " + round + ": exported attributes of " + Nlri.format(k));
                assertTrue(r.advertised(3, k));
            }
            assertEquals(loc.length, r.locRibSize());
            assertEquals(loc.length, r.adjRibOutSize(3));
            assertEquals(0, r.pendingSize(3));
            for (int s = 1; s <= 2; s++) assertEquals(r.adjRibInKeys(s).length, r.adjRibInSize(s));
            long[] page = r.locRibPage(-1, 17);
            assertArrayEquals(Arrays.copyOf(loc, Math.min(17, loc.length)), page);
        }
        for (int s = 1; s <= 2; s++) {
            r.peerUp(s);
            r.peerDown(s, NextHopResolver.ALL_REACHABLE);
        }
        IntList changed = new IntList();
        r.takeChanged(changed);
        for (int i = 0; i < changed.size(); i++) r.exportChanged(changed.get(i));
        int before = view.size();
        while (r.hasQueued(3)) {
            var msgs = r.drainUpdates(3, 100);
            for (byte[] m : msgs) apply(m, view);
            if (msgs.isEmpty()) break;
        }
        assertTrue(before > 0, "the receiver had routes");
        assertEquals(0, view.size(), "and was sent the withdrawal of each");
        assertEquals(0, r.locRibSize());
        assertEquals(0, r.adjRibOutSize(3));
        r.updatePeer(p3); // drops the export cache's references
        assertEquals(baseline, r.attributes().size(), "every set released once nothing uses it");
        assertEquals(0, r.rowsInUse(), "every row freed");
    }

    @Test
    void aTableThatShrankIsRenumberedAndKeepsWorking() {
        PeerInfo p1 = BgpDecisionTest.ebgp(1, 100, "10.0.0.1"), p2 = BgpDecisionTest.ebgp(2, 200, "10.0.0.2");
        PeerInfo p3 = BgpDecisionTest.ebgp(3, 300, "10.0.1.2");
        BgpRib r = new BgpRib(65000, Ip4.parse("1.1.1.1"), Ip4.parse("1.1.1.1"), false, 100_000, 100_000);
        for (PeerInfo p : new PeerInfo[] {p1, p2, p3}) {
            r.addPeer(p, io.vroom.bgp.policy.Policy.ACCEPT_ALL, io.vroom.bgp.policy.Policy.ACCEPT_ALL);
            r.peerUp(p.slot());
        }
        PathAttributes a = BgpDecisionTest.a(-1, -1, 100), b = BgpDecisionTest.a(-1, -1, 200, 7);
        NextHopResolver all = NextHopResolver.ALL_REACHABLE;
        TreeMap<Long, String> view = new TreeMap<>();
        int n = 20_000; // beyond the few pages below which the table is left as it is
        for (int i = 0; i < n; i++) r.announce(1, Nlri.key(Ip4.parse("100.0.0.0") + (i << 8), 24), a, all);
        for (int i = 0; i < n; i += 1000) r.announce(2, Nlri.key(Ip4.parse("100.0.0.0") + (i << 8), 24), b, all);
        drain(r, view);
        assertEquals(n, view.size());
        assertEquals(n, r.rowsHandedOut());
        r.compact();
        assertEquals(n, r.rowsHandedOut(), "a full table is left alone");
        r.peerDown(1, all); // 20 prefixes stay, through peer 2
        r.compact();
        assertEquals(n, r.rowsHandedOut(), "not while the withdrawals are queued");
        drain(r, view);
        r.compact();
        assertEquals(20, r.rowsHandedOut(), "renumbered densely");
        assertEquals(20, r.rowsInUse());
        assertEquals(20, view.size());
        long k0 = Nlri.key(Ip4.parse("100.0.0.0"), 24);
        assertEquals(2, r.bestSlot(k0));
        assertEquals(r.adjIn(2, k0), r.best(k0));
        assertTrue(r.advertised(3, k0));
        assertArrayEquals(view.keySet().stream().mapToLong(Long::longValue).toArray(), r.locRibKeys());
        // and keeps working: peer 1 comes back with part of its table, peer 2 withdraws one
        r.peerUp(1);
        for (int i = 0; i < 3000; i++) r.announce(1, Nlri.key(Ip4.parse("100.0.0.0") + (i << 8), 24), a, all);
        r.withdraw(2, Nlri.key(Ip4.parse("100.0.0.0") + (1000 << 8), 24), all);
        drain(r, view);
        assertArrayEquals(view.keySet().stream().mapToLong(Long::longValue).toArray(), r.locRibKeys());
        assertEquals(3000 + 17, view.size()); // peer 2 alone still has 3000, 4000, ... 19000
        assertEquals(r.locRibSize(), r.adjRibOutSize(3));
    }

    private static void drain(BgpRib r, TreeMap<Long, String> view) {
        IntList changed = new IntList();
        r.takeChanged(changed);
        for (int i = 0; i < changed.size(); i++) r.exportChanged(changed.get(i));
        while (r.hasQueued(3)) {
            var msgs = r.drainUpdates(3, 50);
            for (byte[] m : msgs) apply(m, view);
            if (msgs.isEmpty()) break;
        }
        for (int s = 1; s <= 2; s++) while (r.isUp(s) && r.hasQueued(s)) if (r.drainUpdates(s, 50).isEmpty()) break; // what peers 1 and 2 are sent
    }
}
