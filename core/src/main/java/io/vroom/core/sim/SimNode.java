package io.vroom.core.sim;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.forward.HeapFibStore;
import io.vroom.core.forward.SoftwareForwarding;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A simulated physical node: the real forwarding engine over heap FIBs, hosting VRs. */
public final class SimNode {
    /** FIB capacity of each simulated VR. */
    public static final int FIB_CAPACITY = 1 << 20;

    private final Simulator sim;
    private final String name;
    private final SoftwareForwarding dataPlane;
    private final Map<String, SimVr> vrs = new LinkedHashMap<>();

    SimNode(Simulator sim, String name) {
        this.sim = sim;
        this.name = name;
        this.dataPlane = new SoftwareForwarding(new HeapFibStore.Factory(FIB_CAPACITY), sim::nowNs);
    }

    public String name() { return name; }
    public SoftwareForwarding dataPlane() { return dataPlane; }
    public Map<String, SimVr> vrs() { return vrs; }

    /**
     * Hosts {@code vr} with its interfaces bound to {@code ports} (by interface index; null for
     * none). A fresh VR is started; a restored one continues, and its FIB is re-populated from its
     * shadowd (data-plane cloning) before any packet reaches it.
     */
    public SimVr host(VirtualRouter vr, List<? extends Port> ports, boolean fresh) {
        String vrName = vr.name();
        VrDataPlane dp = dataPlane.open(vrName, (ifIndex, packet) -> sim.schedule(sim.nowNs(),
                () -> sim.punt(vrName, new VrEvent.PacketIn(ifIndex, packet))));
        SimVr s = new SimVr(sim, this, vr, dp);
        vrs.put(vrName, s);
        sim.register(s);
        if (!fresh) {
            List<FibDelta> replay = vr.replayFib();
            if (!replay.isEmpty()) dp.apply(replay);
        }
        for (int i = 0; i < ports.size(); i++) if (ports.get(i) != null) dp.bind(i, ports.get(i));
        if (fresh) s.start(dp.fibSize() > 0 ? io.vroom.core.vr.PreservedFib.of(dp.entries(), sim.nowNs(), PRESERVED_FIB_GRACE_NS) : null);
        else if (!sim.isPaused(vrName)) s.armTimer();
        return s;
    }

    /** As the real runtime's grace for preserved FIB entries of protocols that do not track their re-learning. */
    public static final long PRESERVED_FIB_GRACE_NS = io.vroom.core.vr.PreservedFib.DEFAULT_GRACE_NS;

    /**
     * The VR's process dies (kill -9) but its FIB is kept, as a node's persisted FIB is: its data plane
     * stops (nothing is forwarded or punted), its connections vanish without FIN or RST. A fresh VR of
     * the same name hosted here next starts over the kept FIB (forwarding state preserved).
     */
    public VirtualRouter crash(String vrName) {
        SimVr s = vrs.remove(vrName);
        if (s == null) throw new IllegalArgumentException("node " + name + " hosts no VR " + vrName);
        s.dataPlane().close();
        sim.unregister(vrName);
        return s.router();
    }

    /** Stops hosting a VR (its data plane slice is destroyed); returns it for capture. */
    public VirtualRouter evict(String vrName) {
        SimVr s = vrs.remove(vrName);
        if (s == null) throw new IllegalArgumentException("node " + name + " hosts no VR " + vrName);
        s.dataPlane().close();
        dataPlane.destroy(vrName);
        sim.unregister(vrName);
        return s.router();
    }
}
