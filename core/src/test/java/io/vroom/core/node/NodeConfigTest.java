package io.vroom.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigException;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    static final String GOOD = """
            node: n1
            control: 127.0.0.1:7900
            ports:
              - {name: p0, type: udp, local: 127.0.0.1:1, remote: 127.0.0.1:2}
            vrs:
              - name: vr1
                router-id: 1.1.1.1
                interfaces:
                  - {name: eth0, port: p0, address: 10.0.1.1/24, cost: 5}
                static-routes:
                  - {prefix: 10.9.0.0/16, via: 10.0.1.2}
                  - {prefix: 10.8.0.0/16, blackhole: true}
            """;

    static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> NodeConfig.parse(ConfigNode.parse("n1.yaml", yaml)));
    }

    @Test
    void parsesAGoodConfig() {
        NodeConfig c = NodeConfig.parse(ConfigNode.parse("n1.yaml", GOOD));
        assertEquals("n1", c.name());
        assertEquals(1, c.vrs().size());
        var vr = c.vrs().get(0);
        assertEquals(Ip4.parse("1.1.1.1"), vr.config().routerId());
        assertEquals("p0", vr.interfacePorts().get(0));
        assertEquals(5, vr.config().interfaces().get(0).cost());
        assertEquals(2, vr.config().staticRoutes().size());
        assertTrue(vr.config().staticRoutes().get(1).blackhole());
    }

    @Test
    void jvmOptionsAreJvmOptionsOnly() {
        NodeConfig.parse(ConfigNode.parse("n1.yaml", "jvm-options: \"-XX:TieredStopAtLevel=1 -Xmn10m\"\n" + GOOD));
        ConfigException e = error("jvm-options: \"-Xmx1g; rm -rf /\"\n" + GOOD);
        assertTrue(e.field().endsWith("jvm-options"), e.field());
        assertTrue(e.getMessage().contains("not a JVM option: '-Xmx1g;'"), e.getMessage());
    }

    @Test
    void unknownFieldNamesFileLineAndField() {
        ConfigException e = error(GOOD.replace("cost: 5", "cots: 5"));
        assertEquals("n1.yaml", e.file());
        assertEquals(9, e.line());
        assertTrue(e.field().endsWith("interfaces[0].cots"), e.field());
        assertTrue(e.getMessage().contains("unknown field 'cots'"), e.getMessage());
    }

    @Test
    void badValuesAreErrorsNamingTheField() {
        assertTrue(error(GOOD.replace("10.0.1.1/24", "10.0.1.300/24")).field().endsWith("interfaces[0].address"));
        assertTrue(error(GOOD.replace("port: p0,", "port: p9,")).getMessage().contains("no port named 'p9'"));
        assertTrue(error(GOOD.replace("via: 10.0.1.2", "via: nowhere")).field().endsWith("static-routes[0].via"));
        assertTrue(error(GOOD.replace("cost: 5", "cost: 0")).getMessage().contains("between 1 and 65535"));
        assertTrue(error(GOOD.replace("router-id: 1.1.1.1", "router-id: 1.1.1.1\n    ospff: {}")).getMessage().contains("unknown field 'ospff'"));
        assertTrue(error(GOOD.replace("- {prefix: 10.8.0.0/16, blackhole: true}", "- {prefix: 10.8.0.0/16}")).getMessage().contains("needs one of"));
        assertTrue(error("node: n1\nvrs: [\n").field().equals("(syntax)"));
        assertTrue(error(GOOD + "  - name: vr1\n").getMessage().contains("duplicate VR name"));
    }
}
