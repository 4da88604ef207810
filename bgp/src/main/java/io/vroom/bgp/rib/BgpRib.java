package io.vroom.bgp.rib;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.util.IntColumn;
import io.vroom.bgp.util.IntList;
import io.vroom.bgp.util.IntQueue;
import io.vroom.bgp.util.KeyPage;
import io.vroom.bgp.util.LongList;
import java.util.Arrays;

/**
 * All of one speaker's routes: an Adj-RIB-In per peer slot (post-import-policy attributes, as
 * interned ids), the Loc-RIB (the winning slot per prefix, RFC 4271 §9.1.2) and an Adj-RIB-Out
 * per peer (what was sent) with the changes pending for it (§9.1.3, §9.2). Plain data; the
 * next-hop resolver is passed in with each call.
 *
 * <p>Layout: one table of rows, one row per prefix that any RIB holds ({@link RowTable}). Its
 * prefix index maps the prefix to its row (the one hash look-up a route costs); everything else is
 * a column indexed by row: the prefix, Loc-RIB winner and changed flag, and per slot the
 * Adj-RIB-In, Adj-RIB-Out and pending values ({@link PeerTables}). Rows are handed out densely
 * (freed rows are reused), so a table learned in order is written in order. Changed prefixes and
 * each peer's pending changes are queues of rows guarded by a bit per row, never sets to sort.
 *
 * <p>Flow: {@link #announce}/{@link #withdraw} → decision → changed rows queue → the speaker
 * {@link #takeChanged takes} them, installs them into the VR and {@link #exportChanged exports}
 * each → {@link #drainUpdates} packs each peer's pending changes into UPDATEs. A row is freed
 * when no RIB holds the prefix and nothing is queued for it.
 */
public final class BgpRib {
    public static final int WITHDRAW = -1;
    /** Adj-RIB-In entries retained across a peer's graceful restart (RFC 4724 §4.2) carry this bit. */
    static final int STALE = 0x40000000;
    private static final int ID_MASK = STALE - 1;

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

    /** Slots fit the row table's winner field. */
    static final int MAX_SLOT = RowTable.MAX_SLOT;

    private final long localAs;
    private final int routerId;
    private final int clusterId;
    private final boolean alwaysCompareMed;
    private final int maxRoutes;
    private final AttrTable attrs;
    private PeerTables[] peers = new PeerTables[4];

