package io.vroom.core.tcp;

import io.vroom.core.spi.Rng;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * The TCP of one virtual router (RFC 9293), sans-IO: segments in through {@link #handleSegment},
 * timers through {@link #handleTimeout} at {@link #nextDeadlineNs}, owner commands through
 * {@link #connect}, {@link #send}, {@link #close} and friends; everything it emits — packets and
 * events — goes to the {@link TcpOutput} handed in with the call. The whole stack, connections
 * included, is plain data: it can be captured between any two calls and restored elsewhere.
 *
 * <p>Not thread-safe by design: one VR loop drives it.
 */
public final class TcpStack implements Serializable {
    /** A connection's 4-tuple as seen from this stack. */
    private record Tuple(int localAddr, int localPort, int remoteAddr, int remotePort) implements Serializable {}

    private record Pending(String owner, TcpEvent event) implements Serializable {}

    private static final int EPHEMERAL_FIRST = 49152;
    private static final int EPHEMERAL_COUNT = 65536 - EPHEMERAL_FIRST;
    private static final long SECOND_NS = 1_000_000_000L;

    private final TcpConfig config;
    /** State of a SplitMix64 ({@link Rng}); kept as a long so the stack owns its randomness as plain data. */
    private long rngState;
    private int nextConnId = 1;
    private int ipId;
    private final TreeMap<Integer, TcpConnection> conns = new TreeMap<>();
    /** Lookup only, never iterated. */
    private final HashMap<Tuple, Integer> byTuple = new HashMap<>();
    private final TreeMap<Integer, TcpListener> listeners = new TreeMap<>();
    /** RFC 2385 keys by peer address. */
    private final TreeMap<Integer, byte[]> md5Keys = new TreeMap<>();
    private final long[] counters = new long[TcpCounter.values().length];
    private long challengeWindowStartNs = Long.MIN_VALUE;
    private int challengeAcksInWindow;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean delivering;
    /** Reused for every RFC 2385 signature; not state (transient: a restored stack makes its own on first use). */
    private transient java.security.MessageDigest md5;

    /** A stack whose ISNs, timestamp offsets and ephemeral ports come from {@code rng} (one draw seeds the stack's own generator). */
    public TcpStack(TcpConfig config, Rng rng) {
        this(config, rng.nextLong());
    }

    public TcpStack(TcpConfig config, long seed) {
        this.config = config;
        this.rngState = seed;
    }

    public TcpConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- owner API

    /** Sets (or with null removes) the TCP-MD5 key for every segment to and from {@code remoteAddr} (RFC 2385; at most 80 bytes like Linux). */
    public void setMd5Key(int remoteAddr, byte[] key) {
        if (key == null) {
            md5Keys.remove(remoteAddr);
            return;
        }
        if (key.length == 0 || key.length > 80) throw new IllegalArgumentException("TCP-MD5 key must be 1..80 bytes");
        md5Keys.put(remoteAddr, key.clone());
    }

    /** RFC 9293 §3.10.1 passive OPEN. Returns false if the id or the address and port are taken. */
    public boolean listen(int localAddr, int port, int listenerId, TcpSocketOptions options) {
        if (port <= 0 || port > 65535 || listeners.containsKey(listenerId)) return false;
        for (TcpListener l : listeners.values()) if (l.port() == port && l.localAddress() == localAddr) return false;
        listeners.put(listenerId, new TcpListener(listenerId, localAddr, port, options));
        return true;
    }

    public boolean listen(int localAddr, int port, int listenerId) {
        return listen(localAddr, port, listenerId, TcpSocketOptions.of("tcp"));
    }

    /** Stops accepting on this listener; its established connections are unaffected, its half-open ones complete. */
    public void unlisten(int listenerId) {
        listeners.remove(listenerId);
    }

    /**
     * RFC 9293 §3.10.1 active OPEN from {@code localAddr} to {@code remoteAddr:remotePort}. Returns
     * the connection id (events follow: Connected or Reset), or -1 if the connection table is full
     * or the requested local port is in use.
     */
    public int connect(long nowNs, int localAddr, int remoteAddr, int remotePort, TcpSocketOptions options, TcpOutput out) {
        if (remotePort <= 0 || remotePort > 65535 || conns.size() >= config.maxConnections()) return -1;
        int port = options.localPort();
        if (port == 0) {
            int start = nextRandomInt(EPHEMERAL_COUNT);
            for (int i = 0; i < EPHEMERAL_COUNT && port == 0; i++) {
                int p = EPHEMERAL_FIRST + (start + i) % EPHEMERAL_COUNT;
                if (!byTuple.containsKey(new Tuple(localAddr, p, remoteAddr, remotePort))) port = p;
            }
            if (port == 0) return -1;
        } else if (byTuple.containsKey(new Tuple(localAddr, port, remoteAddr, remotePort))) {
            return -1;
        }
        TcpConnection c = newConnection(options, -1, false, localAddr, port, remoteAddr, remotePort);
        c.openActive(nowNs, this, out);
        flush(out);
        return c.id;
    }

    /** Queues bytes for sending; returns how many were accepted (bounded by the free send buffer), or -1 if the connection cannot send. */
    public int send(long nowNs, int connId, byte[] data, int off, int len, TcpOutput out) {
        TcpConnection c = visible(connId);
        if (c == null) return -1;
        int n = c.send(nowNs, data, off, len, this, out);
        flush(out);
        return n;
    }

    public int send(long nowNs, int connId, byte[] data, TcpOutput out) {
        return send(nowNs, connId, data, 0, data.length, out);
    }

    /** Graceful close (FIN after the queued data); Closed follows once the peer acknowledged it. */
    public void close(long nowNs, int connId, TcpOutput out) {
        TcpConnection c = visible(connId);
        if (c == null) return;
        c.close(nowNs, this, out);
        flush(out);
    }

    /** Immediate close with RST; no further events for this id. */
    public void abort(long nowNs, int connId, TcpOutput out) {
        TcpConnection c = visible(connId);
        if (c == null) return;
        c.abort(nowNs, this, out);
        flush(out);
    }

    /** Stops Data events: received bytes stay in the bounded receive buffer and the window we offer closes. */
    public void pauseReading(int connId) {
        TcpConnection c = visible(connId);
        if (c != null) c.readPaused = true;
    }

    /** Delivers what was held back and reopens the window. */
    public void resumeReading(long nowNs, int connId, TcpOutput out) {
        TcpConnection c = visible(connId);
        if (c == null) return;
        c.resumeReading(nowNs, this, out);
        flush(out);
    }

    /** Free space in the connection's send buffer, or -1. */
    public int sendBufferFree(int connId) {
        TcpConnection c = visible(connId);
        return c == null ? -1 : c.sendBuf.free();
    }

    // ---------------------------------------------------------------- inputs

    /**
     * An IPv4 packet with protocol 6 addressed to this VR. Never throws on any content; what is
     * dropped is counted. Returns why the decoder rejected it (OK if it did not).
     */
    public TcpSegment.Error handleSegment(long nowNs, byte[] ipPacket, TcpOutput out) {
        counters[TcpCounter.SEGMENTS_IN.ordinal()]++;
        TcpSegment.Decoded d = TcpSegment.decode(ipPacket);
        if (d.error() != TcpSegment.Error.OK) {
            count(decodeCounter(d.error()));
            return d.error();
        }
        TcpSegment seg = d.segment();
        byte[] key = md5Keys.get(seg.source());
        if (key != null) {
            // RFC 2385 §3.0: a segment from a keyed peer without a valid signature is dropped, and not answered.
            if (seg.md5Offset() < 0) {
                count(TcpCounter.MD5_MISSING);
                return TcpSegment.Error.OK;
            }
            if (!TcpMd5.verify(md5Digest(), seg, key)) {
                count(TcpCounter.MD5_BAD);
                return TcpSegment.Error.OK;
            }
        } else if (seg.md5Offset() >= 0) {
            count(TcpCounter.MD5_UNEXPECTED);
            return TcpSegment.Error.OK;
        }
        Integer id = byTuple.get(new Tuple(seg.destination(), seg.destinationPort(), seg.source(), seg.sourcePort()));
        if (id != null) {
            conns.get(id).onSegment(nowNs, seg, this, out);
        } else {
            onNoConnection(nowNs, seg, out);
        }
        flush(out);
        return TcpSegment.Error.OK;
    }

    /** Runs every timer due at {@code nowNs}. */
    public void handleTimeout(long nowNs, TcpOutput out) {
        List<Integer> due = new ArrayList<>();
        for (TcpConnection c : conns.values()) if (c.nextDeadlineNs() <= nowNs) due.add(c.id);
        for (int id : due) {
            TcpConnection c = conns.get(id);
            if (c != null) c.onTimers(nowNs, this, out);
        }
        flush(out);
    }

    /** The earliest timer of any connection; {@code Long.MAX_VALUE} for none. */
    public long nextDeadlineNs() {
        long t = Long.MAX_VALUE;
        for (TcpConnection c : conns.values()) t = Math.min(t, c.nextDeadlineNs());
        return t;
    }

    /** RFC 9293 §3.10.7.1 (CLOSED) and §3.10.7.2 (LISTEN). */
    private void onNoConnection(long nowNs, TcpSegment seg, TcpOutput out) {
        TcpListener l = findListener(seg.destination(), seg.destinationPort());
        if (l == null) {
            count(TcpCounter.NO_LISTENER);
            if (!seg.has(TcpHeader.RST)) sendReset(seg, out);
            return;
        }
        if (seg.has(TcpHeader.RST)) return;
        if (seg.has(TcpHeader.ACK)) {
            count(TcpCounter.LISTENER_ACK_DROPS);
            sendReset(seg, out);
            return;
        }
        if (!seg.has(TcpHeader.SYN)) return;
        // Half-open connections are bounded (SYN-flood protection by limit; further SYNs are dropped unanswered).
        int halfOpen = 0;
        for (TcpConnection c : conns.values()) if (c.passive && c.state == TcpState.SYN_RECEIVED) halfOpen++;
        if (halfOpen >= config.synBacklog()) {
            count(TcpCounter.SYN_BACKLOG_DROPS);
            return;
        }
        if (conns.size() >= config.maxConnections()) {
            count(TcpCounter.CONNECTION_LIMIT_DROPS);
            return;
        }
        TcpConnection c = newConnection(l.options(), l.listenerId(), true, seg.destination(), seg.destinationPort(), seg.source(), seg.sourcePort());
        c.acceptSyn(nowNs, seg, this, out);
    }

    private TcpListener findListener(int addr, int port) {
        TcpListener any = null;
        for (TcpListener l : listeners.values()) {
            if (l.port() != port) continue;
            if (l.localAddress() == addr) return l;
            if (l.localAddress() == 0 && any == null) any = l;
        }
        return any;
    }

    private TcpConnection newConnection(TcpSocketOptions opts, int listenerId, boolean passive, int la, int lp, int ra, int rp) {
        // RFC 9293 §3.4.1 / RFC 6528: an unpredictable ISN; ours comes from the VR's seeded generator.
        int iss = (int) nextRandomLong();
        int tsOffset = (int) nextRandomLong();
        int id = nextConnId;
        nextConnId = nextConnId == Integer.MAX_VALUE ? 1 : nextConnId + 1;
        while (conns.containsKey(id)) id++;
        TcpConnection c = new TcpConnection(id, opts, listenerId, passive, la, lp, ra, rp, config, iss, tsOffset, md5Keys.containsKey(ra));
        conns.put(id, c);
        byTuple.put(new Tuple(la, lp, ra, rp), id);
        return c;
    }

    // ---------------------------------------------------------------- services for connections (package-private)

    void remove(TcpConnection c) {
        c.removed = true;
        conns.remove(c.id);
        byTuple.remove(new Tuple(c.localAddr, c.localPort, c.remoteAddr, c.remotePort));
    }

    void event(TcpConnection c, TcpEvent e) {
        pending.add(new Pending(c.opts.owner(), e));
    }

    java.security.MessageDigest md5Digest() {
        if (md5 == null) md5 = TcpMd5.newDigest();
        return md5;
    }

    byte[] md5Key(int remoteAddr) {
        return md5Keys.get(remoteAddr);
    }

    int nextIpId() {
        ipId = (ipId + 1) & 0xffff;
        return ipId;
    }

    void transmit(TcpOutput out, byte[] packet) {
        counters[TcpCounter.SEGMENTS_OUT.ordinal()]++;
        out.transmit(packet);
    }

    /** A super-segment: {@code segments} segments of at most {@code segmentBytes} payload bytes on the wire. */
    void transmit(TcpOutput out, byte[] packet, int segmentBytes, int segments) {
        counters[TcpCounter.SEGMENTS_OUT.ordinal()] += segments;
        out.transmit(packet, segmentBytes);
    }

    void count(TcpCounter c) {
        counters[c.ordinal()]++;
    }

    void add(TcpCounter c, long n) {
        counters[c.ordinal()] += n;
    }

    /** RFC 5961 §7: challenge ACKs are rate limited per stack, so they cannot be used to amplify. */
    void challengeAck(long nowNs, TcpConnection c, TcpOutput out) {
        if (challengeWindowStartNs == Long.MIN_VALUE || nowNs - challengeWindowStartNs >= SECOND_NS) {
            challengeWindowStartNs = nowNs;
            challengeAcksInWindow = 0;
        }
        if (challengeAcksInWindow >= config.challengeAcksPerSecond()) {
            count(TcpCounter.CHALLENGE_ACKS_SUPPRESSED);
            return;
        }
        challengeAcksInWindow++;
        count(TcpCounter.CHALLENGE_ACKS);
        c.sendAck(nowNs, this, out);
    }

    /** RFC 9293 §3.10.7.1: the reset for a segment that belongs to no connection (never in answer to a RST). */
    void sendReset(TcpSegment seg, TcpOutput out) {
        TcpEncoder.Spec s = new TcpEncoder.Spec(seg.destination(), seg.source(), seg.destinationPort(), seg.sourcePort());
        if (seg.has(TcpHeader.ACK)) {
            s.seq = seg.ack();
            s.flags = TcpHeader.RST;
        } else {
            s.seq = 0;
            s.ack = seg.seq() + seg.segLen();
            s.flags = TcpHeader.RST | TcpHeader.ACK;
        }
        s.md5Key = md5Keys.get(seg.source());
        if (s.md5Key != null) s.md5 = md5Digest();
        s.ipId = nextIpId();
        count(TcpCounter.RST_SENT);
        transmit(out, TcpEncoder.encode(s, null, 0, 0));
    }

    private void flush(TcpOutput out) {
        if (delivering) return; // a call made from inside deliver(): the outer loop delivers what it adds
        delivering = true;
        try {
            for (Pending p = pending.poll(); p != null; p = pending.poll()) out.deliver(p.owner(), p.event());
        } finally {
            delivering = false;
        }
    }

    private long nextRandomLong() {
        Rng r = new Rng(rngState);
        long v = r.nextLong();
        rngState = r.state();
        return v;
    }

    private int nextRandomInt(int bound) {
        Rng r = new Rng(rngState);
        int v = r.nextInt(bound);
        rngState = r.state();
        return v;
    }

    private TcpConnection visible(int connId) {
        TcpConnection c = conns.get(connId);
        return c != null && c.visible ? c : null;
    }

    private static TcpCounter decodeCounter(TcpSegment.Error e) {
        return switch (e) {
            case BAD_IP, OK -> TcpCounter.BAD_IP;
            case NOT_TCP -> TcpCounter.NOT_TCP;
            case FRAGMENT -> TcpCounter.FRAGMENT;
            case TRUNCATED -> TcpCounter.TRUNCATED;
            case BAD_OFFSET -> TcpCounter.BAD_OFFSET;
            case BAD_CHECKSUM -> TcpCounter.BAD_CHECKSUM;
            case BAD_OPTION -> TcpCounter.BAD_OPTION;
            case BAD_ADDRESS -> TcpCounter.BAD_ADDRESS;
            case BAD_PORT -> TcpCounter.BAD_PORT;
        };
    }

    // ---------------------------------------------------------------- observation (show commands, tests)

    public long counter(TcpCounter c) {
        return counters[c.ordinal()];
    }

    /** Ids of all connections, including half-open and TIME_WAIT ones, in id order. */
    public List<Integer> connectionIds() {
        return new ArrayList<>(conns.keySet());
    }

    /** A snapshot of one connection's state for {@code show} and tests, or null. */
    public TcpConnectionInfo info(int connId) {
        TcpConnection c = conns.get(connId);
        if (c == null) return null;
        return new TcpConnectionInfo(c.id, c.state, c.localAddr, c.localPort, c.remoteAddr, c.remotePort,
                c.sndUna, c.sndNxt, c.sndWnd, c.rcvNxt, Math.max(0, c.rcvAdv - c.rcvNxt), c.cwnd, c.ssthresh,
                c.rtt.srttNs, c.rtt.rtoNs(config), c.effMss, c.sndShift, c.rcvShift, c.tsOk, c.inRecovery,
                c.sendBuf.size(), c.rcvBuf.size(), c.ooo.bytes());
    }
}
