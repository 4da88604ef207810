package io.vroom.tests.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.bgp.BgpProtocol;
import io.vroom.bgp.BgpProtocolFactory;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.session.BgpSession;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.session.SessionState;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.sim.DiamondTestbed;
import io.vroom.core.sim.SimLink;
import io.vroom.core.sim.SimNode;
import io.vroom.core.sim.SimVr;
import io.vroom.core.sim.Simulator;
import io.vroom.core.tcp.TcpCounter;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrState;
import io.vroom.snapshot.StateCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 item 7, "ready to move": VR a and its eBGP peer p run BGP over their own user-space TCP
 * across a simulated link. While 100k routes are on their way between them, a is paused, captured
 * (its whole VrState, TCP connections included), serialized with Kryo, and after a 500 ms stall
 * restored into a fresh VR on another node, with its link re-homed. The hold time is 3 s (keepalive
 * every second), so a stall the peer noticed would show. Both directions: p sending to a (a captured
 * mid-receive) and a sending to p (a captured mid-send). A 4 s stall is the control: it must reset.
 */
class BgpMoveTest {
    static final long MS = 1_000_000L, SEC = 1_000_000_000L;
    static final int ROUTES = 100_000;

    static final String A_YAML = """
            local-as: 65001
            neighbors:
              - {address: 10.0.0.2, remote-as: 65002, hold-time: 3, connect-retry: 1, import-policy: IN}
            prefix-lists:
              TEST-NET: [{action: permit, prefix: 20.0.0.0/7, le: 32}]
            policies:
              IN:
                default: reject
                terms:
                  - match: {prefix-list: TEST-NET, as-path: "^65002$"}
                    set: {local-preference: 200, community-add: ["65001:7"]}
                    action: accept
            """;
    static final String P_YAML = """
            local-as: 65002
            neighbors:
              - {address: 10.0.0.1, remote-as: 65001, hold-time: 3, passive: true}
            """;

    /** Two VRs, a (10.0.0.1, on node na) and p (10.0.0.2, on node np), joined by one link. */
    static final class Pair {
        final Simulator sim;
        final SimLink link;

        Pair(long seed, long latencyNs) {
            sim = new Simulator(seed);
            link = sim.link("a-p", latencyNs);
            sim.addNode("na").host(new VirtualRouter(DiamondTestbed.vr("a", seed, new String[] {"eth0", "10.0.0.1/24"}, null),
                    List.of(speaker(A_YAML))), List.of(link.a()), true);
            sim.addNode("np").host(new VirtualRouter(DiamondTestbed.vr("p", seed + 1, new String[] {"eth0", "10.0.0.2/24"}, null),
                    List.of(speaker(P_YAML))), List.of(link.b()), true);
        }

        SimVr a() { return sim.vr("a"); }
        SimVr p() { return sim.vr("p"); }
    }

    static BgpProtocol speaker(String yaml) {
        return (BgpProtocol) new BgpProtocolFactory().create(ConfigNode.parse("test.yaml", yaml), null);
    }

    static BgpProtocol bgp(SimVr vr) {
        return (BgpProtocol) vr.router().protocol("bgp");
    }

    static Map<?, ?> neighbor(SimVr vr) {
        Map<?, ?> summary = (Map<?, ?>) bgp(vr).show("summary");
        return (Map<?, ?>) ((List<?>) summary.get("neighbors")).get(0);
    }

