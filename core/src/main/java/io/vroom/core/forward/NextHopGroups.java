package io.vroom.core.forward;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.rib.NextHop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deduplicated next-hop groups with reference counts, so that a million routes over a few
 * neighbours cost a few groups. Ids are the LPM's values. One writer; readers index the published
 * array. Freed ids are reused oldest-first and only once {@link #REUSE_AFTER} are waiting, so a
 * reader that looked an id up just before its route was replaced still finds a sane group.
 */
final class NextHopGroups {
    static final int LOCAL = 0;
    static final int BLACKHOLE = 1;
    static final int UNREACHABLE = 2;
    private static final int FIRST_FORWARD = 3;
    private static final int REUSE_AFTER = 256;

    private volatile NextHopGroup[] byId;
    private int[] refs;
    private int next = FIRST_FORWARD;
    private final Map<List<NextHop>, Integer> ids = new HashMap<>();
    private final List<List<NextHop>> keys = new ArrayList<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    NextHopGroups() {
        NextHopGroup[] a = new NextHopGroup[16];
        a[LOCAL] = new NextHopGroup(FibEntry.Kind.LOCAL, new int[0], new int[0]);
        a[BLACKHOLE] = new NextHopGroup(FibEntry.Kind.BLACKHOLE, new int[0], new int[0]);
        a[UNREACHABLE] = new NextHopGroup(FibEntry.Kind.UNREACHABLE, new int[0], new int[0]);
        byId = a;
        refs = new int[16];
        for (int i = 0; i < 16; i++) keys.add(null);
    }

    /** Reader side: the group of an id the LPM returned (null only for an id never assigned). */
    NextHopGroup get(int id) {
        NextHopGroup[] a = byId;
        return id >= 0 && id < a.length ? a[id] : null;
    }

    /** The number of distinct FORWARD groups in use. */
    int forwardGroups() {
        return ids.size();
    }

    /** Takes a reference on the group of {@code entry}, creating it if needed; returns its id. */
    int acquire(FibEntry entry) {
        switch (entry.kind()) {
            case LOCAL: return LOCAL;
            case BLACKHOLE: return BLACKHOLE;
            case UNREACHABLE: return UNREACHABLE;
            default: break;
        }
        List<NextHop> key = entry.nextHops();
        if (key.size() > 1) {
            NextHop[] sorted = key.toArray(new NextHop[0]);
            Arrays.sort(sorted);
            key = List.of(sorted);
        }
        Integer id = ids.get(key);
        if (id != null) {
            refs[id]++;
            return id;
        }
        int n = key.size();
        int[] ifIndex = new int[n], gateway = new int[n];
        for (int i = 0; i < n; i++) {
            ifIndex[i] = key.get(i).ifIndex();
            gateway[i] = key.get(i).gateway();
        }
        int newId = free.size() > REUSE_AFTER ? free.poll() : next++;
        if (newId > Lpm.MAX_VALUE) throw new IllegalStateException("too many next-hop groups");
        NextHopGroup[] a = byId;
        if (newId >= a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            refs = Arrays.copyOf(refs, a.length);
            while (keys.size() < a.length) keys.add(null);
        }
        a[newId] = new NextHopGroup(FibEntry.Kind.FORWARD, ifIndex, gateway);
        byId = a; // publishes the new element too
        refs[newId] = 1;
        keys.set(newId, key);
        ids.put(key, newId);
        return newId;
    }

    /** Drops a reference; the last one frees the id (its group stays readable until reused). */
    void release(int id) {
        if (id < FIRST_FORWARD) return;
        if (--refs[id] == 0) {
            ids.remove(keys.get(id));
            keys.set(id, null);
            free.add(id);
        }
    }
}
