package io.vroom.core.sim;

import io.vroom.core.spi.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Virtual time and the event queue; the one thread that runs a simulation. */
public final class Simulator {
    /** An upper bound on events one {@link #runUntil} may execute (a runaway loop is an error, not a hang). */
    public static final long MAX_EVENTS_PER_RUN = 200_000_000L;

    private record Event(long atNs, long seq, Runnable action) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.atNs != b.atNs ? Long.compare(a.atNs, b.atNs) : Long.compare(a.seq, b.seq));
    private final Rng rng;
    private final List<String> trace = new ArrayList<>();
    private final Map<String, SimVr> vrs = new LinkedHashMap<>();
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private long nowNs;
    private long seq;
    private long executed;
    private boolean tracing = true;

    public Simulator(long seed) {
        this.rng = new Rng(seed);
    }

    public long nowNs() { return nowNs; }
    public Rng random() { return rng; }
    public List<String> trace() { return trace; }
    public long eventsExecuted() { return executed; }

    public void setTracing(boolean on) {
        tracing = on;
    }

    public void trace(String line) {
        if (tracing) trace.add(nowNs + " " + line);
    }

    public void schedule(long atNs, Runnable action) {
        queue.add(new Event(Math.max(atNs, nowNs), seq++, action));
    }

    public SimNode addNode(String name) {
        SimNode n = new SimNode(this, name);
        if (nodes.putIfAbsent(name, n) != null) throw new IllegalArgumentException("duplicate node " + name);
        return n;
    }

    public SimNode node(String name) {
        return nodes.get(name);
    }

    public SimLink link(String name, long latencyNs) {
        return new SimLink(this, name, latencyNs);
    }

    /** Where VR {@code name} runs now (events for it are resolved through this). */
    public SimVr vr(String name) {
        return vrs.get(name);
    }

    /** The earliest timer event queued for a VR (kept by name, so it survives the VR moving). */
    private final Map<String, Long> armed = new java.util.HashMap<>();

    long armedDeadline(String vr) {
        return armed.getOrDefault(vr, Long.MAX_VALUE);
    }

    void setArmedDeadline(String vr, long deadlineNs) {
        armed.put(vr, deadlineNs);
    }

    /** Most punted packets held for one paused VR; beyond this they are dropped (and traced). */
    public static final int MAX_HELD_PER_VR = 100_000;

    /** Paused VRs → packets punted to them while paused, in arrival order (migration's stall). */
    private final Map<String, java.util.ArrayDeque<io.vroom.core.vr.VrEvent>> paused = new LinkedHashMap<>();

    /**
     * Pauses VR {@code name} (a migration's stall): from now on it takes no events — its timer does
     * not fire, and packets its data plane punts to it are held, not dropped. The data plane keeps
     * forwarding. {@link #resume} delivers what was held.
     */
    public void pause(String name) {
        if (vrs.get(name) == null) throw new IllegalArgumentException("no VR " + name);
        paused.putIfAbsent(name, new java.util.ArrayDeque<>());
        trace("vr " + name + " paused");
    }

    public boolean isPaused(String name) {
        return paused.containsKey(name);
    }

    /**
     * Resumes VR {@code name} wherever it is hosted now (possibly another node): the packets held
     * during the pause are delivered first, in arrival order, then its timer is re-armed.
     */
    public void resume(String name) {
        java.util.ArrayDeque<io.vroom.core.vr.VrEvent> held = paused.remove(name);
        if (held == null) throw new IllegalArgumentException("VR " + name + " is not paused");
        SimVr target = vrs.get(name);
        if (target == null) throw new IllegalStateException("VR " + name + " is hosted nowhere");
        trace("vr " + name + " resumed at " + target.node().name() + " with " + held.size() + " held packets");
        for (io.vroom.core.vr.VrEvent e : held) target.step(e);
        target.armTimer();
    }

    /** Delivers a punted packet to VR {@code name} now, or holds it if the VR is paused. */
    void punt(String name, io.vroom.core.vr.VrEvent event) {
        java.util.ArrayDeque<io.vroom.core.vr.VrEvent> held = paused.get(name);
        if (held != null) {
            if (held.size() < MAX_HELD_PER_VR) held.add(event);
            else trace("vr " + name + " paused: held queue full, packet dropped");
            return;
        }
        SimVr target = vrs.get(name);
        if (target != null) target.step(event);
    }

    void register(SimVr vr) {
        vrs.put(vr.name(), vr);
    }

    void unregister(String name) {
        vrs.remove(name);
    }

    /** Runs events up to and including {@code untilNs}; virtual time ends at {@code untilNs}. */
    public void runUntil(long untilNs) {
        long budget = MAX_EVENTS_PER_RUN;
        while (!queue.isEmpty() && queue.peek().atNs <= untilNs) {
            if (budget-- == 0) throw new IllegalStateException("more than " + MAX_EVENTS_PER_RUN + " events before " + untilNs + " ns");
            Event e = queue.poll();
            nowNs = e.atNs;
            executed++;
            e.action.run();
        }
        nowNs = Math.max(nowNs, untilNs);
    }

    public void runFor(long durationNs) {
        runUntil(nowNs + durationNs);
    }
}
