package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 item 4: a vroom VR and FRR's ospfd on a point-to-point veth (vroom's end an Ethernet port
 * in the root namespace, FRR's in a namespace), 1 s hellos / 3 s dead. Both reach Full, each has
 * the other's router-LSA, and both compute the same routes (cost and next hop) for the link and
 * for each side's passive LAN.
 */
class OspfInteropFrrTest {
    @TempDir
    Path dir;

    @Test
    void pointToPointAdjacencyWithFrrExchangesTheLsdbAndAgreesOnRoutes() throws Exception {
        try (Netns net = new Netns()) {
            PeerLinks.peer(net, "vroomofrr", "vroomof0", "vroomof1", "10.9.10.2/24");
            PeerLinks.lan(net, "vroomofrr", "vroomofl0", "10.9.12.1/24");
            String frrConf = """
                    frr defaults traditional
                    hostname vroomofrr
                    interface vroomof1
                     ip ospf network point-to-point
                     ip ospf hello-interval 1
                     ip ospf dead-interval 3
                     ip ospf cost 10
                    interface vroomofl0
                     ip ospf cost 10
                    router ospf
                     ospf router-id 10.255.0.1
                     passive-interface vroomofl0
                     network 10.9.10.0/24 area 0
                     network 10.9.12.0/24 area 0
                    """;
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-frr
                    ports:
                      - {name: p0, type: eth, device: vroomof0, address: 10.9.10.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.10.1/24, cost: 10}
                          - {name: lan, address: 10.9.11.1/24, cost: 10}
                        ospf:
                          interfaces:
                            - {name: eth0, area: 0, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: lan, area: 0, passive: true}
                    """);
                 Frr frr = new Frr(net, "vroomofrr", dir.resolve("frr"), "ospfd", frrConf)) {
                Await.until("vroom Full with FRR", 20_000, () -> vroom.allFull(1) ? Boolean.TRUE : null);
                Await.until("FRR Full with vroom", 20_000,
                        () -> frr.vtysh("show ip ospf neighbor").contains("Full") ? Boolean.TRUE : null);

                // LSDB exchanged: each side holds both router-LSAs.
                Await.until("vroom holds FRR's router-LSA", 20_000,
                        () -> vroom.lsdb().containsAll(List.of("1/10.255.0.1/10.255.0.1", "1/10.255.0.10/10.255.0.10")) ? Boolean.TRUE : null);
                String db = frr.vtysh("show ip ospf database router 10.255.0.10");
                assertTrue(db.contains("Advertising Router: 10.255.0.10"), db);

                // Routes: the three networks, same cost, next hops pointing at each other.
                Map<String, String> frrRoutes = Await.until("FRR's routes to vroom's LAN", 20_000, () -> {
                    Map<String, String> r = VroomOspf.frrRoutes(frr.vtysh("show ip ospf route json"));
                    return r.containsKey("10.9.11.0/24") ? r : null;
                });
                Map<String, String> vroomRoutes = Await.until("vroom's route to FRR's LAN", 20_000, () -> {
                    Map<String, String> r = vroom.ospfRoutes();
                    return r.containsKey("10.9.12.0/24") ? r : null;
                });
                // Each side's table is the other's seen across the link: the far LAN costs the link's 10 more, via the peer.
                assertEquals(Map.of("10.9.10.0/24", "10 via direct", "10.9.12.0/24", "10 via direct", "10.9.11.0/24", "20 via 10.9.10.1"),
                        frrRoutes, "FRR");
                assertEquals(Map.of("10.9.10.0/24", "10 via direct", "10.9.11.0/24", "10 via direct", "10.9.12.0/24", "20 via 10.9.10.2"),
                        vroomRoutes, "vroom");
                // Every packet the peer sent passed vroom's receive checks (§8.2, §13), and no adjacency flapped.
                assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                // `vroom show ip ospf route --json` (the control API) says what FRR's `show ip ospf route json` says.
                // Same vocabulary (route types, fields of each entry and next hop), and each side's table as the other's mirror.
                String frrJson = frr.vtysh("show ip ospf route json"), vroomJson = vroom.showJson("route");
                assertEquals(VroomOspf.routeJsonFields(frrJson), VroomOspf.routeJsonFields(vroomJson));
                assertEquals(Map.of("10.9.10.0/24", "N 10 area 0.0.0.0 via direct", "10.9.12.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.11.0/24", "N 20 area 0.0.0.0 via 10.9.10.1"), VroomOspf.routeJsonView(frrJson), "FRR json");
                assertEquals(Map.of("10.9.10.0/24", "N 10 area 0.0.0.0 via direct", "10.9.11.0/24", "N 10 area 0.0.0.0 via direct",
                        "10.9.12.0/24", "N 20 area 0.0.0.0 via 10.9.10.2"), VroomOspf.routeJsonView(vroomJson), "vroom json");
                // `vroom show ip ospf neighbor|route` (text) reads like FRR's vtysh: the same column header, section
                // titles and row layout.
                String vroomNbr = vroom.cli("ip", "ospf", "neighbor"), frrNbr = frr.vtysh("show ip ospf neighbor");
                assertEquals(line(frrNbr, "Neighbor ID"), line(vroomNbr, "Neighbor ID"));
                assertTrue(java.util.regex.Pattern.compile("(?m)^10\\.255\\.0\\.1 +1 Full/DROther +\\S+ +\\S+ 10\\.9\\.10\\.2 +eth0:10\\.9\\.10\\.1 +0 +0 +0$")
                        .matcher(vroomNbr).find(), vroomNbr);
                String vroomRt = vroom.cli("ip", "ospf", "route"), frrRt = frr.vtysh("show ip ospf route");
                for (String title : List.of("============ OSPF network routing table ============", "============ OSPF router routing table =============",
                        "============ OSPF external routing table ===========")) {
                    assertTrue(frrRt.contains(title) && vroomRt.contains(title), title + "\n" + vroomRt);
                }
                assertTrue(vroomRt.contains("N    10.9.12.0/24          [20] area: 0.0.0.0\n                           via 10.9.10.2, eth0\n"), vroomRt);
                assertTrue(frrRt.contains("N    10.9.11.0/24          [20] area: 0.0.0.0\n                           via 10.9.10.1, vroomof1\n"), frrRt);
                // OSPF's route reached the VR's RIB (and so the FIB, through shadowd).
                assertTrue(VroomOspf.isOspf(vroom.ribRoute("10.9.12.0/24")), vroom.ribRoute("10.9.12.0/24"));
            }
        }
    }

    private static String line(String text, String startsWith) {
        for (String l : text.split("\n")) if (l.startsWith(startsWith)) return l.stripTrailing();
        throw new AssertionError("no line starting with '" + startsWith + "' in\n" + text);
    }
}
