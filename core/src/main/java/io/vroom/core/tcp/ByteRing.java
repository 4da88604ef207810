package io.vroom.core.tcp;

import java.io.Serializable;

/**
 * A bounded FIFO of bytes as plain data. The backing array grows on demand up to {@code capacity}
 * and is released when the ring empties, so an idle connection carries (and snapshots) almost nothing.
 */
final class ByteRing implements Serializable {
    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_ALLOC = 4096;

    private final int capacity;
    private byte[] buf = EMPTY;
    private int head;
    private int size;

    ByteRing(int capacity) {
        this.capacity = capacity;
    }

    int size() { return size; }
    int capacity() { return capacity; }
    int free() { return capacity - size; }

    /** Appends up to {@code len} bytes (as many as fit); returns how many. */
    int write(byte[] src, int off, int len) {
        int n = Math.min(len, free());
        if (n <= 0) return 0;
        ensure(size + n);
        int tail = (head + size) % buf.length;
        int first = Math.min(n, buf.length - tail);
        System.arraycopy(src, off, buf, tail, first);
        if (n > first) System.arraycopy(src, off + first, buf, 0, n - first);
        size += n;
        return n;
    }

    /** Copies {@code len} bytes starting {@code offset} bytes after the head, without consuming. */
    void peek(int offset, byte[] dst, int dstOff, int len) {
        if (offset < 0 || len < 0 || offset + len > size) throw new IndexOutOfBoundsException("peek " + offset + "+" + len + " of " + size);
        if (len == 0) return;
        int start = (head + offset) % buf.length;
        int first = Math.min(len, buf.length - start);
        System.arraycopy(buf, start, dst, dstOff, first);
        if (len > first) System.arraycopy(buf, 0, dst, dstOff + first, len - first);
    }

    void skip(int n) {
        if (n < 0 || n > size) throw new IndexOutOfBoundsException("skip " + n + " of " + size);
        if (n == 0) return;
        head = (head + n) % buf.length;
        size -= n;
        if (size == 0) {
            head = 0;
            if (buf.length > 64 * 1024) buf = EMPTY;
        }
    }

    byte[] take(int n) {
        byte[] out = new byte[n];
        peek(0, out, 0, n);
        skip(n);
        return out;
    }

    private void ensure(int needed) {
        if (needed <= buf.length) return;
        int len = Math.max(buf.length, MIN_ALLOC);
        while (len < needed) len = len > capacity / 2 ? capacity : len * 2;
        len = Math.min(Math.max(len, needed), capacity);
        byte[] nb = new byte[len];
        if (size > 0) peek(0, nb, 0, size);
        buf = nb;
        head = 0;
    }
}
