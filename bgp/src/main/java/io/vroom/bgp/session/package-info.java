/**
 * One BGP session (RFC 4271 §8): the FSM over one transport connection, with its timers as
 * deadlines, OPEN validation and capability negotiation. Sans-IO: bytes in through
 * {@link io.vroom.bgp.session.BgpSession#handleBytes}, everything out through the
 * {@link io.vroom.bgp.session.SessionOutput} passed with each call (never stored).
 */
package io.vroom.bgp.session;
