package io.vroom.core.spi;

import io.vroom.core.config.ConfigNode;

/**
 * Creates protocol instances from a VR's configuration section named {@link #name()} (e.g. the
 * {@code ospf:} mapping of a VR). Found through {@link java.util.ServiceLoader}: this is how
 * OSPF and BGP plug into the node, and how an embedder adds a protocol of their own.
 */
public interface ProtocolFactory {
    String name();

    /**
     * Validates {@code config} completely (unknown fields, ranges, references to interfaces named in
     * {@code vr}) and throws {@link io.vroom.core.config.ConfigException} before anything runs.
     */
    Protocol create(ConfigNode config, VrDescription vr);

    /** What a factory may know about the VR at configuration time. */
    interface VrDescription {
        String name();

        int routerId();

        /** Interfaces by index, in configuration order. */
        java.util.List<InterfaceInfo> interfaces();
    }
}
