package io.vroom.bgp;

/**
 * One configured neighbour. {@code localAddress} 0: the VR's address on the interface whose subnet
 * holds the neighbour. {@code grRestartTimeSec} -1 disables graceful restart; {@code maxPrefix}
 * 0 means no limit. Policy names refer to the {@code policies} section (null: accept all).
 */
public record NeighborConfig(int address, long remoteAs, int localAddress, int holdTimeSec, int connectRetrySec,
                             boolean passive, String md5Password, boolean routeReflectorClient, boolean nextHopSelf,
                             int maxPrefix, int grRestartTimeSec, String importPolicy, String exportPolicy) {}
