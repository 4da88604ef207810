package io.vroom.tests.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.bgp.BgpProtocol;
import io.vroom.bgp.BgpProtocolFactory;
import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.rib.NextHopResolver;
import io.vroom.bgp.util.LongList;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.Rng;
import io.vroom.snapshot.StateCodec;
import io.vroom.tests.bench.InternetTable;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 5's hardest migration case in numbers: a BGP speaker holding a full table — 1M prefixes
 * with the prefix-length mix of genmrt.py, in a peer's Adj-RIB-In, the Loc-RIB, and a second peer's
 * Adj-RIB-Out (as after sending it the table) — through a Kryo round trip (the snapshot module's
 * StateCodec, as migration uses it). Prints the encoded size and the encode/decode times (the
 * BENCHMARKS.md figures) and checks the restored speaker has the same Loc-RIB, route by route.
 *
 * <p>{@code mvn -o -q -B -pl core,bgp,snapshot,tests -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest=BgpFullTableStateTest [-Dvroom.bgp.uniquePaths=true]}
 */
class BgpFullTableStateTest {
    static final int ROUTES = 1_000_000;

    static final String YAML = """
            local-as: 65002
            max-routes: 4000000
            neighbors:
              - {address: 10.0.0.1, remote-as: 65001, passive: true}
              - {address: 10.0.1.2, remote-as: 65003, passive: true}
            """;

    /** A context without a VR: the speaker only needs its interfaces and router id to start. */
    static final class NoVr implements ProtocolContext {
        public String vrName() { return "dut"; }
        public int routerId() { return Ip4.parse("10.0.0.2"); }
        public List<InterfaceInfo> interfaces() {
            return List.of(new InterfaceInfo(0, "eth0", Ip4.parse("10.0.0.2"), Ip4Prefix.parse("10.0.0.0/24"), 1500, 10, true),
                    new InterfaceInfo(1, "eth1", Ip4.parse("10.0.1.1"), Ip4Prefix.parse("10.0.1.0/24"), 1500, 10, true));
        }
        public InterfaceInfo iface(int ifIndex) { return interfaces().get(ifIndex); }
        public Rng random() { return new Rng(1); }
        public void send(int ifIndex, int nextHop, byte[] packet) {}
        public void sendRouted(byte[] packet) {}
        public void updateRoute(Route route) {}
        public void withdrawRoute(RouteSource source, Ip4Prefix prefix) {}
        public Route lookup(int address) { return null; }
        public Route best(Ip4Prefix prefix) { return null; }
        public Collection<Route> selectedRoutes() { return List.of(); }
        public void log(String message) {}
    }

    /** genmrt.py's path model: 2–7 ASes starting with the peer's, from a pool of {@code paths} (skewed), or unique per prefix (0). */
    static PathAttributes[] attributePool(int paths, Random r) {
        PathAttributes[] pool = new PathAttributes[paths];
        for (int i = 0; i < paths; i++) pool[i] = attributes(r);
        return pool;
    }

    static PathAttributes attributes(Random r) {
        int[] lengths = {2, 3, 3, 4, 4, 4, 5, 5, 6, 7};
        long[] path = new long[lengths[r.nextInt(lengths.length)]];
        path[0] = 65001;
        for (int i = 1; i < path.length; i++) {
            do path[i] = 1000 + r.nextInt(399_000); while (path[i] >= 64496 && path[i] <= 65551 || path[i] == 23456); // public ASNs only, as genmrt
        }
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = PathAttributes.ORIGIN_IGP;
        b.asPath = AsPath.sequence(path);
        b.nextHop(Ip4.parse("10.0.0.1"));
        return b.build();
    }

