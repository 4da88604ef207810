package io.vroom.ospf.packet.lsa;

/**
 * The Fletcher checksum of ISO 8473 / RFC 905 Annex B as used for LSAs (RFC 2328 §12.1.7): it
 * covers the LSA from the options field (offset 2, i.e. everything except LS age) to its end, and
 * is stored in the two bytes at LSA offset 16.
 */
public final class Fletcher {
    private Fletcher() {}

    /** Offset of the checksum field within an LSA. */
    public static final int CHECKSUM_OFFSET = 16;

    /** Computes the checksum of the LSA at {@code off} of {@code len} bytes (its checksum field is ignored). */
    public static int compute(byte[] b, int off, int len) {
        int start = off + 2, n = len - 2, pos = CHECKSUM_OFFSET - 2;
        int c0 = 0, c1 = 0;
        for (int i = 0; i < n; i++) {
            int v = (i == pos || i == pos + 1) ? 0 : b[start + i] & 0xff;
            c0 += v;
            if (c0 >= 255) c0 -= 255;
            c1 += c0;
            if (c1 >= 255) c1 -= 255;
        }
        int x = (int) ((((long) (n - pos - 1) * c0 - c1) % 255 + 255) % 255);
        if (x == 0) x = 255;
        int y = 510 - c0 - x;
        if (y > 255) y -= 255;
        return ((x & 0xff) << 8) | (y & 0xff);
    }

    /** True if the checksum stored in the LSA verifies (the running sums over the covered bytes are 0 mod 255). */
    public static boolean verify(byte[] b, int off, int len) {
        if (len < 20) return false;
        int c0 = 0, c1 = 0;
        for (int i = off + 2; i < off + len; i++) {
            c0 = (c0 + (b[i] & 0xff)) % 255;
            c1 = (c1 + c0) % 255;
        }
        return c0 == 0 && c1 == 0 && ((b[off + CHECKSUM_OFFSET] | b[off + CHECKSUM_OFFSET + 1]) != 0);
    }
}
