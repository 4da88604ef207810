package io.vroom.tests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import io.vroom.core.runtime.VrLoop;
import io.vroom.core.tcp.TcpCounter;
import io.vroom.tests.interop.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 4 item 3: the VR's own TCP (io.vroom.core.tcp) against the Linux kernel's, in a network
 * namespace, over a TUN port and over an Ethernet (AF_PACKET) port on a veth. Both directions of
 * connection set-up (kernel client to the VR's {@code tcpsink}; the VR's {@code tcpsource} to a
 * kernel listener), 100 MB each way with SHA-256 compared, the same under netem loss, reordering
 * and delay on the kernel side, clean close both ways (the kernel closes first to the sink, the VR
 * closes first from the source: both ends see EOF, nobody sends RST), and TCP-MD5 against the
 * kernel's TCP_MD5SIG with a matching and a wrong key.
 */
class KernelTcpInteropTest {
    static final String NS = "vroomk1";
    static final String VR_ADDR = "10.9.5.1";
    static final String KERNEL_ADDR = "10.9.5.2";
    static final long CLEAN_BYTES = 100L * 1000 * 1000;
    /** Under the netem impairment (5 ms reordering: PAWS drops late originals, RFC 7323) a transfer moves a few MB/s (see BENCHMARKS.md); 10 MB keeps the suite in minutes. */
    static final long NETEM_BYTES = 10L * 1000 * 1000;
    static final String NETEM = "loss 1% reorder 25% 50% delay 5ms";

    enum Link { TUN, ETH }

    private static Boolean netem;

    /** Does this kernel have sch_netem? (Probed once on a scratch namespace's loopback.) */
    static synchronized boolean netemAvailable() {
        if (netem == null) {
            try (Netns n = new Netns()) {
                n.addNamespace("vroomkprobe");
                netem = n.execResult("vroomkprobe", "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms").exit() == 0;
            }
        }
        return netem;
    }

    @TempDir
    Path dir;

    /** One namespace whose kernel reaches the VR at {@link #VR_ADDR} over a TUN or a veth; the node runs {@code apps}. */
    final class Lab implements AutoCloseable {
        final Netns net = new Netns();
        final Link link;
        final String kernelDev;
        Node node;

        Lab(Link link) {
            this.link = link;
            this.kernelDev = link == Link.TUN ? "vroomtk0" : "vroomke1";
            net.addNamespace(NS);
            if (link == Link.ETH) {
                net.addVeth("vroomke0", kernelDev, NS);
                kernelUp();
            }
        }

        private void kernelUp() {
            net.exec(NS, "ip", "addr", "add", KERNEL_ADDR + "/24", "dev", kernelDev);
            net.exec(NS, "ip", "link", "set", kernelDev, "up");
        }

        /** Starts the node; with {@code impaired}, netem's impairment of the kernel's egress (real netem if the kernel has it). */
        void startNode(String apps, boolean impaired) throws Exception {
            String inner = link == Link.TUN
                    ? "type: tun, device: " + kernelDev
                    : "type: eth, device: vroomke0, address: " + VR_ADDR + "/24";
            boolean emulate = impaired && !netemAvailable();
            String port = emulate
                    ? "{name: p, type: impaired, loss: 0.01, reorder: 0.25, correlation: 0.5, delay-ms: 5, seed: 42, inner: {" + inner + "}}"
                    : "{name: p, " + inner + "}";
            Path f = dir.resolve("node.yaml");
            Files.writeString(f, "state-dir: " + dir.resolve("state") + "\nnode: tcp-interop\nports:\n  - " + port + "\n"
                    + "vrs:\n  - name: vr1\n    interfaces:\n      - {name: eth0, port: p, address: " + VR_ADDR + "/24}\n" + apps.indent(4));
            node = new Node(NodeConfig.parse(ConfigNode.load(f)));
            node.start();
            if (link == Link.TUN) {
                Netns.run("ip", "link", "set", kernelDev, "netns", NS);
                kernelUp();
            }
            if (impaired && !emulate) {
                net.exec(NS, "tc", "qdisc", "add", "dev", kernelDev, "root", "netem", "loss", "1%", "reorder", "25%", "50%", "delay", "5ms");
            }
            if (impaired) System.out.println(emulate ? "no sch_netem in this kernel: " + NETEM + " emulated on the VR's port (ImpairedPortFactory)" : "tc netem " + NETEM);
        }

