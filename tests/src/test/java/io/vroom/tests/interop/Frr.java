package io.vroom.tests.interop;

import io.vroom.tests.netns.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One FRR instance (zebra plus one routing daemon) inside a network namespace, with its own
 * sockets and config under a private directory, driven through vtysh.
 */
final class Frr implements AutoCloseable {
    private final Netns net;
    private final String ns;
    private final Path dir;
    private final String daemon;

    private final boolean staticd;

    /** Starts zebra and {@code daemon} (e.g. "ospfd", "bgpd") in {@code ns} with {@code config}. */
    Frr(Netns net, String ns, Path dir, String daemon, String config) throws IOException {
        this(net, ns, dir, daemon, config, null);
    }

    /** As above, plus staticd with {@code staticConfig} (e.g. "ip route 198.51.100.0/24 Null0") when it is not null. */
    Frr(Netns net, String ns, Path dir, String daemon, String config, String staticConfig) throws IOException {
        this.staticd = staticConfig != null;
        this.net = net;
        this.ns = ns;
        this.dir = dir;
        this.daemon = daemon;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("zebra.conf"), "hostname " + ns + "\n");
        Files.writeString(dir.resolve(daemon + ".conf"), config);
        if (staticd) Files.writeString(dir.resolve("staticd.conf"), staticConfig);
        Netns.run("chmod", "-R", "777", dir.toString());
        start("zebra");
        // ospfd/bgpd need zebra's socket: wait for it to exist.
        Await.until("zebra's socket in " + dir, 10_000, () -> Files.exists(dir.resolve("zserv.api")) ? Boolean.TRUE : null);
        if (staticd) start("staticd");
        start(daemon);
    }

    private void start(String d) {
        net.exec(ns, "/usr/lib/frr/" + d, "-d", "-f", dir.resolve(d + ".conf").toString(), "-i", dir.resolve(d + ".pid").toString(),
                "-z", dir.resolve("zserv.api").toString(), "--vty_socket", dir.toString(), "-u", "root", "-g", "root",
                "--log", "file:" + dir.resolve(d + ".log"));
    }

    /** Kills {@code daemon} at once (SIGKILL: no NOTIFICATION, as in a crash or a graceful restart). */
    void kill9() throws IOException {
        Path pid = dir.resolve(daemon + ".pid");
        String p = Files.readString(pid).trim();
        Netns.sh("kill", "-9", p);
        Files.deleteIfExists(pid);
        Await.until(daemon + " gone", 10_000, () -> Files.exists(Path.of("/proc", p)) ? null : Boolean.TRUE);
    }

    /** Starts {@code daemon} again with {@code config} (after {@link #kill9}). */
    void restart(String config) throws IOException {
        Files.writeString(dir.resolve(daemon + ".conf"), config);
        start(daemon);
    }

    /** Runs vtysh commands in one session (e.g. "configure terminal", "router bgp 1", ...); returns the output. */
    String vtysh(String... commands) {
        java.util.List<String> c = new java.util.ArrayList<>(java.util.List.of("vtysh", "--vty_socket", dir.toString()));
        for (String x : commands) {
            c.add("-c");
            c.add(x);
        }
        return net.exec(ns, c.toArray(new String[0]));
    }

    /** Runs a vtysh command; returns its output. */
    String vtysh(String command) {
        return net.exec(ns, "vtysh", "--vty_socket", dir.toString(), "-c", command);
    }

    @Override
    public void close() {
        for (String d : new String[] {daemon, "staticd", "zebra"}) {
            Path pid = dir.resolve(d + ".pid");
            try {
                if (Files.exists(pid)) Netns.sh("kill", Files.readString(pid).trim());
            } catch (IOException ignored) {
                // the namespace is deleted next, which ends what is left
            }
        }
    }
}
