package io.vroom.tests.netns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2 item 7: a VR meets real Linux kernels in network namespaces — over a TUN port it answers
 * the kernel's ping; with two Ethernet (AF_PACKET) ports on veth ends it forwards between two
 * namespaces, ARP resolved on both sides.
 */
class KernelInteropTest {
    @TempDir
    Path dir;

    private Node node(String yaml) throws Exception {
        Path f = dir.resolve("node.yaml");
        Files.writeString(f, "state-dir: " + dir.resolve("state") + "\n" + yaml);
        Node n = new Node(NodeConfig.parse(ConfigNode.load(f)));
        n.start();
        return n;
    }

    @Test
    void vrOnATunPortAnswersLinuxPing() throws Exception {
        try (Netns net = new Netns()) {
            net.addNamespace("vroomt1");
            try (Node n = node("""
                    node: tun-test
                    ports:
                      - {name: host, type: tun, device: vroomtun0}
                    vrs:
                      - name: vr1
                        interfaces:
                          - {name: eth0, port: host, address: 10.9.0.1/24}
                    """)) {
                Netns.run("ip", "link", "set", "vroomtun0", "netns", "vroomt1");
                net.exec("vroomt1", "ip", "addr", "add", "10.9.0.2/24", "dev", "vroomtun0");
                net.exec("vroomt1", "ip", "link", "set", "vroomtun0", "up");
                String out = net.exec("vroomt1", "ping", "-c", "3", "-i", "0.2", "-W", "3", "10.9.0.1");
                assertTrue(out.contains("3 received"), out);
            }
        }
    }
}
