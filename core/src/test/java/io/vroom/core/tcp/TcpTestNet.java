package io.vroom.core.tcp;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Two (or more) TcpStacks joined by a virtual-time channel with latency, jitter (reordering) and
 * seeded loss. Every packet each stack transmits is recorded; events are recorded per node; bytes
 * of Data events are accumulated per node and connection. No real time anywhere.
 */
final class TcpTestNet {
    static final int A = Ip4.parse("10.0.0.1");
    static final int B = Ip4.parse("10.0.0.2");

    record Wire(long atNs, long seq, int to, byte[] packet) {}

    record Ev(long atNs, String owner, TcpEvent event) {}

    final class Node implements TcpOutput {
        final int index;
        final int address;
        TcpStack stack;
        final List<Ev> events = new ArrayList<>();
        final List<byte[]> sent = new ArrayList<>();
        final List<Long> sentAtNs = new ArrayList<>();
        final java.util.TreeMap<Integer, ByteArrayOutputStream> received = new java.util.TreeMap<>();

        Node(int index, int address, TcpStack stack) {
            this.index = index;
            this.address = address;
            this.stack = stack;
        }

        @Override
        public void transmit(byte[] ipPacket) {
            sent.add(ipPacket);
            sentAtNs.add(now);
            if (Ipv4.validate(ipPacket, 0, ipPacket.length) != Ipv4.Error.OK) throw new AssertionError("stack sent an invalid IPv4 packet");
            if (TcpSegment.decode(ipPacket).error() != TcpSegment.Error.OK) throw new AssertionError("stack sent an undecodable segment: " + TcpSegment.decode(ipPacket).error());
            if (drop != null && drop.test(ipPacket)) return;
            if (rnd.nextDouble() < loss) {
                lost++;
                return;
            }
            int dst = Ipv4.destination(ipPacket, 0);
            for (Node n : nodes) {
                if (n.address == dst) {
                    long delay = latencyNs + (jitterNs > 0 ? (long) (rnd.nextDouble() * jitterNs) : 0);
                    wire.add(new Wire(now + delay, wireSeq++, n.index, ipPacket));
                }
            }
        }

        /** Super-segments the stack handed down (cut into {@code segmentBytes} pieces by the default output). */
        int superSegments;
        int largestSuperSegment;
        final java.util.Set<Integer> superSegmentSizes = new java.util.TreeSet<>();

        @Override
        public void transmit(byte[] ipPacket, int segmentBytes) {
            superSegments++;
            largestSuperSegment = Math.max(largestSuperSegment, ipPacket.length);
            superSegmentSizes.add(segmentBytes);
            TcpOutput.super.transmit(ipPacket, segmentBytes);
        }

        @Override
        public void deliver(String owner, TcpEvent event) {
            events.add(new Ev(now, owner, event));
            if (event instanceof TcpEvent.Data d) received.computeIfAbsent(d.connId(), k -> new ByteArrayOutputStream()).writeBytes(d.bytes());
            if (onEvent != null) onEvent.handle(this, event);
        }

        byte[] receivedBytes(int connId) {
            ByteArrayOutputStream b = received.get(connId);
            return b == null ? new byte[0] : b.toByteArray();
        }

        <T extends TcpEvent> List<T> eventsOf(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (Ev e : events) if (type.isInstance(e.event())) out.add(type.cast(e.event()));
            return out;
        }

        TcpConnectionInfo info(int connId) {
            return stack.info(connId);
        }
    }

    interface EventHook {
        void handle(Node node, TcpEvent event);
    }

    final List<Node> nodes = new ArrayList<>();
    final PriorityQueue<Wire> wire = new PriorityQueue<>((x, y) -> x.atNs != y.atNs ? Long.compare(x.atNs, y.atNs) : Long.compare(x.seq, y.seq));
    final Random rnd;
    long now;
    long wireSeq;
    long latencyNs = 5_000_000L;
    long jitterNs;
    double loss;
    int lost;
    Predicate<byte[]> drop;
    EventHook onEvent;
    /** Called after every step (for applications that pump data). */
    Runnable afterStep;

    TcpTestNet(long seed) {
        this.rnd = new Random(seed);
    }

