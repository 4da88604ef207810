package io.vroom.core.rib;

import io.vroom.core.net.Ip4Prefix;

/**
 * A change to the selected (best) route of one prefix, as seen by everyone but its author:
 * {@code best == null} means the prefix has no route any more.
 */
public record RibDelta(Ip4Prefix prefix, Route best) {}
