/**
 * MRT (RFC 6396) TABLE_DUMP_V2: a streaming reader (PEER_INDEX_TABLE, RIB_IPV4_UNICAST; one record
 * in memory at a time, records bounded) used to originate a table, and a writer that dumps a
 * Loc-RIB. These are loaders around the sans-IO core, driven by the caller's streams.
 */
package io.vroom.bgp.mrt;
