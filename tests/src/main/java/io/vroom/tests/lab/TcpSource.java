package io.vroom.tests.lab;

import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.Rng;
import io.vroom.core.tcp.TcpEvent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TCP sender inside a VR, on the VR's own TCP: connects to {@code destination:port}, sends
 * {@code bytes} pseudo-random bytes (seeded SplitMix64, hashed with SHA-256 as they are made), then
 * closes first. A refused or timed-out connect is retried every {@code retryIntervalNs}, at most
 * {@code maxAttempts} times (the kernel listener may start after the VR). Bytes the peer sends are
 * counted and discarded; the peer's FIN is noted.
 */
public final class TcpSource implements Protocol {
    static final int CHUNK_BYTES = 64 * 1024;

    private final int destination;
    private final int port;
    private final long totalBytes;
    private final byte[] md5Key;
    private final long retryIntervalNs;
    private final int maxAttempts;
    private long rngState;
    private int connId = -1;
    private int attempts;
    private long retryAtNs = Long.MAX_VALUE;
    private boolean connected, closeSent;
    private int peerClosed, closed, resets;
    private String lastResetReason = "";
    private long generated, sent, received;
    /** Made but not yet taken by the send buffer: {@code chunk[chunkOff, chunkLen)}. */
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int chunkOff, chunkLen;
    private String sha256 = "";
    private transient MessageDigest digest;

    TcpSource(int destination, int port, long totalBytes, long seed, byte[] md5Key, long retryIntervalNs, int maxAttempts) {
        this.destination = destination;
        this.port = port;
        this.totalBytes = totalBytes;
        this.rngState = seed;
        this.md5Key = md5Key;
        this.retryIntervalNs = retryIntervalNs;
        this.maxAttempts = maxAttempts;
    }

    @Override public String name() { return "tcpsource"; }
    @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) { }
    @Override public long nextDeadlineNs() { return retryAtNs; }

    @Override
    public void start(long nowNs, ProtocolContext ctx) {
        if (md5Key != null) ctx.tcpMd5Key(destination, md5Key);
        connect(nowNs, ctx);
    }

    @Override
    public void handleTimeout(long nowNs, ProtocolContext ctx) {
        if (nowNs >= retryAtNs) {
            retryAtNs = Long.MAX_VALUE;
            connect(nowNs, ctx);
        }
    }

    private void connect(long nowNs, ProtocolContext ctx) {
        attempts++;
        connId = ctx.tcpConnect(0, destination, port);
        if (connId < 0) scheduleRetry(nowNs);
    }

    private void scheduleRetry(long nowNs) {
        connId = -1;
        if (attempts < maxAttempts) retryAtNs = nowNs + retryIntervalNs;
    }

    @Override
    public void handleTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
        if (e.connId() != connId) return;
        if (e instanceof TcpEvent.Connected) {
            connected = true;
            pump(ctx);
        } else if (e instanceof TcpEvent.Writable) {
            pump(ctx);
        } else if (e instanceof TcpEvent.Data d) {
            received += d.bytes().length;
        } else if (e instanceof TcpEvent.PeerClosed) {
            peerClosed++;
        } else if (e instanceof TcpEvent.Closed) {
            closed++;
        } else if (e instanceof TcpEvent.Reset r) {
            resets++;
            lastResetReason = r.reason().name();
            if (!connected) scheduleRetry(nowNs);
        }
    }

    /** Fills the send buffer until it refuses bytes (a Writable event follows) or everything is sent; then closes. */
    private void pump(ProtocolContext ctx) {
        while (sent < totalBytes) {
            if (chunkOff == chunkLen) nextChunk();
            int n = ctx.tcpSend(connId, chunk, chunkOff, chunkLen - chunkOff);
            if (n <= 0) return;
            chunkOff += n;
            sent += n;
            if (chunkOff < chunkLen) return;
        }
        if (!closeSent) {
            closeSent = true;
            ctx.tcpClose(connId);
        }
    }

    private void nextChunk() {
        int len = (int) Math.min(CHUNK_BYTES, totalBytes - generated);
        Rng r = new Rng(rngState);
        for (int i = 0; i < len; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8 && i + k < len; k++) chunk[i + k] = (byte) (v >>> (8 * k));
        }
        rngState = r.state();
        chunkOff = 0;
        chunkLen = len;
        generated += len;
        digest().update(chunk, 0, len);
        if (generated == totalBytes) sha256 = HexFormat.of().formatHex(digest().digest());
    }

    private MessageDigest digest() {
        if (digest == null) digest = sha256();
        return digest;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }

    @Override
    public Object show(String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempts", attempts);
        m.put("connected", connected);
        m.put("bytes_sent", sent);
        m.put("bytes_total", totalBytes);
        m.put("sha256", sha256);
        m.put("received", received);
        m.put("close_sent", closeSent);
        m.put("peer_closed", peerClosed);
        m.put("closed", closed);
        m.put("resets", resets);
        m.put("last_reset_reason", lastResetReason);
        return m;
    }
}
