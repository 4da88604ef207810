package io.vroom.core.dataplane;

import io.vroom.core.config.ConfigNode;
import java.nio.file.Path;

/** Found through {@link java.util.ServiceLoader}: makes a node's data plane of one kind ("software", "netfpga"). */
public interface DataPlaneProvider {
    String kind();

    /** {@code config} is the node's {@code dataplane:} section (may be null); FIBs persist under {@code stateDir}. */
    DataPlane create(ConfigNode config, Path stateDir);
}
