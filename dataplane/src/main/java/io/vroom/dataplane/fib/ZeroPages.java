package io.vroom.dataplane.fib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import jnr.ffi.LibraryLoader;

/**
 * Gives back the all-zero pages of a file: each run of them becomes a hole
 * ({@code fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)}), which reads as zeros exactly as
 * before but holds neither disk blocks nor page cache, and drops out of every mapping of the file
 * until it is touched again.
 *
 * <p>Why: Chronicle Map zeroes the hash lookup and free list of every segment's first tier when it
 * creates a file (writing zeros into a file that is already sparse), so an empty FIB sized for 2M
 * routes held ~50 MB resident in the node. Releasing the zero pages right after creation makes the
 * FIB's resident size follow its content: pages come back one by one as routes land in them.
 *
 * <p>Only for a file no other thread or process is writing (the caller has just created it): a
 * page read as zero must still be zero when its hole is punched. Best effort: where the file system
 * or kernel cannot punch holes, nothing is released and the file is unchanged.
 */
public final class ZeroPages {
    private static final int PAGE_BYTES = 4096;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int O_RDWR = 2;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;

    /** The libc calls this needs, bound on first use. */
    public interface Calls {
        int open(String path, int flags);

        int fallocate(int fd, int mode, long offset, long length);

        int close(int fd);
    }

    private static final class Holder {
        static final Calls LIBC = LibraryLoader.create(Calls.class).load("c");
    }

    private ZeroPages() {
    }

    /** Punches a hole over every run of whole all-zero pages of {@code file}; returns the bytes released (0 if none could be). */
    static long release(Path file) throws IOException {
        Calls libc = Holder.LIBC;
        int fd = libc.open(file.toString(), O_RDWR);
        if (fd < 0) return 0;
        long released = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES);
            long size = ch.size();
            long runStart = -1;
            for (long chunkAt = 0; chunkAt < size; chunkAt += CHUNK_BYTES) {
                buf.clear();
                int n = 0;
                while (n < CHUNK_BYTES && chunkAt + n < size) {
                    int r = ch.read(buf, chunkAt + n);
                    if (r < 0) break;
                    n += r;
                }
                for (int page = 0; page + PAGE_BYTES <= n; page += PAGE_BYTES) {
                    long at = chunkAt + page;
                    if (allZero(buf, page)) {
                        if (runStart < 0) runStart = at;
                    } else if (runStart >= 0) {
                        released += punch(libc, fd, runStart, at);
                        runStart = -1;
                    }
                }
                if (n < CHUNK_BYTES) break; // a partial last page stays as it is
            }
            if (runStart >= 0) released += punch(libc, fd, runStart, size - size % PAGE_BYTES);
        } finally {
            libc.close(fd);
        }
        return released;
    }

    private static long punch(Calls libc, int fd, long from, long to) {
        if (to <= from) return 0;
        return libc.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, from, to - from) == 0 ? to - from : 0;
    }

    private static boolean allZero(ByteBuffer buf, int from) {
        for (int i = from; i < from + PAGE_BYTES; i += Long.BYTES) {
            if (buf.getLong(i) != 0) return false;
        }
        return true;
    }
}
