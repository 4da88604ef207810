package io.vroom.ospf.packet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.spi.Rng;
import io.vroom.ospf.packet.lsa.Lsa;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Decoders never throw: random bytes and mutations of valid packets, from a fixed seed. */
class DecoderFuzzTest {
    static final String[] SEEDS = {PacketGoldenTest.HELLO, PacketGoldenTest.DD_INIT, PacketGoldenTest.DD_HEADERS, PacketGoldenTest.LSR,
            PacketGoldenTest.LSU, PacketGoldenTest.ACK, PacketGoldenTest.HELLO_SIMPLE, PacketGoldenTest.HELLO_MD5};
    static final Auth[] AUTHS = {Auth.NULL, Auth.simple("secret"), Auth.md5(7, "topsecret"),
            Auth.md5(java.util.List.of(Auth.md5Key(3, "old"), Auth.md5Key(7, "topsecret"), Auth.md5Key(9, "next", false)))};

    @Test
    void randomBytesNeverThrow() {
        Rng rng = new Rng(7);
        int ok = 0;
        for (int n = 0; n < 50_000; n++) {
            byte[] b = new byte[rng.nextInt(300)];
            for (int i = 0; i < b.length; i++) b[i] = (byte) rng.nextLong();
            if (b.length > 1 && rng.nextInt(2) == 0) b[0] = 2; // get past the version check more often
            if (b.length > 2) b[1] = (byte) (1 + rng.nextInt(5));
            int off = b.length == 0 ? 0 : rng.nextInt(Math.max(1, b.length / 4));
            PacketCodec.Result r = PacketCodec.decode(b, off, b.length - off, AUTHS[rng.nextInt(AUTHS.length)]);
            if (r.packet() != null) ok++;
            Lsa.decode(b, off, b.length - off);
        }
        assertTrue(ok >= 0);
    }

    @Test
    void mutatedValidPacketsNeverThrow() {
        Rng rng = new Rng(11);
        int decoded = 0;
        for (int n = 0; n < 100_000; n++) {
            byte[] b = HexFormat.of().parseHex(SEEDS[rng.nextInt(SEEDS.length)]);
            int mutations = 1 + rng.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                switch (rng.nextInt(4)) {
                    case 0 -> b[rng.nextInt(b.length)] = (byte) rng.nextLong();
                    case 1 -> b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                    case 2 -> b = java.util.Arrays.copyOf(b, rng.nextInt(b.length + 1));
                    default -> b = java.util.Arrays.copyOf(b, b.length + rng.nextInt(40));
                }
                if (b.length == 0) break;
            }
            // Also fix the length field sometimes so that deeper parsing is reached.
            if (b.length >= 4 && rng.nextInt(2) == 0) {
                b[2] = (byte) (b.length >>> 8);
                b[3] = (byte) b.length;
            }
            PacketCodec.Result r = PacketCodec.decode(b, 0, b.length, AUTHS[rng.nextInt(AUTHS.length)]);
            if (r.packet() != null) decoded++;
            if (b.length > 24) Lsa.decode(b, 24, b.length - 24);
        }
        assertTrue(decoded > 0, "some mutations (e.g. of ages or unchecked fields) still decode");
    }
}
