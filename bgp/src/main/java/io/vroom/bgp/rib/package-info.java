/**
 * The BGP tables (RFC 4271 §3.2, §9): Adj-RIB-In per peer, the Loc-RIB chosen by the §9.1
 * decision process, Adj-RIB-Out per peer, and the packing of changes into UPDATEs. Built for the
 * full Internet table: prefixes are {@code long} keys in primitive hash maps, every distinct
 * attribute set is interned once in {@link io.vroom.bgp.rib.AttrTable} and routes refer to it by
 * {@code int} id, so a route costs about a dozen bytes per table, not objects.
 */
package io.vroom.bgp.rib;
