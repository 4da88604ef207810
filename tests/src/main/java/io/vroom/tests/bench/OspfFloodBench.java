package io.vroom.tests.bench;

import io.vroom.core.net.Ipv4;
import io.vroom.core.sim.SimLink;
import io.vroom.core.sim.Simulator;
import io.vroom.core.sim.Topology;
import io.vroom.core.sim.TopologySim;
import io.vroom.ospf.LsaEntry;
import io.vroom.ospf.Ospf;
import io.vroom.ospf.OspfFactory;
import io.vroom.ospf.packet.Auth;
import io.vroom.ospf.packet.LinkStateUpdate;
import io.vroom.ospf.packet.PacketCodec;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import io.vroom.ospf.packet.lsa.RouterLsa;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reliable flooding (RFC 2328 §13) through real VirtualRouters in the simulator: a hub VR with
 * {@link #LEAVES} point-to-point neighbors (all Full, 1 s hellos) receives {@link #LSAS} new LSAs
 * in Link State Update packets from leaf 1; it checks and installs each and floods it to the other
 * leaves, which check, install and acknowledge it. One operation is one LSA installed at one
 * router (hub or leaf), so the figure is LSA installs per second of wall-clock time across the
 * network, everything included (IPv4 and OSPF decoding, Fletcher checksums, LSDB, flooding,
 * retransmission lists, acknowledgements, the simulated forwarding engine). Each invocation sends
 * new instances (a higher sequence number) of the same LSAs, 2 s of virtual time apart.
 *
 * <p>Measured as single shots (one flood round each, {@link #LSAS} x {@link #LEAVES} installs) and
 * reported by {@code vroom bench} as the median rate with its interquartile range: on a shared
 * 2-core machine a throughput mean over a few 2 s iterations swung by more than its own value (one
 * slow iteration under another process's load dominated it), a median of many rounds does not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = OspfFloodBench.FLOOD_WARMUP_ROUNDS)
@Measurement(iterations = OspfFloodBench.FLOOD_ROUNDS)
@Fork(1)
public class OspfFloodBench {
    public static final int FLOOD_WARMUP_ROUNDS = 15;
    public static final int FLOOD_ROUNDS = 40;
    public static final int LEAVES = 4;
    public static final int LSAS = 10_000;
    static final long MS = 1_000_000L;

    TopologySim net;
    int seq = 0x80000001;
    List<byte[]> packets;
    SimLink.End from;
    LsaKey last;

    @Setup(Level.Trial)
    public void build() {
        List<String> names = new ArrayList<>(List.of("hub"));
        List<Topology.Link> links = new ArrayList<>();
        for (int i = 1; i <= LEAVES; i++) {
            names.add("leaf" + i);
            links.add(new Topology.Link(0, i, 1, 1));
        }
        Topology t = new Topology("star", names, links);
        net = new TopologySim(new Simulator(1), t, 100_000, 0, TopologySim.fromYaml(new OspfFactory(), (r, ifs) -> {
            StringBuilder y = new StringBuilder("interfaces:\n");
            for (var i : ifs) {
                y.append("  - {name: ").append(i.name()).append(", area: 0.0.0.0")
                        .append(i.link() < 0 ? ", passive: true}\n" : ", network: point-to-point, hello-interval: 1, dead-interval: 3}\n");
            }
            return y.toString();
        }, t));
        net.sim().setTracing(false);
        net.sim().runFor(10_000 * MS);
        from = net.ports(1).get(0);
    }

    @Setup(Level.Iteration)
    public void nextRound() {
        net.sim().runFor(2_000 * MS); // past MinLSArrival; acknowledgements settle
        seq++;
        int leafRid = TopologySim.routerId(1), src = net.topology().linkAddress(0, 1);
        packets = new ArrayList<>();
        List<Lsa> batch = new ArrayList<>();
        int size = 0;
        for (int k = 0; k < LSAS; k++) {
            int rid = 0x0b000000 + k; // 11.0.0.0 + k: routers beyond the star
            Lsa l = Lsa.build(1, 0x02, rid, rid, seq, new RouterLsa(0, List.of(new RouterLsa.Link(0x0c000000 + (k << 8), 0xffffff00, RouterLsa.LINK_STUB, 10))));
            last = l.key();
            if (size + l.bytes().length > 1400) {
                packets.add(packet(leafRid, src, batch));
                batch = new ArrayList<>();
                size = 0;
            }
            batch.add(l);
            size += l.bytes().length;
        }
        packets.add(packet(leafRid, src, batch));
    }

    static byte[] packet(int rid, int src, List<Lsa> lsas) {
        byte[] ospf = PacketCodec.encode(rid, 0, LinkStateUpdate.of(lsas), Auth.NULL, 0);
        return Ipv4.packet(src, Ospf.ALL_SPF_ROUTERS, Ipv4.PROTO_OSPF, 1, 0xc0, ospf);
    }

    @Benchmark
    @OperationsPerInvocation(LSAS * LEAVES)
    public long flood() {
        for (byte[] p : packets) from.send(p, 0, p.length, 0);
        for (int guard = 0; guard < 100_000; guard++) {
            net.sim().runFor(5 * MS);
            if (everywhere()) return net.sim().eventsExecuted();
        }
        throw new IllegalStateException("the LSAs did not reach every router");
    }

    /** The last LSA of this round is installed at the hub and at every leaf but the sender. */
    boolean everywhere() {
        for (int r = 0; r <= LEAVES; r++) {
            if (r == 1) continue;
            LsaEntry e = ((Ospf) net.router(r).protocol("ospf")).areas().get(0).lsdb().get(last);
            if (e == null || e.lsa().header().seq() != seq) return false;
        }
        return true;
    }

    /**
     * The same rounds measured in this JVM by the flooding thread's CPU time rather than wall-clock
     * time: on a shared, loaded machine the thread is often descheduled, which wall-clock time counts
     * and CPU time does not (GC threads' work is not counted either). Returns LSA installs per
     * CPU-second: {median, p25, p75} over {@code rounds} rounds after {@code warmup} rounds.
     */
    public static double[] cpuRate(int warmup, int rounds) {
        java.lang.management.ThreadMXBean tmx = java.lang.management.ManagementFactory.getThreadMXBean();
        OspfFloodBench b = new OspfFloodBench();
        b.build();
        double[] r = new double[rounds];
        for (int i = 0; i < warmup + rounds; i++) {
            b.nextRound();
            long c0 = tmx.getCurrentThreadCpuTime();
            b.flood();
            long cpuNs = tmx.getCurrentThreadCpuTime() - c0;
            if (i >= warmup) r[i - warmup] = (double) LSAS * LEAVES / (cpuNs / 1e9);
        }
        java.util.Arrays.sort(r);
        return new double[] {r[rounds / 2], r[rounds / 4], r[rounds * 3 / 4]};
    }

    /** Installs of this round's LSAs, counted at every router (a check that nothing was lost). */
    public int installed() {
        int n = 0;
        for (int r = 0; r <= LEAVES; r++) {
            for (LsaEntry e : ((Ospf) net.router(r).protocol("ospf")).areas().get(0).lsdb().entries().values()) {
                if (e.lsa().header().type() == LsaHeader.TYPE_ROUTER && e.lsa().header().advRouter() >>> 24 == 11 && e.lsa().header().seq() == seq) n++;
            }
        }
        return n;
    }
}
