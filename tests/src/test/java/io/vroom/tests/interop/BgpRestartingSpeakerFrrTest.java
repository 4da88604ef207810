package io.vroom.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.mgmt.Json;
import io.vroom.tests.lab.Lab;
import io.vroom.tests.netns.Netns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 item 4, graceful restart with vroom as the Restarting Speaker (RFC 4724 §4.1) against FRR's
 * bgpd as the Receiving Speaker (§4.2). A vroom node runs as its own JVM (as {@code vroom node} does)
 * with VR vr1 on two veths: 10.9.40.1 toward FRR (namespace vroomgrf, 10.9.40.2, which also holds
 * 10.9.50.1 on its loopback) and 10.9.41.1 toward a host (namespace vroomgrh, 10.9.41.2, default
 * route via vroom). FRR advertises 10.9.50.0/24 and 10.9.51.0/24; vroom advertises 10.9.41.0/24 and,
 * by an operator command, 10.9.42.0/24. vr1 has a second neighbour, 10.9.40.9, that never answers, so
 * after the restart route selection waits for the selection-deferral timer (§4.1 (b)): a window in
 * which every claim below is observable.
 *
 * <p>The node is killed with SIGKILL (its user-space TCP sends nothing) and started again on the same
 * state-dir. While it is down FRR stops advertising 10.9.51.0/24. Then: the VR knows its FIB was
 * preserved; FRR keeps vroom's routes, stale, with no withdrawal; the host's pings to 10.9.50.1 are
 * forwarded by the restarted node from its preserved FIB while BGP has installed nothing yet; vroom's
 * new OPEN carries the R bit and the F bit for IPv4 unicast (FRR's {@code show bgp neighbors json});
 * after the deferral, vroom installs what it re-learned and sends End-of-RIB, FRR sweeps 10.9.42.0/24
 * (not re-sent) and vroom's preserved FIB entry for 10.9.51.0/24 goes at once — both sides end with
 * exactly the right routes.
 */
class BgpRestartingSpeakerFrrTest {
    static final String FRR_NS = "vroomgrf", HOST_NS = "vroomgrh";
    static final String VROOM = "10.9.40.1", FRR = "10.9.40.2", HOST = "10.9.41.2", TARGET = "10.9.50.1";
    static final String CONTROL = "127.0.0.1:7996";
    static final int DEFERRAL_SEC = 20; // the restart window: long enough for every check below on a loaded machine

    static String frrConf(String networks) {
        return frrConf(networks, "10 30");
    }

    static String frrConf(String networks, String timers) {
        return """
                frr defaults traditional
                hostname vroomgrf
                router bgp 65002
                 bgp router-id 10.255.0.2
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 bgp graceful-restart
                 bgp graceful-restart preserve-fw-state
                 neighbor 10.9.40.1 remote-as 65001
                 neighbor 10.9.40.1 timers %s
                 neighbor 10.9.40.1 timers connect 1
                 neighbor 10.9.40.1 advertisement-interval 0
                 address-family ipv4 unicast
                %s
                 exit-address-family
                """.formatted(timers, networks);
    }

    static String vroomYaml(int holdTimeSec) {
        return """
            node: bgp-gr
            control: %s
            ports:
              - {name: p0, type: eth, device: vroomgr0, address: 10.9.40.1/24}
              - {name: p1, type: eth, device: vroomgr2, address: 10.9.41.1/24}
            vrs:
              - name: vr1
                router-id: 10.255.0.1
                interfaces:
                  - {name: eth0, port: p0, address: 10.9.40.1/24}
                  - {name: eth1, port: p1, address: 10.9.41.1/24}
                bgp:
                  local-as: 65001
                  networks: ["10.9.41.0/24"]
                  graceful-restart: {selection-deferral: %d}
                  neighbors:
                    - {address: 10.9.40.2, remote-as: 65002, hold-time: %d, graceful-restart: 120, connect-retry: 1}
                    - {address: 10.9.40.9, remote-as: 65009, connect-retry: 1}
            """.formatted(CONTROL, DEFERRAL_SEC, holdTimeSec);
    }

    /** FRR's namespace (10.9.40.2 on the veth, 10.9.50.1 on its loopback) and the host's (10.9.41.2, default via vroom). */
    static void topology(Netns net) {
        net.addNamespace(FRR_NS);
        net.addNamespace(HOST_NS);
        net.addVeth("vroomgr0", "vroomgr1", FRR_NS);
        net.addVeth("vroomgr2", "vroomgr3", HOST_NS);
        net.exec(FRR_NS, "ip", "addr", "add", FRR + "/24", "dev", "vroomgr1");
        net.exec(FRR_NS, "ip", "link", "set", "vroomgr1", "up");
        net.exec(FRR_NS, "ip", "addr", "add", TARGET + "/32", "dev", "lo"); // (no dummy interfaces in this kernel)
        net.exec(HOST_NS, "ip", "addr", "add", HOST + "/24", "dev", "vroomgr3");
        net.exec(HOST_NS, "ip", "link", "set", "vroomgr3", "up");
        net.exec(HOST_NS, "ip", "route", "add", "default", "via", "10.9.41.1");
    }

    @TempDir
    Path dir;

    @Test
    void vroomRestartsWithItsFibPreservedAndFrrKeepsItsRoutesWhileTrafficFlows() throws Exception {
        try (Netns net = new Netns()) {
            topology(net);

            try (Frr frr = new Frr(net, FRR_NS, dir.resolve("frr"), "bgpd",
                    frrConf("  network 10.9.50.0/24\n  network 10.9.51.0/24"));
                 Lab lab = new Lab(false)) {
                lab.startNode("n1", CONTROL, vroomYaml(30));
                lab.awaitNodes(60_000);

                // ---- before: the session is up, routes both ways, traffic host -> vroom -> FRR flows.
                Await.until("vroom Established with FRR", 60_000, () -> "ESTABLISHED".equals(neighbor(lab, FRR).get("state")) ? Boolean.TRUE : null);
                Await.until("FRR's routes in vroom's RIB and FIB", 30_000,
                        () -> rib(lab).containsAll(List.of("10.9.50.0/24", "10.9.51.0/24")) && fib(lab).keySet().containsAll(List.of("10.9.50.0/24", "10.9.51.0/24"))
                                ? Boolean.TRUE : null);
                assertFalse((Boolean) fibView(lab).get("forwardingPreserved"), "a first start over an empty FIB is not a restart");
                io.vroom.cli.Main.post(CONTROL, "vr/vr1/protocol/bgp/command", "originate", List.of("10.9.42.0/24"));
                Await.until("vroom's routes at FRR", 30_000,
                        () -> frrTable(frr).keySet().containsAll(List.of("10.9.41.0/24", "10.9.42.0/24")) ? Boolean.TRUE : null);
                Await.until("FRR's kernel routes 10.9.41.0/24 via vroom", 30_000,
                        () -> net.exec(FRR_NS, "ip", "route", "show", "10.9.41.0/24").contains("via " + VROOM) ? Boolean.TRUE : null);
                Await.until("the host reaches 10.9.50.1 through vroom", 30_000, () -> ping(net) ? Boolean.TRUE : null);
                Map<String, Object> gr = grInfo(frr);
                assertEquals(false, gr.get("rBit"), "no R bit in vroom's first OPEN: " + gr);
                assertEquals(true, gr.get("nBit"), "the N bit (RFC 8538): " + gr);

                // ---- kill -9: no NOTIFICATION, no FIN (vroom's TCP is in the dead process). FRR drops 10.9.51.0/24 meanwhile.
                lab.kill("n1");
                assertFalse(ping(net), "nothing forwards while the node process is dead");
                frr.vtysh("configure terminal", "router bgp 65002", "address-family ipv4 unicast", "no network 10.9.51.0/24");
                lab.launch("n1");
                lab.awaitNodes(60_000);
                assertTrue(frrTable(frr).keySet().containsAll(List.of("10.9.41.0/24", "10.9.42.0/24")), "FRR kept vroom's routes while it was down");

                // ---- the restart window: selection deferred (10.9.40.9 never sends End-of-RIB).
                Map<String, Object> view = fibView(lab);
                assertEquals(true, view.get("forwardingPreserved"), "the VR knows its FIB survived the restart: " + view.keySet());
                Await.until("vroom Established with FRR again", 30_000,
                        () -> "ESTABLISHED".equals(neighbor(lab, FRR).get("state")) ? Boolean.TRUE : null);
                Await.until("FRR keeps vroom's routes, stale, until vroom's End-of-RIB", 20_000, () -> {
                    Map<String, Map<String, Object>> t = frrTable(frr);
                    assertTrue(t.containsKey("10.9.41.0/24") && t.containsKey("10.9.42.0/24"), "FRR withdrew a route of vroom's: " + t.keySet());
                    return Boolean.TRUE.equals(t.get("10.9.41.0/24").get("stale")) && Boolean.TRUE.equals(t.get("10.9.42.0/24").get("stale")) ? Boolean.TRUE : null;
                });
                gr = grInfo(frr);
                assertEquals(true, gr.get("rBit"), "vroom's OPEN carried the Restart State bit: " + gr);
                @SuppressWarnings("unchecked") Map<String, Object> v4 = (Map<String, Object>) gr.get("ipv4Unicast");
                assertEquals(true, v4.get("fBit"), "and the Forwarding State bit for IPv4 unicast: " + gr);
                assertEquals(true, summary(lab).get("selectionDeferred"), "vroom still defers route selection");
                assertEquals("RELEARNING", fibView(lab).get("restartProgress"));
                assertFalse(rib(lab).contains("10.9.50.0/24"), "BGP has installed nothing yet");
                assertTrue(fib(lab).keySet().containsAll(List.of("10.9.50.0/24", "10.9.51.0/24")), "the preserved FIB still holds FRR's routes");
                Await.until("the host reaches 10.9.50.1 through the restarted node's preserved FIB", 10_000, () -> ping(net) ? Boolean.TRUE : null);
                assertEquals(true, summary(lab).get("selectionDeferred"), "the ping went through while selection was still deferred");
                assertFalse(rib(lab).contains("10.9.50.0/24"), "so it was forwarded by the preserved FIB, not by a re-learned route");

                // ---- after the deferral: vroom selects, installs, advertises, sends End-of-RIB.
                Await.until("vroom's selection deferral ends", (DEFERRAL_SEC + 10) * 1000L,
                        () -> Boolean.FALSE.equals(summary(lab).get("selectionDeferred")) ? Boolean.TRUE : null);
                Await.until("FRR got vroom's End-of-RIB and swept the route vroom did not re-send", 20_000, () -> {
                    Map<String, Map<String, Object>> t = frrTable(frr);
                    return !t.containsKey("10.9.42.0/24") && t.containsKey("10.9.41.0/24") && !Boolean.TRUE.equals(t.get("10.9.41.0/24").get("stale"))
                            ? Boolean.TRUE : null;
                });
                // The preserved entry for 10.9.51.0/24 goes when BGP is done, not after the runtime's 90 s grace.
                Await.until("vroom's FIB without the route FRR withdrew while vroom was down", 20_000,
                        () -> fib(lab).containsKey("10.9.51.0/24") ? null : Boolean.TRUE);
                assertEquals(0L, ((Number) fibView(lab).get("preservedPending")).longValue());
                assertEquals("DONE", fibView(lab).get("restartProgress"));

                // Exactly the right routes on both sides.
                assertEquals(Set.of("10.9.41.0/24", "10.9.50.0/24"), frrTable(frr).keySet(), "FRR's table");
                assertEquals(Set.of("10.9.41.0/24", "10.9.50.0/24"), locRib(lab), "vroom's Loc-RIB");
                Set<String> bgpInRib = new TreeSet<>();
                for (Map.Entry<String, Object> e : routes(lab).entrySet()) if ("ebgp".equals(route(e).get("protocol"))) bgpInRib.add(e.getKey());
                assertEquals(Set.of("10.9.50.0/24"), bgpInRib, "vroom's RIB: FRR's route only");
                assertEquals(List.of(FRR + " eth0"), fib(lab).get("10.9.50.0/24").get("nexthops"));
                assertEquals(Set.of("10.9.40.0/24", "10.9.40.1/32", "10.9.41.0/24", "10.9.41.1/32", "10.9.50.0/24"),
                        fib(lab).keySet().stream().filter(p -> !p.startsWith("224.")).collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                        "vroom's FIB: connected, local and FRR's route");
                @SuppressWarnings("unchecked") Map<String, Object> eor = (Map<String, Object>) ((Map<String, Object>) grInfo(frr).get("ipv4Unicast")).get("endOfRibStatus");
                assertEquals(true, eor.get("endOfRibRecv"), "FRR received vroom's End-of-RIB: " + eor);
                assertTrue(ping(net), "traffic still flows, now over the re-learned route");
                Map<String, Object> frrNeighbor = frrNeighbor(frr);
                @SuppressWarnings("unchecked") Map<String, Object> stats = (Map<String, Object>) frrNeighbor.get("messageStats");
                assertEquals(0L, ((Number) stats.get("notificationsRecv")).longValue() + ((Number) stats.get("notificationsSent")).longValue(),
                        "no NOTIFICATION either way: " + stats);
                assertEquals("Established", frrNeighbor.get("bgpState"));
                assertNotEquals(null, lab.get("n1", "node"));
            }
        }
    }

    /**
     * RFC 8538 with FRR. The N bit is exchanged both ways. The vroom node's process is stopped
     * (SIGSTOP: a hung control and data plane): FRR's hold timer expires and it sends Hold Timer
     * Expired — with the N bit, a graceful end: FRR keeps vroom's routes, stale. FRR's neighbour is then
     * shut down (so it does not reconnect) and the node continues: vroom reads FRR's NOTIFICATION (or its
     * own hold timer fires) and keeps FRR's route, stale, in its RIB and FIB, and traffic keeps flowing.
     * Once FRR lets the session back, End-of-RIB both ways refreshes every route. Then an operator's hard
     * clear on vroom sends Cease/Hard Reset, which FRR decodes as one (carrying Administrative Reset).
     */
    @Test
    void holdTimerExpiryIsGracefulWithTheNBitAndAHardClearIsAHardReset() throws Exception {
        try (Netns net = new Netns()) {
            topology(net);
            // The way back to the host while FRR's neighbour is shut down (FRR then drops vroom's routes): a kernel route
            // that loses to the one FRR installs from BGP.
            net.exec(FRR_NS, "ip", "route", "add", "10.9.41.0/24", "via", VROOM, "metric", "500");
            try (Frr frr = new Frr(net, FRR_NS, dir.resolve("frr"), "bgpd", frrConf("  network 10.9.50.0/24", "3 9"));
                 Lab lab = new Lab(false)) {
                lab.startNode("n1", CONTROL, vroomYaml(9));
                lab.awaitNodes(60_000);
                Await.until("vroom Established with FRR", 60_000, () -> "ESTABLISHED".equals(neighbor(lab, FRR).get("state")) ? Boolean.TRUE : null);
                Await.until("routes both ways", 30_000,
                        () -> rib(lab).contains("10.9.50.0/24") && frrTable(frr).containsKey("10.9.41.0/24") ? Boolean.TRUE : null);
                assertEquals(true, grInfo(frr).get("nBit"), "FRR got vroom's N bit: " + grInfo(frr));
                @SuppressWarnings("unchecked") Map<String, Object> fromFrr = (Map<String, Object>) neighbor(lab, FRR).get("peerGracefulRestart");
                assertEquals(true, fromFrr.get("nBit"), "vroom got FRR's N bit: " + fromFrr);
                Await.until("the host reaches 10.9.50.1 through vroom", 30_000, () -> ping(net) ? Boolean.TRUE : null);

                // vroom hangs: FRR's hold timer (9 s) expires; FRR keeps vroom's routes, stale (RFC 8538 §3).
                String pid = Long.toString(lab.pid("n1"));
                Netns.run("kill", "-STOP", pid);
                try {
                    Await.until("FRR's hold timer expired and it kept vroom's route, stale", 30_000, () -> {
                        Map<String, Object> nb = frrNeighbor(frr);
                        Map<String, Map<String, Object>> t = frrTable(frr);
                        assertTrue(t.containsKey("10.9.41.0/24"), "FRR withdrew vroom's route: " + nb.get("lastResetDueTo"));
                        return !"Established".equals(nb.get("bgpState")) && Boolean.TRUE.equals(t.get("10.9.41.0/24").get("stale")) ? Boolean.TRUE : null;
                    });
                    Map<String, Object> down = frrNeighbor(frr);
                    assertEquals("Hold Timer Expired", down.get("lastNotificationReason"), "FRR's hold timer ended it: " + down);
                    assertEquals(false, down.get("lastNotificationHardReset"));
                    frr.vtysh("configure terminal", "router bgp 65002", "neighbor " + VROOM + " shutdown");
                } finally {
                    Netns.run("kill", "-CONT", pid);
                }

                // vroom continues: the session is over (FRR's NOTIFICATION, vroom's own hold timer, or the TCP connection
                // FRR closed meanwhile, whichever vroom reads first); whichever it was, FRR's route stays, stale.
                Await.until("vroom sees the session end", 20_000, () -> "ESTABLISHED".equals(neighbor(lab, FRR).get("state")) ? null : Boolean.TRUE);
                String why = String.valueOf(neighbor(lab, FRR).get("lastError"));
                assertFalse(why.contains("Hard Reset"), why);
                assertEquals(true, vroomPath(lab, "10.9.50.0/24").get("stale"), "RFC 8538: vroom keeps FRR's route, stale");
                assertTrue(rib(lab).contains("10.9.50.0/24") && fib(lab).containsKey("10.9.50.0/24"), "in its RIB and FIB");
                Await.until("traffic still flows over the stale route", 10_000, () -> ping(net) ? Boolean.TRUE : null);

                // FRR lets the session back: End-of-RIB both ways, nothing stale.
                frr.vtysh("configure terminal", "router bgp 65002", "no neighbor " + VROOM + " shutdown");
                Await.until("Established again, FRR's route refreshed", 30_000, () -> "ESTABLISHED".equals(neighbor(lab, FRR).get("state"))
                        && Boolean.TRUE.equals(neighbor(lab, FRR).get("endOfRibReceived")) && !vroomPath(lab, "10.9.50.0/24").containsKey("stale") ? Boolean.TRUE : null);
                Await.until("FRR has vroom's route, not stale", 30_000, () -> {
                    Map<String, Object> r = frrTable(frr).get("10.9.41.0/24");
                    return r != null && !Boolean.TRUE.equals(r.get("stale")) ? Boolean.TRUE : null;
                });

                // A hard clear: Cease/Hard Reset carrying Cease/Administrative Reset (RFC 8538 §3, §5).
                io.vroom.cli.Main.post(CONTROL, "vr/vr1/protocol/bgp/command", "clear", List.of(FRR));
                Await.until("FRR received a Hard Reset", 20_000, () -> Boolean.TRUE.equals(frrNeighbor(frr).get("lastNotificationHardReset")) ? Boolean.TRUE : null);
                Map<String, Object> nb = frrNeighbor(frr);
                assertEquals("0604", nb.get("lastErrorCodeSubcode"), "the Hard Reset carried Administrative Reset: " + nb.get("lastNotificationReason"));
                Await.until("the session and the routes come back", 30_000, () -> "ESTABLISHED".equals(neighbor(lab, FRR).get("state"))
                        && rib(lab).contains("10.9.50.0/24") && frrTable(frr).containsKey("10.9.41.0/24") ? Boolean.TRUE : null);
            }
        }
    }

    // ---- vroom, through the node's control API ------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> summary(Lab lab) {
        Object s = lab.get("n1", "vr/vr1/protocol/bgp/summary");
        return s instanceof Map ? (Map<String, Object>) s : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> neighbor(Lab lab, String address) {
        Object ns = summary(lab).get("neighbors");
        if (ns instanceof List<?> l) for (Object o : l) if (address.equals(((Map<String, Object>) o).get("neighbor"))) return (Map<String, Object>) o;
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fibView(Lab lab) {
        Object f = lab.get("n1", "vr/vr1/fib");
        if (!(f instanceof Map)) throw new AssertionError("no FIB view from the node: " + f);
        return (Map<String, Object>) f;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> fib(Lab lab) {
        return (Map<String, Map<String, Object>>) fibView(lab).get("routes");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> routes(Lab lab) {
        Object r = lab.get("n1", "vr/vr1/route");
        return r instanceof Map ? (Map<String, Object>) r : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> route(Map.Entry<String, Object> e) {
        return (Map<String, Object>) ((List<Object>) e.getValue()).get(0);
    }

    /** Prefixes with a BGP route in vroom's RIB. */
    static Set<String> rib(Lab lab) {
        Set<String> s = new TreeSet<>();
        for (Map.Entry<String, Object> e : routes(lab).entrySet()) if ("ebgp".equals(route(e).get("protocol"))) s.add(e.getKey());
        return s;
    }

    /** vroom's best path for {@code prefix} in FRR's detail shape (with "stale" when kept for a restarting peer), or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> vroomPath(Lab lab, String prefix) {
        Object d = lab.get("n1", "vr/vr1/protocol/bgp/ipv4-unicast:" + prefix);
        if (!(d instanceof Map<?, ?> m) || !(m.get("paths") instanceof List<?> paths) || paths.isEmpty()) return Map.of();
        return (Map<String, Object>) paths.get(0);
    }

    @SuppressWarnings("unchecked")
    static Set<String> locRib(Lab lab) {
        Map<String, Object> t = (Map<String, Object>) lab.get("n1", "vr/vr1/protocol/bgp/ipv4-unicast");
        return new TreeSet<>(((Map<String, Object>) t.get("routes")).keySet());
    }

    // ---- FRR, through vtysh --------------------------------------------------------------------------

    /** FRR's table: prefix -> its first path (with "stale" when FRR keeps it for a restarting peer). */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> frrTable(Frr frr) {
        Map<String, Object> all = (Map<String, Object>) Json.parse(frr.vtysh("show bgp ipv4 unicast json"));
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        Object routes = all.get("routes");
        if (routes instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), (Map<String, Object>) ((List<Object>) e.getValue()).get(0));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> frrNeighbor(Frr frr) {
        Map<String, Object> all = (Map<String, Object>) Json.parse(frr.vtysh("show bgp neighbors " + VROOM + " json"));
        Object n = all.get(VROOM);
        return n instanceof Map ? (Map<String, Object>) n : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> grInfo(Frr frr) {
        Object g = frrNeighbor(frr).get("gracefulRestartInfo");
        if (!(g instanceof Map)) throw new AssertionError("no gracefulRestartInfo in FRR's neighbor JSON: " + frrNeighbor(frr));
        return (Map<String, Object>) g;
    }

    /** One echo from the host namespace to 10.9.50.1 (behind FRR), routed by vroom; true if it was answered within 1 s. */
    static boolean ping(Netns net) {
        return net.execResult(HOST_NS, "ping", "-c", "1", "-W", "1", "-n", TARGET).exit() == 0;
    }
}
