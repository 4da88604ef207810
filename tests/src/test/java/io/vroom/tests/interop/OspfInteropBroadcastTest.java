package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.mgmt.Json;
import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 item 4: vroom, FRR's ospfd and BIRD 2 on one broadcast segment (a Linux bridge in its own
 * namespace, each router on a veth into it), 1 s hellos / 3 s dead. Priorities vroom 100, FRR 50,
 * BIRD 10 and start order vroom, FRR, BIRD give one known election: vroom DR, FRR BDR, BIRD
 * DROther — which all three must agree on; every router is Full with the DR and the BDR; vroom
 * originates the network-LSA; all three compute the same routes to each other's LANs.
 */
class OspfInteropBroadcastTest {
    @TempDir
    Path dir;

    private static final String BR = "vroomobr";
    private static final String FRR_NS = "vroomosf";
    private static final String BIRD_NS = "vroomosb";

    /** A veth from the bridge namespace into {@code ns}, with {@code address} on the far end. */
    private static void attach(Netns net, String brEnd, String ns, String end, String address) {
        net.exec(BR, "ip", "link", "add", brEnd, "type", "veth", "peer", "name", end, "netns", ns);
        net.exec(BR, "ip", "link", "set", brEnd, "master", "vroombr0");
        net.exec(BR, "ip", "link", "set", brEnd, "up");
        net.exec(ns, "ip", "addr", "add", address, "dev", end);
        net.exec(ns, "ip", "link", "set", end, "up");
    }

    /** A LAN to advertise (no dummy devices on this kernel: a veth pair inside the namespace). */
    private static void lan(Netns net, String ns, String dev, String address) {
        net.exec(ns, "ip", "link", "add", dev, "type", "veth", "peer", "name", dev + "p");
        net.exec(ns, "ip", "link", "set", dev + "p", "up");
        net.exec(ns, "ip", "addr", "add", address, "dev", dev);
        net.exec(ns, "ip", "link", "set", dev, "up");
    }

