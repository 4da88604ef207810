package io.vroom.core.forward;

import io.vroom.core.net.Ipv4;

/**
 * ECMP path choice by flow (RFC 2992): a hash of source, destination, protocol and, for TCP and
 * UDP first fragments, the ports — so one flow keeps one path and is never reordered.
 */
final class FlowHash {
    private FlowHash() {}

    /** Index in {@code [0, n)} for a validated packet. */
    static int pick(byte[] b, int off, int n) {
        int proto = Ipv4.protocol(b, off);
        int h = Ipv4.source(b, off) * 0x9E3779B1 ^ Ipv4.destination(b, off);
        h = h * 0x85EBCA6B ^ proto;
        if ((proto == Ipv4.PROTO_TCP || proto == Ipv4.PROTO_UDP) && (Ipv4.flagsFragment(b, off) & 0x1fff) == 0
                && Ipv4.payloadLength(b, off) >= 4) {
            int p = Ipv4.payloadOffset(b, off);
            h ^= ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
        }
        h ^= h >>> 16;
        h *= 0x7FEB352D;
        h ^= h >>> 15;
        return (int) ((h & 0xffffffffL) % n);
    }
}
