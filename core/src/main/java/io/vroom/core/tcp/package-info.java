/**
 * The TCP of a virtual router's IPv4 host stack (RFC 9293), sans-IO, so that a live connection —
 * and the BGP session riding on it — is plain data that migrates with the VR.
 *
 * <h2>Data flow</h2>
 * <ul>
 *   <li><b>In:</b> the VR hands every IPv4 packet with protocol 6 addressed to one of its addresses
 *   to {@link io.vroom.core.tcp.TcpStack#handleSegment}, and calls
 *   {@link io.vroom.core.tcp.TcpStack#handleTimeout} when {@code nowNs} reaches
 *   {@link io.vroom.core.tcp.TcpStack#nextDeadlineNs}.</li>
 *   <li><b>Owner commands:</b> protocol code (BGP) calls {@code listen}, {@code connect},
 *   {@code send} (returns how many bytes the bounded send buffer took), {@code close},
 *   {@code abort}, {@code pauseReading}/{@code resumeReading}. Nothing blocks; connections are
 *   named by {@code int} ids, never by object handles.</li>
 *   <li><b>Out:</b> every call takes a {@link io.vroom.core.tcp.TcpOutput}: {@code transmit(byte[])}
 *   receives whole IPv4 packets (checksums and TCP-MD5 signatures done) for the VR to route, and
 *   {@code deliver(owner, event)} receives {@link io.vroom.core.tcp.TcpEvent}s.</li>
 * </ul>
 *
 * <h2>How an owner (BGP) consumes events</h2>
 * Each listener and active open carries a {@link io.vroom.core.tcp.TcpSocketOptions#owner()} name
 * (accepted connections inherit their listener's). The VR's {@code TcpOutput.deliver(owner, event)}
 * routes the event to the protocol with that name; the protocol keeps its own table keyed by
 * {@link io.vroom.core.tcp.TcpEvent#connId()}:
 * <pre>
 *   connect(...) -&gt; id        Connected(id) | Reset(id, REFUSED/CONNECT_TIMEOUT)
 *   listen(..., listenerId)   Accepted(listenerId, id, addresses and ports)
 *   Data(id, bytes)*  Writable(id)*  PeerClosed(id)?  then exactly one of Closed(id) | Reset(id, reason)
 * </pre>
 * After Closed or Reset the id is dead; {@code abort} ends a connection without any event. Events
 * are queued inside the stack and delivered when the call that produced them has finished its own
 * work, so a handler may call back into the stack (e.g. {@code send} on Connected).
 *
 * <h2>The state contract</h2>
 * {@link io.vroom.core.tcp.TcpStack} and everything it holds are plain data (sequence numbers,
 * windows, buffers as byte rings, timers as deadlines, RTT and NewReno state, the seeded generator's
 * state as a {@code long}); no lambdas, clocks, sockets or references to the VR. A stack captured
 * between two calls and restored elsewhere continues exactly; segments in flight meanwhile are
 * handled by ordinary retransmission. Timestamps (RFC 7323) derive from {@code nowNs}, so the
 * runtime must keep {@code nowNs} monotonic across a migration.
 *
 * <h2>What is implemented</h2>
 * All RFC 9293 states including simultaneous open and close and TIME_WAIT (2*MSL); RFC 6298 RTO
 * (Karn, backoff, configurable bounds); RFC 5681 slow start, congestion avoidance, fast retransmit
 * and NewReno fast recovery (RFC 6582); RFC 7323 window scaling, timestamps (RTTM, PAWS); MSS;
 * delayed ACK; sender and receiver SWS avoidance; zero-window probes; keepalives; RFC 5961
 * challenge ACKs (rate limited); RFC 2385 TCP-MD5 per peer address; RFC 2018 SACK and RFC 2883
 * D-SACK as a data receiver when {@link io.vroom.core.tcp.TcpConfig#sack()} (a VR's stack:
 * {@link io.vroom.core.tcp.TcpConfig#routerDefaults()}), not beside TCP-MD5. Not implemented: using
 * the peer's SACK blocks as a sender (recovery stays NewReno), urgent data, ECN, SYN cookies (the SYN
 * backlog is bounded instead), IP fragments (dropped and counted).
 *
 * <h2>Limits</h2>
 * {@link io.vroom.core.tcp.TcpConfig}: send and receive buffers per connection (a peer that never
 * reads, or an owner that pauses, sees a zero window, never growth), out-of-order pieces per
 * connection, half-open connections and total connections per stack, challenge ACKs per second.
 */
package io.vroom.core.tcp;
