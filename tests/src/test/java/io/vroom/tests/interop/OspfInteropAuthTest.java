package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.ospf.NsmState;
import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cryptographic authentication (RFC 2328 Appendix D) against real peers: one vroom VR with three
 * point-to-point links, 1 s hellos. FRR and BIRD configured with the same MD5 key id and key reach
 * Full with vroom and exchange routes; a second FRR with the right key id but the wrong key never
 * gets an adjacency, and vroom counts its packets as authentication drops. On the FRR link both
 * sides have keys 1 and 2 (a key rollover, RFC 2328 D.3): both must send with the newest, key 2 —
 * FRR 8.4 accepts only its last configured key id, so the adjacency proves vroom signs with key 2.
 */
class OspfInteropAuthTest {
    @TempDir
    Path dir;

    private static String frrConf(String host, String iface, String lan, String net, String lanNet, String rid, String keys) {
        return """
                frr defaults traditional
                hostname %s
                interface %s
                 ip ospf network point-to-point
                 ip ospf hello-interval 1
                 ip ospf dead-interval 3
                 ip ospf cost 10
                 ip ospf authentication message-digest
                %s                interface %s
                 ip ospf cost 10
                router ospf
                 ospf router-id %s
                 passive-interface %s
                 network %s area 0
                 network %s area 0
                """.formatted(host, iface, keys, lan, rid, lan, net, lanNet);
    }

    @Test
    void md5WithTheSameKeyIsFullAndAWrongKeyIsDroppedAndCounted() throws Exception {
        try (Netns net = new Netns()) {
            PeerLinks.peer(net, "vroomamg", "vroomag0", "vroomag1", "10.9.40.2/24");
            PeerLinks.lan(net, "vroomamg", "vroomagl", "10.9.44.1/24");
            PeerLinks.peer(net, "vroomamb", "vroomab0", "vroomab1", "10.9.41.2/24");
            PeerLinks.lan(net, "vroomamb", "vroomabl", "10.9.45.1/24");
            PeerLinks.peer(net, "vroomami", "vroomai0", "vroomai1", "10.9.42.2/24");
            PeerLinks.lan(net, "vroomami", "vroomail", "10.9.46.1/24");
            String birdConf = """
                    router id 10.255.0.2;
                    protocol device { scan time 1; }
                    protocol ospf v2 o1 {
                      ipv4 { import all; export none; };
                      area 0 {
                        interface "vroomai1" {
                          type ptp; hello 1; dead 3; cost 10;
                          authentication cryptographic;
                          password "vroomkey" { id 1; algorithm keyed md5; };
                        };
                        interface "vroomail" { stub yes; cost 10; };
                      };
                    }
                    """;
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-md5
                    ports:
                      - {name: p0, type: eth, device: vroomag0, address: 10.9.40.1/24}
                      - {name: p1, type: eth, device: vroomab0, address: 10.9.41.1/24}
                      - {name: p2, type: eth, device: vroomai0, address: 10.9.42.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.40.1/24, cost: 10}
                          - {name: eth1, port: p1, address: 10.9.41.1/24, cost: 10}
                          - {name: eth2, port: p2, address: 10.9.42.1/24, cost: 10}
                        ospf:
                          interfaces:
                            - name: eth0
                              area: 0
                              network: point-to-point
                              hello-interval: 1
                              dead-interval: 3
                              authentication:
                                type: md5
                                keys: [{key-id: 1, key: vroomkey}, {key-id: 2, key: nextkey}]
                            - name: eth1
                              area: 0
                              network: point-to-point
                              hello-interval: 1
                              dead-interval: 3
                              authentication: {type: md5, key-id: 1, key: vroomkey}
                            - name: eth2
                              area: 0
                              network: point-to-point
                              hello-interval: 1
                              dead-interval: 3
                              authentication: {type: md5, key-id: 1, key: vroomkey}
                    """);
                 Frr good = new Frr(net, "vroomamg", dir.resolve("frr-good"), "ospfd",
                         frrConf("vroomamg", "vroomag1", "vroomagl", "10.9.40.0/24", "10.9.44.0/24", "10.255.0.1",
                                 " ip ospf message-digest-key 1 md5 vroomkey\n ip ospf message-digest-key 2 md5 nextkey\n"));
                 Frr bad = new Frr(net, "vroomamb", dir.resolve("frr-bad"), "ospfd",
                         frrConf("vroomamb", "vroomab1", "vroomabl", "10.9.41.0/24", "10.9.45.0/24", "10.255.0.3",
                                 " ip ospf message-digest-key 1 md5 notthekey\n"));
                 Bird bird = new Bird(net, "vroomami", dir.resolve("bird"), birdConf)) {
                Await.until("vroom Full with FRR and BIRD (same key)", 20_000, () -> {
                    Map<String, NsmState> n = vroom.neighbors();
                    return n.get("10.255.0.1") == NsmState.FULL && n.get("10.255.0.2") == NsmState.FULL ? n : null;
                });
                Await.until("FRR Full with vroom", 20_000, () -> good.vtysh("show ip ospf neighbor").contains("Full") ? Boolean.TRUE : null);
                Await.until("BIRD Full with vroom", 20_000, () -> bird.birdc("show ospf neighbors").contains("Full") ? Boolean.TRUE : null);
                // Routes flow over the authenticated adjacencies both ways.
                Await.until("vroom's routes to both LANs", 20_000, () -> {
                    Map<String, String> r = vroom.ospfRoutes();
                    return "20 via 10.9.40.2".equals(r.get("10.9.44.0/24")) && "20 via 10.9.42.2".equals(r.get("10.9.46.0/24")) ? r : null;
                });
                Await.until("FRR's route to BIRD's LAN through vroom", 20_000, () -> {
                    Map<String, String> r = VroomOspf.frrRoutes(good.vtysh("show ip ospf route json"));
                    return "30 via 10.9.40.1".equals(r.get("10.9.46.0/24")) ? r : null;
                });

                // The wrong key: after several hello intervals, no neighbor either way, and vroom counted the drops.
                Await.until("vroom counts auth drops from the wrong key", 10_000, () -> vroom.drops("eth1", "auth") >= 3 ? Boolean.TRUE : null);
                assertFalse(vroom.neighbors().containsKey("10.255.0.3"), vroom.neighbors().toString());
                assertFalse(bad.vtysh("show ip ospf neighbor").contains("10.255.0.10"), "FRR with the wrong key has no neighbor");
                assertFalse(vroom.ospfRoutes().containsKey("10.9.45.0/24"), "no route through the unauthenticated peer");
                // The good links saw no drop and no flap.
                assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                assertEquals(Map.of(), vroom.unexpectedDrops("eth2"));
                assertTrue(VroomOspf.isOspf(vroom.ribRoute("10.9.44.0/24")), vroom.ribRoute("10.9.44.0/24"));
                // Rolled over: vroom signs with the newest of its two keys on eth0.
                Map<String, Object> eth0 = ifaceShow(vroom, "eth0");
                assertEquals(2L, ((Number) eth0.get("authenticationKeyId")).longValue(), eth0.toString());
                assertEquals(2L, ((Number) eth0.get("authenticationKeys")).longValue(), eth0.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ifaceShow(VroomOspf vroom, String name) {
        Map<String, Object> all = (Map<String, Object>) io.vroom.core.mgmt.Json.parse(vroom.showJson("interface"));
        return (Map<String, Object>) ((Map<String, Object>) all.get("interfaces")).get(name);
    }
}
