package io.vroom.bgp.session;

import io.vroom.bgp.attr.AttrContext;
import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.BgpFramer;
import io.vroom.bgp.wire.KeepaliveMessage;
import io.vroom.bgp.wire.MessageType;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.NotificationMessage;
import io.vroom.bgp.wire.OpenMessage;
import io.vroom.bgp.wire.Result;
import io.vroom.bgp.wire.RouteRefreshMessage;
import io.vroom.bgp.wire.UpdateMessage;

/**
 * The BGP FSM of RFC 4271 §8 for one connection, sans-IO. Inputs: {@link #start}, {@link #stop},
 * {@link #connectionUp}, {@link #connectionFailed}, {@link #handleBytes}, {@link #handleTimeout}
 * (at {@link #nextDeadlineNs}); effects go to the {@link SessionOutput} passed in. Timers are
 * deadlines; the state is plain data (the framer's buffer included), so a session can be captured
 * between two calls and continue elsewhere.
 */
public final class BgpSession {
    private static final long NS = 1_000_000_000L;
    /** "a large value" for the hold timer while waiting for the peer's OPEN (RFC 4271 §8.2.2 suggests 4 minutes). */
    static final int OPEN_HOLD_SEC = 240;
    private static final long NEVER = Long.MAX_VALUE;

    private SessionConfig cfg;
    private SessionState state = SessionState.IDLE;
    private BgpFramer framer = new BgpFramer();
    private long connectRetryDeadlineNs = NEVER;
    private long holdDeadlineNs = NEVER;
    private long keepaliveDeadlineNs = NEVER;
    /** Automatic restart after an error (RFC 4271 §8.1.1 IdleHoldTimer, simplified). */
    private long idleHoldDeadlineNs = NEVER;
    private boolean autoRestart;
    private int connectRetryCounter;
    private Negotiated negotiated;
    private AttrContext attrContext;
    private long establishedAtNs = -1;
    private String lastError = "";
    private long messagesIn, messagesOut, updatesIn, updatesOut;

    public BgpSession(SessionConfig cfg) {
        this.cfg = cfg;
    }

    public SessionState state() { return state; }
    public SessionConfig config() { return cfg; }
    public Negotiated negotiated() { return negotiated; }
    public AttrContext attrContext() { return attrContext; }
    public int connectRetryCounter() { return connectRetryCounter; }
    public String lastError() { return lastError; }
    public long establishedAtNs() { return establishedAtNs; }
    public long messagesIn() { return messagesIn; }
    public long messagesOut() { return messagesOut; }
    public long updatesIn() { return updatesIn; }
    public long updatesOut() { return updatesOut; }

    public void reconfigure(SessionConfig c) { cfg = c; }

    public long nextDeadlineNs() {
        return Math.min(Math.min(connectRetryDeadlineNs, holdDeadlineNs), Math.min(keepaliveDeadlineNs, idleHoldDeadlineNs));
    }

    // ---- inputs -----------------------------------------------------------------------------

    public void start(long nowNs, SessionOutput out) {
        autoRestart = true;
        fire(nowNs, cfg.passive() ? SessionEvent.MANUAL_START_PASSIVE : SessionEvent.MANUAL_START, null, out);
    }

    /**
     * Back to Active, waiting for the peer's connection (ManualStart_with_PassiveTcpEstablishment,
     * RFC 4271 §8.1.2) whatever the configuration: RFC 4724 §4.2 when the peer's new connection
     * replaced the old one.
     */
    public void startPassive(long nowNs, SessionOutput out) {
        autoRestart = true;
        idleHoldDeadlineNs = NEVER;
        fire(nowNs, SessionEvent.MANUAL_START_PASSIVE, null, out);
    }

    public void stop(long nowNs, SessionOutput out) {
        autoRestart = false;
        idleHoldDeadlineNs = NEVER;
        fire(nowNs, SessionEvent.MANUAL_STOP, null, out);
    }

