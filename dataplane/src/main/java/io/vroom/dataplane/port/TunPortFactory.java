package io.vroom.dataplane.port;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.PortFactory;

/**
 * Type "tun": a {@link TunPort}.
 * <pre>
 * type: tun
 * device: vr0          # created if absent (joined, if multi-queue and it exists)
 * mtu: 1500            # optional, 68..65535; absent: the device's
 * multi-queue: false   # optional; true for link migration between nodes on one host
 * </pre>
 */
public final class TunPortFactory implements PortFactory {
    @Override
    public String type() {
        return "tun";
    }

    @Override
    public Port open(String name, ConfigNode config, Environment env) {
        config.allowOnly("name", "type", "device", "mtu", "multi-queue");
        ConfigNode dev = config.get("device");
        String device = dev.asString().trim();
        if (!Structs.validInterfaceName(device)) throw dev.error("not a Linux interface name (1-15 characters, no '/', ':' or spaces): '" + device + "'");
        int mtu = config.integer("mtu", 68, TunPort.MAX_PACKET, 0);
        boolean multiQueue = config.bool("multi-queue", false);
        try {
            return new TunPort(name, device, mtu, multiQueue);
        } catch (IllegalStateException e) {
            throw dev.error("cannot open TUN device: " + e.getMessage());
        }
    }
}
