/**
 * Wire formats shared by everything: IPv4 addresses and prefixes as plain ints, the Internet
 * checksum (RFC 1071, incremental RFC 1624), and IPv4/ICMP/UDP codecs as static accessors over byte
 * arrays. Validate once ({@link io.vroom.core.net.Ipv4#validate}); after that, accessors are in bounds.
 */
package io.vroom.core.net;