    /** Route {@code i} of the test table: distinct /24s from 20.0.0.0, a thousand attribute sets (MED) so UPDATEs are many. */
    static List<String> route(int i) {
        return List.of((20 + (i >>> 16)) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff) + ".0/24", "med=" + (i % 1000));
    }

    static void originateAll(SimVr vr) {
        for (int i = 0; i < ROUTES; i++) vr.command("bgp", "originate", route(i));
    }

    /** What shows that a session reset or a connection was replaced: the Established log lines, resets, TCP opens and RSTs. */
    record SessionMarks(SessionState state, long establishedAtNs, long established, long down, long opens, long rsts, String lastError) {
        static SessionMarks of(Pair n, SimVr vr) {
            long est = 0, down = 0;
            for (String l : n.sim.trace()) {
                if (!l.contains("vr " + vr.name() + " log bgp: BGP neighbour")) continue;
                if (l.contains(" Established ")) est++;
                if (l.contains(" down: ")) down++;
            }
            VirtualRouter r = vr.router();
            BgpSession s = bgp(vr).session(Ip4.parse(vr.name().equals("a") ? "10.0.0.2" : "10.0.0.1"));
            return new SessionMarks(s.state(), s.establishedAtNs(), est, down,
                    r.tcpCounter(TcpCounter.ACTIVE_OPENS) + r.tcpCounter(TcpCounter.PASSIVE_OPENS),
                    r.tcpCounter(TcpCounter.RST_SENT) + r.tcpCounter(TcpCounter.RST_RECEIVED), s.lastError());
        }
    }

    /** Pauses a, captures and Kryo-encodes it, and after {@code stallNs} restores it on a fresh node and resumes it. */
    static String move(Pair n, long stallNs) {
        Simulator sim = n.sim;
        SimNode spare = sim.addNode("na-2");
        sim.pause("a");
        StateCodec codec = new StateCodec();
        long t0 = System.nanoTime();
        byte[] wire = codec.encode(n.a().router().capture());
        long encodeNs = System.nanoTime() - t0;
        sim.runFor(stallNs);
        sim.node("na").evict("a");
        t0 = System.nanoTime();
        VirtualRouter restored = VirtualRouter.restore(codec.decode(wire, VrState.class));
        long decodeNs = System.nanoTime() - t0;
        spare.host(restored, List.of(n.link.a()), false);
        sim.resume("a");
        assertTrue(sim.node("na").vrs().isEmpty() && spare.vrs().containsKey("a"));
        String resumed = sim.trace().stream().filter(l -> l.contains("vr a resumed")).findFirst().orElseThrow();
        return resumed + " (" + wire.length + " state bytes, encode " + encodeNs / 1_000_000 + " ms, decode " + decodeNs / 1_000_000 + " ms)";
    }

    /** Runs until the receiver holds between 10% and 90% of the table: the sender is in the middle of sending it. */
    static int runToMidTransfer(Pair n, SimVr receiver) {
        for (int step = 0; step < 60_000; step++) {
            n.sim.runFor(MS);
            int got = bgp(receiver).rib().locRibSize();
            if (got > ROUTES / 10 && got < ROUTES * 9 / 10) return got;
            if (got >= ROUTES * 9 / 10) return -got;
        }
        return -1;
    }

    static long bgpRoutesInVrRib(SimVr vr) {
        long c = 0;
        for (Route r : vr.router().selectedRoutes()) if (r.source() == RouteSource.EBGP) c++;
        return c;
    }

    /** P sends a its table; returns the pair right when a has part of it, and what was seen then. */
    static Pair peerSendingMidway(long seed) {
        Pair n = new Pair(seed, 5 * MS);
        originateAll(n.p()); // p's table is ready before the session comes up: it sends it all at once (RFC 4271 §9.1.3)
        int got = runToMidTransfer(n, n.a());
        assertTrue(got > 0, "never caught a with part of the table (" + got + ")");
        assertEquals("ESTABLISHED", neighbor(n.p()).get("state"));
        return n;
    }

    @Test
    void aVrCapturedWhileItsPeerSendsItATableKeepsTheSession() {
        Pair n = peerSendingMidway(11);
        int atCapture = bgp(n.a()).rib().locRibSize();
        SessionMarks p0 = SessionMarks.of(n, n.p()), a0 = SessionMarks.of(n, n.a());
        assertEquals(1, p0.established());
        String resumed = move(n, 500 * MS);
        System.out.printf("moved a while p sends it %d routes (%d received at capture): %s%n", ROUTES, atCapture, resumed);
        assertTrue(!resumed.contains(" with 0 held packets"), "segments arrived during the stall and were held: " + resumed);
        n.sim.runFor(20 * SEC);
        SessionMarks p1 = SessionMarks.of(n, n.p()), a1 = SessionMarks.of(n, n.a());
        assertEquals(p0, p1, "the peer's session never reset (no state change, no NOTIFICATION, same TCP connection)");
        assertEquals(a0, a1, "nor did a's");
        assertEquals("", p1.lastError(), "no NOTIFICATION either way (no hold timer expiry)");
        assertEquals("ESTABLISHED", neighbor(n.a()).get("state"));
        assertEquals("ESTABLISHED", neighbor(n.p()).get("state"));
        BgpProtocol a = bgp(n.a());
        assertEquals(ROUTES, a.rib().locRibSize(), "a has every route in its Loc-RIB");
        assertEquals(ROUTES, bgpRoutesInVrRib(n.a()), "and in the VR's RIB");
        assertTrue(n.a().dataPlane().fibSize() >= ROUTES, "and in the FIB on the new node: " + n.a().dataPlane().fibSize());
        assertEquals("na-2", n.a().node().name());
        assertEquals(ROUTES, ((Number) neighbor(n.a()).get("prefixesReceived")).intValue());
        assertEquals(ROUTES, ((Number) neighbor(n.p()).get("prefixesSent")).intValue());
        // Routes that arrived after the move went through the import policy too (its AS-path
        // regular expression is compiled lazily: the compiled form is not state and did not travel).
        PathAttributes last = a.rib().best(Nlri.key(Ip4Prefix.parse(route(ROUTES - 1).get(0))));
        assertNotNull(last);
        assertEquals(200, last.localPref());
        assertTrue(last.hasCommunity((65001 << 16) | 7));
        // and the session keeps carrying changes after the move
        n.p().command("bgp", "withdraw", route(7).subList(0, 1));
        n.p().command("bgp", "originate", List.of("192.0.2.0/24"));
        n.sim.runFor(1 * SEC);
        assertEquals(ROUTES - 1, a.rib().locRibSize(), "the withdrawal arrived; 192.0.2.0/24 was rejected by a's policy");
    }

    @Test
    void aVrCapturedWhileSendingItsTableToThePeerKeepsTheSession() {
        Pair n = new Pair(12, 5 * MS);
        originateAll(n.a());
        int got = runToMidTransfer(n, n.p());
        assertTrue(got > 0, "never caught p with part of a's table (" + got + ")");
        int atCapture = got;
        SessionMarks p0 = SessionMarks.of(n, n.p()), a0 = SessionMarks.of(n, n.a());
        String resumed = move(n, 500 * MS);
        System.out.printf("moved a while it sends p %d routes (%d received at capture): %s%n", ROUTES, atCapture, resumed);
        n.sim.runFor(20 * SEC);
        SessionMarks p1 = SessionMarks.of(n, n.p()), a1 = SessionMarks.of(n, n.a());
        assertEquals(p0, p1, "the peer's session never reset");
        assertEquals(a0, a1, "nor did a's");
        assertEquals("", p1.lastError());
        assertEquals(ROUTES, bgp(n.p()).rib().locRibSize(), "p has every route a sent");
        assertEquals(ROUTES, bgpRoutesInVrRib(n.p()), "in its VR's RIB");
        assertTrue(n.p().dataPlane().fibSize() >= ROUTES, "and FIB");
        assertEquals(ROUTES, bgp(n.a()).rib().locRibSize(), "a still has its own table after the move");
        assertEquals(ROUTES, ((Number) neighbor(n.a()).get("prefixesSent")).intValue());
    }

    @Test
    void aStallLongerThanTheHoldTimeIsNoticed() {
        // The control: the same move with a 4 s stall (> 3 s hold time) must reset the session, so the
        // assertions above can fail. The session then comes back and the table is sent again.
        Pair n = peerSendingMidway(11);
        SessionMarks p0 = SessionMarks.of(n, n.p());
        move(n, 4 * SEC);
        n.sim.runFor(30 * SEC);
        SessionMarks p1 = SessionMarks.of(n, n.p());
        assertTrue(p1.lastError().contains("hold timer expired"), p1.lastError());
        assertTrue(p1.establishedAtNs() > p0.establishedAtNs(), "p's session went down and came back: " + p0 + " -> " + p1);
        assertEquals(ROUTES, bgp(n.a()).rib().locRibSize(), "after which a has the table again");
    }
}
