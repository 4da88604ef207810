package io.vroom.tests.interop;

import io.vroom.tests.netns.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One BIRD 2 instance inside a network namespace, with a private control socket, driven by birdc. */
final class Bird implements AutoCloseable {
    private final Netns net;
    private final String ns;
    private final Path dir;
    private final Process process;

    Bird(Netns net, String ns, Path dir, String config) throws IOException {
        this.net = net;
        this.ns = ns;
        this.dir = dir;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bird.conf"), config);
        Netns.run("bird", "-p", "-c", dir.resolve("bird.conf").toString());
        process = new ProcessBuilder("ip", "netns", "exec", ns, "bird", "-f", "-c", dir.resolve("bird.conf").toString(), "-s",
                dir.resolve("bird.ctl").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
        Await.until("BIRD's control socket", 10_000, () -> Files.exists(dir.resolve("bird.ctl")) ? Boolean.TRUE : null);
    }

    String birdc(String command) {
        return net.exec(ns, "birdc", "-s", dir.resolve("bird.ctl").toString(), command);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
