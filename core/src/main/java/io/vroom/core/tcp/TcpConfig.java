package io.vroom.core.tcp;

import java.io.Serializable;

/**
 * Tunables of one {@link TcpStack}; every queue and table it has is bounded by one of these.
 *
 * @param mssBytes              MSS we announce (RFC 9293 §3.7.1): interface MTU minus 40
 * @param sendBufferBytes       per-connection send buffer; {@link TcpStack#send} accepts at most what is free
 * @param receiveBufferBytes    per-connection receive buffer; the window we offer never exceeds it
 * @param windowScaling         offer RFC 7323 window scaling
 * @param timestamps            offer RFC 7323 timestamps (RTTM and PAWS)
 * @param initialRtoNs          RFC 6298 §2.1 initial RTO (1 s)
 * @param minRtoNs              RFC 6298 §2.4 lower bound (RFC: 1 s; Linux: 200 ms)
 * @param maxRtoNs              upper bound after backoff (RFC 6298 §2.5 allows &gt;= 60 s)
 * @param mslNs                 maximum segment lifetime; TIME_WAIT lasts 2*MSL (RFC 9293 §3.4.2)
 * @param delayedAckNs          RFC 9293 §3.8.6.3 / RFC 1122 delayed ACK (&lt; 500 ms)
 * @param finWait2TimeoutNs     how long FIN_WAIT_2 waits for the peer's FIN before the connection is dropped
 * @param synRetries            SYN / SYN-ACK retransmissions before giving up
 * @param maxRetransmits        consecutive data retransmission timeouts before reset (RFC 9293 §3.8.3 R2)
 * @param synBacklog            half-open (SYN_RECEIVED) connections per stack; further SYNs are dropped
 * @param maxConnections        connections of all states per stack
 * @param challengeAcksPerSecond RFC 5961 §7 rate limit on challenge ACKs per stack
 * @param maxReassemblySegments out-of-order pieces kept per connection (their bytes are bounded by the window)
 * @param sack                  offer RFC 2018 SACK-permitted and, as a receiver, report out-of-order blocks in
 *                              duplicate ACKs (not with TCP-MD5: its option leaves no room for a block beside timestamps)
 */
