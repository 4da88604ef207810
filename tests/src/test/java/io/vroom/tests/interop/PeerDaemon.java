package io.vroom.tests.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A peer daemon that stays in the foreground (gobgpd, exabgp) run inside a network namespace,
 * its output in a log file; ended (by its own process handle) on {@link #close}.
 */
final class PeerDaemon implements AutoCloseable {
    private final Process process;
    final Path log;

    PeerDaemon(String ns, Path log, Map<String, String> env, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        this.log = log;
        process = pb.start();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
