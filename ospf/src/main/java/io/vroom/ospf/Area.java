package io.vroom.ospf;

/** One OSPF area this router is attached to (§6): its type and its link-state database. */
public final class Area {
    int areaId;
    boolean stub;
    int stubDefaultCost;
    final Lsdb lsdb = new Lsdb();

    Area() {}

    Area(int areaId, boolean stub, int stubDefaultCost) {
        this.areaId = areaId;
        this.stub = stub;
        this.stubDefaultCost = stubDefaultCost;
    }

    public Lsdb lsdb() {
        return lsdb;
    }

    /** The options we send in this area: the E bit unless it is a stub area (§10.8, A.2). */
    int options() {
        return stub ? 0 : Ospf.OPTION_E;
    }
}
