package io.vroom.tests.bench;

import io.vroom.core.mgmt.Json;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code vroom bench NAME [--json]}: runs one JMH benchmark (forked JVM with the project's flags)
 * and prints {@code {"name","value","unit"}} (plus the JMH error and secondary figures).
 */
public final class BenchCommand {
    private BenchCommand() {}

    /** Benchmark name → JMH class (simple name) in this package. */
    static final Map<String, String> BENCHMARKS = Map.of("lpm", "LpmBench", "fib", "FibInstallBench", "forward-engine", "ForwardBench",
            "fib-reload", "FibReloadBench", "ospf-spf", "OspfSpfBench", "ospf-flood", "OspfFloodBench");
    /** What one JMH operation is, per benchmark (each uses @OperationsPerInvocation accordingly). */
    static final Map<String, String> UNITS = Map.of("lpm", "lookups/s", "fib", "routes/s", "forward-engine", "packets/s", "fib-reload", "ms",
            "ospf-spf", "ms", "ospf-flood", "LSAs/s");

    /** Benchmarks measured as single shots (SingleShotTime, time per operation), reported as a median rate. */
    static final java.util.Set<String> SINGLE_SHOT = java.util.Set.of("ospf-flood");

    /** Seconds in one unit of a JMH time-per-operation unit ("s/op", "ms/op", "us/op", "ns/op"). */
    static double toSeconds(String unit) {
        return switch (unit.substring(0, unit.indexOf('/'))) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            default -> throw new IllegalStateException("not a time per operation: " + unit);
        };
    }

    public static int run(String name, boolean json) throws Exception {
        if (name.equals("forward")) {
            Map<String, Object> r = UdpForwardBench.run(5, 43000);
            System.out.println(json ? Json.write(r) : String.format("forward: %.0f packets/s over UDP tunnels (offered %.0f)", r.get("value"), r.get("offered_pps")));
            return 0;
        }
        if (name.equals("tcp")) {
            Map<String, Object> r = TcpBench.run(100L * 1000 * 1000);
            if (json) {
                System.out.printf(java.util.Locale.ROOT, "{\"name\": \"tcp\", \"value\": %.1f, \"unit\": \"MB/s\", \"kernel_value\": %.1f}%n", r.get("value"), r.get("kernel_value"));
            } else {
                System.out.printf(java.util.Locale.ROOT, "tcp: kernel -> VR's TCP over TUN %.1f MB/s %s; kernel -> TUN -> VR forwarding -> TUN -> kernel %.1f MB/s %s; kernel -> veth -> kernel %.1f MB/s (100 MB each; medians of alternating rounds)%n",
                        r.get("value"), r.get("value_runs"), r.get("kernel_value"), r.get("kernel_runs"), r.get("kernel_veth_value"));
            }
            return 0;
        }
        String cls = BENCHMARKS.get(name);
        if (cls == null) throw new IllegalArgumentException("unknown benchmark '" + name + "' (known: " + BENCHMARKS.keySet() + ")");
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include(BenchCommand.class.getPackageName() + "." + cls + ".*")
                .forks(1)
                .jvmArgsPrepend(io.vroom.tests.lab.Lab.jvmFlagsArray());
        // Single-shot benchmarks (one round per iteration) keep their own round counts.
        if (!SINGLE_SHOT.contains(name)) {
            ob.warmupIterations(2).warmupTime(TimeValue.seconds(2)).measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        if (json) ob.verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(ob.build()).run();
        Map<String, Object> first = null;
        java.util.List<Object> runs = new java.util.ArrayList<>();
        for (RunResult r : results) {
            var primary = r.getPrimaryResult();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            if (SINGLE_SHOT.contains(name)) {
                // Time per operation of each round -> operations per second: the median round, and the
                // middle half of the rounds as the spread (robust to a round slowed by another process).
                var st = primary.getStatistics();
                double perSec = toSeconds(primary.getScoreUnit());
                out.put("value", 1 / (st.getPercentile(50) * perSec));
                out.put("unit", UNITS.get(name));
                out.put("p25", 1 / (st.getPercentile(75) * perSec));
                out.put("p75", 1 / (st.getPercentile(25) * perSec));
                out.put("rounds", st.getN());
                out.put("statistic", "median over rounds; p25..p75 = middle half");
                out.put("jmh_unit", primary.getScoreUnit());
            } else {
                out.put("value", primary.getScore());
                out.put("unit", primary.getScoreUnit().startsWith("ops/") ? UNITS.get(name) : primary.getScoreUnit());
                out.put("jmh_unit", primary.getScoreUnit());
                out.put("error", primary.getScoreError());
            }
            out.put("benchmark", r.getParams().getBenchmark());
            Map<String, Object> secondary = new LinkedHashMap<>();
            r.getSecondaryResults().forEach((k, v) -> secondary.put(k, Map.of("value", v.getScore(), "unit", v.getScoreUnit())));
            if (!secondary.isEmpty()) out.put("secondary", secondary);
            if (!r.getParams().getParamsKeys().isEmpty()) {
                Map<String, Object> params = new LinkedHashMap<>();
                for (String k : r.getParams().getParamsKeys()) params.put(k, r.getParams().getParam(k));
                out.put("params", params);
                runs.add(Map.of("params", params, "value", primary.getScore(), "error", primary.getScoreError()));
            }
            if (name.equals("ospf-flood") && first == null) {
                double[] cpu = OspfFloodBench.cpuRate(OspfFloodBench.FLOOD_WARMUP_ROUNDS, OspfFloodBench.FLOOD_ROUNDS);
                out.put("cpu", Map.of("value", cpu[0], "p25", cpu[1], "p75", cpu[2], "unit", "LSAs per CPU-second",
                        "statistic", "median over rounds of the flooding thread's CPU time, in the CLI's JVM"));
                if (!json) System.out.printf("%s: %.0f LSAs per CPU-second (median; middle half %.0f..%.0f)%n", name, cpu[0], cpu[1], cpu[2]);
            }
            if (name.equals("lpm")) out.put("bytes_per_route", LpmBench.bytesPerRoute(1_000_000));
            if (name.equals("ospf-spf") && first == null) out.put("bytes_per_lsa", OspfSpfBench.bytesPerLsa(10_000));
            out.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version"),
                    "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
            if (first == null) first = out;
            if (!json && SINGLE_SHOT.contains(name)) {
                System.out.printf("%s: %.0f %s (median of %s rounds; middle half %.0f..%.0f)%n", name, out.get("value"), out.get("unit"),
                        out.get("rounds"), out.get("p25"), out.get("p75"));
            } else if (!json) {
                System.out.printf("%s: %.3f ± %.3f %s%n", name, primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
            }
        }
        // One JSON object on standard output: the first (primary) benchmark of the class, with every
        // parameter combination's figure under "runs" when there are several.
        if (json && first != null) {
            if (runs.size() > 1) first.put("runs", runs);
            System.out.println(Json.write(first));
        }
        return results.isEmpty() ? 1 : 0;
    }
}
