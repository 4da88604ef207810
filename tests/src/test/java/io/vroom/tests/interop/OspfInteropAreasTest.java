package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.ospf.NsmState;
import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several areas and AS-external routes against FRR: vroom is the ABR between area 0 (FRR "A" and
 * vroom's own LAN) and area 1 (FRR "B"), and an ASBR (a static route redistributed as E1, metric
 * 20); FRR B redistributes a static route as E2, metric 30. Each FRR sees the other area's networks
 * as inter-area routes through vroom's summary-LSAs, FRR A reaches B's external through vroom's
 * ASBR-summary-LSA, and every router's table has the costs RFC 2328 §16 gives.
 */
class OspfInteropAreasTest {
    @TempDir
    Path dir;

    private static String frrConf(String host, String iface, String lan, String net, String lanNet, String rid, int area, String extra) {
        return """
                frr defaults traditional
                hostname %s
                interface %s
                 ip ospf network point-to-point
                 ip ospf hello-interval 1
                 ip ospf dead-interval 3
                 ip ospf cost 10
                interface %s
                 ip ospf cost 10
                router ospf
                 ospf router-id %s
                 passive-interface %s
                 network %s area %d
                 network %s area %d
                %s""".formatted(host, iface, lan, rid, lan, net, area, lanNet, area, extra);
    }

