package io.vroom.bgp.session;

import io.vroom.bgp.wire.NotificationMessage;
import io.vroom.bgp.wire.UpdateMessage;

/**
 * Where a session's effects go; implemented by the speaker for the duration of one call and never
 * stored in the session (so the session stays plain data).
 */
public interface SessionOutput {
    /** Bytes for the transport connection (whole messages). */
    void send(byte[] message);

    /** Open a transport connection to the peer (RFC 4271 §8: "initiates a TCP connection"). */
    void connect();

    /** Close the transport connection. */
    void disconnect();

    /** The session reached Established. */
    void established(Negotiated negotiated);

    /** An UPDATE that decoded (possibly with an RFC 7606 treat-as-withdraw or attribute-discard outcome). */
    void update(UpdateMessage update);

    /** A ROUTE-REFRESH for this AFI/SAFI (RFC 2918 §4). */
    void routeRefresh(int afiSafi);

    /**
     * The session left OpenConfirm/Established (or failed before). {@code sent}/{@code received} is
     * the NOTIFICATION that ended it, if any; graceful restart retention is the speaker's choice.
     */
    void down(String reason, NotificationMessage sent, NotificationMessage received, boolean wasEstablished);

    void log(String message);
}
