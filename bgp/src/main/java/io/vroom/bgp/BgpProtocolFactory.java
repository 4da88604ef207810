package io.vroom.bgp;

import io.vroom.bgp.policy.AsPathRegex;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.policy.PolicyTerm;
import io.vroom.bgp.policy.PrefixList;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creates {@link BgpProtocol} from a VR's {@code bgp:} section:
 * <pre>
 * bgp:
 *   local-as: 65002
 *   router-id: 10.0.0.2          # optional (the VR's)
 *   cluster-id: 10.0.0.2         # optional, for route reflection
 *   always-compare-med: false
 *   max-routes: 4000000
 *   networks: ["203.0.113.0/24", "198.51.100.0/24 med=10 community=65002:1"]   # originated
 *   mrt-originate: /var/lib/vroom/table.mrt   # originate every prefix of a TABLE_DUMP_V2 file (read at load)
 *   graceful-restart:            # RFC 4724 §4.1, when the VR restarts over its preserved (persisted) FIB:
 *     selection-deferral: 360    # OPENs carry the R and F bits; selection waits for the peers' End-of-RIB, or this long
 *   neighbors:
 *     - {address: 10.0.0.1, remote-as: 65001, hold-time: 90, passive: false, md5-password: s3cret,
 *        route-reflector-client: false, next-hop-self: false, max-prefix: 0, graceful-restart: 120,
 *        local-address: 10.0.0.2, connect-retry: 30, import-policy: IN, export-policy: OUT}
 *       # graceful-restart: our Restart Time (RFC 4724, both roles, with RFC 8538's N bit); -1: no graceful restart
 *   prefix-lists:
 *     P: [{action: permit, prefix: 10.0.0.0/8, ge: 16, le: 24}]
 *   policies:
 *     IN:
 *       default: accept
 *       terms:
 *         - match: {prefix-list: P, as-path: "_65001$", community: ["65001:100"], large-community: ["65001:1:2"]}
 *           set: {local-preference: 200, med: 10, community-add: ["65002:1"], community-delete: [], large-community-add: [],
 *                 large-community-delete: [], prepend: 1, next-hop-self: true}
 *           action: accept        # accept | reject | next
 * </pre>
 */
public final class BgpProtocolFactory implements ProtocolFactory {
    @Override
    public String name() { return "bgp"; }

    @Override
    public Protocol create(ConfigNode c, VrDescription vr) {
        return new BgpProtocol(parse(c, true));
    }

    /** Validates the section; an MRT file named by {@code mrt-originate} is only checked to be readable. */
    public static BgpConfig parse(ConfigNode c) {
        return parse(c, false);
    }