    /** The transport connection is up; {@code incoming}: the peer opened it. */
    public void connectionUp(long nowNs, boolean incoming, SessionOutput out) {
        framer = new BgpFramer();
        fire(nowNs, incoming ? SessionEvent.TCP_CONNECTION_VALID : SessionEvent.TCP_CR_ACKED, null, out);
    }

    public void connectionFailed(long nowNs, SessionOutput out) {
        fire(nowNs, SessionEvent.TCP_CONNECTION_FAILS, null, out);
    }

    /** Closes this session with a Cease (RFC 4486) — e.g. maximum prefixes (subcode 1): AutomaticStop. */
    public void cease(long nowNs, int subcode, byte[] data, boolean restart, SessionOutput out) {
        fire(nowNs, SessionEvent.AUTOMATIC_STOP, BgpError.reset(Notify.CEASE, subcode, data, "cease " + subcode), out);
        autoRestart = restart;
        if (!restart) idleHoldDeadlineNs = NEVER;
    }

    /** Collision resolution (RFC 4271 §6.8) chose to close this connection. */
    public void collisionDump(long nowNs, SessionOutput out) {
        boolean restart = autoRestart;
        fire(nowNs, SessionEvent.OPEN_COLLISION_DUMP, null, out);
        autoRestart = restart;
        idleHoldDeadlineNs = NEVER; // the surviving connection carries the session
    }

    public void handleTimeout(long nowNs, SessionOutput out) {
        if (nowNs >= holdDeadlineNs) fire(nowNs, SessionEvent.HOLD_TIMER_EXPIRES, null, out);
        if (nowNs >= keepaliveDeadlineNs) fire(nowNs, SessionEvent.KEEPALIVE_TIMER_EXPIRES, null, out);
        if (nowNs >= connectRetryDeadlineNs) fire(nowNs, SessionEvent.CONNECT_RETRY_TIMER_EXPIRES, null, out);
        if (nowNs >= idleHoldDeadlineNs) {
            idleHoldDeadlineNs = NEVER;
            if (state == SessionState.IDLE && autoRestart) {
                fire(nowNs, cfg.passive() ? SessionEvent.MANUAL_START_PASSIVE : SessionEvent.AUTOMATIC_START, null, out);
            }
        }
    }

    /** Bytes from the transport. Never throws; a malformed stream ends the session with the right NOTIFICATION. */
    public void handleBytes(long nowNs, byte[] data, int off, int len, SessionOutput out) {
        if (state != SessionState.OPEN_SENT && state != SessionState.OPEN_CONFIRM && state != SessionState.ESTABLISHED) return;
        int end = off + len;
        while (off < end || framer.buffered() > 0) {
            off += framer.append(data, off, end - off);
            int r;
            while ((r = framer.next()) == BgpFramer.FRAME) {
                messagesIn++;
                message(nowNs, framer.buffer(), framer.frameOffset(), framer.frameLength(), out);
                if (state == SessionState.IDLE) return;
            }
            if (r == BgpFramer.ERROR) {
                fire(nowNs, SessionEvent.BGP_HEADER_ERR, framer.error(), out);
                return;
            }
            if (off >= end) return;
        }
    }

    /** Sends an UPDATE (Established only); restarts the KeepaliveTimer (RFC 4271 §4.4). */
    public boolean sendUpdate(long nowNs, byte[] update, SessionOutput out) {
        if (state != SessionState.ESTABLISHED) return false;
        send(out, update);
        updatesOut++;
        restartKeepalive(nowNs);
        return true;
    }

    public boolean sendRouteRefresh(int afi, int safi, SessionOutput out) {
        if (state != SessionState.ESTABLISHED || negotiated == null || !negotiated.routeRefresh()) return false;
        send(out, new RouteRefreshMessage(afi, 0, safi).encode());
        return true;
    }

    // ---- message dispatch ---------------------------------------------------------------------

