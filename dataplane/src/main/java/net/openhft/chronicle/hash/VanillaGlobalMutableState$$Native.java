package net.openhft.chronicle.hash;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * The flyweight over a Chronicle map file's global mutable state (25 bytes in its header), written
 * for vroom so that Chronicle finds it on the class path instead of generating and compiling it.
 *
 * <p>Why it exists: Chronicle Values implements a value interface such as
 * {@link VanillaGlobalMutableState} by loading {@code <interface>$$Native} from the interface's class
 * loader and, only when that class is missing, by generating its Java source and compiling it with
 * javac inside the running JVM. That compilation loaded about 1,100 {@code com.sun.tools.javac}
 * classes into every node, took half a second of its start-up and left its garbage in the young
 * generation. With this class present the compiler is never run (BENCHMARKS.md, node memory).
 *
 * <p>The layout must be the one Chronicle derives from the interface's {@code @Group} and
 * {@code @Range} annotations, since it is the on-disk format of every persisted FIB; the test
 * {@code GlobalMutableStateLayoutTest} checks it field by field against Chronicle's own generated
 * implementation. Fields are packed in group order, little-endian (the platform order of the
 * {@code BytesStore} accessors), each read and written through the smallest enclosing int or long
 * with the bits of its neighbours preserved:
 * <pre>
 *  byte  0       3             8            13           17                    25
 *        | bulks | firstFreeTier | tiersInUse | segHdrOff  | dataStoreSize       |
 *        | 24 b  | 40 b          | 40 b       | 32 b       | 63 b (sign bit 0)   |
 * </pre>
 */
@SuppressWarnings({"rawtypes", "checkstyle:TypeName"})
public final class VanillaGlobalMutableState$$Native implements VanillaGlobalMutableState {
    static final int SIZE_BYTES = 25;
    private static final int BULKS_AT = 0;
    private static final int FIRST_FREE_TIER_AT = 3;
    private static final int TIERS_IN_USE_AT = 8;
    private static final int SEGMENT_HEADERS_AT = 13;
    private static final int DATA_STORE_SIZE_AT = 17;
    private static final int MASK_24 = (1 << 24) - 1;
    private static final long MASK_40 = (1L << 40) - 1;

    private BytesStore store;
    private long offset;

    /** Chronicle instantiates this class reflectively. */
    public VanillaGlobalMutableState$$Native() {
    }

    @Override
    public int getAllocatedExtraTierBulks() {
        return store.readInt(offset + BULKS_AT) & MASK_24;
    }

    @Override
    public void setAllocatedExtraTierBulks(int allocatedExtraTierBulks) {
        check("allocatedExtraTierBulks", allocatedExtraTierBulks, MASK_24);
        long at = offset + BULKS_AT;
        store.writeInt(at, (store.readInt(at) & ~MASK_24) | allocatedExtraTierBulks);
    }

    @Override
    public long getFirstFreeTierIndex() {
        return store.readLong(offset + FIRST_FREE_TIER_AT) & MASK_40;
    }

    @Override
    public void setFirstFreeTierIndex(long firstFreeTierIndex) {
        check("firstFreeTierIndex", firstFreeTierIndex, MASK_40);
        write40(offset + FIRST_FREE_TIER_AT, firstFreeTierIndex);
    }

    @Override
    public long getExtraTiersInUse() {
        return store.readLong(offset + TIERS_IN_USE_AT) & MASK_40;
    }

    @Override
    public void setExtraTiersInUse(long extraTiersInUse) {
        check("extraTiersInUse", extraTiersInUse, MASK_40);
        write40(offset + TIERS_IN_USE_AT, extraTiersInUse);
    }

    @Override
    public long getSegmentHeadersOffset() {
        return store.readInt(offset + SEGMENT_HEADERS_AT) & 0xFFFF_FFFFL;
    }

    @Override
    public void setSegmentHeadersOffset(long segmentHeadersOffset) {
        check("segmentHeadersOffset", segmentHeadersOffset, 0xFFFF_FFFFL);
        store.writeInt(offset + SEGMENT_HEADERS_AT, (int) segmentHeadersOffset);
    }

    @Override
    public long getDataStoreSize() {
        return store.readLong(offset + DATA_STORE_SIZE_AT);
    }

    @Override
    public void setDataStoreSize(long dataStoreSize) {
        check("dataStoreSize", dataStoreSize, Long.MAX_VALUE);
        store.writeLong(offset + DATA_STORE_SIZE_AT, dataStoreSize);
    }

    @Override
    public long addDataStoreSize(long addition) {
        long sum = getDataStoreSize() + addition;
        if (sum < 0) throw new IllegalStateException("data store size out of range: " + getDataStoreSize() + " + " + addition);
        store.writeLong(offset + DATA_STORE_SIZE_AT, sum);
        return sum;
    }

    @Override
    public void bytesStore(BytesStore bytesStore, long offset, long length) {
        if (length != SIZE_BYTES) throw new IllegalArgumentException("global mutable state is " + SIZE_BYTES + " bytes, given " + length);
        if (offset < 0 || offset + length > bytesStore.capacity()) {
            throw new IllegalArgumentException("global mutable state at " + offset + " outside a store of " + bytesStore.capacity() + " bytes");
        }
        this.store = bytesStore;
        this.offset = offset;
    }

    @Override
    public BytesStore<?, ?> bytesStore() {
        return store;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long maxSize() {
        return SIZE_BYTES;
    }

    /** Writes the low 40 bits of the long at {@code at}, keeping its top three bytes (the next field's). */
    private void write40(long at, long value) {
        store.writeLong(at, (store.readLong(at) & ~MASK_40) | value);
    }

    private static void check(String field, long value, long max) {
        if (value < 0 || value > max) throw new IllegalArgumentException(field + " must be in [0, " + max + "]: " + value);
    }

    @Override
    public String toString() {
        return "VanillaGlobalMutableState{bulks=" + getAllocatedExtraTierBulks() + ", firstFreeTier=" + getFirstFreeTierIndex()
                + ", tiersInUse=" + getExtraTiersInUse() + ", segmentHeadersOffset=" + getSegmentHeadersOffset()
                + ", dataStoreSize=" + getDataStoreSize() + "}";
    }
}
