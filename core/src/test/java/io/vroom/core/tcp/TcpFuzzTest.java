package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpTestNet.A;
import static io.vroom.core.tcp.TcpTestNet.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decoding and the whole stack never throw on any byte sequence; bad input is dropped and counted. */
class TcpFuzzTest {

    private static void fixChecksums(byte[] p) {
        if (p.length < 20) return;
        int ihl = (p[0] & 0xf) * 4;
        if (ihl < 20 || ihl > p.length) return;
        Checksum.write16(p, 10, 0);
        Checksum.write16(p, 10, Checksum.compute(p, 0, ihl));
        int total = Checksum.read16(p, 2);
        if (total > p.length || total < ihl + 18) return;
        int tlen = total - ihl;
        Checksum.write16(p, ihl + 16, 0);
        int ph = Ipv4.pseudoHeaderSum(Ipv4.source(p, 0), Ipv4.destination(p, 0), Ipv4.PROTO_TCP, tlen);
        Checksum.write16(p, ihl + 16, ~Checksum.sum(p, ihl, tlen, ph) & 0xffff);
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(71);
        TcpStack s = new TcpStack(TcpConfig.defaults(), 1);
        s.listen(0, 179, 1);
        TcpTestNet.Sink out = new TcpTestNet.Sink();
        for (int i = 0; i < 50_000; i++) {
            byte[] p = new byte[r.nextInt(120)];
            r.nextBytes(p);
            if (p.length >= 20 && r.nextBoolean()) {
                p[0] = (byte) (0x40 | (5 + r.nextInt(3)));
                p[9] = 6;
                Checksum.write16(p, 2, Math.min(p.length, 20 + r.nextInt(100)));
                if (r.nextBoolean()) {
                    p[6] = 0;
                    p[7] = 0;
                }
                fixChecksums(p);
            }
            TcpSegment.decode(p);
            s.handleSegment(i, p, out);
        }
        s.handleSegment(0, null, out);
        long dropped = 0;
        for (TcpCounter c : new TcpCounter[] {TcpCounter.BAD_IP, TcpCounter.NOT_TCP, TcpCounter.FRAGMENT, TcpCounter.TRUNCATED,
                TcpCounter.BAD_OFFSET, TcpCounter.BAD_CHECKSUM, TcpCounter.BAD_OPTION, TcpCounter.BAD_ADDRESS, TcpCounter.BAD_PORT}) dropped += s.counter(c);
        assertTrue(dropped > 40_000, "most random input is rejected by the decoder and counted: " + dropped);
        assertTrue(s.counter(TcpCounter.BAD_OFFSET) + s.counter(TcpCounter.BAD_OPTION) > 0, "structured inputs reach the TCP checks");
        assertTrue(s.connectionIds().size() <= TcpConfig.defaults().synBacklog());
    }

    @Test
    void mutatedSegmentsAgainstLiveConnectionsNeverThrow() {
        Random r = new Random(72);
        for (int round = 0; round < 20; round++) {
            TcpTestNet net = TcpTestNet.pair(100 + round, TcpConfig.defaults());
            net.a().stack.setMd5Key(B, round % 3 == 0 ? "k".getBytes() : null);
            net.b().stack.setMd5Key(A, round % 3 == 0 ? "k".getBytes() : null);
            int[] ids = net.connect(179, TcpSocketOptions.of("t"));
            net.a().stack.send(net.now, ids[0], TcpTestNet.randomBytes(round, 20_000), net.a());
            net.runFor(100_000_000L);
            List<byte[]> corpus = new ArrayList<>(net.a().sent);
            corpus.addAll(net.b().sent);
            for (int i = 0; i < 5_000; i++) {
                byte[] p = corpus.get(r.nextInt(corpus.size())).clone();
                int flips = 1 + r.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int at = p.length > 20 && r.nextInt(4) > 0 ? 20 + r.nextInt(Math.min(40, p.length - 20)) : r.nextInt(p.length);
                    p[at] = (byte) r.nextInt(256);
                }
                if (r.nextInt(8) == 0) p = java.util.Arrays.copyOf(p, r.nextInt(p.length + 1));
                if (r.nextInt(4) > 0) fixChecksums(p);
                TcpTestNet.Node to = Ipv4.destination(p.length >= 20 ? p : new byte[20], 0) == A ? net.a() : net.b();
                to.stack.handleSegment(net.now + i, p, to);
                if (i % 100 == 0) to.stack.handleTimeout(to.stack.nextDeadlineNs() == Long.MAX_VALUE ? net.now : to.stack.nextDeadlineNs(), to);
            }
        }
    }

    @Test
    void optionSyntaxIsChecked() {
        // kind 2 (MSS) with length 5, and an option running past the header: dropped as BAD_OPTION.
        for (byte[] opts : new byte[][] {{2, 5, 0, 0, 0, 1, 1, 1}, {1, 1, 8, 10, 0, 0}, {19, 18, 0, 0}, {3, 4, 0, 0}}) {
            byte[] p = TcpTestNet.raw(A, 1000, B, 179, 1, 0, TcpHeader.SYN, 1000, new byte[0], null);
            int hl = 20 + ((opts.length + 3) / 4) * 4;
            byte[] q = new byte[20 + hl];
            System.arraycopy(p, 0, q, 0, 40);
            System.arraycopy(opts, 0, q, 40, opts.length);
            Checksum.write16(q, 2, q.length);
            q[32] = (byte) ((hl / 4) << 4);
            fixChecksums(q);
            assertEquals(TcpSegment.Error.BAD_OPTION, TcpSegment.decode(q).error(), java.util.Arrays.toString(opts));
        }
        byte[] p = TcpTestNet.raw(A, 1000, B, 179, 1, 0, TcpHeader.SYN, 1000, new byte[0], null);
        p[36] ^= 0x55;
        assertEquals(TcpSegment.Error.BAD_CHECKSUM, TcpSegment.decode(p).error());
        byte[] q = TcpTestNet.raw(A, 1000, B, 179, 1, 0, TcpHeader.SYN, 1000, new byte[0], null);
        q[32] = (byte) 0xf0;
        fixChecksums(q);
        assertEquals(TcpSegment.Error.BAD_OFFSET, TcpSegment.decode(q).error());
        byte[] ok = TcpTestNet.raw(A, 1000, B, 179, 1, 0, TcpHeader.SYN, 1000, "x".getBytes(), "key".getBytes());
        TcpSegment s = TcpSegment.decode(ok).segment();
        assertEquals(1, s.dataLength());
        assertArrayEquals("x".getBytes(), java.util.Arrays.copyOfRange(ok, s.dataOffset(), s.dataOffset() + 1));
    }
}
