/**
 * OSPFv2 (RFC 2328) as a sans-IO {@link io.vroom.core.spi.Protocol}. Data flows: an IPv4 packet
 * (protocol 89) enters {@link io.vroom.ospf.Ospf#handlePacket}, is decoded by {@code packet/},
 * checked (§8.2) and dispatched to the interface FSM ({@link io.vroom.ospf.InterfaceFsm}, §9),
 * the neighbor FSM and database exchange ({@link io.vroom.ospf.NeighborFsm}, §10), or flooding
 * ({@link io.vroom.ospf.Flooding}, §13) which installs LSAs into the per-area {@link
 * io.vroom.ospf.Lsdb} (§12, §14). Changes schedule origination of our own LSAs ({@link
 * io.vroom.ospf.Origination}) and SPF ({@link io.vroom.ospf.Spf}, §16), whose routing table is
 * diffed into the VR's RIB. Areas may be normal, stub or totally stubby, or NSSAs (RFC 3101: type-7
 * LSAs, translated to type-5 by one ABR); ABRs summarize with address ranges. Every receive check
 * that drops a packet or an LSA counts it per interface ({@link io.vroom.ospf.Counters}) and logs it,
 * rate-limited. All timers are deadline fields; the state is plain data keyed by ids.
 */
package io.vroom.ospf;
