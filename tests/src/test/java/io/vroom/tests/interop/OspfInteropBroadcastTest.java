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
 * namespace, each router on a veth into it), 1 s hellos / 3 s dead. Priorities (DR 100, BDR 50,
 * BIRD 10) and a start order that matches them give one known election, which all three must agree
 * on; every router is Full with the DR and the BDR; the DR's network-LSA reaches everyone; all three
 * compute the same routes to each other's LANs. Run twice: vroom as DR (it originates the
 * network-LSA) and vroom as BDR under FRR (it computes routes through FRR's network-LSA).
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

    @Test
    void vroomDrFrrBdrBirdDrOther() throws Exception {
        segment(true);
    }

    @Test
    void frrDrVroomBdrBirdDrOther() throws Exception {
        segment(false);
    }

    private static final String VROOM_ADDR = "10.9.30.1", FRR_ADDR = "10.9.30.2";
    private static final String VROOM_RID = "10.255.0.10", FRR_RID = "10.255.0.1";

    /** The segment with vroom as DR and FRR as BDR ({@code vroomDr}), or the other way round; BIRD is DROther. */
    @SuppressWarnings("unchecked")
    private void segment(boolean vroomDr) throws Exception {
        String drAddr = vroomDr ? VROOM_ADDR : FRR_ADDR, bdrAddr = vroomDr ? FRR_ADDR : VROOM_ADDR;
        String drRid = vroomDr ? VROOM_RID : FRR_RID, bdrRid = vroomDr ? FRR_RID : VROOM_RID;
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
            attach(net, "vroomsf0", FRR_NS, "vroomsf1", FRR_ADDR + "/24");
            attach(net, "vroomsb0", BIRD_NS, "vroomsb1", "10.9.30.3/24");
            PeerLinks.lan(net, FRR_NS, "vroomsfl", "10.9.32.1/24");
            PeerLinks.lan(net, BIRD_NS, "vroomsbl", "10.9.33.1/24");
            String frrConf = """
                    frr defaults traditional
                    hostname vroomosf
                    interface vroomsf1
                     ip ospf network broadcast
                     ip ospf hello-interval 1
                     ip ospf dead-interval 3
                     ip ospf priority %d
                     ip ospf cost 10
                    interface vroomsfl
                     ip ospf cost 10
                    router ospf
                     ospf router-id 10.255.0.1
                     passive-interface vroomsfl
                     network 10.9.30.0/24 area 0
                     network 10.9.32.0/24 area 0
                    """.formatted(vroomDr ? 50 : 100);
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
            String vroomYaml = """
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
                            - {name: eth0, area: 0, network: broadcast, priority: %d, hello-interval: 1, dead-interval: 3}
                            - {name: lan, area: 0, passive: true}
                    """.formatted(vroomDr ? 100 : 50);
            Frr frr = null;
            VroomOspf vroom = null;
            try {
                // The start order makes the election known: the DR comes up alone and elects itself after
                // its wait timer (3 s); the BDR, seeing a DR and no BDR, becomes BDR; BIRD, finding both,
                // is DROther (no preemption, RFC 2328 §9.4).
                if (vroomDr) {
                    vroom = new VroomOspf(dir.resolve("vroom"), vroomYaml);
                    VroomOspf v = vroom;
                    Await.until("vroom DR alone on the segment", 10_000, () -> "DR".equals(v.ifaceDrBdr("eth0")[0]) ? Boolean.TRUE : null);
                    frr = new Frr(net, FRR_NS, dir.resolve("frr"), "ospfd", frrConf);
                } else {
                    frr = new Frr(net, FRR_NS, dir.resolve("frr"), "ospfd", frrConf);
                    Frr f = frr;
                    Await.until("FRR DR alone on the segment", 10_000, () -> "DR".equals(frrIface(f).get("state")) ? Boolean.TRUE : null);
                    vroom = new VroomOspf(dir.resolve("vroom"), vroomYaml);
                }
                VroomOspf v = vroom;
                Frr f = frr;
                Await.until("BDR elected and Full with the DR", 20_000,
                        () -> v.allFull(1) && bdrAddr.equals(v.ifaceDrBdr("eth0")[2]) ? Boolean.TRUE : null);
                try (Bird bird = new Bird(net, BIRD_NS, dir.resolve("bird"), birdConf)) {
                    Await.until("vroom Full with FRR and BIRD", 20_000, () -> v.allFull(2) ? Boolean.TRUE : null);
                    Await.until("BIRD Full with DR and BDR", 20_000, () -> {
                        String n = bird.birdc("show ospf neighbors");
                        return n.contains("10.255.0.10") && n.contains("10.255.0.1 ") && n.split("Full", -1).length == 3 ? n : null;
                    });
                    Await.until("FRR Full with both", 20_000, () -> {
                        String n = f.vtysh("show ip ospf neighbor");
                        return n.split("Full/", -1).length == 3 ? n : null;
                    });

                    // Election agreed by all three.
                    assertArrayEquals(new String[] {vroomDr ? "DR" : "BACKUP", drAddr, bdrAddr}, vroom.ifaceDrBdr("eth0"));
                    Map<String, Object> fi = frrIface(frr);
                    assertEquals(vroomDr ? "Backup" : "DR", fi.get("state"), fi.toString());
                    assertEquals(drRid, fi.get("drId"), fi.toString());
                    assertEquals(drAddr, fi.get("drAddress"), fi.toString());
                    assertEquals(bdrRid, fi.get("bdrId"), fi.toString());
                    String bi = bird.birdc("show ospf interface \"vroomsb1\"");
                    assertTrue(bi.contains("State: DROther"), bi);
                    assertTrue(bi.contains("Designated router (ID): " + drRid + "\n"), bi);
                    assertTrue(bi.contains("Backup designated router (ID): " + bdrRid + "\n"), bi);

                    // The DR's network-LSA is everywhere.
                    String networkLsa = "2/" + drAddr + "/" + drRid;
                    Await.until("vroom holds the network-LSA " + networkLsa, 10_000, () -> v.lsdb().contains(networkLsa) ? Boolean.TRUE : null);
                    String fdb = frr.vtysh("show ip ospf database network " + drAddr);
                    assertTrue(fdb.contains("Advertising Router: " + drRid), fdb);
                    assertTrue(bird.birdc("show ospf lsadb").contains(drAddr), "BIRD has the network-LSA");

                    // Routes: every LAN is the segment's 10 plus 10 away, via its owner.
                    Map<String, String> vroomRoutes = Await.until("vroom's routes to both LANs", 20_000, () -> {
                        Map<String, String> r = v.ospfRoutes();
                        return r.containsKey("10.9.32.0/24") && r.containsKey("10.9.33.0/24") ? r : null;
                    });
                    Map<String, String> frrRoutes = Await.until("FRR's routes to both LANs", 20_000, () -> {
                        Map<String, String> r = VroomOspf.frrRoutes(f.vtysh("show ip ospf route json"));
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
                    // Every packet the peers sent passed vroom's receive checks (§8.2, §13), and no adjacency flapped.
                    assertEquals(Map.of(), vroom.unexpectedDrops("eth0"));
                    for (String p : List.of("10.9.32.0/24", "10.9.33.0/24")) {
                        assertTrue(VroomOspf.isOspf(vroom.ribRoute(p)), p + ": " + vroom.ribRoute(p));
                    }
                }
            } finally {
                if (vroom != null) vroom.close();
                if (frr != null) frr.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> frrIface(Frr frr) {
        Map<String, Object> all = (Map<String, Object>) Json.parse(frr.vtysh("show ip ospf interface vroomsf1 json"));
        return (Map<String, Object>) ((Map<String, Object>) all.get("interfaces")).get("vroomsf1");
    }
}
