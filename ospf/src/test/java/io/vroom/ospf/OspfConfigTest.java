package io.vroom.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigException;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolFactory;
import io.vroom.ospf.packet.Auth;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OspfConfigTest {
    static final ProtocolFactory.VrDescription VR = new ProtocolFactory.VrDescription() {
        @Override public String name() { return "vr1"; }
        @Override public int routerId() { return Ip4.parse("9.9.9.9"); }
        @Override public List<InterfaceInfo> interfaces() {
            return List.of(new InterfaceInfo(0, "eth0", Ip4.parse("10.0.0.1"), Ip4Prefix.parse("10.0.0.0/30"), 1500, 10, true),
                    new InterfaceInfo(1, "eth1", Ip4.parse("10.0.1.1"), Ip4Prefix.parse("10.0.1.0/24"), 1500, 1, true));
        }
    };

    static ConfigNode ospf(String yaml) {
        return ConfigNode.parse("vr.yaml", "ospf:\n" + yaml).get("ospf");
    }

    @Test
    void factoryIsFoundByServiceLoaderAndParsesAFullConfig() {
        ProtocolFactory f = null;
        for (ProtocolFactory x : ServiceLoader.load(ProtocolFactory.class)) if (x.name().equals("ospf")) f = x;
        assertTrue(f != null, "ospf factory registered");
        Protocol p = f.create(ospf("""
                  router-id: 1.1.1.1
                  areas:
                    - {id: 0.0.0.1, type: stub, default-cost: 5}
                  interfaces:
                    - {name: eth0, area: 0, network: point-to-point, cost: 7, hello-interval: 1, dead-interval: 3,
                       authentication: {type: md5, key-id: 3, key: s3cret}}
                    - {name: eth1, area: 0.0.0.1, priority: 0, passive: true, authentication: {type: simple, key: pw}}
                  redistribute:
                    - {source: static, metric: 30, metric-type: 1}
                """), VR);
        Ospf o = (Ospf) p;
        assertEquals(Ip4.parse("1.1.1.1"), o.routerId());
        OspfConfig c = o.config;
        assertEquals(NetworkType.POINT_TO_POINT, c.interfaces().get(0).network());
        assertEquals(3, c.interfaces().get(0).deadIntervalSec());
        assertEquals(Auth.md5(3, "s3cret"), c.interfaces().get(0).auth());
        assertEquals(NetworkType.BROADCAST, c.interfaces().get(1).network());
        assertEquals(40, c.interfaces().get(1).deadIntervalSec());
        assertTrue(c.areas().get(1).stub());
        assertEquals(5, c.areas().get(1).defaultCost());
        assertEquals(false, c.redistribute().get(0).type2());
    }

    private static String error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> OspfConfig.parse(ospf(yaml), VR));
        return e.getMessage();
    }

    @Test
    void badInputIsAClearErrorWithFileLineAndField() {
        String m = error("  interfaces:\n    - {name: eth9, area: 0}\n");
        assertTrue(m.contains("vr.yaml") && m.contains("eth9") && m.contains("interfaces[0].name"), m);
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0, hello-interval: 10, dead-interval: 10}\n").contains("greater than hello-interval"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0, network: nbma}\n").contains("point-to-point"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0, cots: 5}\n").contains("unknown field 'cots'"));
        assertTrue(error("  areas: [{id: 0, type: stub}]\n  interfaces:\n    - {name: eth0, area: 0}\n").contains("backbone"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0, authentication: {type: simple, key: toolongpassword}}\n").contains("1 to 8 bytes"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0, authentication: {type: md5, key: k}}\n").contains("key-id"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0, priority: 256}\n").contains("between 0 and 255"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0}\n    - {name: eth0, area: 0}\n").contains("twice"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0}\n  redistribute: [{source: bgp}]\n").contains("connected"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0}\n  redistribute: [{source: static, metric-type: 3}]\n").contains("between 1 and 2"));
        assertTrue(error("  router-id: 0.0.0.0\n  interfaces:\n    - {name: eth0, area: 0}\n").contains("router-id"));
        assertTrue(error("  areas: []\n").contains("at least one"));
        String ifs = "  interfaces:\n    - {name: eth0, area: 1}\n";
        assertTrue(error("  areas: [{id: 1, no-summary: true}]\n" + ifs).contains("applies to stub areas and NSSAs only"));
        m = error("  areas:\n    - id: 1\n      ranges:\n        - {prefix: 10.0.0.0/8}\n        - {prefix: 10.0.0.0/8}\n" + ifs);
        assertTrue(m.contains("twice") && m.contains("vr.yaml:6") && m.contains("ranges[1].prefix"), m);
        assertTrue(error("  areas: [{id: 1, ranges: [{prefix: 10.0.0.0/8, not-advertize: true}]}]\n" + ifs).contains("unknown field 'not-advertize'"));
        assertTrue(error("  areas: [{id: 1, ranges: [{prefix: 10.0.0.300/8}]}]\n" + ifs).contains("ranges[0].prefix"));
        assertTrue(error("  areas: [{id: 0, type: nssa}]\n  interfaces:\n    - {name: eth0, area: 0}\n").contains("backbone"));
        assertTrue(error("  areas: [{id: 1, type: stub, default-information-originate: true}]\n" + ifs).contains("NSSAs only"));
        String md5 = "  interfaces:\n    - {name: eth0, area: 0, authentication: {type: md5, %s}}\n";
        assertTrue(error(md5.formatted("key-id: 1, key: a, keys: [{key-id: 2, key: b}]")).contains("not both"));
        assertTrue(error(md5.formatted("keys: [{key-id: 2, key: b}, {key-id: 2, key: c}]")).contains("key-id 2 is configured twice"));
        assertTrue(error(md5.formatted("keys: [{key-id: 2, key: b, accept-only: true}]")).contains("accept-only"));
        assertTrue(error(md5.formatted("keys: []")).contains("at least one key"));
        assertTrue(error("  interfaces:\n    - {name: eth0, area: 0, authentication: {type: simple, keys: [{key-id: 1, key: a}]}}\n")
                .contains("md5 authentication only"));
    }

    @Test
    void nssaParses() {
        OspfConfig c = OspfConfig.parse(ospf("""
                  areas:
                    - {id: 2, type: nssa, no-summary: true, default-cost: 4, default-information-originate: true}
                  interfaces:
                    - {name: eth0, area: 2}
                  redistribute:
                    - {source: static}
                """), VR);
        assertEquals(OspfConfig.AreaConfig.nssa(2, 4, true, true), c.areas().get(2));
    }

    @Test
    void rolloverKeysRangesAndTotallyStubbyParse() {
        OspfConfig c = OspfConfig.parse(ospf("""
                  areas:
                    - {id: 0.0.0.1, type: stub, no-summary: true, ranges: [{prefix: 10.1.0.0/16}, {prefix: 10.2.0.0/16, not-advertise: true}]}
                  interfaces:
                    - name: eth0
                      area: 1
                      authentication:
                        type: md5
                        keys: [{key-id: 1, key: old}, {key-id: 2, key: new}, {key-id: 3, key: next, accept-only: true}]
                """), VR);
        OspfConfig.AreaConfig a = c.areas().get(1);
        assertTrue(a.stub() && a.noSummary());
        assertEquals(List.of(new OspfConfig.AreaRange(Ip4Prefix.parse("10.1.0.0/16"), true),
                new OspfConfig.AreaRange(Ip4Prefix.parse("10.2.0.0/16"), false)), a.ranges());
        Auth auth = c.interfaces().get(0).auth();
        assertEquals(3, auth.keys().size());
        assertEquals(2, auth.keyId(), "sends with the newest key that is not accept-only");
        assertTrue(auth.key(3) != null && auth.key(1) != null && auth.key(4) == null);
    }
}
