package io.vroom.core.tcp;

import static io.vroom.core.tcp.TcpHeader.ACK;
import static io.vroom.core.tcp.TcpHeader.FIN;
import static io.vroom.core.tcp.TcpHeader.PSH;
import static io.vroom.core.tcp.TcpHeader.RST;
import static io.vroom.core.tcp.TcpHeader.SYN;

import java.io.Serializable;

/**
 * One connection's complete state as plain data — the TCB of RFC 9293 §3.3.1 plus buffers, timers
 * (deadlines), RTT estimator and NewReno congestion state — and the segment-arrival and timer
 * procedures over it (RFC 9293 §3.10). The owning {@link TcpStack} is passed into every call and
 * never stored, so a connection can be captured between two calls and carry on elsewhere.
 */
final class TcpConnection implements Serializable {
    static final long NEVER = Long.MAX_VALUE;
    /** RFC 2018 §3: four blocks fit in 40 option bytes, three beside timestamps. */
    static final int MAX_SACK_BLOCKS = 4;

    final int id;
    final TcpSocketOptions opts;
    final int listenerId;
    /** Created by a listener (passive open) rather than by {@link TcpStack#connect}. */
    final boolean passive;
    final int localAddr, localPort, remoteAddr, remotePort;

    TcpState state;
    /** The owner knows this id: set at connect or Accepted, cleared by the final Closed/Reset event. */
    boolean visible;
    boolean removed;

    // Send sequence space (RFC 9293 §3.3.1). sndMax: highest sequence sent; sndNxt moves back to sndUna after a timeout.
    int iss, sndUna, sndNxt, sndMax, sndWnd, sndWl1, sndWl2, maxSndWnd;
    /** RFC 7323 shifts: the peer's (applied to windows it sends) and ours (applied to windows we send). */
    int sndShift, rcvShift;
    boolean wsOk, tsOk;
    /** RFC 2018: both SYNs carried SACK-permitted; our duplicate ACKs report the out-of-order blocks we hold. */
    boolean sackOk;
    /** Starts of the most recently received out-of-order segments, newest first (RFC 2018 §4 block order). */
    final int[] sackRecent = new int[MAX_SACK_BLOCKS];
    int sackRecentCount;
    /** RFC 2883: a duplicate [dsackLeft, dsackRight) to report as the first block of the next ACK. */
    boolean dsackPending;
    int dsackLeft, dsackRight;
    int peerMss = TcpHeader.DEFAULT_MSS;
    /** Data bytes per segment: min(peer MSS, our MSS) minus the options every segment carries (RFC 6691). */
    int effMss;
    int tsOffset, tsRecent, lastAckSent;

    final ByteRing sendBuf;
    /** The owner called close: a FIN follows the queued data and occupies sequence number finSeq. */
    boolean finQueued;
    int finSeq;
    boolean writeBlocked;

    // Receive sequence space. rcvAdv: right edge of the window we last advertised (never moved left, §3.8.6.2.2).
    int irs, rcvNxt, rcvAdv;
    final ByteRing rcvBuf;
    final Reassembly ooo = new Reassembly();
    boolean readPaused;
    boolean peerFinPending;
    int peerFinSeq;
    boolean peerFinReceived, peerClosedDelivered;

    // Timers as deadlines (RFC 6298 retransmission, persist, delayed ACK, keepalive, TIME_WAIT / FIN_WAIT_2).
    long rtoAtNs = NEVER, persistAtNs = NEVER, delAckAtNs = NEVER, keepaliveAtNs = NEVER, stateAtNs = NEVER;
    int rtoCount, persistCount, keepalivesSent, segsUnacked;
    boolean ackNow;

    final RttEstimator rtt;
    /** Karn's rule (RFC 6298 §3): one segment timed at a time, never a retransmitted one. */
    boolean rttTiming;
    int rttSeq;
    long rttStartNs;

    // RFC 5681 / RFC 6582 (NewReno)
    int cwnd, ssthresh = Integer.MAX_VALUE, dupAcks, recover;
    boolean inRecovery;

    TcpConnection(int id, TcpSocketOptions opts, int listenerId, boolean passive, int localAddr, int localPort,
                  int remoteAddr, int remotePort, TcpConfig cfg, int iss, int tsOffset, boolean md5) {
        this.id = id;
        this.opts = opts;
        this.listenerId = listenerId;
        this.passive = passive;
        this.localAddr = localAddr;
        this.localPort = localPort;
        this.remoteAddr = remoteAddr;
        this.remotePort = remotePort;
        this.iss = iss;
        this.sndUna = iss;
        this.sndNxt = iss;
        this.sndMax = iss;
        this.recover = iss;
        this.tsOffset = tsOffset;
        this.sendBuf = new ByteRing(cfg.sendBufferBytes());
        this.rcvBuf = new ByteRing(cfg.receiveBufferBytes());
        this.rtt = new RttEstimator(cfg.initialRtoNs());
        this.effMss = computeEffMss(cfg, md5);
    }

    long nextDeadlineNs() {
        return Math.min(Math.min(rtoAtNs, persistAtNs), Math.min(Math.min(delAckAtNs, keepaliveAtNs), stateAtNs));
    }

    private int computeEffMss(TcpConfig cfg, boolean md5) {
        int m = Math.min(peerMss, cfg.mssBytes()) - (tsOk ? TcpEncoder.TS_OPTION_SPACE : 0) - (md5 ? TcpEncoder.MD5_OPTION_SPACE : 0);
        return Math.max(m, 32);
    }

