package io.vroom.core.vr;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Checksum;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.net.Udp;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The VR's static routes and host stack (ported from the parallel core branch, on main's API). */
class VirtualRouterTest {
    static final int A0 = Ip4.parse("10.0.0.1"), A1 = Ip4.parse("10.0.1.1"), PEER = Ip4.parse("10.0.0.2");

    static VrConfig config(List<VrConfig.StaticRoute> statics) {
        return new VrConfig("vr1", 0, List.of(new VrConfig.InterfaceConfig("eth0", A0, 24, 1500, 10),
                new VrConfig.InterfaceConfig("eth1", A1, 24, 1500, 10)), statics, 42);
    }

    static VrConfig.StaticRoute st(String prefix, String gw, String ifName, boolean blackhole, int distance) {
        return new VrConfig.StaticRoute(Ip4Prefix.parse(prefix), gw == null ? 0 : Ip4.parse(gw), ifName, blackhole, distance);
    }

    /** A protocol that installs one route on start and counts the packets it is given. */
    static final class Probe implements Protocol {
        final String name;
        final Route route;
        final List<Integer> udpPorts;
        final List<Integer> ipProtocols;
        final List<byte[]> packets = new ArrayList<>();

        Probe(String name, Route route, List<Integer> udpPorts, List<Integer> ipProtocols) {
            this.name = name;
            this.route = route;
            this.udpPorts = udpPorts;
            this.ipProtocols = ipProtocols;
        }

