package io.vroom.core.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A receiver that stops reading: zero window, persist probes with backoff, bounded memory on both sides, then recovery. */
class TcpFlowControlTest {

    @Test
    void zeroWindowProbesUntilTheReaderResumes() {
        TcpTestNet net = new TcpTestNet(41);
        net.add(TcpTestNet.A, new TcpStack(TcpConfig.defaults().withBuffers(64 * 1024, 64 * 1024), 1));
        net.add(TcpTestNet.B, new TcpStack(TcpConfig.defaults().withBuffers(64 * 1024, 16 * 1024), 2));
        net.onEvent = (node, e) -> {
            if (e instanceof TcpEvent.Accepted acc) node.stack.pauseReading(acc.connId());
        };
        int[] ids = net.connect(179, TcpSocketOptions.of("t"));
        byte[] data = TcpTestNet.randomBytes(9, 200_000);
        int[] off = {0};
        int[] writables = {0};
        net.afterStep = () -> {
            int n = net.a().stack.send(net.now, ids[0], data, off[0], data.length - off[0], net.a());
            if (n > 0) off[0] += n;
        };
        net.afterStep.run();
        assertEquals(64 * 1024, off[0], "send() takes only what the send buffer holds");
        net.runFor(60_000_000_000L);
        TcpConnectionInfo a = net.a().info(ids[0]);
        TcpConnectionInfo b = net.b().info(ids[1]);
        assertEquals(0, a.sndWnd(), "the peer advertises a zero window");
        assertEquals(16 * 1024, b.receiveQueued(), "the receiver holds exactly its buffer");
        assertEquals(0, b.reassemblyBytes());
        assertTrue(a.sendQueued() <= 64 * 1024);
        assertEquals(0, net.b().received.size(), "paused: no Data events");
        // Probes: seq = SND.UNA - 1, no data, at exponentially growing intervals.
        List<Long> probeTimes = new ArrayList<>();
        for (int i = 0; i < net.a().sent.size(); i++) {
            TcpSegment s = TcpTestNet.seg(net.a().sent.get(i));
            if (s.dataLength() == 0 && s.seq() == a.sndUna() - 1) probeTimes.add(net.a().sentAtNs.get(i));
        }
        assertTrue(probeTimes.size() >= 4, "probes: " + probeTimes.size());
        assertEquals(probeTimes.size(), net.a().stack.counter(TcpCounter.ZERO_WINDOW_PROBES));
        for (int i = 2; i < probeTimes.size(); i++) {
            assertEquals(2 * (probeTimes.get(i - 1) - probeTimes.get(i - 2)), probeTimes.get(i) - probeTimes.get(i - 1), "probe backoff at " + i);
        }
        assertEquals(TcpState.ESTABLISHED, a.state(), "a zero window never times the connection out");
        net.onEvent = (node, e) -> {
            if (e instanceof TcpEvent.Writable) writables[0]++;
        };
        net.b().stack.resumeReading(net.now, ids[1], net.b());
        assertTrue(net.runUntil(() -> net.b().receivedBytes(ids[1]).length == data.length, net.now + 600_000_000_000L));
        assertArrayEquals(data, net.b().receivedBytes(ids[1]));
        assertTrue(writables[0] > 0, "Writable after send() was refused");
    }

    @Test
    void aPausedReaderBoundsTheWindowAndTheSenderQueue() {
        TcpTestNet net = new TcpTestNet(42);
        net.add(TcpTestNet.A, new TcpStack(TcpConfig.defaults().withBuffers(32 * 1024, 32 * 1024), 1));
        net.add(TcpTestNet.B, new TcpStack(TcpConfig.defaults().withBuffers(32 * 1024, 32 * 1024), 2));
        int[] ids = net.connect(179, TcpSocketOptions.of("t"));
        net.b().stack.pauseReading(ids[1]);
        byte[] chunk = new byte[100_000];
        long accepted = 0;
        for (int round = 0; round < 50; round++) {
            int n = net.a().stack.send(net.now, ids[0], chunk, net.a());
            accepted += Math.max(0, n);
            net.runFor(1_000_000_000L);
        }
        assertEquals(64 * 1024, accepted, "exactly the receiver's buffer plus the sender's buffer, no more");
        assertEquals(32 * 1024, net.b().info(ids[1]).receiveQueued());
    }
}
