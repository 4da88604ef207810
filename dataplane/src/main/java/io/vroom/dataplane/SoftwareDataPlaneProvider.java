package io.vroom.dataplane;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.DataPlane;
import io.vroom.core.dataplane.DataPlaneProvider;
import io.vroom.core.forward.SoftwareForwarding;
import io.vroom.dataplane.fib.ChronicleFibStore;
import java.nio.file.Path;

/**
 * The "software" data plane of a real node: the core forwarding engine over Chronicle Map FIB
 * files in {@code <stateDir>/fib}, timed by the real clock. Config ({@code dataplane:} section):
 * <pre>
 * dataplane:
 *   kind: software
 *   fib-capacity: 2000000        # entries per VR
 *   icmp-rate-per-second: 100    # ICMP errors per VR
 *   icmp-burst: 50
 * </pre>
 */
public final class SoftwareDataPlaneProvider implements DataPlaneProvider {
    public static final String KIND = "software";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public DataPlane create(ConfigNode config, Path stateDir) {
        int capacity = ChronicleFibStore.Factory.DEFAULT_CAPACITY;
        int icmpRate = SoftwareForwarding.DEFAULT_ICMP_PER_SECOND;
        int icmpBurst = SoftwareForwarding.DEFAULT_ICMP_BURST;
        if (config != null) {
            config.allowOnly("kind", "fib-capacity", "icmp-rate-per-second", "icmp-burst");
            capacity = config.integer("fib-capacity", 1, 16_000_000, capacity);
            icmpRate = config.integer("icmp-rate-per-second", 1, 1_000_000, icmpRate);
            icmpBurst = config.integer("icmp-burst", 1, 1_000_000, icmpBurst);
        }
        return new SoftwareForwarding(KIND, new ChronicleFibStore.Factory(stateDir.resolve("fib"), capacity),
                System::nanoTime, icmpRate, icmpBurst);
    }
}
