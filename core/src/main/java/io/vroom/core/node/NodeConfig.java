package io.vroom.core.node;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolFactory;
import io.vroom.core.vr.VrConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A physical node's configuration, validated completely before anything starts. Format:
 * <pre>
 * node: n1                       # name
 * control: 127.0.0.1:7901        # control API (HTTP/JSON); optional
 * state-dir: /var/lib/vroom/n1   # persisted FIBs; default .vroom/NODE
 * dataplane: software            # data-plane kind (software | netfpga)
 * jvm-options: "-Xmn10m"         # optional: JVM options of this node's process, on one line, added by
 *                                # ./vroom before the JVM starts (after the pom's vroom.node.jvm.flags)
 * ports:                         # link ends; the rest of each entry is the port type's own config
 *   - {name: p0, type: udp, local: 127.0.0.1:40001, remote: 127.0.0.1:40002}
 * vrs:
 *   - name: vr1
 *     router-id: 1.1.1.1         # optional
 *     seed: 1                    # optional, the VR's random seed
 *     interfaces:
 *       - {name: eth0, port: p0, address: 10.0.1.1/24, mtu: 1500, cost: 10}
 *     static-routes:
 *       - {prefix: 0.0.0.0/0, via: 10.0.1.2}      # or interface: eth0 | blackhole: true; distance: N
 *     ospf: {...}                # any other key names a protocol factory (ServiceLoader)
 * </pre>
 */
