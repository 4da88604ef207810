package io.vroom.bgp.wire;

/**
 * A decoding or protocol error: the NOTIFICATION it maps to (RFC 4271 §6: code, subcode, data)
 * and what the receiver does about it (RFC 7606). {@code reason} is for logs only.
 */
public record BgpError(int code, int subcode, byte[] data, ErrorAction action, String reason) {
    public BgpError {
        data = data == null ? new byte[0] : data;
    }

    public static BgpError reset(int code, int subcode, byte[] data, String reason) {
        return new BgpError(code, subcode, data, ErrorAction.SESSION_RESET, reason);
    }

    public BgpError withAction(ErrorAction a) {
        return new BgpError(code, subcode, data, a, reason);
    }

    public NotificationMessage toNotification() {
        return new NotificationMessage(code, subcode, data);
    }

    @Override
    public String toString() {
        return Notify.name(code, subcode) + " (" + action + "): " + reason;
    }
}
