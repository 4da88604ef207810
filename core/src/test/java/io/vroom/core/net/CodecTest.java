package io.vroom.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** The well-known header 192.168.0.1 -> 192.168.0.199, UDP, total length 115, checksum 0xb861. */
    static final byte[] HEADER = hex("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7");
    static final byte[] UDP115 = java.util.Arrays.copyOf(HEADER, 115);
    static final byte[] ECHO = Icmp.echoRequest(Ip4.parse("192.168.0.1"), Ip4.parse("192.168.0.199"), 1, 1, new byte[56]);

    @Test
    void addressesAndPrefixesParseFormatAndReject() {
        assertEquals(0x0a000001, Ip4.parse("10.0.0.1"));
        assertEquals("255.255.255.255", Ip4.format(Ip4.parse("255.255.255.255")));
        for (String bad : new String[] {"10.0.0", "10.0.0.256", "1.2.3.4.5", "a.b.c.d", "", "1..2.3", "10.0.0.1 "}) {
            assertThrows(IllegalArgumentException.class, () -> Ip4.parse(bad), bad);
        }
        Ip4Prefix p = Ip4Prefix.parse("10.1.2.3/16");
        assertEquals("10.1.0.0/16", p.toString(), "host bits are masked");
        assertTrue(p.contains(Ip4.parse("10.1.255.255")));
        assertFalse(p.contains(Ip4.parse("10.2.0.0")));
        assertTrue(Ip4Prefix.DEFAULT.contains(p));
        assertThrows(IllegalArgumentException.class, () -> Ip4Prefix.parse("10.0.0.0/33"));
        assertTrue(Ip4Prefix.parse("10.0.0.0/8").compareTo(Ip4Prefix.parse("10.0.0.0/16")) < 0);
        assertTrue(Ip4Prefix.parse("9.0.0.0/8").compareTo(Ip4Prefix.parse("200.0.0.0/8")) < 0, "unsigned order");
    }

    @Test
    void ipv4HeaderGoldenBytesDecodeAndEncode() {
        assertEquals(Ipv4.Error.OK, Ipv4.validate(UDP115, 0, UDP115.length));
        assertEquals(115, Ipv4.totalLength(UDP115, 0));
        assertEquals(64, Ipv4.ttl(UDP115, 0));
        assertEquals(Ipv4.PROTO_UDP, Ipv4.protocol(UDP115, 0));
        assertEquals(Ip4.parse("192.168.0.1"), Ipv4.source(UDP115, 0));
        assertEquals(Ip4.parse("192.168.0.199"), Ipv4.destination(UDP115, 0));
        assertTrue(Ipv4.dontFragment(UDP115, 0));
        byte[] built = new byte[20];
        Ipv4.writeHeader(built, 0, 0, 95, 0, true, 64, Ipv4.PROTO_UDP, Ip4.parse("192.168.0.1"), Ip4.parse("192.168.0.199"));
        assertArrayEquals(HEADER, built, "encoding gives the golden bytes, checksum 0xb861 included");
        assertEquals(Ipv4.Error.OK, Ipv4.validate(ECHO, 0, ECHO.length));
        assertTrue(Icmp.valid(ECHO, 20, 64));
        assertEquals(Icmp.ECHO_REQUEST, Icmp.type(ECHO, 20));
    }

    @Test
    void validationRejectsEachKindOfMalformedHeader() {
        assertEquals(Ipv4.Error.TRUNCATED, Ipv4.validate(ECHO, 0, 19));
        assertEquals(Ipv4.Error.TRUNCATED, Ipv4.validate(ECHO, 0, 83), "total length beyond the buffer");
        byte[] v6 = ECHO.clone();
        v6[0] = 0x65;
        assertEquals(Ipv4.Error.BAD_VERSION, Ipv4.validate(v6, 0, v6.length));
        byte[] ihl = ECHO.clone();
        ihl[0] = 0x44;
        assertEquals(Ipv4.Error.BAD_IHL, Ipv4.validate(ihl, 0, ihl.length));
        byte[] tl = ECHO.clone();
        tl[2] = 0;
        tl[3] = 10;
        assertEquals(Ipv4.Error.BAD_TOTAL_LENGTH, Ipv4.validate(tl, 0, tl.length));
        byte[] sum = ECHO.clone();
        sum[11] ^= 1;
        assertEquals(Ipv4.Error.BAD_CHECKSUM, Ipv4.validate(sum, 0, sum.length));
    }

    @Test
    void incrementalTtlDecrementMatchesAFullRecompute() {
        Random rnd = new Random(1);
        for (int i = 0; i < 5000; i++) {
            byte[] h = new byte[20];
            Ipv4.writeHeader(h, 0, rnd.nextInt(256), rnd.nextInt(1400), rnd.nextInt(65536), rnd.nextBoolean(), 2 + rnd.nextInt(254),
                    rnd.nextInt(256), rnd.nextInt(), rnd.nextInt());
            Ipv4.decrementTtl(h, 0);
            int incremental = Ipv4.checksum(h, 0);
            h[10] = 0;
            h[11] = 0;
            assertEquals(Checksum.compute(h, 0, 20), incremental, "RFC 1624 update equals recomputation");
        }
    }

    @Test
    void icmpEchoReplyAndErrorsAreWellFormed() {
        byte[] reply = Icmp.echoReply(ECHO, 0, Ip4.parse("192.168.0.199"));
        assertEquals(Ipv4.Error.OK, Ipv4.validate(reply, 0, reply.length));
        assertEquals(Ip4.parse("192.168.0.1"), Ipv4.destination(reply, 0));
        assertEquals(Icmp.ECHO_REPLY, Icmp.type(reply, 20));
        assertTrue(Icmp.valid(reply, 20, reply.length - 20));
        assertArrayEquals(java.util.Arrays.copyOfRange(ECHO, 24, 84), java.util.Arrays.copyOfRange(reply, 24, 84), "id, seq and data echoed");

        byte[] err = Icmp.error(Ip4.parse("10.0.0.1"), Icmp.TIME_EXCEEDED, 0, 0, ECHO, 0, ECHO.length);
        assertEquals(Ipv4.Error.OK, Ipv4.validate(err, 0, err.length));
        assertEquals(20 + 8 + 28, err.length, "quotes the IP header and 8 bytes of payload");
        assertTrue(Icmp.valid(err, 20, err.length - 20));
    }

    @Test
    void udpChecksumsVerifyAndCorruptionIsDetected() {
        byte[] data = "hello, vroom".getBytes();
        byte[] p = Udp.packet(Ip4.parse("10.0.0.1"), 1234, Ip4.parse("10.0.0.2"), 9000, 64, data, 0, data.length);
        assertEquals(Ipv4.Error.OK, Ipv4.validate(p, 0, p.length));
        assertTrue(Udp.valid(p, 0));
        assertEquals(9000, Udp.destinationPort(p, 20));
        p[p.length - 1] ^= 0x20;
        assertFalse(Udp.valid(p, 0));
        byte[] shortLen = Udp.packet(1, 2, 3, 4, 64, data, 0, data.length);
        shortLen[25] = 4;
        assertFalse(Udp.valid(shortLen, 0), "UDP length below the header");
    }

    @Test
    void validationNeverThrowsOnRandomBytes() {
        Random rnd = new Random(2);
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[rnd.nextInt(80)];
            rnd.nextBytes(b);
            if (b.length > 0 && rnd.nextBoolean()) b[0] = 0x45;
            Ipv4.Error e = Ipv4.validate(b, 0, b.length);
            if (e == Ipv4.Error.OK && Ipv4.protocol(b, 0) == Ipv4.PROTO_UDP) Udp.valid(b, 0);
        }
    }
}
