/**
 * The simulated runtime (DESIGN.md): one thread, virtual time, seeded randomness. A
 * {@link io.vroom.core.sim.Simulator} holds a priority queue of {@code (atNs, seq, event)}; nodes
 * run the real forwarding engine over heap FIBs; links are pairs of in-memory ports with latency,
 * jitter (so reordering), loss and partitions. Every delivered packet, drop and VR log line goes to
 * the trace, so the same seed twice gives the same trace — and a VR captured and restored elsewhere
 * mid-run leaves the trace unchanged.
 *
 * <p>Events that concern a VR (punted packets, its timer) name it, and are resolved when they run,
 * so a VR that moved between two events receives them at its new node.
 */
package io.vroom.core.sim;
