package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.mgmt.Json;
import io.vroom.ospf.NsmState;
import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not-so-stubby areas (RFC 3101) against FRR, both roles: vroom as the NSSA's ABR translating FRR's
 * type-7 LSA into a type-5 that another FRR in the backbone routes by; and vroom as an ASBR inside
 * an NSSA whose type-7 LSA FRR (the ABR) accepts, routes by and translates.
 */
class OspfInteropNssaTest {
    @TempDir
    Path dir;

    private static String frrP2p(String iface) {
        return """
                interface %s
                 ip ospf network point-to-point
                 ip ospf hello-interval 1
                 ip ospf dead-interval 3
                 ip ospf cost 10
                """.formatted(iface);
    }

    @Test
    void vroomAbrTranslatesFrrType7IntoTheBackbone() throws Exception {
        try (Netns net = new Netns()) {
            PeerLinks.peer(net, "vroomnsa", "vroomna0", "vroomna1", "10.9.60.2/24");
            PeerLinks.peer(net, "vroomnsb", "vroomnb0", "vroomnb1", "10.9.61.2/24");
            String frrA = "frr defaults traditional\nhostname vroomnsa\n" + frrP2p("vroomna1") + """
                    router ospf
                     ospf router-id 10.255.0.1
                     network 10.9.60.0/24 area 0
                    """;
            String frrB = "frr defaults traditional\nhostname vroomnsb\n" + frrP2p("vroomnb1") + """
                    router ospf
                     ospf router-id 10.255.0.3
                     redistribute static metric 30 metric-type 2
                     network 10.9.61.0/24 area 1
                     area 1 nssa
                    """;
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-nssa-abr
                    ports:
                      - {name: p0, type: eth, device: vroomna0, address: 10.9.60.1/24}
                      - {name: p1, type: eth, device: vroomnb0, address: 10.9.61.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.60.1/24, cost: 10}
                          - {name: eth1, port: p1, address: 10.9.61.1/24, cost: 10}
                        ospf:
                          areas:
                            - {id: 1, type: nssa}
                          interfaces:
                            - {name: eth0, area: 0, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: eth1, area: 1, network: point-to-point, hello-interval: 1, dead-interval: 3}
                    """);
                 Frr a = new Frr(net, "vroomnsa", dir.resolve("frr-a"), "ospfd", frrA);
                 Frr b = new Frr(net, "vroomnsb", dir.resolve("frr-b"), "ospfd", frrB, "ip route 198.51.100.0/24 Null0\n")) {
                Await.until("vroom Full with both FRRs (N bit agreed with FRR B)", 20_000, () -> {
                    Map<String, NsmState> n = vroom.neighbors();
                    return n.get("10.255.0.1") == NsmState.FULL && n.get("10.255.0.3") == NsmState.FULL ? n : null;
                });
                // vroom routes by FRR B's type-7 (forwarding address on the NSSA link, 10 away) ...
                Map<String, String> wantVroom = Map.of(
                        "10.9.60.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.61.0/24", "N 10 area 0.0.0.1 via direct",
                        "198.51.100.0/24", "N E2 10/30 tag 0 via 10.9.61.2");
                OspfInteropAreasTest.awaitTable("vroom's table", wantVroom, () -> VroomOspf.routeJsonView(vroom.showJson("route")));
                // ... and translates it: FRR A sees a type-5 from vroom and routes through vroom (cost to the forwarding address 20).
                Map<String, String> wantA = Map.of(
                        "10.9.60.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.61.0/24", "N IA 20 area 0.0.0.0 via 10.9.60.1",
                        "198.51.100.0/24", "N E2 20/30 tag 0 via 10.9.60.1");
                OspfInteropAreasTest.awaitTable("FRR A's table", wantA, () -> VroomOspf.routeJsonView(a.vtysh("show ip ospf route json")));
                Map<String, Object> ext = externalLsa(a, "198.51.100.0");
                assertEquals("10.255.0.10", ext.get("advertisingRouter"), ext.toString());
                assertEquals("10.9.61.2", ext.get("forwardAddress"), ext.toString());
                // FRR B, inside the NSSA, did not get vroom's translation (no type-5 enters an NSSA; FRR keeps an
                // unflooded type-5 of its own there, which is its business).
                String bExt = b.vtysh("show ip ospf database external");
                assertTrue(!bExt.contains("Advertising Router: 10.255.0.10") && !bExt.contains("Advertising Router: 10.255.0.1\n"), bExt);
                assertTrue(VroomOspf.isOspf(vroom.ribRoute("198.51.100.0/24")), vroom.ribRoute("198.51.100.0/24"));
                assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                assertEquals(Map.of(), vroom.unexpectedDrops("eth1"));
            }
        }
    }

    @Test
    void frrAbrAcceptsAndTranslatesVroomsType7() throws Exception {
        try (Netns net = new Netns()) {
            PeerLinks.peer(net, "vroomnsc", "vroomnc0", "vroomnc1", "10.9.62.2/24");
            PeerLinks.lan(net, "vroomnsc", "vroomncl", "10.9.63.1/24");
            String frr = "frr defaults traditional\nhostname vroomnsc\n" + frrP2p("vroomnc1") + """
                    interface vroomncl
                     ip ospf cost 10
                    router ospf
                     ospf router-id 10.255.0.1
                     passive-interface vroomncl
                     network 10.9.62.0/24 area 1
                     network 10.9.63.0/24 area 0
                     area 1 nssa
                    """;
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-nssa-asbr
                    ports:
                      - {name: p0, type: eth, device: vroomnc0, address: 10.9.62.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.62.1/24, cost: 10}
                          - {name: lan, address: 10.9.64.1/24, cost: 10}
                        static-routes:
                          - {prefix: 203.0.113.0/24, via: 10.9.64.2}
                        ospf:
                          areas:
                            - {id: 1, type: nssa}
                          interfaces:
                            - {name: eth0, area: 1, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: lan, area: 1, passive: true}
                          redistribute:
                            - {source: static, metric: 20, metric-type: 2}
                    """);
                 Frr c = new Frr(net, "vroomnsc", dir.resolve("frr-c"), "ospfd", frr)) {
                Await.until("vroom Full with FRR", 20_000, () -> vroom.allFull(1) ? Boolean.TRUE : null);
                // FRR routes by vroom's type-7: forwarding address = vroom's passive LAN address (10 + 10 away).
                Map<String, String> wantFrr = Map.of(
                        "10.9.62.0/24", "N 10 area 0.0.0.1 via direct",
                        "10.9.63.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.64.0/24", "N 20 area 0.0.0.1 via 10.9.62.1",
                        "203.0.113.0/24", "N E2 20/20 tag 0 via 10.9.62.1");
                OspfInteropAreasTest.awaitTable("FRR's table", wantFrr, () -> VroomOspf.routeJsonView(c.vtysh("show ip ospf route json")));
                String db = c.vtysh("show ip ospf database nssa-external 203.0.113.0");
                assertTrue(db.contains("Advertising Router: 10.255.0.10") && db.contains("Forward Address: 10.9.64.1"), db);
                // FRR, the NSSA's only ABR, translates it into a type-5 of its own.
                Map<String, Object> ext = Await.until("FRR's translated type-5", 20_000, () -> {
                    Map<String, Object> x = externalLsa(c, "203.0.113.0");
                    return x.isEmpty() ? null : x;
                });
                assertEquals("10.255.0.1", ext.get("advertisingRouter"), ext.toString());
                // vroom, inside the NSSA, learns the backbone's LAN as inter-area.
                Map<String, String> wantVroom = Map.of(
                        "10.9.62.0/24", "N 10 area 0.0.0.1 via direct",
                        "10.9.64.0/24", "N 10 area 0.0.0.1 via direct",
                        "10.9.63.0/24", "N IA 20 area 0.0.0.1 via 10.9.62.2",
                        // FRR's ABR also sends a type-3 default into the NSSA (its default cost 1).
                        "0.0.0.0/0", "N IA 11 area 0.0.0.1 via 10.9.62.2");
                OspfInteropAreasTest.awaitTable("vroom's table", wantVroom, () -> VroomOspf.routeJsonView(vroom.showJson("route")));
                assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
            }
        }
    }

    /** FRR's AS-external-LSA with this link state id (from `show ip ospf database external json`), or an empty map. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> externalLsa(Frr frr, String lsId) {
        Map<String, Object> all = (Map<String, Object>) Json.parse(frr.vtysh("show ip ospf database external json"));
        for (Object o : (List<Object>) all.getOrDefault("asExternalLinkStates", List.of())) {
            Map<String, Object> l = (Map<String, Object>) o;
            if (lsId.equals(l.get("linkStateId"))) return l;
        }
        return Map.of();
    }
}
