/**
 * The RIB (candidates per prefix and source, selection by administrative distance then metric)
 * and shadowd (RIB → FIB deltas for virtd, recursive next-hop resolution, whole-table replay).
 * Protocols reach the RIB only through route updates queued on their context (STYLE.md rule 7).
 */
package io.vroom.core.rib;
