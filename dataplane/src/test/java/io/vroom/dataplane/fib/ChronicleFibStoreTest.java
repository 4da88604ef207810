package io.vroom.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.DataPlane;
import io.vroom.core.dataplane.DataPlaneProvider;
import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.forward.SoftwareForwarding;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.rib.NextHop;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleFibStoreTest {
    @TempDir
    Path dir;

    static List<FibDelta> routes(int n, int seed) {
        Random r = new Random(seed);
        List<FibDelta> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Ip4Prefix p = new Ip4Prefix((20 << 24) + (i << 8), 24);
            out.add(FibDelta.install(FibEntry.forward(p, List.of(new NextHop(1 + r.nextInt(3), Ip4.parse("10.0.0.2") + r.nextInt(4))))));
        }
        return out;
    }

    static final class CountingPort implements Port {
        int sent;
        int lastNextHop;
        PacketReceiver receiver;
        @Override public String name() { return "c"; }
        @Override public int mtu() { return 1500; }
        @Override public void start(PacketReceiver r) { receiver = r; }
        @Override public void send(byte[] buf, int off, int len, int nextHop) { sent++; lastNextHop = nextHop; }
        @Override public void close() {}
    }

    @Test
    void entriesPersistAcrossReopenAndForwardAtOnce() {
        ChronicleFibStore.Factory stores = new ChronicleFibStore.Factory(dir, 10_000);
        SoftwareForwarding virtd = new SoftwareForwarding(stores, () -> 0L);
        VrDataPlane dp = virtd.open("vr1", (i, p) -> {});
        List<FibDelta> batch = new ArrayList<>(routes(1000, 1));
        batch.add(FibDelta.install(new FibEntry(Ip4Prefix.parse("30.0.0.0/8"), FibEntry.Kind.BLACKHOLE, List.of())));
        batch.add(FibDelta.install(FibEntry.forward(Ip4Prefix.parse("40.0.0.0/8"),
                List.of(new NextHop(2, Ip4.parse("10.0.0.9")), new NextHop(3, Ip4.parse("10.0.0.10"))))));
        batch.add(FibDelta.install(FibEntry.local(Ip4Prefix.parse("10.0.0.1/32"))));
        batch.add(FibDelta.remove(Ip4Prefix.parse("20.0.5.0/24")));
        assertTrue(dp.apply(batch).ok());
        List<FibEntry> before = dp.entries();
        assertEquals(1002, before.size());
        virtd.close();

        SoftwareForwarding again = new SoftwareForwarding(new ChronicleFibStore.Factory(dir, 10_000), () -> 0L);
        VrDataPlane dp2 = again.open("vr1", (i, p) -> {});
        assertEquals(before, dp2.entries());
        assertEquals(1002, dp2.fibSize());
        CountingPort in = new CountingPort(), out = new CountingPort();
        dp2.bind(0, in);
        Ip4Prefix p7 = before.get(7).prefix();
        NextHop nh7 = before.get(7).nextHops().get(0);
        dp2.bind(nh7.ifIndex(), out);
        byte[] pkt = Ipv4.packet(Ip4.parse("10.9.9.9"), p7.address() | 5, Ipv4.PROTO_UDP, 9, 0, new byte[8]);
        in.receiver.receive(pkt, 0, pkt.length);
        assertEquals(1, out.sent);
        assertEquals(nh7.gateway(), out.lastNextHop);

        // destroy deletes the file: the next open starts empty.
        again.destroy("vr1");
        assertFalse(Files.exists(dir.resolve("vr1.fib")));
        assertEquals(0, again.open("vr1", (i, p) -> {}).fibSize());
        again.close();
    }

    @Test
    void fullFibIsAnErrorResult() {
        SoftwareForwarding virtd = new SoftwareForwarding(new ChronicleFibStore.Factory(dir, 50), () -> 0L);
        VrDataPlane dp = virtd.open("small", (i, p) -> {});
        VrDataPlane.FibResult r = dp.apply(routes(80, 2));
        assertEquals(50, r.applied());
        assertEquals(30, r.rejected());
        assertTrue(r.error().contains("FIB full"), r.error());
        assertEquals(50, dp.fibSize());
        assertEquals(50, dp.entries().size());
        // Replacing an existing entry is fine while full.
        assertTrue(dp.apply(routes(1, 9)).ok());
        virtd.close();
    }

    @Test
    void codecRoundTripsAndNeverThrowsOnDamagedValues() {
        FibEntry e = FibEntry.forward(Ip4Prefix.parse("1.2.3.0/24"), List.of(new NextHop(7, Ip4.parse("9.8.7.6")), NextHop.onLink(65535)));
        assertEquals(e, FibEntryCodec.decode(FibEntryCodec.key(e.prefix()), FibEntryCodec.encode(e)));
        FibEntry local = FibEntry.local(Ip4Prefix.parse("1.2.3.4/32"));
        assertEquals(local, FibEntryCodec.decode(FibEntryCodec.key(local.prefix()), FibEntryCodec.encode(local)));
        assertNull(FibEntryCodec.decode(FibEntryCodec.key(e.prefix()), new byte[] {0, 0})); // FORWARD without next hop
        assertNull(FibEntryCodec.decode((1L << 8) | 24, FibEntryCodec.encode(e))); // host bits set
        assertNull(FibEntryCodec.decode(33, FibEntryCodec.encode(local)));
        Random r = new Random(5);
        int decoded = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[r.nextInt(20)];
            r.nextBytes(b);
            if (FibEntryCodec.decode(r.nextLong() >>> r.nextInt(64), b) != null) decoded++;
        }
        assertTrue(decoded < 100_000);
    }

    @Test
    void providerIsFoundAndValidatesConfig() {
        DataPlaneProvider provider = ServiceLoader.load(DataPlaneProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.kind().equals("software")).findFirst().orElseThrow();
        try (DataPlane dp = provider.create(ConfigNode.parse("node.yaml", "kind: software\nfib-capacity: 10\n"), dir)) {
            VrDataPlane vr = dp.open("vr-a", (i, p) -> {});
            assertEquals(10, vr.apply(routes(12, 3)).applied());
            assertTrue(Files.exists(dir.resolve("fib").resolve("vr-a.fib")));
        }
        try {
            provider.create(ConfigNode.parse("node.yaml", "kind: software\nfib-capacityy: 10\n"), dir);
            throw new AssertionError("unknown field accepted");
        } catch (RuntimeException expected) {
            assertTrue(expected.getMessage().contains("fib-capacityy"), expected.getMessage());
        }
    }

    /** A node killed with -9 while its FIB is open: the next open recovers every acknowledged route. */
    @Test
    void recoversAfterKillDashNine() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashingFibWriter.class.getName());
        cmd.add(dir.toString());
        cmd.add("20000");
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("installed")) { /* wait for the child */ }
            assertEquals("installed", line);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(dir.resolve("crashy.open")), "the dead writer left its marker");
        SoftwareForwarding virtd = new SoftwareForwarding(new ChronicleFibStore.Factory(dir, 100_000), () -> 0L);
        long t0 = System.nanoTime();
        VrDataPlane dp = virtd.open("crashy", (i, p) -> {});
        long reopenMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(dp.fibSize() >= 20000, "recovered " + dp.fibSize());
        assertEquals(routes(20000, 4).get(123).entry(), dp.entries().get(123));
        System.err.println("reopened " + dp.fibSize() + " routes after kill -9 in " + reopenMs + " ms");
        virtd.close();
        assertFalse(Files.exists(dir.resolve("crashy.open")));
    }

    /** Values are the same bytes whichever access wrote them: a file written with Chronicle's stock byte[] access opens, reads and updates. */
    @Test
    void fileWrittenWithStockValueAccessReadsAndUpdates() throws Exception {
        ChronicleFibStore.Factory factory = new ChronicleFibStore.Factory(dir, 1000);
        List<FibDelta> routes = routes(50, 7);
        try (net.openhft.chronicle.map.ChronicleMap<Long, byte[]> stock = net.openhft.chronicle.map.ChronicleMap.of(Long.class, byte[].class)
                .entries(1000).averageValueSize(8).checksumEntries(false).createPersistedTo(factory.file("old").toFile())) {
            for (FibDelta d : routes) stock.put(FibEntryCodec.key(d.prefix()), FibEntryCodec.encode(d.entry()));
        }
        try (io.vroom.core.forward.FibStore store = factory.open("old")) {
            assertEquals(50, store.size());
            List<FibEntry> read = new ArrayList<>();
            store.forEach(read::add);
            for (FibDelta d : routes) assertTrue(read.contains(d.entry()), d.prefix().toString());
            FibEntry replaced = FibEntry.forward(routes.get(3).prefix(), List.of(new NextHop(9, Ip4.parse("10.9.9.9"))));
            assertTrue(store.put(replaced));
            assertTrue(store.remove(routes.get(4).prefix()));
            assertFalse(store.remove(routes.get(4).prefix()));
            assertEquals(49, store.size());
        }
        try (net.openhft.chronicle.map.ChronicleMap<Long, byte[]> stock = net.openhft.chronicle.map.ChronicleMap.of(Long.class, byte[].class)
                .entries(1000).averageValueSize(8).checksumEntries(false).createPersistedTo(factory.file("old").toFile())) {
            assertEquals(49, stock.size());
            assertEquals(FibEntry.forward(routes.get(3).prefix(), List.of(new NextHop(9, Ip4.parse("10.9.9.9")))),
                    FibEntryCodec.decode(FibEntryCodec.key(routes.get(3).prefix()), stock.get(FibEntryCodec.key(routes.get(3).prefix()))));
            assertNull(stock.get(FibEntryCodec.key(routes.get(4).prefix())));
        }
    }
}
