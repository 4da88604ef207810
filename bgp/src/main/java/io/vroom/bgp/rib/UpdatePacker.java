package io.vroom.bgp.rib;

import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.util.LongIntMap;
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
 */
final class UpdatePacker {
    private UpdatePacker() {}

    static List<byte[]> drain(LongIntMap pending, LongIntMap out, BgpRib rib, int slot, boolean as4, int maxMessages) {
        List<byte[]> msgs = new ArrayList<>();
        if (pending.size() == 0) return msgs;
        // Sort by (Adj-RIB-Out value + 1, prefix): withdrawals (-1) first, then groups. Values take
        // up to 31 bits (BgpRib.EXPORT_OF), so the prefix is represented by its rank in key order.
        long[] keys = new long[pending.size()];
        int n = 0;
        for (int s = pending.first(); s >= 0; s = pending.next(s)) keys[n++] = pending.keyAt(s);
        Arrays.sort(keys);
        long[] order = new long[n];
        for (int i = 0; i < n; i++) order[i] = ((long) (pending.get(keys[i], -1) + 1) << 32) | i;
        Arrays.sort(order);
        int room = MessageType.MAX_LENGTH - MessageType.HEADER_LENGTH - 4;
        int i = 0;
        long[] batch = new long[Math.min(room, n)]; // a prefix takes at least one byte of room
        while (i < n && msgs.size() < maxMessages) {
            int value = (int) (order[i] >>> 32) - 1;
            PathAttributes a = rib.exported(slot, value);
            // a value whose export no longer yields attributes (its peers changed since) goes as a withdrawal
            byte[] attrBytes = a == null ? null : AttributeCodec.encode(a, as4);
            int space = room - (attrBytes == null ? 0 : attrBytes.length);
            int cnt = 0, used = 0;
            while (i < n && (int) (order[i] >>> 32) - 1 == value) {
                long key = keys[(int) order[i]];
                int len = Nlri.encodedLength(key);
                if (used + len > space) break;
                batch[cnt++] = key;
                used += len;
                i++;
            }
            if (cnt == 0) {
                // An attribute set too large for any UPDATE (it grew on export: AS4_PATH, CLUSTER_LIST):
                // the whole group cannot go. Drop it from pending, withdraw what the peer holds, count it.
                while (i < n && (int) (order[i] >>> 32) - 1 == value) {
                    long key = keys[(int) order[i++]];
                    pending.remove(key, 0);
                    rib.releaseOutValue(value);
                    rib.countUnsendable();
                    if (out.containsKey(key)) pending.put(key, -1, 0); // a withdrawal, sent with the next drain
                }
                continue;
            }
            msgs.add(attrBytes == null ? UpdateMessage.encode(batch, 0, cnt, null, null, 0, 0) : UpdateMessage.encode(null, 0, 0, attrBytes, batch, 0, cnt));
            for (int k = 0; k < cnt; k++) {
                long key = batch[k];
                pending.remove(key, 0);
                int old = value < 0 || attrBytes == null ? out.remove(key, -1) : out.put(key, value, -1);
                rib.releaseOutValue(old);
                if (value >= 0 && attrBytes != null && out.lastPutRefused()) rib.releaseOutValue(value); // the table is full: not kept
                if (value >= 0 && attrBytes == null) rib.releaseOutValue(value);
            }
        }
        return msgs;
    }
}