    // ---------------------------------------------------------------- opening

    /** RFC 9293 §3.10.1 OPEN (active): send SYN, enter SYN_SENT. */
    void openActive(long nowNs, TcpStack st, TcpOutput out) {
        state = TcpState.SYN_SENT;
        visible = true;
        sndNxt = iss + 1;
        sndMax = sndNxt;
        rttTiming = true;
        rttSeq = iss;
        rttStartNs = nowNs;
        emit(nowNs, st, out, iss, SYN, 0, 0);
        rtoAtNs = nowNs + rtt.rtoNs(st.config());
        st.count(TcpCounter.ACTIVE_OPENS);
    }

    /** RFC 9293 §3.10.7.2 LISTEN, third check: a SYN creates this connection in SYN_RECEIVED and answers SYN-ACK. */
    void acceptSyn(long nowNs, TcpSegment seg, TcpStack st, TcpOutput out) {
        irs = seg.seq();
        rcvNxt = irs + 1;
        rcvAdv = rcvNxt; // nothing offered yet: the SYN-ACK's window moves the right edge from here
        negotiate(seg, st);
        sndWnd = seg.window(); // a SYN's window is never scaled (RFC 7323 §2.2)
        maxSndWnd = sndWnd;
        sndWl1 = seg.seq();
        sndWl2 = iss;
        state = TcpState.SYN_RECEIVED;
        sndNxt = iss + 1;
        sndMax = sndNxt;
        rttTiming = true;
        rttSeq = iss;
        rttStartNs = nowNs;
        emit(nowNs, st, out, iss, SYN | ACK, 0, 0);
        rtoAtNs = nowNs + rtt.rtoNs(st.config());
        st.count(TcpCounter.PASSIVE_OPENS);
    }

    /** Options of the peer's SYN: MSS (RFC 9293 §3.7.1), window scale and timestamps (RFC 7323 §1.3: both SYNs must carry them). */
    private void negotiate(TcpSegment seg, TcpStack st) {
        TcpConfig cfg = st.config();
        peerMss = seg.mss() >= 0 ? Math.max(64, seg.mss()) : TcpHeader.DEFAULT_MSS;
        wsOk = cfg.windowScaling() && seg.wscale() >= 0;
        sndShift = wsOk ? seg.wscale() : 0;
        rcvShift = wsOk ? cfg.receiveWindowShift() : 0;
        tsOk = cfg.timestamps() && seg.hasTs();
        sackOk = cfg.sack() && seg.sackPermitted() && st.md5Key(remoteAddr) == null;
        if (tsOk) tsRecent = seg.tsVal();
        effMss = computeEffMss(cfg, st.md5Key(remoteAddr) != null);
        cwnd = initialWindow();
    }

    /** RFC 5681 §3.1 (IW of RFC 3390). */
    private int initialWindow() {
        return Math.min(4 * effMss, Math.max(2 * effMss, 4380));
    }

    // ---------------------------------------------------------------- segment arrival (RFC 9293 §3.10.7)

    void onSegment(long nowNs, TcpSegment seg, TcpStack st, TcpOutput out) {
        if (state == TcpState.SYN_SENT) {
            onSegmentSynSent(nowNs, seg, st, out);
        } else {
            onSegmentSynchronized(nowNs, seg, st, out);
        }
        if (removed) return;
        // Hand the owner its bytes first, so the window the ACK below carries counts them as read:
        // otherwise the next ACK (e.g. a duplicate for out-of-order data) shows a larger window and
        // the sender does not count it as a duplicate (RFC 5681 §2: same window), and fast retransmit waits for the timer.
        deliverUserData(st, false);
        trySend(nowNs, st, out, false);
        if (ackNow) sendAck(nowNs, st, out);
    }

    /** RFC 9293 §3.10.7.3 SYN-SENT, with RFC 5961 §3.2 for RST. */
    private void onSegmentSynSent(long nowNs, TcpSegment seg, TcpStack st, TcpOutput out) {
        boolean ackOk = false;
        if (seg.has(ACK)) {
            if (Seq.le(seg.ack(), iss) || Seq.gt(seg.ack(), sndMax)) {
                if (!seg.has(RST)) st.sendReset(seg, out);
                return;
            }
            ackOk = true;
        }
        if (seg.has(RST)) {
            if (ackOk) {
                st.count(TcpCounter.RST_RECEIVED);
                finish(st, new TcpEvent.Reset(id, TcpEvent.Reason.REFUSED));
            }
            return;
        }
        if (!seg.has(SYN)) return;
        irs = seg.seq();
        rcvNxt = irs + 1;
        negotiate(seg, st);
        rcvAdv = rcvNxt + Math.min(rcvBuf.free(), 65535);
        sndWnd = seg.window();
        maxSndWnd = sndWnd;
        sndWl1 = seg.seq();
        if (ackOk) {
            sndWl2 = seg.ack();
            establish(nowNs, seg, st);
            ackNow = true;
        } else {
            // Simultaneous open (RFC 9293 Figure 7): answer SYN-ACK with our original ISS.
            sndWl2 = iss;
            state = TcpState.SYN_RECEIVED;
            emit(nowNs, st, out, iss, SYN | ACK, 0, 0);
        }
    }

