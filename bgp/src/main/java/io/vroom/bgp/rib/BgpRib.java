package io.vroom.bgp.rib;

import io.vroom.bgp.attr.CommunitiesAttr;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.util.LongIntMap;
import io.vroom.bgp.util.LongList;
import java.util.Arrays;

/**
 * All of one speaker's routes: an Adj-RIB-In per peer slot (post-import-policy attributes, as
 * interned ids), the Loc-RIB (the winning slot per prefix, RFC 4271 §9.1.2) and an Adj-RIB-Out
 * per peer (what was sent) with the changes pending for it (§9.1.3, §9.2). Plain data; the
 * next-hop resolver is passed in with each call.
 *
 * <p>Flow: {@link #announce}/{@link #withdraw} → decision → changed prefixes collect in a dirty
 * set → the speaker {@link #drainChanged drains} them, installs them into the VR and calls
 * {@link #export} → {@link #drainUpdates} packs each peer's pending changes into UPDATEs.
 */
public final class BgpRib {
    public static final int WITHDRAW = -1;
    /** Adj-RIB-In entries retained across a peer's graceful restart (RFC 4724 §4.2) carry this bit. */
    private static final int STALE = 0x40000000;
    private static final int ID_MASK = STALE - 1;

    private final long localAs;
    private final int routerId;
    private final int clusterId;
    private final boolean alwaysCompareMed;
    private final int maxRoutes;
    private final AttrTable attrs;
    private PeerInfo[] peers = new PeerInfo[4];
    private boolean[] up = new boolean[4];
    private LongIntMap[] in = new LongIntMap[4];
    private LongIntMap[] out = new LongIntMap[4];
    private LongIntMap[] pending = new LongIntMap[4];
    private Policy[] importPolicy = new Policy[4];
    private Policy[] exportPolicy = new Policy[4];
    /** Per slot, the last raw set imported and its post-policy id: UPDATEs carry many prefixes per set. */
    private PathAttributes[] lastRaw = new PathAttributes[4];
    private int[] lastId = new int[4];
    /**
     * An Adj-RIB-Out (and pending) value with this bit names what was sent by its source instead
     * of by an interned exported set: {@code EXPORT_OF | sourceSlot << 22 | sourceSetId}, meaning
     * "ExportRules and the peer's export policy applied to that set". Used when the export policy
     * is prefix-independent (the result depends on the source set alone): a table of unique paths
     * then keeps one set per path, not two (the exported copy was ~180 bytes a route). It holds a
     * reference on the source set. Plain interned ids never have this bit (ids stay below 2^22).
     */
    static final int EXPORT_OF = 1 << 30;
    private static final int REF_ID_BITS = 22;
    private static final int REF_MAX_SLOT = 127;

    /**
     * Per target slot, the last export computed (ExportRules and a prefix-independent export
     * policy depend only on the source slot and its attribute set): source slot, source set id and
     * the result: an Adj-RIB-Out value, or -1 (not advertised). The cache holds a reference on the
     * source id (and on an interned result) so no id is reused while cached. Cleared whenever any peer changes.
     */
    private int[] exportFromSlot = {-1, -1, -1, -1}, exportFromId = new int[4], exportToId = new int[4];
    private final LongIntMap loc;
    private LongIntMap dirty = new LongIntMap();
    // scratch for the decision process
    private int[] candSlots = new int[8];
    private PathAttributes[] candAttrs = new PathAttributes[8];
    private int[] alive = new int[8];
    private long[] cost = new long[8];