    @Test
    @SuppressWarnings("unchecked")
    void drElectionOnABridgeWithFrrAndBirdIsAgreedAndRoutesMatch() throws Exception {
        try (Netns net = new Netns()) {
            net.addNamespace(BR);
            net.addNamespace(FRR_NS);
            net.addNamespace(BIRD_NS);
            net.exec(BR, "ip", "link", "add", "vroombr0", "type", "bridge", "forward_delay", "0", "stp_state", "0",
                    "mcast_snooping", "0");
            net.exec(BR, "ip", "link", "set", "vroombr0", "up");
            net.addVeth("vroomos0", "vroomos1", BR);
            net.exec(BR, "ip", "link", "set", "vroomos1", "master", "vroombr0");
            net.exec(BR, "ip", "link", "set", "vroomos1", "up");
            attach(net, "vroomsf0", FRR_NS, "vroomsf1", "10.9.30.2/24");
            attach(net, "vroomsb0", BIRD_NS, "vroomsb1", "10.9.30.3/24");
            lan(net, FRR_NS, "vroomsfl", "10.9.32.1/24");
            lan(net, BIRD_NS, "vroomsbl", "10.9.33.1/24");
            String frrConf = """
                    frr defaults traditional
                    hostname vroomosf
                    interface vroomsf1
                     ip ospf network broadcast
                     ip ospf hello-interval 1
                     ip ospf dead-interval 3
                     ip ospf priority 50
                     ip ospf cost 10
                    interface vroomsfl
                     ip ospf cost 10
                    router ospf
                     ospf router-id 10.255.0.1
                     passive-interface vroomsfl
                     network 10.9.30.0/24 area 0
                     network 10.9.32.0/24 area 0
                    """;
            String birdConf = """
                    router id 10.255.0.2;
                    protocol device { scan time 1; }
                    protocol ospf v2 o1 {
                      ipv4 { import all; export none; };
                      area 0 {
                        interface "vroomsb1" { type broadcast; hello 1; dead 3; wait 3; priority 10; cost 10; };
                        interface "vroomsbl" { stub yes; cost 10; };
                      };
                    }
                    """;
            try (VroomOspf vroom = new VroomOspf(dir.resolve("vroom"), """
                    node: ospf-lan
                    ports:
                      - {name: p0, type: eth, device: vroomos0, address: 10.9.30.1/24}
                    vrs:
                      - name: vr1
                        router-id: 10.255.0.10
                        interfaces:
                          - {name: eth0, port: p0, address: 10.9.30.1/24, cost: 10}
                          - {name: lan, address: 10.9.31.1/24, cost: 10}
                        ospf:
                          interfaces:
                            - {name: eth0, area: 0, network: broadcast, priority: 100, hello-interval: 1, dead-interval: 3}
                            - {name: lan, area: 0, passive: true}
                    """)) {
                // Start order makes the election known: vroom alone becomes DR after its wait timer (3 s)...
                Await.until("vroom DR alone on the segment", 10_000, () -> "DR".equals(vroom.ifaceDrBdr("eth0")[0]) ? Boolean.TRUE : null);
                try (Frr frr = new Frr(net, FRR_NS, dir.resolve("frr"), "ospfd", frrConf)) {
                    // ... FRR, seeing a DR and no BDR, becomes BDR ...
                    Await.until("FRR BDR and Full with vroom", 20_000,
                            () -> vroom.allFull(1) && "10.9.30.2".equals(vroom.ifaceDrBdr("eth0")[2]) ? Boolean.TRUE : null);
                    try (Bird bird = new Bird(net, BIRD_NS, dir.resolve("bird"), birdConf)) {
                        // ... and BIRD, finding both, is DROther (no preemption, RFC 2328 §9.4).
                        Await.until("vroom Full with FRR and BIRD", 20_000, () -> vroom.allFull(2) ? Boolean.TRUE : null);
                        Await.until("BIRD Full with DR and BDR", 20_000, () -> {
                            String n = bird.birdc("show ospf neighbors");
                            return n.contains("10.255.0.10") && n.contains("10.255.0.1 ") && n.split("Full", -1).length == 3 ? n : null;
                        });
                        Await.until("FRR Full with both", 20_000, () -> {
                            String n = frr.vtysh("show ip ospf neighbor");
                            return n.split("Full/", -1).length == 3 ? n : null;
                        });

                        // Election agreed by all three.
                        assertArrayEquals(new String[] {"DR", "10.9.30.1", "10.9.30.2"}, vroom.ifaceDrBdr("eth0"));
                        Map<String, Object> fi = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) Json.parse(
                                frr.vtysh("show ip ospf interface vroomsf1 json"))).get("interfaces")).get("vroomsf1");
                        assertEquals("Backup", fi.get("state"), fi.toString());
                        assertEquals("10.255.0.10", fi.get("drId"), fi.toString());
                        assertEquals("10.9.30.1", fi.get("drAddress"), fi.toString());
                        assertEquals("10.255.0.1", fi.get("bdrId"), fi.toString());
                        String bi = bird.birdc("show ospf interface \"vroomsb1\"");
                        assertTrue(bi.contains("State: DROther"), bi);
                        assertTrue(bi.contains("Designated router (ID): 10.255.0.10"), bi);
                        assertTrue(bi.contains("Backup designated router (ID): 10.255.0.1\n"), bi);

                        // vroom, the DR, originates the segment's network-LSA; the others have it.
                        assertTrue(vroom.lsdb().contains("2/10.9.30.1/10.255.0.10"), vroom.lsdb().toString());
                        String fdb = frr.vtysh("show ip ospf database network 10.9.30.1");
                        assertTrue(fdb.contains("Advertising Router: 10.255.0.10"), fdb);
                        assertTrue(bird.birdc("show ospf lsadb").contains("10.9.30.1"), "BIRD has vroom's network-LSA");

                        // Routes: every LAN is the segment's 10 plus 10 away, via its owner.
                        Map<String, String> vroomRoutes = Await.until("vroom's routes to both LANs", 20_000, () -> {
                            Map<String, String> r = vroom.ospfRoutes();
                            return r.containsKey("10.9.32.0/24") && r.containsKey("10.9.33.0/24") ? r : null;
                        });
                        Map<String, String> frrRoutes = Await.until("FRR's routes to both LANs", 20_000, () -> {
                            Map<String, String> r = VroomOspf.frrRoutes(frr.vtysh("show ip ospf route json"));
                            return r.containsKey("10.9.31.0/24") && r.containsKey("10.9.33.0/24") ? r : null;
                        });
                        Map<String, String> birdRoutes = Await.until("BIRD's routes to both LANs", 20_000, () -> {
                            Map<String, String> r = VroomOspf.birdRoutes(bird.birdc("show route protocol o1"));
                            return r.containsKey("10.9.31.0/24") && r.containsKey("10.9.32.0/24") ? r : null;
                        });
                        assertEquals(Map.of("10.9.30.0/24", "10 via direct", "10.9.31.0/24", "10 via direct",
                                "10.9.32.0/24", "20 via 10.9.30.2", "10.9.33.0/24", "20 via 10.9.30.3"), vroomRoutes, "vroom");
                        assertEquals(Map.of("10.9.30.0/24", "10 via direct", "10.9.32.0/24", "10 via direct",
                                "10.9.31.0/24", "20 via 10.9.30.1", "10.9.33.0/24", "20 via 10.9.30.3"), frrRoutes, "FRR");
                        assertEquals(Map.of("10.9.30.0/24", "10 via direct", "10.9.33.0/24", "10 via direct",
                                "10.9.31.0/24", "20 via 10.9.30.1", "10.9.32.0/24", "20 via 10.9.30.2"), birdRoutes, "BIRD");
                        // Every packet the peer sent passed vroom's receive checks (§8.2, §13), and no adjacency flapped.
                        assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                        for (String p : List.of("10.9.32.0/24", "10.9.33.0/24")) {
                            assertTrue(VroomOspf.isOspf(vroom.ribRoute(p)), p + ": " + vroom.ribRoute(p));
                        }
                    }
                }
            }
        }
    }
}
