package io.vroom.bgp.session;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AsPath;
import io.vroom.bgp.attr.AttributeCodec;
import io.vroom.bgp.attr.PathAttributes;
import io.vroom.bgp.wire.Afi;
import io.vroom.bgp.wire.Capabilities;
import io.vroom.bgp.wire.KeepaliveMessage;
import io.vroom.bgp.wire.MessageType;
import io.vroom.bgp.wire.NotificationMessage;
import io.vroom.bgp.wire.Nlri;
import io.vroom.bgp.wire.OpenMessage;
import io.vroom.bgp.wire.UpdateMessage;
import io.vroom.bgp.wire.WireWriter;
import io.vroom.core.net.Ip4;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ADD-PATH, receive side (RFC 7911): the capability is offered (§4: receive), negotiated only when
 * the peer offers to send, and then every IPv4 NLRI of an UPDATE — announced and withdrawn — carries
 * a 4-octet path identifier that the session decodes and hands up with the prefixes. (The speaker's
 * Adj-RIB-In is keyed by prefix per peer, not by (prefix, path id), and ADD-PATH is not configurable
 * on a neighbour, so no speaker session offers it yet: see issue 5's note.)
 */
class AddPathReceiveTest {
    static final int PEER = Ip4.parse("10.0.0.1");

    static final class Recorder implements SessionOutput {
        final List<UpdateMessage> updates = new ArrayList<>();
        String down;
        public void send(byte[] m) { }
        public void connect() { }
        public void disconnect() { }
        public void established(Negotiated n) { }
        public void update(UpdateMessage u) { updates.add(u); }
        public void routeRefresh(int afiSafi) { }
        public void down(String reason, NotificationMessage s, NotificationMessage r, boolean e) { down = reason; }
        public void log(String m) { }
    }

    static SessionConfig cfg(boolean addPathReceive) {
        return new SessionConfig(65002, Ip4.parse("10.0.0.2"), 65001, PEER, 90, 30, true, -1, false, addPathReceive, false);
    }

    static byte[] peerOpen(int addPathMode) {
        List<Capabilities.AddPath> ap = addPathMode == 0 ? List.of() : List.of(new Capabilities.AddPath(Afi.IPV4_UNICAST, addPathMode));
        return new OpenMessage(4, 65001, 90, PEER, new Capabilities(List.of(Afi.IPV4_UNICAST), 65001, true, null, ap, List.of())).encode();
    }

    static BgpSession established(boolean addPathReceive, int peerMode, Recorder r) {
        BgpSession s = new BgpSession(cfg(addPathReceive));
        s.start(0, r);
        s.connectionUp(0, true, r);
        byte[] open = peerOpen(peerMode);
        s.handleBytes(0, open, 0, open.length, r);
        byte[] ka = KeepaliveMessage.encode();
        s.handleBytes(0, ka, 0, ka.length, r);
        assertEquals(SessionState.ESTABLISHED, s.state());
        return s;
    }

    /** An UPDATE whose NLRI fields carry path identifiers (RFC 7911 §3). */
    static byte[] update(long[] withdrawn, int[] wdIds, PathAttributes a, long[] nlri, int[] ids) {
        WireWriter w = new WireWriter(MessageType.MAX_LENGTH);
        for (int i = 0; i < 16; i++) w.u8(0xff);
        w.u16(0).u8(MessageType.UPDATE);
        int wl = w.length();
        w.u16(0);
        for (int i = 0; i < withdrawn.length; i++) {
            w.u32(wdIds[i]);
            Nlri.encodeIpv4(w, withdrawn[i]);
        }
        w.patch16(wl, w.length() - wl - 2);
        byte[] attrs = a == null ? new byte[0] : AttributeCodec.encode(a, true);
        w.u16(attrs.length).bytes(attrs);
        for (int i = 0; i < nlri.length; i++) {
            w.u32(ids[i]);
            Nlri.encodeIpv4(w, nlri[i]);
        }
        w.patch16(16, w.length());
        return w.toByteArray();
    }

    @Test
    void theCapabilityIsOfferedAndNegotiatedOnlyWhenThePeerSends() {
        Capabilities ours = OpenValidator.ourOpen(cfg(true)).capabilities();
        assertEquals(1, ours.addPathMode(Afi.IPV4_UNICAST), "we offer to receive IPv4 unicast paths");
        assertEquals(0, OpenValidator.ourOpen(cfg(false)).capabilities().addPathMode(Afi.IPV4_UNICAST));
        assertTrue(established(true, 2, new Recorder()).negotiated().addPathRxIpv4(), "peer sends: negotiated");
        assertTrue(established(true, 3, new Recorder()).negotiated().addPathRxIpv4(), "peer sends and receives: negotiated");
        assertFalse(established(true, 1, new Recorder()).negotiated().addPathRxIpv4(), "peer only receives: not for our receive side");
        assertFalse(established(false, 2, new Recorder()).negotiated().addPathRxIpv4(), "we did not offer");
        assertTrue(established(true, 2, new Recorder()).attrContext().addPathIpv4());
    }

    @Test
    void updatesWithPathIdentifiersAreDecodedInTheSession() {
        Recorder r = new Recorder();
        BgpSession s = established(true, 2, r);
        long k = Nlri.key(Ip4.parse("203.0.113.0"), 24), k2 = Nlri.key(Ip4.parse("198.51.100.128"), 25);
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = PathAttributes.ORIGIN_IGP;
        b.asPath = AsPath.sequence(65001, 7);
        b.nextHop(PEER);
        byte[] m = update(new long[0], new int[0], b.build(), new long[] {k, k, k2}, new int[] {1, 2, 0x7fff_fff0});
        s.handleBytes(1, m, 0, m.length, r);
        byte[] wd = update(new long[] {k}, new int[] {2}, null, new long[0], new int[0]);
        s.handleBytes(2, wd, 0, wd.length, r);
        assertEquals(SessionState.ESTABLISHED, s.state(), "no error: " + r.down);
        assertEquals(2, r.updates.size());
        UpdateMessage u = r.updates.get(0);
        assertArrayEquals(new long[] {k, k, k2}, u.nlri(), "two paths for one prefix, then another prefix");
        assertArrayEquals(new int[] {1, 2, 0x7fff_fff0}, u.nlriPathIds());
        assertEquals("65001 7", u.attributes().asPath().toString());
        UpdateMessage w = r.updates.get(1);
        assertArrayEquals(new long[] {k}, w.withdrawn());
        assertArrayEquals(new int[] {2}, w.withdrawnPathIds(), "the withdrawal names path 2 only");
        assertEquals(0, w.endOfRib(), "a withdrawal with a path identifier is not End-of-RIB");
    }

    @Test
    void withoutNegotiationPathIdentifiersAreNotExpected() {
        // The same bytes on a session without ADD-PATH are read as plain NLRI: here the path
        // identifier's first octet (33) reads as a prefix length > 32 — an UPDATE error (RFC 7606
        // §5.3: NLRI that cannot be parsed reset the session). That is why the family must be negotiated.
        Recorder r = new Recorder();
        BgpSession s = established(false, 2, r);
        PathAttributes.Builder b = new PathAttributes.Builder();
        b.origin = PathAttributes.ORIGIN_IGP;
        b.asPath = AsPath.sequence(65001);
        b.nextHop(PEER);
        byte[] m = update(new long[0], new int[0], b.build(), new long[] {Nlri.key(Ip4.parse("203.0.113.0"), 24)}, new int[] {0x21000000});
        s.handleBytes(1, m, 0, m.length, r);
        assertEquals(SessionState.IDLE, s.state());
        assertNotNull(r.down);
        assertTrue(r.updates.isEmpty());
    }
}
