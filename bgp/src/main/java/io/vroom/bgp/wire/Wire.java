package io.vroom.bgp.wire;

/** Big-endian reads and writes over byte arrays; callers have checked the bounds. */
public final class Wire {
    private Wire() {}

    public static int u8(byte[] b, int off) { return b[off] & 0xff; }

    public static int u16(byte[] b, int off) { return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff); }

    public static int i32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    public static long u32(byte[] b, int off) { return i32(b, off) & 0xffffffffL; }

    public static long i64(byte[] b, int off) { return ((long) i32(b, off) << 32) | u32(b, off + 4); }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    public static byte[] copy(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }
}
