package io.vroom.bgp.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AttrContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing: random and mutated messages through every decoder; nothing may throw. */
class BgpDecoderFuzzTest {
    static final AttrContext[] CONTEXTS = {
        BgpWireGoldenTest.EBGP4,
        new AttrContext(false, false, 65001, true, false, false),
        new AttrContext(true, true, 65001, true, true, true),
        AttrContext.MRT,
    };

    private static void decodeAll(byte[] b, int off, int len) {
        OpenMessage.decode(b, off, len);
        for (AttrContext c : CONTEXTS) {
            Result<UpdateMessage> r = UpdateMessage.decode(b, off, len, c);
            assertTrue(r.isOk() || r.error() != null);
            if (r.isOk()) {
                r.value().endOfRib();
                assertNotNull(r.value().attributes().toString());
            }
        }
        NotificationMessage.decode(b, off, len);
        RouteRefreshMessage.decode(b, off, len);
    }

    @Test
    void randomBytes() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            decodeAll(b, 0, b.length);
            BgpFramer f = new BgpFramer();
            f.append(b, 0, b.length);
            while (f.next() == BgpFramer.FRAME) { }
        }
    }

    @Test
    void mutatedValidMessages() {
        byte[][] seeds = {
            Hex.bytes(BgpWireGoldenTest.OPEN), Hex.bytes(BgpWireGoldenTest.UPDATE),
            Hex.bytes(BgpWireGoldenTest.MARKER + "005202" + "0000" + "0035" + BgpWireGoldenTest.ATTRS + "18c00002" + "080a"),
            Hex.bytes("800e1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001"),
        };
        Random rnd = new Random(7);
        int decoded = 0;
        for (int i = 0; i < 50000; i++) {
            byte[] b = seeds[rnd.nextInt(seeds.length)].clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int pos = rnd.nextInt(b.length);
                switch (rnd.nextInt(3)) {
                    case 0 -> b[pos] = (byte) rnd.nextInt(256);
                    case 1 -> b[pos] ^= (byte) (1 << rnd.nextInt(8));
                    default -> b[pos] = (byte) (rnd.nextBoolean() ? 0 : 0xff);
                }
            }
            int cut = rnd.nextInt(4) == 0 ? rnd.nextInt(b.length + 1) : b.length;
            if (cut > 19) decodeAll(b, 19, cut - 19);
            decodeAll(b, 0, cut);
            io.vroom.bgp.attr.AttributeCodec.decode(b, 0, cut, CONTEXTS[i % CONTEXTS.length]);
            decoded++;
        }
        assertEquals(50000, decoded);
    }
}
