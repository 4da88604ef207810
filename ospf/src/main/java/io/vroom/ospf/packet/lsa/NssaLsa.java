package io.vroom.ospf.packet.lsa;

/**
 * NSSA-external-LSA body (RFC 3101 §2.2, LS type 7): the AS-external-LSA's format (network mask,
 * E bit, metric, forwarding address, route tag) with area flooding scope. Whether an NSSA border
 * router may translate it into a type-5 LSA is the P bit of the LSA header's options.
 */
public record NssaLsa(int mask, boolean type2, int metric, int forwardingAddress, int routeTag) implements LsaBody {
    /** The options bit that is N in Hellos and P (propagate) in type-7 LSA headers (RFC 3101 §2.1). */
    public static final int OPTION_NP = 0x08;

    @Override
    public int type() {
        return LsaHeader.TYPE_NSSA;
    }

    @Override
    public int encodedLength() {
        return asExternal().encodedLength();
    }

    @Override
    public void write(byte[] b, int off) {
        asExternal().write(b, off);
    }

    /** The same route as a type-5 body (what a translator originates, RFC 3101 §3.2). */
    public ExternalLsa asExternal() {
        return new ExternalLsa(mask, type2, metric, forwardingAddress, routeTag);
    }

    static NssaLsa decode(byte[] b, int off, int len) {
        ExternalLsa x = ExternalLsa.decode(b, off, len);
        return x == null ? null : new NssaLsa(x.mask(), x.type2(), x.metric(), x.forwardingAddress(), x.routeTag());
    }
}