    private void message(long nowNs, byte[] b, int off, int len, SessionOutput out) {
        int type = b[off + 18] & 0xff;
        int body = off + MessageType.HEADER_LENGTH, blen = len - MessageType.HEADER_LENGTH;
        switch (type) {
            case MessageType.OPEN -> {
                Result<OpenMessage> r = OpenMessage.decode(b, body, blen);
                if (!r.isOk()) {
                    fire(nowNs, SessionEvent.BGP_OPEN_MSG_ERR, r.error(), out);
                    return;
                }
                if (state != SessionState.OPEN_SENT) {
                    fire(nowNs, SessionEvent.BGP_OPEN, null, out);
                    return;
                }
                OpenValidator.Outcome o = OpenValidator.validate(r.value(), cfg);
                if (o.error != null) {
                    fire(nowNs, SessionEvent.BGP_OPEN_MSG_ERR, o.error, out);
                    return;
                }
                negotiated = o.negotiated;
                attrContext = new AttrContext(negotiated.as4(), negotiated.ibgp(), negotiated.peerAs(), true,
                        negotiated.addPathRxIpv4(), negotiated.addPathRxIpv6());
                fire(nowNs, SessionEvent.BGP_OPEN, null, out);
            }
            case MessageType.UPDATE -> {
                if (state != SessionState.ESTABLISHED) {
                    fire(nowNs, SessionEvent.UPDATE_MSG, null, out);
                    return;
                }
                Result<UpdateMessage> r = UpdateMessage.decode(b, body, blen, attrContext);
                if (!r.isOk()) {
                    fire(nowNs, SessionEvent.UPDATE_MSG_ERR, r.error(), out);
                    return;
                }
                updatesIn++;
                restartHold(nowNs);
                if (r.value().error() != null) out.log("UPDATE error handled by RFC 7606: " + r.value().error());
                out.update(r.value());
            }
            case MessageType.NOTIFICATION -> {
                NotificationMessage n = NotificationMessage.decode(b, body, blen);
                lastError = "received " + n;
                boolean verErr = n.code() == Notify.OPEN && n.subcode() == Notify.UNSUPPORTED_VERSION;
                receivedNotification = n;
                fire(nowNs, verErr ? SessionEvent.NOTIF_MSG_VER_ERR : SessionEvent.NOTIF_MSG, null, out);
                receivedNotification = null;
            }
            case MessageType.KEEPALIVE -> fire(nowNs, SessionEvent.KEEPALIVE_MSG, null, out);
            case MessageType.ROUTE_REFRESH -> {
                if (state != SessionState.ESTABLISHED) {
                    fire(nowNs, SessionEvent.UPDATE_MSG, null, out); // an unexpected message: FSM error
                    return;
                }
                Result<RouteRefreshMessage> r = RouteRefreshMessage.decode(b, body, blen);
                if (!r.isOk()) {
                    fire(nowNs, SessionEvent.UPDATE_MSG_ERR, r.error(), out);
                    return;
                }
                restartHold(nowNs);
                out.routeRefresh(r.value().afiSafi());
            }
            default -> { } // the framer admits only known types
        }
    }

    /** Set only while a received NOTIFICATION is being processed (for {@link SessionOutput#down}). */
    private NotificationMessage receivedNotification;

    // ---- the FSM (RFC 4271 §8.2.2) --------------------------------------------------------------

