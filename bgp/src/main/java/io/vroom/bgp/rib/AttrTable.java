package io.vroom.bgp.rib;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.util.IntList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Interned attribute sets: one shared {@link PathAttributes} per distinct set, referred to by an
 * {@code int} id and reference-counted (each Adj-RIB-In/Out entry holds one reference). The index
 * is an open-addressing table of ids keyed by the set's hash. Ids are reused from a free list, so
 * the table stays as large as the live distinct sets. {@code limit}: the most distinct sets held.
 *
 * <p>It also counts the live sets per NEXT_HOP (unsigned address → sets): a next-hop tracking
 * index without a per-route cost. Every route of every RIB refers to a set here, so a next hop
 * absent from it is used by no route; {@link #usesNextHopIn} answers whether a change of the VR's
 * route for a prefix can matter to BGP at all (a superset: Adj-RIB-Out sets count too).
 */
public final class AttrTable {
    private PathAttributes[] byId = new PathAttributes[1024];
    private int[] refs = new int[1024];
    private int nextId;
    private final IntList free = new IntList();
    private int[] slots = new int[2048]; // id + 1; 0 = free
    private int size;
    private final int limit;
    private final TreeMap<Long, Integer> nextHopSets = new TreeMap<>();

    public AttrTable(int limit) {
        this.limit = limit;
    }

    public int size() { return size; }

    public PathAttributes get(int id) { return byId[id]; }

    public int refCount(int id) { return refs[id]; }

    /** The id of {@code a} with one more reference, or -1 when the table is full. */
    public int intern(PathAttributes a) {
        int mask = slots.length - 1;
        int i = mix(a.hashCode()) & mask;
        while (true) {
            int s = slots[i];
            if (s == 0) break;
            if (byId[s - 1].equals(a)) {
                refs[s - 1]++;
                return s - 1;
            }
            i = (i + 1) & mask;
        }
        if (size >= limit) return -1;
        int id = free.size() > 0 ? free.removeLast() : nextId++;
        if (id >= byId.length) {
            byId = Arrays.copyOf(byId, byId.length * 2);
            refs = Arrays.copyOf(refs, refs.length * 2);
        }
        byId[id] = a;
        refs[id] = 1;
        slots[i] = id + 1;
        if (a.hasNextHop()) nextHopSets.merge(a.nextHop() & 0xffffffffL, 1, Integer::sum);
        if (++size > slots.length / 2) rehash(slots.length * 2);
        return id;
    }

    public void retain(int id) { refs[id]++; }

    /** Drops one reference; the set is forgotten at zero. */
    public void release(int id) {
        if (--refs[id] > 0) return;
        int mask = slots.length - 1;
        int i = mix(byId[id].hashCode()) & mask;
        while (slots[i] != id + 1) i = (i + 1) & mask;
        // backward-shift deletion
        int hole = i, j = i;
        while (true) {
            j = (j + 1) & mask;
            int s = slots[j];
            if (s == 0) break;
            int home = mix(byId[s - 1].hashCode()) & mask;
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                slots[hole] = s;
                hole = j;
            }
        }
        slots[hole] = 0;
        PathAttributes gone = byId[id];
        if (gone.hasNextHop()) {
            long nh = gone.nextHop() & 0xffffffffL;
            if (nextHopSets.merge(nh, -1, Integer::sum) <= 0) nextHopSets.remove(nh);
        }
        byId[id] = null;
        free.add(id);
        size--;
    }

    /** Whether any live set has a NEXT_HOP inside the prefix {@code address/length}. */
    public boolean usesNextHopIn(int address, int length) {
        long lo = address & (length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL);
        long hi = lo | (length == 0 ? 0xffffffffL : (0xffffffffL >>> length));
        Map.Entry<Long, Integer> e = nextHopSets.ceilingEntry(lo);
        return e != null && e.getKey() <= hi;
    }

    /** Distinct next hops of the live sets. */
    public int nextHopCount() { return nextHopSets.size(); }

    private void rehash(int cap) {
        int[] n = new int[cap];
        int mask = cap - 1;
        for (int s : slots) {
            if (s == 0) continue;
            int i = mix(byId[s - 1].hashCode()) & mask;
            while (n[i] != 0) i = (i + 1) & mask;
            n[i] = s;
        }
        slots = n;
    }

    private static int mix(int h) {
        h *= 0x9E3779B1;
        return h ^ (h >>> 16);
    }
}
