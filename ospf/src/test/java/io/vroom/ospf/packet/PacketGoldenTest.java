package io.vroom.ospf.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import io.vroom.ospf.packet.lsa.ExternalLsa;
import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaBody;
import io.vroom.ospf.packet.lsa.LsaHeader;
import io.vroom.ospf.packet.lsa.LsaKey;
import io.vroom.ospf.packet.lsa.NetworkLsa;
import io.vroom.ospf.packet.lsa.RouterLsa;
import io.vroom.ospf.packet.lsa.SummaryLsa;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes in both directions for the five packet types and LSA types 1-5. The hex strings were
 * built field by field from the RFC 2328 Appendix A layouts by a separate script (Python, with its
 * own RFC 1071 checksum and a brute-force search for the Fletcher check bytes), not by this codec.
 */
class PacketGoldenTest {
    static final HexFormat HEX = HexFormat.of();
    static final int R1 = Ip4.parse("1.1.1.1");

    static final String HELLO = "020100300101010100000000e29100000000000000000000ffffff00000a0201000000280a0000010a00000202020202";
    static final String LSA_R1 = "00010201010101010101010180000001e824003002000002020202020a0000010100000a0a000000fffffffc0300000a";
    static final String LSA_N2 = "000202020a000101010101018000000282b60020ffffff000101010103030303";
    static final String LSA_S3 = "00030203c0a8010001010101800000035583001cffffff0000000014";
    static final String LSA_S4 = "00040204040404040101010180000004ad79001c000000000000001e";
    static final String LSA_E5 = "00050205ac10000001010101800000057e740024ffff0000800000140000000000000007";
    static final String DD_INIT = "0202002001010101000000018b4b0000000000000000000005dc020712345678";
    static final String DD_HEADERS = "0202004801010101000000010aec0000000000000000000005dc02011234567900010201010101010101010180000001e8240030000202020a000101010101018000000282b60020";
    static final String LSR = "020300300101010100000000e6bc00000000000000000000000000010202020202020202000000020a00010101010101";
    static final String LSU = "020400700101010100000000403d000000000000000000000000000200010201010101010101010180000001e824003002000002020202020a0000010100000a0a000000fffffffc0300000a00050205ac10000001010101800000057e740024ffff0000800000140000000000000007";
    static final String ACK = "020500400101010100000000f2080000000000000000000000010201010101010101010180000001e824003000030203c0a8010001010101800000035583001c";
    static final String HELLO_SIMPLE = "020100300101010100000000e29000017365637265740000ffffff00000a0201000000280a0000010a00000202020202";
    static final String HELLO_MD5 = "0201003001010101000000000000000200000710000003e8ffffff00000a0201000000280a0000010a0000020202020239844a3db84f3f473006ae8f01db5c46";

