package io.vroom.ospf;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.ProtocolFactory;
import io.vroom.ospf.packet.Auth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated {@code ospf:} section of a VR, modelled on FRR's ospfd configuration:
 * <pre>
 * ospf:
 *   router-id: 10.0.0.1            # optional: the VR's router id
 *   spf-delay-ms: 50                # optional: delay between an LSDB change and SPF
 *   areas:                          # optional: areas not listed here are normal
 *     - id: 0.0.0.1                 # dotted quad or an integer
 *       type: stub                  # normal | stub | nssa (RFC 3101)
 *       default-cost: 1             # stub areas: cost of the default summary an ABR injects
 *       no-summary: false           # stub areas and NSSAs: totally stubby (ABRs send only the default summary)
 *       default-information-originate: false  # NSSA ABRs: a type-7 default into the NSSA
 *       ranges:                     # ABR: summarize this area's networks into other areas (§12.4.3)
 *         - {prefix: 10.1.0.0/16}                      # one summary-LSA for the range
 *         - {prefix: 10.2.0.0/16, not-advertise: true} # hide the range from other areas
 *   interfaces:
 *     - name: eth0
 *       area: 0.0.0.0
 *       network: point-to-point     # point-to-point | broadcast (default broadcast)
 *       cost: 10                    # default: the VR interface's cost
 *       hello-interval: 10          # seconds
 *       dead-interval: 40           # seconds, &gt; hello-interval
 *       retransmit-interval: 5      # seconds
 *       transmit-delay: 1           # seconds
 *       priority: 1                 # 0..255, 0 = never DR
 *       passive: false
 *       authentication: {type: md5, key-id: 1, key: secret}   # none | simple (key &le; 8) | md5 (key &le; 16)
 *       # md5 key rollover (Appendix D.3): sends with the last key, accepts any listed key
 *       # authentication: {type: md5, keys: [{key-id: 1, key: old}, {key-id: 2, key: new}]}
 *       # stage a rollover with {key-id: 2, key: new, accept-only: true} on every router first
 *   redistribute:
 *     - {source: connected, metric: 20, metric-type: 2}       # connected | static; metric-type 1 | 2
 * </pre>
 */