    /** A started speaker whose first peer sent it the table and whose second peer was sent it. */
    static BgpProtocol fullSpeaker(int paths) {
        BgpProtocol bgp = (BgpProtocol) new BgpProtocolFactory().create(ConfigNode.parse("dut.yaml", YAML), null);
        bgp.start(0, new NoVr());
        BgpRib rib = bgp.rib();
        rib.peerUp(1);
        rib.peerUp(2);
        Random r = new Random(7);
        PathAttributes[] pool = attributePool(paths, r);
        long[] prefixes = InternetTable.prefixes(ROUTES, 1);
        for (long k : prefixes) {
            PathAttributes a = paths > 0 ? pool[(int) (paths * Math.pow(r.nextDouble(), 3))] : attributes(r);
            rib.announce(1, k, a, NextHopResolver.ALL_REACHABLE);
        }
        LongList changed = new LongList(ROUTES);
        rib.drainChanged(changed);
        for (int i = 0; i < changed.size(); i++) rib.export(changed.get(i));
        long updates = 0;
        while (rib.pendingSize(2) > 0) updates += rib.drainUpdates(2, 4096).size();
        assertEquals(ROUTES, rib.locRibSize());
        assertEquals(ROUTES, rib.adjRibOutSize(2), "the second peer was sent the table (" + updates + " UPDATEs)");
        return bgp;
    }

    static void roundTrip(int paths) {
        BgpProtocol original = fullSpeaker(paths);
        StateCodec codec = new StateCodec();
        // First round: includes Kryo's class discovery and the JIT; the second is the steady state.
        long t0 = System.nanoTime();
        byte[] wire = codec.encode(original);
        long enc1 = System.nanoTime() - t0;
        t0 = System.nanoTime();
        BgpProtocol restored = codec.decode(wire, BgpProtocol.class);
        long dec1 = System.nanoTime() - t0;
        t0 = System.nanoTime();
        byte[] again = codec.encode(restored);
        long enc2 = System.nanoTime() - t0;
        t0 = System.nanoTime();
        BgpProtocol restored2 = codec.decode(again, BgpProtocol.class);
        long dec2 = System.nanoTime() - t0;
        System.out.printf("BGP speaker, %d routes, %s: attribute sets %d, Kryo state %.1f MB (%.1f bytes/route); "
                        + "encode %d ms, decode %d ms (first round); encode %d ms, decode %d ms (second)%n",
                ROUTES, paths > 0 ? paths + " shared paths" : "unique paths", original.rib().attributes().size(),
                wire.length / 1048576.0, wire.length / (double) ROUTES, enc1 / 1_000_000, dec1 / 1_000_000, enc2 / 1_000_000, dec2 / 1_000_000);
        assertArrayEquals(wire, again, "the restored speaker encodes to the same bytes");
        for (BgpProtocol back : List.of(restored, restored2)) {
            BgpRib a = original.rib(), b = back.rib();
            long[] keys = a.locRibKeys();
            assertArrayEquals(keys, b.locRibKeys(), "same Loc-RIB prefixes");
            int differ = 0;
            for (long k : keys) {
                if (a.bestSlot(k) != b.bestSlot(k) || !a.best(k).equals(b.best(k))) differ++;
            }
            assertEquals(0, differ, "every Loc-RIB route has the same winner and attributes");
            assertEquals(a.adjRibInSize(1), b.adjRibInSize(1));
            assertEquals(a.adjRibOutSize(2), b.adjRibOutSize(2));
            assertEquals(a.attributes().size(), b.attributes().size());
        }
        // The restored speaker keeps working: a withdrawal reaches the Loc-RIB and is queued for the other peer.
        long first = restored.rib().locRibKeys()[0];
        restored.rib().withdraw(1, first, NextHopResolver.ALL_REACHABLE);
        assertEquals(ROUTES - 1, restored.rib().locRibSize());
        LongList changed = new LongList();
        restored.rib().drainChanged(changed);
        restored.rib().export(changed.get(0));
        assertEquals(1, restored.rib().pendingSize(2));
        assertTrue(restored.rib().drainUpdates(2, 1).size() == 1);
    }

    @Test
    void aFullTableWithSharedPathsSurvivesKryo() {
        roundTrip(100_000);
    }

    /** The worst case (2M attribute sets: one per route in, one per route out) takes about a minute here: on request only. */
    @Test
    @EnabledIfSystemProperty(named = "vroom.bgp.uniquePaths", matches = "true")
    void aFullTableWithUniquePathsSurvivesKryo() {
        roundTrip(0);
    }
}
