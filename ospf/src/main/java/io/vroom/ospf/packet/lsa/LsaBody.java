package io.vroom.ospf.packet.lsa;

/** The part of an LSA after its header; one record per LSA type (RFC 2328 A.4.2–A.4.5). */
public sealed interface LsaBody permits RouterLsa, NetworkLsa, SummaryLsa, ExternalLsa, NssaLsa {
    /** The LS type this body belongs to. */
    int type();

    int encodedLength();

    void write(byte[] b, int off);
}
