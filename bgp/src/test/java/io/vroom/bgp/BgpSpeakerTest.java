package io.vroom.bgp;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.session.SessionState;
import io.vroom.bgp.wire.Nlri;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.Rng;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Two VRs' speakers over their own TCP across a simulated link, in virtual time: session, route exchange, export rules, policy, commands. */
class BgpSpeakerTest {
    static Route bestRoute(io.vroom.core.sim.SimVr vr, String prefix) {
        for (Route r : vr.router().selectedRoutes()) if (r.prefix().equals(Ip4Prefix.parse(prefix))) return r;
        return null;
    }

    static final String A = """
            local-as: 65001
            neighbors:
              - {address: 10.0.0.2, remote-as: 65002, hold-time: 90}
            """;
    static final String B = """
            local-as: 65002
            neighbors:
              - {address: 10.0.0.1, remote-as: 65001, passive: true, import-policy: IN}
            prefix-lists:
              BOGONS: [{action: permit, prefix: 192.168.0.0/16, le: 32}]
            policies:
              IN:
                terms:
                  - match: {prefix-list: BOGONS}
                    action: reject
                  - match: {as-path: "_65001$"}
                    set: {local-preference: 250, community-add: ["65002:7"], large-community-add: ["65002:1:1"]}
                    action: accept
            """;

    static PathAttributes attrs(long... path) {
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = 0;
        b.asPath = AsPath.sequence(path);
        b.nextHop(Ip4.parse("10.0.0.1"));
        b.med = 5;
        return b.build();
    }

