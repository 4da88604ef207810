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
