package io.vroom.core.tcp;

/**
 * What a {@link TcpStack} tells the owner of a connection, as plain values keyed by connection id.
 * Delivered through {@link TcpOutput#deliver} after the stack call that caused them has finished
 * its own work, in the order they happened.
 */
public sealed interface TcpEvent {
    int connId();

    /** An active open ({@link TcpStack#connect}) completed the three-way handshake. */
    record Connected(int connId) implements TcpEvent {}

    /** A peer connected to listener {@code listenerId}; the connection is ESTABLISHED and usable. */
    record Accepted(int listenerId, int connId, int localAddress, int localPort, int remoteAddress, int remotePort) implements TcpEvent {}

    /** In-order bytes from the peer; the array is the owner's. */
    record Data(int connId, byte[] bytes) implements TcpEvent {}

    /** Send-buffer space freed after an earlier {@link TcpStack#send} accepted less than offered. */
    record Writable(int connId) implements TcpEvent {}

    /** The peer sent FIN: no more data will come; sending is still possible until {@link TcpStack#close}. */
    record PeerClosed(int connId) implements TcpEvent {}

    /** The connection ended gracefully (both FINs sent and ours acknowledged) or was closed before it opened; the id is no longer valid. */
    record Closed(int connId) implements TcpEvent {}

    /** The connection ended abnormally; the id is no longer valid. */
    record Reset(int connId, Reason reason) implements TcpEvent {}

    enum Reason {
        /** The peer sent an acceptable RST (RFC 9293 §3.10.7.4, RFC 5961 §3.2). */
        RESET_BY_PEER,
        /** RST in answer to our SYN: nothing listens there. */
        REFUSED,
        /** SYN retransmissions exhausted. */
        CONNECT_TIMEOUT,
        /** Data retransmissions exhausted (RFC 9293 §3.8.3 R2). */
        RETRANSMIT_TIMEOUT,
        /** Keepalive probes unanswered. */
        KEEPALIVE_TIMEOUT
    }
}
