package io.vroom.core.net;

/** The Internet checksum (RFC 1071) and its incremental update (RFC 1624). */
public final class Checksum {
    private Checksum() {}

    private static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /**
     * Ones'-complement sum of {@code len} bytes folded to 16 bits, not complemented. Eight bytes
     * per step: the sum of 16-bit words is the sum of their 32-bit halves folded (RFC 1071 §2(B),
     * byte-order independence and parallel summation), each half added into a 64-bit accumulator
     * that cannot overflow for any array a JVM can hold.
     */
    public static int sum(byte[] b, int off, int len, int initial) {
        long sum = initial & 0xffffffffL;
        int i = off, end = off + len;
        for (; i + 7 < end; i += 8) {
            long w = (long) LONG_BE.get(b, i);
            sum += (w >>> 32) + (w & 0xffffffffL);
        }
        for (; i + 1 < end; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if (i < end) sum += (b[i] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    /** The checksum to store: the complement of {@link #sum}. A region carrying a correct checksum yields 0. */
    public static int compute(byte[] b, int off, int len) {
        return ~sum(b, off, len, 0) & 0xffff;
    }

    /** RFC 1624 eqn. 3: {@code HC' = ~(~HC + ~m + m')} for one 16-bit word changing from m to m'. */
    public static int update(int checksum, int oldWord, int newWord) {
        int sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    public static int read16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static void write16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
