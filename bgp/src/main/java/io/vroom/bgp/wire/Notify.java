package io.vroom.bgp.wire;

/** NOTIFICATION error codes and subcodes: RFC 4271 §4.5 and §6, RFC 4486 (Cease), RFC 6608 (FSM). */
public final class Notify {
    private Notify() {}

    public static final int HEADER = 1, OPEN = 2, UPDATE = 3, HOLD_TIMER_EXPIRED = 4, FSM = 5, CEASE = 6, ROUTE_REFRESH = 7;

    // Message Header Error subcodes (§6.1)
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1, BAD_MESSAGE_LENGTH = 2, BAD_MESSAGE_TYPE = 3;

    // OPEN Message Error subcodes (§6.2, RFC 5492 §5)
    public static final int UNSUPPORTED_VERSION = 1, BAD_PEER_AS = 2, BAD_BGP_IDENTIFIER = 3,
            UNSUPPORTED_OPTIONAL_PARAMETER = 4, UNACCEPTABLE_HOLD_TIME = 6, UNSUPPORTED_CAPABILITY = 7;

    // UPDATE Message Error subcodes (§6.3)
    public static final int MALFORMED_ATTRIBUTE_LIST = 1, UNRECOGNIZED_WELL_KNOWN = 2, MISSING_WELL_KNOWN = 3,
            ATTRIBUTE_FLAGS_ERROR = 4, ATTRIBUTE_LENGTH_ERROR = 5, INVALID_ORIGIN = 6, INVALID_NEXT_HOP = 8,
            OPTIONAL_ATTRIBUTE_ERROR = 9, INVALID_NETWORK_FIELD = 10, MALFORMED_AS_PATH = 11;

    // FSM error subcodes (RFC 6608 §3)
    public static final int FSM_UNSPECIFIED = 0, FSM_IN_OPENSENT = 1, FSM_IN_OPENCONFIRM = 2, FSM_IN_ESTABLISHED = 3;

    // Cease subcodes (RFC 4486 §4)
    public static final int MAX_PREFIXES = 1, ADMIN_SHUTDOWN = 2, PEER_DECONFIGURED = 3, ADMIN_RESET = 4,
            CONNECTION_REJECTED = 5, OTHER_CONFIG_CHANGE = 6, CONNECTION_COLLISION = 7, OUT_OF_RESOURCES = 8,
            HARD_RESET = 9; // RFC 8538 §3

    // ROUTE-REFRESH Message Error subcode (RFC 7313 §5)
    public static final int INVALID_ROUTE_REFRESH_LENGTH = 1;

    public static String name(int code, int subcode) {
        String c = switch (code) {
            case HEADER -> "Message Header Error";
            case OPEN -> "OPEN Message Error";
            case UPDATE -> "UPDATE Message Error";
            case HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
            case FSM -> "Finite State Machine Error";
            case CEASE -> "Cease";
            case ROUTE_REFRESH -> "ROUTE-REFRESH Message Error";
            default -> "code " + code;
        };
        return c + "/" + subcode;
    }
}
