package io.vroom.dataplane.port;

import io.vroom.core.net.Ip4;
import java.util.Map;
import java.util.TreeMap;

/**
 * The neighbour table of one Ethernet port (RFC 826 resolution plus the timers RFC 1122 §2.3.2.1
 * asks for), sans-IO: time comes in as {@code nowNs}, requests and released packets go out through
 * {@link Actions}. Not thread-safe: the port serialises calls.
 *
 * <p>States: INCOMPLETE (resolving, packets wait in a small queue, a request every
 * {@code retransmitNs}, {@code maxProbes} at most) → REACHABLE (for {@code reachableNs} after the
 * last confirmation) → PROBE if it was used meanwhile (still used while re-confirmed; removed
 * after {@code maxProbes} unanswered requests) or gone if not. A resolution that fails leaves a
 * FAILED entry for {@code failedHoldNs}: packets to it are dropped at once, which keeps a dead next
 * hop from turning traffic into a broadcast request storm.
 *
 * <p>Limits: {@code maxEntries} entries (a new one evicts the oldest); {@code maxPending} queued
 * packets per resolving entry (more are dropped). Lookups are allocation-free (open addressing).
 */
public final class ArpTable {
    /** Returned by {@link #resolve} instead of a MAC address. */
    static final long QUEUED = -1, DROP_QUEUE_FULL = -2, DROP_FAILED = -3;

    static final byte INCOMPLETE = 1, REACHABLE = 2, PROBE = 3, FAILED = 4;

    interface Actions {
        /** Broadcast an ARP request for {@code ip}. */
        void sendRequest(int ip);

        /** A queued packet whose next hop resolved to {@code mac}. */
        void transmit(long mac, byte[] packet, int len);

        /** {@code count} queued packets were dropped (resolution failed or the entry was evicted). */
        void droppedPending(int count);
    }

    /** Limits and timers; the defaults suit a LAN (Linux uses similar orders of magnitude). */
    public static final class Params {
        public int maxEntries = 256;
        public int maxPending = 8;
        public int maxProbes = 3;
        public long retransmitNs = 1_000_000_000L;
        public long reachableNs = 60_000_000_000L;
        public long failedHoldNs = 3_000_000_000L;
    }

    private static final class Entry {
        int ip;
        byte state;
        long mac = -1;
        long deadlineNs;
        long confirmedNs;
        long lastUsedNs;
        long createdNs;
        int probes;
        byte[][] pending;
        int[] pendingLen;
        int pendingCount;
    }

    private final Params p;
    private final Entry[] entries;
    private final int[] slots; // open addressing: entry index + 1, 0 = empty
    private final int mask;
    private int size;
    private long nextDeadlineNs = Long.MAX_VALUE;

    ArpTable(Params params) {
        if (params.maxEntries < 1 || params.maxPending < 0 || params.maxProbes < 1) throw new IllegalArgumentException("bad ARP limits");
        this.p = params;
        this.entries = new Entry[params.maxEntries];
        int cap = Integer.highestOneBit(params.maxEntries * 2 - 1) << 1;
        this.slots = new int[Math.max(cap, 2)];
        this.mask = slots.length - 1;
    }

    int size() {
        return size;
    }

    /**
     * The MAC to send a packet for next hop {@code ip} to, or {@link #QUEUED} (a copy waits for the
     * reply), {@link #DROP_QUEUE_FULL} or {@link #DROP_FAILED}.
     */
    long resolve(int ip, byte[] buf, int off, int len, long nowNs, Actions out) {
        int i = find(ip);
        Entry e = i < 0 ? null : entries[i];
        if (e != null && e.state == FAILED && nowNs - e.deadlineNs >= 0) {
            remove(i);
            e = null;
        }
        if (e == null) {
            e = insert(ip, nowNs, out);
            e.state = INCOMPLETE;
            e.probes = 1;
            setDeadline(e, nowNs + p.retransmitNs);
            out.sendRequest(ip);
        }
        switch (e.state) {
            case REACHABLE, PROBE -> {
                e.lastUsedNs = nowNs;
                if (e.state == REACHABLE && nowNs - e.deadlineNs >= 0) startProbe(e, nowNs, out);
                return e.mac;
            }
            case INCOMPLETE -> {
                return enqueue(e, buf, off, len);
            }
            default -> {
                return DROP_FAILED;
            }
        }
    }

    /**
     * RFC 826 reception: if {@code ip} is known its MAC is updated (the merge flag, returned);
     * otherwise it is added only if {@code add} (we were the target). Releases queued packets.
     */
    boolean learn(int ip, long mac, boolean add, long nowNs, Actions out) {
        int i = find(ip);
        Entry e;
        boolean merged = i >= 0;
        if (merged) {
            e = entries[i];
        } else {
            if (!add) return false;
            e = insert(ip, nowNs, out);
        }
        byte was = e.state;
        e.mac = mac;
        e.state = REACHABLE;
        e.probes = 0;
        e.confirmedNs = nowNs;
        setDeadline(e, nowNs + p.reachableNs);
        if (was == INCOMPLETE) {
            for (int k = 0; k < e.pendingCount; k++) {
                out.transmit(mac, e.pending[k], e.pendingLen[k]);
                e.pending[k] = null;
            }
            e.pendingCount = 0;
        }
        return merged;
    }