    private void fire(long nowNs, SessionEvent ev, BgpError err, SessionOutput out) {
        switch (state) {
            case IDLE -> {
                switch (ev) {
                    case MANUAL_START, AUTOMATIC_START -> {
                        startConnectRetry(nowNs);
                        state = SessionState.CONNECT;
                        out.connect();
                    }
                    case MANUAL_START_PASSIVE -> {
                        startConnectRetry(nowNs);
                        state = SessionState.ACTIVE;
                    }
                    default -> { } // §8.2.2 Idle: other events are ignored
                }
            }
            case CONNECT, ACTIVE -> {
                switch (ev) {
                    case MANUAL_STOP -> {
                        connectRetryCounter = 0;
                        toIdle(nowNs, out, "manual stop", null, false);
                    }
                    case CONNECT_RETRY_TIMER_EXPIRES -> {
                        startConnectRetry(nowNs);
                        if (state == SessionState.CONNECT) out.disconnect();
                        if (!cfg.passive()) {
                            state = SessionState.CONNECT;
                            out.connect();
                        }
                    }
                    case TCP_CONNECTION_VALID, TCP_CR_ACKED -> {
                        connectRetryDeadlineNs = NEVER;
                        send(out, OpenValidator.ourOpen(cfg).encode());
                        holdDeadlineNs = nowNs + OPEN_HOLD_SEC * NS;
                        state = SessionState.OPEN_SENT;
                    }
                    case TCP_CONNECTION_FAILS -> {
                        if (state == SessionState.CONNECT) {
                            startConnectRetry(nowNs);
                            state = SessionState.ACTIVE;
                        } else {
                            connectRetryCounter++;
                            toIdle(nowNs, out, "connection failed", null, false);
                        }
                    }
                    case NOTIF_MSG_VER_ERR -> toIdle(nowNs, out, "version error", null, false);
                    default -> {
                        connectRetryCounter++;
                        toIdle(nowNs, out, "unexpected " + ev + " in " + state, null, false);
                    }
                }
            }
            case OPEN_SENT, OPEN_CONFIRM, ESTABLISHED -> connected(nowNs, ev, err, out);
        }
    }

    private void connected(long nowNs, SessionEvent ev, BgpError err, SessionOutput out) {
        SessionState s = state;
        switch (ev) {
            case MANUAL_STOP -> {
                connectRetryCounter = 0;
                notifyAndIdle(nowNs, out, new NotificationMessage(Notify.CEASE, Notify.ADMIN_SHUTDOWN, null), "administrative shutdown");
            }
            case AUTOMATIC_STOP -> {
                connectRetryCounter++;
                notifyAndIdle(nowNs, out, err.toNotification(), err.reason());
            }
            case HOLD_TIMER_EXPIRES -> {
                connectRetryCounter++;
                notifyAndIdle(nowNs, out, new NotificationMessage(Notify.HOLD_TIMER_EXPIRED, 0, null), "hold timer expired");
            }
            case KEEPALIVE_TIMER_EXPIRES -> {
                if (s == SessionState.OPEN_SENT) {
                    fsmError(nowNs, out, ev);
                } else {
                    send(out, KeepaliveMessage.encode());
                    restartKeepalive(nowNs);
                }
            }
            case CONNECT_RETRY_TIMER_EXPIRES -> fsmError(nowNs, out, ev);
            case TCP_CONNECTION_FAILS -> {
                if (s == SessionState.OPEN_SENT) {
                    // §8.2.2 OpenSent: close, restart ConnectRetryTimer, go to Active.
                    holdDeadlineNs = NEVER;
                    out.disconnect();
                    startConnectRetry(nowNs);
                    state = SessionState.ACTIVE;
                } else {
                    connectRetryCounter++;
                    toIdle(nowNs, out, "connection closed", null, s == SessionState.ESTABLISHED || s == SessionState.OPEN_CONFIRM);
                }
            }
            case TCP_CONNECTION_VALID, TCP_CR_ACKED -> { } // a second connection is the speaker's collision matter
            case BGP_OPEN -> {
                if (s == SessionState.OPEN_SENT && negotiated != null) {
                    connectRetryDeadlineNs = NEVER;
                    send(out, KeepaliveMessage.encode());
                    int hold = negotiated.holdTimeSec();
                    holdDeadlineNs = hold == 0 ? NEVER : nowNs + hold * NS;
                    restartKeepalive(nowNs);
                    state = SessionState.OPEN_CONFIRM;
                } else {
                    fsmError(nowNs, out, ev);
                }
            }
            case BGP_HEADER_ERR, BGP_OPEN_MSG_ERR, UPDATE_MSG_ERR -> {
                connectRetryCounter++;
                lastError = "sent " + err;
                notifyAndIdle(nowNs, out, err.toNotification(), err.reason());
            }
            case OPEN_COLLISION_DUMP -> {
                connectRetryCounter++;
                notifyAndIdle(nowNs, out, new NotificationMessage(Notify.CEASE, Notify.CONNECTION_COLLISION, null), "connection collision");
            }
            case NOTIF_MSG_VER_ERR, NOTIF_MSG -> {
                if (ev == SessionEvent.NOTIF_MSG) connectRetryCounter++;
                toIdle(nowNs, out, lastError, null, s != SessionState.OPEN_SENT);
            }
            case KEEPALIVE_MSG -> {
                if (s == SessionState.OPEN_SENT) {
                    fsmError(nowNs, out, ev);
                    return;
                }
                restartHold(nowNs);
                if (s == SessionState.OPEN_CONFIRM) {
                    state = SessionState.ESTABLISHED;
                    establishedAtNs = nowNs;
                    connectRetryCounter = 0;
                    out.established(negotiated);
                }
            }
            case UPDATE_MSG -> {
                if (s != SessionState.ESTABLISHED) fsmError(nowNs, out, ev);
            }
            default -> fsmError(nowNs, out, ev);
        }
    }

