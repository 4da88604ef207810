package io.vroom.cli;

import io.vroom.core.config.ConfigException;
import io.vroom.core.mgmt.Json;
import io.vroom.core.node.Node;
import io.vroom.core.node.NodeConfig;
import io.vroom.tests.bench.BenchCommand;
import io.vroom.tests.lab.Diamond;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code vroom} command line. Everything it prints for {@code --json} goes to standard output
 * as one JSON object; logs go to standard error.
 */
public final class Main {
    private Main() {}

    static final String USAGE = """
            usage:
              vroom node --config FILE [--check]               run one physical node (--check: start, stop, exit)
              vroom lab diamond [--in-process] [--rate PPS] [--size BYTES] [--duration SECONDS] [--kill-restart] [--json]
              vroom lab abilene --no-migrate [--in-process] [--rate PPS] [--size BYTES] [--duration SECONDS] [--json]
              vroom bench lpm|fib|forward|tcp [--json]           run a benchmark
              vroom show ip route [--vr VR] [--json]           against a running node's control API
              vroom show interface [--vr VR] [--json]
              vroom show ip ospf neighbor|interface|database|route [--vr VR] [--json]
              vroom show bgp summary | show bgp ipv4 unicast [PREFIX] [--vr VR] [--json]
              vroom clear bgp NEIGHBOR [soft in|soft out] [--vr VR]
              vroom mrt dump FILE [--vr VR]                   the VR's BGP Loc-RIB as MRT TABLE_DUMP_V2 (RFC 6396)
                                                               (originate from MRT: bgp config `mrt-originate: FILE`)
              vroom command PROTOCOL WORDS... [--vr VR]       a protocol's operator command, e.g.
                                                               `vroom command bgp originate 203.0.113.0/24 med=10`
            options for show, clear, command: --control HOST:PORT (default $VROOM_CONTROL or 127.0.0.1:7900)
            """;

    public static void main(String[] argv) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        Args a = new Args(argv);
        try {
            int rc = switch (a.next("command")) {
                case "node" -> node(a);
                case "lab" -> lab(a);
                case "bench" -> BenchCommand.run(a.next("benchmark"), a.flag("--json"));
                case "show" -> show(a);
                case "clear" -> clear(a);
                case "command" -> command(a);
                case "mrt" -> mrt(a);
                case "help", "--help", "-h" -> { System.out.print(USAGE); yield 0; }
                default -> throw new UsageException("unknown command");
            };
            System.exit(rc);
        } catch (UsageException e) {
            System.err.println("vroom: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (ConfigException e) {
            System.err.println("vroom: configuration error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("vroom: " + e.getMessage());
            if (System.getenv("VROOM_DEBUG") != null) e.printStackTrace();
            System.exit(1);
        }
    }

    private static int node(Args a) throws InterruptedException {
        Path config = Path.of(a.required("--config"));
        boolean check = a.flag("--check");
        a.done();
        NodeConfig nc = NodeConfig.load(config);
        Node node = new Node(nc);
        node.start();
        if (check) {
            // Start-up self-test: everything opened and started; stop again and say so.
            System.err.println("vroom: node " + nc.name() + " starts: " + node.ports().size() + " ports, " + node.vrs().size() + " VRs");
            node.close();
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    private static int lab(Args a) throws Exception {
        String which = a.next("lab name");
        if (which.equals("abilene")) return abilene(a);
        if (!which.equals("diamond")) throw new UsageException("unknown lab '" + which + "' (known: diamond, abilene)");
        boolean json = a.flag("--json");
        Diamond.Options o = new Diamond.Options(a.flag("--in-process"), a.intOption("--rate", 5000), a.intOption("--size", 64),
                Double.parseDouble(a.option("--duration", "5")), a.intOption("--base-port", 41000), a.flag("--kill-restart"));
        a.done();
        Map<String, Object> report = Diamond.run(o);
        if (json) {
            System.out.println(Json.write(report));
        } else {
            @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) report.get("traffic");
            @SuppressWarnings("unchecked") Map<String, Object> rtt = (Map<String, Object>) t.get("rtt_us");
            System.out.printf("lab diamond (%s): round-trip UDP h0 (n0) -> VR1 (n1) -> h2 (n2) and back, %d pps, %d bytes%n",
                    report.get("mode"), o.rate(), o.size());
            System.out.printf("  sent %s  received %s  lost %s  duplicates %s%n", t.get("sent"), t.get("received"), t.get("lost"), t.get("duplicates"));
            System.out.printf("  rtt p50 %s us  p99 %s us  max %s us  longest gap %s ms%n", rtt.get("p50"), rtt.get("p99"), rtt.get("max"), t.get("max_gap_ms"));
            if (report.get("restart") != null) System.out.println("  restart: " + Json.write(report.get("restart")));
        }
        @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) report.get("traffic");
        return "done".equals(t.get("state")) ? 0 : 1;
    }

    private static int abilene(Args a) throws Exception {
        boolean json = a.flag("--json");
        if (!a.flag("--no-migrate")) throw new UsageException("live migration is not implemented yet: run with --no-migrate");
        io.vroom.tests.lab.Abilene.Options o = new io.vroom.tests.lab.Abilene.Options(a.flag("--in-process"), a.intOption("--rate", 1000),
                a.intOption("--size", 64), Double.parseDouble(a.option("--duration", "5")), a.intOption("--base-port", 45000));
        a.done();
        Map<String, Object> report = io.vroom.tests.lab.Abilene.run(o);
        @SuppressWarnings("unchecked") Map<String, Object> ospf = (Map<String, Object>) report.get("ospf");
        if (json) {
            System.out.println(Json.write(report));
        } else {
            @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) report.get("traffic");
            System.out.printf("lab abilene (%s): 11 VRs, OSPF 1 s hellos / 3 s dead%n", report.get("mode"));
            System.out.printf("  ospf: %s full adjacencies of %s, %s drops, routes match reference: %s, converged in %s ms%n",
                    ospf.get("full_adjacencies"), ospf.get("expected_adjacencies"), ospf.get("adjacency_drops"),
                    ospf.get("routes_match_reference"), ospf.get("converged_ms"));
            if (t != null) System.out.printf("  traffic seattle -> newyork: sent %s received %s lost %s%n", t.get("sent"), t.get("received"), t.get("lost"));
        }
        return Boolean.TRUE.equals(ospf.get("routes_match_reference")) ? 0 : 1;
    }

