package io.vroom.core.rib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Reference-counted interning of values (next-hop lists, FIB entry forms) to small {@code int}
 * ids, so that a table of a million routes stores an {@code int} per route and one copy of each
 * distinct value (a full BGP table has a handful of next hops). Ids are reused after their last
 * reference goes; {@link #MAX_IDS} bounds the table (beyond it {@link #intern} returns -1 and the
 * caller keeps the value some other way). Plain data; values must be immutable with value equality.
 * The index from value to id is derived data: transient, rebuilt from the id table after a
 * restore, so a captured interner encodes the same way after a round trip (a HashMap's order
 * would depend on its history and on identity hashes of enums inside the values).
 */
final class Interner<T> {
    static final int MAX_IDS = 1 << 20;
    private final ArrayList<T> byId = new ArrayList<>();
    private int[] refs = new int[16];
    private transient HashMap<T, Integer> ids;
    private int[] free = new int[16];
    private int freeCount;
    /** The last value interned and its id: consecutive routes mostly share one (identical) list. */
    private T last;
    private int lastId = -1;

    /** The id of {@code v} with one more reference, or -1 when the table is full. */
    int intern(T v) {
        if (v == last && lastId >= 0 && byId.get(lastId) == v) {
            refs[lastId]++;
            return lastId;
        }
        Integer known = index().get(v);
        int id;
        if (known != null) {
            id = known;
            refs[id]++;
        } else {
            if (index().size() >= MAX_IDS) return -1;
            if (freeCount > 0) {
                id = free[--freeCount];
                byId.set(id, v);
            } else {
                id = byId.size();
                byId.add(v);
                if (id >= refs.length) refs = Arrays.copyOf(refs, refs.length * 2);
            }
            refs[id] = 1;
            ids.put(v, id);
        }
        last = byId.get(id);
        lastId = id;
        return id;
    }

    T get(int id) {
        return byId.get(id);
    }

    /** Drops one reference; the value is forgotten at zero. */
    void release(int id) {
        if (--refs[id] > 0) return;
        index().remove(byId.get(id));
        byId.set(id, null);
        if (lastId == id) {
            last = null;
            lastId = -1;
        }
        if (freeCount == free.length) free = Arrays.copyOf(free, free.length * 2);
        free[freeCount++] = id;
    }

    int size() {
        return index().size();
    }

    private HashMap<T, Integer> index() {
        if (ids == null) {
            ids = new HashMap<>();
            for (int id = 0; id < byId.size(); id++) if (byId.get(id) != null) ids.put(byId.get(id), id);
        }
        return ids;
    }
}
