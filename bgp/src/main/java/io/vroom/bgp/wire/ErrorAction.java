package io.vroom.bgp.wire;

/**
 * What a receiver does about an error (RFC 7606 §2), weakest first so that {@code max} combines
 * several errors in one message.
 */
public enum ErrorAction {
    /** Nothing to do (not an error). */
    NONE,
    /** Drop the one malformed attribute and process the rest (RFC 7606 §2 "attribute discard"). */
    ATTRIBUTE_DISCARD,
    /** Withdraw every route the UPDATE carries (RFC 7606 §2 "treat-as-withdraw"). */
    TREAT_AS_WITHDRAW,
    /** Send the NOTIFICATION and close the session (RFC 4271 §6). */
    SESSION_RESET;

    public ErrorAction max(ErrorAction o) { return o.ordinal() > ordinal() ? o : this; }
}
