package io.vroom.core.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vroom.core.mgmt.Json;
import io.vroom.core.net.Ip4;
import io.vroom.core.rib.NextHop;
import io.vroom.core.rib.Route;
import io.vroom.core.runtime.VrLoop;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.Protocol;
import io.vroom.core.vr.VirtualRouter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The node's control API: HTTP/JSON on a loopback address. Every read of VR state runs on the VR's
 * own loop ({@link VrLoop#call}), so the API never races the single writer.
 * <pre>
 * GET /api/node                          node, data plane, VRs, ports
 * GET /api/vr/VR/route                   show ip route
 * GET /api/vr/VR/interface               interfaces with counters
 * GET /api/vr/VR/fib                     the data plane's FIB, and the restart state (preserved entries pending)
 * GET /api/vr/VR/protocol/NAME/WHAT      a protocol's show(WHAT), e.g. ospf/neighbor, bgp/summary, bgp/ipv4-unicast:10.0.0.0/8
 * </pre>
 */
public final class ControlServer implements AutoCloseable {
    private final Node node;
    private final HttpServer server;

    private ControlServer(Node node, HttpServer server) {
        this.node = node;
        this.server = server;
    }

    public static ControlServer start(Node node, String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        HttpServer s = HttpServer.create(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 16);
        ControlServer c = new ControlServer(node, s);
        s.createContext("/api/", c::handle);
        s.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, node.name() + "-control");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return c;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        int status = 200;
        Object body;
        try {
            String[] path = ex.getRequestURI().getPath().substring("/api/".length()).split("/");
            body = "POST".equals(ex.getRequestMethod())
                    ? command(path, new String(ex.getRequestBody().readNBytes(MAX_COMMAND_BYTES), StandardCharsets.UTF_8))
                    : route(path);
            if (body == null) {
                status = 404;
                body = Map.of("error", "not found: " + ex.getRequestURI().getPath());
            }
        } catch (NotFound e) {
            status = 404;
            body = Map.of("error", e.getMessage());
        } catch (BadRequest e) {
            status = 400;
            body = Map.of("error", e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            body = Map.of("error", String.valueOf(e.getMessage()));
        }
        boolean raw = body instanceof Map<?, ?> m && m.get("result") instanceof byte[];
        byte[] out = raw ? (byte[]) ((Map<?, ?>) body).get("result") : Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", raw ? "application/octet-stream" : "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private Object route(String[] p) {
        if (p.length == 1 && p[0].equals("node")) return nodeInfo();
        if (p.length >= 3 && p[0].equals("vr")) {
            VrLoop loop = node.vrs().get(p[1]);
            if (loop == null) throw new NotFound("no VR " + p[1] + " on node " + node.name());
            switch (p[2]) {
                case "route":
                    return onLoop(loop, ControlServer::routes);
                case "interface":
                    return onLoop(loop, vr -> interfaces(loop, vr));
                case "fib":
                    return onLoop(loop, vr -> fib(loop, vr));
                case "protocol":
                    if (p.length < 5) return null;
                    // WHAT may itself hold slashes (a prefix: bgp/ipv4-unicast:10.0.0.0/8).
                    String what = String.join("/", java.util.Arrays.copyOfRange(p, 4, p.length));
                    return onLoop(loop, vr -> {
                        Protocol proto = vr.protocol(p[3]);
                        if (proto == null) throw new NotFound("no " + p[3] + " in VR " + p[1]);
                        Object shown = proto.show(io.vroom.core.runtime.RealClock.nowNs(), what);
                        if (shown == null) throw new NotFound(p[3] + " has nothing to show as '" + what + "'");
                        return shown;
                    });
                default:
                    return null;
            }
        }
        return null;
    }

    static final int MAX_COMMAND_BYTES = 64 * 1024;
    /** Most FIB entries one {@code fib} answer lists (the first ones in prefix order). */
    static final int MAX_FIB_LISTED = 10_000;

    /**
     * POST /api/vr/VR/protocol/NAME/command with {@code {"command": "clear", "args": ["10.0.0.1", "soft-in"]}}:
     * a protocol's operator command (Protocol.command), run on the VR's loop.
     */
    private Object command(String[] p, String body) {
        if (p.length != 5 || !p[0].equals("vr") || !p[2].equals("protocol") || !p[4].equals("command")) return null;
        VrLoop loop = node.vrs().get(p[1]);
        if (loop == null) throw new NotFound("no VR " + p[1] + " on node " + node.name());
        String command;
        List<String> args = new ArrayList<>();
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(body);
            command = (String) m.get("command");
            if (m.get("args") != null) for (Object a : (List<?>) m.get("args")) args.add(String.valueOf(a));
        } catch (RuntimeException e) {
            throw new BadRequest("expected {\"command\": \"...\", \"args\": [...]}: " + e.getMessage());
        }
        if (command == null) throw new BadRequest("no \"command\"");
        try {
            Object r = loop.command(p[3], command, args).get(30, TimeUnit.SECONDS);
            return r == null ? Map.of() : Map.of("result", r);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) throw new BadRequest(bad.getMessage());
            throw new IllegalStateException("VR " + loop.name() + ": " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("VR " + loop.name() + " did not answer: " + e, e);
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private static <T> T onLoop(VrLoop loop, Function<VirtualRouter, T> query) {
        try {
            return loop.call(query).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof NotFound nf) throw nf;
            throw new IllegalStateException("VR " + loop.name() + " failed to answer: " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("VR " + loop.name() + " did not answer: " + e, e);
        }
    }

    private Map<String, Object> nodeInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node.name());
        m.put("dataplane", node.dataPlane().kind());
        m.put("vrs", new ArrayList<>(node.vrs().keySet()));
        m.put("ports", new ArrayList<>(node.ports().keySet()));
        m.put("startup_ms_since_jvm_start", node.startupMs());
        return m;
    }

    /** FRR's {@code show ip route json} shape: prefix → list of routes. */
    static Map<String, Object> routes(VirtualRouter vr) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Route r : vr.selectedRoutes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prefix", r.prefix().toString());
            m.put("protocol", r.source().name().toLowerCase());
            m.put("selected", true);
            m.put("distance", r.distance());
            m.put("metric", r.metric());
            List<Object> nhs = new ArrayList<>();
            for (NextHop nh : r.nextHops()) {
                Map<String, Object> h = new LinkedHashMap<>();
                if (nh.gateway() != 0) h.put("ip", Ip4.format(nh.gateway()));
                else h.put("directlyConnected", true);
                InterfaceInfo ii = vr.iface(nh.ifIndex());
                h.put("interfaceName", ii == null ? "if" + nh.ifIndex() : ii.name());
                nhs.add(h);
            }
            m.put("nexthops", nhs);
            out.put(r.prefix().toString(), List.of(m));
        }
        return out;
    }

    /**
     * The VR's FIB as the data plane holds it (prefix → kind and next hops), and whether the VR
     * started over a preserved FIB, with how many preserved entries still wait to be re-learned.
     */
    private static Map<String, Object> fib(VrLoop loop, VirtualRouter vr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("forwardingPreserved", vr.forwardingPreserved());
        m.put("preservedPending", loop.preservedFibPending());
        m.put("restartProgress", vr.restartProgress().name());
        List<io.vroom.core.dataplane.FibEntry> entries = new ArrayList<>(loop.dataPlane().entries());
        entries.sort(java.util.Comparator.comparing(io.vroom.core.dataplane.FibEntry::prefix));
        m.put("fibSize", entries.size());
        if (entries.size() > MAX_FIB_LISTED) { // a full table is for `show bgp`'s pages, not one answer
            m.put("truncated", true);
            entries = entries.subList(0, MAX_FIB_LISTED);
        }
        Map<String, Object> routes = new LinkedHashMap<>();
        for (io.vroom.core.dataplane.FibEntry e : entries) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", e.kind().name().toLowerCase());
            List<Object> nhs = new ArrayList<>();
            for (NextHop nh : e.nextHops()) {
                InterfaceInfo ii = vr.iface(nh.ifIndex());
                nhs.add((nh.gateway() == 0 ? "" : Ip4.format(nh.gateway()) + " ") + (ii == null ? "if" + nh.ifIndex() : ii.name()));
            }
            r.put("nexthops", nhs);
            routes.put(e.prefix().toString(), r);
        }
        m.put("routes", routes);
        return m;
    }

    private static List<Object> interfaces(VrLoop loop, VirtualRouter vr) {
        List<Object> out = new ArrayList<>();
        for (InterfaceInfo i : vr.interfaces()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("address", Ip4.format(i.address()) + "/" + i.subnet().length());
            m.put("mtu", i.mtu());
            m.put("cost", i.cost());
            m.put("up", i.up());
            m.put("counters", loop.dataPlane().counters(i.index()));
            out.add(m);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
