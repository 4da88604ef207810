package io.vroom.bgp;

import io.vroom.bgp.attr.AsPath;
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
                    case "community" -> b.communities = ints(v, 2, 16);
                    case "large-community" -> b.largeCommunities = ints(v, 3, 32);
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

    /** Comma-separated values of {@code parts} colon-separated fields of {@code bits} bits each, packed (communities: 16+16; large: 32+32+32). */
    private static int[] ints(String v, int parts, int bits) {
        String[] items = v.split(",");
        int[] out = new int[bits == 16 ? items.length : items.length * parts];
        for (int i = 0; i < items.length; i++) {
            String[] f = items[i].trim().split(":");
            if (f.length != parts) throw new NumberFormatException();
            if (bits == 16) {
                long hi = unsigned32(f[0]), lo = unsigned32(f[1]);
                if (hi > 0xffff || lo > 0xffff) throw new NumberFormatException();
                out[i] = (int) (hi << 16 | lo);
            } else {
                for (int k = 0; k < parts; k++) out[i * parts + k] = (int) unsigned32(f[k]);
            }
        }
        return out;
    }
}
