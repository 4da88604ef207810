package io.vroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control API and the CLI's rendering of it, against a real node. */
class ControlApiTest {
    @TempDir
    Path dir;

    @Test
    void showCommandsAnswerInFrrVocabularyAndFailClearly() throws Exception {
        String yaml = "node: api\ncontrol: 127.0.0.1:7981\nstate-dir: " + dir + "\n" + """
                ports:
                  - {name: p0, type: udp, local: 127.0.0.1:44101, remote: 127.0.0.1:44102}
                vrs:
                  - name: vr1
                    interfaces:
                      - {name: eth0, port: p0, address: 10.0.1.1/24}
                    static-routes:
                      - {prefix: 10.9.0.0/16, via: 10.0.1.2}
                """;
        try (Node n = new Node(NodeConfig.parse(ConfigNode.parse("api.yaml", yaml)))) {
            n.start();
            @SuppressWarnings("unchecked") Map<String, Object> routes = (Map<String, Object>) Main.get("127.0.0.1:7981", "vr/vr1/route");
            assertEquals(List.of("10.0.1.0/24", "10.0.1.1/32", "10.9.0.0/16"), List.copyOf(routes.keySet()));
            @SuppressWarnings("unchecked") Map<String, Object> st = (Map<String, Object>) ((List<?>) routes.get("10.9.0.0/16")).get(0);
            assertEquals("static", st.get("protocol"));
            String text = ShowFormat.text(List.of("ip", "route"), routes);
            assertTrue(text.contains("S>* 10.9.0.0/16 [1/0] via 10.0.1.2, eth0"), text);
            assertTrue(text.contains("C>* 10.0.1.0/24 is directly connected, eth0"), text);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Main.get("127.0.0.1:7981", "vr/vr1/protocol/ospf/neighbor"));
            assertTrue(e.getMessage().contains("no ospf in VR vr1"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> Main.get("127.0.0.1:7981", "vr/nope/route"));
        }
    }

    @Test
    void protocolCommandsRunOnTheVrsLoopAndRejectBadInputWithoutHarm() throws Exception {
        String yaml = "node: cmd\ncontrol: 127.0.0.1:7982\nstate-dir: " + dir + "\n" + """
                ports:
                  - {name: p0, type: udp, local: 127.0.0.1:44103, remote: 127.0.0.1:44104}
                vrs:
                  - name: vr1
                    interfaces:
                      - {name: eth0, port: p0, address: 10.0.1.1/24}
                    bgp:
                      local-as: 65001
                      neighbors:
                        - {address: 10.0.1.2, remote-as: 65002, passive: true}
                """;
        try (Node n = new Node(NodeConfig.parse(ConfigNode.parse("cmd.yaml", yaml)))) {
            n.start();
            String path = "vr/vr1/protocol/bgp/command";
            @SuppressWarnings("unchecked") Map<String, Object> r = (Map<String, Object>) Main.post("127.0.0.1:7982", path, "originate", List.of("203.0.113.0/24", "med=7"));
            assertEquals("originated 203.0.113.0/24", r.get("result"));
            @SuppressWarnings("unchecked") Map<String, Object> summary = (Map<String, Object>) Main.get("127.0.0.1:7982", "vr/vr1/protocol/bgp/summary");
            assertEquals(1L, ((Number) summary.get("locRibPrefixes")).longValue(), "the command ran in the VR");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Main.post("127.0.0.1:7982", path, "originate", List.of("203.0.113.0/33")));
            assertTrue(e.getMessage().contains("203.0.113.0/33"), e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> Main.post("127.0.0.1:7982", path, "reboot", List.of()));
            assertTrue(e.getMessage().contains("no command 'reboot'"), e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> Main.post("127.0.0.1:7982", "vr/vr1/protocol/ospf/command", "clear", List.of()));
            assertTrue(e.getMessage().contains("no protocol 'ospf'"), e.getMessage());
            @SuppressWarnings("unchecked") Map<String, Object> after = (Map<String, Object>) Main.get("127.0.0.1:7982", "vr/vr1/protocol/bgp/summary");
            assertEquals(1L, ((Number) after.get("locRibPrefixes")).longValue(), "bad commands changed nothing");
            // the Loc-RIB as MRT, read back by the MRT originator: the same prefix and MED
            byte[] mrt = (byte[]) Main.post("127.0.0.1:7982", path, "mrt-dump", List.of("1700000000"));
            io.vroom.bgp.mrt.MrtOrigination back = io.vroom.bgp.mrt.MrtOrigination.read(new java.io.ByteArrayInputStream(mrt));
            assertEquals(1, back.size());
            assertEquals(io.vroom.bgp.wire.Nlri.key(io.vroom.core.net.Ip4Prefix.parse("203.0.113.0/24")), back.keys()[0]);
            assertEquals(7, back.attrs().get(0).med());
        }
    }
}
