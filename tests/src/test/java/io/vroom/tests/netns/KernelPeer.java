package io.vroom.tests.netns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Linux kernel's end of a TCP interop test: {@code tcp_peer.py} (a test resource) run with
 * python3 inside a namespace, as a sender (blocking) or a listener (in the background). Its one
 * JSON line of output becomes a {@link Result}. Python, because Java sockets cannot set TCP_MD5SIG.
 */
final class KernelPeer implements AutoCloseable {
    record Result(String sha256, long bytes, boolean eof, String error, double seconds, String raw) {
        boolean ok() { return error.isEmpty(); }
    }

    private final Process process;
    private final Path outFile;

    private KernelPeer(Process process, Path outFile) {
        this.process = process;
        this.outFile = outFile;
    }

    static Path script(Path dir) throws IOException {
        Path p = dir.resolve("tcp_peer.py");
        try (InputStream in = KernelPeer.class.getResourceAsStream("/io/vroom/tests/lab/tcp_peer.py")) {
            if (in == null) fail("tcp_peer.py resource missing");
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    /** Starts the kernel peer in namespace {@code ns} in the background. */
    static KernelPeer start(Path dir, String ns, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "python3", script(dir).toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "peer", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        return new KernelPeer(pb.start(), out);
    }

    /** Waits (bounded) for the peer to finish and parses what it printed. */
    Result await(long timeoutSec) throws Exception {
        if (!process.waitFor(timeoutSec, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("kernel peer did not finish in " + timeoutSec + " s: " + Files.readString(outFile));
        }
        String raw = Files.readString(outFile, StandardCharsets.UTF_8).trim();
        Map<String, String> f = new TreeMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[^,}]+)").matcher(raw);
        while (m.find()) f.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        if (!f.containsKey("sha256")) fail("kernel peer printed no result: " + raw);
        return new Result(f.get("sha256"), Long.parseLong(f.get("bytes")), "true".equals(f.get("eof")),
                f.get("error"), Double.parseDouble(f.get("seconds")), raw);
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
