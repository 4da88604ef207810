package io.vroom.tests.lab;

import io.vroom.core.mgmt.Json;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a lab: writes one node config per physical node, starts the nodes (as separate JVMs, or
 * in this JVM with {@code inProcess}), waits for the traffic generator to finish, and collects the
 * report through the nodes' control APIs — the same way an operator would.
 */
public final class Lab implements AutoCloseable {
    private final Path workDir;
    private final boolean inProcess;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, String> controls = new LinkedHashMap<>();

    public Lab(boolean inProcess) throws IOException {
        this.inProcess = inProcess;
        this.workDir = Files.createTempDirectory("vroom-lab-");
    }

    public Path workDir() { return workDir; }

    /** Starts node {@code name} from YAML text (which must set {@code control:} to {@code control}). */
    public void startNode(String name, String control, String yaml) throws IOException {
        Path file = workDir.resolve(name + ".yaml");
        Files.writeString(file, "state-dir: " + workDir.resolve(name + "-state") + "\n" + yaml);
        controls.put(name, control);
        launch(name);
    }

    /** kill -9 a node's process (processes mode only). */
    public void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        if (p == null) throw new IllegalStateException("no node process " + name + (inProcess ? " (in-process lab)" : ""));
        p.destroyForcibly();
        p.waitFor();
    }

    /** The process id of a node's JVM (processes mode only), e.g. to stop and continue it. */
    public long pid(String name) {
        Process p = processes.get(name);
        if (p == null) throw new IllegalStateException("no node process " + name + (inProcess ? " (in-process lab)" : ""));
        return p.pid();
    }

    /** Starts a node again from the config it was first started with (and its persisted state). */
    public void launch(String name) throws IOException {
        Path file = workDir.resolve(name + ".yaml");
        if (inProcess) {
            Node n = new Node(NodeConfig.load(file));
            n.start();
            nodes.add(n);
        } else {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmFlags());
            // The launcher's class-data archive (AppCDS) halves node start-up, and so restart outages.
            String cds = System.getProperty("vroom.cds.archive");
            if (cds != null && Files.exists(Path.of(cds))) cmd.addAll(List.of("-XX:SharedArchiveFile=" + cds, "-Xlog:all=warning:stderr"));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("io.vroom.cli.Main");
            cmd.add("node");
            cmd.add("--config");
            cmd.add(file.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve(name + ".log").toFile()));
            processes.put(name, pb.start());
        }
    }

    /** The JVM flags of the one place they are defined (parent pom, filtered into vroom/jvm.flags). */
    static List<String> jvmFlags() throws IOException {
        try (InputStream in = Lab.class.getResourceAsStream("/vroom/jvm.flags")) {
            if (in == null) return List.of();
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
        }
    }

    public static String[] jvmFlagsArray() {
        try {
            return jvmFlags().toArray(new String[0]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET on a node's control API; null while it is not reachable. */
    public Object get(String node, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + controls.get(node) + "/api/" + path).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
                return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits until every node's control API answers, or fails naming the node and its log. */
    public void awaitNodes(long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (String n : controls.keySet()) {
            while (get(n, "node") == null) {
                for (Process p : processes.values()) {
                    if (!p.isAlive()) throw new IllegalStateException("node process exited: see " + workDir + "/*.log\n" + tail(n));
                }
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("node " + n + " did not come up\n" + tail(n));
                Thread.sleep(100);
            }
        }
    }

    public String tail(String node) {
        try {
            Path log = workDir.resolve(node + ".log");
            if (!Files.exists(log)) return "";
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        for (Node n : nodes) n.close();
        for (Process p : processes.values()) p.destroy();
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (System.getenv("VROOM_KEEP_LAB") == null) {
            try (Stream<Path> s = Files.walk(workDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: a temp directory
            }
        }
    }
}
