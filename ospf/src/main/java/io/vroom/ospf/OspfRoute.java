package io.vroom.ospf;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import java.util.List;

/** One routing-table entry (§11): path type, cost (type-2 externals: the external metric, with the cost to the ASBR as {@code cost2}), next hops, area. */
public record OspfRoute(Ip4Prefix prefix, PathType pathType, int cost, int cost2, List<NextHop> nextHops, int areaId) {
    public OspfRoute {
        nextHops = List.copyOf(nextHops);
    }

    /** In order of preference (§11). */
    public enum PathType { INTRA_AREA, INTER_AREA, EXTERNAL_1, EXTERNAL_2 }
}
