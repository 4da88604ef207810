package io.vroom.bgp;

import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.CommunitiesAttr;
import io.vroom.bgp.attr.LargeCommunitiesAttr;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.core.net.Ip4;
import java.util.List;

/**
 * Attributes of a route this speaker originates, from {@code key=value} words (operator commands
 * and the {@code networks:} configuration). Without options: ORIGIN IGP, an empty AS_PATH and no
 * NEXT_HOP (export sets it to the session's local address, RFC 4271 §5.1.3).
 */
final class Origination {
    private Origination() {}

    static PathAttributes attributes(List<String> options) {
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = PathAttributes.ORIGIN_IGP;
        b.asPath = AsPath.EMPTY;
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + o + "'");
            String k = o.substring(0, eq), v = o.substring(eq + 1);
            try {
                switch (k) {
                    case "med" -> b.med = unsigned32(v);
                    case "local-pref" -> b.localPref = unsigned32(v);
                    case "next-hop" -> b.nextHop(Ip4.parse(v));
                    case "origin" -> b.origin = switch (v) {
                        case "igp" -> PathAttributes.ORIGIN_IGP;
                        case "egp" -> PathAttributes.ORIGIN_EGP;
                        case "incomplete" -> PathAttributes.ORIGIN_INCOMPLETE;
                        default -> throw new IllegalArgumentException("origin is igp, egp or incomplete");
                    };
                    case "as-path" -> {
                        String[] parts = v.isEmpty() ? new String[0] : v.split(",");
                        long[] path = new long[parts.length];
                        for (int i = 0; i < parts.length; i++) path[i] = unsigned32(parts[i]);
                        b.asPath = AsPath.sequence(path);
                    }
                    case "community" -> {
                        String[] items = v.split(",");
                        b.communities = new int[items.length];
                        for (int i = 0; i < items.length; i++) b.communities[i] = CommunitiesAttr.parse(items[i]);
                    }
                    case "large-community" -> {
                        String[] items = v.split(",");
                        b.largeCommunities = new int[3 * items.length];
                        for (int i = 0; i < items.length; i++) System.arraycopy(LargeCommunitiesAttr.parse(items[i]), 0, b.largeCommunities, 3 * i, 3);
                    }
                    default -> throw new IllegalArgumentException("unknown attribute '" + k
                            + "' (med, local-pref, next-hop, origin, as-path, community, large-community)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad value for " + k + ": '" + v + "'");
            }
        }
        return b.build();
    }

    private static long unsigned32(String v) {
        long x = Long.parseLong(v.trim());
        if (x < 0 || x > 0xffffffffL) throw new NumberFormatException();
        return x;
    }
}
