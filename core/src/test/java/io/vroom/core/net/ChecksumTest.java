package io.vroom.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-per-step {@link Checksum#sum} against the plain RFC 1071 definition, word by word. */
class ChecksumTest {
    /** RFC 1071 §4.1, literally: 16-bit big-endian words, a trailing odd byte padded with zero, carries folded. */
    private static int reference(byte[] b, int off, int len, int initial) {
        long sum = initial & 0xffffffffL;
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if (i < end) sum += (b[i] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    @Test
    void equalsTheWordByWordSumForEveryLengthOffsetAndSeed() {
        Random r = new Random(1071);
        byte[] b = new byte[2048];
        for (int round = 0; round < 4000; round++) {
            if (round % 3 == 0) r.nextBytes(b);
            else java.util.Arrays.fill(b, (byte) (round % 2 == 0 ? 0xff : r.nextInt()));
            int off = r.nextInt(16);
            int len = round < 200 ? round % 40 : r.nextInt(b.length - off);
            int initial = round % 5 == 0 ? r.nextInt() : r.nextInt(0x30000);
            assertEquals(reference(b, off, len, initial), Checksum.sum(b, off, len, initial), "off " + off + " len " + len);
        }
    }

    @Test
    void aRegionCarryingItsChecksumSumsToAllOnes() {
        byte[] h = CodecTest.hex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7");
        Checksum.write16(h, 10, Checksum.compute(h, 0, 20));
        assertEquals(0xb861, Checksum.read16(h, 10), "the well-known example header");
        assertEquals(0xffff, Checksum.sum(h, 0, 20, 0));
    }
}
