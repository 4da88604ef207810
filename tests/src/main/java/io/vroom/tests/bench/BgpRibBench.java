package io.vroom.tests.bench;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.mrt.MrtOrigination;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.rib.NextHopResolver;
import io.vroom.bgp.rib.PeerInfo;
import io.vroom.bgp.util.IntList;
import io.vroom.core.net.Ip4;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.List;

/**
 * The BGP RIB alone under the side-by-side benchmark's load: reads an MRT table (bgp's MrtReader),
 * announces its routes from slot 1 (the tester, eBGP) grouped by attribute set as a tester's
 * UPDATEs carry them, in chunks of about one 64 KiB TCP read, and after each chunk does what
 * BgpProtocol's ribWork does: drains the changed prefixes, exports them, and packs the UPDATEs for
 * slot 2 (the monitor, eBGP) until nothing is pending. Prints ns per route and the heap the RIB
 * retains per route (System.gc(), used heap before and after; the MRT's decoded attribute sets are
 * held throughout, so the second figure is the RIB's own structure plus any exported copies).
 *
 * <p>{@code java -cp ... io.vroom.tests.bench.BgpRibBench FILE.mrt [ROUNDS] [CHUNK]}
 */
public final class BgpRibBench {
    private BgpRibBench() {}

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        MrtOrigination mrt;
        try (InputStream in = new BufferedInputStream(new FileInputStream(file), 1 << 20)) {
            mrt = MrtOrigination.read(in);
        }
        int n = mrt.size();
        // UPDATE order: routes grouped by attribute set, sets in order of first appearance.
        int sets = mrt.attrs().size();
        int[] count = new int[sets + 1];
        for (int i = 0; i < n; i++) count[mrt.attrIndex()[i] + 1]++;
        for (int i = 0; i < sets; i++) count[i + 1] += count[i];
        long[] keys = new long[n];
        PathAttributes[] attrs = new PathAttributes[n];
        for (int i = 0; i < n; i++) {
            int s = mrt.attrIndex()[i];
            int at = count[s]++;
            keys[at] = mrt.keys()[i];
            attrs[at] = mrt.attrs().get(s);
        }
        List<PathAttributes> keep = mrt.attrs();
        mrt = null;
        System.out.printf("%s: %d routes, %d attribute sets, chunk %d%n", file, n, sets, chunk);
        for (int round = 0; round < rounds; round++) {
            long base = usedHeap();
            long t0 = System.nanoTime();
            BgpRib rib = ingest(keys, attrs, chunk);
            long ns = System.nanoTime() - t0;
            long retained = usedHeap() - base;
            System.out.printf("round %d: %.0f ns/route (%d ms), retained %.1f bytes/route (%.1f MB); Loc-RIB %d, Adj-RIB-Out(2) %d, sets %d, unsendable %d; %d UPDATEs, %.1f MB%n",
                    round, ns / (double) n, ns / 1_000_000, retained / (double) n, retained / 1048576.0, rib.locRibSize(), rib.adjRibOutSize(2),
                    rib.attributes().size(), rib.unsendableRoutes(), updates, updateBytes / 1048576.0);
            if (rib.locRibSize() != n || rib.adjRibOutSize(2) != n) throw new IllegalStateException("not every route went through");
        }
        if (keep.isEmpty()) System.out.println();
    }

    static long updates, updateBytes;
    static final boolean BATCH = !Boolean.getBoolean("bench.oneByOne");

    static BgpRib ingest(long[] keys, PathAttributes[] attrs, int chunk) {
        BgpRib rib = new BgpRib(65002, Ip4.parse("10.0.0.2"), Ip4.parse("10.0.0.2"), false, 4_000_000, 4_000_000);
        rib.addPeer(new PeerInfo(1, false, false, 65001, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.1"), false, false, Ip4.parse("10.0.0.2"), true),
                Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        rib.addPeer(new PeerInfo(2, false, false, 65003, Ip4.parse("10.0.1.2"), Ip4.parse("10.0.1.2"), false, false, Ip4.parse("10.0.1.1"), true),
                Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        rib.peerUp(1);
        rib.peerUp(2);
        rib.exportAll(2);
        NextHopResolver r = NextHopResolver.ALL_REACHABLE;
        IntList changed = new IntList(chunk);
        updates = 0;
        updateBytes = 0;
        for (int i = 0; i < keys.length; i += chunk) {
            int end = Math.min(keys.length, i + chunk);
            for (int j = i; j < end; ) { // one UPDATE: a run of one attribute set (at most ~1000 NLRI)
                int k = j + 1;
                while (k < end && k - j < 1000 && attrs[k] == attrs[j]) k++;
                if (BATCH) rib.announce(1, keys, j, k, attrs[j], r);
                else for (int x = j; x < k; x++) rib.announce(1, keys[x], attrs[x], r);
                j = k;
            }
            ribWork(rib, changed);
        }
        ribWork(rib, changed);
        return rib;
    }

    static void ribWork(BgpRib rib, IntList changed) {
        changed.clear();
        rib.takeChanged(changed);
        for (int k = 0; k < changed.size(); k++) rib.exportChanged(changed.get(k));
        while (rib.hasQueued(2)) {
            List<byte[]> msgs = rib.drainUpdates(2, 256);
            if (msgs.isEmpty()) break;
            updates += msgs.size();
            for (byte[] m : msgs) updateBytes += m.length;
        }
    }
}
