package io.vroom.tests.bench;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.dataplane.Port;
import io.vroom.core.forward.HeapFibStore;
import io.vroom.core.forward.SoftwareForwarding;
import io.vroom.core.forward.SoftwareVrDataPlane;
import io.vroom.core.net.Checksum;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.rib.NextHop;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The forwarding engine alone: packets per second through {@code SoftwareVrDataPlane.forward}
 * (validation, LPM over the 1M-route table, TTL decrement with RFC 1624 checksum, ECMP, counters)
 * into a port that discards. Ports' own I/O is not measured here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ForwardBench {
    static final int PACKETS = 1024;
    static final int SIZE = 64;

    SoftwareVrDataPlane dp;
    byte[][] packets;
    int[] checksums;

    static final class NullPort implements Port {
        long sent;
        @Override public String name() { return "null"; }
        @Override public int mtu() { return 1500; }
        @Override public void start(PacketReceiver receiver) {}
        @Override public void send(byte[] buf, int off, int len, int nextHop) { sent++; }
        @Override public void close() {}
    }

    @Setup
    public void setup() {
        SoftwareForwarding virtd = new SoftwareForwarding(new HeapFibStore.Factory(2_000_000), () -> 0L);
        dp = virtd.open("bench", (i, p) -> {});
        for (int i = 0; i <= 8; i++) dp.bind(i, new NullPort());
        for (List<FibDelta> b : FibInstallBench.batches(FibInstallBench.ROUTES, 100_000)) dp.apply(b);
        dp.apply(List.of(FibDelta.install(FibEntry.forward(Ip4Prefix.DEFAULT, List.of(new NextHop(1, 0x0A000001), new NextHop(2, 0x0A000002))))));
        int[] dst = InternetTable.destinations(PACKETS, 3);
        packets = new byte[PACKETS][];
        checksums = new int[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            byte[] payload = new byte[SIZE - Ipv4.HEADER_LENGTH];
            Checksum.write16(payload, 0, 1024 + i);
            Checksum.write16(payload, 2, 5001);
            packets[i] = Ipv4.packet(0x0B000001 + i, dst[i], Ipv4.PROTO_UDP, 64, 0, payload);
            checksums[i] = Ipv4.checksum(packets[i], 0);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void forward() {
        byte[][] p = packets;
        for (int i = 0; i < p.length; i++) {
            byte[] b = p[i];
            b[8] = 64; // restore TTL and checksum: the packet is forwarded again next round
            Checksum.write16(b, 10, checksums[i]);
            dp.forward(0, b, 0, b.length);
        }
    }
}
