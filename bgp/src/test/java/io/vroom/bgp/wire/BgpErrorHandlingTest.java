package io.vroom.bgp.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.vroom.bgp.attr.AttrContext;
import org.junit.jupiter.api.Test;

/** RFC 4271 §6 codes and RFC 7606 actions for malformed input. */
class BgpErrorHandlingTest {
    static final String MARKER = BgpWireGoldenTest.MARKER;
    static final AttrContext EBGP = BgpWireGoldenTest.EBGP4;
    static final AttrContext IBGP = new AttrContext(true, true, 65002, true, false, false);

    private static BgpFramer frame(String hex) {
        BgpFramer f = new BgpFramer();
        byte[] b = Hex.bytes(hex);
        assertEquals(b.length, f.append(b, 0, b.length));
        return f;
    }

    @Test
    void framerRejectsBadMarkerLengthAndType() {
        BgpFramer f = frame("00" + MARKER.substring(2) + "001304");
        assertEquals(BgpFramer.ERROR, f.next());
        assertEquals(Notify.CONNECTION_NOT_SYNCHRONIZED, f.error().subcode());

        f = frame(MARKER + "001204");
        assertEquals(BgpFramer.ERROR, f.next());
        assertEquals(Notify.BAD_MESSAGE_LENGTH, f.error().subcode());
        assertEquals("0012", Hex.of(f.error().data()));

        f = frame(MARKER + "1001" + "02");
        assertEquals(BgpFramer.ERROR, f.next());
        assertEquals(Notify.BAD_MESSAGE_LENGTH, f.error().subcode());

        f = frame(MARKER + "001409" + "00");
        assertEquals(BgpFramer.ERROR, f.next());
        assertEquals(Notify.BAD_MESSAGE_TYPE, f.error().subcode());
        assertEquals("09", Hex.of(f.error().data()));

        f = frame(MARKER + "001404" + "00"); // KEEPALIVE must be exactly 19
        assertEquals(BgpFramer.ERROR, f.next());
    }

    @Test
    void framerReassemblesAcrossArbitrarySplits() {
        byte[] two = Hex.bytes(MARKER + "001304" + BgpWireGoldenTest.UPDATE);
        for (int split = 0; split <= two.length; split++) {
            BgpFramer f = new BgpFramer();
            int frames = 0;
            f.append(two, 0, split);
            while (f.next() == BgpFramer.FRAME) frames++;
            f.append(two, split, two.length - split);
            while (f.next() == BgpFramer.FRAME) {
                frames++;
                if (frames == 2) assertEquals(MessageType.UPDATE, f.frameType());
            }
            assertEquals(2, frames, "split at " + split);
        }
    }

    private static UpdateMessage update(String attrs, String nlri, AttrContext ctx) {
        byte[] a = Hex.bytes(attrs), n = Hex.bytes(nlri);
        byte[] body = new byte[4 + a.length + n.length];
        Wire.put16(body, 2, a.length);
        System.arraycopy(a, 0, body, 4, a.length);
        System.arraycopy(n, 0, body, 4 + a.length, n.length);
        Result<UpdateMessage> r = UpdateMessage.decode(body, 0, body.length, ctx);
        assertTrue(r.isOk(), () -> "unexpected reset: " + r.error());
        return r.value();
    }

    private static BgpError reset(String attrs, String nlri, AttrContext ctx) {
        byte[] a = Hex.bytes(attrs), n = Hex.bytes(nlri);
        byte[] body = new byte[4 + a.length + n.length];
        Wire.put16(body, 2, a.length);
        System.arraycopy(a, 0, body, 4, a.length);
        System.arraycopy(n, 0, body, 4 + a.length, n.length);
        Result<UpdateMessage> r = UpdateMessage.decode(body, 0, body.length, ctx);
        assertFalse(r.isOk(), "expected a session reset");
        assertEquals(ErrorAction.SESSION_RESET, r.error().action());
        return r.error();
    }

    static final String ORIGIN = "40010100", PATH = "400206 0201 0000fde9", NH = "400304 0a000001";

