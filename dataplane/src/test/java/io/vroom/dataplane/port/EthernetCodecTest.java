package io.vroom.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vroom.core.net.Ip4;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EthernetCodecTest {
    /** A who-has 10.9.1.2 tell 10.9.1.1 from 02:00:00:00:00:01, as on the wire. */
    static final byte[] REQUEST = HexFormat.of().parseHex("0001" + "0800" + "06" + "04" + "0001"
            + "020000000001" + "0a090101" + "000000000000" + "0a090102");

    @Test
    void arpGoldenBytesBothWays() {
        assertTrue(Arp.valid(REQUEST, 0, REQUEST.length));
        assertEquals(Arp.OP_REQUEST, Arp.op(REQUEST, 0));
        assertEquals(0x020000000001L, Arp.senderMac(REQUEST, 0));
        assertEquals(Ip4.parse("10.9.1.1"), Arp.senderIp(REQUEST, 0));
        assertEquals(0, Arp.targetMac(REQUEST, 0));
        assertEquals(Ip4.parse("10.9.1.2"), Arp.targetIp(REQUEST, 0));
        byte[] built = new byte[Arp.LENGTH];
        Arp.write(built, 0, Arp.OP_REQUEST, 0x020000000001L, Ip4.parse("10.9.1.1"), 0, Ip4.parse("10.9.1.2"));
        assertArrayEquals(REQUEST, built);
    }

    @Test
    void arpRejectsOtherHardwareProtocolsAndOps() {
        for (int field : new int[] {1, 3, 4, 5, 7}) {
            byte[] b = REQUEST.clone();
            b[field] ^= 0x40;
            assertFalse(Arp.valid(b, 0, b.length), "field byte " + field);
        }
        assertFalse(Arp.valid(REQUEST, 0, 27));
        assertFalse(Arp.valid(REQUEST, 1, 28));
    }

    @Test
    void multicastMapsToRfc1112Macs() {
        assertEquals("01:00:5e:00:00:05", Ethernet.format(Ethernet.ipv4MulticastMac(Ip4.parse("224.0.0.5"))));
        assertEquals("01:00:5e:00:00:06", Ethernet.format(Ethernet.ipv4MulticastMac(Ip4.parse("224.0.0.6"))));
        assertEquals("01:00:5e:7f:ff:ff", Ethernet.format(Ethernet.ipv4MulticastMac(Ip4.parse("239.255.255.255"))));
        assertEquals("01:00:5e:00:00:01", Ethernet.format(Ethernet.ipv4MulticastMac(Ip4.parse("224.128.0.1"))));
        assertTrue(Ethernet.isGroup(Ethernet.ipv4MulticastMac(Ip4.parse("224.0.0.5"))));
        assertTrue(Ethernet.isGroup(Ethernet.BROADCAST));
        assertFalse(Ethernet.isGroup(0x020000000001L));
    }

    @Test
    void macTextRoundTrip() {
        assertEquals(0xaabbccddeeffL, Ethernet.parseMac("aa:bb:cc:dd:ee:ff"));
        assertEquals("aa:bb:cc:dd:ee:ff", Ethernet.format(0xaabbccddeeffL));
        assertEquals(-1, Ethernet.parseMac("aa:bb:cc:dd:ee"));
        assertEquals(-1, Ethernet.parseMac("aa-bb-cc-dd-ee-ff"));
        assertEquals(-1, Ethernet.parseMac("zz:bb:cc:dd:ee:ff"));
    }

    @Test
    void headerRoundTrip() {
        byte[] f = new byte[14];
        Ethernet.writeHeader(f, 0, Ethernet.BROADCAST, 0x020000000001L, Ethernet.TYPE_ARP);
        assertEquals("ffffffffffff020000000001" + "0806", HexFormat.of().formatHex(f));
        assertEquals(Ethernet.BROADCAST, Ethernet.dst(f, 0));
        assertEquals(0x020000000001L, Ethernet.src(f, 0));
        assertEquals(Ethernet.TYPE_ARP, Ethernet.type(f, 0));
    }

    @Test
    void arpValidNeverThrowsOnAnyInput() {
        Random rnd = new Random(7);
        int valid = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b = i % 2 == 0 ? new byte[rnd.nextInt(40)] : REQUEST.clone();
            if (i % 2 == 0) rnd.nextBytes(b);
            else b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            int off = rnd.nextInt(4) - 1, len = rnd.nextInt(40) - 2;
            if (Arp.valid(b, off, len)) valid++;
        }
        assertTrue(valid > 0, "some mutated requests stay valid");
    }
}
