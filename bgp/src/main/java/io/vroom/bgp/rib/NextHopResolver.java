package io.vroom.bgp.rib;

/**
 * The VR's answer to "how far is this BGP next hop" (RFC 4271 §9.1.2.1, §9.1.2.2 e): the IGP
 * cost of the route that resolves it, or -1 if nothing does (the route is then not eligible).
 * The speaker builds one per call from {@code ProtocolContext.lookup}; it is never stored.
 */
public interface NextHopResolver {
    long igpCost(int nextHop);

    /** Every next hop reachable at cost 0 (tests, MRT loading without a VR). */
    NextHopResolver ALL_REACHABLE = nh -> 0;
}
