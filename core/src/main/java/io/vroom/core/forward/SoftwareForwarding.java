package io.vroom.core.forward;

import io.vroom.core.dataplane.DataPlane;
import io.vroom.core.dataplane.VrDataPlane;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * virtd in software: one {@link SoftwareVrDataPlane} per VR, each over a {@link FibStore} from
 * the factory it is given — heap stores in the simulator, Chronicle Map files on a real node. Time
 * (for ICMP rate limiting) comes from the runtime's clock, never from the engine itself.
 */
public final class SoftwareForwarding implements DataPlane {
    public static final int DEFAULT_ICMP_PER_SECOND = 100;
    public static final int DEFAULT_ICMP_BURST = 50;

    private final String kind;
    private final FibStore.Factory stores;
    private final LongSupplier clockNs;
    private final int icmpPerSecond;
    private final int icmpBurst;
    private final Map<String, SoftwareVrDataPlane> open = new TreeMap<>();
    /** Guards {@link #open} (VRs are opened and closed from several loops); never taken on the forwarding path. */
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param kind          what {@link #kind()} reports ("software")
     * @param stores        where each VR's FIB lives
     * @param clockNs       the runtime's clock in nanoseconds (virtual time in the simulator)
     * @param icmpPerSecond ICMP errors each VR may send per second on average, {@code icmpBurst} at once
     */
    public SoftwareForwarding(String kind, FibStore.Factory stores, LongSupplier clockNs, int icmpPerSecond, int icmpBurst) {
        if (icmpPerSecond < 1 || icmpBurst < 1) throw new IllegalArgumentException("ICMP rate and burst must be positive");
        this.kind = kind;
        this.stores = stores;
        this.clockNs = clockNs;
        this.icmpPerSecond = icmpPerSecond;
        this.icmpBurst = icmpBurst;
    }

    public SoftwareForwarding(FibStore.Factory stores, LongSupplier clockNs) {
        this("software", stores, clockNs, DEFAULT_ICMP_PER_SECOND, DEFAULT_ICMP_BURST);
    }

    @Override
    public String kind() {
        return kind;
    }

    /** Opens the VR's data plane; a persisted FIB is indexed before this returns, so it forwards at once. */
    @Override
    public SoftwareVrDataPlane open(String vrName, PuntHandler punt) {
        if (vrName == null || vrName.isEmpty()) throw new IllegalArgumentException("empty VR name");
        if (punt == null) throw new IllegalArgumentException("null punt handler");
        lock.lock();
        try {
            if (open.containsKey(vrName)) throw new IllegalStateException("data plane of VR " + vrName + " is already open");
            FibStore store = stores.open(vrName);
            SoftwareVrDataPlane dp = new SoftwareVrDataPlane(vrName, punt, store, clockNs,
                    new IcmpRateLimiter(icmpPerSecond, icmpBurst), () -> forget(vrName));
            open.put(vrName, dp);
            return dp;
        } finally {
            lock.unlock();
        }
    }

    /** The open data plane of a VR, or null. */
    public SoftwareVrDataPlane get(String vrName) {
        lock.lock();
        try {
            return open.get(vrName);
        } finally {
            lock.unlock();
        }
    }

    private void forget(String vrName) {
        lock.lock();
        try {
            open.remove(vrName);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void destroy(String vrName) {
        VrDataPlane dp = get(vrName);
        if (dp != null) dp.close();
        stores.delete(vrName);
    }

    @Override
    public void close() {
        SoftwareVrDataPlane[] all;
        lock.lock();
        try {
            all = open.values().toArray(new SoftwareVrDataPlane[0]);
        } finally {
            lock.unlock();
        }
        for (SoftwareVrDataPlane dp : all) dp.close();
    }
}
