package io.vroom.bgp.rib;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.util.IntColumn;
import io.vroom.bgp.util.IntQueue;

/**
 * One route source's part of {@link BgpRib}: its columns of the table (Adj-RIB-In, Adj-RIB-Out and
 * the changes pending for it, one {@code int} per row each, pages allocated only where it has
 * routes), its policies and caches, and the order in which its pending changes go out. Plain data.
 *
 * <p>Encodings (0 is always "nothing", so untouched pages need not exist):
 * <ul>
 * <li>{@code in}: attribute set id + 1, with {@link BgpRib#STALE} while kept across a restart;
 * <li>{@code out}: Adj-RIB-Out value + 1 (an interned id or an {@link BgpRib#EXPORT_OF} reference);
 * <li>{@code pend}: {@link #QUEUED} while the row is in {@link #queue} or the packing batch, and in
 *     the low bits 0 (nothing pending), 1 (a withdrawal) or the value to send + 2.
 * </ul>
 */
final class PeerTables {
    static final int QUEUED = 0x80000000;
    static final int PEND_MASK = ~QUEUED;

    PeerInfo info;
    boolean up;
    Policy importPolicy = Policy.ACCEPT_ALL;
    Policy exportPolicy = Policy.ACCEPT_ALL;
    final IntColumn in = new IntColumn();
    final IntColumn out = new IntColumn();
    final IntColumn pend = new IntColumn();
    int inCount, outCount, pendCount;

    /** The last raw set imported and its post-policy id: UPDATEs carry many prefixes per set. */
    PathAttributes lastRaw;
    int lastId;

    /**
     * The last export computed toward this peer (ExportRules and a prefix-independent export policy
     * depend only on the source slot and its set): source slot (-1: none), source set id and the
     * result (an Adj-RIB-Out value, or -1: not advertised). Holds a reference on the source id and
     * on the result.
     */
    int exportFromSlot = -1, exportFromId, exportToId;

    /** Rows with changes pending, in the order they were first queued. */
    final IntQueue queue = new IntQueue();
    /** The rows being packed now: {@code (value + 1) << 32 | row}, sorted (withdrawals, then by value). */
    long[] batch = new long[0];
    int batchPos, batchLen;

    /** The pending value of a {@code pend} entry: -1 withdraw; {@link Integer#MIN_VALUE}: none. */
    static int pendingValue(int p) {
        int v = p & PEND_MASK;
        return v == 0 ? Integer.MIN_VALUE : v - 2;
    }

    /** Once nothing is pending or queued the pending column is all zeros: its pages (4 bytes a row) go. */
    void releaseIfIdle() {
        if (pendCount == 0 && queue.size() == 0 && batchPos == batchLen) {
            pend.clear();
            batch = new long[0];
            batchPos = 0;
            batchLen = 0;
        }
    }

    void clearOrder() {
        queue.clear();
        batch = new long[0];
        batchPos = 0;
        batchLen = 0;
    }
}
