package io.vroom.dataplane.port;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.PortFactory;

/**
 * Type "eth": an {@link EthernetPort} on an existing Linux interface.
 * <pre>
 * type: eth
 * device: eth1            # a NIC or a veth end, in the node's network namespace
 * address: 10.9.1.2/24    # optional: the address this port answers ARP for; absent: the bound VR interface's
 * mtu: 1500               # optional, 68..65535; absent: the device's (never more than it)
 * arp-entries: 256        # optional, 1..65536
 * arp-reachable-sec: 60   # optional, 1..3600
 * </pre>
 */
public final class EthernetPortFactory implements PortFactory {
    @Override
    public String type() {
        return "eth";
    }

    @Override
    public Port open(String name, ConfigNode config, Environment env) {
        config.allowOnly("name", "type", "device", "address", "mtu", "arp-entries", "arp-reachable-sec");
        ConfigNode dev = config.get("device");
        String device = dev.asString().trim();
        if (!Structs.validInterfaceName(device)) throw dev.error("not a Linux interface name (1-15 characters, no '/', ':' or spaces): '" + device + "'");
        int[] bound = env == null ? null : env.boundInterfaceAddress(name);
        int[] address;
        if (config.has("address")) {
            address = config.get("address").asInterfaceAddress();
            if (bound != null && (bound[0] != address[0] || bound[1] != address[1])) {
                throw config.get("address").error("differs from " + io.vroom.core.net.Ip4.format(bound[0]) + "/" + bound[1]
                        + ", the address of the VR interface bound to this port (leave it out to take that one)");
            }
        } else if (bound != null) {
            address = bound;
        } else {
            throw config.error("an eth port needs 'address' (no single VR interface is bound to port " + name + ")");
        }
        int mtu = config.integer("mtu", 68, 65535, 0);
        ArpTable.Params arp = new ArpTable.Params();
        arp.maxEntries = config.integer("arp-entries", 1, 65536, arp.maxEntries);
        arp.reachableNs = config.integer("arp-reachable-sec", 1, 3600, (int) (arp.reachableNs / 1_000_000_000L)) * 1_000_000_000L;
        try {
            return new EthernetPort(name, device, address[0], address[1], mtu, arp);
        } catch (IllegalStateException e) {
            throw dev.error("cannot open Ethernet interface: " + e.getMessage());
        }
    }
}
