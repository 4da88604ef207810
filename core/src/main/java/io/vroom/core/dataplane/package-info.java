/**
 * The data-plane hypervisor's API (virtd, PAPER.md): per-VR FIBs fed by {@link
 * io.vroom.core.dataplane.FibDelta}s, ports bound to VR interfaces, punts to the control plane.
 * Implementations: the software engine (core.forward, with Chronicle persistence in the dataplane
 * module) and, later, NetFPGA.
 */
package io.vroom.core.dataplane;
