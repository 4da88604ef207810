package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.mgmt.Json;
import io.vroom.tests.interop.VroomBgp.BgpRoute;
import io.vroom.tests.netns.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 item 4 against ExaBGP: eBGP between a vroom VR (10.9.24.1, AS 65001) and ExaBGP
 * (10.9.24.2, AS 65005), driven through ExaBGP's API by a small process that forwards the lines
 * the test appends to a file and records what ExaBGP receives (JSON). Routes flow both ways with
 * their attributes; then ExaBGP sends an UPDATE whose MED has length 2 — RFC 7606 §7.4:
 * treat-as-withdraw — and vroom withdraws that route, counts it, and keeps the session.
 */
class BgpInteropExaBgpTest {
    static final String NS = "vroombexa";
    static final String VROOM = "10.9.24.1", EXA = "10.9.24.2";

    /** ExaBGP's API process: copies new lines of the commands file to stdout, and ExaBGP's messages to the received file. */
    static final String FEEDER = """
            import sys, threading, time
            commands, received = sys.argv[1], sys.argv[2]
            def record():
                with open(received, 'a') as f:
                    for line in sys.stdin:
                        f.write(line)
                        f.flush()
            threading.Thread(target=record, daemon=True).start()
            pos = 0
            while True:
                try:
                    with open(commands) as f:
                        f.seek(pos)
                        data = f.read()
                except FileNotFoundError:
                    data = ''
                cut = data.rfind('\\n') + 1
                if cut:
                    pos += cut
                    sys.stdout.write(data[:cut])
                    sys.stdout.flush()
                time.sleep(0.05)
            """;

    @TempDir
    Path dir;

    Path commands;
    Path received;

    void exa(String line) throws IOException {
        Files.writeString(commands, line + "\n", StandardOpenOption.APPEND);
    }

    @Test
    void ebgpWithExaBgpCarriesAttributesAndAMalformedMedIsTreatedAsWithdraw() throws Exception {
        Path e = Files.createDirectories(dir.resolve("exabgp"));
        commands = Files.writeString(e.resolve("commands"), "");
        received = Files.writeString(e.resolve("received"), "");
        Files.writeString(e.resolve("feeder.py"), FEEDER);
        Files.writeString(e.resolve("exabgp.conf"), """
                process feeder {
                  run /usr/bin/python3 %s %s %s;
                  encoder json;
                }
                neighbor 10.9.24.1 {
                  router-id 10.255.0.5;
                  local-address 10.9.24.2;
                  local-as 65005;
                  peer-as 65001;
                  hold-time 9;
                  family { ipv4 unicast; }
                  api { processes [ feeder ]; receive { parsed; update; } }
                }
                """.formatted(e.resolve("feeder.py"), commands, received));
        Netns.run("chmod", "-R", "777", e.toString());
        Map<String, String> env = Map.of("exabgp.daemon.user", "root", "exabgp.daemon.daemonize", "false", "exabgp.api.ack", "false",
                "exabgp.log.destination", "stdout", "exabgp.tcp.bind", EXA, "exabgp.tcp.port", "179");
        try (Netns net = new Netns()) {
            net.addNamespace(NS);
            net.addVeth("vroombe0", "vroombe1", NS);
            net.exec(NS, "ip", "addr", "add", EXA + "/24", "dev", "vroombe1");
            net.exec(NS, "ip", "link", "set", "vroombe1", "up");
            try (PeerDaemon exabgp = new PeerDaemon(NS, e.resolve("exabgp.log"), env, "exabgp", e.resolve("exabgp.conf").toString());
                 VroomBgp vroom = new VroomBgp(dir.resolve("vroom"), """
                         node: bgp-exabgp
                         ports:
                           - {name: p0, type: eth, device: vroombe0, address: 10.9.24.1/24}
                         vrs:
                           - name: vr1
                             router-id: 10.255.0.1
                             interfaces:
                               - {name: eth0, port: p0, address: 10.9.24.1/24}
                             bgp:
                               local-as: 65001
                               networks: ["10.9.30.0/24 med=7 community=65001:7,65001:8 large-community=65001:7:7 as-path=64600"]
                               neighbors:
                                 - {address: 10.9.24.2, remote-as: 65005, hold-time: 9, connect-retry: 1}
                         """)) {
                Await.until("vroom Established with ExaBGP", 30_000, () -> vroom.established(EXA) ? Boolean.TRUE : null);

                exa("announce route 10.9.61.0/24 next-hop self med 5 community [65005:1 65005:2] large-community [65005:1:1] as-path [65005 64512]");
                exa("announce route 10.9.62.0/24 next-hop self med 6 as-path [65005]");
                assertEquals(new BgpRoute("65005 64512", 5, -1, "65005:1 65005:2", "65005:1:1", EXA),
                        Await.until("ExaBGP's route at vroom", 20_000, () -> vroom.route("10.9.61.0/24")));
                Await.until("ExaBGP's second route at vroom", 20_000, () -> vroom.route("10.9.62.0/24"));

                // vroom -> ExaBGP, as ExaBGP parsed it.
                assertEquals(new BgpRoute("65001 64600", 7, -1, "65001:7 65001:8", "65001:7:7", VROOM),
                        Await.until("vroom's route at ExaBGP", 20_000, () -> exaRoute("10.9.30.0/24")));

                // A MED of 2 octets (RFC 4271 §5.1.4 says 4): RFC 7606 §7.4 treat-as-withdraw, no session reset.
                long messagesIn = vroom.neighborCounter(EXA, "messagesIn");
                exa("announce route 10.9.62.0/24 next-hop self as-path [65005] attribute [ 0x04 0x80 0x0005 ]");
                Await.until("the malformed UPDATE treated as withdraw", 20_000, () -> vroom.counter("treatAsWithdraw") == 1 ? Boolean.TRUE : null);
                assertEquals(null, vroom.route("10.9.62.0/24"), "the route of the malformed UPDATE is withdrawn");
                assertTrue(vroom.neighborCounter(EXA, "messagesIn") > messagesIn);
                // The session stays up and the other route stays.
                assertTrue(vroom.established(EXA), "session kept");
                assertEquals("", vroom.neighbor(EXA).get("lastError"), "no NOTIFICATION either way");
                assertEquals(new BgpRoute("65005 64512", 5, -1, "65005:1 65005:2", "65005:1:1", EXA), vroom.route("10.9.61.0/24"));
                // And a good UPDATE for the same prefix afterwards is taken again.
                exa("announce route 10.9.62.0/24 next-hop self med 9 as-path [65005]");
                assertEquals(9, Await.until("the prefix announced again", 20_000, () -> vroom.route("10.9.62.0/24")).med());
                assertTrue(exabgp.alive());
            }
        }
    }

