package io.vroom.bgp;

/**
 * What BGP asks of the VR's TCP (RFC 4271 §8: "initiate a TCP connection", send, close), polled by
 * the adapter with {@link BgpProtocol#pollTransport()}. Connection ids are chosen by BGP.
 */
public sealed interface TransportCommand {
    /** Open a TCP connection from {@code localAddress} to {@code remoteAddress}:179, with TCP-MD5 (RFC 2385) when {@code md5Password} is not null. */
    record Connect(int connId, int localAddress, int remoteAddress, String md5Password) implements TransportCommand {}

    record Send(int connId, byte[] data) implements TransportCommand {}

    record Close(int connId) implements TransportCommand {}
}