    /** Our SYN was acknowledged: the handshake is complete. */
    private void establish(long nowNs, TcpSegment seg, TcpStack st) {
        sndUna = iss + 1;
        if (Seq.lt(sndNxt, sndUna)) sndNxt = sndUna;
        if (rttTiming && rtoCount == 0) rtt.sample(nowNs - rttStartNs, st.config());
        rttTiming = false;
        rtoCount = 0;
        rtt.backoff = 0;
        rtoAtNs = NEVER;
        state = TcpState.ESTABLISHED;
        armKeepalive(nowNs);
        visible = true;
        if (passive) {
            st.event(this, new TcpEvent.Accepted(listenerId, id, localAddr, localPort, remoteAddr, remotePort));
        } else {
            st.event(this, new TcpEvent.Connected(id));
        }
    }

    private void onSegmentSynchronized(long nowNs, TcpSegment seg, TcpStack st, TcpOutput out) {
        TcpConfig cfg = st.config();
        // RFC 7323 §5.3 R1: PAWS.
        if (tsOk && seg.hasTs() && !seg.has(RST) && Seq.lt(seg.tsVal(), tsRecent) && state != TcpState.SYN_RECEIVED) {
            st.count(TcpCounter.PAWS_DROPS);
            ackNow = true;
            return;
        }
        // First check: sequence number acceptability (RFC 9293 §3.10.7.4, the four cases).
        int segLen = seg.segLen();
        int rcvWnd = Math.max(0, rcvAdv - rcvNxt);
        boolean acceptable;
        if (segLen == 0) {
            acceptable = rcvWnd == 0 ? seg.seq() == rcvNxt : Seq.inRange(seg.seq(), rcvNxt, rcvNxt + rcvWnd);
        } else {
            acceptable = rcvWnd > 0 && (Seq.inRange(seg.seq(), rcvNxt, rcvNxt + rcvWnd)
                    || Seq.inRange(seg.seq() + segLen - 1, rcvNxt, rcvNxt + rcvWnd));
            // §3.10.7.4 "special allowance ... to accept valid ACKs, URGs, and RSTs" when our window is zero:
            // the ACK and a FIN at RCV.NXT are processed, the text is trimmed away below.
            if (!acceptable && rcvWnd == 0 && seg.seq() == rcvNxt) acceptable = true;
        }
        if (!acceptable) {
            if (seg.has(RST)) {
                st.count(TcpCounter.RST_OUT_OF_WINDOW);
                return;
            }
            st.count(TcpCounter.UNACCEPTABLE_SEGMENTS);
            if (state == TcpState.SYN_RECEIVED && seg.has(SYN) && !seg.has(ACK) && seg.seq() == irs) {
                emit(nowNs, st, out, iss, SYN | ACK, 0, 0); // the peer's SYN was retransmitted: our SYN-ACK was lost
                return;
            }
            if (state == TcpState.TIME_WAIT && seg.has(FIN)) stateAtNs = nowNs + 2 * cfg.mslNs();
            // RFC 2883 §4: data wholly below RCV.NXT was received twice; say so (D-SACK), so the
            // sender can tell a spurious retransmission (reordering) from a loss.
            int dataEnd = seg.seq() + seg.dataLength();
            if (sackOk && seg.dataLength() > 0 && Seq.le(dataEnd, rcvNxt)) duplicateReceived(seg.seq(), dataEnd);
            ackNow = true;
            return;
        }
        // Second check: RST (RFC 5961 §3.2: only an exact match resets; in-window otherwise is challenged).
        if (seg.has(RST)) {
            if (seg.seq() != rcvNxt) {
                st.challengeAck(nowNs, this, out);
                return;
            }
            st.count(TcpCounter.RST_RECEIVED);
            if (state == TcpState.TIME_WAIT) return; // RFC 1337: no TIME_WAIT assassination
            if (state == TcpState.SYN_RECEIVED && passive) {
                st.remove(this);
                return;
            }
            finish(st, new TcpEvent.Reset(id, state == TcpState.SYN_RECEIVED ? TcpEvent.Reason.REFUSED : TcpEvent.Reason.RESET_BY_PEER));
            return;
        }
        // Fourth check: SYN in a synchronized state (RFC 5961 §4.2: always a challenge ACK).
        if (seg.has(SYN)) {
            st.challengeAck(nowNs, this, out);
            return;
        }
        // Fifth check: ACK.
        if (!seg.has(ACK)) return;
        if (state == TcpState.SYN_RECEIVED) {
            if (Seq.gt(seg.ack(), sndUna) && Seq.le(seg.ack(), sndMax)) {
                sndWnd = seg.window() << sndShift;
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = seg.seq();
                sndWl2 = seg.ack();
                establish(nowNs, seg, st);
            } else {
                st.sendReset(seg, out);
                return;
            }
        }
        if (Seq.gt(seg.ack(), sndMax)) {
            // RFC 9293: an ACK for something not yet sent is answered with an ACK and dropped.
            st.count(TcpCounter.ACK_OUT_OF_RANGE);
            ackNow = true;
            return;
        }
        if (Seq.lt(seg.ack(), sndUna - maxSndWnd)) {
            // RFC 5961 §5.2: too old to be a plausible duplicate.
            st.count(TcpCounter.ACK_OUT_OF_RANGE);
            st.challengeAck(nowNs, this, out);
            return;
        }
        keepalivesSent = 0;
        armKeepalive(nowNs);
        if (tsOk && seg.hasTs() && Seq.ge(seg.tsVal(), tsRecent) && Seq.le(seg.seq(), lastAckSent)) tsRecent = seg.tsVal(); // RFC 7323 §4.3
        processAck(nowNs, seg, st, out);
        if (removed) return;
        // Sixth check (URG) is not supported: the urgent pointer is ignored (RFC 6093 discourages its use).
        // Seventh: segment text.
        receiveText(nowNs, seg, st);
        // Eighth: FIN.
        if (seg.has(FIN)) {
            int finAt = seg.seq() + seg.dataLength();
            if (finAt == rcvNxt) {
                processFin(nowNs, st);
            } else if (Seq.gt(finAt, rcvNxt)) {
                peerFinPending = true;
                peerFinSeq = finAt;
            }
        }
        if (peerFinPending && !peerFinReceived && rcvNxt == peerFinSeq) processFin(nowNs, st);
    }

