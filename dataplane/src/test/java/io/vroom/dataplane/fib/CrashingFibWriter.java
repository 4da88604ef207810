package io.vroom.dataplane.fib;

import io.vroom.core.dataplane.VrDataPlane;
import io.vroom.core.forward.SoftwareForwarding;
import java.nio.file.Path;

/** Child process of {@link ChronicleFibStoreTest#recoversAfterKillDashNine}: installs routes, says so, keeps writing until killed. */
public final class CrashingFibWriter {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        SoftwareForwarding virtd = new SoftwareForwarding(new ChronicleFibStore.Factory(dir, 100_000), () -> 0L);
        VrDataPlane dp = virtd.open("crashy", (i, p) -> {});
        if (!dp.apply(ChronicleFibStoreTest.routes(n, 4)).ok()) throw new IllegalStateException("install failed");
        System.out.println("installed");
        System.out.flush();
        // Keep the map busy (replacing the same routes) so the kill lands mid-update.
        for (int round = 0; ; round++) dp.apply(ChronicleFibStoreTest.routes(n, 4).subList(0, 1000));
    }
}
