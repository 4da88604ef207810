package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.tests.interop.VroomBgp.BgpRoute;
import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 item 4 against BIRD 2: eBGP between a vroom VR (10.9.22.1, AS 65001) and BIRD
 * (10.9.22.2, AS 65003); routes flow both ways with AS path, MED, communities and large
 * communities intact, as each side shows them.
 */
class BgpInteropBirdTest {
    static final String NS = "vroombbird";
    static final String VROOM = "10.9.22.1", BIRD = "10.9.22.2";

    @TempDir
    Path dir;

    @Test
    void ebgpWithBirdCarriesEveryAttributeBothWays() throws Exception {
        String birdConf = """
                router id 10.255.0.3;
                protocol device { scan time 1; }
                protocol static s1 { ipv4; route 10.9.41.0/24 blackhole; }
                protocol bgp vroom {
                  local 10.9.22.2 as 65003;
                  neighbor 10.9.22.1 as 65001;
                  hold time 9; keepalive time 3; connect retry time 1; connect delay time 1;
                  ipv4 {
                    import all;
                    export filter {
                      if net = 10.9.41.0/24 then {
                        bgp_med = 5;
                        bgp_community.add((65003,1)); bgp_community.add((65003,2));
                        bgp_large_community.add((65003,1,1));
                        bgp_path.prepend(64512);
                        accept;
                      }
                      reject;
                    };
                  };
                }
                """;
        try (Netns net = new Netns()) {
            net.addNamespace(NS);
            net.addVeth("vroombb0", "vroombb1", NS);
            net.exec(NS, "ip", "addr", "add", BIRD + "/24", "dev", "vroombb1");
            net.exec(NS, "ip", "link", "set", "vroombb1", "up");
            try (Bird bird = new Bird(net, NS, dir.resolve("bird"), birdConf);
                 VroomBgp vroom = new VroomBgp(dir.resolve("vroom"), """
                         node: bgp-bird
                         ports:
                           - {name: p0, type: eth, device: vroombb0, address: 10.9.22.1/24}
                         vrs:
                           - name: vr1
                             router-id: 10.255.0.1
                             interfaces:
                               - {name: eth0, port: p0, address: 10.9.22.1/24}
                             bgp:
                               local-as: 65001
                               networks: ["10.9.30.0/24 med=7 community=65001:7,65001:8 large-community=65001:7:7 as-path=64600"]
                               neighbors:
                                 - {address: 10.9.22.2, remote-as: 65003, hold-time: 9, connect-retry: 1}
                         """)) {
                Await.until("vroom Established with BIRD", 30_000, () -> vroom.established(BIRD) ? Boolean.TRUE : null);
                Await.until("BIRD Established with vroom", 10_000,
                        () -> bird.birdc("show protocols vroom").contains("Established") ? Boolean.TRUE : null);

                // BIRD -> vroom: BIRD's AS in front of the prepended one.
                assertEquals(new BgpRoute("65003 64512", 5, -1, "65003:1 65003:2", "65003:1:1", BIRD),
                        Await.until("BIRD's route at vroom", 20_000, () -> vroom.route("10.9.41.0/24")));
                Await.until("BIRD's route in vroom's RIB", 10_000,
                        () -> ("EBGP via " + BIRD).equals(vroom.ribRoute("10.9.41.0/24")) ? Boolean.TRUE : null);

                // vroom -> BIRD (BIRD adds LOCAL_PREF 100 to eBGP routes it imports: not compared).
                BgpRoute atBird = Await.until("vroom's route at BIRD", 20_000, () -> birdRoute(bird.birdc("show route all 10.9.30.0/24")));
                assertEquals(new BgpRoute("65001 64600", 7, -1, "65001:7 65001:8", "65001:7:7", VROOM), atBird);
                assertTrue(vroom.established(BIRD));
                assertEquals(0L, vroom.counter("treatAsWithdraw"), "BIRD's UPDATEs were all well-formed to vroom");
            }
        }
    }

    /** BIRD's {@code show route all PREFIX} (one BGP route) as a {@link BgpRoute} (LOCAL_PREF left out), or null. */
    static BgpRoute birdRoute(String text) {
        if (!text.contains("BGP.as_path")) return null;
        String path = field(text, "BGP.as_path"), med = field(text, "BGP.med"), nh = field(text, "BGP.next_hop");
        List<String> c = new ArrayList<>();
        String comm = field(text, "BGP.community");
        if (comm != null) {
            Matcher m = Pattern.compile("\\((\\d+),\\s*(\\d+)\\)").matcher(comm);
            while (m.find()) c.add(m.group(1) + ":" + m.group(2));
        }
        List<String> l = new ArrayList<>();
        String large = field(text, "BGP.large_community");
        if (large != null) {
            Matcher m = Pattern.compile("\\((\\d+),\\s*(\\d+),\\s*(\\d+)\\)").matcher(large);
            while (m.find()) l.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
        }
        return new BgpRoute(path == null ? "" : path, med == null ? -1 : Long.parseLong(med), -1, BgpRoute.sorted(c), BgpRoute.sorted(l),
                nh == null ? "" : nh);
    }

    private static String field(String text, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*(.*)$").matcher(text);
        return m.find() ? m.group(1).trim() : null;
    }
}