    /** RFC 9293 §3.10.7.4 fifth check for ESTABLISHED and later, with RFC 5681/6582 congestion control and RFC 6298 timing. */
    private void processAck(long nowNs, TcpSegment seg, TcpStack st, TcpOutput out) {
        TcpConfig cfg = st.config();
        int ack = seg.ack();
        boolean windowChanged = false;
        if (Seq.le(sndUna, ack) && (Seq.lt(sndWl1, seg.seq()) || (sndWl1 == seg.seq() && Seq.le(sndWl2, ack)))) {
            int w = seg.window() << sndShift;
            windowChanged = w != sndWnd;
            sndWnd = w;
            sndWl1 = seg.seq();
            sndWl2 = ack;
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            if (sndWnd > 0) {
                persistAtNs = NEVER;
                persistCount = 0;
            }
        }
        if (Seq.gt(ack, sndUna)) {
            int acked = ack - sndUna;
            int flightBefore = sndMax - sndUna;
            int dataAcked = Math.min(acked, sendBuf.size());
            sendBuf.skip(dataAcked);
            sndUna = ack;
            if (Seq.lt(sndNxt, sndUna)) sndNxt = sndUna;
            rtoCount = 0;
            // RFC 6298 §3 / RFC 7323 §4: timestamp echo gives one sample per ACK of new data; else Karn-timed segment.
            if (tsOk && seg.hasTs() && seg.tsEcr() != 0) {
                long ms = tsNow(nowNs) - seg.tsEcr();
                if (ms >= 0 && ms < 3_600_000L) rtt.sample(ms * 1_000_000L, cfg);
                rttTiming = false;
            } else if (rttTiming && Seq.gt(ack, rttSeq)) {
                rtt.sample(nowNs - rttStartNs, cfg);
                rttTiming = false;
            }
            if (inRecovery) {
                if (Seq.ge(ack, recover)) {
                    // RFC 6582 §3.2 step 3, full acknowledgment: deflate the window.
                    cwnd = Math.min(ssthresh, Math.max(sndMax - sndUna, effMss) + effMss);
                    inRecovery = false;
                    dupAcks = 0;
                } else {
                    // Partial acknowledgment: retransmit the next hole, deflate by the amount acked.
                    st.count(TcpCounter.PARTIAL_ACKS);
                    retransmitFirst(nowNs, st, out);
                    cwnd = Math.max(cwnd - acked + (acked >= effMss ? effMss : 0), effMss);
                }
            } else {
                dupAcks = 0;
                if (cwnd < ssthresh) {
                    cwnd += Math.min(acked, effMss); // RFC 5681 §3.1 slow start (eq. 2)
                } else {
                    cwnd += Math.max(1, (int) ((long) effMss * effMss / cwnd)); // congestion avoidance (eq. 3)
                }
                if (cwnd > (1 << 30)) cwnd = 1 << 30;
            }
            rtoAtNs = sndUna == sndMax ? NEVER : nowNs + rtt.rtoNs(cfg); // RFC 6298 §5.2-5.3
            if (writeBlocked && sendBuf.free() > 0 && !finQueued) {
                writeBlocked = false;
                st.event(this, new TcpEvent.Writable(id));
            }
            if (flightBefore > 0 && ourFinAcked()) {
                switch (state) {
                    case FIN_WAIT_1 -> {
                        state = TcpState.FIN_WAIT_2;
                        stateAtNs = nowNs + cfg.finWait2TimeoutNs();
                    }
                    case CLOSING -> enterTimeWait(nowNs, st);
                    case LAST_ACK -> {
                        finish(st, new TcpEvent.Closed(id));
                        return;
                    }
                    default -> { }
                }
            }
        } else if (ack == sndUna && seg.dataLength() == 0 && !seg.has(SYN) && !seg.has(FIN) && sndMax != sndUna && !windowChanged) {
            // RFC 5681 §2 duplicate ACK; §3.2 fast retransmit / fast recovery as NewReno (RFC 6582 §3.2).
            st.count(TcpCounter.DUP_ACKS_IN);
            dupAcks++;
            if (inRecovery) {
                cwnd += effMss;
            } else if (dupAcks == 3 && Seq.gt(ack - 1, recover)) {
                ssthresh = Math.max((sndMax - sndUna) / 2, 2 * effMss);
                recover = sndMax;
                inRecovery = true;
                st.count(TcpCounter.FAST_RETRANSMITS);
                retransmitFirst(nowNs, st, out);
                cwnd = ssthresh + 3 * effMss;
            }
        }
    }

    private boolean ourFinAcked() {
        return finQueued && Seq.gt(sndUna, finSeq);
    }

