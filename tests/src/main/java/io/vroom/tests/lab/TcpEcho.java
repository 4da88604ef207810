package io.vroom.tests.lab;

import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.tcp.TcpEvent;

/** A TCP echo service inside a VR, on the VR's own TCP stack (the lab's and interop tests' peer for kernels). */
public final class TcpEcho implements Protocol {
    private final int port;
    private long bytesEchoed;
    /** Bytes not yet taken by the send buffer, per connection; sent on Writable. */
    private final java.util.TreeMap<Integer, byte[]> pending = new java.util.TreeMap<>();
    /** A peer that sends but never reads stops being served beyond this (put a limit on everything). */
    /** Connections whose peer closed while bytes were still pending: closed once they are sent. */
    private final java.util.TreeSet<Integer> closing = new java.util.TreeSet<>();
    static final int MAX_PENDING_BYTES = 8 << 20;

    TcpEcho(int port) {
        this.port = port;
    }

    @Override public String name() { return "tcpecho"; }
    @Override public void start(long nowNs, ProtocolContext ctx) { ctx.tcpListen(0, port, 1); }
    @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) { }
    @Override public void handleTimeout(long nowNs, ProtocolContext ctx) { }
    @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }

    @Override
    public void handleTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
        if (e instanceof TcpEvent.Data d) {
            byte[] old = pending.remove(d.connId());
            byte[] all = old == null ? d.bytes() : concat(old, d.bytes());
            if (all.length > MAX_PENDING_BYTES) {
                ctx.tcpClose(d.connId());
                return;
            }
            flush(ctx, d.connId(), all);
        } else if (e instanceof TcpEvent.Writable w) {
            byte[] rest = pending.remove(w.connId());
            if (rest != null) flush(ctx, w.connId(), rest);
            if (!pending.containsKey(w.connId()) && closing.remove(w.connId())) ctx.tcpClose(w.connId());
        } else if (e instanceof TcpEvent.PeerClosed c) {
            if (pending.containsKey(c.connId())) closing.add(c.connId());
            else ctx.tcpClose(c.connId());
        } else if (e instanceof TcpEvent.Closed || e instanceof TcpEvent.Reset) {
            pending.remove(e.connId());
            closing.remove(e.connId());
        }
    }

    private void flush(ProtocolContext ctx, int conn, byte[] data) {
        int n = ctx.tcpSend(conn, data);
        if (n < 0) return;
        bytesEchoed += n;
        if (n < data.length) pending.put(conn, java.util.Arrays.copyOfRange(data, n, data.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public Object show(String what) {
        return java.util.Map.of("bytes_echoed", bytesEchoed);
    }
}
