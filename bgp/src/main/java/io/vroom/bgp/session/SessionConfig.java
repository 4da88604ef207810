package io.vroom.bgp.session;

/**
 * What one session needs to know. {@code remoteAs} 0 accepts any AS (the speaker decides);
 * {@code holdTimeSec} 0 or 3..65535 (RFC 4271 §4.2); {@code grRestartTimeSec} &lt; 0 disables
 * graceful restart (RFC 4724). {@code maxPrefix} 0 means no limit.
 */
public record SessionConfig(long localAs, int localId, long remoteAs, int remoteAddress, int holdTimeSec,
                            int connectRetrySec, boolean passive, int grRestartTimeSec, boolean grRestarting,
                            boolean addPathReceive, boolean ipv6) {
    public static final int AS_TRANS = 23456;

    public boolean ibgp() { return remoteAs == localAs; }
}
