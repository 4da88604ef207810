package io.vroom.core.rib;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The RIB's compact layout (one packed slot per single-candidate prefix, objects for the rest)
 * against a plain reference model: the same selection, deltas and lookups through every
 * transition between the two forms.
 */
class RibTableTest {
    private static final List<NextHop> A = List.of(new NextHop(0, Ip4.parse("10.0.0.1")));
    private static final List<NextHop> B = List.of(new NextHop(1, Ip4.parse("10.0.1.2")));

    /** The reference: candidates per prefix in a TreeMap, selection as the RIB documents it. */
    private static final class Model {
        final TreeMap<Ip4Prefix, Route[]> c = new TreeMap<>();

        Route best(Ip4Prefix p) {
            Route[] rs = c.get(p);
            Route best = null;
            if (rs != null) for (Route r : rs) {
                if (r != null && (best == null || r.distance() < best.distance() || r.distance() == best.distance() && r.metric() < best.metric())) best = r;
            }
            return best;
        }

        RibDelta update(Route r) {
            Route before = best(r.prefix());
            c.computeIfAbsent(r.prefix(), x -> new Route[RouteSource.values().length])[r.source().ordinal()] = r;
            Route after = best(r.prefix());
            return after.equals(before) ? null : new RibDelta(r.prefix(), after);
        }

        RibDelta withdraw(RouteSource s, Ip4Prefix p) {
            Route before = best(p);
            Route[] rs = c.get(p);
            if (rs == null || rs[s.ordinal()] == null) return null;
            rs[s.ordinal()] = null;
            boolean empty = true;
            for (Route r : rs) empty &= r == null;
            if (empty) c.remove(p);
            Route after = best(p);
            return after == null ? new RibDelta(p, null) : after.equals(before) ? null : new RibDelta(p, after);
        }
    }

    @Test
    void randomOperationsMatchTheReference() {
        Random rnd = new Random(7);
        Rib rib = new Rib();
        Model model = new Model();
        RouteSource[] sources = RouteSource.values();
        List<Ip4Prefix> pool = new ArrayList<>();
        for (int i = 0; i < 300; i++) pool.add(new Ip4Prefix(rnd.nextInt(), 8 + rnd.nextInt(25)));
        pool.add(Ip4Prefix.DEFAULT);
        for (int step = 0; step < 20_000; step++) {
            Ip4Prefix p = pool.get(rnd.nextInt(pool.size()));
            RouteSource s = sources[rnd.nextInt(sources.length)];
            if (rnd.nextInt(3) == 0) {
                assertEquals(model.withdraw(s, p), rib.withdraw(s, p), "withdraw " + s + " " + p + " at step " + step);
            } else {
                // distances beyond a byte and negative/huge metrics do not pack: they take the object path
                int distance = rnd.nextInt(10) == 0 ? 300 + rnd.nextInt(10) : s.defaultDistance;
                int metric = switch (rnd.nextInt(4)) {
                    case 0 -> -1 - rnd.nextInt(5);
                    case 1 -> Integer.MAX_VALUE - rnd.nextInt(3);
                    default -> rnd.nextInt(4);
                };
                Route r = new Route(p, s, distance, metric, rnd.nextBoolean() ? A : B);
                assertEquals(model.update(r), rib.update(r), "update " + r + " at step " + step);
            }
            if (step % 997 == 0) {
                List<Route> want = new ArrayList<>();
                for (Ip4Prefix q : model.c.keySet()) want.add(model.best(q));
                assertEquals(want, new ArrayList<>(rib.selectedRoutes()), "selected routes, in prefix order");
                assertEquals(model.c.size(), rib.size());
            }
        }
        for (Ip4Prefix p : pool) assertEquals(model.best(p), rib.best(p), "best " + p);
    }

    @Test
    void lookupFindsTheLongestMatchAndSkipsUnusedLengths() {
        Rib rib = new Rib();
        rib.update(Route.of(Ip4Prefix.parse("0.0.0.0/0"), RouteSource.STATIC, 0, B));
        rib.update(Route.of(Ip4Prefix.parse("10.0.0.0/24"), RouteSource.CONNECTED, 0, A));
        rib.update(Route.of(Ip4Prefix.parse("10.0.0.0/16"), RouteSource.EBGP, 0, B));
        assertEquals(Ip4Prefix.parse("10.0.0.0/24"), rib.lookup(Ip4.parse("10.0.0.9")).prefix());
        assertEquals(Ip4Prefix.parse("10.0.0.0/16"), rib.lookup(Ip4.parse("10.0.7.9")).prefix());
        assertEquals(Ip4Prefix.parse("0.0.0.0/0"), rib.lookup(Ip4.parse("192.0.2.1")).prefix());
        assertEquals(Ip4Prefix.parse("10.0.0.0/16"), rib.lookupExcluding(Ip4.parse("10.0.0.9"), Ip4Prefix.parse("10.0.0.0/24")).prefix());
        rib.withdraw(RouteSource.STATIC, Ip4Prefix.DEFAULT);
        assertNull(rib.lookup(Ip4.parse("192.0.2.1")));
    }

    @Test
    void routesOfOneNextHopShareOneList() {
        Rib rib = new Rib();
        for (int i = 0; i < 1000; i++) rib.update(Route.of(new Ip4Prefix(i << 8, 24), RouteSource.EBGP, 0, List.of(new NextHop(0, Ip4.parse("10.0.0.1")))));
        Route a = rib.best(new Ip4Prefix(0, 24)), b = rib.best(new Ip4Prefix(999 << 8, 24));
        assertEquals(A, a.nextHops());
        assertSame(a.nextHops(), b.nextHops(), "one interned list, not one per route");
    }
}
