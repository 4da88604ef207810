package io.vroom.bgp.wire;

/** BGP message types (RFC 4271 §4.1, RFC 2918) and header constants. */
public final class MessageType {
    private MessageType() {}

    public static final int OPEN = 1, UPDATE = 2, NOTIFICATION = 3, KEEPALIVE = 4, ROUTE_REFRESH = 5;
    public static final int HEADER_LENGTH = 19, MAX_LENGTH = 4096, MARKER_LENGTH = 16;

    /** The smallest valid length of each type (§6.1), or -1 for an unknown type. */
    public static int minLength(int type) {
        return switch (type) {
            case OPEN -> 29;
            case UPDATE -> 23;
            case NOTIFICATION -> 21;
            case KEEPALIVE -> 19;
            case ROUTE_REFRESH -> 23;
            default -> -1;
        };
    }

    /** Writes the 19-byte header (all-ones marker, length, type) at the start of {@code msg}. */
    public static void writeHeader(byte[] msg, int type) {
        for (int i = 0; i < MARKER_LENGTH; i++) msg[i] = (byte) 0xff;
        Wire.put16(msg, 16, msg.length);
        msg[18] = (byte) type;
    }

    /** A message buffer of {@code bodyLength} plus header, header already written. */
    public static byte[] allocate(int type, int bodyLength) {
        byte[] m = new byte[HEADER_LENGTH + bodyLength];
        writeHeader(m, type);
        return m;
    }
}
