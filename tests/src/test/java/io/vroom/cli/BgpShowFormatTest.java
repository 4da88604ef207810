package io.vroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.mgmt.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code show bgp ...} text laid out like FRR 8.4's vtysh: the goldens are lines FRR printed for the
 * same data (its JSON fed to our renderer gives its own text), and the CLI's page-by-page listing.
 */
class BgpShowFormatTest {
    /** FRR 8.4's {@code show bgp ipv4 unicast json}, as it printed it for a network with a route-map. */
    static final String FRR_TABLE_JSON = """
            {"vrfId": 0, "vrfName": "default", "tableVersion": 1, "routerId": "10.255.0.2", "defaultLocPrf": 100, "localAS": 65002,
             "routes": { "10.9.31.0/24": [{"valid":true,"bestpath":true,"selectionReason":"First path received","pathFrom":"external",
             "prefix":"10.9.31.0","prefixLen":24,"network":"10.9.31.0/24","version":1,"metric":5,"weight":32768,"peerId":"(unspec)",
             "path":"64512 64513","origin":"IGP","nexthops":[{"ip":"0.0.0.0","hostname":"frrx","afi":"ipv4","used":true}]}] } }
            """;

    @Test
    void frrsJsonRendersAsFrrsText() {
        Map<?, ?> page = (Map<?, ?>) Json.parse(FRR_TABLE_JSON);
        String text = BgpShowFormat.table(page);
        // What FRR printed for the same table:
        assertTrue(text.startsWith("BGP table version is 0, local router ID is 10.255.0.2, vrf id 0\nDefault local pref 100, local AS 65002\n"), text);
        assertTrue(text.contains("\n   Network          Next Hop            Metric LocPrf Weight Path\n"
                + "*> 10.9.31.0/24     0.0.0.0                  5         32768 64512 64513 i\n"), text);
        assertTrue(text.endsWith("\nDisplayed  1 routes and 1 total paths\n"), text);
        assertEquals("No BGP prefixes displayed, 0 exist\n", BgpShowFormat.table(Map.of("routes", Map.of())));
    }

    @Test
    void summaryColumnsAreFrrs() {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("neighbor", "10.9.20.1");
        n.put("remoteAs", 65001L);
        n.put("bgpState", "Connect");
        n.put("messagesIn", 0L);
        n.put("messagesOut", 0L);
        n.put("upDownMs", -1L);
        Map<String, Object> s = new LinkedHashMap<>(Map.of("routerId", "10.255.0.2", "localAs", 65002L, "locRibPrefixes", 0, "attributeSets", 0,
                "treatAsWithdraw", 0L, "attributeDiscard", 0L));
        s.put("neighbors", List.of(n));
        String text = BgpShowFormat.summary(s);
        // FRR's lines for a peer it was still connecting to:
        assertTrue(text.contains("BGP router identifier 10.255.0.2, local AS number 65002 vrf-id 0\n"), text);
        assertTrue(text.contains("\nNeighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc\n"
                + "10.9.20.1       4      65001         0         0        0    0    0    never      Connect        0 N/A\n"), text);
        n.put("bgpState", "Established");
        n.put("prefixesReceived", 2L);
        n.put("prefixesSent", 3L);
        n.put("messagesIn", 7L);
        n.put("messagesOut", 7L);
        n.put("upDownMs", 3_500L);
        assertTrue(BgpShowFormat.summary(s).contains(
                "10.9.20.1       4      65001         7         7        0    0    0 00:00:03            2        3 N/A\n"));
        assertEquals("1d02h03m", BgpShowFormat.upDown(((24 + 2) * 3600 + 3 * 60) * 1000L));
        assertEquals("02w1d05h", BgpShowFormat.upDown(((15 * 24) + 5) * 3600 * 1000L));
    }

    @Test
    void detailReadsLikeFrrs() {
        Map<String, Object> d = (Map<String, Object>) Json.parse("""
                {"prefix":"10.9.31.0/24","advertisedTo":["10.9.20.1"],"paths":[{"aspath":{"string":"64512 64513","length":2},"origin":"IGP",
                 "metric":5,"weight":32768,"valid":true,"sourced":true,"local":true,"bestpath":{"overall":true},
                 "community":{"string":"65002:1 65002:2","list":["65002:1","65002:2"]},"largeCommunity":{"string":"65002:1:1","list":["65002:1:1"]},
                 "nexthops":[{"ip":"0.0.0.0","afi":"ipv4","accessible":true,"used":true}],"peer":{"peerId":"0.0.0.0","routerId":"10.255.0.2"}}]}
                """);
        String text = BgpShowFormat.detail(d, "10.9.31.0/24");
        assertTrue(text.startsWith("BGP routing table entry for 10.9.31.0/24\nPaths: (1 available, best #1, table default)\n"
                + "  Advertised to non peer-group peers:\n  10.9.20.1\n  64512 64513\n    0.0.0.0 from 0.0.0.0 (10.255.0.2)\n"
                + "      Origin IGP, metric 5, weight 32768, valid, sourced, local, best\n"
                + "      Community: 65002:1 65002:2\n      Large Community: 65002:1:1\n"), text);
        assertEquals("% Network not in table\n", BgpShowFormat.detail(Map.of(), "192.0.2.0/24"));
    }

    /** Five routes in pages of two: text has one header and every row; --json is one object holding every route. */
    @Test
    void theTableIsListedPageByPage() throws Exception {
        List<String> prefixes = List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24");
        List<String> asked = new ArrayList<>();
        BgpShowCommand.Source api = path -> {
            asked.add(path);
            int from = path.contains("after=") ? prefixes.indexOf(path.substring(path.indexOf("after=") + 6)) + 1 : 0;
            Map<String, Object> page = new LinkedHashMap<>(Map.of("routerId", "10.255.0.1"));
            page.put("defaultLocPrf", 100);
            page.put("localAS", 65001);
            Map<String, Object> routes = new LinkedHashMap<>();
            for (int i = from; i < Math.min(from + 2, prefixes.size()); i++) {
                routes.put(prefixes.get(i), List.of(Map.of("valid", true, "bestpath", true, "pathFrom", "external", "weight", 0, "path", "65002",
                        "origin", "IGP", "nexthops", List.of(Map.of("ip", "10.9.20.2")))));
            }
            page.put("routes", routes);
            if (from + 2 < prefixes.size()) page.put("next", prefixes.get(from + 1));
            return page;
        };
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        BgpShowCommand.run(api, "vr1", List.of("bgp", "ipv4", "unicast"), false, new PrintStream(text, true, StandardCharsets.UTF_8));
        String t = text.toString(StandardCharsets.UTF_8);
        assertEquals(3, asked.size(), asked.toString());
        assertEquals(1, t.split("Network          Next Hop", -1).length - 1, t);
        for (String p : prefixes) assertTrue(t.contains("*> " + p + "      10.9.20.2" + " ".repeat(30) + "0 65002 i\n"), t);
        assertTrue(t.endsWith("Displayed  5 routes and 5 total paths\n"), t);

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        BgpShowCommand.run(api, "vr1", List.of("bgp", "ipv4", "unicast"), true, new PrintStream(json, true, StandardCharsets.UTF_8));
        Map<?, ?> all = (Map<?, ?>) Json.parse(json.toString(StandardCharsets.UTF_8));
        assertEquals(prefixes, List.copyOf(((Map<?, ?>) all.get("routes")).keySet()));
        assertEquals(65001L, all.get("localAS"));
    }
}
