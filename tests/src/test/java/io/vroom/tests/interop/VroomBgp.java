package io.vroom.tests.interop;

import io.vroom.bgp.BgpProtocol;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.wire.Nlri;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import io.vroom.core.rib.Route;
import io.vroom.core.runtime.RealClock;
import io.vroom.core.runtime.VrLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A vroom node with one VR ("vr1") running BGP, started in the test JVM, and views of its BGP state
 * in the shape the interop tests compare with FRR's, BIRD's, GoBGP's and ExaBGP's ({@link BgpRoute}).
 * Every read and command runs on the VR's loop.
 */
final class VroomBgp implements AutoCloseable {
    final Node node;

    VroomBgp(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("node.yaml");
        Files.createDirectories(dir);
        Files.writeString(f, "state-dir: " + dir.resolve("state") + "\n" + yaml);
        node = new Node(NodeConfig.parse(ConfigNode.load(f)));
        node.start();
    }

    VrLoop loop() {
        return node.vrs().get("vr1");
    }

    <T> T call(Function<BgpProtocol, T> q) {
        try {
            return loop().call(vr -> q.apply((BgpProtocol) vr.protocol("bgp"))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("VR query failed", e);
        }
    }

    /** An operator command ({@code originate}, {@code withdraw}, {@code clear}); fails the test if BGP refuses it. */
    Object command(String command, String... args) {
        try {
            return loop().command("bgp", command, List.of(args)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("bgp " + command + " " + Arrays.toString(args) + " failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("bgp " + command + " did not answer", e);
        }
    }

    /** {@code show summary}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> summary() {
        return call(b -> (Map<String, Object>) b.show(RealClock.nowNs(), "summary"));
    }

    /** The summary entry of one neighbour. */
    @SuppressWarnings("unchecked")
    Map<String, Object> neighbor(String address) {
        for (Object o : (List<Object>) summary().get("neighbors")) {
            Map<String, Object> n = (Map<String, Object>) o;
            if (address.equals(n.get("neighbor"))) return n;
        }
        throw new AssertionError("no neighbor " + address);
    }

    boolean established(String address) {
        return "ESTABLISHED".equals(neighbor(address).get("state"));
    }

    long neighborCounter(String address, String key) {
        return ((Number) neighbor(address).get(key)).longValue();
    }

    long counter(String key) {
        return ((Number) summary().get(key)).longValue();
    }

    /** The best route of every Loc-RIB prefix. */
    Map<String, BgpRoute> locRib() {
        return call(b -> {
            BgpRib rib = b.rib();
            Map<String, BgpRoute> m = new TreeMap<>();
            for (long k : rib.locRibKeys()) m.put(Nlri.format(k), BgpRoute.of(rib.best(k)));
            return m;
        });
    }

    BgpRoute route(String prefix) {
        return locRib().get(prefix);
    }

    /** The VR's selected RIB route to {@code prefix} as "SOURCE via gateways", or null. */
    String ribRoute(String prefix) {
        Ip4Prefix p = Ip4Prefix.parse(prefix);
        try {
            return loop().call(vr -> {
                for (Route r : vr.selectedRoutes()) if (r.prefix().equals(p)) return r.source() + " via " + VroomOspf.gateways(r.nextHops());
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("VR query failed", e);
        }
    }

    /** Is {@code prefix} in the VR's FIB (the data plane that forwards)? */
    boolean inFib(String prefix) {
        Ip4Prefix p = Ip4Prefix.parse(prefix);
        try {
            return loop().call(vr -> {
                // On the VR's loop every batch it sent is queued: wait until the FIB writer has applied them.
                try {
                    if (!loop().fibWriter().awaitIdle(10, TimeUnit.SECONDS)) throw new AssertionError("FIB writer still busy after 10 s");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (io.vroom.core.dataplane.FibEntry e : loop().dataPlane().entries()) if (e.prefix().equals(p)) return true;
                return false;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("VR query failed", e);
        }
    }

    @Override
    public void close() {
        node.close();
    }

    /**
     * One route's attributes as every peer can show them: AS path (space-separated), MED and
     * LOCAL_PREF (-1 absent), communities and large communities (sorted, space-separated), next hop.
     */
    record BgpRoute(String asPath, long med, long localPref, String communities, String largeCommunities, String nextHop) {
        static BgpRoute of(PathAttributes a) {
            if (a == null) return null;
            List<String> c = new ArrayList<>();
            if (a.communities() != null) for (int x : a.communities()) c.add((x >>> 16) + ":" + (x & 0xffff));
            List<String> l = new ArrayList<>();
            int[] lc = a.largeCommunities();
            if (lc != null) for (int i = 0; i + 2 < lc.length; i += 3) {
                l.add(Integer.toUnsignedString(lc[i]) + ":" + Integer.toUnsignedString(lc[i + 1]) + ":" + Integer.toUnsignedString(lc[i + 2]));
            }
            return new BgpRoute(a.asPath() == null ? "" : a.asPath().toString(), a.med(), a.localPref(), sorted(c), sorted(l),
                    a.hasNextHop() ? Ip4.format(a.nextHop()) : "");
        }

        static String sorted(List<String> items) {
            List<String> s = new ArrayList<>(items);
            s.sort(null);
            return String.join(" ", s);
        }
    }
}
