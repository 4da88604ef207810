package io.vroom.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.vroom.core.config.ConfigException;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.PortFactory;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpTunnelPortTest {
    static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);
    EventLoopGroup group;
    UdpTunnelPort a, b, c;

    @BeforeEach
    void setUp() {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    }

    @AfterEach
    void tearDown() {
        for (UdpTunnelPort p : new UdpTunnelPort[] {a, b, c}) if (p != null) p.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static BlockingQueue<byte[]> collect(Port p) {
        BlockingQueue<byte[]> q = new ArrayBlockingQueue<>(10_000);
        p.start((buf, off, len) -> q.offer(Arrays.copyOfRange(buf, off, off + len)));
        return q;
    }

    static byte[] ping(int seq, int size) {
        return Icmp.echoRequest(Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), 7, seq, new byte[size]);
    }

    /** A and B connected to each other on loopback (ephemeral ports). */
    void link(int mtuA, int mtuB, int txQueueA) {
        a = new UdpTunnelPort("a", new InetSocketAddress("127.0.0.1", 0), NOWHERE, mtuA, txQueueA, group);
        b = new UdpTunnelPort("b", new InetSocketAddress("127.0.0.1", 0), a.localAddress(), mtuB, 64, group);
        a.repoint(b.localAddress());
    }

    @Test
    void packetsCrossBothWaysUnchanged() throws Exception {
        link(1500, 1500, 64);
        assertEquals(Epoll.isAvailable(), a.isNative());
        BlockingQueue<byte[]> atA = collect(a), atB = collect(b);
        for (int i = 0; i < 10; i++) {
            a.send(ping(i, 100 + i), 0, 128 + i, 0);
            byte[] got = atB.poll(5, TimeUnit.SECONDS);
            assertNotNull(got, "packet " + i + " did not arrive");
            assertArrayEquals(ping(i, 100 + i), got);
        }
        byte[] back = ping(99, 1472 - 8);
        b.send(back, 0, back.length, 0);
        assertArrayEquals(back, atA.poll(5, TimeUnit.SECONDS));
        assertEquals(10, b.counter("rx_packets"));
        assertEquals(10, a.counter("tx_packets"));
        assertEquals(1, a.counter("rx_packets"));
    }

    @Test
    void sendHonoursOffsetAndLength() throws Exception {
        link(1500, 1500, 64);
        BlockingQueue<byte[]> atB = collect(b);
        byte[] p = ping(1, 32);
        byte[] framed = new byte[p.length + 10];
        System.arraycopy(p, 0, framed, 7, p.length);
        a.send(framed, 7, p.length, 0);
        assertArrayEquals(p, atB.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void datagramsFromOtherSourcesAreDroppedAndCounted() throws Exception {
        link(1500, 1500, 64);
        BlockingQueue<byte[]> atB = collect(b);
        byte[] intruder = ping(666, 10);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.send(new DatagramPacket(intruder, intruder.length, b.localAddress()));
        }
        // Loopback delivers in order into B's socket: once A's packet is seen, the intruder was handled.
        byte[] legit = ping(1, 10);
        a.send(legit, 0, legit.length, 0);
        assertArrayEquals(legit, atB.poll(5, TimeUnit.SECONDS));
        assertEquals(1, b.counter("drop_rx_foreign_source"));
        assertNull(atB.poll());
    }

    @Test
    void repointMovesTheLinkToAnotherEnd() throws Exception {
        link(1500, 1500, 64);
        BlockingQueue<byte[]> atB = collect(b);
        c = new UdpTunnelPort("c", new InetSocketAddress("127.0.0.1", 0), b.localAddress(), 1500, 64, group);
        BlockingQueue<byte[]> atC = collect(c);
        // B's far end migrates from A to C.
        b.repoint(c.localAddress());
        byte[] fromA = ping(1, 10), fromC = ping(2, 10), toC = ping(3, 10);
        a.send(fromA, 0, fromA.length, 0);
        c.send(fromC, 0, fromC.length, 0);
        assertArrayEquals(fromC, atB.poll(5, TimeUnit.SECONDS));
        b.send(toC, 0, toC.length, 0);
        assertArrayEquals(toC, atC.poll(5, TimeUnit.SECONDS));
        assertEquals(1, b.counter("drop_rx_foreign_source"), "the old end is now foreign");
        assertNull(atB.poll());
    }

    @Test
    void outstandingSendsAreBoundedDropsCounted() throws Exception {
        link(1500, 1500, 16);
        BlockingQueue<byte[]> atB = collect(b);
        // Hold the (single) event loop so nothing drains while we send.
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        group.next().execute(() -> {
            held.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(5, TimeUnit.SECONDS));
        byte[] p = ping(1, 10);
        for (int i = 0; i < 100; i++) a.send(p, 0, p.length, 0);
        assertEquals(84, a.counter("drop_tx_queue_full"));
        hold.countDown();
        for (int i = 0; i < 16; i++) assertNotNull(atB.poll(5, TimeUnit.SECONDS), "queued packet " + i);
        assertEquals(16, a.counter("tx_packets"));
    }

    @Test
    void oversizePacketsAreDroppedOnBothSides() throws Exception {
        link(9000, 1500, 64);
        BlockingQueue<byte[]> atB = collect(b);
        byte[] big = ping(1, 2000);
        a.send(big, 0, big.length, 0); // fits A's MTU, not B's
        b.send(big, 0, big.length, 0); // exceeds B's MTU: never leaves
        byte[] small = ping(2, 10);
        a.send(small, 0, small.length, 0);
        assertArrayEquals(small, atB.poll(5, TimeUnit.SECONDS));
        assertEquals(1, b.counter("drop_rx_oversize"));
        assertEquals(1, b.counter("drop_tx_oversize"));
        a.send(small, 0, 5, 0);
        a.send(small, 0, small.length, 0);
        assertArrayEquals(small, atB.poll(5, TimeUnit.SECONDS));
        assertEquals(1, b.counter("drop_rx_runt"));
    }

    @Test
    void receiverExceptionsAreCountedNotFatal() throws Exception {
        link(1500, 1500, 64);
        BlockingQueue<byte[]> atB = new ArrayBlockingQueue<>(10);
        b.start((buf, off, len) -> {
            if (len == 38) throw new IllegalStateException("boom");
            atB.offer(Arrays.copyOfRange(buf, off, off + len));
        });
        byte[] bad = ping(1, 10), good = ping(2, 11);
        a.send(bad, 0, bad.length, 0);
        a.send(good, 0, good.length, 0);
        assertArrayEquals(good, atB.poll(5, TimeUnit.SECONDS));
        assertEquals(1, b.counter("receiver_errors"));
    }

    @Test
    void closeReleasesTheSocketAndLaterSendsAreCounted() throws Exception {
        link(1500, 1500, 64);
        InetSocketAddress bound = b.localAddress();
        b.close();
        byte[] p = ping(1, 10);
        b.send(p, 0, p.length, 0);
        assertEquals(1, b.counter("drop_tx_closed"));
        // The address is free again.
        try (DatagramSocket s = new DatagramSocket(bound)) {
            assertEquals(bound.getPort(), s.getLocalPort());
        }
        b.close(); // idempotent
    }

    @Test
    void factoryIsFoundAndValidatesConfig() throws Exception {
        PortFactory f = ServiceLoader.load(PortFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type().equals("udp")).findFirst().orElseThrow();
        PortFactory.Environment env = new PortFactory.Environment() {
            public EventLoopGroup ioGroup() { return group; }
            public Path stateDir() { return Path.of("/tmp"); }
        };
        ConfigException e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: udp\nlocal: 127.0.0.1:0\nremote: 127.0.0.1:1\nmtuu: 3\n"), env));
        assertTrue(e.getMessage().contains("mtuu"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: udp\nlocal: 127.0.0.1:0\n"), env));
        assertTrue(e.getMessage().contains("remote"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: udp\nlocal: 127.0.0.1:0\nremote: 127.0.0.1:0\n"), env));
        assertTrue(e.getMessage().contains("port must be"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: udp\nlocal: localhost\nremote: 127.0.0.1:5\n"), env));
        assertTrue(e.getMessage().contains("ADDRESS:PORT"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: udp\nlocal: 127.0.0.1:0\nremote: 127.0.0.1:5\nmtu: 70000\n"), env));
        assertTrue(e.getMessage().contains("mtu"), e.getMessage());
        a = (UdpTunnelPort) f.open("ok", ConfigNode.parse("p.yaml", "type: udp\nlocal: 127.0.0.1:0\nremote: 127.0.0.1:5\nmtu: 9000\n"), env);
        assertEquals(9000, a.mtu());
        assertEquals("ok", a.name());
        assertEquals(5, a.remote().getPort());
    }
}
