package io.vroom.bgp.session;

/** The RFC 4271 §8.1 events this implementation uses, named as in the RFC (number in the comment). */
public enum SessionEvent {
    MANUAL_START,                    // 1
    MANUAL_STOP,                     // 2
    AUTOMATIC_START,                 // 3
    MANUAL_START_PASSIVE,            // 4
    AUTOMATIC_STOP,                  // 8
    CONNECT_RETRY_TIMER_EXPIRES,     // 9
    HOLD_TIMER_EXPIRES,              // 10
    KEEPALIVE_TIMER_EXPIRES,         // 11
    TCP_CONNECTION_VALID,            // 14 (incoming connection accepted)
    TCP_CR_ACKED,                    // 16 (our connection completed)
    TCP_CONNECTION_FAILS,            // 18
    BGP_OPEN,                        // 19
    BGP_HEADER_ERR,                  // 21
    BGP_OPEN_MSG_ERR,                // 22
    OPEN_COLLISION_DUMP,             // 23
    NOTIF_MSG_VER_ERR,               // 24
    NOTIF_MSG,                       // 25
    KEEPALIVE_MSG,                   // 26
    UPDATE_MSG,                      // 27
    UPDATE_MSG_ERR                   // 28
}
