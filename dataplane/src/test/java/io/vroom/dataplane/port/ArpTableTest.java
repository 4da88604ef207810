package io.vroom.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ARP table in virtual time: no clock, no sockets. */
class ArpTableTest {
    static final long SEC = 1_000_000_000L;
    static final int H1 = Ip4.parse("10.0.0.1"), H2 = Ip4.parse("10.0.0.2");
    static final long MAC1 = 0x02_00_00_00_00_01L, MAC2 = 0x02_00_00_00_00_02L;

    /** Records what the table asks for. */
    static final class Out implements ArpTable.Actions {
        final List<Integer> requests = new ArrayList<>();
        final List<byte[]> sent = new ArrayList<>();
        final List<Long> sentTo = new ArrayList<>();
        int dropped;

        public void sendRequest(int ip) { requests.add(ip); }
        public void transmit(long mac, byte[] packet, int len) { sentTo.add(mac); sent.add(java.util.Arrays.copyOf(packet, len)); }
        public void droppedPending(int count) { dropped += count; }
    }

    final Out out = new Out();

    static ArpTable table(int entries) {
        ArpTable.Params p = new ArpTable.Params();
        p.maxEntries = entries;
        p.maxPending = 3;
        p.maxProbes = 3;
        p.retransmitNs = SEC;
        p.reachableNs = 30 * SEC;
        p.failedHoldNs = 5 * SEC;
        return new ArpTable(p);
    }

    static byte[] pkt(int n) {
        return new byte[] {(byte) n, 1, 2, 3};
    }

    @Test
    void unresolvedNextHopQueuesRequestsAndReleasesOnReply() {
        ArpTable t = table(16);
        assertEquals(ArpTable.QUEUED, t.resolve(H1, pkt(1), 0, 4, 0, out));
        assertEquals(ArpTable.QUEUED, t.resolve(H1, new byte[] {9, 9, 2, 1, 2, 3}, 2, 4, 10, out));
        assertEquals(List.of(H1), out.requests, "one request, not one per packet");
        assertEquals(SEC, t.tick(500, out));
        assertFalse(t.learn(H2, MAC2, false, 20, out), "RFC 826: not known and not the target: not added");
        assertEquals(-1, t.macOf(H2));
        assertTrue(t.learn(H1, MAC1, false, 20, out), "known (resolving): merged");
        assertEquals(List.of(MAC1, MAC1), out.sentTo);
        assertArrayEquals(pkt(1), out.sent.get(0));
        assertArrayEquals(new byte[] {2, 1, 2, 3}, out.sent.get(1), "offset honoured");
        assertEquals(MAC1, t.resolve(H1, pkt(3), 0, 4, 30, out));
    }

    @Test
    void pendingQueueIsBounded() {
        ArpTable t = table(16);
        for (int i = 0; i < 3; i++) assertEquals(ArpTable.QUEUED, t.resolve(H1, pkt(i), 0, 4, 0, out));
        assertEquals(ArpTable.DROP_QUEUE_FULL, t.resolve(H1, pkt(4), 0, 4, 0, out));
        t.learn(H1, MAC1, false, 1, out);
        assertEquals(3, out.sent.size());
    }

    @Test
    void retransmitsThenFailsAndHoldsDown() {
        ArpTable t = table(16);
        t.resolve(H1, pkt(1), 0, 4, 0, out);
        assertEquals(SEC, t.tick(0, out));
        assertEquals(2 * SEC, t.tick(SEC, out));
        assertEquals(3 * SEC, t.tick(2 * SEC, out));
        assertEquals(List.of(H1, H1, H1), out.requests);
        assertEquals(8 * SEC, t.tick(3 * SEC, out), "failed: held for failedHoldNs");
        assertEquals(1, out.dropped);
        assertEquals(ArpTable.DROP_FAILED, t.resolve(H1, pkt(2), 0, 4, 4 * SEC, out));
        assertEquals(3, out.requests.size(), "no request while held down");
        // After the hold, a new resolution starts.
        assertEquals(ArpTable.QUEUED, t.resolve(H1, pkt(3), 0, 4, 8 * SEC, out));
        assertEquals(4, out.requests.size());
    }

    @Test
    void usedEntriesAreReconfirmedUnusedOnesExpire() {
        ArpTable t = table(16);
        t.learn(H1, MAC1, true, 0, out);
        t.learn(H2, MAC2, true, 0, out);
        assertEquals(MAC1, t.resolve(H1, pkt(1), 0, 4, 10 * SEC, out));
        assertEquals(30 * SEC, t.tick(29 * SEC, out));
        t.tick(30 * SEC, out);
        assertEquals(List.of(H1), out.requests, "only the used entry is probed");
        assertEquals(-1, t.macOf(H2), "the unused entry expired");
        assertEquals(MAC1, t.resolve(H1, pkt(2), 0, 4, 30 * SEC + 1, out), "still usable while probing");
        t.learn(H1, MAC1, false, 30 * SEC + 2, out);
        assertEquals(ArpTable.REACHABLE, t.stateOf(H1));
        // Used again but never answering: removed after maxProbes requests.
        t.resolve(H1, pkt(3), 0, 4, 40 * SEC, out);
        out.requests.clear();
        for (long s = 60; s <= 64; s++) t.tick(s * SEC + 2, out);
        assertEquals(List.of(H1, H1, H1), out.requests);
        assertEquals(0, t.stateOf(H1));
        assertEquals(0, t.size());
    }

    @Test
    void tableIsBoundedOldestEvicted() {
        ArpTable t = table(4);
        for (int i = 0; i < 10; i++) t.learn(H1 + i, MAC1 + i, true, i, out);
        assertEquals(4, t.size());
        for (int i = 0; i < 6; i++) assertEquals(-1, t.macOf(H1 + i));
        for (int i = 6; i < 10; i++) assertEquals(MAC1 + i, t.macOf(H1 + i));
        // Evicting a resolving entry drops its queue, counted.
        ArpTable u = table(1);
        u.resolve(H1, pkt(1), 0, 4, 0, out);
        u.resolve(H2, pkt(2), 0, 4, 1, out);
        assertEquals(1, out.dropped);
    }

    /** Random operations against a simple model: the open-addressing index never loses an entry. */
    @Test
    void indexMatchesAModelUnderRandomChurn() {
        Random rnd = new Random(42);
        ArpTable t = table(64);
        java.util.Map<Integer, Long> model = new java.util.LinkedHashMap<>();
        long now = 0;
        for (int step = 0; step < 50_000; step++) {
            now += 1 + rnd.nextInt(1000);
            int ip = 0x0a000000 + rnd.nextInt(200) * 7919; // collide in the hash a lot
            long mac = rnd.nextLong() & 0x0000_feff_ffff_ffffL;
            t.learn(ip, mac, true, now, out);
            model.put(ip, mac); // an update keeps the entry's age: eviction is by creation
            if (model.size() > 64) model.remove(model.keySet().iterator().next());
            if (step % 97 == 0) {
                for (var e : model.entrySet()) assertEquals((long) e.getValue(), t.macOf(e.getKey()), "step " + step);
                assertEquals(model.size(), t.size());
            }
        }
    }
}
