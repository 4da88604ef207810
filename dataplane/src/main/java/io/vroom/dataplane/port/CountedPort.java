package io.vroom.dataplane.port;

import io.vroom.core.dataplane.Port;
import java.util.Map;

/** A port that exposes its own counters (tx/rx/drops by cause), for virtd's per-interface counters. */
public interface CountedPort extends Port {
    /** Every counter of this port, in a stable order. */
    Map<String, Long> counters();
}