    @Test
    void vroomAsAbrAndAsbrBetweenTwoFrrAreas() throws Exception {
        try (Netns net = new Netns()) {
            PeerLinks.peer(net, "vroomara", "vroomaa0", "vroomaa1", "10.9.50.2/24");
            PeerLinks.lan(net, "vroomara", "vroomaal", "10.9.52.1/24");
            PeerLinks.peer(net, "vroomarb", "vroomab0", "vroomab1", "10.9.51.2/24");
            PeerLinks.lan(net, "vroomarb", "vroomabl", "10.9.53.1/24");
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-areas
                    ports:
                      - {name: p0, type: eth, device: vroomaa0, address: 10.9.50.1/24}
                      - {name: p1, type: eth, device: vroomab0, address: 10.9.51.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.50.1/24, cost: 10}
                          - {name: eth1, port: p1, address: 10.9.51.1/24, cost: 10}
                          - {name: lan, address: 10.9.54.1/24, cost: 10}
                        static-routes:
                          - {prefix: 203.0.113.0/24, via: 10.9.54.2}
                        ospf:
                          interfaces:
                            - {name: eth0, area: 0, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: eth1, area: 1, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: lan, area: 0, passive: true}
                          redistribute:
                            - {source: static, metric: 20, metric-type: 1}
                    """);
                 Frr a = new Frr(net, "vroomara", dir.resolve("frr-a"), "ospfd",
                         frrConf("vroomara", "vroomaa1", "vroomaal", "10.9.50.0/24", "10.9.52.0/24", "10.255.0.1", 0, ""));
                 Frr b = new Frr(net, "vroomarb", dir.resolve("frr-b"), "ospfd",
                         frrConf("vroomarb", "vroomab1", "vroomabl", "10.9.51.0/24", "10.9.53.0/24", "10.255.0.3", 1,
                                 " redistribute static metric 30 metric-type 2\n"),
                         "ip route 198.51.100.0/24 Null0\n")) {
                Await.until("vroom Full with both FRRs", 20_000, () -> {
                    Map<String, NsmState> n = vroom.neighbors();
                    return n.get("10.255.0.1") == NsmState.FULL && n.get("10.255.0.3") == NsmState.FULL ? n : null;
                });
                Map<String, String> wantA = Map.of(
                        "10.9.50.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.52.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.54.0/24", "N 20 area 0.0.0.0 via 10.9.50.1",
                        "10.9.51.0/24", "N IA 20 area 0.0.0.0 via 10.9.50.1",
                        "10.9.53.0/24", "N IA 30 area 0.0.0.0 via 10.9.50.1",
                        "198.51.100.0/24", "N E2 20/30 tag 0 via 10.9.50.1",
                        "203.0.113.0/24", "N E1 30 tag 0 via 10.9.50.1");
                Map<String, String> wantB = Map.of(
                        "10.9.51.0/24", "N 10 area 0.0.0.1 via direct",
                        "10.9.53.0/24", "N 10 area 0.0.0.1 via direct",
                        "10.9.50.0/24", "N IA 20 area 0.0.0.1 via 10.9.51.1",
                        "10.9.54.0/24", "N IA 20 area 0.0.0.1 via 10.9.51.1",
                        "10.9.52.0/24", "N IA 30 area 0.0.0.1 via 10.9.51.1",
                        "203.0.113.0/24", "N E1 30 tag 0 via 10.9.51.1");
                Map<String, String> wantVroom = Map.of(
                        "10.9.50.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.54.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.51.0/24", "N 10 area 0.0.0.1 via direct",
                        "10.9.52.0/24", "N 20 area 0.0.0.0 via 10.9.50.2",
                        "10.9.53.0/24", "N 20 area 0.0.0.1 via 10.9.51.2",
                        "198.51.100.0/24", "N E2 10/30 tag 0 via 10.9.51.2");
                awaitTable("FRR A's table", wantA, () -> VroomOspf.routeJsonView(a.vtysh("show ip ospf route json")));
                awaitTable("FRR B's table", wantB, () -> VroomOspf.routeJsonView(b.vtysh("show ip ospf route json")));
                awaitTable("vroom's table", wantVroom, () -> VroomOspf.routeJsonView(vroom.showJson("route")));
                // FRR's external LSA entered vroom's RIB; vroom's summaries and ASBR-summary are in FRR A's database.
                assertTrue(VroomOspf.isOspf(vroom.ribRoute("198.51.100.0/24")), vroom.ribRoute("198.51.100.0/24"));
                String dbA = a.vtysh("show ip ospf database");
                assertTrue(dbA.contains("ASBR-Summary Link States (Area 0.0.0.0)"), dbA);
                assertTrue(java.util.regex.Pattern.compile("(?m)^10\\.255\\.0\\.3 +10\\.255\\.0\\.10 ").matcher(dbA).find(), dbA);
                assertTrue(java.util.regex.Pattern.compile("(?m)^10\\.9\\.53\\.0 +10\\.255\\.0\\.10 .* 10\\.9\\.53\\.0/24$").matcher(dbA).find(), dbA);
                assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                assertEquals(Map.of(), vroom.unexpectedDrops("eth1"));
            }
        }
    }

    /**
     * vroom as the ABR of a totally stubby area 1 with an address range over it: FRR A in the backbone
     * sees area 1 as one summary at the costlier component's cost; FRR B, a plain stub-area router,
     * gets only vroom's default summary.
     */
    @Test
    void vroomAbrRangeAndTotallyStubbyAreaAsFrrSeesThem() throws Exception {
        try (Netns net = new Netns()) {
            PeerLinks.peer(net, "vroomarc", "vroomac0", "vroomac1", "10.9.50.2/24");
            PeerLinks.lan(net, "vroomarc", "vroomacl", "10.9.52.1/24");
            PeerLinks.peer(net, "vroomard", "vroomad0", "vroomad1", "10.9.51.2/24");
            PeerLinks.lan(net, "vroomard", "vroomadl", "10.9.53.1/24");
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-range
                    ports:
                      - {name: p0, type: eth, device: vroomac0, address: 10.9.50.1/24}
                      - {name: p1, type: eth, device: vroomad0, address: 10.9.51.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.50.1/24, cost: 10}
                          - {name: eth1, port: p1, address: 10.9.51.1/24, cost: 10}
                          - {name: lan, address: 10.9.54.1/24, cost: 10}
                        ospf:
                          areas:
                            - {id: 1, type: stub, no-summary: true, default-cost: 1, ranges: [{prefix: 10.9.48.0/20}]}
                          interfaces:
                            - {name: eth0, area: 0, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: eth1, area: 1, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: lan, area: 0, passive: true}
                    """);
                 Frr a = new Frr(net, "vroomarc", dir.resolve("frr-a"), "ospfd",
                         frrConf("vroomarc", "vroomac1", "vroomacl", "10.9.50.0/24", "10.9.52.0/24", "10.255.0.1", 0, ""));
                 Frr b = new Frr(net, "vroomard", dir.resolve("frr-b"), "ospfd",
                         frrConf("vroomard", "vroomad1", "vroomadl", "10.9.51.0/24", "10.9.53.0/24", "10.255.0.3", 1, " area 1 stub\n"))) {
                Await.until("vroom Full with both FRRs", 20_000, () -> {
                    Map<String, NsmState> n = vroom.neighbors();
                    return n.get("10.255.0.1") == NsmState.FULL && n.get("10.255.0.3") == NsmState.FULL ? n : null;
                });
                awaitTable("FRR A's table", Map.of(
                        "10.9.50.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.52.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.54.0/24", "N 20 area 0.0.0.0 via 10.9.50.1",
                        "10.9.48.0/20", "N IA 30 area 0.0.0.0 via 10.9.50.1"), () -> VroomOspf.routeJsonView(a.vtysh("show ip ospf route json")));
                awaitTable("FRR B's table", Map.of(
                        "10.9.51.0/24", "N 10 area 0.0.0.1 via direct",
                        "10.9.53.0/24", "N 10 area 0.0.0.1 via direct",
                        "0.0.0.0/0", "N IA 11 area 0.0.0.1 via 10.9.51.1"), () -> VroomOspf.routeJsonView(b.vtysh("show ip ospf route json")));
                assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                assertEquals(Map.of(), vroom.unexpectedDrops("eth1"));
            }
        }
    }

    /** Waits until a route table (router entries left out) is exactly {@code want}; on timeout, fails showing the last one. */
    static void awaitTable(String what, Map<String, String> want, java.util.function.Supplier<Map<String, String>> table) {
        @SuppressWarnings("unchecked")
        Map<String, String>[] last = new Map[1];
        try {
            Await.until(what, 30_000, () -> {
                Map<String, String> t = table.get();
                t.keySet().removeIf(k -> !k.contains("/"));
                last[0] = t;
                return t.equals(want) ? t : null;
            });
        } catch (AssertionError e) {
            assertEquals(want, last[0], what + " (timed out)");
        }
    }
}
