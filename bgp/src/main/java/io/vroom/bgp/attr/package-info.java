/**
 * BGP path attributes (RFC 4271 §4.3, §5 and extensions), one file per attribute type, each with
 * its decoder (length, flags and value checks with the RFC 7606 action for each error) and encoder.
 * {@link io.vroom.bgp.attr.AttributeCodec} walks the attribute block; the result is an immutable
 * {@link io.vroom.bgp.attr.PathAttributes}, which the RIB interns so that every distinct attribute
 * set exists once, kept not as objects but as the compact {@code int} words of
 * {@link io.vroom.bgp.attr.AttrWords} (a set is rebuilt from them when asked for).
 */
package io.vroom.bgp.attr;
