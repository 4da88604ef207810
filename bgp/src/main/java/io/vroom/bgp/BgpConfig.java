package io.vroom.bgp;

import io.vroom.bgp.policy.Policy;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code bgp:} section. {@code routerId}/{@code clusterId} 0: the VR's router id.
 * {@code networks}: routes this speaker originates, each "PREFIX [key=value ...]" (see {@link Origination});
 * {@code mrtOriginate}: more, read from an MRT file when the configuration was loaded (null: none);
 * {@code restart}: the speaker's own graceful-restart role (RFC 4724 §4.1);
 * {@code installRoutes}: whether Loc-RIB routes enter the VR's RIB and FIB (false: a route server or
 * a route reflector off the forwarding path, like FRR's {@code bgp no-rib}; BGP still uses the RIB to
 * resolve next hops).
 */
public record BgpConfig(long localAs, int routerId, int clusterId, boolean alwaysCompareMed, int maxRoutes,
                        List<NeighborConfig> neighbors, Map<String, Policy> policies, List<String> networks,
                        io.vroom.bgp.mrt.MrtOrigination mrtOriginate, Restart restart, boolean installRoutes) {
    /**
     * RFC 4724 §4.1, this speaker as the Restarting Speaker. Whether a start is a restart is not
     * configured: it is one when the VR started over its preserved FIB
     * ({@link io.vroom.core.spi.ProtocolContext#forwardingPreserved()}) — then the first OPEN to each
     * peer carries the Restart State and Forwarding State bits, and route selection (installing and
     * advertising) waits for End-of-RIB from the peers, or at most {@code selectionDeferralSec}.
     */
    public record Restart(int selectionDeferralSec) {
        public static final Restart NONE = new Restart(360);
    }

    public BgpConfig {
        neighbors = List.copyOf(neighbors);
        networks = List.copyOf(networks);
        policies = new java.util.TreeMap<>(policies); // sorted: deterministic iteration
        if (restart == null) restart = Restart.NONE;
    }

    /** The same configuration without the MRT routes (they are originated once, then dropped). */
    public BgpConfig withoutMrt() {
        return new BgpConfig(localAs, routerId, clusterId, alwaysCompareMed, maxRoutes, neighbors, policies, networks, null, restart, installRoutes);
    }
}
