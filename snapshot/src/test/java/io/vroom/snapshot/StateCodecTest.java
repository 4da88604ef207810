package io.vroom.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    static final class Holder {
        final TreeMap<Ip4Prefix, Route> routes = new TreeMap<>();
        final BitSet bits = new BitSet();
        List<Object> shared = new ArrayList<>();
        Object sameAgain;
        int[] ints = {1, 2, 3};
        Map<String, Set<Integer>> immutable = Map.of("a", Set.of(1, 2), "b", Set.of());
        java.util.EnumMap<RouteSource, Integer> byEnum = new java.util.EnumMap<>(RouteSource.class);
    }

    @Test
    void roundTripsRecordsImmutableCollectionsAndSharedReferences() {
        Holder h = new Holder();
        Route r = Route.of(Ip4Prefix.parse("10.0.0.0/8"), RouteSource.OSPF, 20, List.of(new NextHop(1, 0x0a000001), new NextHop(2, 0)));
        h.routes.put(r.prefix(), r);
        h.byEnum.put(RouteSource.OSPF, 110);
        h.byEnum.put(RouteSource.STATIC, 1);
        h.bits.set(5);
        h.bits.set(1000);
        h.shared.add(r);
        h.sameAgain = h.shared;
        StateCodec codec = new StateCodec();
        Holder c = codec.copy(h, Holder.class);
        assertNotSame(h, c);
        assertEquals(h.routes, c.routes);
        assertEquals(h.bits, c.bits);
        assertArrayEquals(h.ints, c.ints);
        assertEquals(h.immutable, c.immutable);
        assertEquals(h.byEnum, c.byEnum);
        c.byEnum.put(RouteSource.EBGP, 20);
        assertSame(c.shared, c.sameAgain, "references within the graph are preserved");
        assertEquals(r.nextHops(), c.routes.firstEntry().getValue().nextHops());
    }

    @Test
    void corruptOrTruncatedInputIsAClearErrorNeverAnotherException() {
        StateCodec codec = new StateCodec();
        byte[] good = codec.encode(List.of(1, 2, 3, "four"));
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] bad = java.util.Arrays.copyOf(good, rnd.nextInt(good.length));
            if (bad.length > 0) bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
            try {
                codec.decode(bad, List.class);
            } catch (StateCodec.StateCodecException expected) {
                // the only acceptable failure
            }
        }
        assertThrows(StateCodec.StateCodecException.class, () -> codec.decode(new byte[0], List.class));
    }

    @Test
    void digestDiffersWhenOneByteDiffers() {
        byte[] a = {1, 2, 3};
        byte[] b = {1, 2, 4};
        assertEquals(32, StateCodec.digest(a).length);
        assertEquals(false, java.util.Arrays.equals(StateCodec.digest(a), StateCodec.digest(b)));
    }
}
