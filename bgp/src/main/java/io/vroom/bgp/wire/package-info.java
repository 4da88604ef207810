/**
 * BGP messages on the wire (RFC 4271 §4): the streaming {@link io.vroom.bgp.wire.BgpFramer}, one
 * class per message type, capabilities (RFC 5492). Decoders never throw: they return a value or a
 * {@link io.vroom.bgp.wire.BgpError} carrying the NOTIFICATION code/subcode/data of RFC 4271 §6
 * and the RFC 7606 action.
 */
package io.vroom.bgp.wire;
