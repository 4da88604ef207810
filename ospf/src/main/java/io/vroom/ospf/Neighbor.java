package io.vroom.ospf;

import io.vroom.ospf.packet.DatabaseDescription;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The neighbor data structure (RFC 2328 §10): plain data, driven by {@link NeighborFsm}. */
public final class Neighbor {
    int routerId;
    int address;
    int priority;
    int dr;
    int bdr;
    int options;
    NsmState state = NsmState.DOWN;
    long inactivityDeadlineNs = Long.MAX_VALUE;
    long lastStateChangeNs;
    int stateChanges;

    // Database exchange (§10.6, §10.8)
    boolean weAreMaster;
    int ddSeq;
    boolean haveLastRxDd;
    int lastRxDdFlags;
    int lastRxDdSeq;
    int lastRxDdOptions;
    DatabaseDescription lastTxDd;
    long ddRxmtDeadlineNs = Long.MAX_VALUE;
    /** Database summary list: headers still to describe. */
    final ArrayList<LsaHeader> dbSummary = new ArrayList<>();
    /** Link state request list (§10.9). */
    final LinkedHashMap<LsaKey, LsaHeader> lsRequests = new LinkedHashMap<>();
    /** The keys of the last LS Request sent; the next is sent when these are all answered. */
    final ArrayList<LsaKey> lastLsr = new ArrayList<>();
    long lsrRxmtDeadlineNs = Long.MAX_VALUE;
    /** Link state retransmission list (§13.3): LSAs flooded to this neighbor and not yet acknowledged. */
    final LinkedHashMap<LsaKey, Lsa> retransmit = new LinkedHashMap<>();
    long lsuRxmtDeadlineNs = Long.MAX_VALUE;
    /** Last MD5 cryptographic sequence number accepted (Appendix D.5.2); -1 before the first. */
    long rxCryptoSeq = -1;

    Neighbor() {}

    Neighbor(int routerId, int address) {
        this.routerId = routerId;
        this.address = address;
    }

    public NsmState state() {
        return state;
    }

    public int routerId() {
        return routerId;
    }

    public int address() {
        return address;
    }

    public int retransmitCount() {
        return retransmit.size();
    }

    public int requestCount() {
        return lsRequests.size();
    }

    long nextDeadlineNs() {
        return Math.min(Math.min(inactivityDeadlineNs, ddRxmtDeadlineNs), Math.min(lsrRxmtDeadlineNs, lsuRxmtDeadlineNs));
    }

    List<LsaKey> requestKeys() {
        return new ArrayList<>(lsRequests.keySet());
    }
}
