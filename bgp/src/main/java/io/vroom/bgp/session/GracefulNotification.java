package io.vroom.bgp.session;

import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.NotificationMessage;

/**
 * RFC 8538, Notification Message support for BGP Graceful Restart. When both OPENs carried the N bit
 * in their graceful restart capability, a session that ends with a NOTIFICATION — sent or received,
 * the Hold Timer's included — is treated like one whose TCP connection failed: each side keeps the
 * other's routes, stale, as the Receiving Speaker of RFC 4724 §4.2 does. Only a Cease with the Hard
 * Reset subcode (9) ends the session the RFC 4271 way, routes flushed at once; its data carries the
 * NOTIFICATION it stands for: error code, subcode, then that NOTIFICATION's data (RFC 8538 §3).
 */
public final class GracefulNotification {
    private GracefulNotification() {}

    /** Did both OPENs carry the N bit? (We send it whenever graceful restart is on for the neighbour.) */
    public static boolean exchanged(SessionConfig cfg, Negotiated n) {
        return n != null && cfg.grRestartTimeSec() >= 0 && n.peerGracefulRestart() != null && n.peerGracefulRestart().notification();
    }

    public static boolean isHardReset(NotificationMessage m) {
        return m != null && m.code() == Notify.CEASE && m.subcode() == Notify.HARD_RESET;
    }

    /**
     * RFC 8538 §5's suggested behaviour per Cease subcode: Hard Reset for Maximum Number of Prefixes
     * Reached, Administrative Shutdown and Peer De-configured, and for Administrative Reset (left to
     * the operator by the RFC: here an operator's hard {@code clear} means it); the others (connection
     * rejected, configuration change, collision, out of resources) and every error code stay graceful.
     */
    static boolean wantsHardReset(NotificationMessage m) {
        if (m.code() != Notify.CEASE) return false;
        return switch (m.subcode()) {
            case Notify.MAX_PREFIXES, Notify.ADMIN_SHUTDOWN, Notify.PEER_DECONFIGURED, Notify.ADMIN_RESET -> true;
            default -> false;
        };
    }

    /** What to send for {@code m} on a session where the N bit was exchanged: {@code m} itself, or a Hard Reset carrying it. */
    static NotificationMessage forSession(NotificationMessage m, SessionConfig cfg, Negotiated n) {
        if (!exchanged(cfg, n) || !wantsHardReset(m)) return m;
        byte[] inner = m.data() == null ? new byte[0] : m.data();
        byte[] data = new byte[2 + inner.length];
        data[0] = (byte) m.code();
        data[1] = (byte) m.subcode();
        System.arraycopy(inner, 0, data, 2, inner.length);
        return new NotificationMessage(Notify.CEASE, Notify.HARD_RESET, data);
    }
}
