package io.vroom.dataplane.fib;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.forward.FibStore;
import io.vroom.core.net.Ip4Prefix;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import net.openhft.chronicle.hash.serialization.impl.ByteArraySizedReader;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * One VR's FIB in a memory-mapped Chronicle Map file ({@code <dir>/<vr>.fib}), so that a node
 * killed with -9 reopens it and forwards before any route is re-learned. A {@code <vr>.open}
 * marker lives while the store is open; finding it at open means the last process died with the
 * file open, and the map is recovered (Chronicle's {@code recoverPersistedTo}: locks of the dead
 * process released, damaged entries dropped) rather than just mapped.
 */
public final class ChronicleFibStore implements FibStore {
    /** Average encoded value: kind, count and one next hop. */
    private static final int AVERAGE_VALUE_BYTES = 8;

    private final ChronicleMap<Long, byte[]> map;
    private final Path marker;
    private final int capacity;
    private int size;
    private boolean closed;

    private ChronicleFibStore(ChronicleMap<Long, byte[]> map, Path marker, int capacity) {
        this.map = map;
        this.marker = marker;
        this.capacity = capacity;
        this.size = map.size();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean put(FibEntry entry) {
        long key = FibEntryCodec.key(entry.prefix());
        if (size >= capacity && !map.containsKey(key)) return false;
        if (map.put(key, FibEntryCodec.encode(entry)) == null) size++;
        return true;
    }

    @Override
    public boolean remove(Ip4Prefix prefix) {
        if (map.remove(FibEntryCodec.key(prefix)) == null) return false;
        size--;
        return true;
    }

    @Override
    public void forEach(Consumer<FibEntry> action) {
        for (Map.Entry<Long, byte[]> e : map.entrySet()) {
            FibEntry entry = FibEntryCodec.decode(e.getKey(), e.getValue());
            if (entry != null) action.accept(entry);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        map.close();
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + marker, e);
        }
    }

    /** The stores of one node, as files under one directory. */
    public static final class Factory implements FibStore.Factory {
        /** Default capacity per VR: a full Internet table with room to spare. */
        public static final int DEFAULT_CAPACITY = 2_000_000;
        /**
         * Chronicle sizes a map's first tier (the hash lookup of every segment) for {@code entries}
         * and chains extra tiers, allocated as segments fill, up to {@code entries * maxBloatFactor}.
         * Half the capacity in the first tier and room for four times that: a 1M-route table (a 2M
         * capacity's half) sits in one tier (no chain to walk), 2M routes in at most two — puts and
         * gets measured as fast as with the whole capacity in the first tier, and each tier's
         * hash lookup (~24 bytes a route) is only touched once routes land in it.
         */
        static final double MAX_BLOAT = 4.0;

        static long firstTierEntries(int capacity) {
            return Math.max(1, (capacity + 1L) / 2);
        }
        private static final Pattern VR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

        private final Path dir;
        private final int capacity;

        public Factory(Path dir, int capacity) {
            if (capacity < 1) throw new IllegalArgumentException("FIB capacity must be positive: " + capacity);
            this.dir = dir;
            this.capacity = capacity;
        }

        public Path file(String vrName) {
            if (!VR_NAME.matcher(vrName).matches()) throw new IllegalArgumentException("VR name not usable as a file name: '" + vrName + "'");
            return dir.resolve(vrName + ".fib");
        }

        private Path marker(String vrName) {
            return dir.resolve(vrName + ".open");
        }

        @Override
        public FibStore open(String vrName) {
            Path file = file(vrName);
            Path marker = marker(vrName);
            try {
                Files.createDirectories(dir);
                ChronicleMapBuilder<Long, byte[]> b = ChronicleMap.of(Long.class, byte[].class)
                        .name("fib-" + vrName)
                        .entries(firstTierEntries(capacity))
                        .averageValueSize(AVERAGE_VALUE_BYTES)
                        .maxBloatFactor(MAX_BLOAT)
                        .valueReaderAndDataAccess(ByteArraySizedReader.INSTANCE, new FibValueAccess())
                        .checksumEntries(false);
                File f = file.toFile();
                ChronicleMap<Long, byte[]> map;
                if (Files.exists(file) && Files.exists(marker)) {
                    // The previous owner died with the file open. The file's own header says how it
                    // was built (it may predate a change of fib-capacity or of this builder).
                    map = b.recoverPersistedTo(f, false);
                } else {
                    boolean fresh = !Files.exists(file);
                    map = b.createPersistedTo(f);
                    if (fresh) {
                        try {
                            ZeroPages.release(file); // Chronicle wrote zeros over a new file: give them back
                        } catch (IOException e) {
                            // best effort: the file stays fully allocated (more resident memory, same content)
                        }
                    }
                }
                Files.write(marker, new byte[0]);
                return new ChronicleFibStore(map, marker, capacity);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open FIB file " + file, e);
            }
        }

        @Override
        public void delete(String vrName) {
            try {
                Files.deleteIfExists(file(vrName));
                Files.deleteIfExists(marker(vrName));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete FIB file of VR " + vrName, e);
            }
        }
    }
}