    private static String control(Args a) {
        return a.option("--control", System.getenv().getOrDefault("VROOM_CONTROL", "127.0.0.1:7900"));
    }

    /** The VR named by --vr, or the node's first. */
    private static String vr(Args a, String control) throws Exception {
        String vr = a.option("--vr", null);
        if (vr != null) return vr;
        @SuppressWarnings("unchecked") Map<String, Object> node = (Map<String, Object>) get(control, "node");
        List<?> vrs = (List<?>) node.get("vrs");
        if (vrs.isEmpty()) throw new IllegalStateException("node " + node.get("node") + " hosts no VR");
        return String.valueOf(vrs.get(0));
    }

    /** {@code clear bgp NEIGHBOR [soft in|soft out]}: FRR's words, BGP's clear command. */
    private static int clear(Args a) throws Exception {
        String control = control(a);
        String vr = vr(a, control);
        List<String> words = a.rest();
        a.done();
        if (words.size() < 2 || !words.get(0).equals("bgp") || words.size() > 4) throw new UsageException("usage: clear bgp NEIGHBOR [soft in|soft out]");
        List<String> args = new ArrayList<>(List.of(words.get(1)));
        if (words.size() > 2) {
            String how = String.join(" ", words.subList(2, words.size()));
            if (!how.equals("soft in") && !how.equals("soft out")) throw new UsageException("expected 'soft in' or 'soft out', got '" + how + "'");
            args.add(how.replace(' ', '-'));
        }
        System.out.println(result(post(control, "vr/" + vr + "/protocol/bgp/command", "clear", args)));
        return 0;
    }

    private static int command(Args a) throws Exception {
        String control = control(a);
        String vr = vr(a, control);
        String protocol = a.next("protocol");
        List<String> words = a.rest();
        a.done();
        if (words.isEmpty()) throw new UsageException("missing the command");
        System.out.println(result(post(control, "vr/" + vr + "/protocol/" + protocol + "/command", words.get(0), words.subList(1, words.size()))));
        return 0;
    }

    private static int mrt(Args a) throws Exception {
        String control = control(a);
        String vr = vr(a, control);
        if (!a.next("mrt action").equals("dump")) throw new UsageException("usage: mrt dump FILE");
        Path file = Path.of(a.next("file"));
        a.done();
        Object r = post(control, "vr/" + vr + "/protocol/bgp/command", "mrt-dump", List.of(Long.toString(System.currentTimeMillis() / 1000)));
        if (!(r instanceof byte[] bytes)) throw new IllegalStateException("unexpected answer: " + Json.write(r));
        java.nio.file.Files.write(file, bytes);
        System.err.println("vroom: wrote " + bytes.length + " bytes of MRT to " + file);
        return 0;
    }

