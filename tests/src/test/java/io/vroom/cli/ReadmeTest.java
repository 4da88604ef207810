package io.vroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.node.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's node configuration is valid as written (every protocol section included), and its commands exist. */
class ReadmeTest {
    static String readme() throws Exception {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void theExampleNodeConfigParses() throws Exception {
        String s = readme();
        int start = s.indexOf("```yaml\n");
        assertTrue(start >= 0, "README has a yaml block");
        String yaml = s.substring(start + 8, s.indexOf("```", start + 8));
        NodeConfig c = NodeConfig.parse(ConfigNode.parse("README.md", yaml));
        assertEquals("n1", c.name());
    }

    @Test
    void everyCommandTheReadmeListsIsInTheUsage() throws Exception {
        for (String line : readme().split("\n")) {
            if (!line.startsWith("./vroom ")) continue;
            String[] w = line.substring("./vroom ".length()).split("\\s+");
            assertTrue(Main.USAGE.contains("vroom " + w[0] + " " + w[1].replaceAll("\\|.*", "")), "usage lacks: " + line);
        }
    }
}
