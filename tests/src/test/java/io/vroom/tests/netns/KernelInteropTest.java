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

    /** Moves the node's TUN device into namespace {@code ns} and gives the kernel side {@code address}. */
    private static void kernelEndOfTun(Netns net, String device, String ns, String address) {
        Netns.run("ip", "link", "set", device, "netns", ns);
        net.exec(ns, "ip", "addr", "add", address, "dev", device);
        net.exec(ns, "ip", "link", "set", device, "up");
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
                kernelEndOfTun(net, "vroomtun0", "vroomt1", "10.9.0.2/24");
                String out = net.exec("vroomt1", "ping", "-c", "3", "-i", "0.2", "-W", "3", "10.9.0.1");
                assertTrue(out.contains("3 received"), out);
            }
        }
    }

    @Test
    void vrWithTwoEthernetPortsForwardsBetweenTwoNamespaces() throws Exception {
        try (Netns net = new Netns()) {
            net.addNamespace("vroomta");
            net.addNamespace("vroomtb");
            net.addVeth("vroomva0", "vroomva1", "vroomta");
            net.addVeth("vroomvb0", "vroomvb1", "vroomtb");
            net.exec("vroomta", "ip", "addr", "add", "10.9.1.1/24", "dev", "vroomva1");
            net.exec("vroomta", "ip", "link", "set", "vroomva1", "up");
            net.exec("vroomta", "ip", "route", "add", "default", "via", "10.9.1.2");
            net.exec("vroomtb", "ip", "addr", "add", "10.9.2.1/24", "dev", "vroomvb1");
            net.exec("vroomtb", "ip", "link", "set", "vroomvb1", "up");
            net.exec("vroomtb", "ip", "route", "add", "default", "via", "10.9.2.2");
            try (Node n = node("""
                    node: eth-test
                    ports:
                      - {name: a, type: eth, device: vroomva0, address: 10.9.1.2/24}
                      - {name: b, type: eth, device: vroomvb0, address: 10.9.2.2/24}
                    vrs:
                      - name: vr1
                        interfaces:
                          - {name: eth0, port: a, address: 10.9.1.2/24}
                          - {name: eth1, port: b, address: 10.9.2.2/24}
                    """)) {
                String out = net.exec("vroomta", "ping", "-c", "3", "-i", "0.2", "-W", "3", "10.9.2.1");
                assertTrue(out.contains("3 received"), out);
                // The kernel on the far side saw the packets arrive through the VR (TTL decremented once).
                assertTrue(out.contains("ttl=63"), out);
                String neigh = net.exec("vroomta", "ip", "neigh", "show", "10.9.1.2");
                assertTrue(neigh.contains("lladdr"), "ARP resolved the VR's address: " + neigh);
                var counters = n.vrs().get("vr1").dataPlane().counters(0);
                assertTrue(counters.get("rx_packets") >= 3, counters.toString());
            }
        }
    }

    /** Issue 4 item 3 (first step): a Linux kernel TCP client talks to a listener on the VR's own TCP over TUN. */
    @Test
    void linuxTcpClientEchoesThroughTheVrsOwnTcpOverTun() throws Exception {
        try (Netns net = new Netns()) {
            net.addNamespace("vroomt2");
            try (Node n = node("""
                    node: tcp-test
                    ports:
                      - {name: host, type: tun, device: vroomtun1}
                    vrs:
                      - name: vr1
                        interfaces:
                          - {name: eth0, port: host, address: 10.9.3.1/24}
                        tcpecho: {port: 7}
                    """)) {
                kernelEndOfTun(net, "vroomtun1", "vroomt2", "10.9.3.2/24");
                String script = String.join("\n",
                        "import socket, hashlib, os, threading",
                        "data = os.urandom(2 * 1024 * 1024)",
                        "s = socket.create_connection(('10.9.3.1', 7), timeout=30)",
                        "def w():",
                        "    s.sendall(data); s.shutdown(socket.SHUT_WR)",
                        "t = threading.Thread(target=w); t.start()",
                        "got = bytearray()",
                        "while True:",
                        "    b = s.recv(65536)",
                        "    if not b: break",
                        "    got += b",
                        "t.join()",
                        "print('sent', hashlib.sha256(data).hexdigest(), 'got', hashlib.sha256(bytes(got)).hexdigest(), len(got))");
                String out = net.exec("vroomt2", "timeout", "60", "python3", "-c", script);
                System.out.println("kernel<->VR TCP over TUN: " + out.trim());
                String[] w = out.trim().split("\\s+");
                assertTrue(w.length == 5 && w[1].equals(w[3]) && w[4].equals(String.valueOf(2 * 1024 * 1024)), "2 MiB echoed intact: " + out);
            }
        }
    }
}
