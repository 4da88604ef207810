package io.vroom.dataplane.port;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.PortFactory;
import io.vroom.core.net.Ip4;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Type "udp": a {@link UdpTunnelPort}.
 * <pre>
 * type: udp
 * local: 127.0.0.1:40001     # bind address; port 0 picks one
 * remote: 127.0.0.1:40002    # the other end of the link
 * mtu: 1500                  # optional, 68..65507
 * tx-queue: 4096             # optional, outstanding packets before drops, 1..1048576
 * </pre>
 */
public final class UdpTunnelPortFactory implements PortFactory {
    @Override
    public String type() {
        return "udp";
    }

    @Override
    public Port open(String name, ConfigNode config, Environment env) {
        config.allowOnly("name", "type", "local", "remote", "mtu", "tx-queue");
        InetSocketAddress local = socketAddress(config.get("local"), 0);
        InetSocketAddress remote = socketAddress(config.get("remote"), 1);
        int mtu = config.integer("mtu", 68, UdpTunnelPort.MAX_MTU, UdpTunnelPort.DEFAULT_MTU);
        int txQueue = config.integer("tx-queue", 1, 1 << 20, UdpTunnelPort.DEFAULT_TX_QUEUE);
        return new UdpTunnelPort(name, local, remote, mtu, txQueue, env.ioGroup());
    }

    /** {@code A.B.C.D:PORT} with a literal IPv4 address; ports from {@code minPort} to 65535. */
    static InetSocketAddress socketAddress(ConfigNode node, int minPort) {
        String s = node.asString().trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw node.error("expected ADDRESS:PORT, got '" + s + "'");
        int port;
        int address;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
            address = Ip4.parse(s.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw node.error("expected ADDRESS:PORT with an IPv4 address, got '" + s + "'");
        }
        if (port < minPort || port > 65535) throw node.error("port must be between " + minPort + " and 65535, got " + port);
        try {
            byte[] raw = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
            return new InetSocketAddress(InetAddress.getByAddress(raw), port);
        } catch (UnknownHostException e) { // cannot happen for a 4-byte address
            throw node.error("bad address '" + s + "'");
        }
    }
}
