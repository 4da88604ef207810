package io.vroom.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigException;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.PortFactory;
import io.vroom.core.net.Icmp;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ipv4;
import java.util.Arrays;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real kernel: a veth pair between namespace "kernel" (10.9.1.1/24, configured by Linux) and
 * namespace "port" whose end an {@link EthernetPort} owns as 10.9.1.2/24. Needs root.
 */
class EthernetPortTest {
    static final int KERNEL = Ip4.parse("10.9.1.1");
    static final int US = Ip4.parse("10.9.1.2");

    Netns kernelNs, portNs;
    String kernelDev, portDev;
    EthernetPort port;
    final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(1000);

    @BeforeEach
    void setUp() throws Exception {
        kernelNs = new Netns("vrpk");
        try {
            portNs = new Netns("vrpp");
            kernelDev = Netns.uniqueName("vrek");
            portDev = Netns.uniqueName("vrep");
            Netns.sh("ip", "link", "add", kernelDev, "netns", kernelNs.name, "type", "veth", "peer", "name", portDev, "netns", portNs.name);
            kernelNs.ip("addr", "add", "10.9.1.1/24", "dev", kernelDev);
            kernelNs.ip("link", "set", kernelDev, "up");
            portNs.ip("link", "set", portDev, "up");
            port = portNs.inside(() -> new EthernetPort("e0", portDev, US, 24, 0, new ArpTable.Params()));
        } catch (Exception | AssertionError e) {
            tearDown();
            throw e;
        }
    }

    @AfterEach
    void tearDown() {
        if (port != null) port.close();
        if (portNs != null) portNs.close();
        if (kernelNs != null) kernelNs.close();
    }

    /** Collects packets; answers echo requests for our address through the port (as a VR would). */
    void startAnswering() {
        port.start((buf, off, len) -> {
            byte[] p = Arrays.copyOfRange(buf, off, off + len);
            received.offer(p);
            if (isEcho(p, Icmp.ECHO_REQUEST) && Ipv4.destination(p, 0) == US) {
                byte[] reply = Icmp.echoReply(p, 0, US);
                port.send(reply, 0, reply.length, Ipv4.source(p, 0));
            }
        });
    }

    static boolean isEcho(byte[] p, int type) {
        return p.length >= 28 && Ipv4.protocol(p, 0) == Ipv4.PROTO_ICMP && Icmp.type(p, Ipv4.headerLength(p, 0)) == type;
    }