        void startNode(String apps) throws Exception {
            startNode(apps, false);
        }

        VrLoop vr() { return node.vrs().get("vr1"); }

        /** The kernel peer's listening socket is up (so the VR's first SYN is not refused). */
        void awaitKernelListening(int port) {
            Await.until("a kernel listener on port " + port, 20_000,
                    () -> net.exec(NS, "ss", "-Hltn", "sport = :" + port).contains(":" + port) ? Boolean.TRUE : null);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> show(String app) throws Exception {
            return (Map<String, Object>) vr().call(v -> v.protocol(app).show("")).get(10, TimeUnit.SECONDS);
        }

        long tcp(TcpCounter c) throws Exception {
            return vr().call(v -> v.tcpCounter(c)).get(10, TimeUnit.SECONDS);
        }

        /** A kernel SNMP counter of the namespace (nstat, absolute). */
        long kernelCounter(String name) {
            String out = net.exec(NS, "nstat", "-asz", name);
            for (String line : out.split("\n")) {
                String[] w = line.trim().split("\\s+");
                if (w.length >= 2 && w[0].equals(name)) return Long.parseLong(w[1]);
            }
            return 0;
        }

        /** Nobody reset anything: the VR sent and received no RST, the kernel sent none and saw no established connection reset. */
        void assertNoResets() throws Exception {
            String why = diagnostics();
            assertEquals(0, tcp(TcpCounter.RST_SENT), "VR sent RST; " + why);
            assertEquals(0, tcp(TcpCounter.RST_RECEIVED), "VR received RST; " + why);
            assertEquals(0, kernelCounter("TcpOutRsts"), "kernel sent RST; " + why);
            assertEquals(0, kernelCounter("TcpEstabResets"), "kernel saw a reset; " + why);
        }

        /** The VR's non-zero TCP counters and the kernel's TCP counters, for failure messages and the log. */
        String diagnostics() throws Exception {
            StringBuilder b = new StringBuilder("VR tcp:");
            for (TcpCounter c : TcpCounter.values()) {
                long v = tcp(c);
                if (v != 0) b.append(' ').append(c).append('=').append(v);
            }
            b.append("\nkernel: ").append(net.exec(NS, "nstat", "-as").replaceAll("\\s+", " "));
            return b.toString();
        }

        @Override
        public void close() throws Exception {
            try {
                if (node != null) node.close();
            } finally {
                net.close();
            }
        }
    }

