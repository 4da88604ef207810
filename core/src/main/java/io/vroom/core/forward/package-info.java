/**
 * The software forwarding engine, shared by the simulator and real nodes: virtd
 * ({@link io.vroom.core.forward.SoftwareForwarding}) keeps one
 * {@link io.vroom.core.forward.SoftwareVrDataPlane} per VR.
 *
 * <p>Data flow: shadowd's {@code FibDelta} batches go through {@code apply} into the VR's
 * {@link io.vroom.core.forward.FibStore} (the authoritative, possibly persistent copy), then into
 * the next-hop-group table (deduplicated, reference-counted) and the {@link io.vroom.core.forward.Lpm}
 * index (prefix → group id). A packet from a bound port is validated (RFC 1812 §5.2.2), punted to
 * the VR if it is for it, looked up, TTL-decremented with the RFC 1624 checksum update and sent out
 * of the next hop's port; failures are counted per interface and answered with rate-limited ICMP.
 *
 * <p>Pure Java, no third-party dependency, no clock of its own (time comes from a
 * {@code LongSupplier} the runtime passes in); the forwarding path never throws and allocates only
 * to punt a packet or build an ICMP error.
 */
package io.vroom.core.forward;
