package io.vroom.core.vr;

import static io.vroom.core.vr.VirtualRouterTest.A0;
import static io.vroom.core.vr.VirtualRouterTest.A1;
import static io.vroom.core.vr.VirtualRouterTest.PEER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VirtualRouter#handleBatch}: a burst of punts is the same as handling them one by one. */
class VirtualRouterBatchTest {
    /** Takes UDP port 4000 and throws on it (a protocol bug), counting what reached it. */
    static final class Faulty implements Protocol {
        int seen;
        @Override public String name() { return "faulty"; }
        @Override public void start(long nowNs, ProtocolContext ctx) {}
        @Override public boolean acceptsUdpPort(int port) { return port == 4000; }
        @Override public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {
            seen++;
            throw new IllegalStateException("bug");
        }
        @Override public void handleTimeout(long nowNs, ProtocolContext ctx) {}
        @Override public long nextDeadlineNs() { return Long.MAX_VALUE; }
    }

    private static VrEvent.PacketIn[] burst() {
        byte[] badChecksum = Icmp.echoRequest(PEER, A0, 9, 9, new byte[8]);
        badChecksum[22] ^= 0x55;
        return new VrEvent.PacketIn[] {
            new VrEvent.PacketIn(0, Icmp.echoRequest(PEER, A0, 1, 1, new byte[] {1})),
            new VrEvent.PacketIn(0, new byte[] {0x45, 0, 0}),                       // not IPv4 at all
            new VrEvent.PacketIn(0, TcpSegments.syn(PEER, 40000, A0, 179, 1000)),   // closed port: a reset
            new VrEvent.PacketIn(0, badChecksum),
            new VrEvent.PacketIn(1, VirtualRouterTest.udp(PEER, A1, 5555, 64)),     // no listener: unreachable
            new VrEvent.PacketIn(0, VirtualRouterTest.udp(PEER, A0, 4000, 64)),     // the faulty protocol throws
            new VrEvent.PacketIn(1, Icmp.echoRequest(PEER, A1, 2, 2, new byte[] {2})),
            new VrEvent.PacketIn(7, Icmp.echoRequest(PEER, A0, 3, 3, new byte[0])), // no such interface
        };
    }

    @Test
    void aBurstEqualsItsPacketsOneByOneAndSurvivesAThrowingProtocol() {
        RecordingOutputs oneByOne = new RecordingOutputs();
        Faulty f1 = new Faulty();
        VirtualRouter single = VirtualRouterTest.started(List.of(), List.of(f1), oneByOne);
        RecordingOutputs batched = new RecordingOutputs();
        Faulty f2 = new Faulty();
        VirtualRouter burst = VirtualRouterTest.started(List.of(), List.of(f2), batched);

        VrEvent.PacketIn[] packets = burst();
        for (VrEvent.PacketIn p : packets) {
            try {
                single.handle(5, p, oneByOne);
            } catch (IllegalStateException expected) {
                // handle() lets a protocol's bug out (the runtime logs it); handleBatch must not
            }
        }
        VrEvent.PacketIn[] array = java.util.Arrays.copyOf(packets, packets.length + 3); // trailing slots are not read
        burst.handleBatch(5, array, packets.length, batched);

        assertEquals(single.counters(), burst.counters());
        assertEquals(oneByOne.routed.size(), batched.routed.size());
        for (int i = 0; i < oneByOne.routed.size(); i++) assertArrayEquals(oneByOne.routed.get(i), batched.routed.get(i), "output " + i);
        assertEquals(4, batched.routed.size(), "two echo replies, a reset, an unreachable");
        assertEquals(1, f2.seen);
        assertEquals(2, burst.counter(VrCounter.ECHO_REPLIES), "the echo after the throwing protocol was answered");
        assertTrue(batched.logs.stream().anyMatch(l -> l.contains("bug")), "the failure is logged");
        assertEquals(Ip4.parse("10.0.0.2"), io.vroom.core.net.Ipv4.destination(batched.routed.get(0), 0));
    }
}
