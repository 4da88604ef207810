package io.vroom.tests.netns;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.PortFactory;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only port type "impaired": what {@code tc qdisc add dev <kernel side> root netem loss L
 * reorder R C delay D} does to the kernel's egress, done instead on packets the wrapped port
 * receives (the same packets, the same place on the path), for kernels built without sch_netem
 * (the CI machines' kernel has CONFIG_NET_SCH_NETEM unset). Like netem: a packet is lost with
 * probability L; of the rest, a fraction R (correlated C with the previous choice) goes through at
 * once and the others wait D — so the at-once ones overtake. Seeded, one delivery thread (so the
 * VR sees packets one at a time, as from a real port), at most {@link #MAX_HELD} packets held.
 * <pre>
 * {name: p, type: impaired, loss: 0.01, reorder: 0.25, correlation: 0.5, delay-ms: 5, seed: 1, inner: {type: tun, device: x}}
 * </pre>
 */
public final class ImpairedPortFactory implements PortFactory {
    static final int MAX_HELD = 100_000;

    @Override
    public String type() {
        return "impaired";
    }

    @Override
    public Port open(String name, ConfigNode c, Environment env) {
        c.allowOnly("name", "type", "loss", "reorder", "correlation", "delay-ms", "seed", "inner");
        ConfigNode inner = c.get("inner");
        String type = inner.string("type");
        for (PortFactory f : ServiceLoader.load(PortFactory.class)) {
            if (f.type().equals(type) && !type.equals(type())) {
                return new Impaired(f.open(name, inner, env), c.number("loss", 0, 1, 0), c.number("reorder", 0, 1, 0),
                        c.number("correlation", 0, 1, 0), (long) (c.number("delay-ms", 0, 10_000, 0) * 1_000_000L), c.longValue("seed", 0, Long.MAX_VALUE, 1));
            }
        }
        throw inner.get("type").error("no port type '" + type + "'");
    }

    static final class Impaired implements Port {
        private final Port inner;
        private final double loss, reorder, correlation;
        private final long delayNs;
        private final Random random;
        private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "impaired-port");
            t.setDaemon(true);
            return t;
        });
        private final AtomicInteger held = new AtomicInteger();
        final AtomicLong lost = new AtomicLong(), reordered = new AtomicLong(), overflow = new AtomicLong();
        private double last;

        Impaired(Port inner, double loss, double reorder, double correlation, long delayNs, long seed) {
            this.inner = inner;
            this.loss = loss;
            this.reorder = reorder;
            this.correlation = correlation;
            this.delayNs = delayNs;
            this.random = new Random(seed);
        }

        @Override public String name() { return inner.name(); }
        @Override public int mtu() { return inner.mtu(); }
        @Override public void send(byte[] buf, int off, int len, int nextHop) { inner.send(buf, off, len, nextHop); }

        @Override
        public void start(PacketReceiver receiver) {
            inner.start((buf, off, len) -> {
                if (random.nextDouble() < loss) {
                    lost.incrementAndGet();
                    return;
                }
                // netem's correlated generator: next = (1 - c) * uniform + c * previous.
                last = (1 - correlation) * random.nextDouble() + correlation * last;
                boolean now = last < reorder;
                if (now) reordered.incrementAndGet();
                if (held.incrementAndGet() > MAX_HELD) {
                    held.decrementAndGet();
                    overflow.incrementAndGet();
                    return;
                }
                byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
                delivery.schedule(() -> {
                    held.decrementAndGet();
                    receiver.receive(copy, 0, copy.length);
                }, now ? 0 : delayNs, TimeUnit.NANOSECONDS);
            });
        }

        @Override
        public void close() {
            delivery.shutdownNow();
            inner.close();
        }
    }
}
