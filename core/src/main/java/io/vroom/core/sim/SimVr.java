package io.vroom.core.sim;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.vr.VirtualRouter;
import io.vroom.core.vr.VrEvent;
import io.vroom.core.vr.VrOutputs;
import java.util.List;

/** A VR hosted by a simulated node: its outputs go to the node's data plane, its timer is an event. */
public final class SimVr implements VrOutputs {
    private final Simulator sim;
    private final SimNode node;
    private final VirtualRouter router;
    private final VrDataPlane dataPlane;

    SimVr(Simulator sim, SimNode node, VirtualRouter router, VrDataPlane dataPlane) {
        this.sim = sim;
        this.node = node;
        this.router = router;
        this.dataPlane = dataPlane;
    }

    public String name() { return router.name(); }
    public SimNode node() { return node; }
    public VirtualRouter router() { return router; }
    public VrDataPlane dataPlane() { return dataPlane; }

    /** Preserved FIB entries of a restart (see {@link io.vroom.core.vr.PreservedFib}), or null. */
    private io.vroom.core.vr.PreservedFib preserved;

    void start(io.vroom.core.vr.PreservedFib kept) {
        preserved = kept;
        router.start(sim.nowNs(), this, kept != null);
        if (kept != null) {
            sim.trace("vr " + name() + " forwarding from the preserved FIB (" + kept.pending() + " entries)");
            long at = kept.graceDeadlineNs();
            sim.schedule(at, () -> { if (sim.vr(name()) == this) checkPreserved(); });
        }
        checkPreserved();
        armTimer();
    }

    /** Preserved FIB entries not installed again yet (0: none, or swept). */
    public int preservedFibPending() {
        return preserved == null ? 0 : preserved.pending();
    }

    private void checkPreserved() {
        if (preserved == null || !preserved.due(sim.nowNs(), router.restartProgress())) return;
        List<FibDelta> removals = preserved.sweep();
        preserved = null;
        sim.trace("vr " + name() + " preserved FIB swept: " + removals.size() + " entries not learned again");
        if (!removals.isEmpty()) dataPlane.apply(removals);
    }

    /** Runs a protocol command now (see {@link VirtualRouter#command}). */
    public Object command(String protocol, String command, List<String> args) {
        try {
            return router.command(sim.nowNs(), protocol, command, args, this);
        } finally {
            checkPreserved();
            armTimer();
        }
    }

    void step(VrEvent event) {
        router.handle(sim.nowNs(), event, this);
        checkPreserved();
        armTimer();
    }

    /**
     * Schedules a timer event for the VR's next deadline unless one is already queued for it. The
     * event names the VR and checks the deadline when it runs, so a stale or moved timer is harmless.
     */
    void armTimer() {
        long deadline = router.nextDeadlineNs();
        String vrName = name();
        long armed = sim.armedDeadline(vrName);
        if (deadline == Long.MAX_VALUE || deadline >= armed && armed > sim.nowNs()) return;
        sim.setArmedDeadline(vrName, deadline);
        sim.schedule(deadline, () -> {
            SimVr target = sim.vr(vrName);
            if (sim.armedDeadline(vrName) == deadline) sim.setArmedDeadline(vrName, Long.MAX_VALUE);
            if (target == null || sim.isPaused(vrName)) return; // a paused VR is re-armed when it resumes
            if (target.router.nextDeadlineNs() <= sim.nowNs()) target.step(new VrEvent.Timeout());
            else target.armTimer();
        });
    }

    @Override
    public void send(int ifIndex, int nextHop, byte[] packet) {
        dataPlane.send(ifIndex, nextHop, packet);
    }

    @Override
    public void sendRouted(byte[] packet) {
        dataPlane.sendRouted(packet);
    }

    @Override
    public void sendRouted(byte[] packet, int segmentBytes) {
        dataPlane.sendRouted(packet, segmentBytes);
    }

    @Override
    public void fib(List<FibDelta> batch) {
        if (preserved != null) preserved.superseded(batch);
        VrDataPlane.FibResult r = dataPlane.apply(batch);
        if (!r.ok()) sim.trace("vr " + name() + " fib rejected " + r.rejected() + ": " + r.error());
    }

    @Override
    public void log(String line) {
        sim.trace("vr " + name() + " log " + line);
    }
}
