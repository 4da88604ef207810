package io.vroom.bgp.rib;

import io.vroom.bgp.attr.AttrWords;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.util.IntList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Interned attribute sets: one copy per distinct set, referred to by an {@code int} id and
 * reference-counted (each Adj-RIB-In/Out entry holds one reference). Ids are reused from a free
 * list, so the table stays as large as the live distinct sets. {@code limit}: the most distinct sets held.
 *
 * <p>Sets are kept as {@link AttrWords} records in chunks of ints, not as objects: a full table of
 * unique paths is ~1M sets, and as objects (PathAttributes, AsPath, its array) each cost ~180 bytes;
 * as words a typical eBGP set is ~4 words plus ~17 bytes of index, location and count (33.6 bytes
 * a set on genmrt's unique-path table, BgpAttrBench). A record is its words alone (they tell their
 * own length); a chunk whose live words fall below half is compacted (its live records move to the
 * chunk being filled). The index is an open-addressing table of ids
 * keyed by the words' hash. {@link #get} rebuilds the object, and keeps the last ones it built (and
 * the sets just interned) in a small direct-mapped cache, as the RIB asks for the same set a few
 * times in a row (decision, export, UPDATE packing).
 *
 * <p>It also counts the live sets per NEXT_HOP (unsigned address → sets): a next-hop tracking
 * index without a per-route cost. Every route of every RIB refers to a set here, so a next hop
 * absent from it is used by no route; {@link #usesNextHopIn} answers whether a change of the VR's
 * route for a prefix can matter to BGP at all (a superset: Adj-RIB-Out sets count too).
 */
public final class AttrTable {
    private static final int CHUNK_BITS = 16, CHUNK = 1 << CHUNK_BITS;
    private static final int CACHE = 1024;
    private static final int PAGE_BITS = 16, PAGE = 1 << PAGE_BITS;
    private static final int ID_BITS = 24, ID_MASK = (1 << ID_BITS) - 1;
    /** The most distinct sets any table holds (ids and a tag share an index slot): far above a full table's ~1M. */
    public static final int MAX_SETS = ID_MASK - 1;

    private int[][] chunks = new int[4][];
    private int[] chunkFill = new int[4];
    private int[] chunkLive = new int[4];
    private int chunkCount;
    private final IntList freeChunks = new IntList();
    /** The chunk records are appended to, -1 before the first. */
    private int current = -1;

    /**
     * Per id, in pages of {@link #PAGE} ids (a growing table leaves no doubled arrays behind):
     * where its record is ({@code chunk << CHUNK_BITS | position}, -1 when free) and its references.
     */
    private int[][] where = new int[4][];
    private int[][] refs = new int[4][];
    private int nextId;
    private final IntList free = new IntList();
    /**
     * The index: {@code tag << ID_BITS | (id + 1)}, 0 = free, where the tag is the top 8 bits of the
     * words' hash: most probes that do not match are told apart without reading the record.
     */
    private int[] slots = new int[2048];
    private int size;
    private final int limit;
    /**
     * NEXT_HOP → {live sets with it, its index or 0} (mutable: no boxing per set interned). The first
     * {@link AttrWords#NEXT_HOP_INDEXES} next hops seen with no live set are named by an index in the
     * sets' words instead of a word of their own, for as long as any set has them (a router has few
     * next hops: a word per set saved); {@code nextHopByIndex} maps back.
     */
    private final TreeMap<Long, int[]> nextHopSets = new TreeMap<>();
    private final int[] nextHopByIndex = new int[AttrWords.NEXT_HOP_INDEXES + 1];
    private int nextHopIndexesUsed; // bit i: index i names a next hop

    private transient int[] scratch;
    private transient PathAttributes[] cache;
    private transient int[] cacheIds;

    /** @param limit the most distinct sets held (at most {@link #MAX_SETS}); {@link #intern} refuses more */
    public AttrTable(int limit) {
        this.limit = Math.min(limit, MAX_SETS);
    }

    private int whereOf(int id) { return where[id >>> PAGE_BITS][id & (PAGE - 1)]; }

    private void setWhere(int id, int loc) { where[id >>> PAGE_BITS][id & (PAGE - 1)] = loc; }

    public int size() { return size; }

    /** The set with this id, or null if the id is not in use. */
    public PathAttributes get(int id) {
        if (id < 0 || id >= nextId || whereOf(id) < 0) return null;
        if (cache == null) newCache();
        int c = id & (CACHE - 1);
        if (cacheIds[c] == id) return cache[c];
        int loc = whereOf(id);
        PathAttributes a = AttrWords.read(chunks[loc >>> CHUNK_BITS], loc & (CHUNK - 1), nextHopByIndex);
        cache[c] = a;
        cacheIds[c] = id;
        return a;
    }

    public int refCount(int id) { return refs[id >>> PAGE_BITS][id & (PAGE - 1)]; }

    /** The id of {@code a} with one more reference, or -1 when the table is full. */
    public int intern(PathAttributes a) {
        int n = AttrWords.length(a);
        if (scratch == null || scratch.length < n) scratch = new int[Math.max(64, n)];
        int[] w = scratch;
        AttrWords.write(a, w, 0);
        int[] nh = a.hasNextHop() ? nextHopSets.get(a.nextHop() & 0xffffffffL) : null;
        int nhIndex = 0;
        if (AttrWords.hasNextHopWord(w, 0)) {
            if (nh != null) nhIndex = nh[1];
            else if (nextHopIndexesUsed != (1 << AttrWords.NEXT_HOP_INDEXES + 1) - 2) nhIndex = Integer.numberOfTrailingZeros(~nextHopIndexesUsed & ~1);
            if (nhIndex != 0) n = AttrWords.indexNextHop(w, 0, n, nhIndex);
        }
        int h = AttrWords.hash(w, 0, n);
        int tag = h & ~ID_MASK;
        int mask = slots.length - 1;
        int i = h & mask;
        while (true) {
            int s = slots[i];
            if (s == 0) break;
            if ((s & ~ID_MASK) == tag && sameWords((s & ID_MASK) - 1, w, n)) {
                int id = (s & ID_MASK) - 1;
                refs[id >>> PAGE_BITS][id & (PAGE - 1)]++;
                return id;
            }
            i = (i + 1) & mask;
        }
        if (size >= limit) return -1;
        int id = free.size() > 0 ? free.removeLast() : nextId++;
        int page = id >>> PAGE_BITS;
        if (page == where.length) {
            where = Arrays.copyOf(where, page * 2);
            refs = Arrays.copyOf(refs, page * 2);
        }
        if (where[page] == null) {
            where[page] = new int[PAGE];
            refs[page] = new int[PAGE];
        }
        int loc = alloc(n);
        int[] ch = chunks[loc >>> CHUNK_BITS];
        int pos = loc & (CHUNK - 1);
        System.arraycopy(w, 0, ch, pos, n);
        where[page][id & (PAGE - 1)] = loc;
        refs[page][id & (PAGE - 1)] = 1;
        slots[i] = tag | (id + 1);
        if (cache == null) newCache();
        cache[id & (CACHE - 1)] = a; // immutable and equal to the record: what get() would build
        cacheIds[id & (CACHE - 1)] = id;
        if (nh != null) {
            nh[0]++;
        } else if (a.hasNextHop()) {
            nextHopSets.put(a.nextHop() & 0xffffffffL, new int[] {1, nhIndex});
            if (nhIndex != 0) {
                nextHopByIndex[nhIndex] = a.nextHop();
                nextHopIndexesUsed |= 1 << nhIndex;
            }
        }
        if (++size > slots.length / 2) rehash(slots.length * 2);
        return id;
    }

    private boolean sameWords(int id, int[] w, int n) {
        int loc = whereOf(id);
        int[] ch = chunks[loc >>> CHUNK_BITS];
        int pos = loc & (CHUNK - 1);
        // The words are self-delimiting: equal over n words means equal lengths too.
        if (pos + n > chunkFill[loc >>> CHUNK_BITS]) return false;
        return Arrays.equals(ch, pos, pos + n, w, 0, n);
    }

    public void retain(int id) { refs[id >>> PAGE_BITS][id & (PAGE - 1)]++; }

    /** The hash of an id's record, from its words. */
    private int hashOf(int id) {
        int loc = whereOf(id);
        int[] ch = chunks[loc >>> CHUNK_BITS];
        int pos = loc & (CHUNK - 1);
        return AttrWords.hash(ch, pos, AttrWords.length(ch, pos));
    }

    /** Drops one reference; the set is forgotten at zero. */
    public void release(int id) {
        if (--refs[id >>> PAGE_BITS][id & (PAGE - 1)] > 0) return;
        int mask = slots.length - 1;
        int i = hashOf(id) & mask;
        while ((slots[i] & ID_MASK) != id + 1) i = (i + 1) & mask;
        // backward-shift deletion
        int hole = i, j = i;
        while (true) {
            j = (j + 1) & mask;
            int s = slots[j];
            if (s == 0) break;
            int home = hashOf((s & ID_MASK) - 1) & mask;
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                slots[hole] = s;
                hole = j;
            }
        }
        slots[hole] = 0;
        int loc = whereOf(id);
        int c = loc >>> CHUNK_BITS, pos = loc & (CHUNK - 1);
        int[] ch = chunks[c];
        long nh = AttrWords.nextHop(ch, pos, nextHopByIndex);
        if (nh >= 0) {
            nh &= 0xffffffffL; // as intern() keyed it
            int[] count = nextHopSets.get(nh);
            if (--count[0] == 0) {
                nextHopSets.remove(nh);
                nextHopIndexesUsed &= ~(1 << count[1]); // the next hop's index (if any) is free again
            }
        }
        chunkLive[c] -= AttrWords.length(ch, pos); // the words stay: a chunk is walked by them
        setWhere(id, -1);
        if (cache != null && cacheIds[id & (CACHE - 1)] == id) {
            cacheIds[id & (CACHE - 1)] = -1;
            cache[id & (CACHE - 1)] = null;
        }
        free.add(id);
        size--;
        if (c != current) {
            if (chunkLive[c] == 0) freeChunk(c);
            else if (chunkLive[c] < CHUNK / 2) compact(c);
        }
    }

    /** Room for a record of {@code words} (header included): its location. */
    private int alloc(int words) {
        if (words > CHUNK) { // larger than a chunk (policies can build such sets): a chunk of its own
            int c = newChunk(words);
            chunkFill[c] = words;
            chunkLive[c] = words;
            return c << CHUNK_BITS;
        }
        if (current < 0 || chunkFill[current] + words > CHUNK) current = newChunk(CHUNK);
        int pos = chunkFill[current];
        chunkFill[current] += words;
        chunkLive[current] += words;
        return current << CHUNK_BITS | pos;
    }

    private int newChunk(int words) {
        int c;
        if (freeChunks.size() > 0) {
            c = freeChunks.removeLast();
        } else {
            c = chunkCount++;
            if (c == chunks.length) {
                chunks = Arrays.copyOf(chunks, c * 2);
                chunkFill = Arrays.copyOf(chunkFill, c * 2);
                chunkLive = Arrays.copyOf(chunkLive, c * 2);
            }
        }
        chunks[c] = new int[words];
        chunkFill[c] = 0;
        chunkLive[c] = 0;
        return c;
    }

    private void freeChunk(int c) {
        chunks[c] = null;
        chunkFill[c] = 0;
        chunkLive[c] = 0;
        freeChunks.add(c);
    }

    /**
     * Moves a sparse chunk's live records to the current chunk and frees it. A record is live when
     * the index, probed with its words' hash, holds an id whose record is this one (a released
     * record's words stay until then; an equal set interned again since lives elsewhere).
     */
    private void compact(int c) {
        int[] ch = chunks[c];
        int fill = chunkFill[c];
        int mask = slots.length - 1;
        for (int p = 0; p < fill; ) {
            int len = AttrWords.length(ch, p);
            int here = c << CHUNK_BITS | p;
            int h = AttrWords.hash(ch, p, len);
            for (int i = h & mask, s; (s = slots[i]) != 0; i = (i + 1) & mask) {
                int id = (s & ID_MASK) - 1;
                if ((s & ~ID_MASK) == (h & ~ID_MASK) && whereOf(id) == here) {
                    int loc = alloc(len);
                    System.arraycopy(ch, p, chunks[loc >>> CHUNK_BITS], loc & (CHUNK - 1), len);
                    setWhere(id, loc);
                    break;
                }
            }
            p += len;
        }
        freeChunk(c);
    }

    /** Whether any live set has a NEXT_HOP inside the prefix {@code address/length}. */
    public boolean usesNextHopIn(int address, int length) {
        long lo = address & (length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL);
        long hi = lo | (length == 0 ? 0xffffffffL : (0xffffffffL >>> length));
        Map.Entry<Long, int[]> e = nextHopSets.ceilingEntry(lo);
        return e != null && e.getKey() <= hi;
    }

    /** Distinct next hops of the live sets. */
    public int nextHopCount() { return nextHopSets.size(); }

    /** Words held by live records and by all chunks (for tests and measurements). */
    long[] arenaWords() {
        long live = 0, held = 0;
        for (int c = 0; c < chunkCount; c++) {
            live += chunkLive[c];
            if (chunks[c] != null) held += chunks[c].length;
        }
        return new long[] {live, held};
    }

    private void newCache() {
        cache = new PathAttributes[CACHE];
        cacheIds = new int[CACHE];
        Arrays.fill(cacheIds, -1);
    }

    /** A larger index: each record's hash comes again from its words, visited in id order (mostly arena order). */
    private void rehash(int cap) {
        int[] n = new int[cap];
        int mask = cap - 1;
        for (int id = 0; id < nextId; id++) {
            if (whereOf(id) < 0) continue;
            int h = hashOf(id);
            int i = h & mask;
            while (n[i] != 0) i = (i + 1) & mask;
            n[i] = (h & ~ID_MASK) | (id + 1);
        }
        slots = n;
    }
}
