/**
 * BGP-4 (RFC 4271 and extensions) for vroom virtual routers, sans-IO.
 *
 * <p>Data flows: bytes from a transport connection enter a {@link io.vroom.bgp.session.BgpSession}
 * (framer, message decoding, the RFC 4271 §8 FSM); decoded UPDATEs go into the per-peer
 * Adj-RIB-In of {@link io.vroom.bgp.rib.BgpRib}, whose §9.1 decision process selects the Loc-RIB
 * and fills each peer's Adj-RIB-Out; {@link io.vroom.bgp.BgpProtocol} binds all of it to the VR
 * (the {@code io.vroom.core.spi.Protocol} SPI) and to a {@link io.vroom.bgp.BgpTransport}.
 * Nothing here reads a clock or touches a socket: time is passed in as {@code nowNs}.
 */
package io.vroom.bgp;
