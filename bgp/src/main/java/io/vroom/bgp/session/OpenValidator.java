package io.vroom.bgp.session;

import io.vroom.bgp.wire.Afi;
import io.vroom.bgp.wire.BgpError;
import io.vroom.bgp.wire.Capabilities;
import io.vroom.bgp.wire.Notify;
import io.vroom.bgp.wire.OpenMessage;
import java.util.ArrayList;
import java.util.List;

/** Checks a received OPEN (RFC 4271 §6.2, RFC 6793 §4, RFC 6286) and negotiates capabilities (RFC 5492). */
public final class OpenValidator {
    private OpenValidator() {}

    public static final class Outcome {
        public final Negotiated negotiated;
        public final BgpError error;

        Outcome(Negotiated n, BgpError e) {
            negotiated = n;
            error = e;
        }
    }

    /** Our OPEN for {@code cfg}. */
    public static OpenMessage ourOpen(SessionConfig cfg) {
        List<Integer> mp = new ArrayList<>(List.of(Afi.IPV4_UNICAST));
        if (cfg.ipv6()) mp.add(Afi.IPV6_UNICAST);
        Capabilities.GracefulRestart gr = cfg.grRestartTimeSec() < 0 ? null
                // N bit always with graceful restart: RFC 8538 (GracefulNotification)
                : new Capabilities.GracefulRestart(cfg.grRestarting(), true, Math.min(4095, cfg.grRestartTimeSec()),
                        List.of(Afi.IPV4_UNICAST), List.of(cfg.grForwarding()));
        List<Capabilities.AddPath> ap = cfg.addPathReceive() ? List.of(new Capabilities.AddPath(Afi.IPV4_UNICAST, 1)) : List.of();
        Capabilities caps = new Capabilities(mp, cfg.localAs(), true, gr, ap, List.of());
        int myAs = cfg.localAs() > 0xffff ? SessionConfig.AS_TRANS : (int) cfg.localAs();
        return new OpenMessage(4, myAs, cfg.holdTimeSec(), cfg.localId(), caps);
    }

    public static Outcome validate(OpenMessage m, SessionConfig cfg) {
        if (m.version() != 4) {
            return new Outcome(null, BgpError.reset(Notify.OPEN, Notify.UNSUPPORTED_VERSION, new byte[] {0, 4}, "version " + m.version()));
        }
        long peerAs = m.effectiveAs();
        if (m.capabilities().as4() < 0 && m.myAs() == SessionConfig.AS_TRANS) {
            return new Outcome(null, BgpError.reset(Notify.OPEN, Notify.BAD_PEER_AS, null, "AS_TRANS without the 4-octet AS capability"));
        }
        if (peerAs == 0 || (cfg.remoteAs() != 0 && peerAs != cfg.remoteAs())) {
            return new Outcome(null, BgpError.reset(Notify.OPEN, Notify.BAD_PEER_AS, null, "peer AS " + peerAs + ", expected " + cfg.remoteAs()));
        }
        if (m.holdTimeSec() == 1 || m.holdTimeSec() == 2) {
            return new Outcome(null, BgpError.reset(Notify.OPEN, Notify.UNACCEPTABLE_HOLD_TIME, null, "hold time " + m.holdTimeSec()));
        }
        int id = m.bgpId();
        boolean ibgp = peerAs == cfg.localAs();
        // RFC 4271 §6.2: a syntactically incorrect identifier; RFC 6286 §2.2: equal identifiers only matter within an AS.
        if (id == 0 || id == -1 || (id >>> 28) == 0xE || (ibgp && id == cfg.localId())) {
            return new Outcome(null, BgpError.reset(Notify.OPEN, Notify.BAD_BGP_IDENTIFIER, null, "BGP identifier " + io.vroom.core.net.Ip4.format(id)));
        }
        Capabilities c = m.capabilities();
        OpenMessage ours = ourOpen(cfg);
        List<Integer> families = new ArrayList<>();
        for (int f : ours.capabilities().multiprotocol()) if (c.supports(f)) families.add(f);
        boolean as4 = c.as4() >= 0;
        int hold = Math.min(cfg.holdTimeSec(), m.holdTimeSec());
        boolean apV4 = cfg.addPathReceive() && (c.addPathMode(Afi.IPV4_UNICAST) & 2) != 0;
        return new Outcome(new Negotiated(peerAs, id, hold, ibgp, as4, c.routeRefresh(), families, apV4, false,
                c.gracefulRestart()), null);
    }
}