    static Hello hello() {
        return new Hello(Ip4.parse("255.255.255.0"), 10, 2, 1, 40, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), List.of(Ip4.parse("2.2.2.2")));
    }

    static final RouterLsa ROUTER = new RouterLsa(RouterLsa.FLAG_E, List.of(
            new RouterLsa.Link(Ip4.parse("2.2.2.2"), Ip4.parse("10.0.0.1"), RouterLsa.LINK_P2P, 10),
            new RouterLsa.Link(Ip4.parse("10.0.0.0"), Ip4.parse("255.255.255.252"), RouterLsa.LINK_STUB, 10)));
    static final NetworkLsa NETWORK = new NetworkLsa(Ip4.parse("255.255.255.0"), List.of(R1, Ip4.parse("3.3.3.3")));
    static final SummaryLsa SUMMARY = new SummaryLsa(3, Ip4.parse("255.255.255.0"), 20);
    static final SummaryLsa ASBR_SUMMARY = new SummaryLsa(4, 0, 30);
    static final ExternalLsa EXTERNAL = new ExternalLsa(Ip4.parse("255.255.0.0"), true, 20, 0, 7);

    static Lsa build(int age, int lsId, int seq, LsaBody body) {
        return Lsa.build(age, 2, lsId, R1, seq, body);
    }

    static final Lsa L1 = build(1, R1, 0x80000001, ROUTER);
    static final Lsa L2 = build(2, Ip4.parse("10.0.1.1"), 0x80000002, NETWORK);
    static final Lsa L3 = build(3, Ip4.parse("192.168.1.0"), 0x80000003, SUMMARY);
    static final Lsa L4 = build(4, Ip4.parse("4.4.4.4"), 0x80000004, ASBR_SUMMARY);
    static final Lsa L5 = build(5, Ip4.parse("172.16.0.0"), 0x80000005, EXTERNAL);

    @Test
    void lsasEncodeToGoldenBytes() {
        assertEquals(LSA_R1, HEX.formatHex(L1.bytes()));
        assertEquals(LSA_N2, HEX.formatHex(L2.bytes()));
        assertEquals(LSA_S3, HEX.formatHex(L3.bytes()));
        assertEquals(LSA_S4, HEX.formatHex(L4.bytes()));
        assertEquals(LSA_E5, HEX.formatHex(L5.bytes()));
    }

    @Test
    void lsasDecodeFromGoldenBytes() {
        String[] golden = {LSA_R1, LSA_N2, LSA_S3, LSA_S4, LSA_E5};
        LsaBody[] bodies = {ROUTER, NETWORK, SUMMARY, ASBR_SUMMARY, EXTERNAL};
        for (int t = 0; t < 5; t++) {
            byte[] b = HEX.parseHex(golden[t]);
            Lsa.Decoded d = Lsa.decode(b, 0, b.length);
            assertNull(d.error(), golden[t]);
            assertEquals(t + 1, d.lsa().header().type());
            assertEquals(t + 1, d.lsa().header().ageSec());
            assertEquals(0x80000001 + t, d.lsa().header().seq());
            assertEquals(R1, d.lsa().header().advRouter());
            assertEquals(bodies[t], d.lsa().body());
            assertEquals(b.length, d.lsa().header().length());
        }
    }

    @Test
    void lsaWithBadChecksumIsRejected() {
        byte[] b = HEX.parseHex(LSA_N2);
        b[25] ^= 1;
        assertTrue(Lsa.decode(b, 0, b.length).error().contains("checksum"));
        // The age is not covered by the checksum (§12.1.7).
        byte[] c = HEX.parseHex(LSA_N2);
        c[1] = 99;
        assertNull(Lsa.decode(c, 0, c.length).error());
    }

    private static void roundTrip(String golden, PacketBody body, int area, Auth auth, long seq) {
        byte[] enc = PacketCodec.encode(R1, area, body, auth, seq);
        assertEquals(golden, HEX.formatHex(enc));
        byte[] b = HEX.parseHex(golden);
        PacketCodec.Result r = PacketCodec.decode(b, 0, b.length, auth);
        assertNull(r.error());
        assertEquals(R1, r.packet().routerId());
        assertEquals(area, r.packet().areaId());
        assertEquals(body.type(), r.packet().type());
        if (body instanceof LinkStateUpdate u) {
            assertEquals(u.lsas(), ((LinkStateUpdate) r.packet().body()).lsas());
        } else {
            assertEquals(body, r.packet().body());
        }
        if (auth.auType() == Auth.CRYPTO) assertEquals(seq, r.packet().cryptoSeq());
    }

    @Test
    void helloBothDirections() {
        roundTrip(HELLO, hello(), 0, Auth.NULL, 0);
    }

    @Test
    void databaseDescriptionBothDirections() {
        int area1 = Ip4.parse("0.0.0.1");
        roundTrip(DD_INIT, new DatabaseDescription(1500, 2, 7, 0x12345678, List.of()), area1, Auth.NULL, 0);
        DatabaseDescription dd = new DatabaseDescription(1500, 2, DatabaseDescription.FLAG_MS, 0x12345679, List.of(L1.header(), L2.header()));
        roundTrip(DD_HEADERS, dd, area1, Auth.NULL, 0);
        assertTrue(dd.master());
    }

    @Test
    void linkStateRequestBothDirections() {
        roundTrip(LSR, new LinkStateRequest(List.of(new LsaKey(1, Ip4.parse("2.2.2.2"), Ip4.parse("2.2.2.2")),
                new LsaKey(2, Ip4.parse("10.0.1.1"), R1))), 0, Auth.NULL, 0);
    }

    @Test
    void linkStateUpdateBothDirections() {
        roundTrip(LSU, LinkStateUpdate.of(List.of(L1, L5)), 0, Auth.NULL, 0);
    }

    @Test
    void linkStateAckBothDirections() {
        roundTrip(ACK, new LinkStateAck(List.of(L1.header(), L3.header())), 0, Auth.NULL, 0);
    }

    @Test
    void simplePasswordBothDirections() {
        roundTrip(HELLO_SIMPLE, hello(), 0, Auth.simple("secret"), 0);
        byte[] b = HEX.parseHex(HELLO_SIMPLE);
        assertEquals("simple password mismatch", PacketCodec.decode(b, 0, b.length, Auth.simple("secreT")).error());
    }

    @Test
    void md5BothDirections() {
        roundTrip(HELLO_MD5, hello(), 0, Auth.md5(7, "topsecret"), 1000);
        byte[] b = HEX.parseHex(HELLO_MD5);
        assertEquals("MD5 digest mismatch", PacketCodec.decode(b, 0, b.length, Auth.md5(7, "topsecreT")).error());
        assertEquals("unknown MD5 key id 7", PacketCodec.decode(b, 0, b.length, Auth.md5(8, "topsecret")).error());
        assertNotNull(PacketCodec.decode(b, 0, b.length, Auth.NULL).error());
    }

    @Test
    void headerChecksAreErrorsNotExceptions() {
        byte[] b = HEX.parseHex(HELLO);
        b[0] = 3;
        assertTrue(PacketCodec.decode(b, 0, b.length, Auth.NULL).error().startsWith("bad version"));
        b = HEX.parseHex(HELLO);
        b[30] ^= 0x40;
        assertEquals("bad packet checksum", PacketCodec.decode(b, 0, b.length, Auth.NULL).error());
        b = HEX.parseHex(HELLO);
        assertTrue(PacketCodec.decode(b, 0, b.length - 1, Auth.NULL).error().startsWith("bad packet length"));
    }

    @Test
    void lsaInstanceComparison() {
        LsaHeader a = L1.header();
        LsaHeader newer = new LsaHeader(0, 2, 1, R1, R1, a.seq() + 1, 0, 48);
        assertTrue(LsaHeader.compareInstances(newer, 0, a, 0) > 0);
        assertTrue(LsaHeader.compareInstances(a, LsaHeader.MAX_AGE_SEC, a, 10) > 0, "MaxAge wins at equal seq/checksum");
        assertTrue(LsaHeader.compareInstances(a, 10, a, 1000) > 0, "much younger wins");
        assertEquals(0, LsaHeader.compareInstances(a, 10, a, 500));
        // Sequence numbers are signed: 0x80000001 is older than 0x00000001.
        LsaHeader pos = new LsaHeader(0, 2, 1, R1, R1, 1, a.checksum(), 48);
        assertTrue(LsaHeader.compareInstances(pos, 0, a, 0) > 0);
    }
}
