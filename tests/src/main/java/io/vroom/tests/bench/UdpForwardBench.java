package io.vroom.tests.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.forward.HeapFibStore;
import io.vroom.core.forward.SoftwareForwarding;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Udp;
import io.vroom.core.rib.NextHop;
import io.vroom.dataplane.port.UdpTunnelPort;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code vroom bench forward}: packets per second one VR forwards between two UDP tunnel ports,
 * with the forwarding engine and both ports on ONE event-loop thread (one core). A blaster thread
 * sends 64-byte IPv4 packets into port A as fast as it can; a sink counts what comes out of port B.
 * On a 2-core machine blaster, forwarder and sink share the cores, so this is a lower bound.
 */
public final class UdpForwardBench {
    private UdpForwardBench() {}

    public static Map<String, Object> run(double seconds, int basePort) throws Exception {
        EventLoopGroup group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        SoftwareForwarding dp = new SoftwareForwarding(new HeapFibStore.Factory(1024), System::nanoTime);
        InetSocketAddress blaster = new InetSocketAddress("127.0.0.1", basePort);
        InetSocketAddress portA = new InetSocketAddress("127.0.0.1", basePort + 1);
        InetSocketAddress portB = new InetSocketAddress("127.0.0.1", basePort + 2);
        InetSocketAddress sink = new InetSocketAddress("127.0.0.1", basePort + 3);
        UdpTunnelPort a = new UdpTunnelPort("a", portA, blaster, 1500, 8192, group);
        UdpTunnelPort b = new UdpTunnelPort("b", portB, sink, 1500, 8192, group);
        var vr = dp.open("bench", (ifIndex, packet) -> { });
        vr.apply(List.of(FibDelta.install(FibEntry.forward(Ip4Prefix.parse("10.0.1.0/24"), List.of(NextHop.onLink(0)))),
                FibDelta.install(FibEntry.forward(Ip4Prefix.parse("10.0.2.0/24"), List.of(NextHop.onLink(1))))));
        vr.bind(0, a);
        vr.bind(1, b);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong(), received = new AtomicLong();
        try (DatagramChannel tx = DatagramChannel.open().bind(blaster); DatagramChannel rx = DatagramChannel.open().bind(sink)) {
            tx.connect(portA);
            rx.configureBlocking(true);
            Thread sinkThread = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(2048);
                while (running.get()) {
                    try {
                        buf.clear();
                        if (rx.receive(buf) != null) received.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "bench-sink");
            sinkThread.setDaemon(true);
            sinkThread.start();
            byte[] data = new byte[64 - 28];
            byte[] packet = Udp.packet(Ip4.parse("10.0.1.2"), 9001, Ip4.parse("10.0.2.2"), 9000, 64, data, 0, data.length);
            ByteBuffer out = ByteBuffer.allocateDirect(packet.length);
            long warmupEnd = System.nanoTime() + 1_000_000_000L;
            long start = 0, receivedAtStart = 0, sentAtStart = 0;
            long end = warmupEnd + (long) (seconds * 1e9);
            while (true) {
                long now = System.nanoTime();
                if (start == 0 && now >= warmupEnd) {
                    start = now;
                    receivedAtStart = received.get();
                    sentAtStart = sent.get();
                }
                if (now >= end) break;
                out.clear();
                out.put(packet).flip();
                tx.write(out);
                sent.incrementAndGet();
            }
            long elapsed = System.nanoTime() - start;
            long rxCount = received.get() - receivedAtStart, txCount = sent.get() - sentAtStart;
            running.set(false);
            rx.close();
            sinkThread.join(1000);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", "forward");
            r.put("value", rxCount * 1e9 / elapsed);
            r.put("unit", "packets/s");
            r.put("offered_pps", txCount * 1e9 / elapsed);
            r.put("packet_bytes", 64);
            r.put("duration_s", elapsed / 1e9);
            r.put("vr_in_counters", vr.counters(0));
            r.put("vr_out_counters", vr.counters(1));
            r.put("port_a_counters", a.counters());
            return r;
        } finally {
            vr.close();
            a.close();
            b.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