    /** Runs due timers; returns the next deadline (Long.MAX_VALUE: none). */
    long tick(long nowNs, Actions out) {
        if (nowNs - nextDeadlineNs < 0) return nextDeadlineNs;
        long next = Long.MAX_VALUE;
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            if (e == null) continue;
            if (nowNs - e.deadlineNs >= 0) {
                switch (e.state) {
                    case INCOMPLETE -> {
                        if (e.probes >= p.maxProbes) {
                            dropPending(e, out);
                            e.state = FAILED;
                            e.deadlineNs = nowNs + p.failedHoldNs;
                        } else {
                            e.probes++;
                            e.deadlineNs = nowNs + p.retransmitNs;
                            out.sendRequest(e.ip);
                        }
                    }
                    case REACHABLE -> {
                        if (e.lastUsedNs - e.confirmedNs > 0) {
                            startProbe(e, nowNs, out);
                        } else {
                            remove(i);
                            continue;
                        }
                    }
                    case PROBE -> {
                        if (e.probes >= p.maxProbes) {
                            remove(i);
                            continue;
                        }
                        e.probes++;
                        e.deadlineNs = nowNs + p.retransmitNs;
                        out.sendRequest(e.ip);
                    }
                    default -> { // FAILED hold is over
                        remove(i);
                        continue;
                    }
                }
            }
            if (next == Long.MAX_VALUE || e.deadlineNs - next < 0) next = e.deadlineNs;
        }
        nextDeadlineNs = next;
        return next;
    }

    /** The resolved MAC of {@code ip}, or -1. */
    long macOf(int ip) {
        int i = find(ip);
        return i < 0 || entries[i].mac < 0 || entries[i].state == FAILED ? -1 : entries[i].mac;
    }

    byte stateOf(int ip) {
        int i = find(ip);
        return i < 0 ? 0 : entries[i].state;
    }

    /** For show commands: address → "mac state", ordered by address. */
    Map<String, String> snapshot() {
        Map<Integer, String> byIp = new TreeMap<>(Integer::compareUnsigned);
        for (Entry e : entries) {
            if (e == null) continue;
            String state = switch (e.state) {
                case INCOMPLETE -> "INCOMPLETE";
                case REACHABLE -> "REACHABLE";
                case PROBE -> "PROBE";
                default -> "FAILED";
            };
            byIp.put(e.ip, (e.mac < 0 ? "-" : Ethernet.format(e.mac)) + " " + state);
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        byIp.forEach((ip, v) -> out.put(Ip4.format(ip), v));
        return out;
    }

    private void startProbe(Entry e, long nowNs, Actions out) {
        e.state = PROBE;
        e.probes = 1;
        setDeadline(e, nowNs + p.retransmitNs);
        out.sendRequest(e.ip);
    }

    private long enqueue(Entry e, byte[] buf, int off, int len) {
        if (e.pendingCount >= p.maxPending) return DROP_QUEUE_FULL;
        if (e.pending == null) {
            e.pending = new byte[p.maxPending][];
            e.pendingLen = new int[p.maxPending];
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        e.pending[e.pendingCount] = copy;
        e.pendingLen[e.pendingCount] = len;
        e.pendingCount++;
        return QUEUED;
    }

    private void dropPending(Entry e, Actions out) {
        if (e.pendingCount == 0) return;
        int n = e.pendingCount;
        for (int k = 0; k < n; k++) e.pending[k] = null;
        e.pendingCount = 0;
        out.droppedPending(n);
    }

    private void setDeadline(Entry e, long deadlineNs) {
        e.deadlineNs = deadlineNs;
        if (deadlineNs - nextDeadlineNs < 0 || nextDeadlineNs == Long.MAX_VALUE) nextDeadlineNs = deadlineNs;
    }

    private int hash(int ip) {
        return ((ip * 0x9E3779B9) >>> 16) & mask;
    }

    private int find(int ip) {
        for (int s = hash(ip); slots[s] != 0; s = (s + 1) & mask) {
            if (entries[slots[s] - 1].ip == ip) return slots[s] - 1;
        }
        return -1;
    }

    private Entry insert(int ip, long nowNs, Actions out) {
        if (size == entries.length) evictOldest(out);
        int free = 0;
        while (entries[free] != null) free++;
        Entry e = new Entry();
        e.ip = ip;
        e.createdNs = nowNs;
        e.confirmedNs = nowNs;
        e.lastUsedNs = nowNs;
        entries[free] = e;
        int s = hash(ip);
        while (slots[s] != 0) s = (s + 1) & mask;
        slots[s] = free + 1;
        size++;
        return e;
    }

    private void evictOldest(Actions out) {
        int oldest = -1;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] != null && (oldest < 0 || entries[i].createdNs - entries[oldest].createdNs < 0)) oldest = i;
        }
        dropPending(entries[oldest], out);
        remove(oldest);
    }

    /** Removes entry {@code index}; linear-probing deletion by backward shift (no tombstones). */
    private void remove(int index) {
        int ip = entries[index].ip;
        int s = hash(ip);
        while (slots[s] != index + 1) s = (s + 1) & mask;
        slots[s] = 0;
        for (int j = (s + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = hash(entries[slots[j] - 1].ip);
            // Move j back into the hole at s unless its home lies cyclically in (s, j].
            boolean homeInRange = s <= j ? (home > s && home <= j) : (home > s || home <= j);
            if (!homeInRange) {
                slots[s] = slots[j];
                slots[j] = 0;
                s = j;
            }
        }
        entries[index] = null;
        size--;
    }
}
