package io.vroom.bgp.wire;

/** NOTIFICATION (RFC 4271 §4.5): error code, subcode, data. */
public record NotificationMessage(int code, int subcode, byte[] data) {
    public NotificationMessage {
        data = data == null ? new byte[0] : data;
    }

    /** Decodes a body; a NOTIFICATION is never answered, so a short one just reads as code 0. */
    public static NotificationMessage decode(byte[] b, int off, int len) {
        if (len < 2) return new NotificationMessage(0, 0, null);
        return new NotificationMessage(Wire.u8(b, off), Wire.u8(b, off + 1), Wire.copy(b, off + 2, len - 2));
    }

    public byte[] encode() {
        int dlen = Math.min(data.length, MessageType.MAX_LENGTH - 21);
        byte[] m = MessageType.allocate(MessageType.NOTIFICATION, 2 + dlen);
        m[19] = (byte) code;
        m[20] = (byte) subcode;
        System.arraycopy(data, 0, m, 21, dlen);
        return m;
    }

    @Override
    public String toString() {
        if (code == Notify.CEASE && subcode == Notify.HARD_RESET && data.length >= 2) { // RFC 8538 §3: the NOTIFICATION it carries
            return Notify.name(code, subcode) + " (Hard Reset of " + Notify.name(data[0] & 0xff, data[1] & 0xff) + ")";
        }
        return Notify.name(code, subcode) + (data.length > 0 ? " data " + data.length + "B" : "");
    }
}
