package io.vroom.bgp.wire;

/**
 * OPEN (RFC 4271 §4.2), with capabilities carried in optional parameter 2 (RFC 5492) and the
 * extended optional parameters length of RFC 9072 understood on input.
 *
 * <pre>
 *  0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Version    |     My Autonomous System      |   Hold Time :
 *  :               |                BGP Identifier                 :
 *  :               | Opt Parm Len  |  Optional Parameters (variable)
 * </pre>
 * {@code myAs} is the 16-bit field as sent (AS_TRANS 23456 for a 4-octet AS, RFC 6793 §4.1).
 */
public record OpenMessage(int version, int myAs, int holdTimeSec, int bgpId, Capabilities capabilities) {
    public static final int AS_TRANS = 23456;
    private static final int PARAM_CAPABILITIES = 2;

    /** The speaker's real AS: the 4-octet capability's when present, else the 16-bit field. */
    public long effectiveAs() {
        return capabilities.as4() >= 0 ? capabilities.as4() : myAs;
    }

    /** Decodes the message body ({@code off} just past the 19-byte header). Never throws. */
    public static Result<OpenMessage> decode(byte[] b, int off, int len) {
        if (len < 10) return Result.error(BgpError.reset(Notify.HEADER, Notify.BAD_MESSAGE_LENGTH, null, "OPEN too short"));
        int version = Wire.u8(b, off);
        int myAs = Wire.u16(b, off + 1);
        int hold = Wire.u16(b, off + 3);
        int id = Wire.i32(b, off + 5);
        int optLen = Wire.u8(b, off + 9);
        int p = off + 10;
        int end = off + len;
        boolean extended = false;
        // RFC 9072 §2: Non-Ext OP Len 255 and Non-Ext OP Type 255 announce the extended form.
        if (optLen == 255 && p < end && Wire.u8(b, p) == 255) {
            if (end - p < 3) return Result.error(BgpError.reset(Notify.OPEN, 0, null, "truncated extended optional parameters length"));
            optLen = Wire.u16(b, p + 1);
            p += 3;
            extended = true;
        }
        if (p + optLen != end) return Result.error(BgpError.reset(Notify.OPEN, 0, null, "optional parameters length " + optLen + " disagrees with message length"));
        Capabilities.Builder caps = new Capabilities.Builder();
        int hdr = extended ? 3 : 2;
        while (p < end) {
            if (end - p < hdr) return Result.error(BgpError.reset(Notify.OPEN, 0, null, "truncated optional parameter"));
            int type = Wire.u8(b, p);
            int plen = extended ? Wire.u16(b, p + 1) : Wire.u8(b, p + 1);
            p += hdr;
            if (p + plen > end) return Result.error(BgpError.reset(Notify.OPEN, 0, null, "optional parameter overruns the message"));
            if (type != PARAM_CAPABILITIES) {
                return Result.error(BgpError.reset(Notify.OPEN, Notify.UNSUPPORTED_OPTIONAL_PARAMETER, null, "unsupported optional parameter " + type));
            }
            BgpError e = Capabilities.decodeInto(b, p, plen, caps);
            if (e != null) return Result.error(e);
            p += plen;
        }
        return Result.ok(new OpenMessage(version, myAs, hold, id, caps.build()));
    }

    public byte[] encode() {
        WireWriter caps = new WireWriter();
        capabilities.encode(caps);
        WireWriter w = new WireWriter(64 + caps.length());
        for (int i = 0; i < 16; i++) w.u8(0xff);
        w.u16(0).u8(MessageType.OPEN);
        w.u8(version).u16(myAs).u16(holdTimeSec).u32(bgpId & 0xffffffffL);
        if (caps.length() == 0) {
            w.u8(0);
        } else if (caps.length() + 2 <= 255) {
            w.u8(caps.length() + 2).u8(PARAM_CAPABILITIES).u8(caps.length()).bytes(caps.array(), 0, caps.length());
        } else {
            // RFC 9072: extended optional parameters length when the capabilities do not fit 255 bytes.
            w.u8(255).u8(255).u16(caps.length() + 3).u8(PARAM_CAPABILITIES).u16(caps.length()).bytes(caps.array(), 0, caps.length());
        }
        w.patch16(16, w.length());
        return w.toByteArray();
    }
}