    /** The last announcement of {@code prefix} that ExaBGP received (its JSON API messages), or null. */
    @SuppressWarnings("unchecked")
    BgpRoute exaRoute(String prefix) {
        BgpRoute last = null;
        List<String> lines;
        try {
            lines = Files.readAllLines(received);
        } catch (IOException ex) {
            return null;
        }
        for (String line : lines) {
            if (!line.startsWith("{") || !line.contains("\"update\"")) continue;
            Map<String, Object> m = (Map<String, Object>) Json.parse(line);
            Map<String, Object> msg = (Map<String, Object>) ((Map<String, Object>) m.get("neighbor")).get("message");
            Map<String, Object> u = msg == null ? null : (Map<String, Object>) msg.get("update");
            if (u == null || u.get("announce") == null) continue;
            Map<String, Object> fam = (Map<String, Object>) ((Map<String, Object>) u.get("announce")).get("ipv4 unicast");
            if (fam == null) continue;
            for (Map.Entry<String, Object> byNh : fam.entrySet()) {
                for (Object n : (List<Object>) byNh.getValue()) {
                    if (!prefix.equals(((Map<String, Object>) n).get("nlri"))) continue;
                    Map<String, Object> a = (Map<String, Object>) u.get("attribute");
                    List<String> path = new ArrayList<>(), comm = new ArrayList<>(), large = new ArrayList<>();
                    for (Object x : (List<Object>) a.getOrDefault("as-path", List.of())) path.add(String.valueOf(x));
                    for (Object x : (List<Object>) a.getOrDefault("community", List.of())) {
                        List<Object> c = (List<Object>) x;
                        comm.add(c.get(0) + ":" + c.get(1));
                    }
                    for (Object x : (List<Object>) a.getOrDefault("large-community", List.of())) {
                        List<Object> c = (List<Object>) x;
                        large.add(c.get(0) + ":" + c.get(1) + ":" + c.get(2));
                    }
                    last = new BgpRoute(String.join(" ", path), a.get("med") == null ? -1 : ((Number) a.get("med")).longValue(),
                            a.get("local-preference") == null ? -1 : ((Number) a.get("local-preference")).longValue(),
                            BgpRoute.sorted(comm), BgpRoute.sorted(large), byNh.getKey());
                }
            }
        }
        return last;
    }
}
