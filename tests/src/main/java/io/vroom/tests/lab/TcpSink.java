package io.vroom.tests.lab;

import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.tcp.TcpEvent;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TCP receiver inside a VR, on the VR's own TCP: listens on a port, hashes (SHA-256) and counts
 * every byte of each connection, and closes its side once the peer has closed (so a kernel client
 * that closes first sees a clean EOF). What it saw is reported by {@code show}; the interop tests
 * compare the hash with the kernel sender's.
 *
 * <p>Plain data except the running digest, which is transient and recreated lazily (a restored sink
 * hashes from where it is restored; tests that move a VR hash on the kernel side instead).
 */
public final class TcpSink implements Protocol {
    private final int port;
    private final int md5Peer;
    private final byte[] md5Key;
    private long bytes;
    private int accepted, peerClosed, closed, resets;
    private String lastResetReason = "";
    private String sha256 = "";
    private transient MessageDigest digest;

    TcpSink(int port, int md5Peer, byte[] md5Key) {
        this.port = port;
        this.md5Peer = md5Peer;
        this.md5Key = md5Key;
    }

    @Override public String name() { return "tcpsink"; }
    @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) { }
    @Override public void handleTimeout(long nowNs, ProtocolContext ctx) { }
    @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }

    @Override
    public void start(long nowNs, ProtocolContext ctx) {
        if (md5Key != null) ctx.tcpMd5Key(md5Peer, md5Key);
        ctx.tcpListen(0, port, 1);
    }

    @Override
    public void handleTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
        if (e instanceof TcpEvent.Accepted) {
            accepted++;
            digest = null;
            sha256 = "";
            bytes = 0;
        } else if (e instanceof TcpEvent.Data d) {
            digest().update(d.bytes());
            bytes += d.bytes().length;
        } else if (e instanceof TcpEvent.PeerClosed c) {
            peerClosed++;
            sha256 = HexFormat.of().formatHex(digest().digest());
            digest = null;
            ctx.tcpClose(c.connId());
        } else if (e instanceof TcpEvent.Closed) {
            closed++;
        } else if (e instanceof TcpEvent.Reset r) {
            resets++;
            lastResetReason = r.reason().name();
        }
    }

    private MessageDigest digest() {
        if (digest == null) digest = TcpSource.sha256();
        return digest;
    }

    @Override
    public Object show(String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", bytes);
        m.put("sha256", sha256);
        m.put("accepted", accepted);
        m.put("peer_closed", peerClosed);
        m.put("closed", closed);
        m.put("resets", resets);
        m.put("last_reset_reason", lastResetReason);
        return m;
    }
}
