package io.vroom.core.rib;

import io.vroom.core.net.Ip4Prefix;
import java.util.List;

/**
 * One candidate route in a VR's RIB. {@code distance} is the administrative distance (selection
 * between sources), {@code metric} the source's own cost (shown, and used for tie-breaks within a
 * source). An empty {@code nextHops} list with {@link RouteSource#LOCAL} means "deliver to the VR".
 */
public record Route(Ip4Prefix prefix, RouteSource source, int distance, int metric, List<NextHop> nextHops) {
    public Route {
        nextHops = List.copyOf(nextHops);
    }

    public static Route of(Ip4Prefix prefix, RouteSource source, int metric, List<NextHop> nextHops) {
        return new Route(prefix, source, source.defaultDistance, metric, nextHops);
    }
}