public record TcpConfig(int mssBytes, int sendBufferBytes, int receiveBufferBytes, boolean windowScaling, boolean timestamps,
                        long initialRtoNs, long minRtoNs, long maxRtoNs, long mslNs, long delayedAckNs, long finWait2TimeoutNs,
                        int synRetries, int maxRetransmits, int synBacklog, int maxConnections, int challengeAcksPerSecond,
                        int maxReassemblySegments, boolean sack) implements Serializable {
    public TcpConfig {
        if (mssBytes < 88 || mssBytes > 65495) throw new IllegalArgumentException("mssBytes out of range: " + mssBytes);
        if (sendBufferBytes < 1 || receiveBufferBytes < 1 || receiveBufferBytes > (1 << 30) || sendBufferBytes > (1 << 30))
            throw new IllegalArgumentException("buffer sizes must be in [1, 2^30]");
        if (minRtoNs <= 0 || initialRtoNs < minRtoNs || maxRtoNs < initialRtoNs) throw new IllegalArgumentException("RTO bounds inconsistent");
        if (mslNs < 0 || delayedAckNs < 0 || finWait2TimeoutNs < 0) throw new IllegalArgumentException("negative timer");
        if (synRetries < 0 || maxRetransmits < 1 || synBacklog < 1 || maxConnections < 1 || challengeAcksPerSecond < 0 || maxReassemblySegments < 0)
            throw new IllegalArgumentException("bad limit");
    }

    public static TcpConfig defaults() {
        return new TcpConfig(1460, 256 * 1024, 256 * 1024, true, true,
                1_000_000_000L, 200_000_000L, 120_000_000_000L, 30_000_000_000L, 40_000_000L, 60_000_000_000L,
                6, 15, 128, 1024, 1000, 256, false);
    }

    /**
     * What a virtual router's stack runs with: {@link #defaults()} with a 512 KiB receive buffer
     * (window scale 4), SACK (RFC 2018: a loss in a window that large is repaired in one round trip,
     * not one per hole), and room for 1024 out-of-order pieces (a full window of small segments). Measured over TUN (BENCHMARKS.md, TCP): with 256 KiB a Linux sender was
     * receive-window limited 26-60% of the time (ss -ti: rwnd_limited); 512 KiB is 362 full
     * segments in flight, still less than a TUN device's default 500-packet queue, so a stalled
     * reader does not make the kernel drop. Memory is only held for bytes the owner has not read.
     */
    public static TcpConfig routerDefaults() {
        TcpConfig d = defaults();
        return new TcpConfig(d.mssBytes, 256 * 1024, 512 * 1024, d.windowScaling, d.timestamps, d.initialRtoNs, d.minRtoNs, d.maxRtoNs, d.mslNs,
                d.delayedAckNs, d.finWait2TimeoutNs, d.synRetries, d.maxRetransmits, d.synBacklog, d.maxConnections, d.challengeAcksPerSecond,
                1024, true);
    }

    /** The same with RFC 2018 SACK offered (true) or not. */
    public TcpConfig withSack(boolean on) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, initialRtoNs, minRtoNs, maxRtoNs, mslNs, delayedAckNs, finWait2TimeoutNs, synRetries, maxRetransmits, synBacklog, maxConnections, challengeAcksPerSecond, maxReassemblySegments, on);
    }

    public TcpConfig withMss(int v) {
        return new TcpConfig(v, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, initialRtoNs, minRtoNs, maxRtoNs, mslNs, delayedAckNs, finWait2TimeoutNs, synRetries, maxRetransmits, synBacklog, maxConnections, challengeAcksPerSecond, maxReassemblySegments, sack);
    }

    public TcpConfig withBuffers(int sendBytes, int receiveBytes) {
        return new TcpConfig(mssBytes, sendBytes, receiveBytes, windowScaling, timestamps, initialRtoNs, minRtoNs, maxRtoNs, mslNs, delayedAckNs, finWait2TimeoutNs, synRetries, maxRetransmits, synBacklog, maxConnections, challengeAcksPerSecond, maxReassemblySegments, sack);
    }

    public TcpConfig withOptions(boolean scaling, boolean ts) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, scaling, ts, initialRtoNs, minRtoNs, maxRtoNs, mslNs, delayedAckNs, finWait2TimeoutNs, synRetries, maxRetransmits, synBacklog, maxConnections, challengeAcksPerSecond, maxReassemblySegments, sack);
    }

    public TcpConfig withRto(long initialNs, long minNs, long maxNs) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, initialNs, minNs, maxNs, mslNs, delayedAckNs, finWait2TimeoutNs, synRetries, maxRetransmits, synBacklog, maxConnections, challengeAcksPerSecond, maxReassemblySegments, sack);
    }

    public TcpConfig withMsl(long ns) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, initialRtoNs, minRtoNs, maxRtoNs, ns, delayedAckNs, finWait2TimeoutNs, synRetries, maxRetransmits, synBacklog, maxConnections, challengeAcksPerSecond, maxReassemblySegments, sack);
    }

    public TcpConfig withLimits(int backlog, int connections, int retries, int synTries) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, initialRtoNs, minRtoNs, maxRtoNs, mslNs, delayedAckNs, finWait2TimeoutNs, synTries, retries, backlog, connections, challengeAcksPerSecond, maxReassemblySegments, sack);
    }

    public TcpConfig withChallengeAckLimit(int perSecond) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, initialRtoNs, minRtoNs, maxRtoNs, mslNs, delayedAckNs, finWait2TimeoutNs, synRetries, maxRetransmits, synBacklog, maxConnections, perSecond, maxReassemblySegments, sack);
    }

    /** RFC 7323 §2.3: the smallest shift that lets the receive buffer fit the 16-bit window field (at most 14). */
    int receiveWindowShift() {
        if (!windowScaling) return 0;
        int s = 0;
        while (s < 14 && (receiveBufferBytes >>> s) > 65535) s++;
        return s;
    }
}