    /** RFC 6608 §4: the FSM error subcode names the state the unexpected event arrived in. */
    private void fsmError(long nowNs, SessionOutput out, SessionEvent ev) {
        int sub = switch (state) {
            case OPEN_SENT -> Notify.FSM_IN_OPENSENT;
            case OPEN_CONFIRM -> Notify.FSM_IN_OPENCONFIRM;
            case ESTABLISHED -> Notify.FSM_IN_ESTABLISHED;
            default -> Notify.FSM_UNSPECIFIED;
        };
        connectRetryCounter++;
        notifyAndIdle(nowNs, out, new NotificationMessage(Notify.FSM, sub, null), "unexpected " + ev + " in " + state);
    }

    private void notifyAndIdle(long nowNs, SessionOutput out, NotificationMessage n, String reason) {
        n = GracefulNotification.forSession(n, cfg, negotiated); // RFC 8538: Hard Reset where routes must go
        send(out, n.encode());
        lastError = "sent " + n + ": " + reason;
        SessionState s = state;
        toIdle(nowNs, out, reason, n, s == SessionState.ESTABLISHED || s == SessionState.OPEN_CONFIRM || s == SessionState.OPEN_SENT);
    }

    private void toIdle(long nowNs, SessionOutput out, String reason, NotificationMessage sent, boolean reportDown) {
        boolean wasEstablished = state == SessionState.ESTABLISHED;
        SessionState from = state;
        state = SessionState.IDLE;
        connectRetryDeadlineNs = NEVER;
        holdDeadlineNs = NEVER;
        keepaliveDeadlineNs = NEVER;
        establishedAtNs = -1;
        if (from != SessionState.IDLE && from != SessionState.ACTIVE) out.disconnect();
        if (reportDown || wasEstablished) out.down(reason, sent, receivedNotification, wasEstablished);
        negotiated = null;
        if (autoRestart) {
            // Back off with the number of consecutive failures (RFC 4271 §8.1.1 DampPeerOscillations, simplified).
            long waitSec = (long) Math.max(1, cfg.connectRetrySec()) * Math.min(1 + connectRetryCounter, 8) / 4 + 1;
            idleHoldDeadlineNs = nowNs + waitSec * NS;
        }
    }

    private void startConnectRetry(long nowNs) {
        connectRetryDeadlineNs = nowNs + Math.max(1, cfg.connectRetrySec()) * NS;
    }

    private void restartHold(long nowNs) {
        if (negotiated != null && negotiated.holdTimeSec() > 0) holdDeadlineNs = nowNs + negotiated.holdTimeSec() * NS;
    }

    private void restartKeepalive(long nowNs) {
        if (negotiated == null || negotiated.holdTimeSec() == 0) {
            keepaliveDeadlineNs = NEVER;
        } else {
            keepaliveDeadlineNs = nowNs + Math.max(1, negotiated.holdTimeSec() / 3) * NS;
        }
    }

    private void send(SessionOutput out, byte[] m) {
        messagesOut++;
        out.send(m);
    }
}
