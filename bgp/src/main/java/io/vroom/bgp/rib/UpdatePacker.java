package io.vroom.bgp.rib;

import io.vroom.bgp.attr.AttributeCodec;
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

    static List<byte[]> drain(LongIntMap pending, LongIntMap out, AttrTable attrs, boolean as4, int maxMessages) {
        List<byte[]> msgs = new ArrayList<>();
        if (pending.size() == 0) return msgs;
        // sort by (attribute id + 1, prefix): withdrawals (id -1) first, then groups
        long[] order = new long[pending.size()];
        int n = 0;
        for (int s = pending.first(); s >= 0; s = pending.next(s)) {
            order[n++] = ((long) (pending.valueAt(s) + 1) << 40) | pending.keyAt(s);
        }
        Arrays.sort(order);
        int room = MessageType.MAX_LENGTH - MessageType.HEADER_LENGTH - 4;
        int i = 0;
        long[] batch = new long[room];
        while (i < n && msgs.size() < maxMessages) {
            int id = (int) (order[i] >>> 40) - 1;
            byte[] attrBytes = id < 0 ? null : AttributeCodec.encode(attrs.get(id), as4);
            int space = room - (attrBytes == null ? 0 : attrBytes.length);
            int cnt = 0, used = 0;
            while (i < n && (int) (order[i] >>> 40) - 1 == id) {
                long key = order[i] & 0xFFFFFFFFFFL;
                int len = Nlri.encodedLength(key);
                if (used + len > space) break;
                batch[cnt++] = key;
                used += len;
                i++;
            }
            if (cnt == 0) { // an attribute set too large for any UPDATE: drop those prefixes (logged by counters)
                i++;
                continue;
            }
            msgs.add(id < 0 ? UpdateMessage.encode(batch, 0, cnt, null, null, 0, 0) : UpdateMessage.encode(null, 0, 0, attrBytes, batch, 0, cnt));
            for (int k = 0; k < cnt; k++) {
                long key = batch[k];
                pending.remove(key, 0);
                int old = id < 0 ? out.remove(key, -1) : out.put(key, id, -1);
                if (old >= 0) attrs.release(old);
            }
        }
        return msgs;
    }
}
