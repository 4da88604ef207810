package io.vroom.ospf;

import io.vroom.ospf.packet.Auth;
import io.vroom.ospf.packet.lsa.LsaHeader;
import java.util.ArrayList;
import java.util.TreeMap;

/** The interface data structure (RFC 2328 §9): configuration, ISM state, timers and neighbors. */
public final class Iface {
    int ifIndex;
    String name;
    int areaId;
    NetworkType type;
    int address;
    int prefixLength;
    int mtu;
    int cost;
    int helloIntervalSec;
    int deadIntervalSec;
    int retransmitIntervalSec;
    int transmitDelaySec;
    int priority;
    boolean passive;
    Auth auth;
    boolean linkUp;

    IsmState state = IsmState.DOWN;
    /** DR and BDR as interface addresses (§9: identified by IP address on broadcast networks). */
    int dr;
    int bdr;
    long helloDeadlineNs = Long.MAX_VALUE;
    long waitDeadlineNs = Long.MAX_VALUE;
    long ackDeadlineNs = Long.MAX_VALUE;
    /** Delayed acknowledgements (§13.5), sent at {@link #ackDeadlineNs}. Bounded by {@link Ospf#MAX_DELAYED_ACKS}. */
    final ArrayList<LsaHeader> delayedAcks = new ArrayList<>();
    /** MD5 sequence number of the last packet sent; never goes backwards (Appendix D.4.3). */
    long txCryptoSeq;
    /** ISM NeighborChange queued by the NSM (STYLE rule 4: events for another FSM are queued). */
    boolean neighborChangePending;
    long lastStateChangeNs;
    /** Neighbors keyed by interface address (§10: broadcast neighbors are identified by address). */
    final TreeMap<Integer, Neighbor> neighbors = new TreeMap<>(UnsignedOrder.INSTANCE);
    final Counters counters = new Counters();

    public IsmState state() {
        return state;
    }

    public String name() {
        return name;
    }

    public int dr() {
        return dr;
    }

    public int bdr() {
        return bdr;
    }

    public Counters counters() {
        return counters;
    }

    public TreeMap<Integer, Neighbor> neighbors() {
        return neighbors;
    }

    int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    int network() {
        return address & mask();
    }

    boolean onSubnet(int addr) {
        return (addr & mask()) == network();
    }

    boolean active() {
        return state != IsmState.DOWN && !passive;
    }

    Neighbor neighborByRouterId(int rid) {
        for (Neighbor n : neighbors.values()) if (n.routerId == rid) return n;
        return null;
    }
}
