package io.vroom.core.spi;

import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.tcp.TcpSocketOptions;
import java.util.Collection;
import java.util.List;

/**
 * What a {@link Protocol} may do, handed in on every call and never stored. All effects are queued
 * and carried out by the VR after the call returns, so a protocol never re-enters itself or
 * another protocol (STYLE.md rule 4).
 */
public interface ProtocolContext {
    String vrName();

    /** The VR's router id (configured, or its highest interface address). */
    int routerId();

    List<InterfaceInfo> interfaces();

    /** The interface with this index, or null. */
    InterfaceInfo iface(int ifIndex);

    /** The VR's seeded random generator (its state moves with the VR). */
    Rng random();

    /** Sends an IPv4 packet out of interface {@code ifIndex} toward on-link {@code nextHop} (0: its destination). */
    void send(int ifIndex, int nextHop, byte[] packet);

    /** Sends an IPv4 packet routed by the VR's FIB. */
    void sendRouted(byte[] packet);

    /** Adds or replaces this protocol's route for {@code route.prefix()} (one route per prefix and source). */
    void updateRoute(Route route);

    void withdrawRoute(RouteSource source, Ip4Prefix prefix);

    /** The VR's selected route covering {@code address} (longest match), or null. */
    Route lookup(int address);

    /** The VR's selected route for exactly {@code prefix}, or null. */
    Route best(Ip4Prefix prefix);

    /** Every selected route in prefix order. */
    Collection<Route> selectedRoutes();

    /** A log line, attributed to the VR and protocol; rate-limited by the VR. */
    void log(String message);

    /**
     * Did this VR start over forwarding state preserved from before a restart (its node restarted
     * and found the VR's persisted FIB, which forwards meanwhile)? Then a protocol may act as a
     * restarting router (BGP: RFC 4724 §4.1) and report {@link Protocol#restartProgress()}. False
     * for a VR that started with an empty FIB, and in contexts that do not know.
     */
    default boolean forwardingPreserved() { return false; }

    // The VR's user-space TCP (io.vroom.core.tcp); events come back through Protocol.handleTcp.
    // Contexts without a TCP stack (unit-test harnesses) keep these defaults: nothing listens or connects.

    /** Listens on {@code localAddress:port} (0: any own address); returns false if the port is taken. */
    default boolean tcpListen(int localAddress, int port, int listenerId) { return false; }

    /** Opens a connection (local address 0: the address of the interface the route to the peer leaves by); returns its id, or -1 if it cannot be opened. */
    default int tcpConnect(int localAddress, int remoteAddress, int remotePort) { return -1; }

    /** Queues bytes; returns how many the bounded send buffer took (-1: the connection cannot send). */
    default int tcpSend(int connId, byte[] data) { return -1; }

    /** As {@link #tcpSend(int, byte[])} for {@code len} bytes of {@code data} from {@code off} (no copy for the caller to make). */
    default int tcpSend(int connId, byte[] data, int off, int len) {
        return tcpSend(connId, off == 0 && len == data.length ? data : java.util.Arrays.copyOfRange(data, off, off + len));
    }

    default void tcpClose(int connId) {}

    /** As {@link #tcpListen(int, int, int)} with socket options (TTL, TOS, keepalive); the owner is always the caller. */
    default boolean tcpListen(int localAddress, int port, int listenerId, TcpSocketOptions options) { return false; }

    /** As {@link #tcpConnect(int, int, int)} with socket options (local port, TTL, TOS, keepalive); the owner is always the caller. */
    default int tcpConnect(int localAddress, int remoteAddress, int remotePort, TcpSocketOptions options) { return -1; }

    /** Sets (null: removes) the RFC 2385 TCP-MD5 key for every segment to and from {@code remoteAddress}. */
    default void tcpMd5Key(int remoteAddress, byte[] key) {}

    /** Free bytes in the connection's send buffer, or -1 (a Writable event follows a short send). */
    default int tcpSendBufferFree(int connId) { return -1; }

    /** Closes at once with RST (e.g. after a NOTIFICATION could not be sent). */
    default void tcpAbort(int connId) {}
}
