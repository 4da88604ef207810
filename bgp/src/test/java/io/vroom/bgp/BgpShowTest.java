package io.vroom.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code show summary / ipv4-unicast[;after;limit] / ipv4-unicast:PREFIX} of two simulated speakers, in FRR's field names. */
class BgpShowTest {
    static final String A = """
            local-as: 65001
            networks: ["10.1.0.0/24 med=5 community=65001:1 large-community=65001:2:3 as-path=64600"]
            neighbors:
              - {address: 10.0.0.2, remote-as: 65002}
            """;
    static final String B = """
            local-as: 65002
            networks: ["10.2.0.0/24", "10.2.1.0/24", "10.2.2.0/24", "10.2.3.0/24", "10.2.4.0/24"]
            neighbors:
              - {address: 10.0.0.1, remote-as: 65001, passive: true}
            """;

    @Test
    @SuppressWarnings("unchecked")
    void viewsInFrrFieldsAndTheTableInPages() {
        BgpSimPair n = new BgpSimPair(3, A, B);
        n.runSeconds(5);
        BgpProtocol a = BgpSimPair.bgp(n.a);
        long now = n.sim.nowNs();

        Map<String, Object> s = (Map<String, Object>) a.show(now, "summary");
        Map<String, Object> nb = (Map<String, Object>) ((List<Object>) s.get("neighbors")).get(0);
        assertEquals("Established", nb.get("bgpState"));
        assertEquals(5, nb.get("prefixesReceived"));
        assertEquals(1, nb.get("prefixesSent"));
        long up = (Long) nb.get("upDownMs");
        assertTrue(up >= 0 && up < 5000, "up for less than the 5 s run: " + up);
        assertEquals(-1L, ((Map<String, Object>) ((List<Object>) ((Map<String, Object>) a.show("summary")).get("neighbors")).get(0)).get("upDownMs"),
                "no clock: no age");

        // Pages of 2: 10.1.0.0/24 (ours), then B's five, in prefix order, each page naming the next cursor.
        List<String> all = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            Map<String, Object> page = (Map<String, Object>) a.show(now, "ipv4-unicast;limit=2" + (after == null ? "" : ";after=" + after));
            assertEquals(6, page.get("totalPrefixes"));
            all.addAll(((Map<String, Object>) page.get("routes")).keySet());
            pages++;
            after = (String) page.get("next");
            if (after == null) break;
        }
        assertEquals(List.of("10.1.0.0/24", "10.2.0.0/24", "10.2.1.0/24", "10.2.2.0/24", "10.2.3.0/24", "10.2.4.0/24"), all);
        assertEquals(4, pages, "three full pages, then an empty last one");

        Map<String, Object> page = (Map<String, Object>) a.show(now, "ipv4-unicast");
        Map<String, Object> own = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) page.get("routes")).get("10.1.0.0/24")).get(0);
        assertEquals(true, own.get("bestpath"));
        assertEquals("64600", own.get("path"));
        assertEquals(5L, own.get("metric"));
        assertEquals(32768, own.get("weight"));
        assertEquals("(unspec)", own.get("peerId"));
        Map<String, Object> learned = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) page.get("routes")).get("10.2.3.0/24")).get(0);
        assertEquals("65002", learned.get("path"));
        assertEquals("external", learned.get("pathFrom"));
        assertEquals("10.0.0.2", learned.get("peerId"));
        assertEquals("10.0.0.2", ((Map<String, Object>) ((List<Object>) learned.get("nexthops")).get(0)).get("ip"));
        assertNull(learned.get("metric"), "no MED sent, none shown");

        // One prefix, FRR's detail fields; an address finds its longest match; a prefix not in the table is {}.
        Map<String, Object> d = (Map<String, Object>) a.show(now, "ipv4-unicast:10.1.0.0/24");
        assertEquals(List.of("10.0.0.2"), d.get("advertisedTo"));
        Map<String, Object> p = (Map<String, Object>) ((List<Object>) d.get("paths")).get(0);
        assertEquals("65001:1", ((Map<String, Object>) p.get("community")).get("string"));
        assertEquals("65001:2:3", ((Map<String, Object>) p.get("largeCommunity")).get("string"));
        assertEquals(Map.of("overall", true), p.get("bestpath"));
        Map<String, Object> atB = (Map<String, Object>) BgpSimPair.bgp(n.b).show(now, "ipv4-unicast:10.1.0.77");
        assertEquals("10.1.0.0/24", atB.get("prefix"));
        Map<String, Object> pb = (Map<String, Object>) ((List<Object>) atB.get("paths")).get(0);
        assertEquals("65001 64600", ((Map<String, Object>) pb.get("aspath")).get("string"));
        assertEquals(Map.of("peerId", "10.0.0.1", "routerId", "10.0.0.1", "type", "external").keySet(), ((Map<String, Object>) pb.get("peer")).keySet());
        assertEquals(Map.of(), a.show(now, "ipv4-unicast:192.0.2.0/24"));
        assertTrue(((Map<String, Object>) a.show(now, "ipv4-unicast;limit=x")).containsKey("error"));
        assertNull(a.show(now, "nonsense"));
    }
}
