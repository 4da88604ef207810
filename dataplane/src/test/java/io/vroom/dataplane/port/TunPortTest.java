package io.vroom.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigException;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.PortFactory;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real kernel: TUN devices moved into a fresh network namespace. Needs root. */
class TunPortTest {
    static final int KERNEL = Ip4.parse("10.9.0.1");
    static final int US = Ip4.parse("10.9.0.2");

    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    <T extends AutoCloseable> T track(T c) {
        cleanup.add(c);
        return c;
    }

    /** The device, moved into {@code ns}, addressed 10.9.0.1/24 and up. */
    static void configure(Netns ns, String device) {
        Netns.sh("ip", "link", "set", device, "netns", ns.name);
        ns.ip("addr", "add", "10.9.0.1/24", "dev", device);
        ns.ip("link", "set", device, "up");
    }

    static boolean isEcho(byte[] p, int type) {
        return p.length >= 28 && Ipv4.protocol(p, 0) == Ipv4.PROTO_ICMP && Icmp.type(p, Ipv4.headerLength(p, 0)) == type;
    }

    /** Collects IPv4 packets; answers echo requests for {@code US} through the port (like a VR would). */
    static BlockingQueue<byte[]> collectAndAnswer(Port port) {
        BlockingQueue<byte[]> q = new ArrayBlockingQueue<>(1000);
        port.start((buf, off, len) -> {
            byte[] p = Arrays.copyOfRange(buf, off, off + len);
            q.offer(p);
            if (isEcho(p, Icmp.ECHO_REQUEST) && Ipv4.destination(p, 0) == US) {
                byte[] reply = Icmp.echoReply(p, 0, US);
                port.send(reply, 0, reply.length, 0);
            }
        });
        return q;
    }

    static byte[] awaitEcho(BlockingQueue<byte[]> q, int type, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            byte[] p = q.poll(left, TimeUnit.NANOSECONDS);
            if (p != null && isEcho(p, type)) return p;
        }
        return null;
    }

    /** Takes what is queued without waiting: the receiver queues before it answers, so after a successful ping this is complete. */
    static byte[] queuedEcho(BlockingQueue<byte[]> q, int type) {
        for (byte[] p; (p = q.poll()) != null; ) if (isEcho(p, type)) return p;
        return null;
    }

    @Test
    void kernelAnswersAnEchoRequestWrittenIntoTheTun() throws Exception {
        Netns ns = track(new Netns("vrpt"));
        String dev = Netns.uniqueName("vrtun");
        TunPort port = track(new TunPort("t0", dev, 1400, false));
        assertEquals(dev, port.device());
        assertEquals(1400, port.mtu());
        configure(ns, dev);
        BlockingQueue<byte[]> q = collectAndAnswer(port);
        byte[] req = Icmp.echoRequest(US, KERNEL, 0x1234, 1, "vroom".getBytes());
        port.send(req, 0, req.length, 0);
        byte[] reply = awaitEcho(q, Icmp.ECHO_REPLY, 5000);
        assertNotNull(reply, "no echo reply from the kernel; counters " + port.counters());
        assertEquals(KERNEL, Ipv4.source(reply, 0));
        assertEquals(US, Ipv4.destination(reply, 0));
        int icmp = Ipv4.headerLength(reply, 0);
        assertEquals(0x1234, io.vroom.core.net.Checksum.read16(reply, icmp + 4));
        assertTrue(port.counter("tx_packets") >= 1);
        assertTrue(port.counter("rx_packets") >= 1);
    }

    @Test
    void kernelPingIsAnsweredThroughThePort() throws Exception {
        Netns ns = track(new Netns("vrpt"));
        String dev = Netns.uniqueName("vrtun");
        TunPort port = track(new TunPort("t0", dev, 0, false));
        assertEquals(1500, port.mtu());
        configure(ns, dev);
        collectAndAnswer(port);
        Netns.Result r = ns.exec("ping", "-c", "1", "-W", "3", Ip4.format(US));
        assertEquals(0, r.exitCode(), r.output() + " counters " + port.counters());
    }

    @Test
    void multiQueueDetachMovesTrafficToTheOtherQueue() throws Exception {
        Netns ns = track(new Netns("vrpt"));
        String dev = Netns.uniqueName("vrtun");
        TunPort oldEnd = track(new TunPort("old", dev, 1500, true));
        TunPort newEnd = track(new TunPort("new", dev, 1500, true));
        configure(ns, dev);
        BlockingQueue<byte[]> atOld = collectAndAnswer(oldEnd);
        BlockingQueue<byte[]> atNew = collectAndAnswer(newEnd);
        // Link migration: the new end is attached, the old one detaches.
        oldEnd.detachQueue();
        for (int i = 0; i < 3; i++) {
            Netns.Result r = ns.exec("ping", "-c", "1", "-W", "3", Ip4.format(US));
            assertEquals(0, r.exitCode(), r.output());
            assertNotNull(queuedEcho(atNew, Icmp.ECHO_REQUEST), "ping " + i + " not through the attached queue");
            assertNull(queuedEcho(atOld, Icmp.ECHO_REQUEST), "a detached queue received traffic");
        }
        // And back.
        oldEnd.attachQueue();
        newEnd.detachQueue();
        atNew.clear();
        Netns.Result r = ns.exec("ping", "-c", "1", "-W", "3", Ip4.format(US));
        assertEquals(0, r.exitCode(), r.output());
        assertNotNull(queuedEcho(atOld, Icmp.ECHO_REQUEST));
        assertNull(queuedEcho(atNew, Icmp.ECHO_REQUEST));
    }

    @Test
    void badInputIsCountedNeverThrown() throws Exception {
        Netns ns = track(new Netns("vrpt"));
        String dev = Netns.uniqueName("vrtun");
        TunPort port = track(new TunPort("t0", dev, 1500, false));
        // Device still down: the kernel refuses writes (EIO) — counted.
        byte[] req = Icmp.echoRequest(US, KERNEL, 1, 1, new byte[8]);
        port.send(req, 0, req.length, 0);
        assertEquals(1, port.counter("tx_errors"));
        port.send(new byte[2000], 0, 2000, 0);
        assertEquals(1, port.counter("drop_tx_oversize"));
        assertThrows(IllegalStateException.class, port::detachQueue, "not multi-queue");
        configure(ns, dev);
        port.close();
        port.send(req, 0, req.length, 0);
        assertEquals(1, port.counter("drop_tx_closed"));
        // Last queue closed: the kernel removes the device.
        assertTrue(ns.exec("ip", "link", "show", dev).exitCode() != 0, "device still exists after close");
    }

    @Test
    void factoryValidatesConfig() {
        PortFactory f = ServiceLoader.load(PortFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type().equals("tun")).findFirst().orElseThrow();
        ConfigException e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: tun\ndevice: a/b\n"), null));
        assertTrue(e.getMessage().contains("device"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: tun\ndevice: abcdefghijklmnopq\n"), null));
        assertTrue(e.getMessage().contains("interface name"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: tun\ndevice: t0\nnetns: foo\n"), null));
        assertTrue(e.getMessage().contains("netns"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: tun\ndevice: t0\nmtu: 10\n"), null));
        assertTrue(e.getMessage().contains("mtu"), e.getMessage());
    }
}