    @Test
    void missingWellKnownIsTreatAsWithdraw() {
        UpdateMessage u = update(ORIGIN + NH, "180a0000", EBGP);
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.action());
        assertEquals(Notify.MISSING_WELL_KNOWN, u.error().subcode());
        assertEquals("02", Hex.of(u.error().data()));
        u = update(ORIGIN + PATH + NH, "180a0000", IBGP.equals(IBGP) ? new AttrContext(true, true, 65001, true, false, false) : EBGP);
        assertEquals(Notify.MISSING_WELL_KNOWN, u.error().subcode(), "iBGP without LOCAL_PREF");
    }

    @Test
    void badOriginAndNextHopAndPathAreTreatAsWithdraw() {
        assertEquals(Notify.INVALID_ORIGIN, update("40010103" + PATH + NH, "180a0000", EBGP).error().subcode());
        assertEquals(Notify.ATTRIBUTE_LENGTH_ERROR, update("4001020000" + PATH + NH, "180a0000", EBGP).error().subcode());
        UpdateMessage u = update(ORIGIN + PATH + "400304 00000000", "180a0000", EBGP);
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.action());
        assertEquals(Notify.INVALID_NEXT_HOP, u.error().subcode());
        u = update(ORIGIN + "400206 0201 00000001" + NH, "180a0000", EBGP);
        assertEquals(Notify.MALFORMED_AS_PATH, u.error().subcode(), "first AS is not the peer's");
        u = update(ORIGIN + "400206 0501 0000fde9" + NH, "180a0000", EBGP);
        assertEquals(Notify.MALFORMED_AS_PATH, u.error().subcode(), "segment type 5");
        u = update(ORIGIN + PATH + NH + "c00803 000000", "180a0000", EBGP);
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.action(), "communities length 3");
        u = update(ORIGIN + PATH + NH + "c0200b 0000000000000000000000", "180a0000", EBGP);
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.action(), "large communities length 11");
    }

    @Test
    void aggregatorAndAtomicAggregateAreAttributeDiscard() {
        UpdateMessage u = update(ORIGIN + PATH + NH + "400601 00", "180a0000", EBGP);
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, u.action());
        assertFalse(u.attributes().atomicAggregate());
        u = update(ORIGIN + PATH + NH + "c00705 0000000000", "180a0000", EBGP);
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, u.action());
        assertEquals(-1, u.attributes().aggregatorAs());
        assertEquals(1, u.nlri().length);
    }

    @Test
    void flagsErrorAndDuplicatesAndUnknown() {
        UpdateMessage u = update("c0010100" + PATH + NH, "180a0000", EBGP);
        assertEquals(Notify.ATTRIBUTE_FLAGS_ERROR, u.error().subcode());
        u = update(ORIGIN + PATH + NH + "40010102", "180a0000", EBGP);
        assertEquals(ErrorAction.NONE, u.action(), "duplicate ORIGIN: keep the first");
        assertEquals(0, u.attributes().origin());
        u = update(ORIGIN + PATH + NH + "c0630201ff" + "80640100", "180a0000", EBGP);
        assertEquals(1, u.attributes().unknown().length, "optional transitive kept, non-transitive dropped");
        BgpError e = reset(ORIGIN + PATH + NH + "40630100", "180a0000", EBGP);
        assertEquals(Notify.UNRECOGNIZED_WELL_KNOWN, e.subcode());
        assertEquals("40630100", Hex.of(e.data()));
    }

    @Test
    void attributeOverrunIsTreatAsWithdrawAndBadNlriResets() {
        UpdateMessage u = update(ORIGIN + PATH + "400308 0a000001", "180a0000", EBGP);
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, u.action());
        BgpError e = reset(ORIGIN + PATH + NH, "210a000000", EBGP);
        assertEquals(Notify.INVALID_NETWORK_FIELD, e.subcode());
        e = reset(ORIGIN + PATH + NH + "800f03 000201" + "800f03 000201", "", EBGP);
        assertEquals(Notify.MALFORMED_ATTRIBUTE_LIST, e.subcode());
        e = reset(ORIGIN + PATH + NH + "800e03 000201", "", EBGP);
        assertEquals(Notify.OPTIONAL_ATTRIBUTE_ERROR, e.subcode());
    }

    @Test
    void openErrors() {
        byte[] b = Hex.bytes("04 fde9 00b4 0a000001 04 0302 0000");
        assertEquals(Notify.UNSUPPORTED_OPTIONAL_PARAMETER, OpenMessage.decode(b, 0, b.length).error().subcode());
        b = Hex.bytes("04 fde9 00b4 0a000001 05 0203 0104");
        assertFalse(OpenMessage.decode(b, 0, b.length).isOk());
        b = Hex.bytes("04 fde9 00b4 0a000001 09 0207 410400000001");
        assertFalse(OpenMessage.decode(b, 0, b.length).isOk(), "length disagreement");
    }
}
