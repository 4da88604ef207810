package io.vroom.bgp.policy;

import io.vroom.bgp.wire.Nlri;
import io.vroom.core.net.Ip4Prefix;
import java.util.List;

/**
 * An ordered prefix list: the first entry that matches decides (permit or deny); no match denies.
 * An entry matches a route whose prefix lies inside {@code prefix} and whose length is within
 * {@code ge..le}; without ge/le only the exact prefix matches (Cisco/FRR semantics).
 */
public record PrefixList(String name, List<Entry> entries) {
    public PrefixList {
        entries = List.copyOf(entries);
    }

    /** {@code ge}/{@code le} are -1 when not given. */
    public record Entry(boolean permit, Ip4Prefix prefix, int ge, int le) {
        boolean matches(int address, int length) {
            if (length < prefix.length() || !prefix.contains(address)) return false;
            if (ge < 0 && le < 0) return length == prefix.length();
            int lo = ge < 0 ? prefix.length() : ge;
            int hi = le < 0 ? 32 : le;
            return length >= lo && length <= hi;
        }
    }

    public boolean permits(long prefixKey) {
        int addr = Nlri.address(prefixKey), len = Nlri.length(prefixKey);
        for (Entry e : entries) if (e.matches(addr, len)) return e.permit();
        return false;
    }
}
