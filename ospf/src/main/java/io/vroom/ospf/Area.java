package io.vroom.ospf;

import java.util.ArrayList;

/** One OSPF area this router is attached to (§6): its type and its link-state database. */
public final class Area {
    int areaId;
    boolean stub;
    int stubDefaultCost;
    /** Not-so-stubby (RFC 3101): no type-5 LSAs, but type-7 from its own ASBRs, translated to type-5 by one ABR. */
    boolean nssa;
    /** NSSA ABR: originate a type-7 default into the NSSA (RFC 3101 §2.7). */
    boolean nssaDefaultOriginate;
    /** Totally stubby: ABRs originate only the default summary into it. */
    boolean noSummary;
    /** Address ranges (Appendix C.2), longest first so a network is summarized by its most specific range. */
    final ArrayList<OspfConfig.AreaRange> ranges = new ArrayList<>();
    final Lsdb lsdb = new Lsdb();

    Area() {}

    Area(int areaId, boolean stub, int stubDefaultCost) {
        this.areaId = areaId;
        this.stub = stub;
        this.stubDefaultCost = stubDefaultCost;
    }

    Area(OspfConfig.AreaConfig c) {
        this(c.areaId(), c.stub(), c.defaultCost());
        this.noSummary = c.noSummary();
        this.nssa = c.nssa();
        this.nssaDefaultOriginate = c.nssaDefaultOriginate();
        ranges.addAll(c.ranges());
        ranges.sort((x, y) -> y.prefix().length() != x.prefix().length() ? y.prefix().length() - x.prefix().length() : x.prefix().compareTo(y.prefix()));
    }

    /** The configured range that covers {@code p} (the most specific), or null. */
    OspfConfig.AreaRange rangeOf(io.vroom.core.net.Ip4Prefix p) {
        for (OspfConfig.AreaRange r : ranges) if (r.prefix().contains(p)) return r;
        return null;
    }

    public Lsdb lsdb() {
        return lsdb;
    }

    /** The options of the LSAs we originate in this area: the E bit unless it is a stub area or an NSSA (§10.8, A.2). */
    int options() {
        return noExternals() ? 0 : Ospf.OPTION_E;
    }

    /** The options in our Hello and DD packets: as LSAs, plus the N bit in an NSSA (RFC 3101 §2.1). */
    int packetOptions() {
        return options() | (nssa ? io.vroom.ospf.packet.lsa.NssaLsa.OPTION_NP : 0);
    }

    /** No AS-external-LSAs (type 5) flood into this area: stub areas and NSSAs. */
    boolean noExternals() {
        return stub || nssa;
    }
}
