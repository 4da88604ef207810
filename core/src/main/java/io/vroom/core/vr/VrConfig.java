package io.vroom.core.vr;

import io.vroom.core.net.Ip4Prefix;
import java.util.List;

/**
 * A VR's own configuration (protocols are configured by their factories). {@code routerId} 0 means
 * "the highest interface address". Plain data: it travels with the VR (migration step 2, image copy).
 */
public record VrConfig(String name, int routerId, List<InterfaceConfig> interfaces, List<StaticRoute> staticRoutes, long seed) {
    public VrConfig {
        interfaces = List.copyOf(interfaces);
        staticRoutes = List.copyOf(staticRoutes);
    }

    /** Interface {@code index} is its position in {@link #interfaces}. */
    public record InterfaceConfig(String name, int address, int prefixLength, int mtu, int cost) {}

    /**
     * A static route: to {@code gateway} (0 if none), or out of {@code interfaceName} (null if
     * none), or discarding ({@code blackhole}). {@code distance} defaults to 1.
     */
    public record StaticRoute(Ip4Prefix prefix, int gateway, String interfaceName, boolean blackhole, int distance) {}
}
