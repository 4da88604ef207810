package io.vroom.core.tcp;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * TCP-MD5 signatures (RFC 2385 §2.0): MD5 over, in order, the pseudo-header (source, destination,
 * zero-padded protocol, segment length), the fixed 20-byte TCP header with its checksum taken as
 * zero and without options, the segment data, and the key.
 */
final class TcpMd5 {
    private TcpMd5() {}

    static final int DIGEST_LENGTH = 16;

    /** The digest of the TCP segment at {@code tcpOff} (length {@code tcpLen}, header length {@code hdrLen}) of IPv4 packet {@code p}. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    /** As {@link #digest(MessageDigest, byte[], int, int, int, byte[])} with a fresh MessageDigest. */
    static byte[] digest(byte[] p, int tcpOff, int tcpLen, int hdrLen, byte[] key) {
        return digest(newDigest(), p, tcpOff, tcpLen, hdrLen, key);
    }

    /** The digest, computed with {@code md} (reset first; a stack reuses one instead of creating one per segment). */
    static byte[] digest(MessageDigest md, byte[] p, int tcpOff, int tcpLen, int hdrLen, byte[] key) {
        md.reset();
        byte[] pseudo = new byte[12];
        Ip4.write(pseudo, 0, Ipv4.source(p, 0));
        Ip4.write(pseudo, 4, Ipv4.destination(p, 0));
        pseudo[9] = (byte) Ipv4.PROTO_TCP;
        pseudo[10] = (byte) (tcpLen >>> 8);
        pseudo[11] = (byte) tcpLen;
        md.update(pseudo);
        byte[] hdr = new byte[TcpHeader.LENGTH];
        System.arraycopy(p, tcpOff, hdr, 0, TcpHeader.LENGTH);
        hdr[16] = 0;
        hdr[17] = 0;
        md.update(hdr);
        md.update(p, tcpOff + hdrLen, tcpLen - hdrLen);
        md.update(key);
        return md.digest();
    }

    /** Does the digest carried by {@code seg} match the one computed with {@code key}? Constant-time comparison. */
    static boolean verify(TcpSegment seg, byte[] key) {
        return verify(newDigest(), seg, key);
    }

    static boolean verify(MessageDigest md, TcpSegment seg, byte[] key) {
        if (seg.md5Offset() < 0) return false;
        byte[] expect = digest(md, seg.packet(), seg.tcpOffset(), seg.tcpLength(), seg.dataOffset() - seg.tcpOffset(), key);
        byte[] got = new byte[DIGEST_LENGTH];
        System.arraycopy(seg.packet(), seg.md5Offset(), got, 0, DIGEST_LENGTH);
        return MessageDigest.isEqual(expect, got);
    }
}
