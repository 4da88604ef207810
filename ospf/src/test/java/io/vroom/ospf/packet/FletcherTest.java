package io.vroom.ospf.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.spi.Rng;
import io.vroom.ospf.packet.lsa.Fletcher;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FletcherTest {
    /** Vectors: LSAs whose check bytes were found independently (brute force over RFC 905's definition). */
    @Test
    void knownVectors() {
        String[] lsas = {PacketGoldenTest.LSA_R1, PacketGoldenTest.LSA_N2, PacketGoldenTest.LSA_S3, PacketGoldenTest.LSA_S4, PacketGoldenTest.LSA_E5};
        int[] expected = {0xe824, 0x82b6, 0x5583, 0xad79, 0x7e74};
        for (int i = 0; i < lsas.length; i++) {
            byte[] b = HexFormat.of().parseHex(lsas[i]);
            assertEquals(expected[i], Fletcher.compute(b, 0, b.length));
            assertTrue(Fletcher.verify(b, 0, b.length));
        }
    }

    /** Property: a computed checksum always verifies, whatever the content, and a flipped byte does not. */
    @Test
    void computedChecksumAlwaysVerifies() {
        Rng rng = new Rng(42);
        for (int n = 0; n < 2000; n++) {
            int len = 20 + rng.nextInt(200);
            byte[] b = new byte[len + 3];
            for (int i = 0; i < b.length; i++) b[i] = (byte) rng.nextLong();
            int ck = Fletcher.compute(b, 3, len);
            b[3 + 16] = (byte) (ck >>> 8);
            b[3 + 17] = (byte) ck;
            assertTrue(Fletcher.verify(b, 3, len));
            int pos = 3 + 2 + rng.nextInt(len - 2);
            int old = b[pos] & 0xff;
            int nv = (old + 1 + rng.nextInt(254)) % 256;
            // 0x00 and 0xff are the same residue mod 255; that substitution is undetectable by design.
            if ((old == 0 && nv == 255) || (old == 255 && nv == 0)) continue;
            b[pos] = (byte) nv;
            assertFalse(Fletcher.verify(b, 3, len), "corruption at " + pos);
        }
    }
}
