package io.vroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.mgmt.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `vroom show ip ospf ...` without --json: the text has FRR's headings, columns and words, rendered
 * from known answers of the OSPF protocol's show() (as they arrive over the control API, i.e.
 * parsed JSON). Expected rows were laid out after FRR 8.4's vtysh output.
 */
class OspfShowTextTest {
    private static String text(String what, String json) {
        return ShowFormat.text(List.of("ip", "ospf", what), Json.parse(json));
    }

    private static String line(String text, String startsWith) {
        for (String l : text.split("\n")) if (l.startsWith(startsWith)) return l;
        throw new AssertionError("no line starting with '" + startsWith + "' in\n" + text);
    }

    @Test
    void neighborTableHasFrrColumns() {
        String t = text("neighbor", """
                {"neighbors": {"10.255.9.2": [{"priority": 1, "state": "Full/DR", "converged": "Full", "role": "DR",
                 "upTimeInMsec": 62082, "deadTimeMsecs": 2920, "address": "10.77.0.2", "ifaceAddress": "10.77.0.2",
                 "ifaceName": "eth0:10.77.0.1", "retransmitCounter": 1, "requestCounter": 0, "dbSummaryCounter": 0}]}}""");
        assertEquals("Neighbor ID     Pri State           Up Time         Dead Time Address         Interface"
                + "                        RXmtL RqstL DBsmL", line(t, "Neighbor ID"));
        assertEquals("10.255.9.2        1 Full/DR         1m02s              2.920s 10.77.0.2       eth0:10.77.0.1"
                + "                       1     0     0", line(t, "10.255.9.2"));
    }

    @Test
    void interfaceBlockReadsLikeFrr() {
        String t = text("interface", """
                {"interfaces": {"eth0": {"ifUp": true, "ipAddress": "10.77.0.1", "ipAddressPrefixlen": 24, "area": "0.0.0.0",
                 "routerId": "10.255.9.1", "networkType": "BROADCAST", "cost": 10, "state": "Backup", "priority": 1,
                 "passive": false, "mtuBytes": 1500, "drId": "10.255.9.2", "drAddress": "10.77.0.2", "bdrId": "10.255.9.1",
                 "bdrAddress": "10.77.0.1", "timerMsecs": 1000, "timerDeadSecs": 3, "timerWaitSecs": 3, "timerRetransmitSecs": 5,
                 "transmitDelaySecs": 1, "timerHelloInMsecs": 810, "authentication": "md5", "nbrCount": 1, "nbrAdjacentCount": 1}}}""");
        assertEquals("eth0 is up", line(t, "eth0"));
        assertEquals("  Internet Address 10.77.0.1/24, Area 0.0.0.0", line(t, "  Internet"));
        assertEquals("  Router ID 10.255.9.1, Network Type BROADCAST, Cost: 10", line(t, "  Router ID"));
        assertEquals("  Transmit Delay is 1 sec, State Backup, Priority 1", line(t, "  Transmit"));
        assertEquals("  Designated Router (ID) 10.255.9.2 Interface Address 10.77.0.2/24", line(t, "  Designated"));
        assertEquals("  Backup Designated Router (ID) 10.255.9.1, Interface Address 10.77.0.1", line(t, "  Backup"));
        assertEquals("  Timer intervals configured, Hello 1s, Dead 3s, Wait 3s, Retransmit 5", line(t, "  Timer"));
        assertEquals("    Hello due in 0.810s", line(t, "    Hello"));
        assertEquals("  Neighbor Count is 1, Adjacent neighbor count is 1", line(t, "  Neighbor Count"));
    }