    /** RFC 9293 §3.10.7.4 seventh check: in-order text to the receive buffer, the rest to reassembly. */
    private void receiveText(long nowNs, TcpSegment seg, TcpStack st) {
        if (seg.dataLength() == 0) return;
        if (state != TcpState.ESTABLISHED && state != TcpState.FIN_WAIT_1 && state != TcpState.FIN_WAIT_2) return;
        int seq = seg.seq();
        int off = seg.dataOffset();
        int len = seg.dataLength();
        if (Seq.lt(seq, rcvNxt)) {
            int d = rcvNxt - seq;
            if (sackOk) duplicateReceived(seq, Seq.min(seq + len, rcvNxt)); // RFC 2883 §4: the part received before
            if (d >= len) {
                ackNow = true; // a pure duplicate: tell the sender where we are
                return;
            }
            off += d;
            len -= d;
            seq = rcvNxt;
        }
        int rel = seq - rcvNxt;
        int limit = Math.min(Math.max(0, rcvAdv - rcvNxt), rcvBuf.free());
        if (rel + len > limit) {
            st.count(TcpCounter.RECEIVE_BUFFER_TRIMS);
            len = Math.max(0, limit - rel);
            ackNow = true;
        }
        if (len <= 0) return;
        st.add(TcpCounter.BYTES_IN, len);
        if (rel == 0) {
            boolean holeFilled = !ooo.isEmpty();
            rcvBuf.write(seg.packet(), off, len);
            rcvNxt += len;
            for (Reassembly.Piece p = ooo.pollReady(rcvNxt); p != null; p = ooo.pollReady(rcvNxt)) {
                int skip = rcvNxt - p.seq();
                int n = rcvBuf.write(p.data(), skip, p.data().length - skip);
                rcvNxt += n;
            }
            if (holeFilled) {
                ackNow = true; // RFC 5681 §4.2: ACK at once when a segment fills a gap
            } else if ((segsUnacked += len >= 2 * effMss ? 2 : 1) >= 2) {
                // RFC 9293 §3.8.6.3: at least every second full-sized segment; a super-segment a port
                // delivered whole (GRO) counts as several
                ackNow = true;
            } else if (delAckAtNs == NEVER) {
                delAckAtNs = nowNs + st.config().delayedAckNs();
            }
        } else {
            st.count(TcpCounter.OUT_OF_ORDER_SEGMENTS);
            if (!ooo.insert(rcvNxt, seq, seg.packet(), off, len, st.config().maxReassemblySegments())) st.count(TcpCounter.OUT_OF_ORDER_DROPS);
            if (sackOk) noteOutOfOrder(seq);
            ackNow = true; // RFC 5681 §4.2: out-of-order data is acknowledged at once (duplicate ACK)
        }
    }

