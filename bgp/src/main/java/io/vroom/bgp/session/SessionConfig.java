package io.vroom.bgp.session;

/**
 * What one session needs to know. {@code remoteAs} 0 accepts any AS (the speaker decides);
 * {@code holdTimeSec} 0 or 3..65535 (RFC 4271 §4.2); {@code grRestartTimeSec} &lt; 0 disables
 * graceful restart (RFC 4724). {@code grRestarting}: our OPEN's Restart State bit;
 * {@code grForwarding}: its Forwarding State bit for IPv4 unicast (RFC 4724 §3: the forwarding state
 * was preserved across the previous restart or session end).
 */
public record SessionConfig(long localAs, int localId, long remoteAs, int remoteAddress, int holdTimeSec,
                            int connectRetrySec, boolean passive, int grRestartTimeSec, boolean grRestarting,
                            boolean addPathReceive, boolean ipv6, boolean grForwarding) {
    public static final int AS_TRANS = 23456;

    /** The Forwarding State bit as the Restart State bit (a start that is a restart preserved forwarding, else none). */
    public SessionConfig(long localAs, int localId, long remoteAs, int remoteAddress, int holdTimeSec,
                         int connectRetrySec, boolean passive, int grRestartTimeSec, boolean grRestarting,
                         boolean addPathReceive, boolean ipv6) {
        this(localAs, localId, remoteAs, remoteAddress, holdTimeSec, connectRetrySec, passive, grRestartTimeSec, grRestarting,
                addPathReceive, ipv6, grRestarting);
    }

    public boolean ibgp() { return remoteAs == localAs; }
}
