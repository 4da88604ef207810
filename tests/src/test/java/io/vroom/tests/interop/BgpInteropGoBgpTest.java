package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.mgmt.Json;
import io.vroom.tests.interop.VroomBgp.BgpRoute;
import io.vroom.tests.netns.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 item 4 against GoBGP: eBGP between a vroom VR (10.9.23.1, AS 65001) and gobgpd
 * (10.9.23.2, AS 65004), driven by the gobgp CLI; routes flow both ways with their attributes, as
 * {@code gobgp global rib -j} and vroom's Loc-RIB show them.
 */
class BgpInteropGoBgpTest {
    static final String NS = "vroombgo";
    static final String VROOM = "10.9.23.1", GOBGP = "10.9.23.2";

    @TempDir
    Path dir;

    @Test
    void ebgpWithGoBgpCarriesEveryAttributeBothWays() throws Exception {
        Path g = Files.createDirectories(dir.resolve("gobgp"));
        Files.writeString(g.resolve("gobgpd.toml"), """
                [global.config]
                  as = 65004
                  router-id = "10.255.0.4"
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "10.9.23.1"
                    peer-as = 65001
                  [neighbors.timers.config]
                    connect-retry = 1
                    hold-time = 9
                    keepalive-interval = 3
                """);
        try (Netns net = new Netns()) {
            net.addNamespace(NS);
            net.addVeth("vroombg0", "vroombg1", NS);
            net.exec(NS, "ip", "addr", "add", GOBGP + "/24", "dev", "vroombg1");
            net.exec(NS, "ip", "link", "set", "vroombg1", "up");
            try (PeerDaemon gobgpd = new PeerDaemon(NS, g.resolve("gobgpd.log"), Map.of(), "gobgpd", "-f", g.resolve("gobgpd.toml").toString(), "-t", "toml");
                 VroomBgp vroom = new VroomBgp(dir.resolve("vroom"), """
                         node: bgp-gobgp
                         ports:
                           - {name: p0, type: eth, device: vroombg0, address: 10.9.23.1/24}
                         vrs:
                           - name: vr1
                             router-id: 10.255.0.1
                             interfaces:
                               - {name: eth0, port: p0, address: 10.9.23.1/24}
                             bgp:
                               local-as: 65001
                               networks: ["10.9.30.0/24 med=7 community=65001:7,65001:8 large-community=65001:7:7 as-path=64600"]
                               neighbors:
                                 - {address: 10.9.23.2, remote-as: 65004, hold-time: 9, connect-retry: 1}
                         """)) {
                // The CLI answers once gobgpd's API is up.
                Await.until("gobgpd's API", 20_000, () -> net.execResult(NS, "gobgp", "global").exit() == 0 ? Boolean.TRUE : null);
                net.exec(NS, "gobgp", "global", "rib", "add", "-a", "ipv4", "10.9.51.0/24", "origin", "igp", "med", "5",
                        "community", "65004:1,65004:2", "large-community", "65004:1:1", "aspath", "64512");
                Await.until("vroom Established with GoBGP", 30_000, () -> vroom.established(GOBGP) ? Boolean.TRUE : null);
                Await.until("GoBGP Established with vroom", 10_000,
                        () -> net.exec(NS, "gobgp", "neighbor").contains("Establ") ? Boolean.TRUE : null);

                assertEquals(new BgpRoute("65004 64512", 5, -1, "65004:1 65004:2", "65004:1:1", GOBGP),
                        Await.until("GoBGP's route at vroom", 20_000, () -> vroom.route("10.9.51.0/24")));
                Await.until("GoBGP's route in vroom's RIB", 10_000,
                        () -> ("EBGP via " + GOBGP).equals(vroom.ribRoute("10.9.51.0/24")) ? Boolean.TRUE : null);
                assertEquals(new BgpRoute("65001 64600", 7, -1, "65001:7 65001:8", "65001:7:7", VROOM),
                        Await.until("vroom's route at GoBGP", 20_000, () -> gobgpRoute(net.exec(NS, "gobgp", "global", "rib", "-a", "ipv4", "-j"), "10.9.30.0/24")));
                assertTrue(vroom.established(GOBGP));
                assertTrue(gobgpd.alive());
            }
        }
    }

    /** The best path of {@code prefix} in {@code gobgp global rib -j} as a {@link BgpRoute}, or null. */
    @SuppressWarnings("unchecked")
    static BgpRoute gobgpRoute(String json, String prefix) {
        Map<String, Object> rib = (Map<String, Object>) Json.parse(json);
        List<Object> paths = (List<Object>) rib.get(prefix);
        if (paths == null) return null;
        for (Object o : paths) {
            Map<String, Object> p = (Map<String, Object>) o;
            if (!Boolean.TRUE.equals(p.get("best"))) continue;
            List<String> path = new ArrayList<>(), comm = new ArrayList<>(), large = new ArrayList<>();
            long med = -1, lp = -1;
            String nh = "";
            for (Object ao : (List<Object>) p.get("attrs")) {
                Map<String, Object> a = (Map<String, Object>) ao;
                switch (((Number) a.get("type")).intValue()) {
                    case 2 -> {
                        for (Object s : (List<Object>) a.get("as_paths")) {
                            for (Object asn : (List<Object>) ((Map<String, Object>) s).get("asns")) path.add(String.valueOf(((Number) asn).longValue()));
                        }
                    }
                    case 3 -> nh = (String) a.get("nexthop");
                    case 4 -> med = ((Number) a.get("metric")).longValue();
                    case 5 -> lp = ((Number) a.get("value")).longValue();
                    case 8 -> {
                        for (Object c : (List<Object>) a.get("communities")) {
                            long v = ((Number) c).longValue();
                            comm.add((v >>> 16) + ":" + (v & 0xffff));
                        }
                    }
                    case 32 -> {
                        for (Object c : (List<Object>) a.get("value")) {
                            Map<String, Object> l = (Map<String, Object>) c;
                            large.add(l.get("ASN") + ":" + l.get("LocalData1") + ":" + l.get("LocalData2"));
                        }
                    }
                    default -> { }
                }
            }
            return new BgpRoute(String.join(" ", path), med, lp, BgpRoute.sorted(comm), BgpRoute.sorted(large), nh);
        }
        return null;
    }
}
