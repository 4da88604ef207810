package io.vroom.core.spi;

import io.vroom.core.rib.RibDelta;

/**
 * A protocol instance inside one virtual router — OSPF, BGP, or an application such as the lab's
 * traffic generator. Sans-IO (DESIGN.md): every input is {@code (nowNs, event)}; outputs go through
 * the {@link ProtocolContext} passed with each call; the next deadline is {@link #nextDeadlineNs}.
 *
 * <p><b>The state contract.</b> An instance is plain data: fields hold values, collections and
 * records — no sockets, threads, clocks, lambdas, or references to the VR or the context (which is
 * handed in on every call and must not be stored). Between two calls an instance can therefore be
 * captured with its VR (serialized, moved to another JVM) and restored, and it carries on exactly as
 * the original would have. Timers are deadlines in fields; randomness comes from
 * {@link ProtocolContext#random()}, whose state moves with the VR.
 *
 * <p>All calls for one VR come from one thread (the VR's loop), one at a time.
 */
public interface Protocol {
    /** A short name, unique within the VR: "ospf", "bgp", "trafficgen". */
    String name();

    /** Called once when the VR starts (not after a restore: a restored instance just continues). */
    void start(long nowNs, ProtocolContext ctx);

    /** Does this instance take IPv4 packets of this IP protocol number (OSPF: 89)? */
    default boolean acceptsIpProtocol(int ipProtocol) {
        return false;
    }

    /** Does this instance take UDP datagrams to this local port? */
    default boolean acceptsUdpPort(int port) {
        return false;
    }

    /**
     * An IPv4 packet for this instance arrived on interface {@code ifIndex}. The packet's IPv4
     * header is valid; everything past it is untrusted. Must not throw on any content.
     */
    void handlePacket(long nowNs, ProtocolContext ctx, int ifIndex, byte[] packet);

    /** {@code nowNs} reached {@link #nextDeadlineNs()}. */
    void handleTimeout(long nowNs, ProtocolContext ctx);

    /** An interface came up or went down. */
    default void handleInterface(long nowNs, ProtocolContext ctx, InterfaceInfo iface) {}

    /** The VR's selected route for a prefix changed (redistribution, next-hop tracking). */
    default void handleRibChange(long nowNs, ProtocolContext ctx, RibDelta delta) {}

    /** An event of one of this instance's TCP connections or listeners (owner = {@link #name()}). */
    default void handleTcp(long nowNs, ProtocolContext ctx, io.vroom.core.tcp.TcpEvent event) {}

    /** The earliest time this instance needs {@link #handleTimeout}; {@code Long.MAX_VALUE} for none. */
    long nextDeadlineNs();

    /**
     * After a start over preserved forwarding state ({@link ProtocolContext#forwardingPreserved()}):
     * is this instance still re-learning the routes it had before the restart? The VR's preserved FIB
     * entries that nothing installed again are removed once no protocol is {@link RestartProgress#RELEARNING}
     * (and, if one is {@link RestartProgress#UNTRACKED}, the runtime's grace period has passed).
     */
    default RestartProgress restartProgress() {
        return RestartProgress.UNTRACKED;
    }

    /** Graceful shutdown (e.g. flush own LSAs, send NOTIFICATION Cease). */
    default void stop(long nowNs, ProtocolContext ctx) {}

    /**
     * An operator's or embedding program's command ("clear", "originate", ...), run on the VR's
     * thread like every other input; returns a JSON-ready result. A command this protocol does not
     * know, or bad arguments: {@link IllegalArgumentException} with a message for the operator
     * (nothing changed).
     */
    default Object command(long nowNs, ProtocolContext ctx, String command, java.util.List<String> args) {
        throw new IllegalArgumentException(name() + " has no command '" + command + "'");
    }

    /** Operational state for {@code show} commands, as JSON-ready plain values (maps, lists, numbers, strings). */
    default Object show(String what) {
        return null;
    }

    /**
     * {@link #show(String)} at {@code nowNs} (the VR's clock), for views that report ages such as
     * a session's up time. Called on the VR's thread; must not change state. By default the same as
     * {@link #show(String)}.
     */
    default Object show(long nowNs, String what) {
        return show(what);
    }
}
