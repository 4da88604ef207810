/**
 * Persistent FIB stores for the software data plane: each VR's FIB as a Chronicle Map file, the
 * authoritative copy from which the forwarding engine ({@code io.vroom.core.forward}) builds its
 * LPM index when a VR's data plane opens — which is what lets a restarted node forward at once.
 */
package io.vroom.dataplane.fib;
