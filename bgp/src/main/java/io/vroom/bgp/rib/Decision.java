package io.vroom.bgp.rib;

import io.vroom.bgp.attr.PathAttributes;

/**
 * The BGP decision process, phase 2 (RFC 4271 §9.1.2): among the eligible candidates of one
 * prefix, eliminate step by step (§9.1.2.2), so that the MED rule, which compares only routes
 * from the same neighbouring AS, stays well defined. Candidates are parallel arrays; the
 * result is the index of the winner, or -1 if none is eligible.
 */
public final class Decision {
    private Decision() {}

    /** LOCAL_PREF assumed when a route has none (FRR and BIRD use 100 too). */
    public static final long DEFAULT_LOCAL_PREF = 100;

    /**
     * @param slots   source of each candidate (index into {@code peers})
     * @param attrs   attribute set of each candidate
     * @param n       number of candidates
     * @param alive   scratch, length &gt;= n
     * @param igpCost scratch, length &gt;= n
     */
    public static int select(int[] slots, PathAttributes[] attrs, int n, PeerInfo[] peers, boolean alwaysCompareMed,
                             NextHopResolver resolver, int[] alive, long[] igpCost) {
        int m = 0;
        // §9.1.2.1: a route whose NEXT_HOP cannot be resolved is not eligible.
        for (int i = 0; i < n; i++) {
            PeerInfo p = peers[slots[i]];
            long cost = p.local() || !attrs[i].hasNextHop() ? 0 : resolver.igpCost(attrs[i].nextHop());
            if (cost < 0) continue;
            igpCost[i] = cost;
            alive[m++] = i;
        }
        if (m <= 1) return m == 1 ? alive[0] : -1;
        // locally originated routes first (the role Cisco's weight plays for them)
        m = keepMax(alive, m, i -> peers[slots[i]].local() ? 1 : 0);
        // §9.1.2.2 (a) highest degree of preference: LOCAL_PREF
        m = keepMax(alive, m, i -> attrs[i].localPref() < 0 ? DEFAULT_LOCAL_PREF : attrs[i].localPref());
        // (a) fewest ASes in AS_PATH
        m = keepMax(alive, m, i -> -(long) (attrs[i].asPath() == null ? 0 : attrs[i].asPath().pathLength()));
        // (b) lowest ORIGIN
        m = keepMax(alive, m, i -> -(long) Math.max(0, attrs[i].origin()));
        // (c) MED: drop a route if another from the same neighbour AS has a lower MED (a missing MED is 0)
        if (m > 1) {
            int k = 0;
            int[] keep = new int[m];
            for (int x = 0; x < m; x++) {
                int i = alive[x];
                long asI = neighbourAs(attrs[i], peers[slots[i]]);
                long medI = Math.max(0, attrs[i].med());
                boolean beaten = false;
                for (int y = 0; y < m && !beaten; y++) {
                    int j = alive[y];
                    if (j == i) continue;
                    if (!alwaysCompareMed && neighbourAs(attrs[j], peers[slots[j]]) != asI) continue;
                    if (Math.max(0, attrs[j].med()) < medI) beaten = true;
                }
                if (!beaten) keep[k++] = i;
            }
            System.arraycopy(keep, 0, alive, 0, k);
            m = k;
        }
        // (d) routes from external peers over internal ones
        m = keepMax(alive, m, i -> peers[slots[i]].ibgp() ? 0 : 1);
        // (e) lowest interior cost to the NEXT_HOP
        m = keepMax(alive, m, i -> -igpCost[i]);
        // RFC 4456 §9: shorter CLUSTER_LIST
        m = keepMax(alive, m, i -> -(long) (attrs[i].clusterList() == null ? 0 : attrs[i].clusterList().length));
        // (f) lowest BGP Identifier; RFC 4456 §9: the ORIGINATOR_ID stands in for it when present
        m = keepMax(alive, m, i -> -(attrs[i].originatorId() >= 0 ? attrs[i].originatorId() : peers[slots[i]].peerId() & 0xffffffffL));
        // (g) lowest peer address
        m = keepMax(alive, m, i -> -(peers[slots[i]].peerAddress() & 0xffffffffL));
        return alive[0];
    }

    private static long neighbourAs(PathAttributes a, PeerInfo p) {
        long as = a.asPath() == null ? 0 : a.asPath().neighborAs();
        // An empty path (route from inside our AS) has our own AS as its neighbour AS.
        return as == 0 ? (p.ibgp() || p.local() ? -1 : p.peerAs()) : as;
    }

    private interface Key {
        long of(int i);
    }

    private static int keepMax(int[] alive, int m, Key key) {
        if (m <= 1) return m;
        long best = Long.MIN_VALUE;
        for (int x = 0; x < m; x++) best = Math.max(best, key.of(alive[x]));
        int k = 0;
        for (int x = 0; x < m; x++) if (key.of(alive[x]) == best) alive[k++] = alive[x];
        return k;
    }
}
