package io.vroom.ospf.packet;

import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Encodes and decodes whole OSPF packets (the bytes after the IPv4 header), including the
 * checksum and authentication of RFC 2328 §8.2 and Appendix D. Decoding never throws.
 */
public final class PacketCodec {
    private PacketCodec() {}

    /** A decode result: a packet, or why it was rejected. */
    public record Result(OspfPacket packet, String error) {
        static Result fail(String e) {
            return new Result(null, e);
        }
    }

    /** Encodes a packet; {@code cryptoSeq} is used for MD5 only. */
    public static byte[] encode(int routerId, int areaId, PacketBody body, Auth auth, long cryptoSeq) {
        int len = OspfPacket.HEADER_LENGTH + body.encodedLength();
        boolean md5 = auth.auType() == Auth.CRYPTO;
        byte[] b = new byte[len + (md5 ? Auth.MD5_DIGEST_LENGTH : 0)];
        b[0] = OspfPacket.VERSION;
        b[1] = (byte) body.type();
        Checksum.write16(b, 2, len);
        Ip4.write(b, 4, routerId);
        Ip4.write(b, 8, areaId);
        Checksum.write16(b, 14, auth.auType());
        body.write(b, OspfPacket.HEADER_LENGTH);
        if (md5) {
            // Appendix D.4.3: checksum not computed; the auth field holds key id, digest length, sequence.
            b[18] = (byte) auth.keyId();
            b[19] = Auth.MD5_DIGEST_LENGTH;
            Ip4.write(b, 20, (int) cryptoSeq);
            byte[] digest = md5(b, len, auth.key());
            System.arraycopy(digest, 0, b, len, Auth.MD5_DIGEST_LENGTH);
        } else {
            // §D.4.1/D.4.2: the standard IP checksum over the packet, excluding the 64-bit auth field.
            Checksum.write16(b, 12, checksum(b, len));
            if (auth.auType() == Auth.SIMPLE) System.arraycopy(auth.key(), 0, b, 16, 8);
        }
        return b;
    }

    private static int checksum(byte[] b, int len) {
        int s = Checksum.sum(b, 0, 16, 0);
        s = Checksum.sum(b, 24, len - 24, s);
        return ~s & 0xffff;
    }

    private static byte[] md5(byte[] b, int len, byte[] key16) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(b, 0, len);
            md.update(key16, 0, Auth.MD5_DIGEST_LENGTH);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    /**
     * Decodes the OSPF packet at {@code off} ({@code avail} bytes of IP payload) and checks its
     * authentication against {@code auth} (RFC 2328 §8.2, Appendix D). Sequence-number replay checks
     * are the caller's (they need the neighbor).
     */
    public static Result decode(byte[] b, int off, int avail, Auth auth) {
        if (b == null || off < 0 || avail < OspfPacket.HEADER_LENGTH || off + avail > b.length) return Result.fail("truncated header");
        if ((b[off] & 0xff) != OspfPacket.VERSION) return Result.fail("bad version " + (b[off] & 0xff));
        int type = b[off + 1] & 0xff;
        int len = Checksum.read16(b, off + 2);
        if (len < OspfPacket.HEADER_LENGTH || len > avail) return Result.fail("bad packet length " + len);
        int auType = Checksum.read16(b, off + 14);
        if (auType != auth.auType()) return Result.fail("authentication type mismatch: got " + auType + ", want " + auth.auType());
        int keyId = 0;
        long seq = 0;
        byte[] p = Arrays.copyOfRange(b, off, off + len);
        if (auType == Auth.CRYPTO) {
            keyId = b[off + 18] & 0xff;
            int dlen = b[off + 19] & 0xff;
            seq = Ip4.read(b, off + 20) & 0xffffffffL;
            byte[] key = auth.key(keyId);
            if (key == null) return Result.fail("unknown MD5 key id " + keyId);
            if (dlen != Auth.MD5_DIGEST_LENGTH || avail < len + dlen) return Result.fail("bad MD5 digest length");
            byte[] want = md5(b, off, len, key);
            if (!MessageDigest.isEqual(want, Arrays.copyOfRange(b, off + len, off + len + dlen))) return Result.fail("MD5 digest mismatch");
        } else {
            if (Checksum.sum(p, 0, 16, Checksum.sum(p, 24, len - 24, 0)) != 0xffff) return Result.fail("bad packet checksum");
            if (auType == Auth.SIMPLE && !Arrays.equals(p, 16, 24, auth.key(), 0, 8)) return Result.fail("simple password mismatch");
        }
        int routerId = Ip4.read(p, 4), areaId = Ip4.read(p, 8);
        int bo = OspfPacket.HEADER_LENGTH, bl = len - OspfPacket.HEADER_LENGTH;
        PacketBody body = switch (type) {
            case OspfPacket.TYPE_HELLO -> Hello.decode(p, bo, bl);
            case OspfPacket.TYPE_DD -> DatabaseDescription.decode(p, bo, bl);
            case OspfPacket.TYPE_LSR -> LinkStateRequest.decode(p, bo, bl);
            case OspfPacket.TYPE_LSU -> LinkStateUpdate.decode(p, bo, bl);
            case OspfPacket.TYPE_LSACK -> LinkStateAck.decode(p, bo, bl);
            default -> null;
        };
        if (body == null) return Result.fail(type < 1 || type > 5 ? "unknown packet type " + type : "malformed " + OspfPacket.typeName(type));
        return new Result(new OspfPacket(routerId, areaId, auType, keyId, seq, body), null);
    }

    private static byte[] md5(byte[] b, int off, int len, byte[] key16) {
        return md5(Arrays.copyOfRange(b, off, off + len), len, key16);
    }
}
