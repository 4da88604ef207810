package io.vroom.tests.bench;

import io.vroom.core.forward.Lpm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code lpm}: longest-prefix-match lookups per second on one thread over a 1M-prefix
 * Internet-like table, random destinations. The figure is ops/s (one op = one lookup).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LpmBench {
    static final int DESTINATIONS = 1 << 16;

    @Param("1000000")
    public int routes;

    Lpm lpm;
    int[] destinations;

    @Setup
    public void setup() {
        lpm = build(routes);
        destinations = InternetTable.destinations(DESTINATIONS, 2);
        System.err.printf("lpm: %d prefixes, index %.1f bytes/route, with writer table %.1f bytes/route%n",
                lpm.size(), (double) lpm.indexBytes() / lpm.size(), (double) lpm.memoryBytes() / lpm.size());
    }

    static Lpm build(int routes) {
        long[] table = InternetTable.prefixes(routes, 1);
        Lpm lpm = new Lpm();
        for (int i = 0; i < table.length; i++) lpm.put(InternetTable.address(table[i]), InternetTable.length(table[i]), i & 63);
        return lpm;
    }

    /** Bytes of the lookup index per route for an Internet-like table of {@code routes} prefixes. */
    public static double bytesPerRoute(int routes) {
        Lpm lpm = build(routes);
        return (double) lpm.indexBytes() / lpm.size();
    }

    @Benchmark
    @OperationsPerInvocation(DESTINATIONS)
    public int lookup() {
        Lpm l = lpm;
        int[] d = destinations;
        int sum = 0;
        for (int i = 0; i < d.length; i++) sum += l.lookup(d[i]);
        return sum;
    }
}