    byte[] awaitEcho(int type, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            byte[] p = received.poll(left, TimeUnit.NANOSECONDS);
            if (p != null && isEcho(p, type)) return p;
        }
        return null;
    }

    long kernelMacOf(String dev) {
        String out = kernelNs.ip("-o", "link", "show", dev);
        int i = out.indexOf("link/ether ");
        return Ethernet.parseMac(out.substring(i + 11, i + 28));
    }

    @Test
    void echoToTheKernelResolvesArpAndGetsTheReply() throws Exception {
        assertEquals(1500, port.mtu());
        startAnswering();
        byte[] req = Icmp.echoRequest(US, KERNEL, 0x4242, 1, "through arp".getBytes());
        port.send(req, 0, req.length, 0);
        byte[] reply = awaitEcho(Icmp.ECHO_REPLY, 5000);
        assertNotNull(reply, "no echo reply; counters " + port.counters() + " arp " + port.arpEntries());
        assertEquals(KERNEL, Ipv4.source(reply, 0));
        assertEquals(US, Ipv4.destination(reply, 0));
        assertEquals(kernelMacOf(kernelDev), port.neighbour(KERNEL), "learned the kernel's MAC");
        assertEquals(1, port.counter("arp_queued"), "the first packet waited for ARP");
        assertTrue(port.counter("tx_arp") >= 2, "gratuitous ARP + request");
        // The second one goes straight out.
        byte[] req2 = Icmp.echoRequest(US, KERNEL, 0x4242, 2, new byte[1400]);
        port.send(req2, 0, req2.length, KERNEL);
        assertNotNull(awaitEcho(Icmp.ECHO_REPLY, 5000));
        assertEquals(1, port.counter("arp_queued"));
    }

    @Test
    void kernelResolvesUsAndItsPingIsAnswered() throws Exception {
        startAnswering();
        Netns.Result r = kernelNs.exec("ping", "-c", "2", "-i", "0.2", "-W", "3", Ip4.format(US));
        assertEquals(0, r.exitCode(), r.output() + " counters " + port.counters());
        String neigh = kernelNs.ip("neigh", "show", Ip4.format(US), "dev", kernelDev);
        assertTrue(neigh.contains(Ethernet.format(port.mac())), "kernel's neighbour entry: " + neigh);
        assertTrue(port.counter("rx_arp") >= 1);
    }

    @Test
    void multicastIsMappedToGroupMacsBothWays() throws Exception {
        startAnswering();
        // Kernel -> us: an echo to 224.0.0.5 (OSPF's group) leaves with 01:00:5e:00:00:05 and reaches the port.
        kernelNs.exec("ping", "-c", "1", "-W", "1", "-t", "1", "-I", kernelDev, "224.0.0.5");
        byte[] got = awaitEcho(Icmp.ECHO_REQUEST, 3000);
        assertNotNull(got, "multicast frame not delivered; counters " + port.counters());
        assertEquals(Ip4.parse("224.0.0.5"), Ipv4.destination(got, 0));
        // Us -> kernel: an echo to all-hosts 224.0.0.1; Linux answers multicast echo once allowed.
        kernelNs.exec("sysctl", "-q", "-w", "net.ipv4.icmp_echo_ignore_broadcasts=0");
        byte[] req = Icmp.echoRequest(US, Ip4.parse("224.0.0.1"), 7, 1, new byte[16]);
        port.send(req, 0, req.length, 0);
        byte[] reply = awaitEcho(Icmp.ECHO_REPLY, 5000);
        assertNotNull(reply, "kernel did not accept our 01:00:5e:00:00:01 frame; counters " + port.counters());
        assertEquals(KERNEL, Ipv4.source(reply, 0));
    }

    static boolean transportChecksumOk(byte[] p) {
        int hl = Ipv4.headerLength(p, 0), len = Ipv4.totalLength(p, 0) - hl;
        return io.vroom.core.net.Checksum.sum(p, hl, len,
                Ipv4.pseudoHeaderSum(Ipv4.source(p, 0), Ipv4.destination(p, 0), Ipv4.protocol(p, 0), len)) == 0xffff;
    }

    byte[] awaitProtocol(int protocol, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            byte[] p = received.poll(left, TimeUnit.NANOSECONDS);
            if (p != null && Ipv4.protocol(p, 0) == protocol) return p;
        }
        return null;
    }

    /** Linux over a veth leaves TCP/UDP checksums partial (offload); the port completes them. */
    @Test
    void kernelTransportChecksumsArriveComplete() throws Exception {
        startAnswering();
        kernelNs.exec("bash", "-c", "echo hello > /dev/udp/10.9.1.2/9999");
        byte[] udp = awaitProtocol(Ipv4.PROTO_UDP, 5000);
        assertNotNull(udp, "no UDP datagram; counters " + port.counters());
        assertTrue(transportChecksumOk(udp), "UDP checksum");
        kernelNs.exec("timeout", "1", "bash", "-c", "echo x > /dev/tcp/10.9.1.2/179");
        byte[] syn = awaitProtocol(Ipv4.PROTO_TCP, 5000);
        assertNotNull(syn, "no TCP SYN; counters " + port.counters());
        assertTrue(transportChecksumOk(syn), "TCP checksum");
        assertTrue(port.counter("rx_checksums_completed") >= 2, port.counters().toString());
    }

    @Test
    void badFramesAreCountedNeverThrown() throws Exception {
        startAnswering();
        Random rnd = new Random(1);
        long mac = port.mac();
        for (int i = 0; i < 20_000; i++) {
            byte[] f = new byte[rnd.nextInt(120)];
            rnd.nextBytes(f);
            if (f.length >= 14 && i % 3 == 0) Ethernet.writeMac(f, 0, mac);
            if (f.length >= 14 && i % 6 == 0) { f[12] = 0x08; f[13] = (byte) (i % 12 == 0 ? 0x06 : 0x00); }
            port.handleFrame(f, f.length);
        }
        long dropped = port.counter("drop_rx_runt") + port.counter("drop_rx_not_for_us") + port.counter("drop_rx_other_ethertype")
                + port.counter("drop_rx_bad_arp") + port.counter("drop_rx_malformed");
        assertTrue(dropped > 10_000, "counters " + port.counters());
        // A VLAN-tagged frame and an IPv6 frame for us: ignored, counted.
        long other = port.counter("drop_rx_other_ethertype");
        byte[] vlan = new byte[64];
        Ethernet.writeHeader(vlan, 0, mac, 0x020000000009L, 0x8100);
        port.handleFrame(vlan, vlan.length);
        Ethernet.writeHeader(vlan, 0, mac, 0x020000000009L, 0x86dd);
        port.handleFrame(vlan, vlan.length);
        assertEquals(other + 2, port.counter("drop_rx_other_ethertype"));
        // Still works afterwards.
        byte[] req = Icmp.echoRequest(US, KERNEL, 1, 1, new byte[8]);
        port.send(req, 0, req.length, 0);
        assertNotNull(awaitEcho(Icmp.ECHO_REPLY, 5000));
    }

    @Test
    void paddingIsTrimmedAndSendLimitsHold() throws Exception {
        startAnswering();
        byte[] small = Ipv4.packet(KERNEL, US, 253, 64, 0, new byte[2]); // 22 bytes: padded to 60 on the wire
        byte[] f = new byte[60];
        Ethernet.writeHeader(f, 0, port.mac(), 0x020000000009L, Ethernet.TYPE_IPV4);
        System.arraycopy(small, 0, f, 14, small.length);
        port.handleFrame(f, f.length);
        byte[] got = received.poll(1, TimeUnit.SECONDS);
        assertNotNull(got);
        assertEquals(22, got.length);
        port.send(new byte[1501], 0, 1501, KERNEL);
        port.send(new byte[10], 0, 10, KERNEL);
        assertEquals(2, port.counter("drop_tx_oversize"));
        port.close();
        port.send(small, 0, small.length, KERNEL);
        assertEquals(1, port.counter("drop_tx_closed"));
    }

    @Test
    void factoryValidatesConfig() {
        PortFactory f = ServiceLoader.load(PortFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type().equals("eth")).findFirst().orElseThrow();
        ConfigException e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: eth\ndevice: eth0\n"), null));
        assertTrue(e.getMessage().contains("address"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: eth\ndevice: eth0\naddress: 10.0.0.1\n"), null));
        assertTrue(e.getMessage().contains("ADDRESS/LENGTH"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: eth\ndevice: nosuchdev0\naddress: 10.0.0.1/24\n"), null));
        assertTrue(e.getMessage().contains("cannot open"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> f.open("x", ConfigNode.parse("p.yaml", "type: eth\ndevice: eth0\naddress: 10.0.0.1/24\nvlan: 3\n"), null));
        assertTrue(e.getMessage().contains("vlan"), e.getMessage());
    }
}