    private static String result(Object body) {
        return body instanceof Map<?, ?> m && m.get("result") != null ? String.valueOf(m.get("result")) : Json.write(body);
    }

    private static int show(Args a) throws Exception {
        boolean json = a.flag("--json");
        String control = control(a);
        String vr = vr(a, control);
        List<String> words = a.rest();
        if (!words.isEmpty() && words.get(0).equals("bgp")) {
            BgpShowCommand.run(p -> get(control, p), vr, words, json, System.out);
            return 0;
        }
        String path = switch (String.join(" ", words.subList(0, Math.min(words.size(), 3)))) {
            case "ip route" -> "vr/" + vr + "/route";
            case "interface" -> "vr/" + vr + "/interface";
            case "ip ospf neighbor", "ip ospf interface", "ip ospf database", "ip ospf route" -> "vr/" + vr + "/protocol/ospf/" + words.get(2);
            case "bgp summary" -> "vr/" + vr + "/protocol/bgp/summary";
            case "bgp ipv4 unicast" -> "vr/" + vr + "/protocol/bgp/" + (words.size() > 3 ? "ipv4-unicast:" + words.get(3) : "ipv4-unicast");
            default -> throw new UsageException("unknown show command '" + String.join(" ", words) + "'");
        };
        Object result = get(control, path);
        System.out.println(json ? Json.write(result) : ShowFormat.text(words, result));
        return 0;
    }

    public static Object get(String control, String path) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + control + "/api/" + path).toURL().openConnection();
        return answer(control, c);
    }

    public static Object post(String control, String path, String command, List<String> args) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + control + "/api/" + path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(2000);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("command", command);
        body.put("args", args);
        try (java.io.OutputStream out = c.getOutputStream()) {
            out.write(Json.write(body).getBytes(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("no node answers at " + control + " (is `vroom node` running? set --control)");
        }
        return answer(control, c);
    }

    private static Object answer(String control, HttpURLConnection c) throws Exception {
        c.setConnectTimeout(2000);
        c.setReadTimeout(35_000);
        int code;
        try {
            code = c.getResponseCode();
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("no node answers at " + control + " (is `vroom node` running? set --control)");
        }
        if (code < 400 && "application/octet-stream".equals(c.getContentType())) {
            try (InputStream in = c.getInputStream()) {
                return in.readAllBytes();
            }
        }
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            Object body = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (code >= 400) throw new IllegalStateException(body instanceof Map<?, ?> m ? String.valueOf(m.get("error")) : "HTTP " + code);
            return body;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) {
            super(m);
        }
    }

    /** Argument parsing: positional words, --flags, and --options VALUE (the names in VALUE_OPTIONS), in any order. */
    static final class Args {
        private static final java.util.Set<String> VALUE_OPTIONS =
                java.util.Set.of("--config", "--rate", "--size", "--duration", "--base-port", "--control", "--vr");
        private final List<String> words = new ArrayList<>();
        private final List<String> flags = new ArrayList<>();
        private final Map<String, String> values = new java.util.LinkedHashMap<>();

        Args(String[] argv) {
            for (int i = 0; i < argv.length; i++) {
                String s = argv[i];
                if (VALUE_OPTIONS.contains(s)) {
                    if (i + 1 >= argv.length) throw new UsageException(s + " needs a value");
                    values.put(s, argv[++i]);
                } else if (s.startsWith("--")) {
                    flags.add(s);
                } else {
                    words.add(s);
                }
            }
        }

        String next(String what) {
            if (words.isEmpty()) throw new UsageException("missing " + what);
            return words.remove(0);
        }

        List<String> rest() {
            List<String> r = new ArrayList<>(words);
            words.clear();
            return r;
        }

        boolean flag(String name) {
            return flags.remove(name);
        }

        String option(String name, String dflt) {
            String v = values.remove(name);
            return v == null ? dflt : v;
        }

        String required(String name) {
            String v = values.remove(name);
            if (v == null) throw new UsageException(name + " is required");
            return v;
        }

        int intOption(String name, int dflt) {
            String v = values.remove(name);
            if (v == null) return dflt;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " needs a number, got '" + v + "'");
            }
        }

        void done() {
            if (!words.isEmpty() || !flags.isEmpty() || !values.isEmpty()) {
                throw new UsageException("unexpected arguments " + words + " " + flags + " " + values.keySet());
            }
        }
    }
}
