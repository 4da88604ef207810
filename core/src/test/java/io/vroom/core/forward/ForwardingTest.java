package io.vroom.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.VrDataPlane.FibResult;
import io.vroom.core.net.Checksum;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.rib.NextHop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForwardingTest {
    /** A port that records what it is asked to send. */
    static final class RecordingPort implements Port {
        final String name;
        final int mtu;
        final List<byte[]> sent = new ArrayList<>();
        final List<Integer> nextHops = new ArrayList<>();
        PacketReceiver receiver;

        RecordingPort(String name, int mtu) {
            this.name = name;
            this.mtu = mtu;
        }

        @Override public String name() { return name; }
        @Override public int mtu() { return mtu; }
        @Override public void start(PacketReceiver receiver) { this.receiver = receiver; }
        @Override public void send(byte[] buf, int off, int len, int nextHop) {
            sent.add(Arrays.copyOfRange(buf, off, off + len));
            nextHops.add(nextHop);
        }
        @Override public void close() {}

        void inject(byte[] packet) {
            receiver.receive(packet, 0, packet.length);
        }
    }

    long nowNs = 1_000_000_000L;
    final List<byte[]> punted = new ArrayList<>();
    final List<Integer> puntedIf = new ArrayList<>();
    SoftwareForwarding virtd;
    SoftwareVrDataPlane dp;
    RecordingPort p1, p2, p3;
    final HeapFibStore.Factory stores = new HeapFibStore.Factory(100);

    static Ip4Prefix pfx(String s) { return Ip4Prefix.parse(s); }
    static int ip(String s) { return Ip4.parse(s); }

    @BeforeEach
    void setUp() {
        virtd = new SoftwareForwarding(stores, () -> nowNs);
        dp = virtd.open("vr1", (ifIndex, packet) -> { puntedIf.add(ifIndex); punted.add(packet); });
        p1 = new RecordingPort("p1", 1500);
        p2 = new RecordingPort("p2", 1500);
        p3 = new RecordingPort("p3", 1500);
        dp.bind(1, p1);
        dp.bind(2, p2);
        dp.bind(3, p3);
        FibResult r = dp.apply(List.of(
                FibDelta.install(FibEntry.forward(pfx("10.0.1.0/24"), List.of(NextHop.onLink(1)))),
                FibDelta.install(FibEntry.local(pfx("10.0.1.1/32"))),
                FibDelta.install(FibEntry.forward(pfx("10.0.12.0/30"), List.of(NextHop.onLink(2)))),
                FibDelta.install(FibEntry.local(pfx("10.0.12.1/32"))),
                FibDelta.install(FibEntry.forward(pfx("10.0.2.0/24"), List.of(new NextHop(2, ip("10.0.12.2")))))));
        assertTrue(r.ok(), r.toString());
        assertEquals(5, r.applied());
    }

    static byte[] udp(String src, String dst, int ttl, int sport, int dport) {
        byte[] payload = new byte[16];
        Checksum.write16(payload, 0, sport);
        Checksum.write16(payload, 2, dport);
        Checksum.write16(payload, 4, payload.length);
        return Ipv4.packet(ip(src), ip(dst), Ipv4.PROTO_UDP, ttl, 0, payload);
    }

    long counter(int ifIndex, String name) {
        return dp.counters(ifIndex).get(name);
    }

    @Test
    void forwardsWithTtlDecrementAndValidChecksum() {
        byte[] pkt = udp("10.0.1.5", "10.0.2.7", 64, 1000, 2000);
        p1.inject(pkt);
        assertEquals(1, p2.sent.size());
        byte[] out = p2.sent.get(0);
        assertEquals(Ipv4.Error.OK, Ipv4.validate(out, 0, out.length));
        assertEquals(63, Ipv4.ttl(out, 0));
        assertEquals(ip("10.0.12.2"), p2.nextHops.get(0));
        // An on-link destination is its own next hop.
        p2.inject(udp("10.0.2.7", "10.0.1.9", 2, 1, 2));
        assertEquals(ip("10.0.1.9"), p1.nextHops.get(0));
        assertEquals(1, Ipv4.ttl(p1.sent.get(0), 0));
        assertEquals(Ipv4.Error.OK, Ipv4.validate(p1.sent.get(0), 0, p1.sent.get(0).length));
        assertEquals(1, counter(1, "rx_packets"));
        assertEquals(pkt.length, counter(1, "rx_bytes"));
        assertEquals(1, counter(2, "tx_packets"));
        assertEquals(1, counter(1, "tx_packets"));
    }

    @Test
    void checksumStaysValidForEveryTtlAndHeader() {
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] payload = new byte[r.nextInt(40)];
            r.nextBytes(payload);
            byte[] pkt = Ipv4.packet(ip("10.0.1.5"), ip("10.0.2.0") | r.nextInt(256), r.nextInt(256), 2 + r.nextInt(254), r.nextInt(256), payload);
            int ttl = Ipv4.ttl(pkt, 0);
            p1.inject(pkt);
            byte[] out = p2.sent.get(p2.sent.size() - 1);
            assertEquals(Ipv4.Error.OK, Ipv4.validate(out, 0, out.length));
            assertEquals(ttl - 1, Ipv4.ttl(out, 0));
        }
    }

    @Test
    void malformedPacketsAreDroppedAndCountedByReason() {
        byte[] good = udp("10.0.1.5", "10.0.2.7", 64, 1, 2);
        byte[] badVersion = good.clone();
        badVersion[0] = 0x65;
        byte[] badIhl = good.clone();
        badIhl[0] = 0x44;
        byte[] badChecksum = good.clone();
        badChecksum[10] ^= 0x55;
        byte[] badTotal = good.clone();
        Checksum.write16(badTotal, 2, 10);
        byte[] truncated = Arrays.copyOf(good, 12);
        byte[] shortOfTotal = Arrays.copyOf(good, good.length - 3);
        for (byte[] b : List.of(badVersion, badIhl, badChecksum, badTotal, truncated, shortOfTotal)) p1.inject(b);
        assertEquals(0, p2.sent.size());
        assertEquals(1, counter(1, "drop_bad_version"));
        assertEquals(1, counter(1, "drop_bad_ihl"));
        assertEquals(1, counter(1, "drop_bad_checksum"));
        assertEquals(1, counter(1, "drop_bad_total_length"));
        assertEquals(2, counter(1, "drop_truncated"));
        assertEquals(6, counter(1, "rx_packets"));
        // Link-layer padding past the total length is not forwarded.
        byte[] padded = Arrays.copyOf(good, good.length + 10);
        p1.inject(padded);
        assertEquals(good.length, p2.sent.get(0).length);
    }

    @Test
    void fuzzedInputNeverThrowsAndEveryPacketIsAccounted() {
        Random r = new Random(42);
        byte[] good = udp("10.0.1.5", "10.0.2.7", 64, 1, 2);
        int n = 20000;
        for (int i = 0; i < n; i++) {
            byte[] b;
            if (r.nextBoolean()) {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            } else {
                b = Arrays.copyOf(good, Math.max(0, good.length + r.nextInt(8) - 4));
                for (int k = r.nextInt(4); k >= 0; k--) if (b.length > 0) b[r.nextInt(b.length)] = (byte) r.nextInt();
            }
            p1.receiver.receive(b, 0, b.length);
        }
        Map<String, Long> c = dp.counters(1);
        long drops = c.entrySet().stream().filter(e -> e.getKey().startsWith("drop_")).mapToLong(Map.Entry::getValue).sum();
        long forwarded = p1.sent.size() + p2.sent.size() + p3.sent.size() - c.get("icmp_sent");
        assertEquals(n, c.get("rx_packets"));
        assertEquals(n, drops + forwarded + c.get("punted"));
    }

    @Test
    void ttlExpiryAnswersTimeExceededFromTheIncomingInterface() {
        byte[] pkt = udp("10.0.1.5", "10.0.2.7", 1, 1, 2);
        p1.inject(pkt);
        assertEquals(0, p2.sent.size());
        assertEquals(1, counter(1, "drop_ttl_expired"));
        assertEquals(1, p1.sent.size());
        byte[] icmp = p1.sent.get(0);
        assertEquals(Ipv4.Error.OK, Ipv4.validate(icmp, 0, icmp.length));
        assertEquals(ip("10.0.1.1"), Ipv4.source(icmp, 0));
        assertEquals(ip("10.0.1.5"), Ipv4.destination(icmp, 0));
        int p = Ipv4.payloadOffset(icmp, 0);
        assertEquals(Icmp.TIME_EXCEEDED, Icmp.type(icmp, p));
        assertTrue(Icmp.valid(icmp, p, Ipv4.payloadLength(icmp, 0)));
        // The quoted header is the original's.
        assertEquals(ip("10.0.2.7"), Ipv4.destination(icmp, p + Icmp.HEADER_LENGTH));
    }

    @Test
    void noRouteAnswersNetUnreachableRateLimited() {
        for (int i = 0; i < 200; i++) p1.inject(udp("10.0.1.5", "192.0.2.1", 64, 1, 2));
        assertEquals(200, counter(1, "drop_no_route"));
        assertEquals(SoftwareForwarding.DEFAULT_ICMP_BURST, p1.sent.size());
        assertEquals(200 - SoftwareForwarding.DEFAULT_ICMP_BURST, counter(1, "icmp_rate_limited"));
        byte[] icmp = p1.sent.get(0);
        int p = Ipv4.payloadOffset(icmp, 0);
        assertEquals(Icmp.DEST_UNREACHABLE, Icmp.type(icmp, p));
        assertEquals(Icmp.CODE_NET_UNREACHABLE, Icmp.code(icmp, p));
        nowNs += 100_000_000L; // 0.1 s of virtual time: 10 more tokens at 100/s
        for (int i = 0; i < 50; i++) p1.inject(udp("10.0.1.5", "192.0.2.1", 64, 1, 2));
        assertEquals(SoftwareForwarding.DEFAULT_ICMP_BURST + 10, p1.sent.size());
    }

    @Test
    void noIcmpErrorAboutAnIcmpError() {
        byte[] err = Icmp.error(ip("10.0.1.5"), Icmp.DEST_UNREACHABLE, 3, 0, udp("10.0.1.1", "10.0.1.5", 64, 1, 2), 0, 44);
        byte[] relabeled = Ipv4.packet(ip("10.0.1.5"), ip("192.0.2.1"), Ipv4.PROTO_ICMP, 64, 0, Arrays.copyOfRange(err, 20, err.length));
        p1.inject(relabeled);
        assertEquals(1, counter(1, "drop_no_route"));
        assertEquals(0, p1.sent.size());
        // An echo request is not an error: it gets one.
        p1.inject(Icmp.echoRequest(ip("10.0.1.5"), ip("192.0.2.1"), 1, 1, new byte[8]));
        assertEquals(1, p1.sent.size());
    }

    @Test
    void puntsLocalLinkLocalMulticastAndRouterAlert() {
        p1.inject(udp("10.0.1.5", "10.0.1.1", 1, 1, 2)); // TTL 1 to the router itself: delivered
        p2.inject(Ipv4.packet(ip("10.0.12.2"), ip("224.0.0.5"), Ipv4.PROTO_OSPF, 1, 0xc0, new byte[24]));
        byte[] ra = new byte[24 + 8];
        Ipv4.writeHeader(ra, 0, 0, 8, 0, false, 1, 2, ip("10.0.1.5"), ip("10.0.2.9"));
        ra[0] = 0x46;
        Checksum.write16(ra, 2, ra.length);
        ra[20] = (byte) 148;
        ra[21] = 4;
        Checksum.write16(ra, 10, 0);
        Checksum.write16(ra, 10, Checksum.compute(ra, 0, 24));
        p1.inject(ra);
        p1.inject(Ipv4.packet(ip("10.0.1.5"), ip("239.1.1.1"), Ipv4.PROTO_UDP, 8, 0, new byte[8]));
        assertEquals(List.of(1, 2, 1), puntedIf);
        assertEquals(ip("10.0.1.1"), Ipv4.destination(punted.get(0), 0));
        assertEquals(ip("224.0.0.5"), Ipv4.destination(punted.get(1), 0));
        assertEquals(1, Ipv4.ttl(punted.get(0), 0)); // punts are untouched
        assertEquals(1, counter(1, "drop_multicast"));
        assertEquals(2, counter(1, "punted"));
        assertEquals(0, p2.sent.size());
    }

    @Test
    void badSourcesAreDropped() {
        p1.inject(udp("127.0.0.1", "10.0.2.7", 64, 1, 2));
        p1.inject(udp("0.1.2.3", "10.0.2.7", 64, 1, 2));
        p1.inject(udp("224.0.0.1", "10.0.2.7", 64, 1, 2));
        assertEquals(3, counter(1, "drop_bad_source"));
        assertEquals(0, p2.sent.size());
    }

    @Test
    void blackholeAndUnreachableEntries() {
        dp.apply(List.of(FibDelta.install(new FibEntry(pfx("10.9.0.0/16"), FibEntry.Kind.BLACKHOLE, List.of())),
                FibDelta.install(new FibEntry(pfx("10.8.0.0/16"), FibEntry.Kind.UNREACHABLE, List.of()))));
        p1.inject(udp("10.0.1.5", "10.9.1.1", 64, 1, 2));
        assertEquals(1, counter(1, "drop_blackhole"));
        assertEquals(0, p1.sent.size());
        p1.inject(udp("10.0.1.5", "10.8.1.1", 64, 1, 2));
        assertEquals(1, counter(1, "drop_unreachable"));
        assertEquals(1, p1.sent.size());
        assertEquals(Icmp.CODE_HOST_UNREACHABLE, Icmp.code(p1.sent.get(0), 20));
    }

    @Test
    void tooBigWithDontFragmentAnswersFragmentationNeeded() {
        RecordingPort small = new RecordingPort("small", 100);
        dp.bind(4, small);
        dp.apply(List.of(FibDelta.install(FibEntry.forward(pfx("10.0.4.0/24"), List.of(NextHop.onLink(4))))));
        byte[] big = new byte[200];
        Ipv4.writeHeader(big, 0, 0, 180, 7, true, 64, Ipv4.PROTO_UDP, ip("10.0.1.5"), ip("10.0.4.4"));
        p1.inject(big);
        assertEquals(0, small.sent.size());
        assertEquals(1, counter(1, "drop_too_big"));
        byte[] icmp = p1.sent.get(0);
        assertEquals(Icmp.CODE_FRAGMENTATION_NEEDED, Icmp.code(icmp, 20));
        assertEquals(100, Checksum.read16(icmp, 26));
    }

    @Test
    void ecmpSpreadsFlowsAndKeepsEachFlowOnOnePath() {
        dp.apply(List.of(FibDelta.install(FibEntry.forward(pfx("10.0.3.0/24"),
                List.of(new NextHop(3, ip("10.0.13.2")), new NextHop(2, ip("10.0.12.2")))))));
        for (int f = 0; f < 200; f++) {
            for (int k = 0; k < 3; k++) p1.inject(udp("10.0.1.5", "10.0.3.7", 64, 1000 + f, 53));
        }
        assertEquals(600, p2.sent.size() + p3.sent.size());
        assertTrue(p2.sent.size() > 150 && p3.sent.size() > 150, p2.sent.size() + "/" + p3.sent.size());
        Set<Integer> onP2 = new HashSet<>();
        for (byte[] b : p2.sent) onP2.add(Checksum.read16(b, 20));
        for (byte[] b : p3.sent) assertFalse(onP2.contains(Checksum.read16(b, 20)), "a flow split across paths");
    }

    @Test
    void fullFibIsAnErrorNotACrash() {
        List<FibDelta> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) batch.add(FibDelta.install(FibEntry.forward(new Ip4Prefix(ip("20.0.0.0") + (i << 8), 24), List.of(NextHop.onLink(2)))));
        FibResult r = dp.apply(batch);
        assertEquals(95, r.applied());
        assertEquals(25, r.rejected());
        assertFalse(r.ok());
        assertTrue(r.error().contains("FIB full"), r.error());
        assertEquals(100, dp.fibSize());
        // Replacing an installed entry still works when full; so does removing then adding.
        assertTrue(dp.apply(List.of(FibDelta.install(FibEntry.forward(pfx("20.0.0.0/24"), List.of(NextHop.onLink(3)))))).ok());
        assertTrue(dp.apply(List.of(FibDelta.remove(pfx("20.0.1.0/24")), FibDelta.install(FibEntry.forward(pfx("30.0.0.0/8"), List.of(NextHop.onLink(3)))))).ok());
        p1.inject(udp("10.0.1.5", "30.1.1.1", 64, 1, 2));
        assertEquals(1, p3.sent.size());
    }

    @Test
    void replaceAndRemoveRestoreCoveringRoute() {
        dp.apply(List.of(FibDelta.install(FibEntry.forward(pfx("10.0.2.128/25"), List.of(NextHop.onLink(3))))));
        p1.inject(udp("10.0.1.5", "10.0.2.200", 64, 1, 2));
        assertEquals(1, p3.sent.size());
        dp.apply(List.of(FibDelta.remove(pfx("10.0.2.128/25"))));
        p1.inject(udp("10.0.1.5", "10.0.2.200", 64, 1, 2));
        assertEquals(1, p2.sent.size());
        assertEquals(5, dp.entries().size());
        assertEquals(pfx("10.0.1.0/24"), dp.entries().get(0).prefix());
    }

    @Test
    void reopenedFibForwardsAtOnceAndDestroyDeletesIt() {
        dp.close();
        p1.receiver.receive(udp("10.0.1.5", "10.0.2.7", 64, 1, 2), 0, 48);
        assertEquals(1, counter(1, "drop_unbound"));
        SoftwareVrDataPlane again = virtd.open("vr1", (i, p) -> {});
        RecordingPort a = new RecordingPort("a", 1500), b = new RecordingPort("b", 1500);
        again.bind(1, a);
        again.bind(2, b);
        a.inject(udp("10.0.1.5", "10.0.2.7", 64, 1, 2));
        assertEquals(1, b.sent.size());
        assertEquals(5, again.fibSize());
        assertEquals(ip("10.0.1.1"), again.interfaceAddress(1));
        virtd.destroy("vr1");
        assertEquals(0, virtd.open("vr1", (i, p) -> {}).fibSize());
    }

    @Test
    void vrOriginatedPackets() {
        dp.sendRouted(udp("10.0.12.1", "10.0.2.7", 64, 1, 2));
        assertEquals(1, p2.sent.size());
        assertEquals(64, Ipv4.ttl(p2.sent.get(0), 0));
        assertEquals(ip("10.0.12.2"), p2.nextHops.get(0));
        dp.send(3, 0, udp("10.0.12.1", "10.0.3.3", 1, 1, 2));
        assertEquals(ip("10.0.3.3"), p3.nextHops.get(0));
        dp.sendRouted(udp("10.0.12.1", "192.0.2.1", 64, 1, 2));
        dp.sendRouted(new byte[3]);
        dp.send(7, 0, udp("10.0.12.1", "10.0.3.3", 1, 1, 2));
        assertEquals(1, counter(SoftwareVrDataPlane.ORIGINATED, "drop_no_route"));
        assertEquals(1, counter(SoftwareVrDataPlane.ORIGINATED, "drop_truncated"));
        assertEquals(1, counter(SoftwareVrDataPlane.ORIGINATED, "drop_no_port"));
    }

    @Test
    void forwardingPathDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Port nullPort = new Port() {
            @Override public String name() { return "null"; }
            @Override public int mtu() { return 1500; }
            @Override public void start(PacketReceiver r) {}
            @Override public void send(byte[] buf, int off, int len, int nextHop) {}
            @Override public void close() {}
        };
        dp.bind(2, nullPort);
        byte[] pkt = udp("10.0.1.5", "10.0.2.7", 255, 1, 2);
        for (int i = 0; i < 200_000; i++) { // warm up (JIT), resetting TTL through the checksum-neutral path
            pkt[8] = (byte) 255;
            Checksum.write16(pkt, 10, 0);
            Checksum.write16(pkt, 10, Checksum.compute(pkt, 0, 20));
            dp.forward(1, pkt, 0, pkt.length);
        }
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            pkt[8] = (byte) 255;
            Checksum.write16(pkt, 10, 0);
            Checksum.write16(pkt, 10, Checksum.compute(pkt, 0, 20));
            dp.forward(1, pkt, 0, pkt.length);
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 10_000, "forwarding allocated " + allocated + " bytes for 100k packets");
        assertEquals(300_000, counter(2, "tx_packets"));
    }
}