    /** (a) + (d, the kernel closes first): a kernel client sends to the VR's sink, shuts down, sees EOF once the sink closed. */
    private void kernelToVr(Link link, boolean netem, long bytes) throws Exception {
        try (Lab lab = new Lab(link)) {
            lab.startNode("tcpsink: {port: 5001}", netem);
            KernelPeer.Result k;
            try (KernelPeer peer = KernelPeer.start(dir, NS, Map.of(), "send", VR_ADDR, "5001", String.valueOf(bytes))) {
                k = peer.await(300);
            }
            System.out.println(lab.diagnostics());
            System.out.printf("kernel->VR over %s%s: %d bytes in %.2f s = %.1f MB/s%n", link, netem ? " (netem " + NETEM + ")" : "",
                    k.bytes(), k.seconds(), k.bytes() / 1e6 / k.seconds());
            assertTrue(k.ok(), "kernel client: " + k.raw());
            assertTrue(k.eof(), "kernel saw EOF after the VR closed: " + k.raw());
            Map<String, Object> s = Await.until("the sink's connection closed", 30_000, () -> {
                try {
                    Map<String, Object> m = lab.show("tcpsink");
                    return ((Number) m.get("closed")).intValue() == 1 ? m : null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(bytes, ((Number) s.get("bytes")).longValue(), s.toString());
            assertEquals(k.sha256(), s.get("sha256"), "SHA-256 of what the VR received");
            assertEquals(1, ((Number) s.get("peer_closed")).intValue(), s.toString());
            assertEquals(0, ((Number) s.get("resets")).intValue(), s.toString());
            // Clean links: no RST anywhere. Impaired: the kernel may answer a retransmission (sent by the
            // VR before the delayed ACKs arrived) that reaches it after it closed with a RST, as RFC 9293
            // says a closed port must; the connection itself closed cleanly on both sides (checked above).
            if (!netem) lab.assertNoResets();
            if (link == Link.ETH && !netem) {
                var eth = (io.vroom.dataplane.port.EthernetPort) lab.node.ports().get("p");
                // The kernel's TSO super-segments to the VR's own address reach its stack whole (GRO-like),
                // not cut into MTU-sized segments by the port.
                assertTrue(eth.counter("rx_super_segments_whole") > 0, eth.counters().toString());
            }
        }
    }

    /** (b) + (d, the VR closes first): the VR's source connects to a kernel listener, sends, closes; the kernel reads to EOF and closes. */
    private void vrToKernel(Link link, boolean netem, long bytes) throws Exception {
        try (Lab lab = new Lab(link);
             KernelPeer peer = KernelPeer.start(dir, NS, Map.of(), "recv", "5001")) {
            lab.awaitKernelListening(5001);
            lab.startNode("tcpsource: {destination: " + KERNEL_ADDR + ", port: 5001, bytes: " + bytes + ", seed: 7}", netem);
            KernelPeer.Result k = peer.await(300);
            System.out.println(lab.diagnostics());
            System.out.printf("VR->kernel over %s%s: %d bytes in %.2f s (from listen) = %.1f MB/s%n", link, netem ? " (netem " + NETEM + ")" : "",
                    k.bytes(), k.seconds(), k.bytes() / 1e6 / k.seconds());
            assertTrue(k.ok(), "kernel listener: " + k.raw());
            assertTrue(k.eof(), "kernel saw EOF (the VR's FIN): " + k.raw());
            Map<String, Object> s = Await.until("the source's connection closed", 30_000, () -> {
                try {
                    Map<String, Object> m = lab.show("tcpsource");
                    return ((Number) m.get("closed")).intValue() == 1 ? m : null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(bytes, k.bytes(), k.raw());
            assertEquals(s.get("sha256"), k.sha256(), "SHA-256 of what the kernel received");
            assertEquals(1, ((Number) s.get("peer_closed")).intValue(), "the VR saw the kernel's FIN: " + s);
            assertEquals(0, ((Number) s.get("resets")).intValue(), s.toString());
            // Clean links: no RST anywhere. Impaired: the kernel may answer a retransmission (sent by the
            // VR before the delayed ACKs arrived) that reaches it after it closed with a RST, as RFC 9293
            // says a closed port must; the connection itself closed cleanly on both sides (checked above).
            if (!netem) lab.assertNoResets();
            if (link == Link.ETH && !netem) {
                // The VR's TCP handed the port super-segments, which the kernel cut (TSO through the vnet header).
                var eth = (io.vroom.dataplane.port.EthernetPort) lab.node.ports().get("p");
                assertTrue(eth.counter("tx_super_segments") > 0, eth.counters().toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void kernelClientSends100MbToTheVrAndClosesFirst(Link link) throws Exception {
        kernelToVr(link, false, CLEAN_BYTES);
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void vrConnectsToAKernelListenerSends100MbAndClosesFirst(Link link) throws Exception {
        vrToKernel(link, false, CLEAN_BYTES);
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void kernelClientToVrUnderNetemLossReorderDelay(Link link) throws Exception {
        kernelToVr(link, true, NETEM_BYTES);
    }

    @ParameterizedTest
    @EnumSource(Link.class)
    void vrToKernelListenerUnderNetemLossReorderDelay(Link link) throws Exception {
        vrToKernel(link, true, NETEM_BYTES);
    }

    /** (e) RFC 2385 both ways with the kernel's TCP_MD5SIG and the same key: transfers work, every segment signed and verified. */
    @Test
    void tcpMd5WithAMatchingKeyBothWays() throws Exception {
        long bytes = 4L * 1000 * 1000;
        try (Lab lab = new Lab(Link.TUN);
             KernelPeer listener = KernelPeer.start(dir, NS, Map.of(), "recv", "5002", VR_ADDR, "s3cret-key")) {
            lab.awaitKernelListening(5002);
            lab.startNode("tcpsink: {port: 5001, md5-peer: " + KERNEL_ADDR + ", md5-key: s3cret-key}\n"
                    + "tcpsource: {destination: " + KERNEL_ADDR + ", port: 5002, bytes: " + bytes + ", md5-key: s3cret-key}");
            KernelPeer.Result in = listener.await(120);
            assertTrue(in.ok() && in.eof() && in.bytes() == bytes, "kernel listener with TCP_MD5SIG: " + in.raw());
            KernelPeer.Result out;
            try (KernelPeer client = KernelPeer.start(dir, NS, Map.of(), "send", VR_ADDR, "5001", String.valueOf(bytes), "s3cret-key")) {
                out = client.await(120);
            }
            assertTrue(out.ok() && out.eof(), "kernel client with TCP_MD5SIG: " + out.raw());
            Map<String, Object> sink = Await.until("the sink's connection closed", 30_000, () -> {
                try {
                    Map<String, Object> m = lab.show("tcpsink");
                    return ((Number) m.get("closed")).intValue() == 1 ? m : null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(out.sha256(), sink.get("sha256"));
            assertEquals(lab.show("tcpsource").get("sha256"), in.sha256());
            assertEquals(0, lab.tcp(TcpCounter.MD5_BAD) + lab.tcp(TcpCounter.MD5_MISSING) + lab.tcp(TcpCounter.MD5_UNEXPECTED));
            assertEquals(0, lab.kernelCounter("TcpExtTCPMD5Failure") + lab.kernelCounter("TcpExtTCPMD5NotFound"));
            assertTrue(lab.tcp(TcpCounter.SEGMENTS_IN) > 2000, "signed segments were verified");
        }
    }

    /** (e) A kernel client signing with another key never gets a connection: the VR drops its SYNs and counts them. */
    @Test
    void tcpMd5WithAWrongKeyConnectsNeverAndTheVrCountsTheDrops() throws Exception {
        try (Lab lab = new Lab(Link.TUN)) {
            lab.startNode("tcpsink: {port: 5001, md5-peer: " + KERNEL_ADDR + ", md5-key: the-right-key}");
            KernelPeer.Result k;
            try (KernelPeer client = KernelPeer.start(dir, NS, Map.of("CONNECT_TIMEOUT", "4"), "send", VR_ADDR, "5001", "1000", "a-wrong-key")) {
                k = client.await(60);
            }
            assertTrue(k.error().contains("timeout") || k.error().contains("timed out"), "the connect must time out: " + k.raw());
            assertTrue(lab.tcp(TcpCounter.MD5_BAD) >= 2, "the VR counted the badly signed SYN and its retransmissions: " + lab.tcp(TcpCounter.MD5_BAD));
            assertEquals(0, ((Number) lab.show("tcpsink").get("accepted")).intValue());
            assertEquals(0, lab.tcp(TcpCounter.SEGMENTS_OUT), "a badly signed segment is not answered (RFC 2385 §3)");
            // And unsigned: counted as missing.
            try (KernelPeer client = KernelPeer.start(dir, NS, Map.of("CONNECT_TIMEOUT", "2"), "send", VR_ADDR, "5001", "1000")) {
                k = client.await(60);
            }
            assertTrue(!k.ok(), k.raw());
            assertTrue(lab.tcp(TcpCounter.MD5_MISSING) >= 1, "unsigned SYN from a keyed peer counted");
        }
    }
}
