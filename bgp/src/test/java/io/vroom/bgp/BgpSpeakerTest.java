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

/** Two speakers over a simulated transport, in virtual time: session, route exchange, export rules, policy. */
class BgpSpeakerTest {
    /** A VR as far as BGP sees it: one interface on 10.0.0.0/24, a RIB map. */
    static final class Vr implements ProtocolContext {
        final int address;
        final TreeMap<Ip4Prefix, Route> routes = new TreeMap<>();
        final List<String> logs = new ArrayList<>();

        Vr(String addr) { address = Ip4.parse(addr); }

        public String vrName() { return "vr-" + Ip4.format(address); }
        public int routerId() { return address; }
        public List<InterfaceInfo> interfaces() { return List.of(new InterfaceInfo(0, "eth0", address, Ip4Prefix.parse("10.0.0.0/24"), 1500, 1, true)); }
        public InterfaceInfo iface(int i) { return i == 0 ? interfaces().get(0) : null; }
        public Rng random() { return new Rng(1); }
        public void send(int ifIndex, int nextHop, byte[] packet) { }
        public void sendRouted(byte[] packet) { }
        public void updateRoute(Route r) { routes.put(r.prefix(), r); }
        public void withdrawRoute(RouteSource s, Ip4Prefix p) { Route r = routes.get(p); if (r != null && r.source() == s) routes.remove(p); }
        public Route lookup(int a) {
            if (Ip4Prefix.parse("10.0.0.0/24").contains(a)) return Route.of(Ip4Prefix.parse("10.0.0.0/24"), RouteSource.CONNECTED, 0, List.of(NextHop.onLink(0)));
            return null;
        }
        public Route best(Ip4Prefix p) { return routes.get(p); }
        public Collection<Route> selectedRoutes() { return routes.values(); }
        public void log(String m) { logs.add(m); }
    }

    static BgpProtocol speaker(String yaml) {
        return (BgpProtocol) new BgpProtocolFactory().create(ConfigNode.parse("test.yaml", yaml), null);
    }

    /** Delivers transport commands between two speakers until quiet (connection ids map 1:1 by slot). */
    static void pump(long now, BgpProtocol a, Vr va, BgpProtocol b, Vr vb) {
        for (int i = 0; i < 1000; i++) {
            List<TransportCommand> ca = a.pollTransport(), cb = b.pollTransport();
            if (ca.isEmpty() && cb.isEmpty()) return;
            deliver(now, ca, a, va, b, vb);
            deliver(now, cb, b, vb, a, va);
        }
        fail("no quiescence");
    }

    static void deliver(long now, List<TransportCommand> cmds, BgpProtocol from, Vr vfrom, BgpProtocol to, Vr vto) {
        for (TransportCommand c : cmds) {
            if (c instanceof TransportCommand.Connect k) {
                int id = to.connectionAccepted(now, vto, k.localAddress(), k.remoteAddress());
                if (id >= 0) from.connectionUp(now, vfrom, k.connId());
                else from.connectionClosed(now, vfrom, k.connId());
            } else if (c instanceof TransportCommand.Send s) {
                // the peer's id for this connection: slot 1 on both sides; incoming = +1 on the accepting side
                int peerConn = (s.connId() & 1) == 0 ? s.connId() + 1 : s.connId() - 1;
                to.connectionData(now, vto, peerConn, s.data(), 0, s.data().length);
            } else if (c instanceof TransportCommand.Close cl) {
                int peerConn = (cl.connId() & 1) == 0 ? cl.connId() + 1 : cl.connId() - 1;
                to.connectionClosed(now, vto, peerConn);
            }
        }
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
        Vr va = new Vr("10.0.0.1"), vb = new Vr("10.0.0.2");
        BgpProtocol a = speaker(A), b = speaker(B);
        a.start(0, va);
        b.start(0, vb);
        pump(0, a, va, b, vb);
        assertEquals("ESTABLISHED", ((java.util.Map<?, ?>) ((List<?>) ((java.util.Map<?, ?>) a.show("summary")).get("neighbors")).get(0)).get("state"));
        a.originate(1, va, Nlri.key(Ip4.parse("203.0.113.0"), 24), attrs());
        a.originate(1, va, Nlri.key(Ip4.parse("192.168.1.0"), 24), attrs());
        pump(1, a, va, b, vb);
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
        Route r = vb.routes.get(Ip4Prefix.parse("203.0.113.0/24"));
        assertNotNull(r, "installed into the VR's RIB");
        assertEquals(RouteSource.EBGP, r.source());
        assertEquals(new NextHop(0, Ip4.parse("10.0.0.1")), r.nextHops().get(0));
        // keepalives keep it up for ten virtual minutes
        long now = 1;
        while (now < 600_000_000_000L) {
            now = Math.min(a.nextDeadlineNs(), b.nextDeadlineNs());
            if (a.nextDeadlineNs() <= now) a.handleTimeout(now, va);
            if (b.nextDeadlineNs() <= now) b.handleTimeout(now, vb);
            pump(now, a, va, b, vb);
        }
        assertNotNull(b.rib().best(k));
        // withdraw travels too, and leaves the VR's RIB
        a.rib().withdraw(0, k, nh -> 0);
        a.handleTimeout(now, va);
        pump(now, a, va, b, vb);
        assertNull(b.rib().best(k));
        assertNull(vb.routes.get(Ip4Prefix.parse("203.0.113.0/24")));
    }

    @Test
    void maximumPrefixCeasesTheSession() {
        Vr va = new Vr("10.0.0.1"), vb = new Vr("10.0.0.2");
        BgpProtocol a = speaker(A);
        BgpProtocol b = speaker("""
                local-as: 65002
                neighbors:
                  - {address: 10.0.0.1, remote-as: 65001, passive: true, max-prefix: 2}
                """);
        a.start(0, va);
        b.start(0, vb);
        pump(0, a, va, b, vb);
        for (int i = 0; i < 3; i++) a.originate(1, va, Nlri.key(Ip4.parse("203.0." + i + ".0"), 24), attrs());
        pump(1, a, va, b, vb);
        var summary = (java.util.Map<?, ?>) b.show("summary");
        var n = (java.util.Map<?, ?>) ((List<?>) summary.get("neighbors")).get(0);
        assertEquals("IDLE", n.get("state"));
        assertTrue(n.get("lastError").toString().contains("Cease/1"), n.get("lastError").toString());
        assertEquals(0, b.rib().locRibSize(), "routes of the ceased peer are flushed");
    }

    @Test
    void configErrorsNameTheField() {
        var e = assertThrows(io.vroom.core.config.ConfigException.class, () -> speaker("""
                local-as: 65002
                neighbors:
                  - {address: 10.0.0.1, remote-as: 65001, hold-time: 2}
                """));
        assertTrue(e.getMessage().contains("hold-time"), e.getMessage());
        e = assertThrows(io.vroom.core.config.ConfigException.class, () -> speaker("""
                local-as: 65002
                neighbours: []
                """));
        assertTrue(e.getMessage().contains("neighbours"), e.getMessage());
    }
}