    private final RowTable rows = new RowTable();
    private int locCount;
    private final IntQueue changed = new IntQueue();

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
        addPeer(PeerInfo.localOrigin(localAs, routerId), Policy.ACCEPT_ALL, Policy.ACCEPT_ALL);
        peers[0].up = true;
    }

    private long refused;

    public long refusedRoutes() { return refused; }

    private long unsendable;

    /** Prefixes not advertised because their exported attributes exceed any UPDATE (RFC 4271 §4.3 size). */
    public long unsendableRoutes() { return unsendable; }

    public AttrTable attributes() { return attrs; }

    public PeerInfo peer(int slot) { return slot < peers.length && peers[slot] != null ? peers[slot].info : null; }

    public int slots() { return peers.length; }


    /** Adds or replaces the peer in {@code info.slot()} (down until {@link #peerUp}); its tables stay. */
    public void addPeer(PeerInfo info, Policy imp, Policy exp) {
        int s = info.slot();
        if (s < 0 || s > MAX_SLOT) throw new IllegalArgumentException("peer slot " + s + " beyond " + MAX_SLOT);
        if (s >= peers.length) peers = Arrays.copyOf(peers, Math.max(s + 1, peers.length * 2));
        forgetExports();
        if (peers[s] == null) peers[s] = new PeerTables();
        PeerTables t = peers[s];
        t.info = info;
        t.importPolicy = imp == null ? Policy.ACCEPT_ALL : imp;
        t.exportPolicy = exp == null ? Policy.ACCEPT_ALL : exp;
        forgetLast(t);
    }

    /** Updates what is known of a peer once its session is up (its identifier, AS, local address). */
    public void updatePeer(PeerInfo info) {
        forgetExports();
        peers[info.slot()].info = info;
        forgetLast(peers[info.slot()]);
    }

    private void forgetExports() {
        infoView = null;
        for (PeerTables t : peers) {
            if (t == null || t.exportFromSlot < 0) continue;
            attrs.release(t.exportFromId);
            releaseOut(t.exportToId);
            t.exportFromSlot = -1;
        }
    }

    /** Drops the reference an Adj-RIB-Out/pending value holds (none for -1). */
    private void releaseOut(int v) {
        if (v >= 0) attrs.release(v >= EXPORT_OF ? v & ((1 << REF_ID_BITS) - 1) : v);
    }

    private void retainOut(int v) {
        if (v >= 0) attrs.retain(v >= EXPORT_OF ? v & ((1 << REF_ID_BITS) - 1) : v);
    }

    /** The attributes an Adj-RIB-Out/pending value stands for toward {@code slot}, or null (not advertised). */
    PathAttributes exported(int slot, int v) {
        if (v < 0) return null;
        if (v < EXPORT_OF) return attrs.get(v);
        int from = (v >>> REF_ID_BITS) & REF_MAX_SLOT;
        PeerTables to = peers[slot];
        PathAttributes e = ExportRules.apply(peers[from].info, to.info, attrs.get(v & ((1 << REF_ID_BITS) - 1)), localAs, clusterId);
        return e == null ? null : to.exportPolicy.apply(-1, e, localAs, to.info.localAddress());
    }

    private void forgetLast(PeerTables t) {
        if (t.lastRaw != null && t.lastId >= 0) attrs.release(t.lastId); // -1: the cached set was rejected, holds no reference
        t.lastRaw = null;
    }

    public boolean isUp(int slot) { return peers[slot].up; }

    public int adjRibInSize(int slot) { return peers[slot].inCount; }

    public int adjRibOutSize(int slot) { return peers[slot].outCount; }

    public int locRibSize() { return locCount; }

    public int pendingSize(int slot) { return peers[slot].pendCount; }

    /**
     * Whether {@link #drainUpdates} has work for {@code slot}: changes pending, or rows still queued
     * whose change went away (the next drain lets them go).
     */
    public boolean hasQueued(int slot) {
        PeerTables t = peers[slot];
        return t.pendCount > 0 || t.queue.size() > 0 || t.batchPos < t.batchLen;
    }

    // ---- rows -----------------------------------------------------------------------------------

    /** The row of {@code key}, or -1. */
    private int row(long key) { return rows.find(key); }

    public long keyOf(int row) { return rows.key(row); }

    private void freeIfUnused(int row) { rows.freeIfUnused(row, peers); }

    /**
     * Renumbers the rows densely when at most a quarter of those handed out are in use: a table
     * that shrank — a peer with the full table went down — gives its pages back. Only when no
     * queue refers to a row (nothing changed or pending); the speaker calls it between events.
     */
    public void compact() {
        if (!rows.sparse() || changed.size() > 0) return;
        for (PeerTables t : peers) if (t != null && (t.queue.size() > 0 || t.batchPos < t.batchLen || t.pendCount > 0)) return;
        rows.compact(peers);
    }

    /** Rows in use / handed out, for tests. */
    int rowsInUse() { return rows.size(); }

    int rowsHandedOut() { return rows.end(); }

    // ---- Adj-RIB-In and import (RFC 4271 §9.1.1) ----------------------------------------------

    /** A route from {@code slot}: applies loop checks and the import policy, then runs the decision for the prefix. */
    public void announce(int slot, long key, PathAttributes raw, NextHopResolver r) {
        PeerTables t = peers[slot];
        int id;
        if (raw == t.lastRaw && raw != null) {
            id = t.lastId;
            if (id >= 0) attrs.retain(id);
        } else {
            id = importId(slot, key, raw);
            if (t.importPolicy.prefixIndependent()) {
                forgetLast(t);
                t.lastRaw = raw;
                t.lastId = id;
                if (id >= 0) attrs.retain(id);
            }
        }
        if (id < 0) {
            withdraw(slot, key, r);
            return;
        }
        int row = rows.lookup(key);
        if (row < 0) { // a new prefix: refused if it is not an IPv4 one, or the Adj-RIB-In or the row table is full
            if (row == RowTable.INVALID || t.inCount >= maxRoutes || (row = rows.add(row, key)) < 0) {
                refused++;
                attrs.release(id);
                return;
            }
        }
        int old = t.in.get(row);
        if (old == 0) {
            if (t.inCount >= maxRoutes) {
                refused++;
                attrs.release(id);
                return;
            }
            t.inCount++;
        }
        t.in.set(row, id + 1);
        if (old != 0) {
            int oldId = (old & ID_MASK) - 1;
            attrs.release(oldId);
            if (oldId == id) return; // same route again (refresh): nothing changes
        }
        decide(row, slot, r);
    }

    /**
     * The routes of one UPDATE: {@code keys[from..to)} from {@code slot} with the same attributes,
     * as {@link #announce(int, long, PathAttributes, NextHopResolver)} one by one, their index look-ups overlapped.
     */
    public void announce(int slot, long[] keys, int from, int to, PathAttributes raw, NextHopResolver r) {
        if (to - from > 1) rows.prepare(keys, from, to);
        for (int i = from; i < to; i++) announce(slot, keys[i], raw, r);
    }

    /** The interned post-import attributes, or -1 if the route is not to be used. */
    private int importId(int slot, long key, PathAttributes a) {
        PeerTables t = peers[slot];
        PeerInfo p = t.info;
        if (!p.local()) {
            // §9.1.2: a route whose AS_PATH holds our own AS is a loop; RFC 4456 §8: so is our ORIGINATOR_ID or CLUSTER_ID.
            if (a.asPath() != null && a.asPath().contains(localAs)) return -1;
            if (p.ibgp() && a.originatorId() == (routerId & 0xffffffffL)) return -1;
            int[] cl = a.clusterList();
            if (cl != null) for (int c : cl) if (c == clusterId) return -1;
        }
        PathAttributes b = t.importPolicy.apply(key, a, localAs, p.localAddress());
        if (b == null) return -1;
        return attrs.intern(b);
    }

    public void withdraw(int slot, long key, NextHopResolver r) {
        int row = row(key);
        if (row >= 0) withdrawRow(slot, row, r);
    }

    private void withdrawRow(int slot, int row, NextHopResolver r) {
        PeerTables t = peers[slot];
        int old = t.in.get(row);
        if (old == 0) return;
        t.in.set(row, 0);
        t.inCount--;
        attrs.release((old & ID_MASK) - 1);
        decide(row, slot, r);
        freeIfUnused(row);
    }

    public void peerUp(int slot) {
        peers[slot].up = true;
    }

    /** The session went down without graceful restart: flush its routes and its Adj-RIB-Out. */
    public void peerDown(int slot, NextHopResolver r) {
        PeerTables t = peers[slot];
        forgetExports(); // the per-peer export caches hold references to sets of this peer's routes
        t.up = false;
        forgetLast(t);
        for (int row = rows.next(-1, t.in); row >= 0; row = rows.next(row, t.in)) withdrawRow(slot, row, r);
        clearOut(slot);
    }

    private void clearOut(int slot) {
        PeerTables t = peers[slot];
        IntList touched = new IntList();
        for (int row = 0; row < rows.end(); row++) {
            if ((row & (IntColumn.PAGE_ROWS - 1)) == 0 && !t.out.hasPage(row >>> IntColumn.PAGE_SHIFT) && !t.pend.hasPage(row >>> IntColumn.PAGE_SHIFT)) {
                row += IntColumn.PAGE_ROWS - 1;
                continue;
            }
            int o = t.out.get(row), p = t.pend.get(row);
            if ((o | p) == 0) continue;
            if (o != 0) releaseOut(o - 1);
            releaseOut(PeerTables.pendingValue(p)); // withdraw (-1) and none hold nothing
            touched.add(row);
        }
        t.out.clear();
        t.pend.clear();
        t.outCount = 0;
        t.pendCount = 0;
        t.clearOrder();
        for (int i = 0; i < touched.size(); i++) freeIfUnused(touched.get(i));
    }

    /** RFC 4724 §4.2: the peer restarts; keep its routes, marked stale, and forget what we sent it. */
    public void markStale(int slot) {
        PeerTables t = peers[slot];
        t.up = false;
        forgetLast(t);
        for (int row = rows.next(-1, t.in); row >= 0; row = rows.next(row, t.in)) t.in.set(row, t.in.get(row) | STALE);
        clearOut(slot);
    }

    /** End-of-RIB or the restart timer: routes still stale are withdrawn. Returns how many. */
    public int sweepStale(int slot, NextHopResolver r) {
        PeerTables t = peers[slot];
        IntList stale = new IntList();
        for (int row = rows.next(-1, t.in); row >= 0; row = rows.next(row, t.in)) if ((t.in.get(row) & STALE) != 0) stale.add(row);
        for (int i = 0; i < stale.size(); i++) withdrawRow(slot, stale.get(i), r);
        return stale.size();
    }

    // ---- Loc-RIB (RFC 4271 §9.1.2) ------------------------------------------------------------

    /** Re-runs the decision for one prefix after {@code changedSlot}'s route for it changed (-1: a next hop's cost did). */
    public void decide(long key, int changedSlot, NextHopResolver r) {
        int row = row(key);
        if (row >= 0) decide(row, changedSlot, r);
    }

    /** The decision for one row; records it as changed if its best route did. */
    private void decide(int row, int changedSlot, NextHopResolver r) {
        int n = 0;
        for (int s = 0; s < peers.length; s++) {
            PeerTables t = peers[s];
            if (t == null) continue;
            int v = t.in.get(row);
            if (v == 0) continue;
            if (n == candSlots.length) growScratch();
            candSlots[n] = s;
            candAttrs[n] = attrs.get((v & ID_MASK) - 1);
            n++;
        }
        int winner = n == 0 ? -1 : Decision.select(candSlots, candAttrs, n, infos(), alwaysCompareMed, r, alive, cost);
        int bestSlot = winner < 0 ? -1 : candSlots[winner];
        Arrays.fill(candAttrs, 0, n, null);
        int before = rows.winner(row);
        if (bestSlot < 0) {
            if (before >= 0) {
                rows.setWinner(row, -1);
                locCount--;
                markChanged(row);
            }
            return;
        }
        // Changed if the winner moved, or the winner is the slot whose route just changed.
        if (bestSlot == before && bestSlot != changedSlot && changedSlot >= 0) return;
        if (bestSlot != before) {
            if (before < 0) {
                if (locCount >= maxRoutes) {
                    refused++;
                    return;
                }
                locCount++;
            }
            rows.setWinner(row, bestSlot);
        }
        markChanged(row);
    }

    /** The PeerInfo per slot, as the decision process takes them (rebuilt only when a peer changes). */
    private PeerInfo[] infos() {
        if (infoView == null) {
            infoView = new PeerInfo[peers.length];
            for (int s = 0; s < peers.length; s++) infoView[s] = peers[s] == null ? null : peers[s].info;
        }
        return infoView;
    }

    /** {@link #infos()}, null when a peer changed since. */
    private PeerInfo[] infoView;

    private void markChanged(int row) {
        if (rows.markChanged(row)) changed.add(row);
    }

    /**
     * Next-hop tracking: re-runs the decision (marking the prefix changed) for every prefix some
     * peer's route has a NEXT_HOP inside {@code address/length} — including prefixes that had left
     * the Loc-RIB because that next hop did not resolve. Returns how many prefixes were re-decided.
     */
    public int redecideNextHopsIn(int address, int length, NextHopResolver r) {
        long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        long want = (address & 0xffffffffL) & mask;
        int n = 0;
        for (int row = rows.next(-1, null); row >= 0; row = rows.next(row, null)) {
            for (int s = 1; s < peers.length; s++) {
                if (peers[s] == null) continue;
                int v = peers[s].in.get(row);
                if (v == 0) continue;
                PathAttributes a = attrs.get((v & ID_MASK) - 1);
                if (a != null && a.hasNextHop() && ((a.nextHop() & 0xffffffffL) & mask) == want) {
                    decide(row, -1, r);
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private void growScratch() {
        int n = candSlots.length * 2;
        candSlots = Arrays.copyOf(candSlots, n);
        candAttrs = Arrays.copyOf(candAttrs, n);
        alive = Arrays.copyOf(alive, n);
        cost = Arrays.copyOf(cost, n);
    }

    /** The winning slot for a prefix, or -1. */
    public int bestSlot(long key) {
        int row = row(key);
        return row < 0 ? -1 : rows.winner(row);
    }

    /** The winning route's attributes, or null. */
    public PathAttributes best(long key) {
        int row = row(key);
        return row < 0 ? null : bestOf(row);
    }

    /** The winning slot of a row {@link #takeChanged taken}, or -1. */
    public int bestSlotOf(int row) { return rows.winner(row); }

    /** The winning route's attributes of a row {@link #takeChanged taken}, or null. */
    public PathAttributes bestOf(int row) {
        int s = rows.winner(row);
        if (s < 0) return null;
        int v = peers[s].in.get(row);
        return v == 0 ? null : attrs.get((v & ID_MASK) - 1);
    }

    /** Every Loc-RIB prefix, sorted (address, then length). */
    public long[] locRibKeys() {
        LongList keys = new LongList(Math.max(16, locCount));
        for (int row = 0; row < rows.end(); row++) if (rows.inLocRib(row)) keys.add(rows.key(row));
        long[] out = keys.toArray();
        Arrays.sort(out);
        return out;
    }

    /** Up to {@code limit} Loc-RIB prefixes after {@code afterKey} (-1: from the start), sorted: one page of {@code show}. */
    public long[] locRibPage(long afterKey, int limit) {
        KeyPage page = new KeyPage(afterKey, Math.min(limit, Math.max(1, locCount)));
        for (int row = 0; row < rows.end(); row++) if (rows.inLocRib(row)) page.offer(rows.key(row));
        return page.sorted();
    }

    /** Is {@code slot}'s route for the prefix kept stale across the peer's restart (RFC 4724 §4.2)? */
    public boolean isStale(int slot, long key) {
        int row = row(key);
        return row >= 0 && (peers[slot].in.get(row) & STALE) != 0;
    }

    /** Has the prefix been advertised to {@code slot} (is it in that Adj-RIB-Out)? */
    public boolean advertised(int slot, long key) {
        int row = row(key);
        return row >= 0 && peers[slot].out.get(row) != 0;
    }

    /** Moves the prefixes whose best route changed since the last call into {@code into}, sorted, and exports nothing (see {@link #export}). */
    public void drainChanged(LongList into) {
        int from = into.size();
        while (changed.size() > 0) {
            int row = changed.poll();
            rows.clearChanged(row);
            into.add(keyOf(row));
            freeIfUnused(row);
        }
        if (into.size() - from > 1) {
            long[] a = into.toArray();
            Arrays.sort(a, from, a.length);
            into.clear();
            for (long k : a) into.add(k);
        }
    }

    /**
     * Moves the changed rows, in the order they changed, into {@code into}. They stay marked changed
     * (and so in use) until the caller hands each to {@link #exportChanged}, which it must do before
     * returning to its event loop; in between it may read them ({@link #keyOf}, {@link #bestOf}).
     */
    public void takeChanged(IntList into) {
        while (changed.size() > 0) into.add(changed.poll());
    }

    /** Queues what each up peer should now have for a row {@link #takeChanged taken}, and lets the row go. */
    public void exportChanged(int row) {
        rows.clearChanged(row);
        for (int s = 1; s < peers.length; s++) if (peers[s] != null && peers[s].up) exportTo(s, row);
        freeIfUnused(row);
    }

    public int changedCount() { return changed.size(); }

    /** The Adj-RIB-In attributes of {@code slot} for a prefix, or null. */
    public PathAttributes adjIn(int slot, long key) {
        int row = row(key);
        int v = row < 0 ? 0 : peers[slot].in.get(row);
        return v == 0 ? null : attrs.get((v & ID_MASK) - 1);
    }

    public long[] adjRibInKeys(int slot) {
        PeerTables t = peers[slot];
        LongList keys = new LongList(Math.max(16, t.inCount));
        for (int row = rows.next(-1, t.in); row >= 0; row = rows.next(row, t.in)) keys.add(keyOf(row));
        long[] out = keys.toArray();
        Arrays.sort(out);
        return out;
    }

    // ---- Adj-RIB-Out (RFC 4271 §9.1.3, §9.2) --------------------------------------------------

    /** Recomputes what each up peer should have for {@code key} and queues the difference. */
    public void export(long key) {
        int row = row(key);
        if (row < 0) return; // no RIB holds it, nothing was sent for it
        for (int s = 1; s < peers.length; s++) if (peers[s] != null && peers[s].up) exportTo(s, row);
        freeIfUnused(row);
    }

    /** The whole Loc-RIB for a peer whose session just came up (or asked for a ROUTE-REFRESH). */
    public void exportAll(int slot) {
        for (int row = 0; row < rows.end(); row++) if (rows.inLocRib(row)) exportTo(slot, row);
    }

    /**
     * RFC 2918 §4 / soft-out: the peer asked for our Adj-RIB-Out again. Everything it already has
     * is queued once more (what was pending stays pending), so the next UPDATEs re-send it all.
     */
    public void resendAdjRibOut(int slot) {
        PeerTables t = peers[slot];
        for (int row = rows.next(-1, t.out); row >= 0; row = rows.next(row, t.out)) {
            int p = t.pend.get(row);
            if ((p & PeerTables.PEND_MASK) != 0) continue;
            int v = t.out.get(row) - 1;
            if (!setPending(t, row, v)) continue;
            retainOut(v); // an Adj-RIB-Out value may be a reference (EXPORT_OF | slot | id), not a set id
        }
    }

    /** Makes {@code v} (-1: withdraw) the row's pending change toward {@code t}; false if the pending table is full. */
    private boolean setPending(PeerTables t, int row, int v) {
        int p = t.pend.get(row);
        if ((p & PeerTables.PEND_MASK) == 0) {
            // At most one pending value per row, so rows bound this; a withdrawal is never refused (the
            // peer would keep a route we no longer have), and a churning table may need a withdrawal
            // and an announcement per route: twice max-routes.
            if (v != WITHDRAW && t.pendCount >= 2L * maxRoutes) return false;
            t.pendCount++;
        }
        if ((p & PeerTables.QUEUED) == 0) t.queue.add(row);
        t.pend.set(row, PeerTables.QUEUED | (v + 2));
        return true;
    }

    private void exportTo(int slot, int row) {
        PeerTables t = peers[slot];
        int bestSlot = rows.winner(row);
        int id = -1;
        if (bestSlot >= 0) {
            int srcId = (peers[bestSlot].in.get(row) & ID_MASK) - 1;
            if (t.exportFromSlot == bestSlot && t.exportFromId == srcId) {
                id = t.exportToId; // same source set as the last prefix: same result
                retainOut(id);
            } else {
                PathAttributes a = attrs.get(srcId);
                PathAttributes e = ExportRules.apply(peers[bestSlot].info, t.info, a, localAs, clusterId);
                if (e != null) e = t.exportPolicy.apply(keyOf(row), e, localAs, t.info.localAddress());
                boolean independent = t.exportPolicy.prefixIndependent();
                if (e != null) {
                    if (independent && bestSlot <= REF_MAX_SLOT && srcId < (1 << REF_ID_BITS)) {
                        id = EXPORT_OF | bestSlot << REF_ID_BITS | srcId; // by reference: no exported copy kept
                        attrs.retain(srcId);
                    } else {
                        id = attrs.intern(e);
                    }
                }
                if (independent && (e == null || id >= 0)) {
                    if (t.exportFromSlot >= 0) {
                        attrs.release(t.exportFromId);
                        releaseOut(t.exportToId);
                    }
                    t.exportFromSlot = bestSlot;
                    t.exportFromId = srcId;
                    t.exportToId = id;
                    attrs.retain(srcId);
                    retainOut(id);
                }
            }
        }
        int sent = t.out.get(row) - 1;
        int p = t.pend.get(row);
        int queued = PeerTables.pendingValue(p);
        if (queued == Integer.MIN_VALUE) {
            if (id == sent) {
                releaseOut(id);
                return;
            }
        } else {
            releaseOut(queued);
        }
        if (id == sent) { // back to what the peer already has: nothing to send
            t.pend.set(row, p & PeerTables.QUEUED); // stays in the queue until the packer passes it
            t.pendCount--;
            releaseOut(id);
            return;
        }
        if (!setPending(t, row, id < 0 ? WITHDRAW : id)) releaseOut(id);
    }

    /**
     * Packs up to {@code maxMessages} UPDATEs of this peer's pending changes (withdrawals first,
     * then announcements grouped by attribute set) and records them as sent.
     */
    public java.util.List<byte[]> drainUpdates(int slot, int maxMessages) {
        return UpdatePacker.drain(this, peers[slot], slot, maxMessages);
    }

    /** Records that {@code value} (-1: a withdrawal) was sent to {@code t} for a row: the Adj-RIB-Out follows (from the packer). */
    void sent(PeerTables t, int row, int value, boolean announced) {
        int p = t.pend.get(row);
        t.pend.set(row, 0);
        if ((p & PeerTables.PEND_MASK) != 0) t.pendCount--;
        int old = t.out.get(row) - 1;
        if (value < 0 || !announced) {
            if (old >= 0) {
                t.out.set(row, 0);
                t.outCount--;
            }
            if (value >= 0) releaseOut(value);
        } else { // always recorded: it was sent (one value per row, so the row table bounds this column)
            if (old < 0) t.outCount++;
            t.out.set(row, value + 1);
        }
        releaseOut(old);
        freeIfUnused(row);
    }

    /** A row the packer passes with nothing pending: out of the queue, freed if unused. */
    void unqueue(PeerTables t, int row) {
        t.pend.set(row, t.pend.get(row) & PeerTables.PEND_MASK);
        freeIfUnused(row);
    }

    /** A pending change dropped unsent (its set is too large for any UPDATE): counted; the peer's copy is withdrawn. */
    void dropUnsendable(PeerTables t, int slot, int row, int value) {
        t.pend.set(row, 0);
        t.pendCount--;
        releaseOut(value);
        unsendable++;
        if (t.out.get(row) != 0) setPending(t, row, WITHDRAW); // a withdrawal, sent with the next drain
        else freeIfUnused(row);
    }

    /** CLUSTER_ID and our AS, for {@code show}. */
    public int clusterId() { return clusterId; }

    public long localAs() { return localAs; }

    public int routerId() { return routerId; }
}
