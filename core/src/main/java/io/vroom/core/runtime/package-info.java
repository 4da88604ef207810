/**
 * The real runtime: each VR runs on one Netty event loop ({@link io.vroom.core.runtime.VrLoop}), its
 * single writer; punts, timers and queries are tasks on that loop. shadowd's FIB batches leave the
 * loop through a bounded {@link io.vroom.core.runtime.FibWriter}, whose thread installs them in order. Time is
 * {@link io.vroom.core.runtime.RealClock} (epoch-anchored, monotonic), so deadlines travel with a VR.
 */
package io.vroom.core.runtime;