public record NodeConfig(String name, String control, Path stateDir, ConfigNode dataPlane, String dataPlaneKind,
                         List<PortSpec> ports, List<VrSpec> vrs) {

    public record PortSpec(String name, String type, ConfigNode config) {}

    /** A VR: its own config, the port of each interface (by index), and its protocol sections. */
    public record VrSpec(VrConfig config, List<String> interfacePorts, Map<String, ConfigNode> protocolSections) {
        /** Creates fresh protocol instances (validated once already at parse time). */
        public List<Protocol> createProtocols() {
            List<Protocol> out = new ArrayList<>();
            for (Map.Entry<String, ConfigNode> e : protocolSections.entrySet()) {
                out.add(factory(e.getKey(), e.getValue()).create(e.getValue(), description(config)));
            }
            return out;
        }
    }

    public static NodeConfig load(Path file) {
        return parse(ConfigNode.load(file));
    }

    public static NodeConfig parse(ConfigNode root) {
        root.allowOnly("node", "control", "state-dir", "dataplane", "ports", "vrs", "jvm-options");
        String jvmOptions = root.string("jvm-options", "");
        for (String o : jvmOptions.trim().split("\\s+")) {
            if (!o.isEmpty() && !o.matches("-[A-Za-z0-9:+=_.,/-]+")) {
                throw root.get("jvm-options").error("not a JVM option: '" + o + "' (options start with '-'; no quotes or shell characters)");
            }
        }
        String name = root.string("node");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) throw root.get("node").error("node name must be 1-64 of [A-Za-z0-9_.-]");
        String control = root.string("control", null);
        if (control != null) parseHostPort(root.get("control"));
        Path stateDir = Path.of(root.string("state-dir", ".vroom/" + name));
        ConfigNode dp = root.find("dataplane");
        String dpKind = "software";
        if (dp != null) dpKind = dp.isMapping() ? dp.string("kind", "software") : dp.asString();

        List<PortSpec> ports = new ArrayList<>();
        Set<String> portNames = new HashSet<>();
        for (ConfigNode p : root.list("ports")) {
            String pn = p.string("name");
            if (!portNames.add(pn)) throw p.get("name").error("duplicate port name '" + pn + "'");
            ports.add(new PortSpec(pn, p.string("type"), p));
        }

        List<VrSpec> vrs = new ArrayList<>();
        Set<String> vrNames = new HashSet<>();
        Set<String> usedPorts = new HashSet<>();
        for (ConfigNode v : root.list("vrs")) {
            VrSpec spec = parseVr(v, portNames, usedPorts);
            if (!vrNames.add(spec.config().name())) throw v.get("name").error("duplicate VR name '" + spec.config().name() + "'");
            vrs.add(spec);
        }
        return new NodeConfig(name, control, stateDir, dp, dpKind, ports, vrs);
    }

    private static VrSpec parseVr(ConfigNode v, Set<String> portNames, Set<String> usedPorts) {
        String name = v.string("name");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) throw v.get("name").error("VR name must be 1-64 of [A-Za-z0-9_.-]");
        int routerId = v.has("router-id") ? v.address("router-id") : 0;
        long seed = v.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE, name.hashCode());
        List<VrConfig.InterfaceConfig> ifs = new ArrayList<>();
        List<String> ifPorts = new ArrayList<>();
        Set<String> ifNames = new HashSet<>();
        for (ConfigNode i : v.list("interfaces")) {
            i.allowOnly("name", "port", "address", "mtu", "cost");
            String ifName = i.string("name");
            if (!ifNames.add(ifName)) throw i.get("name").error("duplicate interface name '" + ifName + "'");
            String port = i.string("port", null);
            if (port != null) {
                if (!portNames.contains(port)) throw i.get("port").error("no port named '" + port + "' in ports");
                if (!usedPorts.add(port)) throw i.get("port").error("port '" + port + "' is already bound to another interface");
            }
            int[] addr = i.get("address").asInterfaceAddress();
            ifs.add(new VrConfig.InterfaceConfig(ifName, addr[0], addr[1], i.integer("mtu", 68, 65535, 1500), i.integer("cost", 1, 65535, 10)));
            ifPorts.add(port);
        }
        List<VrConfig.StaticRoute> statics = new ArrayList<>();
        for (ConfigNode s : v.list("static-routes")) {
            s.allowOnly("prefix", "via", "interface", "blackhole", "distance");
            Ip4Prefix prefix = s.prefix("prefix");
            int via = s.has("via") ? s.address("via") : 0;
            String ifName = s.string("interface", null);
            if (ifName != null && !ifNames.contains(ifName)) throw s.get("interface").error("no interface named '" + ifName + "'");
            boolean blackhole = s.bool("blackhole", false);
            if ((via != 0 ? 1 : 0) + (ifName != null ? 1 : 0) + (blackhole ? 1 : 0) == 0) {
                throw s.error("a static route needs one of via, interface or blackhole");
            }
            if (blackhole && (via != 0 || ifName != null)) throw s.get("blackhole").error("a blackhole route has no via or interface");
            statics.add(new VrConfig.StaticRoute(prefix, via, ifName, blackhole, s.integer("distance", 1, 255, 1)));
        }
        VrConfig config = new VrConfig(name, routerId, ifs, statics, seed);
        Map<String, ConfigNode> sections = new LinkedHashMap<>();
        for (String key : v.keys()) {
            if (Set.of("name", "router-id", "seed", "interfaces", "static-routes").contains(key)) continue;
            ConfigNode section = v.get(key);
            // Validate now: the factory throws ConfigException naming file, line and field.
            factory(key, section).create(section, description(config));
            sections.put(key, section);
        }
        return new VrSpec(config, ifPorts, sections);
    }

    static ProtocolFactory factory(String name, ConfigNode section) {
        for (ProtocolFactory f : ServiceLoader.load(ProtocolFactory.class)) if (f.name().equals(name)) return f;
        List<String> known = new ArrayList<>(List.of("name", "router-id", "seed", "interfaces", "static-routes"));
        for (ProtocolFactory f : ServiceLoader.load(ProtocolFactory.class)) known.add(f.name());
        throw section.error("unknown field '" + name + "' (allowed: " + String.join(", ", known) + ")");
    }

    static ProtocolFactory.VrDescription description(VrConfig c) {
        List<InterfaceInfo> infos = new ArrayList<>();
        int highest = 0;
        for (int i = 0; i < c.interfaces().size(); i++) {
            VrConfig.InterfaceConfig ic = c.interfaces().get(i);
            infos.add(new InterfaceInfo(i, ic.name(), ic.address(), new Ip4Prefix(ic.address(), ic.prefixLength()), ic.mtu(), ic.cost(), true));
            if (Integer.compareUnsigned(ic.address(), highest) > 0) highest = ic.address();
        }
        int rid = c.routerId() != 0 ? c.routerId() : highest;
        List<InterfaceInfo> frozen = List.copyOf(infos);
        return new ProtocolFactory.VrDescription() {
            public String name() { return c.name(); }
            public int routerId() { return rid; }
            public List<InterfaceInfo> interfaces() { return frozen; }
        };
    }

    /** Parses HOST:PORT; returns {host, port}. */
    public static String[] parseHostPort(ConfigNode n) {
        String s = n.asString().trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0) throw n.error("expected HOST:PORT, got '" + s + "'");
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw n.error("expected HOST:PORT, got '" + s + "'");
        }
        if (port < 0 || port > 65535) throw n.error("port out of range in '" + s + "'");
        String host = s.substring(0, colon);
        try {
            Ip4.parse(host);
        } catch (IllegalArgumentException e) {
            if (!host.equals("localhost")) throw n.error("host must be an IPv4 address, got '" + host + "'");
        }
        return new String[] {host, String.valueOf(port)};
    }
}
