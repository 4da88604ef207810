package io.vroom.ospf;

import java.util.ArrayList;

/** One OSPF area this router is attached to (§6): its type and its link-state database. */
public final class Area {
    int areaId;
    boolean stub;
    int stubDefaultCost;
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

    /** The options we send in this area: the E bit unless it is a stub area (§10.8, A.2). */
    int options() {
        return stub ? 0 : Ospf.OPTION_E;
    }
}
