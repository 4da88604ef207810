package io.vroom.core.sim;

import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ipv4;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;

/** Test application: sends an ICMP echo request every interval (with seeded jitter) and counts replies. */
final class Pinger implements Protocol {
    final int source, destination;
    final long intervalNs;
    long nextNs;
    int sent, replies, ttl = Ipv4.DEFAULT_TTL;
    int timeExceeded, unreachable;

    Pinger(int source, int destination, long intervalNs) {
        this.source = source;
        this.destination = destination;
        this.intervalNs = intervalNs;
    }

    @Override public String name() { return "pinger"; }
    @Override public boolean acceptsIpProtocol(int p) { return p == Ipv4.PROTO_ICMP; }
    @Override public void start(long nowNs, ProtocolContext ctx) { nextNs = nowNs + intervalNs; }
    @Override public long nextDeadlineNs() { return nextNs; }

    @Override
    public void handleTimeout(long nowNs, ProtocolContext ctx) {
        byte[] req = Icmp.echoRequest(source, destination, 7, sent++, new byte[16]);
        if (ttl != Ipv4.DEFAULT_TTL) {
            req[8] = (byte) ttl;
            io.vroom.core.net.Checksum.write16(req, 10, 0);
            io.vroom.core.net.Checksum.write16(req, 10, io.vroom.core.net.Checksum.compute(req, 0, 20));
        }
        ctx.sendRouted(req);
        nextNs = nowNs + intervalNs + ctx.random().nextInt(1000);
    }

    @Override
    public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {
        int off = Ipv4.payloadOffset(packet, 0);
        switch (Icmp.type(packet, off)) {
            case Icmp.ECHO_REPLY -> replies++;
            case Icmp.TIME_EXCEEDED -> timeExceeded++;
            case Icmp.DEST_UNREACHABLE -> unreachable++;
            default -> { }
        }
    }
}
