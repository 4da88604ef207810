package io.vroom.bgp.wire;

/**
 * Cuts a TCP byte stream into BGP messages (RFC 4271 §4.1) and checks each header (§6.1): marker
 * all ones, length 19..4096 and at least the type's minimum, known type. Plain data; never throws.
 *
 * <p>Use: {@link #append} bytes (it takes what fits, at most one maximum message beyond what is
 * buffered), then call {@link #next} until it returns {@link #NEED_MORE}. A {@link #FRAME} is at
 * {@link #buffer()}[{@link #frameOffset()}..+{@link #frameLength()}] until the next call. After
 * {@link #ERROR} the stream is unusable (the session resets) and {@link #error()} says why.
 */
public final class BgpFramer {
    public static final int NEED_MORE = 0, FRAME = 1, ERROR = 2;
    private static final int CAPACITY = 2 * MessageType.MAX_LENGTH;

    private final byte[] buf = new byte[CAPACITY];
    private int start;
    private int end;
    private int frameOffset;
    private int frameLength;
    private BgpError error;

    /** Copies as many of {@code len} bytes as fit and returns how many were taken. */
    public int append(byte[] data, int off, int len) {
        if (error != null) return len; // a broken stream swallows everything
        if (start > 0 && end + len > CAPACITY) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            frameOffset -= start;
            start = 0;
        }
        int n = Math.min(len, CAPACITY - end);
        System.arraycopy(data, off, buf, end, n);
        end += n;
        return n;
    }

    public int next() {
        if (error != null) return ERROR;
        int avail = end - start;
        if (avail < MessageType.HEADER_LENGTH) {
            if (avail == 0) start = end = 0;
            return NEED_MORE;
        }
        for (int i = 0; i < MessageType.MARKER_LENGTH; i++) {
            if (buf[start + i] != (byte) 0xff) {
                error = BgpError.reset(Notify.HEADER, Notify.CONNECTION_NOT_SYNCHRONIZED, null, "marker is not all ones");
                return ERROR;
            }
        }
        int length = Wire.u16(buf, start + 16);
        int type = Wire.u8(buf, start + 18);
        int min = MessageType.minLength(type);
        if (length < MessageType.HEADER_LENGTH || length > MessageType.MAX_LENGTH
                || (min > 0 && length < min) || (type == MessageType.KEEPALIVE && length != 19)
                || (type == MessageType.ROUTE_REFRESH && length != 23)) {
            error = BgpError.reset(Notify.HEADER, Notify.BAD_MESSAGE_LENGTH, Wire.copy(buf, start + 16, 2), "bad message length " + length + " for type " + type);
            return ERROR;
        }
        if (min < 0) {
            error = BgpError.reset(Notify.HEADER, Notify.BAD_MESSAGE_TYPE, new byte[] {(byte) type}, "unknown message type " + type);
            return ERROR;
        }
        if (avail < length) return NEED_MORE;
        frameOffset = start;
        frameLength = length;
        start += length;
        return FRAME;
    }

    public byte[] buffer() { return buf; }

    public int frameOffset() { return frameOffset; }

    public int frameLength() { return frameLength; }

    public int frameType() { return Wire.u8(buf, frameOffset + 18); }

    public BgpError error() { return error; }

    /** Bytes buffered but not yet returned as frames. */
    public int buffered() { return end - start; }
}
