/**
 * Link-state advertisements (RFC 2328 §12, Appendix A.4): the 20-byte header, one record per LSA
 * body type (router, network, summary/ASBR-summary, AS-external, and NSSA-external of RFC 3101) and
 * the Fletcher checksum.
 * An {@link io.vroom.ospf.packet.lsa.Lsa} keeps its wire bytes next to the decoded header and body,
 * so flooding forwards exactly what was received and the checksum is computed once.
 */
package io.vroom.ospf.packet.lsa;
