package io.vroom.bgp.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.mrt.MrtUpdates;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.session.BgpSession;
import io.vroom.bgp.session.Negotiated;
import io.vroom.bgp.session.SessionConfig;
import io.vroom.bgp.session.SessionOutput;
import io.vroom.bgp.session.SessionState;
import io.vroom.bgp.wire.Afi;
import io.vroom.bgp.wire.Capabilities;
import io.vroom.bgp.wire.KeepaliveMessage;
import io.vroom.bgp.wire.NotificationMessage;
import io.vroom.bgp.wire.OpenMessage;
import io.vroom.bgp.wire.UpdateMessage;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.core.net.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Ingests a genmrt table (1M prefixes, 100k paths) as a peer's UPDATE stream through the framer,
 * decoder, FSM, Adj-RIB-In and decision into the Loc-RIB; prints time and retained heap (no timing
 * assertions: the figures are for the report). Generates the MRT once into /tmp with python3.
 */
class BgpIngestMeasurementTest {
    static final long S = 1_000_000_000L;

    static Path mrt(int routes, int paths) throws Exception {
        Path p = Path.of("/tmp/vroom-bgp-" + (routes >= 1_000_000 ? routes / 1_000_000 + "m" : routes / 1000 + "k") + "-p" + (paths >= 1000 ? paths / 1000 + "k" : paths) + ".mrt");
        if (Files.exists(p) && Files.size(p) > 0) return p;
        Path gen = Path.of("/work/shared/bench/genmrt.py");
        Assumptions.assumeTrue(Files.exists(gen), "genmrt.py not available");
        Process pr = new ProcessBuilder("python3", gen.toString(), String.valueOf(routes), p + ".tmp", "--paths", String.valueOf(paths))
                .redirectErrorStream(true).start();
        pr.getInputStream().readAllBytes();
        Assumptions.assumeTrue(pr.waitFor() == 0, "genmrt failed");
        Files.move(Path.of(p + ".tmp"), p);
        return p;
    }

    /** Feeds a session's UPDATEs into the RIB as the speaker will. */
    static final class RibFeed implements SessionOutput {
        final BgpRib rib;
        final int slot;
        long nlri;

        RibFeed(BgpRib rib, int slot) {
            this.rib = rib;
            this.slot = slot;
        }

        public void send(byte[] m) { }
        public void connect() { }
        public void disconnect() { }
        public void established(Negotiated n) { }
        public void routeRefresh(int afiSafi) { }
        public void down(String reason, NotificationMessage s, NotificationMessage r, boolean e) { fail("session went down: " + reason); }
        public void log(String m) { }

        public void update(UpdateMessage u) {
            for (long k : u.withdrawn()) rib.withdraw(slot, k, NextHopResolver.ALL_REACHABLE);
            if (u.action() == ErrorAction.TREAT_AS_WITHDRAW) {
                for (long k : u.nlri()) rib.withdraw(slot, k, NextHopResolver.ALL_REACHABLE);
                return;
            }
            PathAttributes a = u.attributes();
            for (long k : u.nlri()) rib.announce(slot, k, a, NextHopResolver.ALL_REACHABLE);
            nlri += u.nlri().length;
        }
    }

    static BgpSession establishedSession(RibFeed feed) {
        SessionConfig cfg = new SessionConfig(65002, Ip4.parse("10.0.0.2"), 65001, Ip4.parse("10.0.0.1"), 90, 30, true, -1, false, false, false);
        BgpSession s = new BgpSession(cfg);
        s.start(0, feed);
        s.connectionUp(0, true, feed);
        byte[] open = new OpenMessage(4, 65001, 90, Ip4.parse("10.0.0.1"),
                new Capabilities(List.of(Afi.IPV4_UNICAST), 65001, true, null, List.of(), List.of())).encode();
        s.handleBytes(0, open, 0, open.length, feed);
        byte[] ka = KeepaliveMessage.encode();
        s.handleBytes(0, ka, 0, ka.length, feed);
        assertEquals(SessionState.ESTABLISHED, s.state());
        return s;
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    static BgpRib newRib() {
        BgpRib rib = new BgpRib(65002, Ip4.parse("10.0.0.2"), Ip4.parse("10.0.0.2"), false, 4_000_000, 4_000_000);
        rib.addPeer(new PeerInfo(1, false, false, 65001, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.1"), false, false,
                Ip4.parse("10.0.0.2"), true), Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        rib.peerUp(1);
        return rib;
    }

    @Test
    void ingestOneMillionRoutesWithSharedPaths() throws Exception {
        Path file = mrt(1_000_000, 100_000);
        long t0 = System.nanoTime();
        byte[] stream = MrtUpdates.stream(file);
        long tBuild = System.nanoTime() - t0;
        long base = usedHeap();
        long start = System.nanoTime();
        BgpRib rib = newRib();
        RibFeed feed = new RibFeed(rib, 1);
        BgpSession s = establishedSession(feed);
        // as TCP would deliver it: 64 KiB segments
        for (int off = 0; off < stream.length; off += 65536) {
            s.handleBytes(1, stream, off, Math.min(65536, stream.length - off), feed);
        }
        io.vroom.bgp.util.LongList changed = new io.vroom.bgp.util.LongList(1 << 20);
        rib.drainChanged(changed);
        long ingestNs = System.nanoTime() - start;
        int changedCount = changed.size();
        changed = null;
        long retained = usedHeap() - base;
        System.out.printf("BGP ingest 1M/100k paths: %d UPDATE bytes (built in %d ms), %d prefixes, Loc-RIB %d, attribute sets %d, ingest %d ms, retained heap %.1f MB%n",
                stream.length, tBuild / 1_000_000, feed.nlri, rib.locRibSize(), rib.attributes().size(), ingestNs / 1_000_000, retained / 1048576.0);
        assertEquals(1_000_000, rib.locRibSize());
        assertEquals(1_000_000, changedCount);
        assertTrue(rib.attributes().size() <= 100_000);
        assertEquals(SessionState.ESTABLISHED, s.state());
        assertNotNull(rib);
    }
}
