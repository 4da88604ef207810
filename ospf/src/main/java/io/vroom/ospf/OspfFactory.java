package io.vroom.ospf;

import io.vroom.core.config.ConfigNode;
import io.vroom.core.spi.Protocol;
import io.vroom.core.spi.ProtocolFactory;

/** The {@code ospf:} section of a VR becomes an {@link Ospf} instance; found through ServiceLoader. */
public final class OspfFactory implements ProtocolFactory {
    @Override
    public String name() {
        return "ospf";
    }

    @Override
    public Protocol create(ConfigNode config, VrDescription vr) {
        return new Ospf(OspfConfig.parse(config, vr));
    }
}
