package io.vroom.bgp;

import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.tcp.TcpSocketOptions;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * BGP's connections on the VR's own TCP (RFC 4271 §8: BGP asks its transport to connect, send and
 * close). BGP names a connection by its own id (see {@link BgpProtocol}); the VR's TCP stack by
 * another. This table joins the two and holds what BGP sent that the TCP send buffer has not yet
 * taken, so BGP never blocks and memory per peer stays bounded by {@link BgpProtocol}'s budget.
 *
 * <p>Plain data (moves with the VR). Only {@link #perform} and {@link #pumpAll} touch the context.
 * A connection BGP closed is detached from its BGP id at once (the id may be reused by the next
 * attempt) and closed on the wire after its queued bytes — a NOTIFICATION before the FIN.
 */
final class TcpBinding {
    static final int BGP_PORT = 179;
    /** The VR-wide listener id BGP uses (TCP listener ids are per VR). */
    static final int LISTENER_ID = 179;
    /** CS6 (RFC 4594: network control), as BGP speakers commonly mark their traffic. */
    static final TcpSocketOptions OPTIONS = TcpSocketOptions.of("bgp").withTos(0xc0);

    /** What BGP asked of its transport, in order; performed after the call that queued it. */
    sealed interface Command {
        record Connect(int bgpId, int localAddress, int remoteAddress) implements Command {}

        record Send(int bgpId, byte[] data) implements Command {}

        record Close(int bgpId) implements Command {}

        /** An accepted TCP connection BGP does not want (no such neighbour, or it collides with an Established one). */
        record Refuse(int tcpId) implements Command {}
    }

    static final class Conn {
        final int tcpId;
        int bgpId;                     // -1 once BGP closed it
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        int headOffset;
        long queuedBytes;
        boolean closeWhenDrained;
        boolean abort;

        Conn(int tcpId, int bgpId) {
            this.tcpId = tcpId;
            this.bgpId = bgpId;
        }
    }

    private final Map<Integer, Conn> byTcp = new TreeMap<>();
    private final Map<Integer, Conn> byBgp = new TreeMap<>();

    /** BGP's id for a TCP connection, or -1 (unknown or already closed by BGP). */
    int bgpIdOf(int tcpId) {
        Conn c = byTcp.get(tcpId);
        return c == null ? -1 : c.bgpId;
    }

    /** Bytes BGP queued on its connection that TCP has not taken yet. */
    long backlog(int bgpId) {
        Conn c = byBgp.get(bgpId);
        return c == null ? 0 : c.queuedBytes;
    }

    /** A connection the listener accepted and BGP took under {@code bgpId}. */
    void accepted(int tcpId, int bgpId) {
        Conn c = new Conn(tcpId, bgpId);
        byTcp.put(tcpId, c);
        Conn old = byBgp.put(bgpId, c);
        if (old != null) detach(old); // closed on the next pump
    }

    /** The TCP connection ended (Closed or Reset): forget it; returns the BGP id it had, or -1. */
    int ended(int tcpId) {
        Conn c = byTcp.remove(tcpId);
        if (c == null) return -1;
        if (c.bgpId >= 0) byBgp.remove(c.bgpId);
        return c.bgpId;
    }

    /**
     * BGP is done with its connection {@code bgpId} now, before its id is reused: detached at once,
     * closed on the wire by the next {@link #pumpAll} (after its queued bytes).
     */
    void release(int bgpId) {
        Conn c = byBgp.get(bgpId);
        if (c != null) detach(c);
    }

    /** As {@link #release}, for a connection known dead (its peer came back on another): reset, nothing more is sent. */
    void abandon(int bgpId) {
        Conn c = byBgp.get(bgpId);
        if (c == null) return;
        detach(c);
        c.abort = true;
    }

    /** The peer sent FIN: BGP treats it as the end of the connection; our side closes after its queue. Returns the BGP id, or -1. */
    int peerClosed(int tcpId) {
        Conn c = byTcp.get(tcpId);
        if (c == null) return -1;
        int id = c.bgpId;
        detach(c);
        return id;
    }

    /**
     * Carries out one command. Returns the BGP id of a connection that failed at once (a connect the
     * stack refused), for BGP to hear as closed; -1 otherwise.
     */
    int perform(ProtocolContext ctx, Command cmd) {
        if (cmd instanceof Command.Send s) {
            Conn c = byBgp.get(s.bgpId());
            if (c != null) {
                c.queue.add(s.data());
                c.queuedBytes += s.data().length;
                // not written yet: pumpAll after the batch of commands writes the queue in large pieces
            }
        } else if (cmd instanceof Command.Connect k) {
            Conn old = byBgp.get(k.bgpId());
            if (old != null) detach(old);
            int tcpId = ctx.tcpConnect(k.localAddress(), k.remoteAddress(), BGP_PORT, OPTIONS);
            if (tcpId < 0) return k.bgpId();
            Conn c = new Conn(tcpId, k.bgpId());
            byTcp.put(tcpId, c);
            byBgp.put(k.bgpId(), c);
        } else if (cmd instanceof Command.Close cl) {
            Conn c = byBgp.get(cl.bgpId());
            if (c != null) {
                detach(c);
                pump(ctx, c);
            }
        } else if (cmd instanceof Command.Refuse r) {
            ctx.tcpClose(r.tcpId());
        }
        return -1;
    }

    /** Moves queued bytes into TCP send buffers with room (after a Writable event) and closes drained detached connections. */
    void pumpAll(ProtocolContext ctx) {
        for (Conn c : byTcp.values().toArray(new Conn[0])) pump(ctx, c);
    }

    private void detach(Conn c) {
        if (c.bgpId >= 0 && byBgp.get(c.bgpId) == c) byBgp.remove(c.bgpId);
        c.bgpId = -1;
        c.closeWhenDrained = true;
    }

    /** Most bytes gathered from queued messages into one TCP write. */
    static final int COALESCE_BYTES = 64 * 1024;

    /** Scratch for {@link #sendCoalesced} (TCP copies what it takes); not state: made again after a restore. */
    private transient byte[] coalesced;

    /** Writes the head's rest and the messages after it, as many as fit the send buffer and {@link #COALESCE_BYTES}. */
    private int sendCoalesced(ProtocolContext ctx, Conn c) {
        int free = ctx.tcpSendBufferFree(c.tcpId);
        if (free < 0) return -1;
        int limit = Math.max(1, Math.min(free, COALESCE_BYTES));
        int total = 0;
        for (byte[] m : c.queue) {
            int len = total == 0 ? m.length - c.headOffset : m.length;
            if (total > 0 && total + len > limit) break;
            total += len;
        }
        if (coalesced == null) coalesced = new byte[COALESCE_BYTES];
        byte[] buf = coalesced; // total <= COALESCE_BYTES: pump coalesces only a head shorter than that
        int at = 0;
        for (byte[] m : c.queue) {
            if (at >= total) break;
            int from = at == 0 ? c.headOffset : 0;
            int len = Math.min(m.length - from, total - at);
            System.arraycopy(m, from, buf, at, len);
            at += len;
        }
        return ctx.tcpSend(c.tcpId, buf, 0, total);
    }

    /** Drops {@code n} written bytes from the front of the queue; true if the last message was only partly written. */
    private static boolean consume(Conn c, int n) {
        while (n > 0 && !c.queue.isEmpty()) {
            byte[] head = c.queue.peek();
            int rest = head.length - c.headOffset;
            if (n < rest) {
                c.headOffset += n;
                return true;
            }
            n -= rest;
            c.queue.poll();
            c.queuedBytes -= head.length;
            c.headOffset = 0;
        }
        return false;
    }

    private void pump(ProtocolContext ctx, Conn c) {
        if (c.abort) { // no further events come for an aborted connection: forget it now
            byTcp.remove(c.tcpId);
            ctx.tcpAbort(c.tcpId);
            return;
        }
        while (!c.queue.isEmpty()) {
            byte[] head = c.queue.peek();
            if (c.queue.size() > 1 && head.length - c.headOffset < COALESCE_BYTES) {
                // Many small messages (an UPDATE per prefix on a table of unique paths): one write of
                // as many as fit, so TCP cuts full segments instead of sending one per message.
                int n = sendCoalesced(ctx, c);
                if (n < 0) {
                    c.queue.clear();
                    c.queuedBytes = 0;
                    c.headOffset = 0;
                    break;
                }
                if (n == 0 || consume(c, n)) return; // the send buffer is full: a Writable event brings us back
                continue;
            }
            int n = ctx.tcpSend(c.tcpId, head, c.headOffset, head.length - c.headOffset);
            if (n < 0) { // the connection cannot send any more: what is queued is lost with it
                c.queue.clear();
                c.queuedBytes = 0;
                c.headOffset = 0;
                break;
            }
            c.headOffset += n;
            if (c.headOffset < head.length) return; // the send buffer is full: a Writable event brings us back
            c.queue.poll();
            c.queuedBytes -= head.length;
            c.headOffset = 0;
        }
        if (c.closeWhenDrained) {
            c.closeWhenDrained = false;
            ctx.tcpClose(c.tcpId);
        }
    }
}