    /**
     * @param maxRoutes the most prefixes the Loc-RIB and each Adj-RIB may hold (a limit; beyond it
     *                  new prefixes are refused and counted)
     */
    public BgpRib(long localAs, int routerId, int clusterId, boolean alwaysCompareMed, int maxRoutes, int maxAttributeSets) {
        this.localAs = localAs;
        this.routerId = routerId;
        this.clusterId = clusterId;
        this.alwaysCompareMed = alwaysCompareMed;
        this.maxRoutes = maxRoutes;
        this.attrs = new AttrTable(maxAttributeSets);
        this.loc = new LongIntMap(1024, maxRoutes);
        addPeer(PeerInfo.localOrigin(localAs, routerId), Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        up[0] = true;
    }

    private long refused;

    public long refusedRoutes() { return refused; }

    private long unsendable;

    /** Prefixes not advertised because their exported attributes exceed any UPDATE (RFC 4271 §4.3 size). */
    public long unsendableRoutes() { return unsendable; }

    void countUnsendable() {
        unsendable++;
    }

    public AttrTable attributes() { return attrs; }

    public PeerInfo peer(int slot) { return slot < peers.length ? peers[slot] : null; }

    public int slots() { return peers.length; }

    /** Adds or replaces the peer in {@code info.slot()} (down until {@link #peerUp}). */
    public void addPeer(PeerInfo info, Policy imp, Policy exp) {
        int s = info.slot();
        if (s >= peers.length) {
            int n = Math.max(s + 1, peers.length * 2);
            peers = Arrays.copyOf(peers, n);
            up = Arrays.copyOf(up, n);
            in = Arrays.copyOf(in, n);
            out = Arrays.copyOf(out, n);
            pending = Arrays.copyOf(pending, n);
            importPolicy = Arrays.copyOf(importPolicy, n);
            exportPolicy = Arrays.copyOf(exportPolicy, n);
            lastRaw = Arrays.copyOf(lastRaw, n);
            lastId = Arrays.copyOf(lastId, n);
            int was = exportFromSlot.length;
            exportFromSlot = Arrays.copyOf(exportFromSlot, n);
            Arrays.fill(exportFromSlot, was, n, -1);
            exportFromId = Arrays.copyOf(exportFromId, n);
            exportToId = Arrays.copyOf(exportToId, n);
        }
        forgetExports();
        peers[s] = info;
        if (in[s] == null) in[s] = new LongIntMap(16, maxRoutes);
        if (out[s] == null) out[s] = new LongIntMap(16, maxRoutes);
        if (pending[s] == null) pending[s] = new LongIntMap(16, maxRoutes);
        importPolicy[s] = imp == null ? Policy.ACCEPT_ALL : imp;
        exportPolicy[s] = exp == null ? Policy.ACCEPT_ALL : exp;
        forgetLast(s);
    }

    /** Updates what is known of a peer once its session is up (its identifier, AS, local address). */
    public void updatePeer(PeerInfo info) {
        forgetExports();
        peers[info.slot()] = info;
        forgetLast(info.slot());
    }

    private void forgetExports() {
        for (int t = 0; t < exportFromSlot.length; t++) {
            if (exportFromSlot[t] < 0) continue;
            attrs.release(exportFromId[t]);
            releaseOut(exportToId[t]);
            exportFromSlot[t] = -1;
        }
    }

    /** Drops the reference an Adj-RIB-Out/pending value holds (none for -1). */
    private void releaseOut(int v) {
        if (v >= 0) attrs.release(v >= EXPORT_OF ? v & ((1 << REF_ID_BITS) - 1) : v);
    }

    void releaseOutValue(int v) {
        releaseOut(v);
    }

    private void retainOut(int v) {
        if (v >= 0) attrs.retain(v >= EXPORT_OF ? v & ((1 << REF_ID_BITS) - 1) : v);
    }

    /** The attributes an Adj-RIB-Out/pending value stands for toward {@code slot}, or null (not advertised). */
    PathAttributes exported(int slot, int v) {
        if (v < 0) return null;
        if (v < EXPORT_OF) return attrs.get(v);
        int from = (v >>> REF_ID_BITS) & REF_MAX_SLOT;
        PathAttributes e = ExportRules.apply(peers[from], peers[slot], attrs.get(v & ((1 << REF_ID_BITS) - 1)), localAs, clusterId);
        return e == null ? null : exportPolicy[slot].apply(-1, e, localAs, peers[slot].localAddress());
    }

    private void forgetLast(int s) {
        if (lastRaw[s] != null && lastId[s] >= 0) attrs.release(lastId[s]); // -1: the cached set was rejected, holds no reference
        lastRaw[s] = null;
    }

    public boolean isUp(int slot) { return up[slot]; }

    public int adjRibInSize(int slot) { return in[slot].size(); }

    public int adjRibOutSize(int slot) { return out[slot].size(); }

    public int locRibSize() { return loc.size(); }

    public int pendingSize(int slot) { return pending[slot].size(); }

    // ---- Adj-RIB-In and import (RFC 4271 §9.1.1) ----------------------------------------------

    /** A route from {@code slot}: applies loop checks and the import policy, then runs the decision for the prefix. */
    public void announce(int slot, long key, PathAttributes raw, NextHopResolver r) {
        int id;
        if (raw == lastRaw[slot] && raw != null) {
            id = lastId[slot];
            if (id >= 0) attrs.retain(id);
        } else {
            id = importId(slot, key, raw);
            if (importPolicy[slot].prefixIndependent()) {
                forgetLast(slot);
                lastRaw[slot] = raw;
                lastId[slot] = id;
                if (id >= 0) attrs.retain(id);
            }
        }
        if (id < 0) {
            withdraw(slot, key, r);
            return;
        }
        int old = in[slot].put(key, id, -1);
        if (in[slot].lastPutRefused()) {
            refused++;
            attrs.release(id);
            return;
        }
        if (old >= 0) {
            attrs.release(old & ID_MASK);
            if ((old & ID_MASK) == id) return; // same route again (refresh): nothing changes
        }
        decide(key, slot, r);
    }

    /** The interned post-import attributes, or -1 if the route is not to be used. */
    private int importId(int slot, long key, PathAttributes a) {
        PeerInfo p = peers[slot];
        if (!p.local()) {
            // §9.1.2: a route whose AS_PATH holds our own AS is a loop; RFC 4456 §8: so is our ORIGINATOR_ID or CLUSTER_ID.
            if (a.asPath() != null && a.asPath().contains(localAs)) return -1;
            if (p.ibgp() && a.originatorId() == (routerId & 0xffffffffL)) return -1;
            int[] cl = a.clusterList();
            if (cl != null) for (int c : cl) if (c == clusterId) return -1;
        }
        PathAttributes b = importPolicy[slot].apply(key, a, localAs, p.localAddress());
        if (b == null) return -1;
        return attrs.intern(b);
    }

    public void withdraw(int slot, long key, NextHopResolver r) {
        int old = in[slot].remove(key, -1);
        if (old < 0) return;
        attrs.release(old & ID_MASK);
        decide(key, slot, r);
    }

    public void peerUp(int slot) {
        up[slot] = true;
    }

    /** The session went down without graceful restart: flush its routes and its Adj-RIB-Out. */
    public void peerDown(int slot, NextHopResolver r) {
        forgetExports(); // the export cache may hold this peer's sets
        up[slot] = false;
        forgetLast(slot);
        forgetExports(); // the per-peer export caches hold references to sets of this peer's routes
        long[] keys = in[slot].sortedKeys();
        for (long k : keys) withdraw(slot, k, r);
        clearOut(slot);
    }

    private void clearOut(int slot) {
        for (int s = out[slot].first(); s >= 0; s = out[slot].next(s)) releaseOut(out[slot].valueAt(s));
        out[slot].clear();
        for (int s = pending[slot].first(); s >= 0; s = pending[slot].next(s)) releaseOut(pending[slot].valueAt(s));
        pending[slot].clear();
    }

    /** RFC 4724 §4.2: the peer restarts; keep its routes, marked stale, and forget what we sent it. */
    public void markStale(int slot) {
        up[slot] = false;
        forgetLast(slot);
        LongIntMap m = in[slot];
        for (int s = m.first(); s >= 0; s = m.next(s)) m.setValueAt(s, m.valueAt(s) | STALE);
        clearOut(slot);
    }

    /** End-of-RIB or the restart timer: routes still stale are withdrawn. Returns how many. */
    public int sweepStale(int slot, NextHopResolver r) {
        LongList stale = new LongList();
        LongIntMap m = in[slot];
        for (int s = m.first(); s >= 0; s = m.next(s)) if ((m.valueAt(s) & STALE) != 0) stale.add(m.keyAt(s));
        for (int i = 0; i < stale.size(); i++) withdraw(slot, stale.get(i), r);
        return stale.size();
    }

    // ---- Loc-RIB (RFC 4271 §9.1.2) ------------------------------------------------------------

    /** Re-runs the decision for one prefix after {@code changedSlot}'s route for it changed (-1: a next hop's cost did); records the prefix as changed if its best route did. */
    public void decide(long key, int changedSlot, NextHopResolver r) {
        int n = 0;
        for (int s = 0; s < peers.length; s++) {
            if (peers[s] == null || in[s] == null) continue;
            int v = in[s].get(key, -1);
            if (v < 0) continue;
            if (n == candSlots.length) growScratch();
            candSlots[n] = s;
            candAttrs[n] = attrs.get(v & ID_MASK);
            n++;
        }
        int winner = n == 0 ? -1 : Decision.select(candSlots, candAttrs, n, peers, alwaysCompareMed, r, alive, cost);
        int bestSlot = winner < 0 ? -1 : candSlots[winner];
        Arrays.fill(candAttrs, 0, n, null);
        int before = loc.get(key, -1);
        if (bestSlot < 0) {
            if (before >= 0) {
                loc.remove(key, -1);
                dirty.put(key, 1, 0);
            }
            return;
        }
        // Changed if the winner moved, or the winner is the slot whose route just changed.
        if (bestSlot == before && bestSlot != changedSlot && changedSlot >= 0) return;
        if (bestSlot != before) {
            loc.put(key, bestSlot, -1);
            if (loc.lastPutRefused()) {
                refused++;
                return;
            }
        }
        dirty.put(key, 1, 0);
    }

    /**
     * Next-hop tracking: re-runs the decision (marking the prefix changed) for every prefix some
     * peer's route has a NEXT_HOP inside {@code address/length} — including prefixes that had left
     * the Loc-RIB because that next hop did not resolve. Returns how many prefixes were re-decided.
     */
    public int redecideNextHopsIn(int address, int length, NextHopResolver r) {
        long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        LongIntMap touched = new LongIntMap();
        for (int s = 1; s < peers.length; s++) {
            LongIntMap m = in[s];
            if (m == null) continue;
            for (int i = m.first(); i >= 0; i = m.next(i)) {
                PathAttributes a = attrs.get(m.valueAt(i) & ID_MASK);
                if (a != null && a.hasNextHop() && ((a.nextHop() & 0xffffffffL) & mask) == ((address & 0xffffffffL) & mask)) touched.put(m.keyAt(i), 1, 0);
            }
        }
        long[] keys = touched.sortedKeys();
        for (long k : keys) decide(k, -1, r);
        return keys.length;
    }

    private void growScratch() {
        int n = candSlots.length * 2;
        candSlots = Arrays.copyOf(candSlots, n);
        candAttrs = Arrays.copyOf(candAttrs, n);
        alive = Arrays.copyOf(alive, n);
        cost = Arrays.copyOf(cost, n);
    }

    /** The winning slot for a prefix, or -1. */
    public int bestSlot(long key) { return loc.get(key, -1); }

    /** The winning route's attributes, or null. */
    public PathAttributes best(long key) {
        int s = loc.get(key, -1);
        if (s < 0) return null;
        int v = in[s].get(key, -1);
        return v < 0 ? null : attrs.get(v & ID_MASK);
    }

    /** Every Loc-RIB prefix, sorted (address, then length). */
    public long[] locRibKeys() { return loc.sortedKeys(); }

    /** Up to {@code limit} Loc-RIB prefixes after {@code afterKey} (-1: from the start), sorted: one page of {@code show}. */
    public long[] locRibPage(long afterKey, int limit) {
        return io.vroom.bgp.util.KeyPage.after(loc, afterKey, limit);
    }

    /** Is {@code slot}'s route for the prefix kept stale across the peer's restart (RFC 4724 §4.2)? */
    public boolean isStale(int slot, long key) {
        return (in[slot].get(key, 0) & STALE) != 0;
    }

    /** Has the prefix been advertised to {@code slot} (is it in that Adj-RIB-Out)? */
    public boolean advertised(int slot, long key) {
        return out[slot].containsKey(key);
    }

    /** Moves the prefixes whose best route changed since the last call into {@code into} (sorted). */
    public void drainChanged(LongList into) {
        long[] keys = dirty.sortedKeys();
        for (long k : keys) into.add(k);
        dirty = new LongIntMap();
    }

    public int changedCount() { return dirty.size(); }

    /** The Adj-RIB-In attributes of {@code slot} for a prefix, or null. */
    public PathAttributes adjIn(int slot, long key) {
        int v = in[slot].get(key, -1);
        return v < 0 ? null : attrs.get(v & ID_MASK);
    }

    public long[] adjRibInKeys(int slot) { return in[slot].sortedKeys(); }

    // ---- Adj-RIB-Out (RFC 4271 §9.1.3, §9.2) --------------------------------------------------

    /** Recomputes what each up peer should have for {@code key} and queues the difference. */
    public void export(long key) {
        for (int s = 1; s < peers.length; s++) if (peers[s] != null && up[s]) exportTo(s, key);
    }

    /** The whole Loc-RIB for a peer whose session just came up (or asked for a ROUTE-REFRESH). */
    public void exportAll(int slot) {
        for (long k : loc.sortedKeys()) exportTo(slot, k);
    }

    /**
     * RFC 2918 §4 / soft-out: the peer asked for our Adj-RIB-Out again. Everything it already has
     * is queued once more (what was pending stays pending), so the next UPDATEs re-send it all.
     */
    public void resendAdjRibOut(int slot) {
        LongIntMap o = out[slot], p = pending[slot];
        for (int s = o.first(); s >= 0; s = o.next(s)) {
            long key = o.keyAt(s);
            if (p.containsKey(key)) continue;
            int id = o.valueAt(s);
            p.put(key, id, 0);
            if (p.lastPutRefused()) continue;
            retainOut(id); // an Adj-RIB-Out value may be a reference (EXPORT_OF | slot | id), not a set id
        }
    }

    private void exportTo(int slot, long key) {
        int bestSlot = loc.get(key, -1);
        int id = -1;
        if (bestSlot >= 0) {
            int srcId = in[bestSlot].get(key, -1) & ID_MASK;
            if (exportFromSlot[slot] == bestSlot && exportFromId[slot] == srcId) {
                id = exportToId[slot]; // same source set as the last prefix: same result
                retainOut(id);
            } else {
                PathAttributes a = attrs.get(srcId);
                PathAttributes e = ExportRules.apply(peers[bestSlot], peers[slot], a, localAs, clusterId);
                if (e != null) e = exportPolicy[slot].apply(key, e, localAs, peers[slot].localAddress());
                boolean independent = exportPolicy[slot].prefixIndependent();
                if (e != null) {
                    if (independent && bestSlot <= REF_MAX_SLOT && srcId < (1 << REF_ID_BITS)) {
                        id = EXPORT_OF | bestSlot << REF_ID_BITS | srcId; // by reference: no exported copy kept
                        attrs.retain(srcId);
                    } else {
                        id = attrs.intern(e);
                    }
                }
                if (independent && (e == null || id >= 0)) {
                    if (exportFromSlot[slot] >= 0) {
                        attrs.release(exportFromId[slot]);
                        releaseOut(exportToId[slot]);
                    }
                    exportFromSlot[slot] = bestSlot;
                    exportFromId[slot] = srcId;
                    exportToId[slot] = id;
                    attrs.retain(srcId);
                    retainOut(id);
                }
            }
        }
        int sent = out[slot].get(key, -1);
        int queued = pending[slot].get(key, Integer.MIN_VALUE);
        if (queued == Integer.MIN_VALUE) {
            if (id == sent) {
                releaseOut(id);
                return;
            }
        } else {
            releaseOut(queued);
        }
        if (id == sent) { // back to what the peer already has: nothing to send
            pending[slot].remove(key, 0);
            releaseOut(id);
            return;
        }
        pending[slot].put(key, id < 0 ? WITHDRAW : id, 0);
        if (pending[slot].lastPutRefused()) releaseOut(id);
    }

    /**
     * Packs up to {@code maxMessages} UPDATEs of this peer's pending changes (withdrawals first,
     * then announcements grouped by attribute set) and records them as sent.
     */
    public java.util.List<byte[]> drainUpdates(int slot, int maxMessages) {
        return UpdatePacker.drain(pending[slot], out[slot], this, slot, peers[slot].as4(), maxMessages);
    }

    /** CLUSTER_ID and our AS, for {@code show}. */
    public int clusterId() { return clusterId; }

    public long localAs() { return localAs; }

    public int routerId() { return routerId; }
}
