/**
 * OSPFv2 packet codecs (RFC 2328 Appendix A.3): the common header, the five packet types, and
 * authentication (Appendix D). {@link io.vroom.ospf.packet.PacketCodec#decode} validates a whole
 * packet once (length, version, checksum or MD5 digest) and returns either a {@link
 * io.vroom.ospf.packet.OspfPacket} or an error string; it never throws. Encoding goes the other way,
 * producing the bytes that follow the IPv4 header.
 */
package io.vroom.ospf.packet;
