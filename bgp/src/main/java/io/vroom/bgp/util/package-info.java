/**
 * Primitive collections for the big tables (a full Internet table is ~1M prefixes): prefixes are
 * {@code long} keys, attribute sets are {@code int} ids, so a route costs a few array slots rather
 * than objects. Plain data with deterministic iteration (insertion history decides slot order,
 * never identity hashes), so they serialize and migrate.
 */
package io.vroom.bgp.util;