    /** RFC 9293 §3.10.7.4 eighth check. */
    private void processFin(long nowNs, TcpStack st) {
        peerFinPending = false;
        peerFinReceived = true;
        rcvNxt++;
        ackNow = true;
        ooo.clear();
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> state = TcpState.CLOSE_WAIT;
            case FIN_WAIT_1 -> {
                if (ourFinAcked()) enterTimeWait(nowNs, st);
                else state = TcpState.CLOSING;
            }
            case FIN_WAIT_2 -> enterTimeWait(nowNs, st);
            case TIME_WAIT -> stateAtNs = nowNs + 2 * st.config().mslNs();
            default -> { }
        }
    }

    private void enterTimeWait(long nowNs, TcpStack st) {
        state = TcpState.TIME_WAIT;
        rtoAtNs = NEVER;
        persistAtNs = NEVER;
        keepaliveAtNs = NEVER;
        stateAtNs = nowNs + 2 * st.config().mslNs();
        deliverUserData(st, true);
        if (visible) st.event(this, new TcpEvent.Closed(id));
        visible = false;
        sendBuf.skip(sendBuf.size());
    }

    /** Ends the connection: remaining received data (unless reset) and the final event go to the owner, the TCB is deleted. */
    private void finish(TcpStack st, TcpEvent last) {
        if (last instanceof TcpEvent.Closed) deliverUserData(st, true);
        if (visible) st.event(this, last);
        visible = false;
        st.remove(this);
    }

    // ---------------------------------------------------------------- output

    /** Sends what the windows allow (RFC 9293 §3.8.6.2.1 sender SWS avoidance; RFC 5681 cwnd), then the FIN. */
    /** Most payload bytes of one super-segment: an IPv4 packet's 65,535 less the largest IP and TCP headers. */
    static final int SUPER_SEGMENT_BYTES = io.vroom.core.net.TcpSegmentation.MAX_PACKET - 60 - 60;

    void trySend(long nowNs, TcpStack st, TcpOutput out, boolean force) {
        switch (state) {
            case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> { }
            default -> { return; }
        }
        TcpConfig cfg = st.config();
        // Up to ~64 KiB a segment handed down (a super-segment, cut into effMss-sized segments by the
        // port, in its device or in software: TSO/GSO). Not with TCP-MD5: each segment needs its own signature.
        int maxLen = st.md5Key(remoteAddr) != null ? effMss : effMss * Math.max(1, SUPER_SEGMENT_BYTES / effMss);
        while (true) {
            int sent = sndNxt - sndUna;
            int dataEnd = sendBuf.size();
            if (sent < dataEnd) {
                int unsent = dataEnd - sent;
                int usable = Math.min(sndWnd, cwnd) - sent;
                int len = Math.min(Math.min(unsent, maxLen), usable);
                if (len > effMss && len < unsent) len -= len % effMss; // whole segments while more data waits (no runt, RFC 9293 §3.8.6.2.1)
                if (len <= 0) break;
                if (len < effMss && len < unsent && len < maxSndWnd / 2 && !force) break;
                force = false;
                int flags = ACK;
                if (len == unsent) flags |= PSH;
                boolean fin = finQueued && len == unsent;
                if (fin) flags |= FIN;
                boolean retransmission = Seq.lt(sndNxt, sndMax);
                if (retransmission) st.count(TcpCounter.RETRANSMITTED_SEGMENTS);
                else if (!rttTiming) {
                    rttTiming = true;
                    rttSeq = sndNxt;
                    rttStartNs = nowNs;
                }
                emit(nowNs, st, out, sndNxt, flags, sent, len);
                st.add(TcpCounter.BYTES_OUT, len);
                sndNxt += len + (fin ? 1 : 0);
                sndMax = Seq.max(sndMax, sndNxt);
                if (rtoAtNs == NEVER) rtoAtNs = nowNs + rtt.rtoNs(cfg);
                persistAtNs = NEVER;
            } else if (finQueued && sent == dataEnd) {
                if (Seq.lt(sndNxt, sndMax)) st.count(TcpCounter.RETRANSMITTED_SEGMENTS);
                emit(nowNs, st, out, sndNxt, FIN | ACK, 0, 0);
                sndNxt++;
                sndMax = Seq.max(sndMax, sndNxt);
                if (rtoAtNs == NEVER) rtoAtNs = nowNs + rtt.rtoNs(cfg);
            } else {
                break;
            }
        }
        // RFC 9293 §3.8.6.1: data waits, nothing is in flight to bring an ACK: probe the window.
        if (sendBuf.size() > sndNxt - sndUna && sndNxt == sndUna && rtoAtNs == NEVER && persistAtNs == NEVER) {
            persistAtNs = nowNs + persistIntervalNs(cfg);
        }
    }

    private long persistIntervalNs(TcpConfig cfg) {
        long r = rtt.rtoNs(cfg);
        for (int i = 0; i < persistCount && r < cfg.maxRtoNs(); i++) r *= 2;
        return Math.min(r, cfg.maxRtoNs());
    }

    /** Resends the first unacknowledged segment (fast retransmit, NewReno partial ACK); Karn: stop timing. */
    private void retransmitFirst(long nowNs, TcpStack st, TcpOutput out) {
        rttTiming = false;
        int len = Math.min(sendBuf.size(), effMss);
        if (len > 0) {
            boolean fin = finQueued && len == sendBuf.size() && Seq.gt(sndMax, finSeq);
            emit(nowNs, st, out, sndUna, ACK | (fin ? FIN : 0), 0, len);
            st.count(TcpCounter.RETRANSMITTED_SEGMENTS);
        } else if (finQueued && Seq.gt(sndMax, finSeq)) {
            emit(nowNs, st, out, finSeq, FIN | ACK, 0, 0);
            st.count(TcpCounter.RETRANSMITTED_SEGMENTS);
        }
    }

    void sendAck(long nowNs, TcpStack st, TcpOutput out) {
        emit(nowNs, st, out, sndNxt, ACK, 0, 0);
    }

    /** One segment of this connection; ACK-bearing segments carry the current window and cancel a pending delayed ACK. */
    void emit(long nowNs, TcpStack st, TcpOutput out, int seq, int flags, int dataOff, int len) {
        TcpConfig cfg = st.config();
        TcpEncoder.Spec s = new TcpEncoder.Spec(localAddr, remoteAddr, localPort, remotePort);
        s.seq = seq;
        s.flags = flags;
        boolean syn = (flags & SYN) != 0;
        if ((flags & ACK) != 0) s.ack = rcvNxt;
        if (syn) {
            boolean answering = (flags & ACK) != 0;
            s.mss = cfg.mssBytes();
            if (answering ? wsOk : cfg.windowScaling()) s.wscale = cfg.receiveWindowShift();
            s.ts = answering ? tsOk : cfg.timestamps();
            s.sackPermitted = answering ? sackOk : cfg.sack() && st.md5Key(remoteAddr) == null;
            s.window = Math.min(rcvBuf.free(), 65535);
            if (answering) rcvAdv = Seq.max(rcvAdv, rcvNxt + s.window);
        } else {
            s.ts = tsOk;
            s.window = (flags & RST) != 0 ? 0 : windowToAdvertise();
        }
        if (s.ts) {
            s.tsVal = tsNow(nowNs);
            s.tsEcr = (flags & ACK) != 0 ? tsRecent : 0;
        }
        // Blocks ride on segments without data only, so they never shrink a data segment below the MSS.
        if (sackOk && len == 0 && (flags & (ACK | SYN | RST)) == ACK && (dsackPending || !ooo.isEmpty())) sackBlocks(s);
        s.md5Key = st.md5Key(remoteAddr);
        if (s.md5Key != null) s.md5 = st.md5Digest();
        s.ttl = opts.ttl();
        s.tos = opts.tos();
        s.ipId = st.nextIpId();
        if ((flags & ACK) != 0) {
            lastAckSent = rcvNxt;
            delAckAtNs = NEVER;
            segsUnacked = 0;
            ackNow = false;
        }
        if (len > effMss) st.transmit(out, TcpEncoder.encode(s, sendBuf, dataOff, len), effMss, (len + effMss - 1) / effMss);
        else st.transmit(out, TcpEncoder.encode(s, sendBuf, dataOff, len));
    }

    /**
     * RFC 2018 §4: the first block holds the most recently received out-of-order segment, the
     * others the next most recent distinct blocks; as many as fit beside the timestamps.
     */
    private void sackBlocks(TcpEncoder.Spec s) {
        int max = s.ts ? MAX_SACK_BLOCKS - 1 : MAX_SACK_BLOCKS;
        int[] edges = new int[2 * max];
        int n = 0, kept = 0;
        if (dsackPending) { // RFC 2883 §4: the duplicate first, once
            edges[0] = dsackLeft;
            edges[1] = dsackRight;
            n = 1;
            dsackPending = false;
        }
        for (int i = 0; i < sackRecentCount; i++) {
            int seq = sackRecent[i];
            if (n < max) {
                if (!ooo.blockAround(seq, edges, 2 * n)) continue; // delivered or dropped: forget it
                boolean dup = false;
                for (int j = 0; j < n; j++) if (edges[2 * j] == edges[2 * n]) dup = true;
                if (!dup) n++;
            }
            sackRecent[kept++] = seq;
        }
        sackRecentCount = kept;
        s.sack = edges;
        s.sackBlocks = n;
    }

    /** Remembers data received twice, for the D-SACK block of the next ACK (the latest duplicate wins). */
    private void duplicateReceived(int left, int right) {
        if (Seq.ge(left, right)) return;
        dsackPending = true;
        dsackLeft = left;
        dsackRight = right;
    }

    /** Remembers an out-of-order segment for the SACK blocks, newest first, a block reported once. */
    private void noteOutOfOrder(int seq) {
        int at = sackRecentCount < sackRecent.length ? sackRecentCount : sackRecent.length - 1;
        for (int i = 0; i < sackRecentCount; i++) {
            if (sackRecent[i] == seq) {
                at = i;
                break;
            }
        }
        System.arraycopy(sackRecent, 0, sackRecent, 1, at);
        sackRecent[0] = seq;
        if (at == sackRecentCount) sackRecentCount++;
    }

    /**
     * The window field to send (RFC 9293 §3.8.6.2.2 and RFC 7323 §2.4): the free receive buffer,
     * scaled; the right edge never moves left, and only moves right by a worthwhile amount (receiver SWS avoidance).
     */
    private int windowToAdvertise() {
        int free = rcvBuf.free();
        int unit = 1 << rcvShift;
        int prev = Math.max(0, rcvAdv - rcvNxt);
        int prevUnits = Math.min((prev + unit - 1) >>> rcvShift, 65535);
        int win = Math.min(free >>> rcvShift, 65535);
        int threshold = Math.min(rcvBuf.capacity() / 2, effMss);
        if (((long) win << rcvShift) < (long) prev + threshold) win = prevUnits;
        int right = rcvNxt + (win << rcvShift);
        if (Seq.gt(right, rcvAdv)) rcvAdv = right;
        return win;
    }

    /** RFC 7323 §5.4: a millisecond clock from virtual time, offset per connection. */
    int tsNow(long nowNs) {
        return (int) (nowNs / 1_000_000L) + tsOffset;
    }

    // ---------------------------------------------------------------- owner API

    int send(long nowNs, byte[] data, int off, int len, TcpStack st, TcpOutput out) {
        switch (state) {
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> { }
            default -> { return -1; }
        }
        if (finQueued) return -1;
        int n = sendBuf.write(data, off, len);
        if (n < len) writeBlocked = true;
        trySend(nowNs, st, out, false);
        return n;
    }

    /** RFC 9293 §3.10.4 CLOSE. */
    void close(long nowNs, TcpStack st, TcpOutput out) {
        switch (state) {
            case SYN_SENT -> finish(st, new TcpEvent.Closed(id));
            case SYN_RECEIVED -> {
                // Simplification: a close before the handshake completes aborts rather than queueing a FIN.
                emit(nowNs, st, out, sndNxt, RST | ACK, 0, 0);
                st.count(TcpCounter.RST_SENT);
                finish(st, new TcpEvent.Closed(id));
            }
            case ESTABLISHED, CLOSE_WAIT -> {
                finQueued = true;
                finSeq = sndUna + sendBuf.size();
                state = state == TcpState.ESTABLISHED ? TcpState.FIN_WAIT_1 : TcpState.LAST_ACK;
                trySend(nowNs, st, out, false);
            }
            default -> { }
        }
    }

    /** RFC 9293 §3.10.5 ABORT: RST if synchronized, the TCB is deleted, no further events. */
    void abort(long nowNs, TcpStack st, TcpOutput out) {
        if (state != TcpState.SYN_SENT && state != TcpState.TIME_WAIT) {
            emit(nowNs, st, out, sndNxt, RST | ACK, 0, 0);
            st.count(TcpCounter.RST_SENT);
        }
        visible = false;
        st.remove(this);
    }

    /** Hands buffered in-order data to the owner (unless paused), then PeerClosed once all data before the FIN is out. */
    void deliverUserData(TcpStack st, boolean force) {
        if (!visible) return;
        if (rcvBuf.size() > 0 && (force || !readPaused)) st.event(this, new TcpEvent.Data(id, rcvBuf.take(rcvBuf.size())));
        if (peerFinReceived && !peerClosedDelivered && rcvBuf.size() == 0) {
            peerClosedDelivered = true;
            st.event(this, new TcpEvent.PeerClosed(id));
        }
    }

    void resumeReading(long nowNs, TcpStack st, TcpOutput out) {
        readPaused = false;
        int prev = Math.max(0, rcvAdv - rcvNxt);
        deliverUserData(st, false);
        // RFC 9293 §3.8.6.2.2: announce a window that opened by a worthwhile amount at once.
        if (state.isSynchronized() && rcvBuf.free() - prev >= Math.min(rcvBuf.capacity() / 2, effMss)) sendAck(nowNs, st, out);
    }

    // ---------------------------------------------------------------- timers

    void onTimers(long nowNs, TcpStack st, TcpOutput out) {
        if (stateAtNs <= nowNs) {
            stateAtNs = NEVER;
            if (state == TcpState.TIME_WAIT) {
                st.count(TcpCounter.TIME_WAIT_EXPIRED);
                st.remove(this);
                return;
            }
            if (state == TcpState.FIN_WAIT_2) {
                st.count(TcpCounter.FIN_WAIT_2_TIMEOUTS);
                finish(st, new TcpEvent.Closed(id));
                return;
            }
        }
        if (rtoAtNs <= nowNs) {
            onRetransmitTimeout(nowNs, st, out);
            if (removed) return;
        }
        if (persistAtNs <= nowNs) onPersist(nowNs, st, out);
        if (keepaliveAtNs <= nowNs) {
            onKeepalive(nowNs, st, out);
            if (removed) return;
        }
        if (delAckAtNs <= nowNs) sendAck(nowNs, st, out);
    }

    /** RFC 6298 §5.4-5.7 with RFC 5681 §3.1 eq. 4 and RFC 6582 §3.2 step 4 (recover := highest sent). */
    private void onRetransmitTimeout(long nowNs, TcpStack st, TcpOutput out) {
        TcpConfig cfg = st.config();
        rtoAtNs = NEVER;
        switch (state) {
            case SYN_SENT, SYN_RECEIVED -> {
                if (++rtoCount > cfg.synRetries()) {
                    st.count(TcpCounter.CONNECT_TIMEOUTS);
                    if (state == TcpState.SYN_RECEIVED && passive) st.remove(this);
                    else finish(st, new TcpEvent.Reset(id, TcpEvent.Reason.CONNECT_TIMEOUT));
                    return;
                }
                rtt.backOff();
                rttTiming = false;
                st.count(TcpCounter.RETRANSMITTED_SEGMENTS);
                emit(nowNs, st, out, iss, state == TcpState.SYN_SENT ? SYN : SYN | ACK, 0, 0);
                rtoAtNs = nowNs + rtt.rtoNs(cfg);
            }
            default -> {
                if (sndUna == sndMax) return;
                if (++rtoCount > cfg.maxRetransmits()) {
                    st.count(TcpCounter.RETRANSMIT_GIVE_UPS);
                    emit(nowNs, st, out, sndNxt, RST | ACK, 0, 0);
                    st.count(TcpCounter.RST_SENT);
                    finish(st, new TcpEvent.Reset(id, TcpEvent.Reason.RETRANSMIT_TIMEOUT));
                    return;
                }
                st.count(TcpCounter.RETRANSMIT_TIMEOUTS);
                ssthresh = Math.max((sndMax - sndUna) / 2, 2 * effMss);
                cwnd = effMss;
                inRecovery = false;
                dupAcks = 0;
                recover = sndMax;
                rtt.backOff();
                rttTiming = false;
                sndNxt = sndUna; // go back N: resend from the first unacknowledged byte as cwnd grows
                trySend(nowNs, st, out, true);
                if (rtoAtNs == NEVER && Seq.lt(sndUna, sndMax) && persistAtNs == NEVER) rtoAtNs = nowNs + rtt.rtoNs(cfg);
            }
        }
    }

    /** RFC 9293 §3.8.6.1 zero-window probe: an already-acknowledged sequence number forces the peer to answer with its window. */
    private void onPersist(long nowNs, TcpStack st, TcpOutput out) {
        persistAtNs = NEVER;
        if (sendBuf.size() <= sndNxt - sndUna || sndNxt != sndUna) return;
        if (Math.min(sndWnd, cwnd) > 0) {
            trySend(nowNs, st, out, true); // SWS override timeout: send what the small window allows
        } else {
            st.count(TcpCounter.ZERO_WINDOW_PROBES);
            emit(nowNs, st, out, sndUna - 1, ACK, 0, 0);
        }
        if (persistCount < 30) persistCount++;
        if (sndNxt == sndUna && persistAtNs == NEVER) persistAtNs = nowNs + persistIntervalNs(st.config());
    }

    private void armKeepalive(long nowNs) {
        keepaliveAtNs = opts.keepaliveIdleNs() > 0 ? nowNs + opts.keepaliveIdleNs() : NEVER;
    }

    /** RFC 9293 §3.8.4 keepalive: SEG.SEQ = SND.NXT-1, no data, so the peer answers with an ACK. */
    private void onKeepalive(long nowNs, TcpStack st, TcpOutput out) {
        keepaliveAtNs = NEVER;
        if (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT) return;
        if (keepalivesSent >= opts.keepaliveProbes()) {
            st.count(TcpCounter.KEEPALIVE_TIMEOUTS);
            emit(nowNs, st, out, sndNxt, RST | ACK, 0, 0);
            st.count(TcpCounter.RST_SENT);
            finish(st, new TcpEvent.Reset(id, TcpEvent.Reason.KEEPALIVE_TIMEOUT));
            return;
        }
        keepalivesSent++;
        st.count(TcpCounter.KEEPALIVES_SENT);
        emit(nowNs, st, out, sndNxt - 1, ACK, 0, 0);
        keepaliveAtNs = nowNs + opts.keepaliveIntervalNs();
    }
}