    /** {@code readMrt}: also read the MRT file (once, when the protocol is created; validation only checks it). */
    static BgpConfig parse(ConfigNode c, boolean readMrt) {
        c.allowOnly("local-as", "router-id", "cluster-id", "always-compare-med", "max-routes", "neighbors", "prefix-lists", "policies", "networks", "mrt-originate", "graceful-restart", "install-routes");
        long localAs = c.get("local-as").asLong(1, 4294967295L);
        int routerId = c.has("router-id") ? c.address("router-id") : 0;
        int clusterId = c.has("cluster-id") ? c.address("cluster-id") : 0;
        Map<String, PrefixList> lists = new TreeMap<>();
        ConfigNode pl = c.find("prefix-lists");
        if (pl != null) for (String name : pl.keys()) {
            List<PrefixList.Entry> es = new ArrayList<>();
            for (ConfigNode e : pl.get(name).elements()) {
                e.allowOnly("action", "prefix", "ge", "le");
                boolean permit = switch (e.string("action", "permit")) {
                    case "permit" -> true;
                    case "deny" -> false;
                    default -> throw e.get("action").error("expected permit or deny");
                };
                var prefix = e.prefix("prefix");
                int ge = e.integer("ge", prefix.length(), 32, -1), le = e.integer("le", prefix.length(), 32, -1);
                if (ge >= 0 && le >= 0 && ge > le) throw e.error("ge must not exceed le");
                es.add(new PrefixList.Entry(permit, prefix, ge, le));
            }
            lists.put(name, new PrefixList(name, es));
        }
        Map<String, Policy> policies = new TreeMap<>();
        ConfigNode ps = c.find("policies");
        if (ps != null) for (String name : ps.keys()) policies.put(name, policy(name, ps.get(name), lists));
        List<NeighborConfig> ns = new ArrayList<>();
        for (ConfigNode n : c.list("neighbors")) {
            n.allowOnly("address", "remote-as", "local-address", "hold-time", "connect-retry", "passive", "md5-password",
                    "route-reflector-client", "next-hop-self", "max-prefix", "graceful-restart", "import-policy", "export-policy");
            int hold = n.integer("hold-time", 0, 65535, 90);
            if (hold == 1 || hold == 2) throw n.get("hold-time").error("hold time must be 0 or at least 3 seconds (RFC 4271 §4.2)");
            String imp = n.string("import-policy", null), exp = n.string("export-policy", null);
            if (imp != null && !policies.containsKey(imp)) throw n.get("import-policy").error("no policy named '" + imp + "'");
            if (exp != null && !policies.containsKey(exp)) throw n.get("export-policy").error("no policy named '" + exp + "'");
            String md5 = n.string("md5-password", null);
            if (md5 != null && md5.length() > 80) throw n.get("md5-password").error("TCP-MD5 keys are at most 80 bytes (RFC 2385)");
            ns.add(new NeighborConfig(n.address("address"), n.get("remote-as").asLong(1, 4294967295L),
                    n.has("local-address") ? n.address("local-address") : 0, hold, n.integer("connect-retry", 1, 65535, 30),
                    n.bool("passive", false), md5, n.bool("route-reflector-client", false), n.bool("next-hop-self", false),
                    n.integer("max-prefix", 0, Integer.MAX_VALUE, 0), n.integer("graceful-restart", -1, 4095, 120), imp, exp));
        }
        List<String> networks = new ArrayList<>();
        ConfigNode nets = c.find("networks");
        if (nets != null) for (ConfigNode e : nets.elements()) {
            String v = e.asString().trim();
            String[] words = v.split("\\s+");
            try {
                io.vroom.core.net.Ip4Prefix.parse(words[0]);
                Origination.attributes(List.of(words).subList(1, words.length));
            } catch (IllegalArgumentException ex) {
                throw e.error(ex.getMessage());
            }
            networks.add(v);
        }
        io.vroom.bgp.mrt.MrtOrigination mrt = null;
        if (c.has("mrt-originate")) {
            java.nio.file.Path file = java.nio.file.Path.of(c.string("mrt-originate"));
            if (!java.nio.file.Files.isReadable(file)) throw c.get("mrt-originate").error("cannot read MRT file " + file);
            if (readMrt) try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)) {
                mrt = io.vroom.bgp.mrt.MrtOrigination.read(in);
            } catch (java.io.IOException e) {
                throw c.get("mrt-originate").error("cannot read MRT file: " + e);
            }
        }
        BgpConfig.Restart restart = BgpConfig.Restart.NONE;
        ConfigNode gr = c.find("graceful-restart");
        if (gr != null) {
            if (gr.has("restarting")) {
                // Formerly static: a restart is now what the node finds (the VR's persisted FIB), not a setting.
                throw gr.get("restarting").error("'restarting' is no longer configured: a VR that starts over its preserved"
                        + " (persisted) FIB is the restarting speaker (RFC 4724 §4.1); keep only selection-deferral");
            }
            gr.allowOnly("selection-deferral");
            restart = new BgpConfig.Restart(gr.integer("selection-deferral", 1, 3600, 360));
        }
        return new BgpConfig(localAs, routerId, clusterId, c.bool("always-compare-med", false),
                c.integer("max-routes", 1, 50_000_000, 4_000_000), ns, policies, networks, mrt, restart,
                c.bool("install-routes", true));
    }

    private static Policy policy(String name, ConfigNode p, Map<String, PrefixList> lists) {
        p.allowOnly("default", "terms");
        boolean dflt = switch (p.string("default", "accept")) {
            case "accept" -> true;
            case "reject" -> false;
            default -> throw p.get("default").error("expected accept or reject");
        };
        List<PolicyTerm> terms = new ArrayList<>();
        for (ConfigNode t : p.list("terms")) {
            t.allowOnly("match", "set", "action");
            ConfigNode m = t.find("match"), s = t.find("set");
            PrefixList plist = null;
            AsPathRegex re = null;
            int[] mc = null, mlc = null;
            if (m != null) {
                m.allowOnly("prefix-list", "as-path", "community", "large-community");
                if (m.has("prefix-list")) {
                    plist = lists.get(m.string("prefix-list"));
                    if (plist == null) throw m.get("prefix-list").error("no prefix list named '" + m.string("prefix-list") + "'");
                }
                if (m.has("as-path")) {
                    try {
                        re = new AsPathRegex(m.string("as-path"));
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw m.get("as-path").error("bad regular expression: " + e.getDescription());
                    }
                }
                mc = communities(m.find("community"));
                mlc = largeCommunities(m.find("large-community"));
            }
            long lp = -1, med = -1;
            int prepend = 0;
            boolean nhs = false;
            int[] ca = null, cd = null, la = null, ld = null;
            if (s != null) {
                s.allowOnly("local-preference", "med", "community-add", "community-delete", "large-community-add", "large-community-delete", "prepend", "next-hop-self");
                lp = s.longValue("local-preference", 0, 4294967295L, -1);
                med = s.longValue("med", 0, 4294967295L, -1);
                prepend = s.integer("prepend", 0, 10, 0);
                nhs = s.bool("next-hop-self", false);
                ca = communities(s.find("community-add"));
                cd = communities(s.find("community-delete"));
                la = largeCommunities(s.find("large-community-add"));
                ld = largeCommunities(s.find("large-community-delete"));
            }
            PolicyTerm.Result result = t.has("action") ? t.get("action").asEnum(PolicyTerm.Result.class) : PolicyTerm.Result.NEXT;
            terms.add(new PolicyTerm(plist, re, mc, mlc, lp, med, ca, cd, la, ld, prepend, nhs, result));
        }
        return new Policy(name, terms, dflt);
    }

    /** Communities of a config list ({@link io.vroom.bgp.attr.CommunitiesAttr#parse}), errors at the element. */
    static int[] communities(ConfigNode list) {
        if (list == null) return null;
        List<ConfigNode> es = list.elements();
        int[] out = new int[es.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = io.vroom.bgp.attr.CommunitiesAttr.parse(es.get(i).asString());
            } catch (IllegalArgumentException e) {
                throw es.get(i).error(e.getMessage());
            }
        }
        return out;
    }

    /** Large communities of a config list ({@link io.vroom.bgp.attr.LargeCommunitiesAttr#parse}), as triples. */
    static int[] largeCommunities(ConfigNode list) {
        if (list == null) return null;
        List<ConfigNode> es = list.elements();
        int[] out = new int[es.size() * 3];
        for (int i = 0; i < es.size(); i++) {
            try {
                System.arraycopy(io.vroom.bgp.attr.LargeCommunitiesAttr.parse(es.get(i).asString()), 0, out, 3 * i, 3);
            } catch (IllegalArgumentException e) {
                throw es.get(i).error(e.getMessage());
            }
        }
        return out;
    }
}
