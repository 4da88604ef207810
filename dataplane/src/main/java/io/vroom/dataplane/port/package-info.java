/**
 * Ports: the link ends of the software data plane (implementations of the core SPI
 * {@link io.vroom.core.dataplane.Port}, found through {@link io.vroom.core.dataplane.PortFactory}).
 *
 * <ul>
 *   <li>{@link io.vroom.dataplane.port.UdpTunnelPort} ("udp"): one IPv4 packet per UDP datagram
 *       between nodes, on the node's Netty event loops (native epoll when available). Receives on
 *       the loop; sends queue on a bounded MPSC queue drained and flushed once per burst.</li>
 *   <li>{@link io.vroom.dataplane.port.TunPort} ("tun"): a Linux TUN device through JNR-FFI, with
 *       multi-queue attach/detach for link migration.</li>
 *   <li>{@link io.vroom.dataplane.port.EthernetPort} ("eth"): an AF_PACKET socket on a NIC or veth
 *       end, with ARP ({@link io.vroom.dataplane.port.ArpTable}, sans-IO, RFC 826) and completion
 *       of the kernel's checksum/segmentation offloads ({@code Offload}).</li>
 * </ul>
 *
 * Data flow: the native ports run one reader thread each ({@code PollLoop}: poll(2) on the fd and a
 * wake-up pipe, so close() unblocks it), which calls the receiver with a reused buffer valid only
 * during the call; {@code send} may be called from any thread and never blocks or throws — every
 * drop has a counter. This package is I/O code: it may use threads and the real clock; protocol
 * code never sees it.
 */
package io.vroom.dataplane.port;
