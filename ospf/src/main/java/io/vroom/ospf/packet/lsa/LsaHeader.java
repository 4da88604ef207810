package io.vroom.ospf.packet.lsa;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;

/**
 * The LSA header (RFC 2328 A.4.1), 20 bytes:
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LS age             |    Options    |    LS type    |
 * |                        Link State ID                          |
 * |                     Advertising Router                        |
 * |                     LS sequence number                        |
 * |         LS checksum           |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record LsaHeader(int ageSec, int options, int type, int lsId, int advRouter, int seq, int checksum, int length) {
    public static final int LENGTH = 20;
    public static final int TYPE_ROUTER = 1, TYPE_NETWORK = 2, TYPE_SUMMARY = 3, TYPE_ASBR_SUMMARY = 4, TYPE_EXTERNAL = 5;
    /** NSSA-external (RFC 3101). */
    public static final int TYPE_NSSA = 7;
    public static final int MAX_AGE_SEC = 3600;
    public static final int INITIAL_SEQ = 0x80000001;
    public static final int MAX_SEQ = 0x7fffffff;

    public LsaKey key() {
        return new LsaKey(type, lsId, advRouter);
    }

    public LsaHeader withAge(int newAgeSec) {
        return new LsaHeader(newAgeSec, options, type, lsId, advRouter, seq, checksum, length);
    }

    /** Reads a header; the caller has checked that 20 bytes are there. */
    public static LsaHeader read(byte[] b, int off) {
        return new LsaHeader(Checksum.read16(b, off), b[off + 2] & 0xff, b[off + 3] & 0xff, Ip4.read(b, off + 4),
                Ip4.read(b, off + 8), Ip4.read(b, off + 12), Checksum.read16(b, off + 16), Checksum.read16(b, off + 18));
    }

    public void write(byte[] b, int off) {
        Checksum.write16(b, off, ageSec);
        b[off + 2] = (byte) options;
        b[off + 3] = (byte) type;
        Ip4.write(b, off + 4, lsId);
        Ip4.write(b, off + 8, advRouter);
        Ip4.write(b, off + 12, seq);
        Checksum.write16(b, off + 16, checksum);
        Checksum.write16(b, off + 18, length);
    }

    /**
     * Which of two instances of the same LSA is more recent (RFC 2328 §13.1): positive if
     * {@code a} is newer, negative if {@code b} is, 0 if they are considered the same instance.
     */
    public static int compareInstances(LsaHeader a, int ageA, LsaHeader b, int ageB) {
        if (a.seq != b.seq) return Integer.compare(a.seq, b.seq); // sequence numbers are signed (§12.1.6)
        if (a.checksum != b.checksum) return Integer.compare(a.checksum, b.checksum);
        boolean maxA = ageA >= MAX_AGE_SEC, maxB = ageB >= MAX_AGE_SEC;
        if (maxA != maxB) return maxA ? 1 : -1;
        if (Math.abs(ageA - ageB) > 900) return ageA < ageB ? 1 : -1; // MaxAgeDiff
        return 0;
    }

    @Override
    public String toString() {
        return key() + " seq " + Integer.toHexString(seq) + " age " + ageSec;
    }
}
