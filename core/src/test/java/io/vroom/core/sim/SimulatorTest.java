package io.vroom.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    static final long MS = 1_000_000L;

    static DiamondTestbed pingDiamond(long seed, double loss, Pinger p) {
        return new DiamondTestbed(seed, 300_000, loss, List.of(p), List.of());
    }

    @Test
    void pingCrossesTheDiamondAndVr1AnswersItsOwnAddress() {
        Pinger toH2 = new Pinger(Ip4.parse("10.0.1.2"), Ip4.parse("10.0.2.2"), 10 * MS);
        DiamondTestbed d = pingDiamond(1, 0, toH2);
        d.sim.runFor(1000 * MS);
        assertTrue(toH2.sent >= 90, "sent " + toH2.sent);
        assertTrue(toH2.replies >= toH2.sent - 1, toH2.replies + " replies of " + toH2.sent);
        // vr1 forwarded both ways: its counters saw each request and reply.
        assertTrue(d.n1.vrs().get("vr1").dataPlane().counters(0).get("rx_packets") >= toH2.replies);

        Pinger toVr1 = new Pinger(Ip4.parse("10.0.1.2"), Ip4.parse("10.0.2.1"), 10 * MS);
        DiamondTestbed d2 = pingDiamond(1, 0, toVr1);
        d2.sim.runFor(200 * MS);
        assertTrue(toVr1.replies >= toVr1.sent - 1 && toVr1.replies > 10, toVr1.replies + "/" + toVr1.sent);
    }

    @Test
    void ttlExpiryAndNoRouteAnswerWithIcmpErrors() {
        Pinger ttl1 = new Pinger(Ip4.parse("10.0.1.2"), Ip4.parse("10.0.2.2"), 10 * MS);
        ttl1.ttl = 1;
        DiamondTestbed d = pingDiamond(2, 0, ttl1);
        d.sim.runFor(100 * MS);
        assertEquals(0, ttl1.replies);
        assertTrue(ttl1.sent > 5);
        assertEquals(ttl1.sent, ttl1.timeExceeded, "every TTL-1 packet expired at vr1");

        Pinger nowhere = new Pinger(Ip4.parse("10.0.1.2"), Ip4.parse("192.0.2.1"), 10 * MS);
        DiamondTestbed d2 = pingDiamond(2, 0, nowhere);
        d2.sim.runFor(100 * MS);
        assertTrue(nowhere.unreachable > 0 && nowhere.replies == 0, "vr1 has no route to 192.0.2.1: net unreachable");
    }

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedAnother() {
        List<String> a = run(42), b = run(42), c = run(43);
        assertTrue(a.size() > 100);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    static List<String> run(long seed) {
        Pinger p = new Pinger(Ip4.parse("10.0.1.2"), Ip4.parse("10.0.2.2"), 5 * MS);
        DiamondTestbed d = pingDiamond(seed, 0.05, p);
        d.sim.runFor(500 * MS);
        return d.sim.trace();
    }

    @Test
    void aPartitionDropsAndHealingRestores() {
        Pinger p = new Pinger(Ip4.parse("10.0.1.2"), Ip4.parse("10.0.2.2"), 10 * MS);
        DiamondTestbed d = pingDiamond(3, 0, p);
        d.sim.runFor(200 * MS);
        int before = p.replies;
        d.l12.setUp(false);
        d.sim.runFor(200 * MS);
        assertTrue(p.replies - before <= 1, "no replies across a partition");
        int during = p.replies;
        d.l12.setUp(true);
        d.sim.runFor(200 * MS);
        assertTrue(p.replies - during >= 15, "replies again after healing");
    }
}
