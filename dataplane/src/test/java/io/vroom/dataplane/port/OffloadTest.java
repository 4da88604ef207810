package io.vroom.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffloadTest {
    static final int SRC = Ip4.parse("10.9.1.1"), DST = Ip4.parse("10.9.1.2");

    /** A TCP/IPv4 packet with {@code data}, flags PSH|ACK|FIN|CWR, seq 1000, checksum left partial (pseudo-header only). */
    static byte[] superSegment(byte[] data, int flags) {
        byte[] tcp = new byte[20 + data.length];
        Checksum.write16(tcp, 0, 40000);
        Checksum.write16(tcp, 2, 179);
        Ip4.write(tcp, 4, 1000);
        Ip4.write(tcp, 8, 77);
        tcp[12] = 0x50;
        tcp[13] = (byte) flags;
        Checksum.write16(tcp, 14, 65535);
        System.arraycopy(data, 0, tcp, 20, data.length);
        byte[] p = Ipv4.packet(SRC, DST, Ipv4.PROTO_TCP, 64, 0, tcp);
        Checksum.write16(p, 4, 500);
        Checksum.write16(p, 10, 0);
        Checksum.write16(p, 10, Checksum.compute(p, 0, 20));
        Checksum.write16(p, 20 + 16, Ipv4.pseudoHeaderSum(SRC, DST, Ipv4.PROTO_TCP, tcp.length));
        return p;
    }

    static boolean tcpChecksumOk(byte[] p) {
        int len = Ipv4.totalLength(p, 0) - 20;
        return Checksum.sum(p, 20, len, Ipv4.pseudoHeaderSum(SRC, DST, Ipv4.PROTO_TCP, len)) == 0xffff;
    }

    @Test
    void partialChecksumIsCompleted() {
        byte[] p = superSegment("hello, kernel".getBytes(), 0x18);
        assertTrue(!tcpChecksumOk(p));
        assertTrue(Offload.completeChecksum(p, 20, 16, p.length));
        assertTrue(tcpChecksumOk(p));
        assertTrue(!Offload.completeChecksum(p, 20, 16, p.length + 1), "out of bounds refused");
        assertTrue(!Offload.completeChecksum(p, p.length - 1, 16, p.length));
    }

    @Test
    void superSegmentIsCutIntoValidSegments() {
        byte[] data = new byte[4000];
        new Random(3).nextBytes(data);
        byte[] p = superSegment(data, 0x80 | 0x18 | 0x01); // CWR PSH ACK FIN
        List<byte[]> segs = new ArrayList<>();
        int n = Offload.segmentTcp4(p, 0, p.length, 1448, new byte[65600], (b, off, len) -> segs.add(Arrays.copyOfRange(b, off, off + len)));
        assertEquals(3, n);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] s = segs.get(i);
            assertEquals(s.length, Ipv4.totalLength(s, 0));
            assertEquals(0xffff, Checksum.sum(s, 0, 20, 0), "IP checksum of segment " + i);
            assertTrue(tcpChecksumOk(s), "TCP checksum of segment " + i);
            assertEquals(500 + i, Ipv4.identification(s, 0));
            assertEquals(1000 + 1448 * i, Ip4.read(s, 24));
            int flags = s[33] & 0xff;
            assertEquals(i == 0 ? 0x80 : 0, flags & 0x80, "CWR only first");
            assertEquals(i == 2 ? 0x09 : 0, flags & 0x09, "FIN/PSH only last");
            assertEquals(0x10, flags & 0x10, "ACK on all");
            joined.write(s, 40, s.length - 40);
        }
        assertEquals(1448 + 40, segs.get(0).length);
        assertEquals(4000 - 2 * 1448 + 40, segs.get(2).length);
        assertTrue(Arrays.equals(data, joined.toByteArray()));
    }

    @Test
    void malformedSuperSegmentsAreRefusedNeverThrown() {
        Random rnd = new Random(5);
        byte[] seg = new byte[65600];
        byte[] good = superSegment(new byte[3000], 0x10);
        for (int i = 0; i < 20_000; i++) {
            byte[] p = good.clone();
            for (int k = 0; k < 3; k++) p[rnd.nextInt(60)] = (byte) rnd.nextInt(256);
            int len = rnd.nextInt(p.length + 1);
            Offload.segmentTcp4(p, 0, len, rnd.nextInt(2000) - 10, seg, (b, off, l) -> { });
        }
        assertEquals(-1, Offload.segmentTcp4(new byte[10], 0, 10, 100, seg, (b, off, l) -> { }));
        byte[] udp = Ipv4.packet(SRC, DST, Ipv4.PROTO_UDP, 64, 0, new byte[100]);
        assertEquals(-1, Offload.segmentTcp4(udp, 0, udp.length, 50, seg, (b, off, l) -> { }));
    }
}
