package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 2385 TCP-MD5: signed sessions work, missing/wrong/unexpected signatures are dropped, counted and never answered. */
class TcpMd5Test {
    private static final byte[] KEY = "bgp-secret".getBytes(StandardCharsets.US_ASCII);
    private static final TcpSocketOptions OPTS = TcpSocketOptions.of("bgp");

    /** An independent RFC 2385 §2.0 computation over a captured packet. */
    static byte[] expectedDigest(byte[] p, byte[] key) throws Exception {
        int tcpLen = p.length - 20;
        int hl = ((p[20 + 12] & 0xff) >>> 4) * 4;
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(p, 12, 8); // source and destination
        md.update(new byte[] {0, 6, (byte) (tcpLen >>> 8), (byte) tcpLen});
        byte[] hdr = Arrays.copyOfRange(p, 20, 40);
        hdr[16] = 0;
        hdr[17] = 0;
        md.update(hdr);
        md.update(p, 20 + hl, tcpLen - hl);
        md.update(key);
        return md.digest();
    }

    @Test
    void signedSessionTransfersAndEverySegmentVerifies() throws Exception {
        TcpTestNet net = TcpTestNet.pair(51, TcpConfig.defaults());
        net.a().stack.setMd5Key(B, KEY);
        net.b().stack.setMd5Key(A, KEY);
        int[] ids = net.connect(179, OPTS);
        byte[] data = TcpTestNet.randomBytes(1, 30_000);
        net.a().stack.send(net.now, ids[0], data, net.a());
        net.runFor(1_000_000_000L);
        assertArrayEquals(data, net.b().receivedBytes(ids[1]));
        assertEquals(1460 - 12 - 20, net.a().info(ids[0]).effMss(), "MD5 and timestamp options are taken from the payload");
        byte[] syn = net.a().sent.get(0);
        assertEquals(0xf0, syn[32] & 0xff, "SYN with MD5, MSS, WS and TS uses all 40 option bytes");
        for (TcpTestNet.Node n : net.nodes) {
            for (byte[] p : n.sent) {
                TcpSegment s = TcpTestNet.seg(p);
                assertTrue(s.md5Offset() >= 0);
                assertArrayEquals(expectedDigest(p, KEY), Arrays.copyOfRange(p, s.md5Offset(), s.md5Offset() + 16));
            }
        }
        assertEquals(0, net.b().stack.counter(TcpCounter.MD5_BAD) + net.b().stack.counter(TcpCounter.MD5_MISSING));
        assertEquals(0, net.a().superSegments, "each signed segment is built whole: no super-segments with TCP-MD5");
    }

    @Test
    void unsignedSegmentsFromAKeyedPeerAreDroppedSilently() {
        TcpTestNet net = TcpTestNet.pair(52, TcpConfig.defaults().withLimits(128, 1024, 15, 2));
        net.b().stack.setMd5Key(A, KEY);
        net.b().stack.listen(B, 179, 1, OPTS);
        net.a().stack.connect(0, A, B, 179, OPTS, net.a());
        net.runFor(30_000_000_000L);
        assertEquals(3, net.b().stack.counter(TcpCounter.MD5_MISSING));
        assertTrue(net.b().sent.isEmpty(), "not even a RST");
        assertEquals(TcpEvent.Reason.CONNECT_TIMEOUT, net.a().eventsOf(TcpEvent.Reset.class).get(0).reason());
    }

    @Test
    void wrongKeyIsDropped() {
        TcpTestNet net = TcpTestNet.pair(53, TcpConfig.defaults().withLimits(128, 1024, 15, 1));
        net.a().stack.setMd5Key(B, "other".getBytes(StandardCharsets.US_ASCII));
        net.b().stack.setMd5Key(A, KEY);
        net.b().stack.listen(B, 179, 1, OPTS);
        net.a().stack.connect(0, A, B, 179, OPTS, net.a());
        net.runFor(30_000_000_000L);
        assertEquals(2, net.b().stack.counter(TcpCounter.MD5_BAD));
        assertTrue(net.b().sent.isEmpty());
        assertTrue(net.b().stack.connectionIds().isEmpty());
    }

    @Test
    void signatureFromAnUnkeyedPeerIsDropped() {
        TcpTestNet net = TcpTestNet.pair(54, TcpConfig.defaults().withLimits(128, 1024, 15, 1));
        net.a().stack.setMd5Key(B, KEY);
        net.b().stack.listen(B, 179, 1, OPTS);
        net.a().stack.connect(0, A, B, 179, OPTS, net.a());
        net.runFor(30_000_000_000L);
        assertEquals(2, net.b().stack.counter(TcpCounter.MD5_UNEXPECTED));
        assertTrue(net.b().sent.isEmpty());
    }

    @Test
    void tamperedPayloadFailsVerification() {
        TcpTestNet net = TcpTestNet.pair(55, TcpConfig.defaults());
        net.a().stack.setMd5Key(B, KEY);
        net.b().stack.setMd5Key(A, KEY);
        int[] ids = net.connect(179, OPTS);
        net.a().stack.send(net.now, ids[0], "payload".getBytes(), net.a());
        byte[] p = net.a().sent.get(net.a().sent.size() - 1).clone();
        p[p.length - 1] ^= 1;
        // Fix the TCP checksum so only the signature is wrong.
        p[36] = 0;
        p[37] = 0;
        int ph = io.vroom.core.net.Ipv4.pseudoHeaderSum(A, B, 6, p.length - 20);
        io.vroom.core.net.Checksum.write16(p, 36, ~io.vroom.core.net.Checksum.sum(p, 20, p.length - 20, ph) & 0xffff);
        net.b().stack.handleSegment(net.now, p, net.b());
        assertEquals(1, net.b().stack.counter(TcpCounter.MD5_BAD));
    }
}
