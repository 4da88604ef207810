package io.vroom.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.Random;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;
import net.openhft.chronicle.values.Values;
import net.openhft.compiler.CachedCompiler;
import org.junit.jupiter.api.Test;

/**
 * vroom's hand-written {@code VanillaGlobalMutableState$$Native} (which spares every node a run of
 * javac) must be the class Chronicle uses, and must lay the state out exactly as the class Chronicle
 * would generate: that layout is the header of every persisted FIB file.
 */
class GlobalMutableStateLayoutTest {
    private static final int STORE_BYTES = 40;
    private static final int AT = 7; // an unaligned offset inside a store with bytes on both sides

    @Test
    void chronicleUsesTheSuppliedClassInsteadOfCompilingOne() throws Exception {
        Class<?> supplied = Class.forName("net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native");
        assertSame(supplied, Values.nativeClassFor(VanillaGlobalMutableState.class));
        assertEquals(25, ValueModel.acquire(VanillaGlobalMutableState.class).sizeInBytes());
    }

    @Test
    void layoutMatchesChroniclesGeneratedImplementation() throws Exception {
        Class<?> reference = chroniclesOwn();
        Random random = new Random(5);
        for (int round = 0; round < 2_000; round++) {
            byte[] initial = new byte[STORE_BYTES];
            random.nextBytes(initial);
            BytesStore<?, ?> ours = BytesStore.wrap(initial.clone());
            BytesStore<?, ?> theirs = BytesStore.wrap(initial.clone());
            VanillaGlobalMutableState a = Values.newNativeReference(VanillaGlobalMutableState.class);
            VanillaGlobalMutableState b = (VanillaGlobalMutableState) reference.getConstructor().newInstance();
            a.bytesStore(ours, AT, a.maxSize());
            b.bytesStore(theirs, AT, b.maxSize());
            assertGettersEqual(b, a);
            for (int op = 0; op < 6; op++) {
                switch (random.nextInt(6)) {
                    case 0 -> { int v = random.nextInt(1 << 24); a.setAllocatedExtraTierBulks(v); b.setAllocatedExtraTierBulks(v); }
                    case 1 -> { long v = random.nextLong() & ((1L << 40) - 1); a.setFirstFreeTierIndex(v); b.setFirstFreeTierIndex(v); }
                    case 2 -> { long v = random.nextLong() & ((1L << 40) - 1); a.setExtraTiersInUse(v); b.setExtraTiersInUse(v); }
                    case 3 -> { long v = random.nextLong() & 0xFFFF_FFFFL; a.setSegmentHeadersOffset(v); b.setSegmentHeadersOffset(v); }
                    case 4 -> { long v = random.nextLong() & Long.MAX_VALUE; a.setDataStoreSize(v); b.setDataStoreSize(v); }
                    default -> {
                        long base = random.nextInt(1 << 30);
                        a.setDataStoreSize(base);
                        b.setDataStoreSize(base);
                        long add = random.nextInt(1 << 20);
                        assertEquals(b.addDataStoreSize(add), a.addDataStoreSize(add));
                    }
                }
                assertArrayEquals(bytes(theirs), bytes(ours), "round " + round);
                assertGettersEqual(b, a);
            }
        }
    }

    @Test
    void outOfRangeValuesAreRefusedWithoutWriting() {
        BytesStore<?, ?> store = BytesStore.wrap(new byte[STORE_BYTES]);
        VanillaGlobalMutableState s = Values.newNativeReference(VanillaGlobalMutableState.class);
        s.bytesStore(store, AT, s.maxSize());
        assertThrows(IllegalArgumentException.class, () -> s.setAllocatedExtraTierBulks(1 << 24));
        assertThrows(IllegalArgumentException.class, () -> s.setFirstFreeTierIndex(1L << 40));
        assertThrows(IllegalArgumentException.class, () -> s.setExtraTiersInUse(-1));
        assertThrows(IllegalArgumentException.class, () -> s.setSegmentHeadersOffset(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> s.setDataStoreSize(-1));
        assertThrows(IllegalArgumentException.class, () -> s.bytesStore(store, AT, 24));
        assertThrows(IllegalArgumentException.class, () -> s.bytesStore(store, STORE_BYTES - 24, 25));
        assertArrayEquals(new byte[STORE_BYTES], bytes(store));
        s.setDataStoreSize(Long.MAX_VALUE - 1);
        assertThrows(IllegalStateException.class, () -> s.addDataStoreSize(2));
    }

    private static void assertGettersEqual(VanillaGlobalMutableState expected, VanillaGlobalMutableState actual) {
        assertEquals(expected.getAllocatedExtraTierBulks(), actual.getAllocatedExtraTierBulks());
        assertEquals(expected.getFirstFreeTierIndex(), actual.getFirstFreeTierIndex());
        assertEquals(expected.getExtraTiersInUse(), actual.getExtraTiersInUse());
        assertEquals(expected.getSegmentHeadersOffset(), actual.getSegmentHeadersOffset());
        assertEquals(expected.getDataStoreSize(), actual.getDataStoreSize());
    }

    private static byte[] bytes(BytesStore<?, ?> store) {
        byte[] out = new byte[(int) store.capacity()];
        for (int i = 0; i < out.length; i++) out[i] = store.readByte(i);
        return out;
    }

    /** Chronicle's generated implementation, under another name, compiled here as Chronicle would at run time. */
    private static Class<?> chroniclesOwn() throws Exception {
        String simpleName = "VanillaGlobalMutableStateReference$$Native";
        Class<?> generators = Class.forName("net.openhft.chronicle.values.Generators");
        Method generate = generators.getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
        generate.setAccessible(true);
        String source = (String) generate.invoke(null, ValueModel.acquire(VanillaGlobalMutableState.class), simpleName);
        try (CachedCompiler compiler = new CachedCompiler(null, null)) {
            return compiler.loadFromJava(VanillaGlobalMutableState.class.getClassLoader(),
                    "net.openhft.chronicle.hash." + simpleName, source);
        }
    }
}
