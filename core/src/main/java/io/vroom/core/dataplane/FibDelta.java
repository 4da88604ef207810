package io.vroom.core.dataplane;

import io.vroom.core.net.Ip4Prefix;

/** shadowd → virtd: install (or replace) an entry, or remove the entry of a prefix. */
public record FibDelta(Ip4Prefix prefix, FibEntry entry) {
    public static FibDelta install(FibEntry entry) {
        return new FibDelta(entry.prefix(), entry);
    }

    public static FibDelta remove(Ip4Prefix prefix) {
        return new FibDelta(prefix, null);
    }

    public boolean isRemove() {
        return entry == null;
    }
}
