package io.vroom.bgp.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.AttrContext;
import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.core.net.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpWireGoldenTest {
    static final String MARKER = "ffffffffffffffffffffffffffffffff";
    static final String OPEN = MARKER + "002d01" + "04 fde9 00b4 0a000001 10 020e 01040001 0001 0200 4104 0000fde9";
    static final String ATTRS = "40010100" + "40020a 02 02 0000fde9 00000d1c" + "400304 0a000001" + "800404 00000064"
            + "c00804 fde90064" + "c0200c 0000fde9 00000001 00000002";
    static final String UPDATE = MARKER + "005202" + "0000" + "0035" + ATTRS + "18c00002" + "080a";

    static final AttrContext EBGP4 = new AttrContext(true, false, 65001, true, false, false);

    @Test
    void openEncodesToGoldenBytes() {
        Capabilities caps = new Capabilities(List.of(Afi.IPV4_UNICAST), 65001, true, null, List.of(), List.of());
        OpenMessage m = new OpenMessage(4, 65001, 180, Ip4.parse("10.0.0.1"), caps);
        assertEquals(Hex.of(Hex.bytes(OPEN)), Hex.of(m.encode()));
    }

    @Test
    void openDecodesFromGoldenBytes() {
        byte[] b = Hex.bytes(OPEN);
        Result<OpenMessage> r = OpenMessage.decode(b, 19, b.length - 19);
        assertTrue(r.isOk(), () -> String.valueOf(r.error()));
        OpenMessage m = r.value();
        assertEquals(4, m.version());
        assertEquals(180, m.holdTimeSec());
        assertEquals(65001, m.effectiveAs());
        assertTrue(m.capabilities().routeRefresh());
        assertTrue(m.capabilities().supports(Afi.IPV4_UNICAST));
        assertFalse(m.capabilities().supports(Afi.IPV6_UNICAST));
    }

    @Test
    void openWith4OctetAsSendsAsTrans() {
        Capabilities caps = new Capabilities(List.of(), 4200000000L, false, null, List.of(), List.of());
        byte[] b = new OpenMessage(4, OpenMessage.AS_TRANS, 90, 1, caps).encode();
        OpenMessage m = OpenMessage.decode(b, 19, b.length - 19).value();
        assertEquals(23456, m.myAs());
        assertEquals(4200000000L, m.effectiveAs());
    }

    @Test
    void gracefulRestartAndAddPathRoundTrip() {
        Capabilities caps = new Capabilities(List.of(Afi.IPV4_UNICAST, Afi.IPV6_UNICAST), 65001, true,
                new Capabilities.GracefulRestart(true, false, 120, List.of(Afi.IPV4_UNICAST), List.of(true)),
                List.of(new Capabilities.AddPath(Afi.IPV4_UNICAST, 3)), List.of());
        byte[] b = new OpenMessage(4, 65001, 180, 7, caps).encode();
        Capabilities d = OpenMessage.decode(b, 19, b.length - 19).value().capabilities();
        assertEquals(120, d.gracefulRestart().restartTimeSec());
        assertTrue(d.gracefulRestart().restarting());
        assertEquals(List.of(true), d.gracefulRestart().forwardingPreserved());
        assertEquals(3, d.addPathMode(Afi.IPV4_UNICAST));
        assertTrue(d.supports(Afi.IPV6_UNICAST));
    }

    @Test
    void updateDecodesFromGoldenBytes() {
        byte[] b = Hex.bytes(UPDATE);
        Result<UpdateMessage> r = UpdateMessage.decode(b, 19, b.length - 19, EBGP4);
        assertTrue(r.isOk(), () -> String.valueOf(r.error()));
        UpdateMessage u = r.value();
        assertEquals(ErrorAction.NONE, u.action());
        PathAttributes a = u.attributes();
        assertEquals(0, a.origin());
        assertEquals("65001 3356", a.asPath().toString());
        assertEquals(Ip4.parse("10.0.0.1"), a.nextHop());
        assertEquals(100, a.med());
        assertTrue(a.hasCommunity(0xfde90064));
        assertTrue(a.hasLargeCommunity(65001, 1, 2));
        assertEquals(2, u.nlri().length);
        assertEquals("192.0.2.0/24", Nlri.format(u.nlri()[0]));
        assertEquals("10.0.0.0/8", Nlri.format(u.nlri()[1]));
    }

    @Test
    void updateEncodesToGoldenBytes() {
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = 0;
        b.asPath = AsPath.sequence(65001, 3356);
        b.nextHop(Ip4.parse("10.0.0.1"));
        b.med = 100;
        b.communities = new int[] {0xfde90064};
        b.largeCommunities = new int[] {65001, 1, 2};
        byte[] attrs = AttributeCodec.encode(b.build(), true);
        assertEquals(Hex.of(Hex.bytes(ATTRS)), Hex.of(attrs));
        long[] nlri = {Nlri.key(Ip4.parse("192.0.2.0"), 24), Nlri.key(Ip4.parse("10.0.0.0"), 8)};
        assertEquals(Hex.of(Hex.bytes(UPDATE)), Hex.of(UpdateMessage.encode(null, 0, 0, attrs, nlri, 0, 2)));
    }

    @Test
    void twoOctetPeerGetsAs4PathAndItMergesBack() {
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = 0;
        b.asPath = AsPath.sequence(65001, 4200000000L, 3356);
        b.nextHop(Ip4.parse("10.0.0.1"));
        PathAttributes a = b.build();
        byte[] attrs = AttributeCodec.encode(a, false);
        // AS_PATH carries AS_TRANS, AS4_PATH the real AS (RFC 6793 §4.2.2).
        assertTrue(Hex.of(attrs).contains("4002080203fde95ba00d1c"), Hex.of(attrs));
        AttrContext twoOctet = new AttrContext(false, false, 65001, true, false, false);
        AttributeCodec.Decoded d = AttributeCodec.decode(attrs, 0, attrs.length, twoOctet);
        assertEquals(ErrorAction.NONE, d.action());
        assertEquals("65001 4200000000 3356", d.attributes().asPath().toString());
    }

    @Test
    void keepaliveNotificationRouteRefreshGolden() {
        assertEquals(MARKER + "001304", Hex.of(KeepaliveMessage.encode()));
        assertEquals(MARKER + "0015" + "03" + "0600", Hex.of(new NotificationMessage(6, 0, null).encode()));
        byte[] rr = new RouteRefreshMessage(1, 0, 1).encode();
        assertEquals(MARKER + "0017" + "05" + "00010001", Hex.of(rr));
        assertEquals(Afi.IPV4_UNICAST, RouteRefreshMessage.decode(rr, 19, 4).value().afiSafi());
        NotificationMessage n = NotificationMessage.decode(Hex.bytes("0202fde9"), 0, 4);
        assertEquals(2, n.code());
        assertEquals(2, n.subcode());
        assertEquals(2, n.data().length);
    }

    @Test
    void endOfRibIsRecognised() {
        byte[] b = UpdateMessage.endOfRibIpv4();
        assertEquals(23, b.length);
        assertEquals(Afi.IPV4_UNICAST, UpdateMessage.decode(b, 19, 4, EBGP4).value().endOfRib());
    }

    @Test
    void ipv6MpReachIsDecodedAndCarried() {
        // MP_REACH: AFI 2 SAFI 1, NH len 16 (2001:db8::1), reserved, 2001:db8:1::/48
        String mp = "800e1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001";
        byte[] attrs = Hex.bytes("40010100" + "400206 0201 0000fde9" + mp);
        AttributeCodec.Decoded d = AttributeCodec.decode(attrs, 0, attrs.length, EBGP4);
        assertEquals(ErrorAction.NONE, d.action(), () -> String.valueOf(d.error()));
        assertEquals(1, d.mpReach().ipv6().size());
        assertEquals("2001:db8:1:0:0:0:0:0/48", d.mpReach().ipv6().get(0).toString());
        io.vroom.bgp.wire.WireWriter w = new io.vroom.bgp.wire.WireWriter();
        d.mpReach().encode(w);
        assertEquals(Hex.of(Hex.bytes(mp)), Hex.of(w.toByteArray()));
    }
}
