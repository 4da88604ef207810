package io.vroom.core.vr;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.RestartProgress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The runtime's side of a restart with forwarding state preserved (a node restarted and found a VR's
 * persisted FIB): which preserved entries the VR has not installed (or removed) again yet. They keep
 * forwarding while the VR's protocols re-learn, and are removed — stale — once
 * {@link VirtualRouter#restartProgress()} is DONE, or, when a protocol does not track its progress,
 * once the grace period has passed and none is still RELEARNING (RFC 4724 §4.1 keeps the same
 * promise for BGP: forwarding continues on the preserved state until selection is done).
 *
 * <p>The simulator and the real runtime use it alike; it holds only prefixes and a deadline.
 */
public final class PreservedFib {
    /** How long entries are kept for protocols that do not track their re-learning ({@link RestartProgress#UNTRACKED}). */
    public static final long DEFAULT_GRACE_NS = 90_000_000_000L;

    private Set<Ip4Prefix> pending;
    private final long graceDeadlineNs;

    private PreservedFib(Set<Ip4Prefix> pending, long graceDeadlineNs) {
        this.pending = pending;
        this.graceDeadlineNs = graceDeadlineNs;
    }

    /** Tracks {@code entries} (the FIB found at start) from {@code nowNs}; {@code graceNs} bounds untracked protocols. */
    public static PreservedFib of(Collection<FibEntry> entries, long nowNs, long graceNs) {
        Set<Ip4Prefix> s = new HashSet<>(Math.max(16, entries.size() * 2));
        for (FibEntry e : entries) s.add(e.prefix());
        return new PreservedFib(s, nowNs + graceNs);
    }

    /** The VR's shadowd changed these prefixes: they are current again, no longer preserved. */
    public void superseded(List<FibDelta> batch) {
        if (pending == null) return;
        for (FibDelta d : batch) pending.remove(d.prefix());
    }

    /** Preserved entries still waiting; 0 once swept. */
    public int pending() {
        return pending == null ? 0 : pending.size();
    }

    public boolean swept() {
        return pending == null;
    }

    /** When the grace period for protocols that do not track their progress ends. */
    public long graceDeadlineNs() {
        return graceDeadlineNs;
    }

    /** Should what is left go now, given the protocols' {@code progress}? */
    public boolean due(long nowNs, RestartProgress progress) {
        if (pending == null) return false;
        return switch (progress) {
            case DONE -> true;
            case UNTRACKED -> nowNs >= graceDeadlineNs;
            case RELEARNING -> false;
        };
    }

    /** The removals of every entry not installed again (in prefix order); afterwards nothing is tracked. */
    public List<FibDelta> sweep() {
        List<FibDelta> out = new ArrayList<>();
        if (pending == null) return out;
        List<Ip4Prefix> left = new ArrayList<>(pending);
        left.sort(null);
        for (Ip4Prefix p : left) out.add(FibDelta.remove(p));
        pending = null;
        return out;
    }
}
