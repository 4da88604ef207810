package io.vroom.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.forward.FibStore;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FIB's resident memory follows its content: an empty store sized for 2M routes costs almost nothing. */
class FibResidentMemoryTest {
    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    @TempDir
    Path dir;

    /** Resident kilobytes of this process's mappings of {@code file} (/proc/self/smaps). */
    static long residentKb(Path file) throws IOException {
        long kb = 0;
        boolean in = false;
        String name = file.toAbsolutePath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (MAPPING.matcher(line).lookingAt()) {
                in = line.endsWith(name);
            } else if (in && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb;
    }

    @Test
    void emptyStoreForTwoMillionRoutesIsNotResidentAndFillsAndReopens() throws IOException {
        ChronicleFibStore.Factory stores = new ChronicleFibStore.Factory(dir, ChronicleFibStore.Factory.DEFAULT_CAPACITY);
        Path file = stores.file("v");
        Map<Ip4Prefix, FibEntry> expected = new HashMap<>();
        try (FibStore store = stores.open("v")) {
            long emptyKb = residentKb(file);
            // Before: ~50 MB (Chronicle zeroes every segment's hash lookup at creation).
            assertTrue(emptyKb < 4 * 1024, "empty FIB resident " + emptyKb + " kB");
            Random r = new Random(3);
            for (int i = 0; i < 200_000; i++) {
                Ip4Prefix p = new Ip4Prefix(r.nextInt() & 0xffffff00, 24);
                FibEntry e = FibEntry.forward(p, List.of(new NextHop(1 + r.nextInt(4), 0x0a000002 + r.nextInt(8))));
                assertTrue(store.put(e));
                expected.put(p, e);
            }
            assertEquals(expected.size(), store.size());
            assertTrue(residentKb(file) > emptyKb, "pages come back as routes land in them");
        }
        try (FibStore again = stores.open("v")) {
            Map<Ip4Prefix, FibEntry> read = new HashMap<>();
            again.forEach(e -> read.put(e.prefix(), e));
            assertEquals(expected, read);
        }
    }

    @Test
    void zeroPagesBecomeHolesAndTheContentIsUnchanged() throws IOException {
        Path file = dir.resolve("f");
        byte[] content = new byte[64 * 4096 + 100];
        Random r = new Random(9);
        for (int page : new int[] {0, 5, 6, 40, 63}) {
            for (int i = 0; i < 8; i++) content[page * 4096 + r.nextInt(4096)] = (byte) (1 + r.nextInt(255));
        }
        content[content.length - 1] = 7; // a partial last page with data
        Files.write(file, content);
        long released = ZeroPages.release(file);
        assertEquals((64 - 5) * 4096L, released);
        assertArrayEquals(content, Files.readAllBytes(file));
        assertEquals(0, ZeroPages.release(dir.resolve("missing")));
    }
}