        @Override public String name() { return name; }
        @Override public void start(long nowNs, ProtocolContext ctx) { if (route != null) ctx.updateRoute(route); }
        @Override public boolean acceptsUdpPort(int port) { return udpPorts.contains(port); }
        @Override public boolean acceptsIpProtocol(int p) { return ipProtocols.contains(p); }
        @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) { packets.add(packet); }
        @Override public void handleTimeout(long nowNs, ProtocolContext ctx) {}
        @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }
    }

    static VirtualRouter started(List<VrConfig.StaticRoute> statics, List<Protocol> protocols, RecordingOutputs out) {
        VirtualRouter vr = new VirtualRouter(config(statics), protocols);
        vr.start(0, out);
        return vr;
    }

    static byte[] udp(int src, int dst, int dport, int ttl) {
        return Udp.packet(src, 1234, dst, dport, ttl, new byte[4], 0, 4);
    }

    /** A copy with new fragment flags/offset (and a fixed header checksum). */
    static byte[] withFragment(byte[] p, int flagsFragment) {
        byte[] q = p.clone();
        Checksum.write16(q, 6, flagsFragment);
        Checksum.write16(q, 10, 0);
        Checksum.write16(q, 10, Checksum.compute(q, 0, Ipv4.HEADER_LENGTH));
        return q;
    }

    // ---- static routes -------------------------------------------------------------------------

    @Test
    void staticRoutesOfOnePrefixAreMergedIntoOneEcmpRoute() {
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(st("198.51.100.0/24", "10.0.0.9", null, false, 1), st("198.51.100.0/24", "10.0.1.9", null, false, 1),
                st("198.51.100.0/24", "10.0.1.10", null, false, 5), st("192.0.2.0/24", "10.0.0.9", null, false, 1),
                st("192.0.2.0/24", null, null, true, 1)), List.of(), out);
        assertEquals(List.of(new NextHop(0, Ip4.parse("10.0.0.9")), new NextHop(1, Ip4.parse("10.0.1.9"))), out.entry("198.51.100.0/24").nextHops(),
                "equal distance: both next hops; distance 5 ignored");
        assertEquals(1, vr.lookup(Ip4.parse("198.51.100.1")).distance());
        assertEquals(FibEntry.Kind.BLACKHOLE, out.entry("192.0.2.0/24").kind(), "a blackhole among them makes a blackhole");
        // eth0 down: only the next hop via eth1 is left.
        vr.handle(1, new VrEvent.LinkChange(0, false), out);
        assertEquals(List.of(new NextHop(1, Ip4.parse("10.0.1.9"))), out.entry("198.51.100.0/24").nextHops());
        // eth1 down too: the distance-5 route is unusable as well; the prefix leaves RIB and FIB.
        vr.handle(2, new VrEvent.LinkChange(1, false), out);
        assertNull(vr.lookup(Ip4.parse("198.51.100.1")));
        assertNull(out.entry("198.51.100.0/24"));
        vr.handle(3, new VrEvent.LinkChange(1, true), out);
        assertEquals(List.of(new NextHop(1, Ip4.parse("10.0.1.9"))), out.entry("198.51.100.0/24").nextHops());
    }

    @Test
    void anUnusableStaticRouteLeavesTheRibSoAnotherSourceTakesOver() {
        Ip4Prefix p = Ip4Prefix.parse("203.0.113.0/24");
        Probe ospf = new Probe("ospf", Route.of(p, RouteSource.OSPF, 10, List.of(new NextHop(1, Ip4.parse("10.0.1.7")))), List.of(), List.of());
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(st("203.0.113.0/24", null, "eth0", false, 1)), List.of(ospf), out);
        assertEquals(RouteSource.STATIC, vr.lookup(Ip4.parse("203.0.113.1")).source());
        vr.handle(1, new VrEvent.LinkChange(0, false), out);
        assertEquals(RouteSource.OSPF, vr.lookup(Ip4.parse("203.0.113.1")).source());
        assertEquals(List.of(new NextHop(1, Ip4.parse("10.0.1.7"))), out.entry("203.0.113.0/24").nextHops());
        vr.handle(2, new VrEvent.LinkChange(0, true), out);
        assertEquals(RouteSource.STATIC, vr.lookup(Ip4.parse("203.0.113.1")).source());
        assertEquals(List.of(NextHop.onLink(0)), out.entry("203.0.113.0/24").nextHops());
    }

    @Test
    void staticRouteToRemoteGatewayResolvesRecursively() {
        RecordingOutputs out = new RecordingOutputs();
        started(List.of(st("172.16.0.0/24", "10.0.1.9", null, false, 1), st("8.8.8.0/24", "172.16.0.1", null, false, 1)), List.of(), out);
        assertEquals(List.of(new NextHop(1, Ip4.parse("10.0.1.9"))), out.entry("8.8.8.0/24").nextHops());
    }

    // ---- host stack ----------------------------------------------------------------------------

    @Test
    void answersEchoOnOwnAddressAndCountsDrops() {
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(), out);
        byte[] req = Icmp.echoRequest(PEER, A1, 7, 3, new byte[] {1, 2, 3});
        vr.handle(1, new VrEvent.PacketIn(0, req), out);
        assertEquals(1, out.routed.size());
        byte[] rep = out.routed.get(0);
        assertEquals(A1, Ipv4.source(rep, 0));
        assertEquals(PEER, Ipv4.destination(rep, 0));
        assertEquals(Icmp.ECHO_REPLY, Icmp.type(rep, 20));
        assertEquals(1, vr.counter(VrCounter.ECHO_REPLIES));
        // Not ours, TTL left: dropped, counted.
        vr.handle(2, new VrEvent.PacketIn(0, Icmp.echoRequest(PEER, Ip4.parse("10.9.9.9"), 7, 3, new byte[0])), out);
        assertEquals(1, out.routed.size());
        assertEquals(1, vr.counters().get("drop_not_local"));
        // Corrupt IPv4 header; bad ICMP checksum; bad interface index: dropped, counted.
        byte[] bad = req.clone();
        bad[10] ^= 1;
        vr.handle(3, new VrEvent.PacketIn(0, bad), out);
        byte[] badIcmp = req.clone();
        badIcmp[badIcmp.length - 1] ^= 1;
        vr.handle(4, new VrEvent.PacketIn(0, badIcmp), out);
        vr.handle(5, new VrEvent.PacketIn(7, req), out);
        assertEquals(1, out.routed.size());
        assertEquals(1, vr.counters().get("drop_invalid_ipv4"));
        assertEquals(1, vr.counters().get("drop_bad_icmp"));
        assertEquals(1, vr.counters().get("drop_bad_ifindex"));
        assertEquals(5, vr.counters().get("packets_in"));
        assertThrows(UnsupportedOperationException.class, () -> vr.counters().put("packets_in", 0L), "read-only");
    }

    @Test
    void udpChecksumIsValidatedBeforeDelivery() {
        Probe app = new Probe("app", null, List.of(5000), List.of());
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(app), out);
        vr.handle(1, new VrEvent.PacketIn(0, udp(PEER, A0, 5000, 64)), out);
        assertEquals(1, app.packets.size());
        byte[] corrupt = udp(PEER, A0, 5000, 64);
        corrupt[corrupt.length - 1] ^= 0x40;
        vr.handle(2, new VrEvent.PacketIn(0, corrupt), out);
        byte[] badLength = udp(PEER, A0, 5000, 64);
        Checksum.write16(badLength, 24, 200);
        vr.handle(3, new VrEvent.PacketIn(0, badLength), out);
        assertEquals(1, app.packets.size(), "not delivered");
        assertEquals(2, vr.counter(VrCounter.DROP_BAD_UDP));
        // Nor answered: a corrupt datagram to an unclaimed port gets no port unreachable.
        byte[] corrupt2 = udp(PEER, A0, 6000, 64);
        corrupt2[corrupt2.length - 1] ^= 0x40;
        vr.handle(4, new VrEvent.PacketIn(0, corrupt2), out);
        assertTrue(out.routed.isEmpty());
        assertEquals(3, vr.counter(VrCounter.DROP_BAD_UDP));
        // A zero checksum means "none" (RFC 768): delivered.
        byte[] none = udp(PEER, A0, 5000, 64);
        Checksum.write16(none, 26, 0);
        vr.handle(5, new VrEvent.PacketIn(0, none), out);
        assertEquals(2, app.packets.size());
    }

    @Test
    void portAndProtocolUnreachableRateLimited() {
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(), out);
        for (int i = 0; i < 200; i++) vr.handle(2, new VrEvent.PacketIn(0, udp(PEER, A0, 5001, 64)), out);
        assertEquals(50, out.routed.size(), "burst of 50 ICMP errors, then rate-limited");
        byte[] err = out.routed.get(0);
        assertEquals(Icmp.DEST_UNREACHABLE, Icmp.type(err, 20));
        assertEquals(Icmp.CODE_PORT_UNREACHABLE, Icmp.code(err, 20));
        assertEquals(A0, Ipv4.source(err, 0));
        assertEquals(150, vr.counter(VrCounter.ICMP_SUPPRESSED));
        assertEquals(50, vr.counter(VrCounter.UNREACHABLES_SENT));
        vr.handle(1_000_000_002L, new VrEvent.PacketIn(0, Ipv4.packet(PEER, A0, 47, 64, 0, new byte[8])), out);
        assertEquals(51, out.routed.size(), "refilled a second later");
        assertEquals(Icmp.CODE_PROTOCOL_UNREACHABLE, Icmp.code(out.routed.get(50), 20));
    }

    @Test
    void noIcmpErrorWhereRfc1812Forbids() {
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(), out);
        byte[][] forbidden = {
            udp(PEER, Ip4.parse("224.0.0.9"), 520, 1),          // multicast destination
            udp(PEER, -1, 520, 1),                              // limited broadcast destination
            udp(PEER, Ip4.parse("10.0.0.255"), 520, 64),        // directed broadcast of eth0's subnet
            udp(0, A0, 6000, 64),                               // zero source
            udp(Ip4.parse("127.0.0.1"), A0, 6000, 64),          // loopback source
            udp(Ip4.parse("10.0.1.255"), A0, 6000, 64),         // directed-broadcast source
            udp(Ip4.parse("240.0.0.1"), A0, 6000, 64),          // class E source
            udp(Ip4.parse("224.0.0.1"), A0, 6000, 64),          // multicast source
        };
        for (byte[] p : forbidden) vr.handle(1, new VrEvent.PacketIn(0, p), out);
        assertEquals(0, out.routed.size());
        assertEquals(5, vr.counter(VrCounter.ICMP_NOT_ALLOWED), "the five to an own address were considered and refused");
        assertEquals(forbidden.length, vr.counter(VrCounter.DROP_NO_LISTENER));
        // ICMP errors about ICMP errors and about non-first fragments: transit packets whose TTL ran out.
        byte[] unreachable = Icmp.error(PEER, Icmp.DEST_UNREACHABLE, Icmp.CODE_HOST_UNREACHABLE, 0, udp(A0, PEER, 9, 64), 0, 32);
        byte[] transitError = Ipv4.packet(PEER, Ip4.parse("10.9.9.9"), Ipv4.PROTO_ICMP, 1, 0,
                Arrays.copyOfRange(unreachable, 20, unreachable.length));
        vr.handle(2, new VrEvent.PacketIn(0, transitError), out);
        vr.handle(3, new VrEvent.PacketIn(0, withFragment(udp(PEER, Ip4.parse("10.9.9.9"), 9, 1), 0x0010)), out);
        assertEquals(0, out.routed.size());
        assertEquals(7, vr.counter(VrCounter.ICMP_NOT_ALLOWED));
        // The same, but an echo request and a first fragment: time exceeded is due.
        vr.handle(4, new VrEvent.PacketIn(0, Icmp.echoRequest(PEER, Ip4.parse("10.9.9.9"), 1, 1, new byte[0])), out);
        assertEquals(0, out.routed.size(), "TTL 64 left: not expired");
        byte[] echoTtl1 = Ipv4.packet(PEER, Ip4.parse("10.9.9.9"), Ipv4.PROTO_ICMP, 1, 0, Arrays.copyOfRange(Icmp.echoRequest(PEER, 1, 1, 1, new byte[0]), 20, 28));
        vr.handle(5, new VrEvent.PacketIn(0, echoTtl1), out);
        vr.handle(6, new VrEvent.PacketIn(0, withFragment(udp(PEER, Ip4.parse("10.9.9.9"), 9, 1), 0x2000)), out);
        assertEquals(2, out.routed.size());
        assertEquals(2, vr.counter(VrCounter.TIME_EXCEEDED_SENT));
        // Fragments to the VR itself: no reassembly, dropped and counted.
        vr.handle(7, new VrEvent.PacketIn(0, withFragment(udp(PEER, A0, 9, 64), 0x2000)), out);
        assertEquals(1, vr.counter(VrCounter.DROP_FRAGMENT));
        assertEquals(2, out.routed.size());
    }

    @Test
    void transitPacketWithExpiredTtlGetsTimeExceededFromTheReceivingInterface() {
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(), out);
        vr.handle(1, new VrEvent.PacketIn(1, udp(PEER, Ip4.parse("10.9.9.9"), 2, 1)), out);
        assertEquals(1, out.routed.size());
        byte[] te = out.routed.get(0);
        assertEquals(Icmp.TIME_EXCEEDED, Icmp.type(te, 20));
        assertEquals(Icmp.CODE_TTL_EXCEEDED, Icmp.code(te, 20));
        assertEquals(A1, Ipv4.source(te, 0));
        assertEquals(PEER, Ipv4.destination(te, 0));
        assertEquals(1, vr.counter(VrCounter.TIME_EXCEEDED_SENT));
    }

    @Test
    void tcpWithoutListenerGetsReset() {
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(), out);
        vr.handle(1, new VrEvent.PacketIn(0, TcpSegments.syn(PEER, 40000, A0, 179, 1000)), out);
        assertEquals(1, out.routed.size(), "a reset, not ICMP protocol unreachable");
        byte[] rst = out.routed.get(0);
        assertEquals(Ipv4.PROTO_TCP, Ipv4.protocol(rst, 0));
        assertEquals(A0, Ipv4.source(rst, 0));
        assertEquals(PEER, Ipv4.destination(rst, 0));
        assertEquals(TcpReset.RST | TcpReset.ACK, rst[20 + 13] & 0xff);
        assertEquals(0, Ip4.read(rst, 20 + 4), "SEQ=0");
        assertEquals(1001, Ip4.read(rst, 20 + 8), "ACK = SEG.SEQ + SEG.LEN (SYN counts one)");
        assertEquals(179, Checksum.read16(rst, 20));
        assertEquals(40000, Checksum.read16(rst, 22));
        assertEquals(0xffff, Checksum.sum(rst, 20, 20, Ipv4.pseudoHeaderSum(A0, PEER, Ipv4.PROTO_TCP, 20)), "TCP checksum verifies");
        // A segment with ACK: <SEQ=SEG.ACK><CTL=RST>.
        vr.handle(2, new VrEvent.PacketIn(0, TcpSegments.segment(PEER, 40000, A0, 179, 5000, 777, TcpReset.ACK, 10)), out);
        byte[] rst2 = out.routed.get(1);
        assertEquals(TcpReset.RST, rst2[20 + 13] & 0xff);
        assertEquals(777, Ip4.read(rst2, 20 + 4));
        // A reset is never answered; a bad checksum is dropped.
        vr.handle(3, new VrEvent.PacketIn(0, TcpSegments.segment(PEER, 40000, A0, 179, 5000, 0, TcpReset.RST, 0)), out);
        byte[] bad = TcpSegments.syn(PEER, 40000, A0, 179, 1000);
        bad[20 + 16] ^= 1;
        vr.handle(4, new VrEvent.PacketIn(0, bad), out);
        assertEquals(2, out.routed.size());
        assertEquals(2, vr.tcpCounter(io.vroom.core.tcp.TcpCounter.RST_SENT), "the VR's TCP stack answered closed ports");
        assertEquals(1, vr.counter(VrCounter.DROP_BAD_TCP));
        assertEquals(0, vr.counter(VrCounter.UNREACHABLES_SENT));
    }

    @Test
    void tcpGoesToTheProtocolTakingIpProtocol6() {
        Probe tcp = new Probe("tcp", null, List.of(), List.of(Ipv4.PROTO_TCP));
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(tcp), out);
        vr.handle(1, new VrEvent.PacketIn(0, TcpSegments.syn(PEER, 40000, A0, 179, 1000)), out);
        assertEquals(1, tcp.packets.size());
        assertTrue(out.routed.isEmpty());
        assertEquals(0, vr.tcpCounter(io.vroom.core.tcp.TcpCounter.RST_SENT));
    }

    @Test
    void fuzzedPuntsNeverThrow() {
        Probe app = new Probe("app", null, List.of(5000), List.of());
        RecordingOutputs out = new RecordingOutputs();
        VirtualRouter vr = started(List.of(), List.of(app), out);
        Rng rng = new Rng(99);
        byte[][] seeds = {Icmp.echoRequest(PEER, A0, 1, 1, new byte[16]), udp(PEER, A0, 5000, 64), TcpSegments.syn(PEER, 1, A0, 2, 3),
                udp(PEER, Ip4.parse("10.9.9.9"), 7, 1)};
        for (int i = 0; i < 20_000; i++) {
            byte[] p = seeds[i % seeds.length].clone();
            if (rng.nextInt(4) == 0) p = Arrays.copyOf(p, rng.nextInt(p.length + 4));
            for (int k = rng.nextInt(4); k >= 0 && p.length > 0; k--) p[rng.nextInt(p.length)] = (byte) rng.nextLong();
            if (rng.nextInt(2) == 0 && p.length >= 20) { // often keep the IPv4 header valid so the payload parsers are exercised
                p[0] = 0x45;
                Checksum.write16(p, 2, p.length);
                Checksum.write16(p, 10, 0);
                Checksum.write16(p, 10, Checksum.compute(p, 0, 20));
            }
            vr.handle(i, new VrEvent.PacketIn(rng.nextInt(3), p), out);
        }
        assertEquals(20_000, vr.counter(VrCounter.PACKETS_IN));
        assertTrue(vr.counter(VrCounter.DROP_INVALID_IPV4) > 0 && vr.counter(VrCounter.DROP_BAD_UDP) > 0);
    }
}
