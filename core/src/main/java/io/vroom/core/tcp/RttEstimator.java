package io.vroom.core.tcp;

import java.io.Serializable;

/** RFC 6298 retransmission timer computation: SRTT, RTTVAR, RTO and exponential backoff, in nanoseconds. */
final class RttEstimator implements Serializable {
    /** RFC 6298 §2: clock granularity G; we keep time in ns, so G is our smallest meaningful sample, 1 ms (the timestamp tick). */
    private static final long GRANULARITY_NS = 1_000_000L;

    long srttNs = -1;
    long rttvarNs;
    private long rtoNs;
    int backoff;

    RttEstimator(long initialRtoNs) {
        this.rtoNs = initialRtoNs;
    }

    /** RFC 6298 §2.2-2.3: a new measurement R; also clears any backoff (§5.7 lets the timer recover on a fresh sample). */
    void sample(long rNs, TcpConfig cfg) {
        if (rNs < 0) return;
        if (srttNs < 0) {
            srttNs = rNs;
            rttvarNs = rNs / 2;
        } else {
            rttvarNs = (3 * rttvarNs + Math.abs(srttNs - rNs)) / 4;
            srttNs = (7 * srttNs + rNs) / 8;
        }
        rtoNs = Math.max(cfg.minRtoNs(), Math.min(cfg.maxRtoNs(), srttNs + Math.max(GRANULARITY_NS, 4 * rttvarNs)));
        backoff = 0;
    }

    /** The RTO to arm now: the computed RTO doubled once per expiry since the last sample (RFC 6298 §5.5), bounded by the max. */
    long rtoNs(TcpConfig cfg) {
        long r = rtoNs;
        for (int i = 0; i < backoff && r < cfg.maxRtoNs(); i++) r *= 2;
        return Math.min(r, cfg.maxRtoNs());
    }

    void backOff() {
        if (backoff < 30) backoff++;
    }
}
