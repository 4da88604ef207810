package io.vroom.core.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Out-of-order pieces: overlaps stored once, delivered in order across sequence wrap, bounded by a piece count. */
class ReassemblyTest {

    @Test
    void randomOverlappingPiecesReassembleAcrossWrap() {
        Random r = new Random(5);
        for (int round = 0; round < 200; round++) {
            byte[] stream = new byte[5000];
            r.nextBytes(stream);
            int base = Integer.MAX_VALUE - 2000 + r.nextInt(4000); // crosses 2^31 and, for some, wraps
            if (round % 2 == 0) base = -1000 + r.nextInt(2000);
            Reassembly q = new Reassembly();
            int rcvNxt = base;
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int i = 0; i < 300; i++) {
                int off = r.nextInt(stream.length);
                int len = 1 + r.nextInt(Math.min(400, stream.length - off));
                int seq = base + off;
                if (Seq.le(seq + len, rcvNxt)) continue;
                q.insert(rcvNxt, seq, stream, off, len, 1000);
                for (Reassembly.Piece p = q.pollReady(rcvNxt); p != null; p = q.pollReady(rcvNxt)) {
                    int skip = rcvNxt - p.seq();
                    got.write(p.data(), skip, p.data().length - skip);
                    rcvNxt += p.data().length - skip;
                }
            }
            byte[] g = got.toByteArray();
            byte[] expect = java.util.Arrays.copyOf(stream, g.length);
            assertArrayEquals(expect, g, "round " + round);
        }
    }

    @Test
    void overlapIsStoredOnceAndCountIsBounded() {
        Reassembly q = new Reassembly();
        byte[] d = new byte[100];
        q.insert(0, 10, d, 0, 50, 10);
        q.insert(0, 30, d, 0, 50, 10);
        assertEquals(70, q.bytes(), "[10,60) + [60,80)");
        Reassembly small = new Reassembly();
        for (int i = 0; i < 5; i++) small.insert(0, 100 * i + 10, d, 0, 10, 3);
        assertEquals(30, small.bytes());
        assertFalse(small.insert(0, 1000, d, 0, 10, 3), "full: the piece is refused, and that is reported");
        assertNull(small.pollReady(0));
    }
}
