package io.vroom.ospf;

import io.vroom.ospf.packet.lsa.LsaKey;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One link-state database (§12): an area's, or the AS-external one. Keyed and iterated in
 * {@link LsaKey} order. Bounded by {@link #MAX_LSAS}: an LSA that does not fit is not installed
 * (and therefore not acknowledged, so the neighbor retries; the log says why).
 */
public final class Lsdb {
    public static final int MAX_LSAS = 200_000;

    final TreeMap<LsaKey, LsaEntry> entries = new TreeMap<>();

    public LsaEntry get(LsaKey key) {
        return entries.get(key);
    }

    public int size() {
        return entries.size();
    }

    public NavigableMap<LsaKey, LsaEntry> entries() {
        return entries;
    }

    /** All instances of one type and link-state id (e.g. a network-LSA whose DR we do not know). */
    NavigableMap<LsaKey, LsaEntry> byId(int type, int lsId) {
        return entries.subMap(new LsaKey(type, lsId, 0), true, new LsaKey(type, lsId, -1), true);
    }

    NavigableMap<LsaKey, LsaEntry> byType(int type) {
        return entries.subMap(new LsaKey(type, 0, 0), true, new LsaKey(type, -1, -1), true);
    }
}
