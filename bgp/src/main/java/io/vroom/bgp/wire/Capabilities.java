package io.vroom.bgp.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The capabilities of one OPEN (RFC 5492): multiprotocol (RFC 4760 §8), route refresh (RFC 2918),
 * graceful restart (RFC 4724 §3), 4-octet AS (RFC 6793 §3), ADD-PATH (RFC 7911 §4); anything else is
 * kept raw. {@code as4} is -1 when the capability is absent; {@code gracefulRestart} null likewise.
 */
public record Capabilities(List<Integer> multiprotocol, long as4, boolean routeRefresh, GracefulRestart gracefulRestart,
                           List<AddPath> addPath, List<Raw> others) {
    public static final int MULTIPROTOCOL = 1, ROUTE_REFRESH = 2, EXTENDED_MESSAGE = 6, GRACEFUL_RESTART = 64,
            AS4 = 65, ADD_PATH = 69, ROUTE_REFRESH_OLD = 128;

    public Capabilities {
        multiprotocol = List.copyOf(multiprotocol);
        addPath = List.copyOf(addPath);
        others = List.copyOf(others);
    }

    public static final Capabilities NONE = new Capabilities(List.of(), -1, false, null, List.of(), List.of());

    /** RFC 4724 §3: restart flags, restart time, and per AFI/SAFI (key) whether forwarding state was preserved. */
    public record GracefulRestart(boolean restarting, boolean notification, int restartTimeSec, List<Integer> afiSafis, List<Boolean> forwardingPreserved) {
        public GracefulRestart {
            afiSafis = List.copyOf(afiSafis);
            forwardingPreserved = List.copyOf(forwardingPreserved);
        }
    }

    /** RFC 7911 §4: {@code sendReceive} 1 = receive, 2 = send, 3 = both. */
    public record AddPath(int afiSafi, int sendReceive) {}

    public record Raw(int code, byte[] value) {}

    public boolean supports(int afiSafi) {
        // RFC 4760 §8: a speaker that advertises no multiprotocol capability does IPv4 unicast only.
        return multiprotocol.isEmpty() ? afiSafi == Afi.IPV4_UNICAST : multiprotocol.contains(afiSafi);
    }

    /** The ADD-PATH mode advertised for {@code afiSafi}, 0 if none. */
    public int addPathMode(int afiSafi) {
        for (AddPath a : addPath) if (a.afiSafi() == afiSafi) return a.sendReceive();
        return 0;
    }

    /** Decodes the value of one capabilities optional parameter; appends to {@code into}. Returns an error or null. */
    static BgpError decodeInto(byte[] b, int off, int len, Builder into) {
        int end = off + len;
        while (off < end) {
            if (end - off < 2) return malformed("truncated capability header");
            int code = Wire.u8(b, off), clen = Wire.u8(b, off + 1);
            off += 2;
            if (off + clen > end) return malformed("capability " + code + " overruns its parameter");
            switch (code) {
                case MULTIPROTOCOL -> {
                    if (clen != 4) return malformed("multiprotocol capability length " + clen);
                    into.multiprotocol.add(Afi.key(Wire.u16(b, off), Wire.u8(b, off + 3)));
                }
                case ROUTE_REFRESH, ROUTE_REFRESH_OLD -> {
                    if (clen != 0) return malformed("route refresh capability length " + clen);
                    into.routeRefresh = true;
                }
                case AS4 -> {
                    if (clen != 4) return malformed("4-octet AS capability length " + clen);
                    into.as4 = Wire.u32(b, off);
                }
                case GRACEFUL_RESTART -> {
                    if (clen < 2 || (clen - 2) % 4 != 0) return malformed("graceful restart capability length " + clen);
                    int flags = Wire.u16(b, off);
                    List<Integer> afs = new ArrayList<>();
                    List<Boolean> fwd = new ArrayList<>();
                    for (int p = off + 2; p < off + clen; p += 4) {
                        afs.add(Afi.key(Wire.u16(b, p), Wire.u8(b, p + 2)));
                        fwd.add((Wire.u8(b, p + 3) & 0x80) != 0);
                    }
                    into.gracefulRestart = new GracefulRestart((flags & 0x8000) != 0, (flags & 0x4000) != 0, flags & 0x0fff, afs, fwd);
                }
                case ADD_PATH -> {
                    if (clen % 4 != 0) return malformed("ADD-PATH capability length " + clen);
                    for (int p = off; p < off + clen; p += 4) {
                        int sr = Wire.u8(b, p + 3);
                        if (sr < 1 || sr > 3) return malformed("ADD-PATH send/receive " + sr);
                        into.addPath.add(new AddPath(Afi.key(Wire.u16(b, p), Wire.u8(b, p + 2)), sr));
                    }
                }
                default -> {
                    if (into.others.size() < 64) into.others.add(new Raw(code, Wire.copy(b, off, clen)));
                }
            }
            off += clen;
        }
        return null;
    }

    private static BgpError malformed(String why) {
        return BgpError.reset(Notify.OPEN, 0, null, why);
    }

    /** Writes each capability as a TLV (RFC 5492 §4). */
    void encode(WireWriter w) {
        for (int k : multiprotocol) w.u8(MULTIPROTOCOL).u8(4).u16(k >>> 8).u8(0).u8(k & 0xff);
        if (routeRefresh) w.u8(ROUTE_REFRESH).u8(0);
        if (as4 >= 0) w.u8(AS4).u8(4).u32(as4);
        if (gracefulRestart != null) {
            GracefulRestart g = gracefulRestart;
            w.u8(GRACEFUL_RESTART).u8(2 + 4 * g.afiSafis().size());
            w.u16((g.restarting() ? 0x8000 : 0) | (g.notification() ? 0x4000 : 0) | (g.restartTimeSec() & 0x0fff));
            for (int i = 0; i < g.afiSafis().size(); i++) {
                int k = g.afiSafis().get(i);
                w.u16(k >>> 8).u8(k & 0xff).u8(g.forwardingPreserved().get(i) ? 0x80 : 0);
            }
        }
        if (!addPath.isEmpty()) {
            w.u8(ADD_PATH).u8(4 * addPath.size());
            for (AddPath a : addPath) w.u16(a.afiSafi() >>> 8).u8(a.afiSafi() & 0xff).u8(a.sendReceive());
        }
        for (Raw r : others) w.u8(r.code()).u8(r.value().length).bytes(r.value());
    }

    /** Mutable accumulator used while decoding. */
    static final class Builder {
        final List<Integer> multiprotocol = new ArrayList<>();
        long as4 = -1;
        boolean routeRefresh;
        GracefulRestart gracefulRestart;
        final List<AddPath> addPath = new ArrayList<>();
        final List<Raw> others = new ArrayList<>();

        Capabilities build() {
            return new Capabilities(multiprotocol, as4, routeRefresh, gracefulRestart, addPath, others);
        }
    }
}
