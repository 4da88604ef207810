package io.vroom.core.vr;

import io.vroom.core.rib.Rib;
import io.vroom.core.rib.Shadowd;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.Rng;
import java.util.List;

/**
 * The complete state of one virtual router, as plain data: its configuration (the "image" of
 * migration step 2), interface states, RIB, what shadowd last sent, its protocol instances (each
 * plain data by the {@link Protocol} contract), its random generator and rate limiter. Nothing in
 * it is a live handle, so between two events it can be serialized (snapshot module), moved, and
 * handed to {@link VirtualRouter#restore} to carry on exactly where it was.
 */
public final class VrState {
    final VrConfig config;
    final int routerId;
    final boolean[] up;
    final Rib rib = new Rib();
    final Shadowd shadowd = new Shadowd();
    final List<Protocol> protocols;
    final Rng rng;
    /** The VR's user-space TCP (issue 4): its connections are VR state, so they move with it. */
    final io.vroom.core.tcp.TcpStack tcp;
    /** Token bucket for ICMP errors the VR itself sends (RFC 1812 §4.3.2.8): tokens, refilled by time. */
    double icmpTokens = ICMP_BURST;
    long icmpRefillNs;
    /** Host-stack counters, indexed by {@link VrCounter#ordinal()}. */
    final long[] counters = new long[VrCounter.values().length];
    long logTokensRefillNs;
    int logTokens = LOG_BURST;
    long logsSuppressed;
    boolean started;
    /** The VR started over forwarding state preserved from before a restart (ProtocolContext.forwardingPreserved). */
    boolean forwardingPreserved;

    static final int ICMP_PER_SECOND = 100;
    static final int ICMP_BURST = 50;
    static final int LOG_BURST = 20;
    static final int LOGS_PER_SECOND = 10;

    VrState(VrConfig config, int routerId, List<Protocol> protocols) {
        this.config = config;
        this.routerId = routerId;
        this.up = new boolean[config.interfaces().size()];
        java.util.Arrays.fill(up, true);
        this.protocols = List.copyOf(protocols);
        this.rng = new Rng(config.seed());
        this.tcp = new io.vroom.core.tcp.TcpStack(io.vroom.core.tcp.TcpConfig.routerDefaults(), config.seed() ^ 0x5443505354414bL);
    }

    public VrConfig config() {
        return config;
    }
}
