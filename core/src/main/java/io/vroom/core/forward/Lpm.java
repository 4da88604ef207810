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
 * <p>Storage: the nodes live in pages of {@link #PAGE} ints (a node never straddles two); slot
 * {@code i} is {@code pages[i >>> PAGE_BITS][i & (PAGE - 1)]}. While the index fits in one page,
 * that page grows by doubling (small tables stay small); beyond it, whole pages are appended, so a
 * large table never copies its nodes and wastes less than one page (the former single array grew
 * by 1.5x copies and was up to a third unused).
 *
 * <p>Concurrency: one writer ({@link #put}, {@link #remove}), any number of readers
 * ({@link #lookup}). A new node is filled before the release-store that links it, slots are
 * written whole, a page added is published (volatile) before any slot links into it, a first page
 * replaced by a bigger copy is never written again, and nodes are never reused in place (removals
 * are reclaimed by rebuilding into fresh pages, published as a new {@link Table}, which the garbage
 * collector frees once no reader holds the old one). So a concurrent reader sees, for its address,
 * the old or the new route — never a torn or foreign one.
 *
 * <p>Memory is proportional to the table: about 5 KB for a handful of prefixes, about 70 bytes
 * per prefix for an Internet-like table (measured by {@code LpmBench}).
 */
public final class Lpm {
    public static final int NO_ROUTE = -1;
    /** Values are {@code 0..MAX_VALUE}. */
    public static final int MAX_VALUE = (1 << 24) - 2;
    /** Ints per page: 2^16 (256 KB), the size of the large root. */
    static final int PAGE_BITS = 16;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE - 1;
    /** Child pointers are 31-bit slot offsets. */
    private static final int MAX_PAGES = (int) ((1L << 31) / PAGE);

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

    /** What readers see: replaced whole when the trie is rebuilt; {@link #pages} grows in place. */
    private static final class Table {
        volatile int[][] pages;
        final int rootShift;

        Table(int[][] pages, int rootBits) {
            this.pages = pages;
            this.rootShift = 32 - rootBits;
        }
    }

    private volatile Table table;

    // Writer state.
    private final PrefixMap prefixes = new PrefixMap();
    /** The pages being written (those of {@link #table} once built); {@code capacity} ints in all. */
    private int[][] w;
    private long capacity;
    private Table building;
    private int rootBits;
    private int top;
    private int removalsSinceBuild;

    public Lpm() {
        rebuild(SMALL_ROOT_BITS);
    }

    /** The value of the longest prefix containing {@code address}, or {@link #NO_ROUTE}. Allocation-free. */
    public int lookup(int address) {
        Table t = table;
        int[][] pg = t.pages;
        int shift = t.rootShift;
        int s = (int) SLOT.getAcquire(pg[0], address >>> shift); // the root is at the start of the first page
        while (s < 0) {
            shift -= 8;
            int i = (s & ~CHILD) | ((address >>> shift) & 0xff);
            int p = i >>> PAGE_BITS;
            if (p >= pg.length) pg = t.pages; // linked after our read of the pages: a newer array has it
            s = (int) SLOT.getAcquire(pg[p], i & PAGE_MASK);
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
        return capacity * 4L + prefixes.memoryBytes();
    }

    /** Bytes of the readers' pages alone. */
    public long indexBytes() {
        return capacity * 4L;
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
            int s = w[idx >>> PAGE_BITS][idx & PAGE_MASK];
            if (s >= 0) {
                if (minLength == length) return; // a removal: the prefix was never painted below this leaf
                int child = allocNode();
                int off = child & PAGE_MASK;
                java.util.Arrays.fill(w[child >>> PAGE_BITS], off, off + NODE, s); // leaf pushing: the child inherits the covering route
                SLOT.setRelease(w[idx >>> PAGE_BITS], idx & PAGE_MASK, CHILD | child);
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
        int[] page = w[i >>> PAGE_BITS];
        int s = page[i & PAGE_MASK];
        if (s < 0) {
            int child = s & ~CHILD;
            for (int j = child; j < child + NODE; j++) paintSlot(j, newLeaf, minLength, maxLength);
        } else {
            int l = s >>> 24;
            if (l >= minLength && l <= maxLength && s != newLeaf) SLOT.setRelease(page, i & PAGE_MASK, newLeaf);
        }
    }

    private int allocNode() {
        if (top + NODE > capacity) grow();
        int node = top;
        top += NODE;
        return node;
    }

    /**
     * Adds room for at least one node: a first page below full size is replaced by a copy twice
     * its size (the old one is never written again); otherwise a full page is appended. The new
     * pages array is published before anything links into it.
     */
    private void grow() {
        int[][] next;
        if (w.length == 1 && w[0].length < PAGE) {
            next = new int[][] {java.util.Arrays.copyOf(w[0], Math.min(PAGE, w[0].length * 2))};
        } else {
            if (w.length >= MAX_PAGES) throw new IllegalStateException("LPM index full");
            next = java.util.Arrays.copyOf(w, w.length + 1);
            next[w.length] = new int[PAGE];
        }
        w = next;
        long cap = 0;
        for (int[] p : next) cap += p.length;
        capacity = cap;
        building.pages = next;
    }

    /** Builds a fresh trie from the prefix table, shorter prefixes first, and publishes it whole. */
    private void rebuild(int newRootBits) {
        rootBits = newRootBits;
        long[] entries = prefixes.entriesByLength();
        int rootSize = 1 << newRootBits;
        int first = rootSize >= PAGE ? PAGE : rootSize + 4 * NODE;
        w = new int[][] {new int[first]};
        capacity = first;
        building = new Table(w, newRootBits); // not yet visible to readers
        top = rootSize;
        for (int i = 0; i < entries.length; i += 2) {
            long k = entries[i];
            int len = PrefixMap.length(k);
            paint(PrefixMap.address(k), len, leaf(len, (int) entries[i + 1]), 0);
        }
        removalsSinceBuild = 0;
        table = building;
    }
}
