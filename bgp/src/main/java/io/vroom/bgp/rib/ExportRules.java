package io.vroom.bgp.rib;

import io.vroom.bgp.attr.CommunitiesAttr;
import io.vroom.bgp.attr.PathAttributes;

/**
 * What a route looks like to a peer before export policy (RFC 4271 §5.1, §9.2; RFC 1997; RFC 4456):
 * well-known communities; iBGP routes are not re-advertised to iBGP peers unless reflected;
 * toward eBGP the own AS is prepended, NEXT_HOP is self, LOCAL_PREF and reflection attributes
 * are removed, and a MED from another AS is not passed on. Returns null when not advertised.
 */
public final class ExportRules {
    private ExportRules() {}

    public static PathAttributes apply(PeerInfo from, PeerInfo to, PathAttributes a, long localAs, int clusterId) {
        if (from.slot() == to.slot()) return null;
        if (a.hasCommunity(CommunitiesAttr.NO_ADVERTISE)) return null;
        if (!to.ibgp() && (a.hasCommunity(CommunitiesAttr.NO_EXPORT) || a.hasCommunity(CommunitiesAttr.NO_EXPORT_SUBCONFED))) return null;
        PathAttributes.Builder b = a.toBuilder();
        if (to.ibgp()) {
            if (from.ibgp() && !from.local()) {
                // §9.2 / RFC 4456 §6: reflect client routes to all, non-client routes to clients only.
                if (!from.routeReflectorClient() && !to.routeReflectorClient()) return null;
                if (b.originatorId < 0) b.originatorId = from.peerId() & 0xffffffffL;
                int[] cl = b.clusterList;
                int[] n = new int[cl == null ? 1 : cl.length + 1];
                n[0] = clusterId;
                if (cl != null) System.arraycopy(cl, 0, n, 1, cl.length);
                b.clusterList = n;
            }
            if (b.localPref < 0) b.localPref = Decision.DEFAULT_LOCAL_PREF;
            if (to.nextHopSelf() || b.nextHop < 0 || (from.local() && to.localAddress() != 0 && b.nextHop < 0)) b.nextHop(to.localAddress());
            if (b.asPath == null) b.asPath = io.vroom.bgp.attr.AsPath.EMPTY;
        } else {
            if (a.asPath() != null && a.asPath().contains(to.peerAs())) return null; // the peer would drop it as a loop
            b.asPath = (b.asPath == null ? io.vroom.bgp.attr.AsPath.EMPTY : b.asPath).prepend(localAs, 1);
            b.nextHop(to.localAddress());
            b.localPref = -1;
            b.originatorId = -1;
            b.clusterList = null;
            if (!from.local()) b.med = -1;
        }
        return b.build();
    }
}
