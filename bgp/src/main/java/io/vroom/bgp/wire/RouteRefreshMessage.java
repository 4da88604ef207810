package io.vroom.bgp.wire;

/** ROUTE-REFRESH (RFC 2918 §3): AFI (2), reserved / subtype (1, RFC 7313), SAFI (1). */
public record RouteRefreshMessage(int afi, int subtype, int safi) {
    public static Result<RouteRefreshMessage> decode(byte[] b, int off, int len) {
        if (len != 4) {
            return Result.error(BgpError.reset(Notify.ROUTE_REFRESH, Notify.INVALID_ROUTE_REFRESH_LENGTH, null, "ROUTE-REFRESH length " + len));
        }
        return Result.ok(new RouteRefreshMessage(Wire.u16(b, off), Wire.u8(b, off + 2), Wire.u8(b, off + 3)));
    }

    public int afiSafi() { return Afi.key(afi, safi); }

    public byte[] encode() {
        byte[] m = MessageType.allocate(MessageType.ROUTE_REFRESH, 4);
        Wire.put16(m, 19, afi);
        m[21] = (byte) subtype;
        m[22] = (byte) safi;
        return m;
    }
}
