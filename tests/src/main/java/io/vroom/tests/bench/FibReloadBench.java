package io.vroom.tests.bench;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.forward.SoftwareForwarding;
import io.vroom.dataplane.fib.ChronicleFibStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Restart: time for virtd to reopen a VR whose Chronicle FIB holds 1M routes and rebuild the LPM
 * index from it, so that it forwards. {@code crash} leaves the open-marker of a process killed with
 * -9 (Chronicle recovery path); {@code clean} is a normal reopen.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class FibReloadBench {
    @Param({"clean", "crash"})
    public String shutdown;

    Path dir;
    SoftwareForwarding virtd;
    VrDataPlane dp;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = Files.createTempDirectory("vroom-fib-reload");
        virtd = new SoftwareForwarding(new ChronicleFibStore.Factory(dir, 2 * FibInstallBench.ROUTES), System::nanoTime);
        VrDataPlane w = virtd.open("bench", (i, p) -> {});
        for (List<FibDelta> b : FibInstallBench.batches(FibInstallBench.ROUTES, 10_000)) w.apply(b);
        w.close();
    }

    @Setup(Level.Invocation)
    public void markCrash() throws IOException {
        if (shutdown.equals("crash")) Files.write(dir.resolve("bench.open"), new byte[0]);
    }

    @Benchmark
    public int reopen() {
        dp = virtd.open("bench", (i, p) -> {});
        return dp.fibSize();
    }

    @TearDown(Level.Invocation)
    public void closeIt() {
        if (dp.fibSize() != FibInstallBench.ROUTES) throw new IllegalStateException("reloaded " + dp.fibSize());
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
}
