package io.vroom.tests.lab;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolFactory;

/** ServiceLoader factories for the lab's applications: {@code trafficgen:} and {@code udpecho:} VR sections. */
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
}
