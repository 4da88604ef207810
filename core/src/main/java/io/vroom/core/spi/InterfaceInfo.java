package io.vroom.core.spi;

import io.vroom.core.net.Ip4Prefix;

/**
 * What protocols see of one VR interface. {@code address} is the VR's own address on it, and
 * {@code subnet} the attached network (address masked to its length).
 */
public record InterfaceInfo(int index, String name, int address, Ip4Prefix subnet, int mtu, int cost, boolean up) {}
