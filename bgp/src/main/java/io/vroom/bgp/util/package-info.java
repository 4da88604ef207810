/**
 * Primitive collections for the big tables (a full Internet table is ~1M prefixes): prefixes are
 * {@code long} keys found through a {@link io.vroom.bgp.util.PrefixIndex}, per-row values live in
 * paged {@link io.vroom.bgp.util.IntColumn columns}, work waits in {@link io.vroom.bgp.util.IntQueue
 * queues} of rows, so a route costs a few array slots rather than objects. Plain data with
 * deterministic iteration (row order and insertion history decide it, never identity hashes), so
 * they serialize and migrate.
 */
package io.vroom.bgp.util;
