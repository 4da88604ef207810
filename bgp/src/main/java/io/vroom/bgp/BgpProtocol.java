package io.vroom.bgp;

import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.policy.Policy;
import io.vroom.bgp.rib.BgpRib;
import io.vroom.bgp.rib.NextHopResolver;
import io.vroom.bgp.rib.PeerInfo;
import io.vroom.bgp.session.BgpSession;
import io.vroom.bgp.session.CollisionResolver;
import io.vroom.bgp.session.Negotiated;
import io.vroom.bgp.session.SessionConfig;
import io.vroom.bgp.session.SessionOutput;
import io.vroom.bgp.session.SessionState;
import io.vroom.bgp.util.IntList;
import io.vroom.bgp.wire.Afi;
import io.vroom.bgp.wire.ErrorAction;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.NotificationMessage;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.UpdateMessage;
import io.vroom.bgp.wire.Wire;
import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.tcp.TcpEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BGP speaker of one VR: its neighbours' sessions, the RIBs, and the glue to the VR (routes
 * into the VR's RIB, next hops resolved through it) and to the VR's own TCP (port 179, through
 * {@link TcpBinding}). Plain data; the context is handed in with every call.
 *
 * <p>Peer {@code i} of the configuration is RIB slot {@code i + 1}; its outgoing connection has
 * BGP id {@code 2 * slot}, an incoming one {@code 2 * slot + 1} (RFC 4271 §6.8 may briefly have both).
 *
 * <p>Sessions queue transport commands while they run; {@link #after} performs them once the
 * session code has returned. TCP events that the stack delivers while commands are performed are
 * held and handled next, so BGP never re-enters itself.
 */
public final class BgpProtocol implements Protocol {
    private static final long NS = 1_000_000_000L;
    /** Most bytes queued toward one connection beyond TCP's send buffer before UPDATE generation pauses. */
    static final int MAX_QUEUED_BYTES = 1 << 20;
    /** Rounds of (RIB work, transport commands, held TCP events) per input before the rest waits for the next input. */
    static final int MAX_ROUNDS = 64;
    /** Most UPDATEs packed per peer per call. */
    static final int UPDATES_PER_CALL = 256;
    /**
     * RFC 4724 §4.2 allows an upper bound on how long routes of a peer that came back stay stale
     * while its End-of-RIB is awaited (FRR's stalepath-time has the same default).
     */
    static final int STALE_PATH_SEC = 360;

    /** Per-neighbour state. */
    static final class Peer {
        NeighborConfig cfg;
        int slot;
        BgpSession session;         // the connection we initiated (or the only one)
        int connId = -1;
        BgpSession incoming;        // a second connection during a collision
        int incomingConnId = -1;
        /** RFC 4724 §4.2: the restart timer while the session is down, then the stale-path bound until End-of-RIB. */
        long staleDeadlineNs = Long.MAX_VALUE;
        boolean eorSent;
        /** End-of-RIB (IPv4 unicast) received on the current session. */
        boolean eorReceived;
        boolean maxPrefixHit;
        long queuedBytes;
        /** When the session last came up or went down (FRR's Up/Down), -1 never. */
        long upDownSinceNs = -1;
    }

    private final BgpConfig cfg;
    private int routerId;
    private BgpRib rib;
    private final List<Peer> peers = new ArrayList<>();
    private final ArrayDeque<TcpBinding.Command> outbox = new ArrayDeque<>();
    private final TcpBinding tcp = new TcpBinding();
    private final ArrayDeque<TcpEvent> heldTcp = new ArrayDeque<>();
    private boolean inAfter;
    /** Whether any eBGP / iBGP route was ever put into the VR's RIB (else there is nothing of that kind to withdraw). */
    private boolean installedEbgp, installedIbgp;
    /** The last next hop installed and the VR route it resolved over: its next-hop list is reused. */
    private Route lastVia;
    private int lastNextHop;
    private List<NextHop> lastHops;
    private long treatAsWithdrawCount, attributeDiscardCount;
    /**
     * RFC 4724 §4.1: as the Restarting Speaker, route selection's results (routes into the VR and to
     * peers) wait until this deadline or End-of-RIB from every peer; {@code Long.MAX_VALUE}: not deferring.
     */
    private long selectionDeferralDeadlineNs = Long.MAX_VALUE;
    /** This speaker started as the Restarting Speaker (the VR's forwarding state was preserved, RFC 4724 §4.1). */
    private boolean restarted;

    /** Routes from an MRT file, originated at start and then dropped (not kept in the state that moves). */
    private io.vroom.bgp.mrt.MrtOrigination pendingMrt;

    public BgpProtocol(BgpConfig cfg) {
        this.cfg = cfg.withoutMrt();
        this.pendingMrt = cfg.mrtOriginate();
    }

    @Override
    public String name() { return "bgp"; }

    @Override
    public void start(long nowNs, ProtocolContext ctx) {
        routerId = cfg.routerId() != 0 ? cfg.routerId() : ctx.routerId();
        int clusterId = cfg.clusterId() != 0 ? cfg.clusterId() : routerId;
        rib = new BgpRib(cfg.localAs(), routerId, clusterId, cfg.alwaysCompareMed(), cfg.maxRoutes(), cfg.maxRoutes());
        restarted = ctx.forwardingPreserved();
        for (NeighborConfig n : cfg.neighbors()) {
            Peer p = new Peer();
            p.cfg = n;
            p.slot = peers.size() + 1;
            int local = n.localAddress() != 0 ? n.localAddress() : localAddressFor(ctx, n.address());
            p.session = new BgpSession(new SessionConfig(cfg.localAs(), routerId, n.remoteAs(), n.address(), n.holdTimeSec(),
                    n.connectRetrySec(), n.passive(), n.grRestartTimeSec(), restarted && n.grRestartTimeSec() >= 0, false, false));
            rib.addPeer(peerInfo(p, local, n.remoteAs(), 0, true), policy(n.importPolicy()), policy(n.exportPolicy()));
            peers.add(p);
        }
        for (NeighborConfig n : cfg.neighbors()) {
            if (n.md5Password() != null) ctx.tcpMd5Key(n.address(), n.md5Password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!ctx.tcpListen(0, TcpBinding.BGP_PORT, TcpBinding.LISTENER_ID, TcpBinding.OPTIONS)) {
            ctx.log("BGP cannot listen on TCP port 179 (taken, or no TCP in this VR): only outgoing connections");
        }
        io.vroom.bgp.mrt.MrtOrigination mrt = pendingMrt;
        pendingMrt = null;
        if (mrt != null) {
            NextHopResolver r = resolver(ctx);
            for (int i = 0; i < mrt.size(); i++) rib.announce(0, mrt.keys()[i], mrt.attrs().get(mrt.attrIndex()[i]), r);
            ctx.log("BGP originates " + mrt.size() + " routes from MRT (" + mrt.malformed() + " malformed entries skipped)");
        }
        for (String net : cfg.networks()) {
            String[] words = net.split("\\s+");
            rib.announce(0, Nlri.key(Ip4Prefix.parse(words[0])), Origination.attributes(List.of(words).subList(1, words.length)), resolver(ctx));
        }
        if (restarted) {
            selectionDeferralDeadlineNs = nowNs + cfg.restart().selectionDeferralSec() * NS;
            ctx.log("BGP restarting (RFC 4724): forwarding state kept, route selection deferred until End-of-RIB from every peer");
        }
        for (Peer p : peers) p.session.start(nowNs, new Out(nowNs, ctx, p, p.session, 2 * p.slot));
        after(nowNs, ctx);
    }

    private Policy policy(String name) {
        return name == null ? Policy.ACCEPT_ALL : cfg.policies().getOrDefault(name, Policy.ACCEPT_ALL);
    }

    private PeerInfo peerInfo(Peer p, int local, long as, int peerId, boolean as4) {
        NeighborConfig n = p.cfg;
        return new PeerInfo(p.slot, false, as == cfg.localAs(), as, peerId, n.address(), n.routeReflectorClient(), n.nextHopSelf(), local, as4);
    }

    private static int localAddressFor(ProtocolContext ctx, int remote) {
        for (InterfaceInfo i : ctx.interfaces()) if (i.subnet() != null && i.subnet().contains(remote)) return i.address();
        return ctx.routerId();
    }

    /** The RIB (for MRT loading/dumping and {@code show}). */
    public BgpRib rib() { return rib; }

    // ---- Protocol SPI ----------------------------------------------------------------------------

    @Override
    public void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet) {
        // BGP runs over the VR's TCP (handleTcp), not over raw IP packets.
    }

    @Override
    public void handleTimeout(long nowNs, ProtocolContext ctx) {
        for (Peer p : peers) {
            if (p.session.nextDeadlineNs() <= nowNs) p.session.handleTimeout(nowNs, new Out(nowNs, ctx, p, p.session, p.connId < 0 ? 2 * p.slot : p.connId));
            if (p.incoming != null && p.incoming.nextDeadlineNs() <= nowNs) p.incoming.handleTimeout(nowNs, new Out(nowNs, ctx, p, p.incoming, p.incomingConnId));
            if (p.staleDeadlineNs <= nowNs) {
                p.staleDeadlineNs = Long.MAX_VALUE;
                int swept = rib.sweepStale(p.slot, resolver(ctx));
                if (p.session.state() == SessionState.ESTABLISHED) {
                    // The peer came back but its End-of-RIB did not within the stale-path bound: what it did not re-send goes.
                    ctx.log("BGP neighbour " + Ip4.format(p.cfg.address()) + ": no End-of-RIB in " + STALE_PATH_SEC + " s, " + swept + " stale routes removed");
                } else {
                    // RFC 4724 §4.2: the session was not re-established within the peer's Restart Time.
                    rib.peerDown(p.slot, resolver(ctx));
                    ctx.log("BGP neighbour " + Ip4.format(p.cfg.address()) + ": restart time expired, " + swept + " stale routes removed");
                }
            }
        }
        if (selectionDeferralDeadlineNs <= nowNs) endSelectionDeferral(ctx, "selection deferral timer expired");
        after(nowNs, ctx);
    }

    /**
     * RFC 4724 §4.1: while selection is deferred the preserved FIB forwards; once it has run, the
     * re-learned routes are installed and what the VR's FIB still holds from before may go.
     */
    @Override
    public io.vroom.core.spi.RestartProgress restartProgress() {
        if (!restarted) return io.vroom.core.spi.RestartProgress.DONE;
        return selectionDeferralDeadlineNs == Long.MAX_VALUE ? io.vroom.core.spi.RestartProgress.DONE : io.vroom.core.spi.RestartProgress.RELEARNING;
    }

    /** Is route selection deferred (RFC 4724 §4.1), for show. */
    boolean selectionDeferred() { return selectionDeferralDeadlineNs != Long.MAX_VALUE; }

    boolean restarted() { return restarted; }

    @Override
    public long nextDeadlineNs() {
        long d = Long.MAX_VALUE;
        for (Peer p : peers) {
            d = Math.min(d, p.session.nextDeadlineNs());
            if (p.incoming != null) d = Math.min(d, p.incoming.nextDeadlineNs());
            d = Math.min(d, p.staleDeadlineNs);
        }
        return Math.min(d, selectionDeferralDeadlineNs);
    }

    @Override
    public void handleRibChange(long nowNs, ProtocolContext ctx, io.vroom.core.rib.RibDelta delta) {
        // Next-hop tracking: re-run the decision for prefixes whose next hop this change may affect.
        if (rib == null) return; // not started yet (the VR installs its connected routes first)
        if (delta.best() != null && (delta.best().source() == RouteSource.EBGP || delta.best().source() == RouteSource.IBGP)) return;
        // The next-hop index: a change no BGP next hop falls into (nearly all IGP churn) costs nothing here.
        if (!rib.attributes().usesNextHopIn(delta.prefix().address(), delta.prefix().length())) return;
        // Every route (best or not, resolvable or not) with a next hop inside the change is decided again
        // and marked changed, so ribWork re-installs it over the new IGP route (selection deferral applies).
        rib.redecideNextHopsIn(delta.prefix().address(), delta.prefix().length(), resolver(ctx));
        after(nowNs, ctx);
    }

    @Override
    public void stop(long nowNs, ProtocolContext ctx) {
        for (Peer p : peers) {
            p.session.stop(nowNs, new Out(nowNs, ctx, p, p.session, p.connId));
            if (p.incoming != null) p.incoming.stop(nowNs, new Out(nowNs, ctx, p, p.incoming, p.incomingConnId));
        }
        after(nowNs, ctx);
    }

    // ---- the VR's TCP ------------------------------------------------------------------------------

    @Override
    public void handleTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
        if (inAfter) {
            heldTcp.add(e); // delivered while we perform transport commands: handled right after
            return;
        }
        dispatchTcp(nowNs, ctx, e);
        after(nowNs, ctx);
    }

    private void dispatchTcp(long nowNs, ProtocolContext ctx, TcpEvent e) {
        if (e instanceof TcpEvent.Data d) {
            int id = tcp.bgpIdOf(d.connId());
            if (id >= 0) connectionData(nowNs, ctx, id, d.bytes(), 0, d.bytes().length);
        } else if (e instanceof TcpEvent.Accepted a) {
            if (a.listenerId() != TcpBinding.LISTENER_ID) return;
            int id = connectionAccepted(nowNs, ctx, a.remoteAddress(), a.localAddress());
            if (id < 0) outbox.add(new TcpBinding.Command.Refuse(a.connId()));
            else tcp.accepted(a.connId(), id);
        } else if (e instanceof TcpEvent.Connected c) {
            int id = tcp.bgpIdOf(c.connId());
            if (id >= 0) connectionUp(nowNs, ctx, id);
        } else if (e instanceof TcpEvent.PeerClosed c) {
            int id = tcp.peerClosed(c.connId());
            if (id >= 0) connectionClosed(nowNs, ctx, id);
        } else if (e instanceof TcpEvent.Closed || e instanceof TcpEvent.Reset) {
            int id = tcp.ended(e.connId());
            if (id >= 0) connectionClosed(nowNs, ctx, id);
        }
        // Writable: the next after() pumps every queue.
    }

    /** A peer connected to us; returns the BGP connection id, or -1 to refuse. */
    private int connectionAccepted(long nowNs, ProtocolContext ctx, int remoteAddress, int localAddress) {
        Peer p = null;
        for (Peer x : peers) if (x.cfg.address() == remoteAddress) p = x;
        if (p == null) return -1; // not a configured neighbour
        int id = 2 * p.slot + 1;
        SessionState s = p.session.state();
        if (s == SessionState.IDLE && p.staleDeadlineNs != Long.MAX_VALUE && p.session.negotiated() == null) {
            // RFC 4724 §4.2: we keep the peer's routes while it restarts; its new connection is welcome
            // at once (not only after our idle back-off).
            p.session.startPassive(nowNs, new Out(nowNs, ctx, p, p.session, id));
            s = p.session.state();
        }
        if (s == SessionState.IDLE || s == SessionState.CONNECT || s == SessionState.ACTIVE) {
            if (s == SessionState.IDLE) return -1;
            // Connect/Active (RFC 4271 §8.2.2): the incoming connection wins; our own attempt, if any, is dropped.
            outbox.add(new TcpBinding.Command.Close(2 * p.slot));
            p.connId = id;
            p.session.connectionUp(nowNs, true, new Out(nowNs, ctx, p, p.session, id));
        } else if (s == SessionState.ESTABLISHED && p.incoming == null && gracefulRestartWith(p)) {
            // RFC 4724 §4.2: a new connection from a peer that advertised graceful restart, while we
            // still think the session is up, means the peer restarted: the old TCP session ends (as
            // if it failed: its routes are kept as stale) and the new one is retained.
            ctx.log("BGP neighbour " + Ip4.format(p.cfg.address()) + " reconnected while Established: it restarted (RFC 4724 §4.2)");
            tcp.abandon(p.connId); // dead (the peer restarted), and may carry the same BGP id as the new one: reset it first
            p.session.connectionFailed(nowNs, new Out(nowNs, ctx, p, p.session, -1));
            p.session.startPassive(nowNs, new Out(nowNs, ctx, p, p.session, id));
            p.connId = id;
            p.session.connectionUp(nowNs, true, new Out(nowNs, ctx, p, p.session, id));
        } else if (s == SessionState.ESTABLISHED || p.incoming != null) {
            return -1; // §6.8: a connection colliding with an Established one is closed
        } else {
            p.incoming = new BgpSession(p.session.config());
            p.incomingConnId = id;
            p.incoming.start(nowNs, new Out(nowNs, ctx, p, p.incoming, id));
            p.incoming.connectionUp(nowNs, true, new Out(nowNs, ctx, p, p.incoming, id));
        }
        return id;
    }

    /** Both sides advertised graceful restart on the current session (RFC 4724 §3). */
    private static boolean gracefulRestartWith(Peer p) {
        Negotiated n = p.session.negotiated();
        return n != null && n.peerGracefulRestart() != null && p.cfg.grRestartTimeSec() >= 0;
    }

    /** Is {@code afiSafi} in the peer's graceful restart capability; {@code forwarding}: with the Forwarding State bit too. */
    static boolean grCovers(io.vroom.bgp.wire.Capabilities.GracefulRestart g, int afiSafi, boolean forwarding) {
        if (g == null) return false;
        int i = g.afiSafis().indexOf(afiSafi);
        return i >= 0 && (!forwarding || g.forwardingPreserved().get(i));
    }

    /**
     * RFC 4724 §4.1: the Restarting Speaker selects routes once every peer has sent End-of-RIB —
     * except peers that are themselves restarting (R bit) or have no graceful restart — or the
     * deferral timer expired. Peers not Established yet are waited for (until the timer).
     */
    private boolean allEndOfRibReceived() {
        for (Peer p : peers) {
            if (p.session.state() != SessionState.ESTABLISHED) return false;
            var g = p.session.negotiated().peerGracefulRestart();
            if (g != null && !g.restarting() && !p.eorReceived) return false;
        }
        return true;
    }

    private void endSelectionDeferral(ProtocolContext ctx, String why) {
        if (selectionDeferralDeadlineNs == Long.MAX_VALUE) return;
        selectionDeferralDeadlineNs = Long.MAX_VALUE;
        ctx.log("BGP route selection resumes after restart: " + why);
    }

    private void connectionUp(long nowNs, ProtocolContext ctx, int connId) {
        Peer p = peerOf(connId);
        if (p == null) return;
        if (p.connId >= 0 && p.connId != connId) { // the session already runs on an incoming connection
            outbox.add(new TcpBinding.Command.Close(connId));
            return;
        }
        p.connId = connId;
        p.session.connectionUp(nowNs, false, new Out(nowNs, ctx, p, p.session, connId));
    }

    private void connectionData(long nowNs, ProtocolContext ctx, int connId, byte[] data, int off, int len) {
        Peer p = peerOf(connId);
        if (p == null) return;
        if (connId == p.incomingConnId && p.incoming != null) p.incoming.handleBytes(nowNs, data, off, len, new Out(nowNs, ctx, p, p.incoming, connId));
        else if (connId == p.connId) p.session.handleBytes(nowNs, data, off, len, new Out(nowNs, ctx, p, p.session, connId));
        resolveCollision(nowNs, ctx, p);
    }

    private void connectionClosed(long nowNs, ProtocolContext ctx, int connId) {
        Peer p = peerOf(connId);
        if (p == null) return;
        if (connId == p.incomingConnId && p.incoming != null) {
            p.incoming = null;
            p.incomingConnId = -1;
        } else if (connId == p.connId) {
            p.connId = -1;
            p.session.connectionFailed(nowNs, new Out(nowNs, ctx, p, p.session, connId));
        } else if (connId == 2 * p.slot && p.connId < 0 && p.session.state() == SessionState.CONNECT) {
            // §8.2.2 Connect: our own attempt failed (refused, timed out): on to Active, ConnectRetry restarted.
            p.session.connectionFailed(nowNs, new Out(nowNs, ctx, p, p.session, connId));
        }
    }

    private Peer peerOf(int connId) {
        int slot = connId >>> 1;
        return slot >= 1 && slot <= peers.size() ? peers.get(slot - 1) : null;
    }

    /** RFC 4271 §6.8 once both connections have the peer's OPEN. */
    private void resolveCollision(long nowNs, ProtocolContext ctx, Peer p) {
        if (p.incoming == null) return;
        if (p.incoming.state() == SessionState.IDLE) {
            p.incoming = null;
            p.incomingConnId = -1;
            return;
        }
        if (p.session.negotiated() == null || p.incoming.negotiated() == null) return;
        boolean closeOurs = p.session.state() != SessionState.ESTABLISHED
                && CollisionResolver.closeLocallyInitiated(routerId, p.incoming.negotiated().peerId());
        if (closeOurs) {
            p.session.collisionDump(nowNs, new Out(nowNs, ctx, p, p.session, p.connId));
            p.session = p.incoming;
            p.connId = p.incomingConnId;
        } else {
            p.incoming.collisionDump(nowNs, new Out(nowNs, ctx, p, p.incoming, p.incomingConnId));
        }
        p.incoming = null;
        p.incomingConnId = -1;
    }

    // ---- after every input: Loc-RIB changes into the VR and toward peers ---------------------------

    /**
     * After every input: RIB work and UPDATE generation, then the transport commands it queued, then
     * the TCP events those produced — until quiet (or {@link #MAX_ROUNDS}; a Writable event resumes).
     */
    private void after(long nowNs, ProtocolContext ctx) {
        if (inAfter) return;
        inAfter = true;
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                ribWork(nowNs, ctx);
                if (outbox.isEmpty() && heldTcp.isEmpty() && round > 0) break;
                while (!outbox.isEmpty()) {
                    int failed = tcp.perform(ctx, outbox.poll());
                    if (failed >= 0) connectionClosed(nowNs, ctx, failed);
                }
                tcp.pumpAll(ctx);
                while (!heldTcp.isEmpty()) dispatchTcp(nowNs, ctx, heldTcp.poll());
            }
        } finally {
            inAfter = false;
        }
    }

    private void ribWork(long nowNs, ProtocolContext ctx) {
        NextHopResolver r = resolver(ctx);
        for (Peer p : peers) {
            if (p.maxPrefixHit) {
                p.maxPrefixHit = false;
                byte[] data = new byte[7];
                Wire.put16(data, 0, Afi.IPV4);
                data[2] = (byte) Afi.SAFI_UNICAST;
                Wire.put32(data, 3, p.cfg.maxPrefix());
                p.session.cease(nowNs, Notify.MAX_PREFIXES, data, false, new Out(nowNs, ctx, p, p.session, p.connId));
            }
        }
        if (selectionDeferralDeadlineNs != Long.MAX_VALUE) {
            if (!allEndOfRibReceived()) return; // RFC 4724 §4.1: nothing installed or advertised yet
            endSelectionDeferral(ctx, "End-of-RIB from every peer");
        }
        if (rib.changedCount() > 0) {
            IntList changed = new IntList(rib.changedCount());
            rib.takeChanged(changed);
            for (int i = 0; i < changed.size(); i++) {
                int row = changed.get(i);
                if (cfg.installRoutes()) install(ctx, rib.keyOf(row), rib.bestSlotOf(row), rib.bestOf(row));
                rib.exportChanged(row);
            }
        }
        for (Peer p : peers) {
            if (p.session.state() != SessionState.ESTABLISHED) continue;
            Out out = new Out(nowNs, ctx, p, p.session, p.connId);
            p.queuedBytes = tcp.backlog(p.connId);
            while (rib.hasQueued(p.slot) && p.queuedBytes < MAX_QUEUED_BYTES) {
                List<byte[]> msgs = rib.drainUpdates(p.slot, UPDATES_PER_CALL);
                if (msgs.isEmpty()) break;
                for (byte[] m : msgs) p.session.sendUpdate(nowNs, m, out);
            }
            if (!p.eorSent && rib.pendingSize(p.slot) == 0) {
                p.eorSent = true; // RFC 4724 §2: End-of-RIB after the initial update
                p.session.sendUpdate(nowNs, UpdateMessage.endOfRibIpv4(), out);
            }
        }
        rib.compact(); // a table that shrank gives its pages back (only when nothing is queued)
    }

    private void install(ProtocolContext ctx, long key, int slot, PathAttributes a) {
        io.vroom.core.net.Ip4Prefix prefix = Nlri.prefix(key);
        PeerInfo from = slot < 0 ? null : rib.peer(slot);
        if (from == null || from.local() || a == null) {
            if (installedEbgp) ctx.withdrawRoute(RouteSource.EBGP, prefix);
            if (installedIbgp) ctx.withdrawRoute(RouteSource.IBGP, prefix);
            return;
        }
        Route via = ctx.lookup(a.nextHop());
        if (via == null) { // the next hop no longer resolves: the route leaves the VR's RIB
            if (installedEbgp) ctx.withdrawRoute(RouteSource.EBGP, prefix);
            if (installedIbgp) ctx.withdrawRoute(RouteSource.IBGP, prefix);
            return;
        }
        List<NextHop> hops;
        if (a.nextHop() == lastNextHop && via.equals(lastVia)) {
            hops = lastHops; // routes of one next hop share one (immutable) list down to the FIB
        } else {
            List<NextHop> h = new ArrayList<>();
            for (NextHop n : via.nextHops()) h.add(n.gateway() == 0 ? new NextHop(n.ifIndex(), a.nextHop()) : n);
            hops = List.copyOf(h);
            lastVia = via;
            lastNextHop = a.nextHop();
            lastHops = hops;
        }
        RouteSource src = from.ibgp() ? RouteSource.IBGP : RouteSource.EBGP;
        // A prefix may move between eBGP and iBGP: drop the other kind (only if any was ever installed).
        if (src == RouteSource.EBGP ? installedIbgp : installedEbgp) ctx.withdrawRoute(src == RouteSource.EBGP ? RouteSource.IBGP : RouteSource.EBGP, prefix);
        if (src == RouteSource.EBGP) installedEbgp = true;
        else installedIbgp = true;
        ctx.updateRoute(Route.of(prefix, src, (int) Math.max(0, Math.min(Integer.MAX_VALUE, a.med())), hops));
    }

    private static NextHopResolver resolver(ProtocolContext ctx) {
        Map<Integer, Long> cache = new LinkedHashMap<>();
        return nh -> cache.computeIfAbsent(nh, x -> {
            Route rt = ctx.lookup(x);
            if (rt == null || rt.source() == RouteSource.EBGP || rt.source() == RouteSource.IBGP) return -1L; // no recursion through BGP
            return (long) rt.metric();
        });
    }

    // ---- one call's view of a session's outputs ----------------------------------------------------

    private final class Out implements SessionOutput {
        private final long nowNs;
        private final ProtocolContext ctx;
        private final Peer p;
        private final BgpSession session;
        private final int connId;

        Out(long nowNs, ProtocolContext ctx, Peer p, BgpSession session, int connId) {
            this.nowNs = nowNs;
            this.ctx = ctx;
            this.p = p;
            this.session = session;
            this.connId = connId;
        }

        public void send(byte[] m) {
            outbox.add(new TcpBinding.Command.Send(connId, m));
            p.queuedBytes += m.length;
        }

        public void connect() {
            if (session != p.session) return; // a second (incoming) session never opens connections of its own
            int local = rib.peer(p.slot).localAddress();
            outbox.add(new TcpBinding.Command.Connect(2 * p.slot, local, p.cfg.address()));
        }

        public void disconnect() {
            if (connId >= 0) outbox.add(new TcpBinding.Command.Close(connId));
        }

        public void established(Negotiated n) {
            if (session == p.incoming && p.session.state() != SessionState.ESTABLISHED) {
                // §6.8: the incoming connection got to Established before ours had the peer's OPEN: it wins.
                p.session.collisionDump(nowNs, new Out(nowNs, ctx, p, p.session, p.connId));
                p.session = p.incoming;
                p.connId = p.incomingConnId;
                p.incoming = null;
                p.incomingConnId = -1;
            }
            if (session != p.session) return;
            PeerInfo old = rib.peer(p.slot);
            rib.updatePeer(peerInfo(p, old.localAddress(), n.peerAs(), n.peerId(), n.as4()));
            // RFC 4724 §4.2: the restart timer stops. Without GR, or without the Forwarding State bit for
            // IPv4 unicast, in the new OPEN, stale routes go now; otherwise they wait for End-of-RIB (bounded).
            if (p.staleDeadlineNs != Long.MAX_VALUE) {
                if (grCovers(n.peerGracefulRestart(), Afi.IPV4_UNICAST, true)) {
                    p.staleDeadlineNs = nowNs + STALE_PATH_SEC * NS;
                } else {
                    rib.sweepStale(p.slot, resolver(ctx));
                    p.staleDeadlineNs = Long.MAX_VALUE;
                }
            }
            // RFC 4724 §4.2: the Restart State bit only in the first OPEN after our own restart.
            // The Forwarding State bit from now on: the VR's FIB outlives any later end of this session
            // (what RFC 8538's graceful NOTIFICATIONs rely on); only a start over an empty FIB lacks it.
            SessionConfig sc = session.config();
            if (sc.grRestarting() || !sc.grForwarding()) {
                session.reconfigure(new SessionConfig(sc.localAs(), sc.localId(), sc.remoteAs(), sc.remoteAddress(), sc.holdTimeSec(),
                        sc.connectRetrySec(), sc.passive(), sc.grRestartTimeSec(), false, sc.addPathReceive(), sc.ipv6(), true));
            }
            rib.peerUp(p.slot);
            p.upDownSinceNs = nowNs;
            p.eorSent = false;
            p.eorReceived = false;
            rib.exportAll(p.slot);
            ctx.log("BGP neighbour " + Ip4.format(p.cfg.address()) + " Established (AS " + n.peerAs() + ")");
        }

        public void update(UpdateMessage u) {
            NextHopResolver r = resolver(ctx);
            int eor = u.endOfRib();
            if (eor != 0) {
                if (eor != Afi.IPV4_UNICAST) return;
                p.eorReceived = true;
                if (p.staleDeadlineNs != Long.MAX_VALUE) { // RFC 4724 §4.2: what was not re-sent goes now
                    int swept = rib.sweepStale(p.slot, r);
                    p.staleDeadlineNs = Long.MAX_VALUE;
                    ctx.log("BGP neighbour " + Ip4.format(p.cfg.address()) + ": End-of-RIB, " + swept + " stale routes removed");
                }
                return;
            }
            if (u.action() == ErrorAction.ATTRIBUTE_DISCARD) attributeDiscardCount++;
            boolean withdrawAll = u.action() == ErrorAction.TREAT_AS_WITHDRAW;
            if (withdrawAll) treatAsWithdrawCount++;
            for (long k : u.withdrawn()) rib.withdraw(p.slot, k, r);
            if (u.mpUnreach() != null && u.mpUnreach().ipv4() != null) for (long k : u.mpUnreach().ipv4()) rib.withdraw(p.slot, k, r);
            PathAttributes a = u.attributes();
            if (withdrawAll) for (long k : u.nlri()) rib.withdraw(p.slot, k, r);
            else rib.announce(p.slot, u.nlri(), 0, u.nlri().length, a, r);
            if (u.mpReach() != null && u.mpReach().ipv4() != null && u.mpReach().nextHop().length >= 4) {
                PathAttributes mpA = a.toBuilder().nextHop(Wire.i32(u.mpReach().nextHop(), 0)).build();
                for (long k : u.mpReach().ipv4()) {
                    if (withdrawAll) rib.withdraw(p.slot, k, r);
                    else rib.announce(p.slot, k, mpA, r);
                }
            }
            // IPv6 NLRI are decoded and carried in the message; the VR's RIB is IPv4-only.
            // ADD-PATH (RFC 7911) path ids are decoded too (u.nlriPathIds) but the Adj-RIB-In is keyed by
            // prefix, so sessions do not offer ADD-PATH (SessionConfig.addPathReceive is false).
            if (p.cfg.maxPrefix() > 0 && rib.adjRibInSize(p.slot) > p.cfg.maxPrefix()) p.maxPrefixHit = true;
        }

        public void routeRefresh(int afiSafi) {
            if (afiSafi == Afi.IPV4_UNICAST) rib.resendAdjRibOut(p.slot); // RFC 2918 §4: re-advertise the Adj-RIB-Out
        }

        public void down(String reason, NotificationMessage sent, NotificationMessage received, boolean wasEstablished) {
            ctx.log("BGP neighbour " + Ip4.format(p.cfg.address()) + " down: " + reason);
            if (session != p.session || !wasEstablished) return;
            p.upDownSinceNs = nowNs;
            Negotiated n = session.negotiated();
            NextHopResolver r = resolver(ctx);
            p.eorReceived = false;
            // RFC 4724 §4.2: the TCP session ended without a NOTIFICATION from a peer that advertised
            // graceful restart for IPv4 unicast: keep its routes, marked stale, for its Restart Time.
            // RFC 8538 §3: with the N bit exchanged, so does one that ended with a NOTIFICATION, sent or
            // received (hold timer expiry included) — unless it was a Hard Reset.
            boolean graceful = sent == null && received == null
                    || io.vroom.bgp.session.GracefulNotification.exchanged(session.config(), n)
                        && !io.vroom.bgp.session.GracefulNotification.isHardReset(sent)
                        && !io.vroom.bgp.session.GracefulNotification.isHardReset(received);
            if (n != null && grCovers(n.peerGracefulRestart(), Afi.IPV4_UNICAST, false) && graceful && p.cfg.grRestartTimeSec() >= 0) {
                if (p.staleDeadlineNs != Long.MAX_VALUE) rib.sweepStale(p.slot, r); // consecutive restarts: the old stale routes go
                rib.markStale(p.slot);
                p.staleDeadlineNs = nowNs + n.peerGracefulRestart().restartTimeSec() * NS;
            } else {
                if (p.staleDeadlineNs != Long.MAX_VALUE) p.staleDeadlineNs = Long.MAX_VALUE;
                rib.peerDown(p.slot, r);
            }
        }

        public void log(String m) {
            ctx.log("BGP " + Ip4.format(p.cfg.address()) + ": " + m);
        }
    }

    // ---- operator commands ------------------------------------------------------------------------

    /**
     * {@code originate PREFIX [med=N] [local-pref=N] [origin=igp|egp|incomplete] [as-path=A,B]
     * [community=A:B,...] [large-community=G:L1:L2,...] [next-hop=ADDR]}; {@code withdraw PREFIX};
     * {@code clear NEIGHBOR [soft-in|soft-out]} (hard: Cease/Administrative Reset, RFC 4486; soft-in
     * asks the peer for a ROUTE-REFRESH, RFC 2918; soft-out re-sends our Adj-RIB-Out).
     */
    @Override
    public Object command(long nowNs, ProtocolContext ctx, String command, List<String> args) {
        Object result;
        switch (command) {
            case "originate" -> {
                if (args.isEmpty()) throw new IllegalArgumentException("usage: originate PREFIX [med=N] [local-pref=N] ...");
                long key = Nlri.key(Ip4Prefix.parse(args.get(0)));
                rib.announce(0, key, Origination.attributes(args.subList(1, args.size())), resolver(ctx));
                result = "originated " + Nlri.format(key);
            }
            case "withdraw" -> {
                if (args.size() != 1) throw new IllegalArgumentException("usage: withdraw PREFIX");
                long key = Nlri.key(Ip4Prefix.parse(args.get(0)));
                rib.withdraw(0, key, resolver(ctx));
                result = "withdrew " + Nlri.format(key);
            }
            case "clear" -> {
                if (args.isEmpty() || args.size() > 2) throw new IllegalArgumentException("usage: clear NEIGHBOR [soft-in|soft-out]");
                Peer p = peerAt(Ip4.parse(args.get(0)));
                String how = args.size() == 2 ? args.get(1) : "hard";
                Out out = new Out(nowNs, ctx, p, p.session, p.connId);
                switch (how) {
                    case "hard" -> p.session.cease(nowNs, Notify.ADMIN_RESET, new byte[0], true, out);
                    case "soft-out" -> rib.resendAdjRibOut(p.slot);
                    case "soft-in" -> {
                        if (!p.session.sendRouteRefresh(Afi.IPV4, Afi.SAFI_UNICAST, out)) {
                            throw new IllegalArgumentException("neighbor " + args.get(0) + " is not Established or did not offer route refresh");
                        }
                    }
                    default -> throw new IllegalArgumentException("expected soft-in or soft-out, got '" + how + "'");
                }
                result = "cleared " + args.get(0) + " (" + how + ")";
            }
            case "mrt-dump" -> { // mrt-dump [UNIX-SECONDS]
                // RFC 6396 TABLE_DUMP_V2 of the Loc-RIB, as bytes: the caller (control API) writes them where asked.
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
                try {
                    int unixSec = args.isEmpty() ? 0 : (int) Long.parseLong(args.get(0)); // MRT wants wall-clock time: the caller's
                    io.vroom.bgp.mrt.MrtWriter.dump(rib, unixSec, out);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
                }
                return out.toByteArray();
            }
            default -> throw new IllegalArgumentException("bgp has no command '" + command + "' (originate, withdraw, clear, mrt-dump)");
        }
        after(nowNs, ctx);
        return result;
    }

    /** The current session with a configured neighbour (state, negotiated capabilities, timers), or null if none is configured. */
    public BgpSession session(int neighborAddress) {
        for (Peer p : peers) if (p.cfg.address() == neighborAddress) return p.session;
        return null;
    }

    private Peer peerAt(int address) {
        for (Peer p : peers) if (p.cfg.address() == address) return p;
        throw new IllegalArgumentException("no neighbor " + Ip4.format(address));
    }

    // ---- show -----------------------------------------------------------------------------------

    /** {@code summary}, {@code ipv4-unicast[;after=PREFIX][;limit=N]}, {@code ipv4-unicast:PREFIX}: see {@link BgpShow}. */
    @Override
    public Object show(String what) {
        return BgpShow.show(this, -1, what);
    }

    @Override
    public Object show(long nowNs, String what) {
        return BgpShow.show(this, nowNs, what);
    }

    // package-private views for BgpShow
    List<Peer> peers() { return peers; }

    int routerId() { return routerId; }

    BgpConfig config() { return cfg; }

    long treatAsWithdrawCount() { return treatAsWithdrawCount; }

    long attributeDiscardCount() { return attributeDiscardCount; }
}
