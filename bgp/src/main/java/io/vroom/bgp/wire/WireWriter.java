package io.vroom.bgp.wire;

import java.util.Arrays;

/** A growable big-endian byte buffer for encoding messages. */
public final class WireWriter {
    private byte[] buf;
    private int len;

    public WireWriter() { this(64); }

    public WireWriter(int capacity) { buf = new byte[Math.max(16, capacity)]; }

    private void need(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    public WireWriter u8(int v) { need(1); buf[len++] = (byte) v; return this; }

    public WireWriter u16(int v) { need(2); Wire.put16(buf, len, v); len += 2; return this; }

    public WireWriter u32(long v) { need(4); Wire.put32(buf, len, (int) v); len += 4; return this; }

    public WireWriter u64(long v) { u32(v >>> 32); return u32(v); }

    public WireWriter bytes(byte[] b) { return bytes(b, 0, b.length); }

    public WireWriter bytes(byte[] b, int off, int n) {
        need(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public int length() { return len; }

    /** Overwrites a 16-bit field at {@code pos} written earlier (lengths known only afterwards). */
    public void patch16(int pos, int v) { Wire.put16(buf, pos, v); }

    public void patch8(int pos, int v) { buf[pos] = (byte) v; }

    public void truncate(int newLen) { len = newLen; }

    public byte[] array() { return buf; }

    public byte[] toByteArray() { return Arrays.copyOf(buf, len); }
}
