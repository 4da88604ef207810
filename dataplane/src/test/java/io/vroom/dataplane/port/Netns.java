package io.vroom.dataplane.port;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: a Linux network namespace made with {@code ip netns}, deleted on {@link #close}
 * (with everything in it, veth ends included). Names carry the JVM's pid so that parallel runs do
 * not collide. Needs root: {@link #requireRoot} fails (never skips) with a clear message.
 */
final class Netns implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final long COMMAND_TIMEOUT_SEC = 20;

    final String name;

    Netns(String prefix) {
        requireRoot();
        this.name = uniqueName(prefix);
        sh("ip", "netns", "add", name);
        try {
            ip("link", "set", "lo", "up");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A name unique to this JVM and call, at most 15 characters (fits an interface name). */
    static String uniqueName(String prefix) {
        return prefix + (ProcessHandle.current().pid() % 100_000) + "x" + SEQ.incrementAndGet();
    }

    static void requireRoot() {
        String uid = run(List.of("id", "-u")).output.trim();
        if (!uid.equals("0")) {
            throw new AssertionError("this test needs root (network namespaces, TUN, AF_PACKET); it runs as uid " + uid
                    + ". CI runs as root; locally use sudo.");
        }
    }

    /** {@code ip -n NAME args...}; throws with the output if it fails. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return sh(cmd.toArray(String[]::new));
    }

    /** Runs a command inside the namespace; returns its exit code and output. */
    Result exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * Runs {@code body} on a fresh thread that first enters this namespace (setns(2) affects only
     * the calling thread), so that sockets and devices it opens belong to the namespace. Threads it
     * starts inherit the namespace.
     */
    <T> T inside(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            int nsFd = LibC.INSTANCE.open("/var/run/netns/" + name, LibC.O_CLOEXEC);
            if (nsFd < 0) throw new IllegalStateException(LibC.lastError("open netns " + name));
            try {
                if (LibC.INSTANCE.setns(nsFd, LibC.CLONE_NEWNET) != 0) throw new IllegalStateException(LibC.lastError("setns " + name));
            } finally {
                LibC.INSTANCE.close(nsFd);
            }
            return body.call();
        });
        Thread t = new Thread(task, "netns-" + name);
        t.start();
        try {
            return task.get(COMMAND_TIMEOUT_SEC, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    @Override
    public void close() {
        run(List.of("ip", "netns", "del", name));
    }

    record Result(int exitCode, String output) {}

    /** Runs a command in the test's namespace; throws with its output if it fails. */
    static String sh(String... cmd) {
        Result r = run(List.of(cmd));
        if (r.exitCode != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exitCode + "): " + r.output);
        return r.output;
    }

    static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(COMMAND_TIMEOUT_SEC, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
