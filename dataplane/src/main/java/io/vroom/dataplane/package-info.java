/**
 * The software data plane of a real node: {@link io.vroom.dataplane.SoftwareDataPlaneProvider}
 * (kind "software") wires the core forwarding engine to Chronicle Map FIB files
 * ({@code fib/}) and the real clock; ports live in {@code port/}.
 */
package io.vroom.dataplane;
