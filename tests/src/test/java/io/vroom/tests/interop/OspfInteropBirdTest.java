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
 * Issue 3 item 4: a vroom VR and BIRD 2 on a point-to-point veth (vroom's end an Ethernet port in
 * the root namespace, BIRD's in a namespace), 1 s hellos / 3 s dead. Both reach Full, each has the
 * other's router-LSA, and both compute the same routes (metric and next hop) for the link and for
 * each side's passive LAN.
 */
class OspfInteropBirdTest {
    @TempDir
    Path dir;

    @Test
    void pointToPointAdjacencyWithBirdExchangesTheLsdbAndAgreesOnRoutes() throws Exception {
        try (Netns net = new Netns()) {
            PeerLinks.peer(net, "vroombird", "vroomob0", "vroomob1", "10.9.20.2/24");
            PeerLinks.lan(net, "vroombird", "vroomobl0", "10.9.22.1/24");
            String birdConf = """
                    router id 10.255.0.2;
                    protocol device { scan time 1; }
                    protocol ospf v2 o1 {
                      ipv4 { import all; export none; };
                      area 0 {
                        interface "vroomob1" { type ptp; hello 1; dead 3; cost 10; };
                        interface "vroomobl0" { stub yes; cost 10; };
                      };
                    }
                    """;
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-bird
                    ports:
                      - {name: p0, type: eth, device: vroomob0, address: 10.9.20.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.20.1/24, cost: 10}
                          - {name: lan, address: 10.9.21.1/24, cost: 10}
                        ospf:
                          interfaces:
                            - {name: eth0, area: 0, network: point-to-point, hello-interval: 1, dead-interval: 3}
                            - {name: lan, area: 0, passive: true}
                    """);
                 Bird bird = new Bird(net, "vroombird", dir.resolve("bird"), birdConf)) {
                Await.until("vroom Full with BIRD", 20_000, () -> vroom.allFull(1) ? Boolean.TRUE : null);
                Await.until("BIRD Full with vroom", 20_000,
                        () -> bird.birdc("show ospf neighbors").contains("Full") ? Boolean.TRUE : null);

                // LSDB exchanged: each side holds both router-LSAs.
                Await.until("vroom holds BIRD's router-LSA", 20_000,
                        () -> vroom.lsdb().containsAll(List.of("1/10.255.0.2/10.255.0.2", "1/10.255.0.10/10.255.0.10")) ? Boolean.TRUE : null);
                String db = bird.birdc("show ospf lsadb");
                assertTrue(db.contains("10.255.0.10"), db);

                // Routes: the three networks, same metric, next hops pointing at each other.
                Map<String, String> birdRoutes = Await.until("BIRD's routes to both LANs", 20_000, () -> {
                    Map<String, String> r = VroomOspf.birdRoutes(bird.birdc("show route protocol o1"));
                    return r.containsKey("10.9.21.0/24") && r.containsKey("10.9.22.0/24") ? r : null;
                });
                Map<String, String> vroomRoutes = Await.until("vroom's route to BIRD's LAN", 20_000, () -> {
                    Map<String, String> r = vroom.ospfRoutes();
                    return r.containsKey("10.9.22.0/24") ? r : null;
                });
                // Each side's table is the other's seen across the link: the far LAN costs the link's 10 more, via the peer.
                assertEquals(Map.of("10.9.20.0/24", "10 via direct", "10.9.22.0/24", "10 via direct", "10.9.21.0/24", "20 via 10.9.20.1"),
                        birdRoutes, "BIRD");
                assertEquals(Map.of("10.9.20.0/24", "10 via direct", "10.9.21.0/24", "10 via direct", "10.9.22.0/24", "20 via 10.9.20.2"),
                        vroomRoutes, "vroom");
                // Every packet the peer sent passed vroom's receive checks (§8.2, §13), and no adjacency flapped.
                assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                // OSPF's route reached the VR's RIB (and so the FIB, through shadowd).
                assertTrue(VroomOspf.isOspf(vroom.ribRoute("10.9.22.0/24")), vroom.ribRoute("10.9.22.0/24"));
            }
        }
    }
}