    @Test
    void ebgpRoutesFlowWithExportRulesAndImportPolicy() {
        BgpSimPair n = new BgpSimPair(1, A, B);
        n.runSeconds(5);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.a));
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b));
        n.a.command("bgp", "originate", List.of("203.0.113.0/24", "med=5"));
        n.a.command("bgp", "originate", List.of("192.168.1.0/24"));
        n.runSeconds(1);
        BgpProtocol b = BgpSimPair.bgp(n.b);
        long k = Nlri.key(Ip4.parse("203.0.113.0"), 24);
        PathAttributes got = b.rib().best(k);
        assertNotNull(got, "route arrived");
        assertEquals("65001", got.asPath().toString(), "eBGP prepends the sender's AS");
        assertEquals(Ip4.parse("10.0.0.1"), got.nextHop(), "next hop self");
        assertEquals(250, got.localPref(), "import policy set LOCAL_PREF");
        assertTrue(got.hasCommunity((65002 << 16) | 7));
        assertTrue(got.hasLargeCommunity(65002, 1, 1));
        assertEquals(5, got.med(), "a locally originated MED goes to eBGP peers");
        assertNull(b.rib().best(Nlri.key(Ip4.parse("192.168.1.0"), 24)), "prefix list rejected");
        Route r = bestRoute(n.b, "203.0.113.0/24");
        assertNotNull(r, "installed into the VR's RIB");
        assertEquals(RouteSource.EBGP, r.source());
        assertEquals(new NextHop(0, Ip4.parse("10.0.0.1")), r.nextHops().get(0));
        // keepalives keep it up for ten virtual minutes, over the VRs' TCP
        n.runSeconds(600);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b));
        assertNotNull(b.rib().best(k));
        // a withdrawal travels too, and leaves the VR's RIB
        n.a.command("bgp", "withdraw", List.of("203.0.113.0/24"));
        n.runSeconds(1);
        assertNull(b.rib().best(k));
        assertNull(bestRoute(n.b, "203.0.113.0/24"));
    }

    @Test
    void aSpeakerThatDoesNotInstallStillSelectsAndPassesRoutesOn() {
        // b is off the forwarding path (install-routes: false): its Loc-RIB holds the route and b
        // advertises it back out, but the VR's RIB (and so its FIB) never sees a BGP route.
        BgpSimPair n = new BgpSimPair(7, A, """
                local-as: 65002
                install-routes: false
                neighbors:
                  - {address: 10.0.0.1, remote-as: 65001, passive: true}
                """);
        n.runSeconds(5);
        n.a.command("bgp", "originate", List.of("203.0.113.0/24"));
        n.runSeconds(1);
        long k = Nlri.key(Ip4.parse("203.0.113.0"), 24);
        assertNotNull(BgpSimPair.bgp(n.b).rib().best(k), "selected into the Loc-RIB");
        assertNull(bestRoute(n.b, "203.0.113.0/24"), "not installed into the VR's RIB");
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b));
    }

    @Test
    void bothSidesActiveCollideAndOneSessionSurvives() {
        BgpSimPair n = new BgpSimPair(4, A, """
                local-as: 65002
                neighbors:
                  - {address: 10.0.0.1, remote-as: 65001}
                """);
        n.runSeconds(60);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.a));
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b));
        assertEquals("", BgpSimPair.neighbor(n.a).get("lastError"), "no session was reset on the way");
    }

    @Test
    void aLocRibDumpedAsMrtIsOriginatedByAnotherSpeaker(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        BgpSimPair first = new BgpSimPair(5, A, B);
        for (int i = 0; i < 50; i++) first.a.command("bgp", "originate", List.of("198.18." + i + ".0/24", "community=65001:" + i));
        byte[] mrt = (byte[]) first.a.command("bgp", "mrt-dump", List.of("1700000000"));
        java.nio.file.Path file = dir.resolve("table.mrt");
        java.nio.file.Files.write(file, mrt);
        BgpSimPair second = new BgpSimPair(6, A + "mrt-originate: " + file + "\n", B);
        second.runSeconds(5);
        BgpProtocol b = BgpSimPair.bgp(second.b);
        assertEquals(50, b.rib().locRibSize(), "every MRT route reached the peer");
        PathAttributes got = b.rib().best(Nlri.key(Ip4.parse("198.18.7.0"), 24));
        assertTrue(got.hasCommunity((65001 << 16) | 7), "with its attributes");
        var e = assertThrows(io.vroom.core.config.ConfigException.class, () -> BgpSimPair.speaker(A + "mrt-originate: " + dir.resolve("missing.mrt") + "\n"));
        assertTrue(e.getMessage().contains("mrt-originate"), e.getMessage());
    }

    @Test
    void maximumPrefixCeasesTheSession() {
        BgpSimPair n = new BgpSimPair(2, A, """
                local-as: 65002
                neighbors:
                  - {address: 10.0.0.1, remote-as: 65001, passive: true, max-prefix: 2}
                """);
        n.runSeconds(5);
        for (int i = 0; i < 3; i++) n.a.command("bgp", "originate", List.of("203.0." + i + ".0/24"));
        n.runSeconds(1);
        var nb = BgpSimPair.neighbor(n.b);
        assertNotEquals("ESTABLISHED", nb.get("state"));
        assertTrue(nb.get("lastError").toString().contains("Cease/1"), nb.get("lastError").toString());
        assertEquals(0, BgpSimPair.bgp(n.b).rib().locRibSize(), "routes of the ceased peer are flushed");
    }

    @Test
    void clearSoftInAsksForARouteRefreshAndHardResetReconnects() {
        BgpSimPair n = new BgpSimPair(3, A, B);
        n.runSeconds(5);
        n.a.command("bgp", "originate", List.of("203.0.113.0/24"));
        n.runSeconds(1);
        long inBefore = (Long) BgpSimPair.neighbor(n.a).get("messagesIn");
        n.b.command("bgp", "clear", List.of("10.0.0.1", "soft-in"));
        n.runSeconds(1);
        assertTrue((Long) BgpSimPair.neighbor(n.a).get("messagesIn") > inBefore, "a received the ROUTE-REFRESH");
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b), "soft reset keeps the session");
        n.b.command("bgp", "clear", List.of("10.0.0.1"));
        n.runSeconds(0.5);
        assertTrue(BgpSimPair.neighbor(n.a).get("lastError").toString().contains("Cease/4"), "a heard Administrative Reset");
        n.runSeconds(60);
        assertEquals("ESTABLISHED", BgpSimPair.state(n.b), "the session comes back");
        assertNotNull(BgpSimPair.bgp(n.b).rib().best(Nlri.key(Ip4.parse("203.0.113.0"), 24)), "and the route with it");
        var e = assertThrows(IllegalArgumentException.class, () -> n.b.command("bgp", "clear", List.of("10.9.9.9")));
        assertTrue(e.getMessage().contains("no neighbor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> n.a.command("bgp", "originate", List.of("203.0.113.0/24", "med=x")));
        assertTrue(e.getMessage().contains("med"), e.getMessage());
    }

    @Test
    void configErrorsNameTheField() {
        var e = assertThrows(io.vroom.core.config.ConfigException.class, () -> BgpSimPair.speaker("""
                local-as: 65002
                neighbors:
                  - {address: 10.0.0.1, remote-as: 65001, hold-time: 2}
                """));
        assertTrue(e.getMessage().contains("hold-time"), e.getMessage());
        e = assertThrows(io.vroom.core.config.ConfigException.class, () -> BgpSimPair.speaker("""
                local-as: 65002
                neighbours: []
                """));
        assertTrue(e.getMessage().contains("neighbours"), e.getMessage());
    }
}
