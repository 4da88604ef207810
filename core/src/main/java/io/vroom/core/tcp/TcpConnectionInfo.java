package io.vroom.core.tcp;

/** A read-only view of one connection for {@code show} output and tests; windows and queues in bytes. */
public record TcpConnectionInfo(int connId, TcpState state, int localAddress, int localPort, int remoteAddress, int remotePort,
                                int sndUna, int sndNxt, int sndWnd, int rcvNxt, int rcvWnd, int cwnd, int ssthresh,
                                long srttNs, long rtoNs, int effMss, int sndShift, int rcvShift, boolean timestamps,
                                boolean inRecovery, int sendQueued, int receiveQueued, int reassemblyBytes) {}
