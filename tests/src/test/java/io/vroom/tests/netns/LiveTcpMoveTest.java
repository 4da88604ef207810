package io.vroom.tests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import io.vroom.core.runtime.VrLoop;
import io.vroom.core.tcp.TcpConnectionInfo;
import io.vroom.core.tcp.TcpCounter;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrState;
import io.vroom.snapshot.StateCodec;
import io.vroom.tests.interop.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 item 2 in the real runtime: a VR whose own TCP has a live connection to a Linux kernel
 * (a kernel client streaming 20 MB through the VR's {@code tcpecho} over TUN, data in flight both
 * ways) is captured between two events, its whole VrState encoded with Kryo (snapshot module's
 * StateCodec), decoded into a fresh VirtualRouter and swapped in; the kernel never notices: the
 * echo it gets back has the SHA-256 of what it sent, and nobody sent a RST.
 */
class LiveTcpMoveTest {
    static final String NS = "vroomk2";
    static final long BYTES = 20L * 1000 * 1000;

    @TempDir
    Path dir;

    @Test
    void aVrWithALiveKernelTcpConnectionIsCapturedEncodedAndRestoredMidTransfer() throws Exception {
        try (Netns net = new Netns()) {
            net.addNamespace(NS);
            Path f = dir.resolve("node.yaml");
            Files.writeString(f, String.join("\n", "state-dir: " + dir.resolve("state"), "node: tcp-move", "ports:",
                    "  - {name: p, type: tun, device: vroomtk2}", "vrs:", "  - name: vr1", "    interfaces:",
                    "      - {name: eth0, port: p, address: 10.9.6.1/24}", "    tcpecho: {port: 7}", ""));
            try (Node node = new Node(NodeConfig.parse(ConfigNode.load(f)))) {
                node.start();
                Netns.run("ip", "link", "set", "vroomtk2", "netns", NS);
                net.exec(NS, "ip", "addr", "add", "10.9.6.2/24", "dev", "vroomtk2");
                net.exec(NS, "ip", "link", "set", "vroomtk2", "up");
                VrLoop loop = node.vrs().get("vr1");
                try (KernelPeer client = KernelPeer.start(dir, NS, Map.of(), "echo", "10.9.6.1", "7", String.valueOf(BYTES))) {
                    Await.until("a quarter of the stream echoed", 60_000, () -> echoed(loop) >= BYTES / 4 ? Boolean.TRUE : null);
                    StateCodec codec = new StateCodec();
                    AtomicReference<String> captured = new AtomicReference<>();
                    // Swap at a moment with our data in flight (sent, unacknowledged) and bytes queued: retry a few times if idle.
                    boolean moved = false;
                    for (int i = 0; i < 50 && !moved; i++) {
                        moved = loop.replace(vr -> {
                            TcpConnectionInfo c = vr.tcpConnections().stream().filter(x -> x.localPort() == 7).findFirst().orElse(null);
                            if (c == null || c.sndNxt() == c.sndUna()) return vr;
                            byte[] bytes = codec.encode(vr.capture());
                            VirtualRouter restored = VirtualRouter.restore(codec.decode(bytes, VrState.class));
                            captured.set(c + " state " + bytes.length + " bytes");
                            return restored;
                        }).get(10, TimeUnit.SECONDS);
                    }
                    assertTrue(moved, "no moment with data in flight found");
                    System.out.println("captured and restored mid-transfer: " + captured.get());
                    KernelPeer.Result k = client.await(180);
                    Matcher m = Pattern.compile("\"echo_sha256\": \"(\\w+)\"").matcher(k.raw());
                    Matcher e = Pattern.compile("\"echoed\": (\\d+)").matcher(k.raw());
                    assertTrue(k.ok() && m.find() && e.find(), "kernel client: " + k.raw());
                    assertEquals(BYTES, Long.parseLong(e.group(1)), "every byte echoed back: " + k.raw());
                    assertEquals(k.sha256(), m.group(1), "the echo after the move is byte-identical to what was sent");
                    assertTrue(k.eof(), k.raw());
                    assertTrue(echoed(loop) >= BYTES - BYTES / 4, "the restored VR's tcpecho carried on");
                    assertEquals(0, loop.call(v -> v.tcpCounter(TcpCounter.RST_SENT) + v.tcpCounter(TcpCounter.RST_RECEIVED)).get(10, TimeUnit.SECONDS));
                }
            }
        }
    }

    private static long echoed(VrLoop loop) {
        try {
            Object m = loop.call(v -> v.protocol("tcpecho").show("")).get(10, TimeUnit.SECONDS);
            return ((Number) ((Map<?, ?>) m).get("bytes_echoed")).longValue();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