    static TcpTestNet pair(long seed, TcpConfig cfg) {
        TcpTestNet n = new TcpTestNet(seed);
        n.add(A, new TcpStack(cfg, seed * 31 + 1));
        n.add(B, new TcpStack(cfg, seed * 31 + 2));
        return n;
    }

    Node add(int address, TcpStack stack) {
        Node n = new Node(nodes.size(), address, stack);
        nodes.add(n);
        return n;
    }

    Node a() { return nodes.get(0); }
    Node b() { return nodes.get(1); }

    /** Runs events in time order until {@code done} holds or virtual time passes {@code untilNs}; returns done. */
    boolean runUntil(BooleanSupplier done, long untilNs) {
        while (!done.getAsBoolean()) {
            long next = Long.MAX_VALUE;
            if (!wire.isEmpty()) next = wire.peek().atNs;
            for (Node n : nodes) next = Math.min(next, n.stack.nextDeadlineNs());
            if (next == Long.MAX_VALUE || next > untilNs) {
                now = Math.max(now, untilNs);
                return done.getAsBoolean();
            }
            now = Math.max(now, next);
            while (!wire.isEmpty() && wire.peek().atNs <= now) {
                Wire w = wire.poll();
                Node n = nodes.get(w.to);
                n.stack.handleSegment(now, w.packet, n);
            }
            for (Node n : nodes) if (n.stack.nextDeadlineNs() <= now) n.stack.handleTimeout(now, n);
            if (afterStep != null) afterStep.run();
        }
        return true;
    }

    void runFor(long ns) {
        long until = now + ns;
        runUntil(() -> false, until);
        now = until;
    }

    /** Establishes a connection A -&gt; B:port; returns {connIdAtA, connIdAtB}. */
    int[] connect(int port, TcpSocketOptions opts) {
        b().stack.listen(B, port, 7, opts);
        int ca = a().stack.connect(now, A, B, port, opts, a());
        boolean ok = runUntil(() -> !a().eventsOf(TcpEvent.Connected.class).isEmpty() && !b().eventsOf(TcpEvent.Accepted.class).isEmpty(), now + 60_000_000_000L);
        if (!ok) throw new AssertionError("handshake did not complete");
        int cb = b().eventsOf(TcpEvent.Accepted.class).get(b().eventsOf(TcpEvent.Accepted.class).size() - 1).connId();
        return new int[] {ca, cb};
    }

    /** Deep copy of a stack through Java serialization of its plain-data graph. */
    static TcpStack deepCopy(TcpStack s) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(bo)) {
                o.writeObject(s);
            }
            try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(bo.toByteArray()))) {
                return (TcpStack) i.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("stack state is not plain serializable data", e);
        }
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A hand-made segment (no options unless {@code md5Key}), checksums correct. */
    static byte[] raw(int src, int sport, int dst, int dport, int seq, int ack, int flags, int window, byte[] data, byte[] md5Key) {
        TcpEncoder.Spec s = new TcpEncoder.Spec(src, dst, sport, dport);
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = window;
        s.md5Key = md5Key;
        ByteRing r = new ByteRing(Math.max(1, data.length));
        r.write(data, 0, data.length);
        return TcpEncoder.encode(s, r, 0, data.length);
    }

    /** Records what a stack emits when driven directly by a test. */
    static final class Sink implements TcpOutput {
        final List<byte[]> packets = new ArrayList<>();
        final List<TcpEvent> events = new ArrayList<>();

        @Override
        public void transmit(byte[] ipPacket) {
            packets.add(ipPacket);
        }

        @Override
        public void deliver(String owner, TcpEvent event) {
            events.add(event);
        }

        TcpSegment last() {
            return seg(packets.get(packets.size() - 1));
        }
    }

    /** Packets node {@code n} sent whose decoded segment satisfies {@code p}. */
    static List<TcpSegment> sentWhere(Node n, Predicate<TcpSegment> p) {
        List<TcpSegment> out = new ArrayList<>();
        for (byte[] b : n.sent) {
            TcpSegment s = seg(b);
            if (p.test(s)) out.add(s);
        }
        return out;
    }

    /** Decoded view of a captured packet (tests only). */
    static TcpSegment seg(byte[] packet) {
        return TcpSegment.decode(packet).segment();
    }
}
