package io.vroom.core.dataplane;

import io.netty.channel.EventLoopGroup;
import io.vroom.core.config.ConfigNode;
import java.nio.file.Path;

/** Found through {@link java.util.ServiceLoader}: opens ports of one type ("udp", "tun", "eth"). */
public interface PortFactory {
    String type();

    /** Validates {@code config} (the port's config section) fully, then opens the port. */
    Port open(String name, ConfigNode config, Environment env);

    /** What a node lends its ports. */
    interface Environment {
        /** The node's I/O event loops (native epoll where available). */
        EventLoopGroup ioGroup();

        Path stateDir();

        /**
         * The address and prefix length ({@code {address, length}}) of the VR interface bound to
         * port {@code portName}, or null if none is (or several are): a port that answers for an
         * address (Ethernet ARP) takes it from there instead of repeating it.
         */
        default int[] boundInterfaceAddress(String portName) {
            return null;
        }
    }
}
