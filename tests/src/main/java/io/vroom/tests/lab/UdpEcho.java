package io.vroom.tests.lab;

import io.vroom.core.net.Ipv4;
import io.vroom.core.net.Udp;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;

/** Returns every UDP datagram sent to its port to where it came from (the traffic receiver). */
public final class UdpEcho implements Protocol {
    private final int port;
    private long echoed;

    UdpEcho(int port) {
        this.port = port;
    }

    @Override public String name() { return "udpecho"; }
    @Override public boolean acceptsUdpPort(int p) { return p == port; }
    @Override public void start(long nowNs, ProtocolContext ctx) { }
    @Override public void handleTimeout(long nowNs, ProtocolContext ctx) { }
    @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }

    @Override
    public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {
        if (!Udp.valid(packet, 0)) return;
        int u = Ipv4.payloadOffset(packet, 0);
        int len = Udp.length(packet, u) - Udp.HEADER_LENGTH;
        ctx.sendRouted(Udp.packet(Ipv4.destination(packet, 0), Udp.destinationPort(packet, u), Ipv4.source(packet, 0),
                Udp.sourcePort(packet, u), Ipv4.DEFAULT_TTL, packet, u + Udp.HEADER_LENGTH, len));
        echoed++;
    }

    @Override
    public Object show(String what) {
        return java.util.Map.of("echoed", echoed);
    }
}
