package io.vroom.core.rib;

/** Where a route came from, with its default administrative distance (FRR's values). Lower wins. */
public enum RouteSource {
    LOCAL(0), CONNECTED(0), STATIC(1), EBGP(20), OSPF(110), IBGP(200);

    public final int defaultDistance;

    RouteSource(int defaultDistance) {
        this.defaultDistance = defaultDistance;
    }
}
