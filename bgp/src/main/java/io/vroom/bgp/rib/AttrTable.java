package io.vroom.bgp.rib;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.util.IntList;
import java.util.Arrays;

/**
 * Interned attribute sets: one shared {@link PathAttributes} per distinct set, referred to by an
 * {@code int} id and reference-counted (each Adj-RIB-In/Out entry holds one reference). The index
 * is an open-addressing table of ids keyed by the set's hash. Ids are reused from a free list, so
 * the table stays as large as the live distinct sets. {@code limit}: the most distinct sets held.
 */
public final class AttrTable {
    private PathAttributes[] byId = new PathAttributes[1024];
    private int[] refs = new int[1024];
    private int nextId;
    private final IntList free = new IntList();
    private int[] slots = new int[2048]; // id + 1; 0 = free
    private int size;
    private final int limit;

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
        byId[id] = null;
        free.add(id);
        size--;
    }

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
