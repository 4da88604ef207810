package io.vroom.core.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vroom.core.config.ConfigNode;
import io.vroom.core.dataplane.DataPlane;
import io.vroom.core.dataplane.DataPlaneProvider;
import io.vroom.core.dataplane.Port;
import io.vroom.core.dataplane.PortFactory;
import io.vroom.core.runtime.VrLoop;
import io.vroom.core.vr.VirtualRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A physical node: one data plane (virtd), its ports, and the VRs it hosts, each on its own loop.
 * {@link #start} opens everything in order (data plane, ports, VRs) and undoes what it opened if a
 * step fails.
 */
public final class Node implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private final NodeConfig config;
    private final EventLoopGroup ioGroup;
    private final EventLoopGroup vrGroup;
    private DataPlane dataPlane;
    private final Map<String, Port> ports = new LinkedHashMap<>();
    private final Map<String, VrLoop> vrs = new LinkedHashMap<>();
    private ControlServer control;
    /** Start-up milestones, in ms since this JVM started: persisted FIBs forwarding, VRs running. */
    private final Map<String, Long> startupMs = new LinkedHashMap<>();

    public Node(NodeConfig config) {
        this.config = config;
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory ioThreads = new DefaultThreadFactory(config.name() + "-io", true);
        DefaultThreadFactory vrThreads = new DefaultThreadFactory(config.name() + "-vr", true);
        this.ioGroup = epoll ? new EpollEventLoopGroup(1, ioThreads) : new NioEventLoopGroup(1, ioThreads);
        this.vrGroup = epoll ? new EpollEventLoopGroup(1, vrThreads) : new NioEventLoopGroup(1, vrThreads);
    }

    public NodeConfig config() { return config; }
    public String name() { return config.name(); }
    public DataPlane dataPlane() { return dataPlane; }
    public Map<String, VrLoop> vrs() { return vrs; }
    public Map<String, Port> ports() { return ports; }
    public ControlServer control() { return control; }
    public Map<String, Long> startupMs() { return startupMs; }

    private void milestone(String what) {
        startupMs.put(what, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    public static Node start(Path configFile) {
        Node n = new Node(NodeConfig.load(configFile));
        n.start();
        return n;
    }

    public void start() {
        try {
            Files.createDirectories(config.stateDir());
            dataPlane = provider(config.dataPlaneKind(), config.dataPlane()).create(config.dataPlane() != null && config.dataPlane().isMapping() ? config.dataPlane() : null, config.stateDir());
            PortFactory.Environment env = new PortFactory.Environment() {
                public EventLoopGroup ioGroup() { return ioGroup; }
                public Path stateDir() { return config.stateDir(); }
                public int[] boundInterfaceAddress(String portName) {
                    int[] found = null;
                    for (NodeConfig.VrSpec spec : config.vrs()) {
                        for (int i = 0; i < spec.interfacePorts().size(); i++) {
                            if (!portName.equals(spec.interfacePorts().get(i))) continue;
                            if (found != null) return null; // bound twice: ambiguous
                            var ic = spec.config().interfaces().get(i);
                            found = new int[] {ic.address(), ic.prefixLength()};
                        }
                    }
                    return found;
                }
            };
            for (NodeConfig.PortSpec p : config.ports()) {
                ports.put(p.name(), portFactory(p).open(p.name(), p.config(), env));
            }
            // First every VR's data plane: a persisted FIB forwards as soon as its ports are bound,
            // before any control plane runs (a restarted node forwards before re-learning routes).
            for (NodeConfig.VrSpec spec : config.vrs()) {
                String vrName = spec.config().name();
                VrLoop loop = new VrLoop(vrName, vrGroup.next(), dataPlane);
                vrs.put(vrName, loop);
                for (int i = 0; i < spec.interfacePorts().size(); i++) {
                    String port = spec.interfacePorts().get(i);
                    if (port != null) loop.dataPlane().bind(i, ports.get(port));
                }
            }
            milestone("data_plane_forwarding");
            for (NodeConfig.VrSpec spec : config.vrs()) {
                vrs.get(spec.config().name()).start(new VirtualRouter(spec.config(), spec.createProtocols()), true).get(10, TimeUnit.SECONDS);
            }
            milestone("vrs_started");
            if (config.control() != null) control = ControlServer.start(this, config.control());
            log.info("node {} up: {} ports, {} VRs, data plane {}", config.name(), ports.size(), vrs.size(), dataPlane.kind());
        } catch (Exception e) {
            close();
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException("node " + config.name() + " failed to start: " + e, e);
        }
    }

    private static DataPlaneProvider provider(String kind, ConfigNode where) {
        List<String> kinds = new ArrayList<>();
        for (DataPlaneProvider p : ServiceLoader.load(DataPlaneProvider.class)) {
            if (p.kind().equals(kind)) return p;
            kinds.add(p.kind());
        }
        String msg = "no data plane of kind '" + kind + "' (available: " + kinds + ")";
        throw where != null ? where.error(msg) : new IllegalStateException(msg);
    }

    private static PortFactory portFactory(NodeConfig.PortSpec p) {
        List<String> types = new ArrayList<>();
        for (PortFactory f : ServiceLoader.load(PortFactory.class)) {
            if (f.type().equals(p.type())) return f;
            types.add(f.type());
        }
        throw p.config().get("type").error("unknown port type '" + p.type() + "' (available: " + types + ")");
    }

    @Override
    public void close() {
        if (control != null) control.close();
        for (VrLoop v : vrs.values()) v.close();
        for (Port p : ports.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                log.warn("closing port {}: {}", p.name(), e.toString());
            }
        }
        if (dataPlane != null) dataPlane.close();
        vrGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
