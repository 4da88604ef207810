package io.vroom.bgp;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.wire.Afi;
import io.vroom.bgp.wire.Capabilities;
import io.vroom.bgp.wire.KeepaliveMessage;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.OpenMessage;
import io.vroom.bgp.wire.UpdateMessage;
import io.vroom.core.net.Ip4;
import io.vroom.core.sim.DiamondTestbed;
import io.vroom.core.sim.SimLink;
import io.vroom.core.sim.SimVr;
import io.vroom.core.sim.Simulator;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.tcp.TcpEvent;
import io.vroom.core.vr.VirtualRouter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A peer that lies: VR a has a good neighbour b and a hostile one, c, whose "BGP" is a raw TCP
 * client sending a valid OPEN and then bytes of the test's choosing. Whatever c sends, a's session
 * with b never notices, a answers c as RFC 4271 / RFC 7606 say, and a keeps running.
 */
class HostilePeerTest {
    static final long S = 1_000_000_000L;

    /** The liar: OPEN + KEEPALIVE, then once a's OPEN arrives, {@code payload}; records what a sends back. */
    static final class Liar implements Protocol {
        final List<byte[]> payload;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int conn = -1;
        boolean sent, closedByPeer;

        Liar(List<byte[]> payload) { this.payload = payload; }

        @Override public String name() { return "liar"; }
        @Override public void start(long nowNs, ProtocolContext ctx) { conn = ctx.tcpConnect(Ip4.parse("10.0.1.2"), Ip4.parse("10.0.1.1"), 179); }
        @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {}
        @Override public void handleTimeout(long nowNs, ProtocolContext ctx) {}
        @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }

        @Override
        public void handleTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
            if (e instanceof TcpEvent.Connected) {
                Capabilities caps = new Capabilities(List.of(Afi.IPV4_UNICAST), 65003, true, null, List.of(), List.of());
                ctx.tcpSend(conn, new OpenMessage(4, 65003, 90, Ip4.parse("10.0.1.2"), caps).encode());
                ctx.tcpSend(conn, KeepaliveMessage.encode());
            } else if (e instanceof TcpEvent.Data d) {
                received.writeBytes(d.bytes());
                if (!sent) {
                    sent = true;
                    for (byte[] p : payload) ctx.tcpSend(conn, p);
                }
            } else if (e instanceof TcpEvent.PeerClosed || e instanceof TcpEvent.Reset) {
                closedByPeer = true;
                ctx.tcpClose(conn);
            }
        }

        /** The first NOTIFICATION a sent us: {code, subcode}, or null. */
        int[] notification() {
            byte[] b = received.toByteArray();
            for (int p = 0; p + 19 <= b.length; ) {
                int len = ((b[p + 16] & 0xff) << 8) | (b[p + 17] & 0xff);
                if (len < 19) return null;
                if (b[p + 18] == 3 && p + 21 <= b.length) return new int[] {b[p + 19] & 0xff, b[p + 20] & 0xff};
                p += len;
            }
            return null;
        }
    }

    final Simulator sim = new Simulator(9);
    SimVr a, b, c;
    Liar liar;

    void build(List<byte[]> payload) {
        SimLink ab = sim.link("a-b", 1_000_000), ac = sim.link("a-c", 1_000_000);
        a = sim.addNode("na").host(new VirtualRouter(DiamondTestbed.vr("a", 1, new String[] {"eth0", "10.0.0.1/24", "eth1", "10.0.1.1/24"}, null),
                List.of(BgpSimPair.speaker("""
                        local-as: 65001
                        networks: ["203.0.113.0/24"]
                        neighbors:
                          - {address: 10.0.0.2, remote-as: 65002}
                          - {address: 10.0.1.2, remote-as: 65003, passive: true}
                        """))), List.of(ab.a(), ac.a()), true);
        b = sim.addNode("nb").host(new VirtualRouter(DiamondTestbed.vr("b", 2, new String[] {"eth0", "10.0.0.2/24"}, null),
                List.of(BgpSimPair.speaker("""
                        local-as: 65002
                        neighbors:
                          - {address: 10.0.0.1, remote-as: 65001}
                        """))), List.of(ab.b()), true);
        sim.runFor(5 * S); // a and b are Established before c starts lying
        liar = new Liar(payload);
        c = sim.addNode("nc").host(new VirtualRouter(DiamondTestbed.vr("c", 3, new String[] {"eth0", "10.0.1.2/24"}, null), List.of(liar)),
                List.of(ac.b()), true);
    }

    Map<?, ?> neighbor(SimVr vr, int i) {
        Map<?, ?> s = (Map<?, ?>) BgpSimPair.bgp(vr).show("summary");
        return (Map<?, ?>) ((List<?>) s.get("neighbors")).get(i);
    }

    /** What must hold after any lie: b's session untouched and still carrying a's route. */
    void goodSessionUntouched(long bMessagesBefore) {
        assertEquals("ESTABLISHED", neighbor(a, 0).get("state"));
        assertEquals("", neighbor(a, 0).get("lastError"), "a's session with b never reset");
        assertTrue((Long) neighbor(b, 0).get("messagesIn") > bMessagesBefore, "keepalives kept flowing to b");
        assertNotNull(BgpSimPair.bgp(b).rib().best(Nlri.key(Ip4.parse("203.0.113.0"), 24)), "b still has a's route");
    }

    static byte[] update(byte[] attrs, String prefix) {
        return UpdateMessage.encode(null, 0, 0, attrs, new long[] {Nlri.key(io.vroom.core.net.Ip4Prefix.parse(prefix))}, 0, 1);
    }

    static byte[] attrs(int origin) {
        return new byte[] {
            0x40, 1, 1, (byte) origin,                                  // ORIGIN
            0x40, 2, 6, 2, 1, 0, 0, (byte) 0xfd, (byte) 0xeb,          // AS_PATH: SEQUENCE [65003] (4-octet)
            0x40, 3, 4, 10, 0, 1, 2                                     // NEXT_HOP 10.0.1.2
        };
    }

    @Test
    void aBadOriginIsTreatAsWithdrawAndTheSessionStays() {
        build(List.of(update(attrs(0), "192.0.2.0/24"), update(attrs(0), "198.51.100.0/24"), update(attrs(7), "192.0.2.0/24")));
        long before = (Long) neighbor(b, 0).get("messagesIn");
        sim.runFor(60 * S);
        BgpProtocol bgp = BgpSimPair.bgp(a);
        assertNull(bgp.rib().best(Nlri.key(Ip4.parse("192.0.2.0"), 24)), "RFC 7606 §7.1: the malformed route is withdrawn");
        assertNotNull(bgp.rib().best(Nlri.key(Ip4.parse("198.51.100.0"), 24)), "the liar's good route stays");
        assertEquals("ESTABLISHED", neighbor(a, 1).get("state"), "treat-as-withdraw keeps the session");
        assertEquals(1L, ((Number) ((Map<?, ?>) bgp.show("summary")).get("treatAsWithdraw")).longValue());
        assertNull(liar.notification(), "no NOTIFICATION for treat-as-withdraw");
        goodSessionUntouched(before);
    }

    @Test
    void aBrokenMarkerGetsConnectionNotSynchronized() {
        byte[] bad = KeepaliveMessage.encode();
        bad[3] = 0;
        build(List.of(bad));
        long before = (Long) neighbor(b, 0).get("messagesIn");
        sim.runFor(60 * S);
        assertArrayEquals(new int[] {1, 1}, liar.notification(), "RFC 4271 §6.1: Message Header Error / Connection Not Synchronized");
        assertTrue(liar.closedByPeer, "a closed the connection");
        assertNotEquals("ESTABLISHED", neighbor(a, 1).get("state"));
        goodSessionUntouched(before);
    }

    @Test
    void anOversizedLengthGetsBadMessageLength() {
        byte[] bad = new byte[19];
        java.util.Arrays.fill(bad, 0, 16, (byte) 0xff);
        bad[16] = (byte) 0x13; // 4864 > 4096
        bad[17] = 0;
        bad[18] = 2;
        build(List.of(bad));
        long before = (Long) neighbor(b, 0).get("messagesIn");
        sim.runFor(60 * S);
        assertArrayEquals(new int[] {1, 2}, liar.notification(), "RFC 4271 §6.1: Bad Message Length");
        goodSessionUntouched(before);
    }

    @Test
    void randomGarbageNeverDisturbsTheGoodSession() {
        java.util.Random r = new java.util.Random(42);
        byte[] junk = new byte[3000];
        r.nextBytes(junk);
        build(List.of(update(attrs(0), "192.0.2.0/24"), junk));
        long before = (Long) neighbor(b, 0).get("messagesIn");
        sim.runFor(60 * S);
        assertNotNull(liar.notification(), "a answered the garbage with a NOTIFICATION");
        assertNull(BgpSimPair.bgp(a).rib().best(Nlri.key(Ip4.parse("192.0.2.0"), 24)), "the liar's routes left with its session");
        goodSessionUntouched(before);
    }

    @Test
    void aRefusedConnectionTakesTheSessionToActiveAtOnce() {
        SimLink ac = sim.link("a-c", 1_000_000);
        a = sim.addNode("na").host(new VirtualRouter(DiamondTestbed.vr("a", 1, new String[] {"eth0", "10.0.1.1/24"}, null),
                List.of(BgpSimPair.speaker("""
                        local-as: 65001
                        neighbors:
                          - {address: 10.0.1.2, remote-as: 65003, connect-retry: 30}
                        """))), List.of(ac.a()), true);
        // c runs no BGP: its VR answers the SYN to port 179 with a RST (RFC 9293 §3.10.7.1)
        c = sim.addNode("nc").host(new VirtualRouter(DiamondTestbed.vr("c", 3, new String[] {"eth0", "10.0.1.2/24"}, null), List.of()),
                List.of(ac.b()), true);
        sim.runFor(S);
        assertEquals("ACTIVE", neighbor(a, 0).get("state"), "RFC 4271 §8.2.2: the failed connection moves Connect to Active");
    }
}
