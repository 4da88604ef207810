package io.vroom.bgp.attr;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One set of path attributes, immutable, compared by value: the RIB interns these so that the
 * ~1M routes of a full table share a few hundred thousand (or far fewer) instances. MP_REACH and
 * MP_UNREACH are not part of it (they carry NLRI; see {@link io.vroom.bgp.wire.UpdateMessage}),
 * nor AS4_PATH/AS4_AGGREGATOR (merged into AS_PATH/AGGREGATOR on receipt, RFC 6793 §4.2.3, and
 * regenerated toward 2-octet peers). Absent numeric attributes are -1; absent lists are null.
 */
public final class PathAttributes {
    public static final int ORIGIN_IGP = 0, ORIGIN_EGP = 1, ORIGIN_INCOMPLETE = 2;

    private final int origin;
    private final AsPath asPath;
    private final long nextHop;
    private final long med;
    private final long localPref;
    private final boolean atomicAggregate;
    private final long aggregatorAs;
    private final int aggregatorAddress;
    private final int[] communities;
    private final long[] extCommunities;
    private final int[] largeCommunities;
    private final long originatorId;
    private final int[] clusterList;
    private final RawAttribute[] unknown;
    /** Computed on first use (0: not yet): most sets are decoded, interned as words and dropped unhashed. */
    private int hash;

    private PathAttributes(Builder b) {
        origin = b.origin;
        asPath = b.asPath;
        nextHop = b.nextHop;
        med = b.med;
        localPref = b.localPref;
        atomicAggregate = b.atomicAggregate;
        aggregatorAs = b.aggregatorAs;
        aggregatorAddress = b.aggregatorAddress;
        communities = b.communities;
        extCommunities = b.extCommunities;
        largeCommunities = b.largeCommunities;
        originatorId = b.originatorId;
        clusterList = b.clusterList;
        unknown = b.unknown == null || b.unknown.isEmpty() ? null : b.unknown.toArray(new RawAttribute[0]);
    }

    public int origin() { return origin; }
    public AsPath asPath() { return asPath; }
    /** NEXT_HOP as an unsigned address, -1 if absent. */
    public long nextHopOrAbsent() { return nextHop; }
    public boolean hasNextHop() { return nextHop >= 0; }
    public int nextHop() { return (int) nextHop; }
    public long med() { return med; }
    public long localPref() { return localPref; }
    public boolean atomicAggregate() { return atomicAggregate; }
    public long aggregatorAs() { return aggregatorAs; }
    public int aggregatorAddress() { return aggregatorAddress; }
    /** RFC 1997 communities, each a 32-bit value; null if absent. Do not modify. */
    public int[] communities() { return communities; }
    public long[] extCommunities() { return extCommunities; }
    /** RFC 8092 large communities as (global admin, local 1, local 2) triples; null if absent. */
    public int[] largeCommunities() { return largeCommunities; }
    public long originatorId() { return originatorId; }
    public int[] clusterList() { return clusterList; }
    public RawAttribute[] unknown() { return unknown; }

    public boolean hasCommunity(int c) {
        if (communities == null) return false;
        for (int x : communities) if (x == c) return true;
        return false;
    }

    public boolean hasLargeCommunity(int g, int l1, int l2) {
        if (largeCommunities == null) return false;
        for (int i = 0; i + 2 < largeCommunities.length; i += 3) {
            if (largeCommunities[i] == g && largeCommunities[i + 1] == l1 && largeCommunities[i + 2] == l2) return true;
        }
        return false;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.origin = origin;
        b.asPath = asPath;
        b.nextHop = nextHop;
        b.med = med;
        b.localPref = localPref;
        b.atomicAggregate = atomicAggregate;
        b.aggregatorAs = aggregatorAs;
        b.aggregatorAddress = aggregatorAddress;
        b.communities = communities;
        b.extCommunities = extCommunities;
        b.largeCommunities = largeCommunities;
        b.originatorId = originatorId;
        b.clusterList = clusterList;
        b.unknown = unknown == null ? null : new java.util.ArrayList<>(List.of(unknown));
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof PathAttributes a) || a.hashCode() != hashCode()) return false;
        return a.origin == origin && Objects.equals(a.asPath, asPath) && a.nextHop == nextHop && a.med == med
                && a.localPref == localPref && a.atomicAggregate == atomicAggregate && a.aggregatorAs == aggregatorAs
                && a.aggregatorAddress == aggregatorAddress && Arrays.equals(a.communities, communities)
                && Arrays.equals(a.extCommunities, extCommunities) && Arrays.equals(a.largeCommunities, largeCommunities)
                && a.originatorId == originatorId && Arrays.equals(a.clusterList, clusterList) && Arrays.equals(a.unknown, unknown);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h != 0) return h;
        h = origin;
        h = h * 31 + Objects.hashCode(asPath);
        h = h * 31 + Long.hashCode(nextHop);
        h = h * 31 + Long.hashCode(med);
        h = h * 31 + Long.hashCode(localPref);
        h = h * 31 + (atomicAggregate ? 1 : 0);
        h = h * 31 + Long.hashCode(aggregatorAs) + aggregatorAddress;
        h = h * 31 + Arrays.hashCode(communities);
        h = h * 31 + Arrays.hashCode(extCommunities);
        h = h * 31 + Arrays.hashCode(largeCommunities);
        h = h * 31 + Long.hashCode(originatorId);
        h = h * 31 + Arrays.hashCode(clusterList);
        h = h * 31 + Arrays.hashCode(unknown);
        if (h == 0) h = 1;
        hash = h;
        return h;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{origin=").append(origin).append(" path=[").append(asPath).append(']');
        if (nextHop >= 0) s.append(" nh=").append(io.vroom.core.net.Ip4.format((int) nextHop));
        if (med >= 0) s.append(" med=").append(med);
        if (localPref >= 0) s.append(" lp=").append(localPref);
        if (communities != null) s.append(" comm=").append(communities.length);
        if (largeCommunities != null) s.append(" lcomm=").append(largeCommunities.length / 3);
        return s.append('}').toString();
    }

    /** Mutable form used by decoders and policies; {@link #build} makes the immutable set. */
    public static final class Builder {
        public int origin = -1;
        public AsPath asPath;
        public long nextHop = -1;
        public long med = -1;
        public long localPref = -1;
        public boolean atomicAggregate;
        public long aggregatorAs = -1;
        public int aggregatorAddress;
        public int[] communities;
        public long[] extCommunities;
        public int[] largeCommunities;
        public long originatorId = -1;
        public int[] clusterList;
        public java.util.List<RawAttribute> unknown;
        // RFC 6793 §4.2.3 inputs, merged away by build() callers (AttributeCodec).
        AsPath as4Path;
        long as4AggregatorAs = -1;
        int as4AggregatorAddress;

        public Builder nextHop(int address) { nextHop = address & 0xffffffffL; return this; }

        public PathAttributes build() { return new PathAttributes(this); }
    }
}
