package io.vroom.bgp.mrt;

import io.vroom.bgp.attr.AttrContext;
import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.util.IntList;
import io.vroom.bgp.util.LongList;
import io.vroom.bgp.wire.ErrorAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes to originate, read from an MRT TABLE_DUMP_V2 file (RFC 6396): for each prefix its first
 * entry's attributes, kept as they were (AS_PATH, communities, NEXT_HOP — export rewrites what a
 * peer must not see, RFC 4271 §5.1). Identical attribute blocks are decoded once. Entries whose
 * attributes are malformed are skipped and counted.
 *
 * @param keys      prefix keys ({@link io.vroom.bgp.wire.Nlri#key}), in file order
 * @param attrIndex for each key, its attribute set in {@code attrs}
 */
public record MrtOrigination(long[] keys, int[] attrIndex, List<PathAttributes> attrs, long malformed) {
    public int size() {
        return keys.length;
    }

    public static MrtOrigination read(InputStream in) throws IOException {
        LongList keys = new LongList();
        IntList index = new IntList();
        List<PathAttributes> attrs = new ArrayList<>();
        Map<ByteBuffer, Integer> byBytes = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        long[] bad = new long[1];
        MrtReader reader = new MrtReader(in);
        reader.readAll(new MrtReader.Sink() {
            public void peers(List<MrtReader.Peer> peers) {}

            public void route(long key, int peer, byte[] a, int off, int len) {
                if (!seen.add(key)) return; // one route per prefix: the first entry
                ByteBuffer k = ByteBuffer.wrap(Arrays.copyOfRange(a, off, off + len));
                Integer id = byBytes.get(k);
                if (id == null) {
                    AttributeCodec.Decoded d = AttributeCodec.decode(a, off, len, AttrContext.MRT);
                    if (d.action() != ErrorAction.NONE && d.action() != ErrorAction.ATTRIBUTE_DISCARD) {
                        bad[0]++;
                        return;
                    }
                    id = attrs.size();
                    attrs.add(d.attributes());
                    byBytes.put(k, id);
                }
                keys.add(key);
                index.add(id);
            }
        });
        return new MrtOrigination(keys.toArray(), index.toArray(), List.copyOf(attrs), bad[0] + reader.malformed());
    }
}
