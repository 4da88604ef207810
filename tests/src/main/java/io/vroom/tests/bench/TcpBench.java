package io.vroom.tests.bench;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vroom bench tcp}: 100 MB from a Linux kernel socket in a namespace to a VR's own TCP
 * ({@code tcpsink}) over a TUN port, against the same 100 MB between two kernel sockets over the
 * same kind of path: namespace A → TUN → the same node's VR, which forwards it → TUN → namespace B.
 * Both runs cross the same TUN device kind and the same node process once per packet in each
 * direction; they differ in who terminates TCP (the VR's user-space stack, or B's kernel). A
 * kernel-to-kernel veth pair, with no user space on the path, is measured as a third reference.
 * Senders are {@code tcp_peer.py} (python3); the time is from connect to the receiver's close (all
 * bytes delivered and hashed: SHA-256 on both receivers). Each path first carries
 * {@link #WARMUP_BYTES} unmeasured, so that neither is measured while the JIT compiles; then
 * {@link #ROUNDS} rounds of one transfer per path, alternating, and each path's figure is its
 * median (a shared, loaded machine moves both by tens of percent from one second to the next).
 * Needs root.
 */
public final class TcpBench {
    private TcpBench() {}

    private static final Deque<List<String>> UNDO = new ArrayDeque<>();
    /** Unmeasured transfer over each path before the measured ones (JIT warm-up). */
    static final long WARMUP_BYTES = 20_000_000L;
    /**
     * Measured transfers per path, alternating VR and kernel so both meet the same machine load;
     * each figure is the median of its path's rounds.
     */
    static final int ROUNDS = 3;

    public static Map<String, Object> run(long bytes) throws Exception {
        Path dir = Files.createTempDirectory("vroom-bench-tcp");
        Path script = dir.resolve("tcp_peer.py");
        try (InputStream in = TcpBench.class.getResourceAsStream("/io/vroom/tests/lab/tcp_peer.py")) {
            Files.copy(in, script);
        }
        try {
            for (String ns : List.of("vroombA", "vroombB", "vroombC", "vroombD")) namespace(ns);
            Files.writeString(dir.resolve("node.yaml"), String.join("\n",
                    "node: bench-tcp",
                    "state-dir: " + dir.resolve("state"),
                    "ports:",
                    "  - {name: a, type: tun, device: vroombt0}",
                    "  - {name: b, type: tun, device: vroombt1}",
                    "vrs:",
                    "  - name: vr1",
                    "    interfaces:",
                    "      - {name: eth0, port: a, address: 10.9.7.1/24}",
                    "      - {name: eth1, port: b, address: 10.9.8.1/24}",
                    "    tcpsink: {port: 5001}", ""));
            double vr, kernel, veth;
            double[] vrRuns = new double[ROUNDS], kernelRuns = new double[ROUNDS];
            try (Node node = new Node(NodeConfig.parse(ConfigNode.load(dir.resolve("node.yaml"))))) {
                node.start();
                tunInto("vroombt0", "vroombA", "10.9.7.2/24", "10.9.8.0/24", "10.9.7.1");
                tunInto("vroombt1", "vroombB", "10.9.8.2/24", "10.9.7.0/24", "10.9.8.1");
                // Warm-up (JIT): both paths carry WARMUP_BYTES first, unmeasured; the VR's path was
                // otherwise measured partly interpreted, since it runs first.
                send(script, "vroombA", "10.9.7.1", 5001, WARMUP_BYTES);
                Process warm = listen(script, "vroombB", 5002);
                send(script, "vroombA", "10.9.8.2", 5002, WARMUP_BYTES);
                warm.waitFor(30, TimeUnit.SECONDS);
                warm.destroyForcibly();
                boolean debug = System.getenv("VROOM_BENCH_DEBUG") != null;
                for (int round = 0; round < ROUNDS; round++) {
                    if (debug) System.err.println("before: ns A tun: " + sh("ip", "-n", "vroombA", "-s", "link", "show", "vroombt0")
                            + "ns A tcp: " + sh("ip", "netns", "exec", "vroombA", "nstat", "-az", "TcpRetransSegs"));
                    long cpu0 = cpuNs();
                    vrRuns[round] = send(script, "vroombA", "10.9.7.1", 5001, bytes);
                    long cpu1 = cpuNs();
                    if (debug) debugCounters(node);
                    Process listener = listen(script, "vroombB", 5002);
                    long cpu2 = cpuNs();
                    kernelRuns[round] = send(script, "vroombA", "10.9.8.2", 5002, bytes);
                    long cpu3 = cpuNs();
                    if (debug) System.err.printf("node JVM CPU: VR path %d ms, kernel path %d ms%n", (cpu1 - cpu0) / 1_000_000, (cpu3 - cpu2) / 1_000_000);
                    listener.waitFor(30, TimeUnit.SECONDS);
                    listener.destroyForcibly();
                }
                vr = median(vrRuns);
                kernel = median(kernelRuns);
            }
            run("ip", "link", "add", "vroombv0", "netns", "vroombC", "type", "veth", "peer", "name", "vroombv1", "netns", "vroombD");
            run("ip", "-n", "vroombC", "addr", "add", "10.9.9.1/24", "dev", "vroombv0");
            run("ip", "-n", "vroombD", "addr", "add", "10.9.9.2/24", "dev", "vroombv1");
            run("ip", "-n", "vroombC", "link", "set", "vroombv0", "up");
            run("ip", "-n", "vroombD", "link", "set", "vroombv1", "up");
            Process listener = listen(script, "vroombD", 5003);
            veth = send(script, "vroombC", "10.9.9.2", 5003, bytes);
            listener.waitFor(30, TimeUnit.SECONDS);
            listener.destroyForcibly();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", "tcp");
            r.put("value", round(vr));
            r.put("unit", "MB/s");
            r.put("kernel_value", round(kernel));
            r.put("kernel_veth_value", round(veth));
            r.put("value_runs", roundAll(vrRuns));
            r.put("kernel_runs", roundAll(kernelRuns));
            r.put("bytes", bytes);
            return r;
        } finally {
            while (!UNDO.isEmpty()) sh(UNDO.pop().toArray(new String[0]));
        }
    }

    /** CPU time of this JVM (the node's threads do the VR's share of either path). */
    private static long cpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static List<Double> roundAll(double[] v) {
        List<Double> out = new java.util.ArrayList<>();
        for (double x : v) out.add(round(x));
        return out;
    }

    /** VROOM_BENCH_DEBUG: the VR's TCP counters and the sender's view, after a VR transfer (on stderr). */
    private static void debugCounters(Node node) throws Exception {
        io.vroom.core.runtime.VrLoop loop = node.vrs().get("vr1");
        Map<String, Long> tcp = loop.call(v -> {
            Map<String, Long> m = new LinkedHashMap<>();
            for (io.vroom.core.tcp.TcpCounter c : io.vroom.core.tcp.TcpCounter.values()) if (v.tcpCounter(c) != 0) m.put(c.name(), v.tcpCounter(c));
            return m;
        }).get(10, TimeUnit.SECONDS);
        System.err.println("vr tcp: " + tcp + " punt drops " + loop.puntDrops());
        System.err.println("ns A tun: " + sh("ip", "-n", "vroombA", "-s", "link", "show", "vroombt0"));
        System.err.println("ns A tcp: " + sh("ip", "netns", "exec", "vroombA", "nstat", "-az", "TcpRetransSegs", "TcpExtTCPTimeouts"));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void namespace(String ns) {
        sh("ip", "netns", "del", ns);
        run("ip", "netns", "add", ns);
        UNDO.push(List.of("ip", "netns", "del", ns));
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    private static void tunInto(String dev, String ns, String address, String farSubnet, String via) {
        run("ip", "link", "set", dev, "netns", ns);
        run("ip", "-n", ns, "addr", "add", address, "dev", dev);
        run("ip", "-n", ns, "link", "set", dev, "up");
        run("ip", "-n", ns, "route", "add", farSubnet, "via", via);
    }

    private static Process listen(Path script, String ns, int port) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "python3", script.toString(), "recv", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!sh("ip", "netns", "exec", ns, "ss", "-Hltn", "sport = :" + port).contains(":" + port)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("kernel listener on " + ns + ":" + port + " did not start");
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        return p;
    }

    /** Sends {@code bytes} from namespace {@code ns}; returns MB/s from connect to the receiver's close. */
    private static double send(Path script, String ns, String host, int port, long bytes) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns, "timeout", "300", "python3", script.toString(),
                "send", host, String.valueOf(port), String.valueOf(bytes)).redirectErrorStream(true);
        pb.environment().put("REUSE_BLOCK", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        Matcher err = Pattern.compile("\"error\": \"([^\"]*)\"").matcher(out);
        Matcher sec = Pattern.compile("\"seconds\": ([0-9.]+)").matcher(out);
        if (!err.find() || !err.group(1).isEmpty() || !sec.find() || !out.contains("\"eof\": true")) {
            throw new IllegalStateException("transfer to " + host + ":" + port + " failed: " + out);
        }
        return bytes / 1e6 / Double.parseDouble(sec.group(1));
    }

    private static void run(String... cmd) {
        String out = sh(cmd);
        if (out.startsWith("\u0000exit")) throw new IllegalStateException(String.join(" ", cmd) + ": " + out.substring(1));
    }

    /** Runs a command; its output, or NUL + "exit N: output" if it failed. */
    private static String sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            return exit == 0 ? out : "\u0000exit " + exit + ": " + out;
        } catch (IOException e) {
            return "\u0000exit -1: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "\u0000exit -1: interrupted";
        }
    }

}
