package io.vroom.core.forward;

import io.vroom.core.net.Ip4;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Longest-prefix match from IPv4 prefixes to small int values (next-hop group ids): a multibit
 * trie with leaf pushing (controlled prefix expansion), a root of 2^8 slots for small tables or
 * 2^16 for large ones, then 8-bit strides (8-8-8-8 or 16-8-8). A lookup reads at most four ints
 * of one array and never probes per prefix length.
 *
 * <p>A slot is either a leaf {@code (length << 24) | (value + 1)} ({@code 0}: no route), carrying
 * the length of the prefix that painted it so that updates know what they may overwrite, or a
 * child pointer {@code 0x80000000 | offset} of a 256-slot node. All nodes live in one int array.
 *
 * <p>Concurrency: one writer ({@link #put}, {@link #remove}), any number of readers
 * ({@link #lookup}). A new node is filled before the release-store that links it, slots are
 * written whole, a grown array is published through a volatile field and the old one is never
 * written again, and nodes are never reused in place (removals are reclaimed by rebuilding into a
 * fresh array, which the garbage collector frees once no reader holds it). So a concurrent reader
 * sees, for its address, the old or the new route — never a torn or foreign one.
 *
 * <p>Memory is proportional to the table: about 5 KB for a handful of prefixes, about 70 bytes
 * per prefix for an Internet-like table (measured by {@code LpmBench}).
 */
public final class Lpm {
    public static final int NO_ROUTE = -1;
    /** Values are {@code 0..MAX_VALUE}. */
    public static final int MAX_VALUE = (1 << 24) - 2;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int CHILD = 0x80000000;
    private static final int NODE = 256;
    private static final int SMALL_ROOT_BITS = 8;
    private static final int LARGE_ROOT_BITS = 16;
    /** Switch to the 2^16 root above this many prefixes, back to 2^8 below the lower mark. */
    private static final int LARGE_ABOVE = 4096;
    private static final int SMALL_BELOW = 1024;
    /** Rebuild (reclaiming nodes) once removals since the last build exceed max(this, size). */
    private static final int MIN_REBUILD_REMOVALS = 4096;

    /** What readers see: replaced whole when the array grows or the trie is rebuilt. */
    private static final class Table {
        final int[] slots;
        final int rootShift;

        Table(int[] slots, int rootBits) {
            this.slots = slots;
            this.rootShift = 32 - rootBits;
        }
    }

    private volatile Table table;

    // Writer state.
    private final PrefixMap prefixes = new PrefixMap();
    private int[] w;
    private int rootBits;
    private int top;
    private boolean building;
    private int removalsSinceBuild;

    public Lpm() {
        rebuild(SMALL_ROOT_BITS);
    }

    /** The value of the longest prefix containing {@code address}, or {@link #NO_ROUTE}. Allocation-free. */
    public int lookup(int address) {
        Table t = table;
        int[] a = t.slots;
        int shift = t.rootShift;
        int s = (int) SLOT.getAcquire(a, address >>> shift);
        while (s < 0) {
            shift -= 8;
            s = (int) SLOT.getAcquire(a, (s & ~CHILD) | ((address >>> shift) & 0xff));
        }
        return (s & 0xffffff) - 1;
    }

    /** The value stored for exactly this prefix, or {@link #NO_ROUTE}. Writer thread only. */
    public int get(int address, int length) {
        checkLength(length);
        return prefixes.get(PrefixMap.key(address & Ip4.mask(length), length));
    }

    /** The longest prefix strictly shorter than {@code maxLength} containing {@code address}, as its value; writer thread only. */
    public int lookupShorter(int address, int maxLength) {
        for (int l = Math.min(maxLength - 1, 32); l >= 0; l--) {
            int v = prefixes.get(PrefixMap.key(address & Ip4.mask(l), l));
            if (v != PrefixMap.ABSENT) return v;
        }
        return NO_ROUTE;
    }

    public int size() {
        return prefixes.size();
    }

    /** Bytes held by the lookup structure (readers' array) plus the writer's prefix table. */
    public long memoryBytes() {
        return w.length * 4L + prefixes.memoryBytes();
    }

    /** Bytes of the readers' array alone. */
    public long indexBytes() {
        return w.length * 4L;
    }

    /** Installs or replaces a prefix; returns the previous value or {@link #NO_ROUTE}. Writer thread only. */
    public int put(int address, int length, int value) {
        checkLength(length);
        if (value < 0 || value > MAX_VALUE) throw new IllegalArgumentException("value out of range: " + value);
        address &= Ip4.mask(length);
        int old = prefixes.put(PrefixMap.key(address, length), value);
        if (old == value) return old;
        if (rootBits == SMALL_ROOT_BITS && prefixes.size() > LARGE_ABOVE) {
            rebuild(LARGE_ROOT_BITS);
        } else {
            paint(address, length, leaf(length, value), 0);
        }
        return old;
    }

    /** Removes a prefix, restoring the covering shorter one; returns the removed value or {@link #NO_ROUTE}. */
    public int remove(int address, int length) {
        checkLength(length);
        address &= Ip4.mask(length);
        int old = prefixes.remove(PrefixMap.key(address, length));
        if (old == PrefixMap.ABSENT) return NO_ROUTE;
        int size = prefixes.size();
        if (rootBits == LARGE_ROOT_BITS && size < SMALL_BELOW) {
            rebuild(SMALL_ROOT_BITS);
        } else if (++removalsSinceBuild > Math.max(MIN_REBUILD_REMOVALS, size)) {
            rebuild(rootBits);
        } else {
            int cover = 0;
            for (int l = length - 1; l >= 0; l--) {
                int v = prefixes.get(PrefixMap.key(address & Ip4.mask(l), l));
                if (v != PrefixMap.ABSENT) {
                    cover = leaf(l, v);
                    break;
                }
            }
            paint(address, length, cover, length);
        }
        return old;
    }

    private static int leaf(int length, int value) {
        return (length << 24) | (value + 1);
    }

    private static void checkLength(int length) {
        if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length out of range: " + length);
    }

    /**
     * Writes {@code newLeaf} into every slot the prefix covers whose painting prefix length is in
     * {@code [minLength, length]}, descending into (and creating) child nodes as needed.
     */
    private void paint(int address, int length, int newLeaf, int minLength) {
        int base = 0, stride = rootBits, bitsEnd = rootBits;
        while (length > bitsEnd) {
            int idx = base + ((address >>> (32 - bitsEnd)) & ((1 << stride) - 1));
            int s = w[idx];
            if (s >= 0) {
                if (minLength == length) return; // a removal: the prefix was never painted below this leaf
                int child = allocNode();
                java.util.Arrays.fill(w, child, child + NODE, s); // leaf pushing: the child inherits the covering route
                SLOT.setRelease(w, idx, CHILD | child);
                s = CHILD | child;
            }
            base = s & ~CHILD;
            stride = 8;
            bitsEnd += 8;
        }
        int first = base + ((address >>> (32 - bitsEnd)) & ((1 << stride) - 1));
        int count = 1 << (bitsEnd - length);
        for (int i = first; i < first + count; i++) paintSlot(i, newLeaf, minLength, length);
    }

    private void paintSlot(int i, int newLeaf, int minLength, int maxLength) {
        int s = w[i];
        if (s < 0) {
            int child = s & ~CHILD;
            for (int j = child; j < child + NODE; j++) paintSlot(j, newLeaf, minLength, maxLength);
        } else {
            int l = s >>> 24;
            if (l >= minLength && l <= maxLength && s != newLeaf) SLOT.setRelease(w, i, newLeaf);
        }
    }

    private int allocNode() {
        if (top + NODE > w.length) {
            long grown = Math.max((long) top + NODE, w.length + (w.length >> 1));
            int length = (int) Math.min(Integer.MAX_VALUE - NODE, (grown + NODE - 1) & ~(long) (NODE - 1));
            if (length < top + NODE) throw new IllegalStateException("LPM index full");
            w = java.util.Arrays.copyOf(w, length);
            if (!building) table = new Table(w, rootBits);
        }
        int node = top;
        top += NODE;
        return node;
    }

    /** Builds a fresh trie from the prefix table, shorter prefixes first, and publishes it whole. */
    private void rebuild(int newRootBits) {
        building = true;
        rootBits = newRootBits;
        long[] entries = prefixes.entriesByLength();
        int rootSize = 1 << newRootBits;
        int estimate = rootSize + NODE * (4 + entries.length / 32);
        w = new int[Math.max(rootSize + 4 * NODE, (estimate + NODE - 1) & ~(NODE - 1))];
        top = rootSize;
        for (int i = 0; i < entries.length; i += 2) {
            long k = entries[i];
            int len = PrefixMap.length(k);
            paint(PrefixMap.address(k), len, leaf(len, (int) entries[i + 1]), 0);
        }
        building = false;
        removalsSinceBuild = 0;
        table = new Table(w, rootBits);
    }
}
