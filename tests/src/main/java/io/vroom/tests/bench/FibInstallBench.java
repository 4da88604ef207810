package io.vroom.tests.bench;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.forward.SoftwareForwarding;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.dataplane.fib.ChronicleFibStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code fib}: routes per second installed through virtd ({@code VrDataPlane.apply}) into the
 * Chronicle-backed FIB, LPM index and next-hop groups included, in batches of {@value #BATCH}.
 * Each iteration starts from a fresh, empty VR FIB file and walks the 1M-route table (one op = one
 * route; past the end, routes are replaced, which costs the same path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FibInstallBench {
    static final int BATCH = 10_000;
    static final int ROUTES = 1_000_000;

    List<List<FibDelta>> batches;
    Path dir;
    SoftwareForwarding virtd;
    VrDataPlane dp;
    int next;

    /** The 1M-route table as install batches, next hops spread over 8 neighbours. */
    static List<List<FibDelta>> batches(int routes, int batchSize) {
        long[] table = InternetTable.prefixes(routes, 1);
        List<List<FibDelta>> out = new ArrayList<>();
        List<FibDelta> cur = new ArrayList<>(batchSize);
        for (int i = 0; i < table.length; i++) {
            Ip4Prefix p = new Ip4Prefix(InternetTable.address(table[i]), InternetTable.length(table[i]));
            cur.add(FibDelta.install(FibEntry.forward(p, List.of(new NextHop(1 + (i & 7), 0x0A000002 + (i & 7))))));
            if (cur.size() == batchSize) {
                out.add(cur);
                cur = new ArrayList<>(batchSize);
            }
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    @Setup(Level.Trial)
    public void table() throws IOException {
        batches = batches(ROUTES, BATCH);
        dir = Files.createTempDirectory("vroom-fib-bench");
        virtd = new SoftwareForwarding(new ChronicleFibStore.Factory(dir, 2 * ROUTES), System::nanoTime);
    }

    @Setup(Level.Iteration)
    public void freshFib() {
        virtd.destroy("bench");
        dp = virtd.open("bench", (i, p) -> {});
        next = 0;
    }

    @TearDown(Level.Iteration)
    public void report() {
        System.err.printf("fib: %d routes installed this iteration%n", dp.fibSize());
        dp.close();
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        virtd.destroy("bench");
        virtd.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public VrDataPlane.FibResult install() {
        List<FibDelta> b = batches.get(next);
        next = (next + 1) % batches.size();
        VrDataPlane.FibResult r = dp.apply(b);
        if (!r.ok()) throw new IllegalStateException(r.error());
        return r;
    }
}
