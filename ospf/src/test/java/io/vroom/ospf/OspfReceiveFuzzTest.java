package io.vroom.ospf;

import static io.vroom.ospf.TestNet.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Checksum;
import io.vroom.core.spi.Rng;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the protocol, not just the decoder: packets a neighbor really sent (recorded on the
 * wire of a converged network) are mutated — with the OSPF checksum fixed afterwards, so they pass
 * §8.2 and reach the Hello, DD, LSR, LSU and Ack handling — and fed to a running router. Nothing
 * may throw; the receive checks must count what they drop; and once the garbage stops, the network
 * must return to the routes an independent SPF computes, with every adjacency Full.
 */
class OspfReceiveFuzzTest {
    /** Recomputes the OSPF checksum (RFC 2328 D.4.1, null authentication) of an IPv4 packet with a 20-byte header. */
    static void fixOspfChecksum(byte[] ip) {
        int len = Checksum.read16(ip, 22);
        if (len < 24 || 20 + len > ip.length) return;
        ip[32] = 0;
        ip[33] = 0;
        int s = Checksum.sum(ip, 20, 16, 0);
        s = Checksum.sum(ip, 44, len - 24, s);
        Checksum.write16(ip, 32, ~s & 0xffff);
    }

    @Test
    void mutatedPacketsFromANeighborNeverThrowAreCountedAndTheNetworkRecovers() {
        TestNet net = new TestNet();
        TestNet.Node a = net.node("a", OspfNetworkTest.rid(1)), b = net.node("b", OspfNetworkTest.rid(2)), c = net.node("c", OspfNetworkTest.rid(3));
        net.link(a, b, 10);
        net.link(b, c, 5);
        net.recordTrace = true;
        net.start();
        net.runFor(60 * SEC);
        assertEquals("", OspfNetworkTest.allDiffs(net));
        // What b sent on its interface toward a: Hellos, DDs, LSRs, LSUs, Acks.
        List<byte[]> wire = new ArrayList<>();
        for (String t : net.trace) {
            String[] f = t.split(" ");
            if (f[1].equals("b") && f[2].equals("if0")) wire.add(HexFormat.of().parseHex(f[5]));
        }
        assertTrue(wire.size() > 10, "recorded b's packets: " + wire.size());
        net.recordTrace = false;

        Rng rng = new Rng(20261124);
        long dropsBefore = a.ospf.interfaces().get(0).counters().totalDrops();
        for (int n = 0; n < 20_000; n++) {
            byte[] p = wire.get(rng.nextInt(wire.size())).clone();
            int mutations = 1 + rng.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int at = 20 + rng.nextInt(p.length - 20);
                if (rng.nextInt(2) == 0) p[at] = (byte) rng.nextLong();
                else p[at] ^= (byte) (1 << rng.nextInt(8));
            }
            if (rng.nextInt(4) != 0) fixOspfChecksum(p); // most get past the checksum to the deeper checks
            a.ospf.handlePacket(net.nowNs, a, 0, p);
            if (n % 100 == 0) net.runFor(SEC / 10); // timers and real traffic interleave with the garbage
        }
        Counters ca = a.ospf.interfaces().get(0).counters();
        assertTrue(ca.totalDrops() - dropsBefore > 1000, "the receive checks counted drops: " + ca.drops);
        // Seeded, so the mix is fixed: garbage reached the header, Hello, DD and LSU/LSA checks alike.
        for (String reason : List.of("checksum", "malformed", "version", "area-mismatch", "auth", "hello-mismatch", "router-id-mismatch",
                "mtu-mismatch", "bad-lsa", "stale-lsa")) assertTrue(ca.drops(reason) > 0, reason + " in " + ca.drops);
        assertTrue(a.logs.stream().anyMatch(l -> l.contains("log lines suppressed")), "logging is rate-limited");

        // The garbage stops: within a few dead intervals and retransmissions, everything is as before.
        net.runFor(300 * SEC);
        assertTrue(net.allAdjacent(), "every adjacency Full again");
        assertEquals("", OspfNetworkTest.allDiffs(net));
    }
}