public record OspfConfig(int routerId, long spfDelayNs, Map<Integer, AreaConfig> areas, List<IfaceConfig> interfaces,
                         List<Redistribute> redistribute) {
    public OspfConfig {
        areas = new TreeMap<>(areas);
        interfaces = List.copyOf(interfaces);
        redistribute = List.copyOf(redistribute);
    }

    /**
     * One area: stub (no AS-external LSAs; its ABRs inject a default summary of {@code defaultCost}),
     * totally stubby when also {@code noSummary} (only that default, no other summary-LSA), and the
     * address ranges its ABRs summarize with (§12.4.3, appendix C.2).
     */
    public record AreaConfig(int areaId, boolean stub, int defaultCost, boolean noSummary, List<AreaRange> ranges, boolean nssa,
                             boolean nssaDefaultOriginate) {
        public AreaConfig {
            ranges = List.copyOf(ranges);
        }

        public AreaConfig(int areaId, boolean stub, int defaultCost, boolean noSummary, List<AreaRange> ranges) {
            this(areaId, stub, defaultCost, noSummary, ranges, false, false);
        }

        public AreaConfig(int areaId, boolean stub, int defaultCost) {
            this(areaId, stub, defaultCost, false, List.of());
        }

        /** A not-so-stubby area (RFC 3101). */
        public static AreaConfig nssa(int areaId, int defaultCost, boolean noSummary, boolean defaultOriginate) {
            return new AreaConfig(areaId, false, defaultCost, noSummary, List.of(), true, defaultOriginate);
        }
    }

    /** An area address range (C.2): intra-area networks inside it are advertised to other areas as one summary, or not at all. */
    public record AreaRange(io.vroom.core.net.Ip4Prefix prefix, boolean advertise) {}

    /** At most this many ranges per area. */
    public static final int MAX_RANGES_PER_AREA = 1024;

    public record IfaceConfig(String name, int areaId, NetworkType network, int cost, int helloIntervalSec, int deadIntervalSec,
                              int retransmitIntervalSec, int transmitDelaySec, int priority, boolean passive, Auth auth) {}

    public enum Source { CONNECTED, STATIC }

    public record Redistribute(Source source, int metric, boolean type2) {}

    public enum AreaType { NORMAL, STUB, NSSA }

    public enum AuthType { NONE, SIMPLE, MD5 }

    /** Parses and validates; every problem is a {@link io.vroom.core.config.ConfigException} naming file, line and field. */
    public static OspfConfig parse(ConfigNode n, ProtocolFactory.VrDescription vr) {
        n.allowOnly("router-id", "spf-delay-ms", "areas", "interfaces", "redistribute");
        int routerId = n.has("router-id") ? n.get("router-id").asAddress() : vr.routerId();
        if (n.has("router-id") && routerId == 0) throw n.get("router-id").error("router-id must not be 0.0.0.0");
        long spfDelayNs = n.longValue("spf-delay-ms", 0, 60_000, 50) * 1_000_000L;

        Map<Integer, AreaConfig> areas = new TreeMap<>();
        for (ConfigNode a : n.list("areas")) {
            a.allowOnly("id", "type", "default-cost", "no-summary", "ranges", "default-information-originate");
            int id = areaId(a.get("id"));
            AreaType type = a.has("type") ? a.get("type").asEnum(AreaType.class) : AreaType.NORMAL;
            boolean stub = type == AreaType.STUB, nssa = type == AreaType.NSSA;
            if ((stub || nssa) && id == 0) throw a.get("type").error("the backbone area 0.0.0.0 cannot be a stub area or an NSSA");
            if (type == AreaType.NORMAL && a.has("default-cost")) throw a.get("default-cost").error("default-cost applies to stub areas and NSSAs only");
            if (type == AreaType.NORMAL && a.has("no-summary")) throw a.get("no-summary").error("no-summary (totally stubby) applies to stub areas and NSSAs only");
            if (!nssa && a.has("default-information-originate")) {
                throw a.get("default-information-originate").error("default-information-originate applies to NSSAs only");
            }
            if (areas.containsKey(id)) throw a.get("id").error("area " + Ip4.format(id) + " is configured twice");
            List<AreaRange> ranges = new ArrayList<>();
            for (ConfigNode r : a.list("ranges")) {
                r.allowOnly("prefix", "not-advertise");
                io.vroom.core.net.Ip4Prefix p = r.prefix("prefix");
                if (p.length() == 0) throw r.get("prefix").error("a range cannot be the default route 0.0.0.0/0");
                for (AreaRange x : ranges) if (x.prefix().equals(p)) throw r.get("prefix").error("range " + p + " is configured twice");
                if (ranges.size() >= MAX_RANGES_PER_AREA) throw r.error("at most " + MAX_RANGES_PER_AREA + " ranges per area");
                ranges.add(new AreaRange(p, !r.bool("not-advertise", false)));
            }
            areas.put(id, new AreaConfig(id, stub, a.integer("default-cost", 0, 0xffffff, 1), a.bool("no-summary", false), ranges, nssa,
                    a.bool("default-information-originate", false)));
        }

        Map<String, InterfaceInfo> vrIfaces = new LinkedHashMap<>();
        for (InterfaceInfo i : vr.interfaces()) vrIfaces.put(i.name(), i);
        List<IfaceConfig> ifaces = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        if (!n.has("interfaces") || n.list("interfaces").isEmpty()) throw n.error("ospf needs at least one entry in 'interfaces'");
        for (ConfigNode i : n.list("interfaces")) {
            i.allowOnly("name", "area", "network", "cost", "hello-interval", "dead-interval", "retransmit-interval",
                    "transmit-delay", "priority", "passive", "authentication");
            String name = i.string("name");
            InterfaceInfo info = vrIfaces.get(name);
            if (info == null) throw i.get("name").error("no interface '" + name + "' in this VR (have: " + vrIfaces.keySet() + ")");
            if (seen.put(name, true) != null) throw i.get("name").error("interface '" + name + "' is configured twice");
            int area = areaId(i.get("area"));
            areas.putIfAbsent(area, new AreaConfig(area, false, 1));
            NetworkType type = i.has("network") ? i.get("network").asEnum(NetworkType.class) : NetworkType.BROADCAST;
            int hello = i.integer("hello-interval", 1, 65535, 10);
            int dead = i.integer("dead-interval", 1, 65535, 4 * hello);
            if (dead <= hello) throw (i.has("dead-interval") ? i.get("dead-interval") : i).error(
                    "dead-interval (" + dead + ") must be greater than hello-interval (" + hello + ")");
            int cost = i.integer("cost", 1, 65535, Math.max(1, Math.min(65535, info.cost())));
            ifaces.add(new IfaceConfig(name, area, type, cost, hello, dead, i.integer("retransmit-interval", 1, 3600, 5),
                    i.integer("transmit-delay", 1, 3600, 1), i.integer("priority", 0, 255, 1), i.bool("passive", false),
                    auth(i.find("authentication"))));
        }

        List<Redistribute> redist = new ArrayList<>();
        for (ConfigNode r : n.list("redistribute")) {
            r.allowOnly("source", "metric", "metric-type");
            Source s = r.get("source").asEnum(Source.class);
            for (Redistribute x : redist) if (x.source == s) throw r.get("source").error("redistribute " + s.name().toLowerCase() + " is configured twice");
            redist.add(new Redistribute(s, r.integer("metric", 0, 0xfffffe, 20), r.integer("metric-type", 1, 2, 2) == 2));
        }
        if (!redist.isEmpty()) {
            for (IfaceConfig ic : ifaces) {
                if (areas.get(ic.areaId()).stub() && areas.size() == 1) {
                    throw n.get("redistribute").error("an AS boundary router cannot sit only in stub area " + Ip4.format(ic.areaId()));
                }
            }
        }
        if (routerId == 0) throw n.error("no router-id: set ospf.router-id (the VR has no address to take one from)");
        return new OspfConfig(routerId, spfDelayNs, areas, ifaces, redist);
    }

    private static int areaId(ConfigNode a) {
        String s = a.asString().trim();
        if (s.indexOf('.') >= 0) return a.asAddress();
        return (int) a.asLong(0, 0xffffffffL);
    }

    private static Auth auth(ConfigNode a) {
        if (a == null) return Auth.NULL;
        a.allowOnly("type", "key-id", "key", "keys");
        AuthType t = a.get("type").asEnum(AuthType.class);
        switch (t) {
            case NONE -> {
                if (a.has("key") || a.has("key-id") || a.has("keys")) throw a.error("authentication type none takes no key");
                return Auth.NULL;
            }
            case SIMPLE -> {
                if (a.has("key-id")) throw a.get("key-id").error("key-id applies to md5 authentication only");
                if (a.has("keys")) throw a.get("keys").error("keys (several keys) applies to md5 authentication only");
                String k = a.string("key");
                if (k.isEmpty() || k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 8) throw a.get("key").error("a simple password is 1 to 8 bytes");
                return Auth.simple(k);
            }
            default -> {
                if (!a.has("keys")) return Auth.md5(List.of(md5Key(a)));
                // Key rollover (RFC 2328 Appendix D.3): send with the last (newest) key, accept any of them.
                if (a.has("key") || a.has("key-id")) throw a.get("keys").error("give either key-id/key or keys, not both");
                List<Auth.Key> keys = new ArrayList<>();
                Map<Integer, Boolean> ids = new TreeMap<>();
                for (ConfigNode k : a.list("keys")) {
                    k.allowOnly("key-id", "key", "accept-only");
                    Auth.Key key = md5Key(k);
                    if (ids.put(key.keyId(), true) != null) throw k.get("key-id").error("key-id " + key.keyId() + " is configured twice");
                    keys.add(key);
                }
                if (keys.isEmpty()) throw a.get("keys").error("md5 authentication needs at least one key");
                if (keys.stream().noneMatch(Auth.Key::generate)) throw a.get("keys").error("at least one key must not be accept-only (it signs what we send)");
                return Auth.md5(keys);
            }
        }
    }

    private static Auth.Key md5Key(ConfigNode k) {
        String key = k.string("key");
        if (key.isEmpty() || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 16) throw k.get("key").error("an MD5 key is 1 to 16 bytes");
        return Auth.md5Key(k.integer("key-id", 0, 255), key, !k.bool("accept-only", false));
    }
}
