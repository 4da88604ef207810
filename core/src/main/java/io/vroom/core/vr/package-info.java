/**
 * One virtual router, sans-IO: {@code handle(nowNs, VrEvent, VrOutputs)}. Its whole state is a
 * {@link io.vroom.core.vr.VrState} of plain data — captured between two events, serialized by the
 * snapshot module, restored elsewhere. The runtime (simulated or real) owns time and I/O.
 */
package io.vroom.core.vr;
