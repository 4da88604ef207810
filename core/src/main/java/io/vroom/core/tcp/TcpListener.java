package io.vroom.core.tcp;

import java.io.Serializable;

/** A passive open (RFC 9293 LISTEN): SYNs to {@code localAddress:port} (0 = any of the VR's addresses) become connections. */
record TcpListener(int listenerId, int localAddress, int port, TcpSocketOptions options) implements Serializable {}
