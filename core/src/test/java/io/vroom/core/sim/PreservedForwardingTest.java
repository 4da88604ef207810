package io.vroom.core.sim;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.RestartProgress;
import io.vroom.core.vr.VirtualRouter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A VR that starts over its preserved FIB (a node restart with the FIB kept: {@link SimNode#crash},
 * then a fresh VR of the same name) knows it ({@code ProtocolContext.forwardingPreserved}); the
 * preserved entries keep forwarding until no protocol is re-learning ({@code Protocol.restartProgress}),
 * then those nothing installed again go — at once for protocols that report DONE, after the grace
 * period for protocols that do not say, never while one is RELEARNING.
 */
class PreservedForwardingTest {
    static final long SEC = 1_000_000_000L;
    static final Ip4Prefix P1 = Ip4Prefix.parse("10.1.0.0/16"), P2 = Ip4Prefix.parse("10.2.0.0/16");

    /** Installs the prefixes it is told to (command "learn PREFIX"); reports the progress it is set to ("progress X"). */
    static final class Toy implements Protocol {
        RestartProgress progress;
        boolean sawPreserved;
        final List<Ip4Prefix> atStart;

        Toy(RestartProgress progress, List<Ip4Prefix> atStart) {
            this.progress = progress;
            this.atStart = atStart;
        }

        public String name() { return "toy"; }

        public void start(long nowNs, ProtocolContext ctx) {
            sawPreserved = ctx.forwardingPreserved();
            for (Ip4Prefix p : atStart) install(ctx, p);
        }

        static void install(ProtocolContext ctx, Ip4Prefix p) {
            ctx.updateRoute(Route.of(p, RouteSource.OSPF, 10, List.of(new NextHop(0, Ip4.parse("10.0.0.2")))));
        }

        public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {}

        public void handleTimeout(long nowNs, ProtocolContext ctx) {}

        public long nextDeadlineNs() { return Long.MAX_VALUE; }

        public RestartProgress restartProgress() { return progress; }

        public Object command(long nowNs, ProtocolContext ctx, String command, List<String> args) {
            if (command.equals("learn")) install(ctx, Ip4Prefix.parse(args.get(0)));
            else if (command.equals("progress")) progress = RestartProgress.valueOf(args.get(0));
            return "ok";
        }
    }

    Simulator sim;
    SimLink link;

    SimVr host(Toy toy) {
        VirtualRouter vr = new VirtualRouter(DiamondTestbed.vr("v", 5, new String[] {"eth0", "10.0.0.1/24"}, null), List.of(toy));
        return sim.node("n").host(vr, List.of(link.a()), true);
    }

    static boolean inFib(SimVr vr, Ip4Prefix p) {
        return vr.dataPlane().entries().stream().anyMatch(e -> e.prefix().equals(p));
    }

    /** v learns P1 and P2, its process dies with the FIB kept, and a fresh v starts over that FIB. */
    SimVr restartOverPreservedFib(Toy fresh) {
        sim = new Simulator(1);
        sim.addNode("n");
        link = sim.link("l", 1_000_000);
        SimVr first = host(new Toy(RestartProgress.UNTRACKED, List.of(P1, P2)));
        sim.runFor(SEC);
        assertFalse(first.router().forwardingPreserved(), "a first start over an empty FIB");
        assertTrue(inFib(first, P1) && inFib(first, P2));
        sim.node("n").crash("v");
        sim.runFor(SEC);
        SimVr v = host(fresh);
        assertTrue(v.router().forwardingPreserved());
        assertTrue(fresh.sawPreserved, "the protocol saw it at start");
        assertTrue(inFib(v, P1) && inFib(v, P2), "the preserved FIB forwards");
        assertEquals(2 - fresh.atStart.size(), v.preservedFibPending(), "P1 and P2 wait (unless installed at start); connected and local entries were installed again");
        return v;
    }

    @Test
    void aTrackingProtocolKeepsThePreservedEntriesUntilItIsDone() {
        Toy toy = new Toy(RestartProgress.RELEARNING, List.of());
        SimVr v = restartOverPreservedFib(toy);
        assertEquals(RestartProgress.RELEARNING, v.router().restartProgress());
        v.command("toy", "learn", List.of(P1.toString()));
        assertEquals(1, v.preservedFibPending(), "P1 is current again");
        sim.runFor(SimNode.PRESERVED_FIB_GRACE_NS + SEC);
        assertTrue(inFib(v, P2), "still RELEARNING: P2 stays past the grace period");
        v.command("toy", "progress", List.of("DONE"));
        assertFalse(inFib(v, P2), "DONE: P2, not learned again, goes at once");
        assertTrue(inFib(v, P1), "P1 stays");
        assertEquals(0, v.preservedFibPending());
    }

    @Test
    void aProtocolThatDoesNotSayGetsTheGracePeriod() {
        SimVr v = restartOverPreservedFib(new Toy(RestartProgress.UNTRACKED, List.of(P1)));
        assertEquals(RestartProgress.UNTRACKED, v.router().restartProgress());
        assertEquals(1, v.preservedFibPending());
        sim.runFor(SimNode.PRESERVED_FIB_GRACE_NS - 2 * SEC);
        assertTrue(inFib(v, P2), "kept within the grace period");
        sim.runFor(3 * SEC);
        assertFalse(inFib(v, P2), "gone once it passed");
        assertTrue(inFib(v, P1));
    }

    @Test
    void aVrWithoutPreservedFibIsNotRestarting() {
        sim = new Simulator(2);
        sim.addNode("n");
        link = sim.link("l", 1_000_000);
        host(new Toy(RestartProgress.UNTRACKED, List.of(P1)));
        sim.runFor(SEC);
        sim.node("n").evict("v"); // the FIB goes with it
        Toy fresh = new Toy(RestartProgress.RELEARNING, List.of());
        SimVr v = host(fresh);
        assertFalse(v.router().forwardingPreserved());
        assertFalse(fresh.sawPreserved);
        assertEquals(RestartProgress.DONE, v.router().restartProgress(), "nothing preserved: nothing to re-learn");
        assertFalse(inFib(v, P1));
    }
}
