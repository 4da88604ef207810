package io.vroom.tests.bench;

import io.vroom.bgp.attr.AttrContext;
import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.mrt.MrtReader;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.rib.AttrTable;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.rib.NextHopResolver;
import io.vroom.bgp.rib.PeerInfo;
import io.vroom.bgp.util.LongList;
import io.vroom.bgp.wire.ErrorAction;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Attribute-set ingest micro-benchmark (issue 5 item 6): reads an MRT table (by default the unique-path
 * table of {@code genmrt.py}) into memory, then decodes and interns every route's attributes the way a
 * session's import does (AttributeCodec with an eBGP 4-octet context, the AS-loop check, the accept-all
 * import policy, {@link AttrTable#intern}), and prints ns per route and the heap the table retains per set.
 * Mode {@code rib} runs the same routes through a whole {@link BgpRib} (tester → DUT → monitor: announce,
 * decision, export, UPDATE packing) instead.
 *
 * Mode {@code decode} decodes and imports without a table (what {@code intern} costs beyond the table).
 *
 * <pre>java -cp ... io.vroom.tests.bench.BgpAttrBench [intern|rib|decode] [FILE.mrt] [ROUNDS]</pre>
 */
public final class BgpAttrBench {
    private BgpAttrBench() {}

    private static final long LOCAL_AS = 65002;
    private static final AttrContext EBGP = new AttrContext(true, false, 65001, true, false, false);

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "intern";
        String file = args.length > 1 ? args[1] : "/tmp/vroom-bgp-tables/unique.mrt";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Loaded t = load(file);
        System.out.printf("%s: %d routes, %d attribute bytes%n", file, t.n, t.offs[t.n]);
        Object held = null;
        for (int r = 0; r < rounds; r++) {
            held = null;
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            long sets;
            if (mode.equals("rib")) {
                BgpRib rib = runRib(t);
                held = rib;
                sets = rib.attributes().size();
            } else if (mode.equals("decode")) {
                held = runDecode(t);
                sets = 0;
            } else {
                AttrTable table = runIntern(t);
                held = table;
                sets = table.size();
            }
            long ns = System.nanoTime() - t0;
            long oldBefore = oldGenUsed();
            long after = usedAfterGc();
            System.out.printf("  old generation %.1f MB before a full GC, %.1f MB after (the difference: garbage promoted by young GCs)%n",
                    oldBefore / 1e6, oldGenUsed() / 1e6);
            System.out.printf("round %d: %s %.0f ns/route, %d sets, retained %.1f MB = %.1f bytes/set (%.1f bytes/route)%n", r, mode,
                    (double) ns / t.n, sets, (after - before) / 1e6, (double) (after - before) / Math.max(1, sets), (double) (after - before) / t.n);
            if (Boolean.getBoolean("vroom.bench.histo")) { // -Dvroom.bench.histo=true: what the retained heap is made of
                new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").inheritIO().start().waitFor();
            }
            if (held.hashCode() == 42) System.out.print(""); // keep it reachable until measured
        }
    }

    static AttrTable runIntern(Loaded t) {
        AttrTable table = new AttrTable(10_000_000);
        for (int i = 0; i < t.n; i++) {
            AttributeCodec.Decoded d = AttributeCodec.decode(t.bytes, t.offs[i], t.offs[i + 1] - t.offs[i], EBGP);
            if (d.action() != ErrorAction.NONE) continue;
            PathAttributes a = d.attributes();
            if (a.asPath() != null && a.asPath().contains(LOCAL_AS)) continue;
            PathAttributes b = Policy.ACCEPT_ALL.apply(t.keys[i], a, LOCAL_AS, 0x0a000002);
            if (b != null) table.intern(b);
        }
        return table;
    }

    /** Decoding and import alone (no table): the part of {@code intern} that is not the table. */
    static long runDecode(Loaded t) {
        long sum = 0;
        for (int i = 0; i < t.n; i++) {
            AttributeCodec.Decoded d = AttributeCodec.decode(t.bytes, t.offs[i], t.offs[i + 1] - t.offs[i], EBGP);
            if (d.action() != ErrorAction.NONE) continue;
            PathAttributes a = d.attributes();
            if (a.asPath() != null && a.asPath().contains(LOCAL_AS)) continue;
            PathAttributes b = Policy.ACCEPT_ALL.apply(t.keys[i], a, LOCAL_AS, 0x0a000002);
            if (b != null) sum += b.nextHopOrAbsent();
        }
        return sum;
    }

    static BgpRib runRib(Loaded t) {
        int max = 10_000_000;
        BgpRib rib = new BgpRib(LOCAL_AS, 0x0a000002, 0x0a000002, false, max, max);
        PeerInfo tester = new PeerInfo(1, false, false, 65001, 0x0a000001, 0x0a000001, false, false, 0x0a000002, true);
        PeerInfo monitor = new PeerInfo(2, false, false, 65003, 0x0a000102, 0x0a000102, false, false, 0x0a000101, true);
        rib.addPeer(tester, Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        rib.addPeer(monitor, Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        rib.peerUp(1);
        rib.peerUp(2);
        NextHopResolver r = NextHopResolver.ALL_REACHABLE;
        LongList changed = new LongList();
        long sent = 0;
        for (int i = 0; i < t.n; i++) {
            AttributeCodec.Decoded d = AttributeCodec.decode(t.bytes, t.offs[i], t.offs[i + 1] - t.offs[i], EBGP);
            if (d.action() != ErrorAction.NONE) continue;
            rib.announce(1, t.keys[i], d.attributes(), r);
            if ((i & 255) == 255 || i == t.n - 1) {
                rib.drainChanged(changed);
                for (int k = 0; k < changed.size(); k++) rib.export(changed.get(k));
                changed.clear();
                for (List<byte[]> u = rib.drainUpdates(2, 256); !u.isEmpty(); u = rib.drainUpdates(2, 256)) sent += u.size();
            }
        }
        if (sent == 0) throw new IllegalStateException("no UPDATE sent");
        return rib;
    }

    record Loaded(int n, long[] keys, byte[] bytes, int[] offs) {}

    static Loaded load(String file) throws Exception {
        LongList keys = new LongList();
        int[][] offs = {new int[1 << 20]};
        byte[][] bytes = {new byte[1 << 26]};
        int[] n = {0};
        try (InputStream in = new BufferedInputStream(new FileInputStream(file), 1 << 20)) {
            new MrtReader(in).readAll(new MrtReader.Sink() {
                public void peers(List<MrtReader.Peer> peers) {}

                public void route(long key, int peer, byte[] a, int off, int len) {
                    int i = n[0];
                    if (i + 2 > offs[0].length) offs[0] = Arrays.copyOf(offs[0], offs[0].length * 2);
                    int at = offs[0][i];
                    if (at + len > bytes[0].length) bytes[0] = Arrays.copyOf(bytes[0], Math.max(at + len, bytes[0].length * 2));
                    System.arraycopy(a, off, bytes[0], at, len);
                    offs[0][i + 1] = at + len;
                    keys.add(key);
                    n[0] = i + 1;
                }
            });
        }
        return new Loaded(n[0], keys.toArray(), bytes[0], offs[0]);
    }

    /** Used bytes of the old generation (tenured/old pool), -1 if there is none. */
    private static long oldGenUsed() {
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            String n = p.getName();
            if (n.contains("Tenured") || n.contains("Old Gen")) return p.getUsage().getUsed();
        }
        return -1;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
