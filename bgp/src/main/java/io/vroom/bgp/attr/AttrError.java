package io.vroom.bgp.attr;

import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Notify;

/** Shorthands for UPDATE errors (RFC 4271 §6.3) with their RFC 7606 action; the codec fills in the data. */
final class AttrError {
    private AttrError() {}

    static BgpError of(int subcode, ErrorAction action, String reason) {
        return new BgpError(Notify.UPDATE, subcode, null, action, reason);
    }

    static BgpError length(ErrorAction action, String attr, int len) {
        return of(Notify.ATTRIBUTE_LENGTH_ERROR, action, attr + " length " + len);
    }
}
