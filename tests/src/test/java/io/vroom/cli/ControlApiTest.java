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
}
