package io.vroom.tests.netns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real Linux network namespaces and veth pairs for interop tests. Everything made is undone on
 * {@link #close} (in reverse order), whatever happened. Needs root; CI runs as root, so a missing
 * privilege fails the test rather than skipping it.
 */
public final class Netns implements AutoCloseable {
    private final Deque<List<String>> undo = new ArrayDeque<>();

    public Netns() {
        if (!"root".equals(System.getProperty("user.name"))) fail("network-namespace tests need root (CI runs as root)");
    }

    public void addNamespace(String ns) {
        sh("ip", "netns", "del", ns).exitIgnored();
        run("ip", "netns", "add", ns);
        undo.push(List.of("ip", "netns", "del", ns));
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /** A veth pair: {@code a} stays in the root namespace, {@code b} goes to {@code nsB} (if not null). */
    public void addVeth(String a, String b, String nsB) {
        sh("ip", "link", "del", a).exitIgnored();
        run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
        undo.push(List.of("ip", "link", "del", a));
        if (nsB != null) run("ip", "link", "set", b, "netns", nsB);
        // No IPv6 chatter (router solicitations, DAD) on links the tests count packets on.
        sh("sysctl", "-qw", "net.ipv6.conf." + a + ".disable_ipv6=1").exitIgnored();
        run("ip", "link", "set", a, "up");
    }

    /** Runs {@code ip netns exec ns cmd...}; returns its output; fails the test on a non-zero exit. */
    public String exec(String ns, String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return run(c.toArray(new String[0]));
    }

    public Result execResult(String ns, String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return sh(c.toArray(new String[0]));
    }

    public static String run(String... cmd) {
        Result r = sh(cmd);
        if (r.exit != 0) fail(String.join(" ", cmd) + " exited " + r.exit + ":\n" + r.output);
        return r.output;
    }

    public record Result(int exit, String output) {
        void exitIgnored() {}
    }

    /** Runs a command to completion (bounded: 60 s) and returns its exit code and combined output. */
    public static Result sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    @Override
    public void close() {
        while (!undo.isEmpty()) sh(undo.pop().toArray(new String[0]));
    }
}
