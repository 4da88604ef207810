package io.vroom.tests.lab;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import io.vroom.core.net.Udp;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A round-trip UDP traffic generator in the spirit of D-ITG, running as an application inside a
 * VR (so it is sans-IO, deterministic in the simulator, and moves with its VR). It probes until the
 * path answers (warm-up, not counted), then sends {@code rate} packets per second of {@code size}
 * bytes for {@code duration}, each carrying its sequence number and send time; the far end's
 * {@link UdpEcho} returns them. After a drain period it reports sent, received, lost and RTTs.
 */
public final class TrafficGenerator implements Protocol {
    static final int PORT_SRC = 9001;
    static final int PORT_ECHO = 9000;
    private static final long PROBE_INTERVAL_NS = 100_000_000L;
    private static final long DRAIN_NS = 2_000_000_000L;
    private static final int KIND_PROBE = 1, KIND_DATA = 2;
    /** Upper bound on one run's packets (memory for RTT samples: 4 bytes each). */
    public static final int MAX_PACKETS = 20_000_000;

    enum State { WARMUP, RUNNING, DRAINING, DONE, FAILED }

    private final int destination;
    private final int rate;
    private final int size;
    private final long total;
    private final long intervalNs;
    private final long warmupTimeoutNs;
    private State state = State.WARMUP;
    private long startedNs, runStartNs, nextSendNs, drainUntilNs;
    private int sent, received, duplicates, late;
    /** The longest silence between two replies while running: how long an outage lasted. */
    private long lastReplyNs, maxGapNs;
    /** Replies counted when the longest gap ended: what came after it shows that traffic resumed. */
    private int receivedAtGapEnd;
    private final BitSet seen = new BitSet();
    private final int[] rttUs;

    TrafficGenerator(int destination, int rate, int size, double durationSec, double warmupTimeoutSec) {
        this.destination = destination;
        this.rate = rate;
        this.size = size;
        this.total = Math.min(MAX_PACKETS, Math.round(rate * durationSec));
        this.intervalNs = 1_000_000_000L / rate;
        this.warmupTimeoutNs = (long) (warmupTimeoutSec * 1e9);
        this.rttUs = new int[(int) total];
    }

    @Override public String name() { return "trafficgen"; }
    @Override public boolean acceptsUdpPort(int port) { return port == PORT_SRC; }

    @Override
    public void start(long nowNs, ProtocolContext ctx) {
        startedNs = nowNs;
        nextSendNs = nowNs;
    }

    @Override
    public long nextDeadlineNs() {
        return switch (state) {
            case WARMUP, RUNNING -> nextSendNs;
            case DRAINING -> drainUntilNs;
            default -> Long.MAX_VALUE;
        };
    }

    @Override
    public void handleTimeout(long nowNs, ProtocolContext ctx) {
        switch (state) {
            case WARMUP -> {
                if (nowNs - startedNs > warmupTimeoutNs) {
                    state = State.FAILED;
                    ctx.log("trafficgen: no answer from " + Ip4.format(destination) + " during warm-up");
                    return;
                }
                send(ctx, KIND_PROBE, 0, nowNs);
                nextSendNs = nowNs + PROBE_INTERVAL_NS;
            }
            case RUNNING -> {
                // Catch up on every packet due by now (a late timer must not lower the rate).
                while (nextSendNs <= nowNs && sent < total) {
                    send(ctx, KIND_DATA, sent, nowNs);
                    sent++;
                    nextSendNs += intervalNs;
                }
                if (sent >= total) {
                    state = State.DRAINING;
                    drainUntilNs = nowNs + DRAIN_NS;
                }
            }
            case DRAINING -> {
                if (nowNs >= drainUntilNs) state = State.DONE;
            }
            default -> { }
        }
    }

    private void send(ProtocolContext ctx, int kind, int seq, long nowNs) {
        int payload = Math.max(13, size - Ipv4.HEADER_LENGTH - Udp.HEADER_LENGTH);
        byte[] data = new byte[payload];
        data[0] = (byte) kind;
        writeInt(data, 1, seq);
        writeLong(data, 5, nowNs);
        int source = sourceToward(ctx);
        ctx.sendRouted(Udp.packet(source, PORT_SRC, destination, PORT_ECHO, Ipv4.DEFAULT_TTL, data, 0, data.length));
    }

    private int sourceToward(ProtocolContext ctx) {
        var route = ctx.lookup(destination);
        if (route != null && !route.nextHops().isEmpty()) {
            var iface = ctx.iface(route.nextHops().get(0).ifIndex());
            if (iface != null) return iface.address();
        }
        return ctx.routerId();
    }

    @Override
    public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {
        int u = Ipv4.payloadOffset(packet, 0);
        if (!Udp.valid(packet, 0) || Udp.length(packet, u) < Udp.HEADER_LENGTH + 13) return;
        int d = u + Udp.HEADER_LENGTH;
        int kind = packet[d];
        if (kind == KIND_PROBE && state == State.WARMUP) {
            state = State.RUNNING;
            runStartNs = nowNs;
            nextSendNs = nowNs;
        } else if (kind == KIND_DATA) {
            int seq = readInt(packet, d + 1);
            long sentNs = readLong(packet, d + 5);
            if (seq < 0 || seq >= sent) return;
            if (seen.get(seq)) {
                duplicates++;
                return;
            }
            if (state == State.DONE) {
                late++;
                return;
            }
            seen.set(seq);
            if (lastReplyNs != 0 && nowNs - lastReplyNs > maxGapNs) {
                maxGapNs = nowNs - lastReplyNs;
                receivedAtGapEnd = received;
            }
            lastReplyNs = nowNs;
            rttUs[received++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (nowNs - sentNs) / 1000));
        }
    }

    @Override
    public Object show(String what) {
        Map<String, Object> traffic = new LinkedHashMap<>();
        traffic.put("state", state.name().toLowerCase());
        traffic.put("destination", Ip4.format(destination));
        traffic.put("rate_pps", rate);
        traffic.put("size_bytes", size);
        traffic.put("sent", sent);
        traffic.put("received", received);
        traffic.put("lost", sent - received);
        traffic.put("duplicates", duplicates);
        traffic.put("late", late);
        traffic.put("max_gap_ms", maxGapNs / 1_000_000.0);
        traffic.put("received_after_longest_gap", received - receivedAtGapEnd);
        int[] sorted = Arrays.copyOf(rttUs, received);
        Arrays.sort(sorted);
        Map<String, Object> rtt = new LinkedHashMap<>();
        rtt.put("p50", percentile(sorted, 0.50));
        rtt.put("p99", percentile(sorted, 0.99));
        rtt.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        traffic.put("rtt_us", rtt);
        return traffic;
    }

    private static int percentile(int[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static void writeInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (24 - 8 * i));
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (56 - 8 * i));
    }

    static int readInt(byte[] b, int off) {
        int v = 0;
        for (int i = 0; i < 4; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
