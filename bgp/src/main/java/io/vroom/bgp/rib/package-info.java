/**
 * The BGP tables (RFC 4271 §3.2, §9): Adj-RIB-In per peer, the Loc-RIB chosen by the §9.1
 * decision process, Adj-RIB-Out per peer, and the packing of changes into UPDATEs. Built for the
 * full Internet table: one table of rows, a row per prefix, found through one prefix index
 * look-up; per-peer columns of {@code int}s hold the route's interned attribute set id (every
 * distinct set is interned once in {@link io.vroom.bgp.rib.AttrTable}), what was sent and what is
 * pending, so a route costs about 35 bytes for all its tables, not objects. Changes flow as queues
 * of rows: decision → changed rows → export → each peer's pending rows → UPDATEs.
 */
package io.vroom.bgp.rib;
