package io.vroom.bgp.rib;

import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.wire.MessageType;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.UpdateMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a peer's pending changes into UPDATEs of at most 4096 bytes (RFC 4271 §4.3): withdrawals
 * packed together, then prefixes grouped by attribute set so that each set is encoded once and
 * shared by as many NLRI as fit.
 *
 * <p>The pending rows wait in a queue in the order they were first queued. The packer takes them
 * a batch at a time ({@link #BATCH_ROWS} at most), sorts the batch by (pending value, row) —
 * withdrawals first, then one run per attribute set — and walks it across calls; a row's value is
 * read again when its turn comes (it may have changed or gone since the sort). So the work per
 * route is a share of one batch sort, whatever the size of the pending set.
 */
final class UpdatePacker {
    /** Most rows sorted together: prefixes of one set are grouped within a batch. */
    static final int BATCH_ROWS = 1 << 16;

    private UpdatePacker() {}

    /** The current pending value (-1 withdraw) of a batch entry's row, or {@link Integer#MIN_VALUE} if nothing is pending. */
    private static int valueOf(PeerTables t, long entry) {
        return PeerTables.pendingValue(t.pend.get((int) entry));
    }

    private static boolean refill(BgpRib rib, PeerTables t) {
        int n = Math.min(t.queue.size(), BATCH_ROWS);
        if (t.batch.length < n) t.batch = new long[Math.max(n, Math.min(BATCH_ROWS, t.batch.length * 2))];
        int len = 0;
        for (int i = 0; i < n; i++) {
            int row = t.queue.poll();
            int v = PeerTables.pendingValue(t.pend.get(row));
            if (v == Integer.MIN_VALUE) {
                rib.unqueue(t, row);
                continue;
            }
            t.batch[len++] = (long) (v + 1) << 32 | row;
        }
        Arrays.sort(t.batch, 0, len);
        t.batchPos = 0;
        t.batchLen = len;
        if (t.queue.size() == 0 && t.batch.length > 1024 && len == 0) t.batch = new long[0];
        return len > 0;
    }

    static List<byte[]> drain(BgpRib rib, PeerTables t, int slot, int maxMessages) {
        List<byte[]> msgs = new ArrayList<>();
        if (t.pendCount == 0 && t.batchPos == t.batchLen && t.queue.size() == 0) return msgs;
        boolean as4 = t.info.as4();
        int room = MessageType.MAX_LENGTH - MessageType.HEADER_LENGTH - 4;
        int most = Math.max(1, Math.min(room, t.pendCount)); // a prefix takes at least one byte of room
        long[] keys = new long[most];
        int[] rows = new int[most];
        while (msgs.size() < maxMessages) {
            if (t.batchPos == t.batchLen) {
                if (t.queue.size() == 0 || !refill(rib, t)) {
                    if (t.queue.size() == 0) break;
                    continue;
                }
            }
            int first = (int) t.batch[t.batchPos];
            int value = valueOf(t, t.batch[t.batchPos]);
            if (value == Integer.MIN_VALUE) {
                t.batchPos++;
                rib.unqueue(t, first);
                continue;
            }
            PathAttributes a = rib.exported(slot, value);
            // a value whose export no longer yields attributes (its peers changed since) goes as a withdrawal
            byte[] attrBytes = a == null ? null : AttributeCodec.encode(a, as4);
            int space = room - (attrBytes == null ? 0 : attrBytes.length);
            int cnt = 0, used = 0;
            while (t.batchPos < t.batchLen) {
                long e = t.batch[t.batchPos];
                int row = (int) e;
                int v = valueOf(t, e);
                if (v == Integer.MIN_VALUE) { // withdrawn back to what the peer has since the sort
                    t.batchPos++;
                    rib.unqueue(t, row);
                    continue;
                }
                if (v != value) break;
                long key = rib.keyOf(row);
                int len = Nlri.encodedLength(key);
                if (used + len > space || cnt == most) break;
                keys[cnt] = key;
                rows[cnt++] = row;
                used += len;
                t.batchPos++;
            }
            if (cnt == 0) {
                // An attribute set too large for any UPDATE (it grew on export: AS4_PATH, CLUSTER_LIST):
                // the whole run cannot go. Drop it from pending, withdraw what the peer holds, count it.
                while (t.batchPos < t.batchLen) {
                    long e = t.batch[t.batchPos];
                    int v = valueOf(t, e);
                    if (v != Integer.MIN_VALUE && v != value) break;
                    t.batchPos++;
                    if (v == Integer.MIN_VALUE) rib.unqueue(t, (int) e);
                    else rib.dropUnsendable(t, slot, (int) e, value);
                }
                continue;
            }
            msgs.add(attrBytes == null ? UpdateMessage.encode(keys, 0, cnt, null, null, 0, 0) : UpdateMessage.encode(null, 0, 0, attrBytes, keys, 0, cnt));
            for (int k = 0; k < cnt; k++) rib.sent(t, rows[k], value, attrBytes != null);
        }
        t.releaseIfIdle();
        return msgs;
    }
}
