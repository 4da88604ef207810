package io.vroom.tests.lab;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolFactory;

/** ServiceLoader factories for the lab's applications: {@code trafficgen:}, {@code udpecho:}, {@code tcpecho:}, {@code tcpsink:} and {@code tcpsource:} VR sections. */
public final class LabProtocols {
    private LabProtocols() {}

    public static final class TrafficGen implements ProtocolFactory {
        @Override public String name() { return "trafficgen"; }

        @Override
        public Protocol create(ConfigNode c, VrDescription vr) {
            c.allowOnly("destination", "rate", "size", "duration", "warmup-timeout");
            int rate = c.integer("rate", 1, 10_000_000, 1000);
            double duration = c.number("duration", 0.001, 86_400, 5);
            if ((long) rate * duration > TrafficGenerator.MAX_PACKETS) {
                throw c.get("duration").error("rate x duration exceeds " + TrafficGenerator.MAX_PACKETS + " packets");
            }
            return new TrafficGenerator(c.address("destination"), rate, c.integer("size", 41, 9000, 64), duration,
                    c.number("warmup-timeout", 0.1, 3600, 30));
        }
    }

    public static final class Echo implements ProtocolFactory {
        @Override public String name() { return "udpecho"; }

        @Override
        public Protocol create(ConfigNode c, VrDescription vr) {
            c.allowOnly("port");
            return new UdpEcho(c.integer("port", 1, 65535, TrafficGenerator.PORT_ECHO));
        }
    }

    public static final class TcpEchoFactory implements ProtocolFactory {
        @Override public String name() { return "tcpecho"; }

        @Override
        public Protocol create(ConfigNode c, VrDescription vr) {
            c.allowOnly("port");
            return new TcpEcho(c.integer("port", 1, 65535, 7));
        }
    }

    public static final class TcpSinkFactory implements ProtocolFactory {
        @Override public String name() { return "tcpsink"; }

        @Override
        public Protocol create(ConfigNode c, VrDescription vr) {
            c.allowOnly("port", "md5-peer", "md5-key");
            byte[] key = md5Key(c);
            if (key != null && !c.has("md5-peer")) throw c.error("md5-key needs md5-peer");
            return new TcpSink(c.integer("port", 1, 65535, 5001), key == null ? 0 : c.address("md5-peer"), key);
        }
    }

    public static final class TcpSourceFactory implements ProtocolFactory {
        @Override public String name() { return "tcpsource"; }

        @Override
        public Protocol create(ConfigNode c, VrDescription vr) {
            c.allowOnly("destination", "port", "bytes", "seed", "md5-key", "retry-interval", "max-attempts");
            return new TcpSource(c.address("destination"), c.integer("port", 1, 65535, 5001),
                    c.longValue("bytes", 0, 1L << 40, 1 << 20), c.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE, 1),
                    md5Key(c), (long) (c.number("retry-interval", 0.01, 60, 0.2) * 1e9), c.integer("max-attempts", 1, 100_000, 300));
        }
    }

    /** RFC 2385 key (1..80 bytes, like Linux's TCP_MD5SIG_MAXKEYLEN), or null. */
    private static byte[] md5Key(ConfigNode c) {
        if (!c.has("md5-key")) return null;
        byte[] k = c.string("md5-key").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (k.length < 1 || k.length > 80) throw c.get("md5-key").error("TCP-MD5 key must be 1..80 bytes");
        return k;
    }
}
