package io.vroom.bgp.rib;

import io.vroom.bgp.util.IntColumn;
import io.vroom.bgp.util.IntList;
import io.vroom.bgp.util.LongColumn;
import io.vroom.bgp.util.PrefixIndex;

/**
 * The rows of {@link BgpRib}: one per prefix that any of its RIBs holds, found through a
 * {@link PrefixIndex} (the one hash look-up a route costs). Per row one {@code long}: the prefix,
 * the Loc-RIB winner and the changed bit; the per-peer columns live in {@link PeerTables}, indexed
 * by the same rows. Rows are handed out densely, a freed row is reused, and a table that shrank is
 * renumbered ({@link #compact}). Plain data.
 */
final class RowTable {
    // bits 0-39 the prefix key, 40-54 the Loc-RIB winner slot + 1 (0: none), 55 changed; FREE: not in use
    private static final long KEY_MASK = (1L << 40) - 1;
    private static final int WINNER_SHIFT = 40;
    private static final long WINNER_MASK = 0x7fffL << WINNER_SHIFT;
    private static final long CHANGED = 1L << 55;
    private static final long FREE = -1L;
    /** The highest slot the winner field holds. */
    static final int MAX_SLOT = 0x7ffe;

    private final PrefixIndex index = new PrefixIndex();
    private final LongColumn data = new LongColumn();
    /** Rows ever handed out (the high-water mark); rows below it are in use or on {@link #free}. */
    private int end;
    private final IntList free = new IntList();

    /** The row of {@code key}, or -1. */
    int find(long key) {
        return PrefixIndex.valid(key) ? index.get(key) : -1;
    }

    /** {@link #lookup}'s answer for a key that is not an IPv4 prefix. */
    static final int INVALID = Integer.MIN_VALUE;

    /**
     * The row of {@code key} if it has one; else where {@link #add} puts it ({@code < 0}, valid until
     * the table next changes), or {@link #INVALID} if it is not an IPv4 prefix.
     */
    int lookup(long key) {
        return PrefixIndex.valid(key) ? index.find(key) : INVALID;
    }

    /** A new row for {@code key}, at the place {@link #lookup} found for it; -1 if the table is full. */
    int add(int lookup, long key) {
        if (free.size() == 0 && end >= PrefixIndex.MAX_ROWS) return -1;
        int row = free.size() > 0 ? free.removeLast() : end++;
        data.set(row, key);
        index.insertAt(lookup, key, row);
        return row;
    }

    /** Overlaps the index look-ups of an UPDATE's prefixes ({@link PrefixIndex#prepare}). */
    void prepare(long[] keys, int from, int to) {
        index.prepare(keys, from, to);
    }

    long key(int row) { return data.get(row) & KEY_MASK; }

    /** The Loc-RIB winner's slot, or -1. */
    int winner(int row) {
        return (int) ((data.get(row) & WINNER_MASK) >>> WINNER_SHIFT) - 1;
    }

    void setWinner(int row, int slot) {
        data.set(row, (data.get(row) & ~WINNER_MASK) | ((long) (slot + 1) << WINNER_SHIFT));
    }

    /** Whether the row is in use and has a Loc-RIB winner. */
    boolean inLocRib(int row) {
        long d = data.get(row);
        return d != FREE && (d & WINNER_MASK) != 0;
    }

    /** Sets the changed bit; true if it was clear (the row is to be queued). */
    boolean markChanged(int row) {
        long d = data.get(row);
        if ((d & CHANGED) != 0) return false;
        data.set(row, d | CHANGED);
        return true;
    }

    void clearChanged(int row) {
        data.set(row, data.get(row) & ~CHANGED);
    }

    boolean inUse(int row) { return data.get(row) != FREE; }

    /** Rows handed out (in use or free): iterations run below it. */
    int end() { return end; }

    /** Rows in use. */
    int size() { return index.size(); }

    /** Frees {@code row} if no RIB holds its prefix and nothing refers to it (no winner, not changed, nothing in any peer's columns). */
    void freeIfUnused(int row, PeerTables[] peers) {
        if (row >= end) return; // the table emptied and was reset since
        long d = data.get(row);
        if (d == FREE || (d & (WINNER_MASK | CHANGED)) != 0) return;
        for (PeerTables t : peers) {
            if (t != null && (t.in.get(row) | t.out.get(row) | t.pend.get(row)) != 0) return;
        }
        index.remove(d & KEY_MASK);
        data.set(row, FREE);
        if (index.size() == 0) { // the table emptied: give every page back
            data.clear();
            for (PeerTables t : peers) {
                if (t == null) continue;
                t.in.clear();
                t.out.clear();
                t.pend.clear();
            }
            free.clear();
            end = 0;
        } else {
            free.add(row);
        }
    }

    /**
     * The next row after {@code row} in use (with {@code col} null) or with a non-zero value in
     * {@code col} (skipping pages never written), or -1: {@code for (int r = next(-1, c); r >= 0; r = next(r, c))}.
     */
    int next(int row, IntColumn col) {
        for (int r = row + 1; r < end; r++) {
            if ((r & (IntColumn.PAGE_ROWS - 1)) == 0 && col != null && !col.hasPage(r >>> IntColumn.PAGE_SHIFT)) {
                r += IntColumn.PAGE_ROWS - 1;
                continue;
            }
            if (col == null ? inUse(r) : col.get(r) != 0) return r;
        }
        return -1;
    }

    /** Whether at most a quarter of the rows handed out (and at least a few pages' worth) are in use. */
    boolean sparse() {
        return end >= 4 * IntColumn.PAGE_ROWS && index.size() <= end / 4;
    }

    /**
     * Renumbers the rows in use densely, in order, moving the peers' Adj-RIB-In and Adj-RIB-Out
     * columns with them. Only when no queue refers to a row and nothing is pending (the caller
     * checks): the pending columns are all zeros and are dropped.
     */
    void compact(PeerTables[] peers) {
        LongColumn d2 = new LongColumn();
        IntColumn[] in = new IntColumn[peers.length], out = new IntColumn[peers.length];
        for (int s = 0; s < peers.length; s++) {
            in[s] = new IntColumn();
            out[s] = new IntColumn();
        }
        index.clear();
        int n = 0;
        for (int row = 0; row < end; row++) {
            long d = data.get(row);
            if (d == FREE) continue;
            d2.set(n, d);
            for (int s = 0; s < peers.length; s++) {
                PeerTables t = peers[s];
                if (t == null) continue;
                in[s].set(n, t.in.get(row));
                out[s].set(n, t.out.get(row));
            }
            long key = d & KEY_MASK;
            index.insertAt(index.find(key), key, n);
            n++;
        }
        data.moveFrom(d2);
        for (int s = 0; s < peers.length; s++) {
            PeerTables t = peers[s];
            if (t == null) continue;
            t.in.moveFrom(in[s]);
            t.out.moveFrom(out[s]);
            t.pend.clear();
        }
        end = n;
        free.clear();
    }
}
