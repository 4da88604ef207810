package io.vroom.tests.netns;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.core.config.ConfigException;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import io.vroom.dataplane.port.EthernetPort;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An eth port takes the address of the VR interface bound to it; a contradicting one is a config error. */
class EthPortAddressTest {
    @TempDir
    Path dir;

    Node node(String ports, String iface) {
        return new Node(NodeConfig.parse(ConfigNode.parse("eth.yaml", "node: eth-addr\nstate-dir: " + dir + "\nports:\n" + ports
                + "vrs:\n  - name: vr1\n    interfaces:\n" + iface)));
    }

    @Test
    void thePortTakesTheBoundInterfacesAddressAndRejectsAnotherOne() {
        try (Netns net = new Netns()) {
            net.addNamespace("vroomea");
            net.addVeth("vroomea0", "vroomea1", "vroomea");
            try (Node n = node("  - {name: a, type: eth, device: vroomea0}\n", "      - {name: eth0, port: a, address: 10.9.7.2/24}\n")) {
                n.start();
                EthernetPort p = (EthernetPort) n.ports().get("a");
                assertEquals(Ip4.parse("10.9.7.2"), p.address());
            }
            Node bad = node("  - {name: a, type: eth, device: vroomea0, address: 10.9.7.3/24}\n", "      - {name: eth0, port: a, address: 10.9.7.2/24}\n");
            ConfigException e = assertThrows(ConfigException.class, bad::start);
            assertTrue(e.getMessage().contains("address") && e.getMessage().contains("10.9.7.2/24"), e.getMessage());
            Node unbound = node("  - {name: a, type: eth, device: vroomea0}\n", "      - {name: eth0, address: 10.9.7.2/24}\n");
            e = assertThrows(ConfigException.class, unbound::start);
            assertTrue(e.getMessage().contains("needs 'address'"), e.getMessage());
        }
    }
}
