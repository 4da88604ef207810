package io.vroom.core.tcp;

import java.io.Serializable;

/**
 * Per-connection (or per-listener, inherited by accepted connections) settings chosen by the owner.
 *
 * @param owner           name events are delivered under (see {@link TcpOutput#deliver})
 * @param localPort       local port for an active open; 0 picks an ephemeral port (RFC 6056 range 49152-65535)
 * @param ttl             IP TTL of every segment (eBGP uses 1, GTSM 255)
 * @param tos             IP TOS byte (BGP commonly uses CS6, 0xc0)
 * @param keepaliveIdleNs idle time before the first keepalive probe; 0 disables keepalives
 * @param keepaliveIntervalNs time between unanswered probes
 * @param keepaliveProbes unanswered probes before the connection is reset
 */
public record TcpSocketOptions(String owner, int localPort, int ttl, int tos,
                               long keepaliveIdleNs, long keepaliveIntervalNs, int keepaliveProbes) implements Serializable {
    public TcpSocketOptions {
        if (owner == null) throw new IllegalArgumentException("owner is required");
        if (localPort < 0 || localPort > 65535) throw new IllegalArgumentException("bad local port " + localPort);
        if (ttl < 1 || ttl > 255) throw new IllegalArgumentException("bad ttl " + ttl);
        if (keepaliveIdleNs < 0 || keepaliveIntervalNs < 0 || keepaliveProbes < 0) throw new IllegalArgumentException("negative keepalive setting");
    }

    public static TcpSocketOptions of(String owner) {
        return new TcpSocketOptions(owner, 0, 64, 0, 0, 75_000_000_000L, 9);
    }

    public TcpSocketOptions withOwner(String newOwner) {
        return new TcpSocketOptions(newOwner, localPort, ttl, tos, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes);
    }

    public TcpSocketOptions withLocalPort(int port) {
        return new TcpSocketOptions(owner, port, ttl, tos, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes);
    }

    public TcpSocketOptions withTtl(int newTtl) {
        return new TcpSocketOptions(owner, localPort, newTtl, tos, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes);
    }

    public TcpSocketOptions withTos(int newTos) {
        return new TcpSocketOptions(owner, localPort, ttl, newTos, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes);
    }

    public TcpSocketOptions withKeepalive(long idleNs, long intervalNs, int probes) {
        return new TcpSocketOptions(owner, localPort, ttl, tos, idleNs, intervalNs, probes);
    }
}
