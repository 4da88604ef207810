package io.vroom.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.tcp.TcpEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The VR's own TCP carries a protocol's byte stream across the simulated diamond (lossy, jittery links). */
class TcpOverVrTest {
    static final class EchoServer implements Protocol {
        @Override public String name() { return "echo"; }
        @Override public void start(long nowNs, ProtocolContext ctx) { ctx.tcpListen(0, 7, 1); }
        @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) { }
        @Override public void handleTimeout(long nowNs, ProtocolContext ctx) { }
        @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }

        @Override
        public void handleTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
            if (e instanceof TcpEvent.Data d) ctx.tcpSend(d.connId(), d.bytes());
            if (e instanceof TcpEvent.PeerClosed c) ctx.tcpClose(c.connId());
        }
    }

    static final class Client implements Protocol {
        final byte[] payload;
        final ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        int conn = -1, offset;
        boolean connected, closed;

        Client(byte[] payload) { this.payload = payload; }

        @Override public String name() { return "client"; }
        @Override public void start(long nowNs, ProtocolContext ctx) { conn = ctx.tcpConnect(Ip4.parse("10.0.1.2"), Ip4.parse("10.0.2.2"), 7); }
        @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) { }
        @Override public void handleTimeout(long nowNs, ProtocolContext ctx) { }
        @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }

        void push(ProtocolContext ctx) {
            while (offset < payload.length) {
                int n = ctx.tcpSend(conn, java.util.Arrays.copyOfRange(payload, offset, Math.min(payload.length, offset + 8192)));
                if (n <= 0) return;
                offset += n;
            }
        }

        @Override
        public void handleTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
            if (e instanceof TcpEvent.Connected) {
                connected = true;
                push(ctx);
            } else if (e instanceof TcpEvent.Writable) {
                push(ctx);
            } else if (e instanceof TcpEvent.Data d) {
                echoed.writeBytes(d.bytes());
                if (echoed.size() == payload.length) ctx.tcpClose(conn);
            } else if (e instanceof TcpEvent.Closed) {
                closed = true;
            }
        }
    }

    @Test
    void aProtocolsByteStreamCrossesTheDiamondOverTheVrsOwnTcp() {
        byte[] payload = new byte[300_000];
        new java.util.Random(5).nextBytes(payload);
        Client client = new Client(payload);
        DiamondTestbed d = new DiamondTestbed(11, 300_000, 0.01, List.of(client), List.of(new EchoServer()));
        d.sim.runFor(60_000_000_000L);
        assertTrue(client.connected, "three-way handshake through vr1");
        assertEquals(payload.length, client.echoed.size());
        assertArrayEquals(payload, client.echoed.toByteArray(), "no byte lost, duplicated or reordered despite 1% loss");
        assertTrue(client.closed, "both sides closed");
    }
}
