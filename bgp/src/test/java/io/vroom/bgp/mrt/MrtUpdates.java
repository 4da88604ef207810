package io.vroom.bgp.mrt;

import io.vroom.bgp.wire.MessageType;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.UpdateMessage;
import io.vroom.bgp.util.LongList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: turns an MRT RIB into the UPDATE stream a peer would send (prefixes grouped by attribute set, like bgperf's tester). */
public final class MrtUpdates {
    private MrtUpdates() {}

    public static byte[] stream(Path mrt) throws IOException {
        Map<ByteBuffer, LongList> groups = new LinkedHashMap<>();
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(mrt), 1 << 16)) {
            new MrtReader(in).readAll(new MrtReader.Sink() {
                public void peers(List<MrtReader.Peer> peers) { }
                public void route(long key, int peer, byte[] a, int off, int len) {
                    groups.computeIfAbsent(ByteBuffer.wrap(java.util.Arrays.copyOfRange(a, off, off + len)), k -> new LongList()).add(key);
                }
            });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
        for (Map.Entry<ByteBuffer, LongList> g : groups.entrySet()) {
            byte[] attrs = g.getKey().array();
            long[] keys = g.getValue().toArray();
            int room = MessageType.MAX_LENGTH - 23 - attrs.length;
            int i = 0;
            while (i < keys.length) {
                int used = 0, j = i;
                while (j < keys.length && used + Nlri.encodedLength(keys[j]) <= room) used += Nlri.encodedLength(keys[j++]);
                out.write(UpdateMessage.encode(null, 0, 0, attrs, keys, i, j));
                i = j;
            }
        }
        return out.toByteArray();
    }
}
