package io.vroom.bgp;

import io.vroom.bgp.policy.Policy;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code bgp:} section. {@code routerId}/{@code clusterId} 0: the VR's router id.
 * {@code networks}: routes this speaker originates, each "PREFIX [key=value ...]" (see {@link Origination});
 * {@code mrtOriginate}: more, read from an MRT file when the configuration was loaded (null: none).
 */
public record BgpConfig(long localAs, int routerId, int clusterId, boolean alwaysCompareMed, int maxRoutes,
                        List<NeighborConfig> neighbors, Map<String, Policy> policies, List<String> networks,
                        io.vroom.bgp.mrt.MrtOrigination mrtOriginate) {
    public BgpConfig {
        neighbors = List.copyOf(neighbors);
        networks = List.copyOf(networks);
        policies = new java.util.TreeMap<>(policies); // sorted: deterministic iteration
    }

    /** The same configuration without the MRT routes (they are originated once, then dropped). */
    public BgpConfig withoutMrt() {
        return new BgpConfig(localAs, routerId, clusterId, alwaysCompareMed, maxRoutes, neighbors, policies, networks, null);
    }
}
