package io.vroom.bgp;

import io.vroom.core.spi.ProtocolContext;

/**
 * The inputs the TCP adapter gives BGP (implemented by {@link BgpProtocol}). The adapter listens
 * on port 179 of the VR's addresses, offers each accepted connection with
 * {@link #connectionAccepted}, performs the {@link TransportCommand}s it polls, and reports
 * {@link #connectionUp}, {@link #connectionData} and {@link #connectionClosed}. All calls come from
 * the VR's loop, with the same context as the {@code Protocol} calls.
 */
public interface BgpTransport {
    /** A peer connected to us; returns the connection id BGP gives it, or -1 to refuse (close it). Also gives the MD5 key to use, via {@link #md5PasswordFor}. */
    int connectionAccepted(long nowNs, ProtocolContext ctx, int remoteAddress, int localAddress);

    /** The TCP-MD5 password configured for this peer address, or null (the adapter needs it before accepting). */
    String md5PasswordFor(int remoteAddress);

    /** An active open (a {@link TransportCommand.Connect}) completed. */
    void connectionUp(long nowNs, ProtocolContext ctx, int connId);

    void connectionData(long nowNs, ProtocolContext ctx, int connId, byte[] data, int off, int len);

    /** The connection closed, was reset, or could not be opened. */
    void connectionClosed(long nowNs, ProtocolContext ctx, int connId);
}
