package io.vroom.bgp.mrt;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AttrContext;
import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.rib.NextHopResolver;
import io.vroom.core.net.Ip4;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MrtRoundTripTest {
    static BgpRib load(InputStream in, long[] count) throws Exception {
        BgpRib rib = new BgpRib(65002, Ip4.parse("10.0.0.2"), 0, false, 100_000, 100_000);
        new MrtReader(in).readAll(new MrtReader.Sink() {
            public void peers(List<MrtReader.Peer> peers) { count[1] = peers.size(); }
            public void route(long key, int peer, byte[] a, int off, int len) {
                AttributeCodec.Decoded d = AttributeCodec.decode(a, off, len, AttrContext.MRT);
                if (d.error() == null) rib.announce(0, key, d.attributes(), NextHopResolver.ALL_REACHABLE);
                count[0]++;
            }
        });
        return rib;
    }

    @Test
    void genmrtTableLoadsAndDumpsIdentically() throws Exception {
        Path gen = Path.of("/work/shared/bench/genmrt.py");
        Assumptions.assumeTrue(Files.exists(gen));
        Path f = Files.createTempFile("vroom-bgp", ".mrt");
        try {
            Process p = new ProcessBuilder("python3", gen.toString(), "10000", f.toString(), "--paths", "1000").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor());
            long[] c = new long[2];
            BgpRib rib;
            try (InputStream in = Files.newInputStream(f)) {
                rib = load(in, c);
            }
            assertEquals(10000, c[0]);
            assertEquals(1, c[1]);
            assertEquals(10000, rib.locRibSize());
            assertTrue(rib.attributes().size() <= 1000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(10000, MrtWriter.dump(rib, 1700000000, out));
            long[] c2 = new long[2];
            BgpRib again = load(new ByteArrayInputStream(out.toByteArray()), c2);
            assertEquals(10000, again.locRibSize());
            for (long k : rib.locRibKeys()) assertEquals(rib.best(k), again.best(k));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void truncatedAndRandomInputNeverThrows() throws Exception {
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(300)];
            rnd.nextBytes(b);
            if (b.length > 11 && rnd.nextBoolean()) { b[4] = 0; b[5] = 13; b[6] = 0; b[7] = (byte) (1 + rnd.nextInt(2)); b[8] = 0; b[9] = 0; b[10] = 0; }
            load(new ByteArrayInputStream(b), new long[2]);
        }
    }
}
