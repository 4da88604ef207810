package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.core.net.Ip4;
import org.junit.jupiter.api.Test;

/**
 * The next-hop index in {@link AttrTable}: BgpProtocol re-runs the decision on a change of the VR's
 * route for a prefix only if some live attribute set has its NEXT_HOP inside (it used to walk the
 * whole Loc-RIB for every OSPF/static/connected change).
 */
class NextHopIndexTest {
    private static PathAttributes via(String nextHop, long... path) {
        return BgpDecisionTest.a(-1, -1, path).toBuilder().nextHop(Ip4.parse(nextHop)).build();
    }

    @Test
    void answersWhetherANextHopFallsInAPrefixAndForgetsReleasedSets() {
        AttrTable t = new AttrTable(100);
        int a = t.intern(via("10.0.0.1", 1));
        int b = t.intern(via("10.0.0.1", 2));
        int c = t.intern(via("192.0.2.77", 3));
        assertEquals(2, t.nextHopCount());
        assertTrue(t.usesNextHopIn(Ip4.parse("10.0.0.0"), 24));
        assertTrue(t.usesNextHopIn(Ip4.parse("10.0.0.1"), 32));
        assertFalse(t.usesNextHopIn(Ip4.parse("10.0.0.2"), 32));
        assertFalse(t.usesNextHopIn(Ip4.parse("10.0.1.0"), 24));
        assertTrue(t.usesNextHopIn(Ip4.parse("192.0.2.64"), 26));
        assertTrue(t.usesNextHopIn(0, 0), "the default route covers every next hop");
        t.release(a);
        assertTrue(t.usesNextHopIn(Ip4.parse("10.0.0.0"), 24), "still used by another set");
        t.release(b);
        assertFalse(t.usesNextHopIn(Ip4.parse("10.0.0.0"), 8), "no set left with that next hop");
        t.retain(c);
        t.release(c);
        assertTrue(t.usesNextHopIn(Ip4.parse("192.0.2.77"), 32), "a set with references left stays");
        t.release(c);
        assertFalse(t.usesNextHopIn(0, 0));
        assertEquals(0, t.nextHopCount());
    }

    @Test
    void highAddressesCompareUnsigned() {
        AttrTable t = new AttrTable(10);
        t.intern(via("203.0.113.9", 1));
        assertTrue(t.usesNextHopIn(Ip4.parse("128.0.0.0"), 1));
        assertFalse(t.usesNextHopIn(0, 1));
    }
}
