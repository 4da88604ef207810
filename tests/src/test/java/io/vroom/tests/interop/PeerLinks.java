package io.vroom.tests.interop;

import io.vroom.tests.netns.Netns;

/**
 * The namespace plumbing the OSPF interop tests share: a peer router's namespace joined to the root
 * namespace by a veth (vroom's end becomes an Ethernet port), and a LAN for a peer to advertise.
 * Everything is made through {@link Netns}, so it is undone when the test's {@code Netns} closes.
 */
final class PeerLinks {
    private PeerLinks() {}

    /**
     * Namespace {@code ns} (created) with a veth from the root namespace: {@code rootEnd} stays in the
     * root namespace for vroom's Ethernet port, {@code peerEnd} is in {@code ns}, up, with {@code peerAddress}.
     */
    static void peer(Netns net, String ns, String rootEnd, String peerEnd, String peerAddress) {
        net.addNamespace(ns);
        net.addVeth(rootEnd, peerEnd, ns);
        net.exec(ns, "ip", "addr", "add", peerAddress, "dev", peerEnd);
        net.exec(ns, "ip", "link", "set", peerEnd, "up");
    }

    /** A LAN with {@code address} on {@code dev} inside {@code ns} (no dummy devices on this kernel: a veth pair, both ends up). */
    static void lan(Netns net, String ns, String dev, String address) {
        net.exec(ns, "ip", "link", "add", dev, "type", "veth", "peer", "name", dev + "p");
        net.exec(ns, "ip", "link", "set", dev + "p", "up");
        net.exec(ns, "ip", "addr", "add", address, "dev", dev);
        net.exec(ns, "ip", "link", "set", dev, "up");
    }
}
