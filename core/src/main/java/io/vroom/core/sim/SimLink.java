package io.vroom.core.sim;

import io.vroom.core.dataplane.Port;
import java.util.zip.CRC32;

/**
 * A point-to-point link of the simulation: two {@link End}s (ports) joined with a latency, a
 * uniform jitter (packets may overtake each other: reordering), a loss probability and an up/down
 * state (a partition drops everything). Randomness comes from the simulator's seeded generator.
 */
public final class SimLink {
    /** MTU of simulated ports. */
    public static final int MTU = 9000;

    private final Simulator sim;
    private final String name;
    private long latencyNs;
    private long jitterNs;
    private double loss;
    private boolean up = true;
    private final End a;
    private final End b;

    SimLink(Simulator sim, String name, long latencyNs) {
        this.sim = sim;
        this.name = name;
        this.latencyNs = latencyNs;
        this.a = new End(name + ".a");
        this.b = new End(name + ".b");
        a.peer = b;
        b.peer = a;
    }

    public String name() { return name; }
    public End a() { return a; }
    public End b() { return b; }

    public SimLink latency(long ns) { latencyNs = ns; return this; }
    public SimLink jitter(long ns) { jitterNs = ns; return this; }
    public SimLink loss(double probability) { loss = probability; return this; }

    /** Partition (false) or heal (true) the link. */
    public void setUp(boolean isUp) {
        up = isUp;
        sim.trace("link " + name + (isUp ? " up" : " down"));
    }

    public boolean isUp() { return up; }

    /** One end of the link, a {@link Port}: delivery to the far end's receiver is an event. */
    public final class End implements Port {
        private final String endName;
        private End peer;
        private PacketReceiver receiver;

        End(String endName) {
            this.endName = endName;
        }

        @Override public String name() { return endName; }
        @Override public int mtu() { return MTU; }

        @Override
        public void start(PacketReceiver r) {
            this.receiver = r;
        }

        @Override
        public void send(byte[] buf, int off, int len, int nextHop) {
            if (len > MTU) return;
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
            if (!up || (loss > 0 && sim.random().nextDouble() < loss)) {
                sim.trace("drop " + endName + " len=" + len + " crc=" + crc(copy));
                return;
            }
            long delay = latencyNs + (jitterNs > 0 ? (long) (sim.random().nextDouble() * jitterNs) : 0);
            End to = peer;
            sim.schedule(sim.nowNs() + delay, () -> {
                if (!up) {
                    sim.trace("drop " + to.endName + " (link down in flight) len=" + copy.length);
                    return;
                }
                sim.trace("deliver " + to.endName + " len=" + copy.length + " crc=" + crc(copy));
                if (to.receiver != null) to.receiver.receive(copy, 0, copy.length);
            });
        }

        @Override
        public void close() {
            receiver = null;
        }
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }
}
