package io.vroom.ospf.packet.lsa;

import io.vroom.core.net.Checksum;
import java.util.Arrays;

/**
 * One LSA: its header, decoded body, and wire bytes ({@code bytes.length == header.length()}).
 * The LS age inside {@code bytes} is the age when it was received or built; the LSDB tracks the
 * current age and {@link #withAge} rewrites it for transmission (age is not checksummed).
 */
public record Lsa(LsaHeader header, LsaBody body, byte[] bytes) {
    /** Largest LSA accepted (an IPv4 packet minus headers); a limit on everything. */
    public static final int MAX_LENGTH = 65535 - 20 - 24 - 4;

    public LsaKey key() {
        return header.key();
    }

    /** Builds an LSA with a correct length and Fletcher checksum. */
    public static Lsa build(int ageSec, int options, int lsId, int advRouter, int seq, LsaBody body) {
        int len = LsaHeader.LENGTH + body.encodedLength();
        byte[] b = new byte[len];
        new LsaHeader(ageSec, options, body.type(), lsId, advRouter, seq, 0, len).write(b, 0);
        body.write(b, LsaHeader.LENGTH);
        int ck = Fletcher.compute(b, 0, len);
        Checksum.write16(b, Fletcher.CHECKSUM_OFFSET, ck);
        return new Lsa(new LsaHeader(ageSec, options, body.type(), lsId, advRouter, seq, ck, len), body, b);
    }

    /** A copy with LS age {@code ageSec} (header and bytes). */
    public Lsa withAge(int ageSec) {
        byte[] b = bytes.clone();
        Checksum.write16(b, 0, ageSec);
        return new Lsa(header.withAge(ageSec), body, b);
    }

    /** Result of {@link #decode}: an LSA, or an error message. */
    public record Decoded(Lsa lsa, String error) {}

    /**
     * Decodes one LSA at {@code off}, at most {@code avail} bytes; validates length, type and the
     * Fletcher checksum (§13 step 1). Never throws.
     */
    public static Decoded decode(byte[] b, int off, int avail) {
        if (avail < LsaHeader.LENGTH) return new Decoded(null, "truncated LSA header");
        LsaHeader h = LsaHeader.read(b, off);
        if (h.length() < LsaHeader.LENGTH || h.length() > avail) return new Decoded(null, "bad LSA length " + h.length());
        if (!Fletcher.verify(b, off, h.length())) return new Decoded(null, "bad LSA checksum for " + h.key());
        int bo = off + LsaHeader.LENGTH, bl = h.length() - LsaHeader.LENGTH;
        LsaBody body = switch (h.type()) {
            case LsaHeader.TYPE_ROUTER -> RouterLsa.decode(b, bo, bl);
            case LsaHeader.TYPE_NETWORK -> NetworkLsa.decode(b, bo, bl);
            case LsaHeader.TYPE_SUMMARY, LsaHeader.TYPE_ASBR_SUMMARY -> SummaryLsa.decode(h.type(), b, bo, bl);
            case LsaHeader.TYPE_EXTERNAL -> ExternalLsa.decode(b, bo, bl);
            case LsaHeader.TYPE_NSSA -> NssaLsa.decode(b, bo, bl);
            default -> null;
        };
        if (body == null) {
            return new Decoded(null, (h.type() < 1 || h.type() > 5 && h.type() != LsaHeader.TYPE_NSSA ? "unknown LSA type " : "malformed body of LSA type ") + h.type());
        }
        return new Decoded(new Lsa(h, body, Arrays.copyOfRange(b, off, off + h.length())), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lsa l && header.equals(l.header) && Arrays.equals(bytes, l.bytes);
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return header.toString();
    }
}