    @Test
    void databaseTablesPerAreaAndType() {
        String t = text("database", """
                {"routerId": "10.255.9.1", "areas": {"0.0.0.0": {
                  "routerLinkStates": [{"lsaType": 1, "lsId": "10.255.9.1", "advertisedRouter": "10.255.9.1", "lsaAge": 9,
                    "sequenceNumber": "80000004", "checksum": "c1a9", "length": 36, "numOfRouterLinks": 1}],
                  "routerLinkStatesCount": 1,
                  "summaryLinkStates": [{"lsaType": 3, "lsId": "10.78.0.0", "advertisedRouter": "10.255.9.2", "lsaAge": 12,
                    "sequenceNumber": "80000001", "checksum": "fbe9", "length": 28, "summaryAddress": "10.78.0.0/24", "metric": 10}],
                  "summaryLinkStatesCount": 1}},
                 "asExternalLinkStates": [{"lsaType": 5, "lsId": "198.51.100.0", "advertisedRouter": "10.255.9.2", "lsaAge": 5,
                    "sequenceNumber": "80000001", "checksum": "9ba5", "length": 36, "metricType": "E2", "route": "198.51.100.0/24",
                    "metric": 30, "forwardAddress": "0.0.0.0", "tag": 0}],
                 "asExternalLinkStatesCount": 1}""");
        assertEquals("       OSPF Router with ID (10.255.9.1)", line(t, "       OSPF"));
        assertTrue(t.contains("                Router Link States (Area 0.0.0.0)\n\n"
                + "Link ID         ADV Router      Age  Seq#       CkSum  Link count\n"
                + "10.255.9.1      10.255.9.1         9 0x80000004 0xc1a9  1\n"), t);
        assertTrue(t.contains("                Summary Link States (Area 0.0.0.0)\n\n"
                + "Link ID         ADV Router      Age  Seq#       CkSum  Route\n"
                + "10.78.0.0       10.255.9.2        12 0x80000001 0xfbe9  10.78.0.0/24\n"), t);
        assertTrue(t.contains("                AS External Link States\n\n"
                + "Link ID         ADV Router      Age  Seq#       CkSum  Route\n"
                + "198.51.100.0    10.255.9.2         5 0x80000001 0x9ba5  E2 198.51.100.0/24 [0x0]\n"), t);
        assertTrue(!t.contains("Net Link States"), "no empty tables");
    }

    @Test
    void routeTableHasFrrSections() {
        String t = text("route", """
                {"10.77.0.0/24": {"routeType": "N", "cost": 10, "area": "0.0.0.0",
                   "nexthops": [{"ip": " ", "directlyAttachedTo": "eth0"}]},
                 "10.78.0.0/24": {"routeType": "N IA", "cost": 20, "area": "0.0.0.0", "nexthops": [{"ip": "10.77.0.2", "via": "eth0"}]},
                 "198.51.100.0/24": {"routeType": "N E2", "cost": 10, "type2cost": 30, "tag": 0,
                   "nexthops": [{"ip": "10.77.0.2", "via": "eth0"}]},
                 "10.255.9.2": {"routeType": "R ", "cost": 10, "area": "0.0.0.0", "routerType": "abr asbr",
                   "nexthops": [{"ip": "10.77.0.2", "via": "eth0"}]}}""");
        assertEquals("""
                ============ OSPF network routing table ============
                N    10.77.0.0/24          [10] area: 0.0.0.0
                                           directly attached to eth0
                N IA 10.78.0.0/24          [20] area: 0.0.0.0
                                           via 10.77.0.2, eth0

                ============ OSPF router routing table =============
                R    10.255.9.2            [10] area: 0.0.0.0, ABR, ASBR
                                           via 10.77.0.2, eth0

                ============ OSPF external routing table ===========
                N E2 198.51.100.0/24       [10/30] tag: 0
                                           via 10.77.0.2, eth0

                """, t);
    }

    @Test
    void durationsInFrrShortForm() {
        assertEquals("9.082s", OspfShowText.duration(9082));
        assertEquals("1m02s", OspfShowText.duration(62_500));
        assertEquals("3h04m05s", OspfShowText.duration((3 * 3600 + 4 * 60 + 5) * 1000L));
        assertEquals("2d03h04m", OspfShowText.duration((2 * 86400 + 3 * 3600 + 4 * 60) * 1000L));
    }

    @Test
    void garbageNeverThrows() {
        for (String what : List.of("neighbor", "interface", "database", "route")) {
            ShowFormat.text(List.of("ip", "ospf", what), Json.parse("{\"neighbors\": 3, \"interfaces\": [1], \"areas\": {\"x\": 1}, \"a\": 1}"));
            ShowFormat.text(List.of("ip", "ospf", what), List.of());
        }
    }
}
