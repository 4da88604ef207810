package io.vroom.bgp.policy;

import io.vroom.bgp.attr.PathAttributes;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of terms and a default result. {@link #apply} returns the (possibly modified)
 * attributes, or null if the route is rejected.
 */
public record Policy(String name, List<PolicyTerm> terms, boolean defaultAccept) {
    public Policy {
        terms = List.copyOf(terms);
    }

    public static final Policy ACCEPT_ALL = new Policy("accept-all", List.of(), true);

    /** Does the outcome depend only on the attributes (so it may be cached per attribute set)? */
    public boolean prefixIndependent() {
        for (PolicyTerm t : terms) if (t.prefixList() != null) return false;
        return true;
    }

    /**
     * @param localAs       prepended by {@code prependCount}
     * @param selfAddress   the next hop {@code nextHopSelf} sets
     */
    public PathAttributes apply(long prefixKey, PathAttributes a, long localAs, int selfAddress) {
        PathAttributes.Builder b = null;
        for (PolicyTerm t : terms) {
            PathAttributes cur = b == null ? a : b.build();
            if (!matches(t, prefixKey, cur)) continue;
            if (t.result() == PolicyTerm.Result.REJECT) return null;
            if (b == null) b = a.toBuilder();
            act(t, b, localAs, selfAddress);
            if (t.result() == PolicyTerm.Result.ACCEPT) return b.build();
        }
        if (!defaultAccept) return null;
        return b == null ? a : b.build();
    }

    private static boolean matches(PolicyTerm t, long key, PathAttributes a) {
        if (t.prefixList() != null && !t.prefixList().permits(key)) return false;
        if (t.asPath() != null && !t.asPath().matches(a.asPath())) return false;
        if (t.matchCommunities() != null && t.matchCommunities().length > 0) {
            boolean any = false;
            for (int c : t.matchCommunities()) any |= a.hasCommunity(c);
            if (!any) return false;
        }
        int[] lc = t.matchLargeCommunities();
        if (lc != null && lc.length > 0) {
            boolean any = false;
            for (int i = 0; i + 2 < lc.length; i += 3) any |= a.hasLargeCommunity(lc[i], lc[i + 1], lc[i + 2]);
            if (!any) return false;
        }
        return true;
    }

    private static void act(PolicyTerm t, PathAttributes.Builder b, long localAs, int selfAddress) {
        if (t.setLocalPref() >= 0) b.localPref = t.setLocalPref();
        if (t.setMed() >= 0) b.med = t.setMed();
        if (t.prependCount() > 0 && b.asPath != null) b.asPath = b.asPath.prepend(localAs, t.prependCount());
        if (t.nextHopSelf()) b.nextHop(selfAddress);
        b.communities = edit(b.communities, t.deleteCommunities(), t.addCommunities(), 1);
        b.largeCommunities = edit(b.largeCommunities, t.deleteLargeCommunities(), t.addLargeCommunities(), 3);
    }

    /** Removes then adds values of {@code width} ints each, keeping order and avoiding duplicates; null when empty. */
    static int[] edit(int[] cur, int[] delete, int[] add, int width) {
        if ((delete == null || delete.length == 0) && (add == null || add.length == 0)) return cur;
        int[] out = new int[(cur == null ? 0 : cur.length) + (add == null ? 0 : add.length)];
        int n = 0;
        if (cur != null) for (int i = 0; i + width - 1 < cur.length; i += width) {
            if (!contains(delete, cur, i, width)) {
                System.arraycopy(cur, i, out, n, width);
                n += width;
            }
        }
        if (add != null) for (int i = 0; i + width - 1 < add.length; i += width) {
            if (!contains(Arrays.copyOf(out, n), add, i, width)) {
                System.arraycopy(add, i, out, n, width);
                n += width;
            }
        }
        return n == 0 ? null : Arrays.copyOf(out, n);
    }

    private static boolean contains(int[] set, int[] v, int at, int width) {
        if (set == null) return false;
        outer:
        for (int i = 0; i + width - 1 < set.length; i += width) {
            for (int k = 0; k < width; k++) if (set[i + k] != v[at + k]) continue outer;
            return true;
        }
        return false;
    }
}
