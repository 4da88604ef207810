package io.vroom.core.tcp;

/** Connection states of RFC 9293 §3.3.2. LISTEN is a {@link TcpListener}, not a connection; CLOSED is absence. */
public enum TcpState {
    SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT;

    /** RFC 9293: the states after the three-way handshake, where sequence numbers of both sides are known. */
    public boolean isSynchronized() {
        return this != SYN_SENT && this != SYN_RECEIVED;
    }
}
