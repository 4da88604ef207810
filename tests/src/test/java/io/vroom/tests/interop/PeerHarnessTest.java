package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interop harness itself: FRR's ospfd and BIRD 2 in two namespaces over a veth reach FULL and
 * exchange routes (1 s hellos). vroom's OSPF/BGP interop suites put a VR in place of one of them;
 * this proves the peers, their configs and our way of driving them work on this machine (a missing
 * package fails here, clearly, rather than skipping).
 */
class PeerHarnessTest {
    @TempDir
    Path dir;

    @Test
    void frrAndBirdFormAFullOspfAdjacencyAndExchangeRoutes() throws Exception {
        try (Netns net = new Netns()) {
            net.addNamespace("vroomfrr");
            net.addNamespace("vroombird");
            net.addVeth("vroomhx", "vroomhy", "vroombird");
            Netns.run("ip", "link", "set", "vroomhx", "netns", "vroomfrr");
            net.exec("vroomfrr", "ip", "addr", "add", "10.9.5.1/24", "dev", "vroomhx");
            net.exec("vroomfrr", "ip", "link", "set", "vroomhx", "up");
            net.exec("vroombird", "ip", "addr", "add", "10.9.5.2/24", "dev", "vroomhy");
            net.exec("vroombird", "ip", "link", "set", "vroomhy", "up");
            // A LAN to advertise (this kernel has no dummy devices: a veth pair inside the namespace).
            net.exec("vroombird", "ip", "link", "add", "vroomlan", "type", "veth", "peer", "name", "vroomlan2");
            net.exec("vroombird", "ip", "link", "set", "vroomlan2", "up");
            net.exec("vroombird", "ip", "addr", "add", "10.9.6.1/24", "dev", "vroomlan");
            net.exec("vroombird", "ip", "link", "set", "vroomlan", "up");
            String frrConf = """
                    frr defaults traditional
                    hostname vroomfrr
                    interface vroomhx
                     ip ospf network point-to-point
                     ip ospf hello-interval 1
                     ip ospf dead-interval 3
                    router ospf
                     ospf router-id 10.255.0.1
                     network 10.9.5.0/24 area 0
                    """;
            String birdConf = """
                    router id 10.255.0.2;
                    protocol device { scan time 1; }
                    protocol ospf v2 o1 {
                      ipv4 { import all; export none; };
                      area 0 {
                        interface "vroomhy" { type ptp; hello 1; dead 3; };
                        interface "vroomlan" { stub yes; };
                      };
                    }
                    """;
            try (Frr frr = new Frr(net, "vroomfrr", dir.resolve("frr"), "ospfd", frrConf);
                 Bird bird = new Bird(net, "vroombird", dir.resolve("bird"), birdConf)) {
                Await.until("FRR sees BIRD as Full", 60_000, () -> frr.vtysh("show ip ospf neighbor").contains("Full") ? Boolean.TRUE : null);
                String birdNeighbors = bird.birdc("show ospf neighbors");
                assertTrue(birdNeighbors.contains("Full"), birdNeighbors);
                String route = Await.until("FRR learns BIRD's LAN", 30_000, () -> {
                    String r = frr.vtysh("show ip ospf route json");
                    return r.contains("10.9.6.0/24") ? r : null;
                });
                assertTrue(route.contains("10.9.5.2"), "via BIRD's address: " + route);
            }
        }
    }
}
