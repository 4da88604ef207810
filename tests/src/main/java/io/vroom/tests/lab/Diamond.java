package io.vroom.tests.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paper's diamond testbed (PAPER.md): n0 (traffic generator) — n1 (VR1) — n2 (receiver), with
 * n3 joined to n0, n2 and (for migration) n1. Links are UDP tunnels on loopback; each physical node
 * is a separate JVM unless in-process. Traffic: round-trip UDP from h0 on n0 through VR1 to h2 on n2.
 * <pre>
 *   h0 10.0.1.2 --- 10.0.1.1 [vr1] 10.0.2.1 --- 10.0.2.2 h2
 *   (n0)  \ 10.0.3.0/24      (n1)  | 10.0.13.0/24    / 10.0.4.0/24 (n2)
 *          `------------------ n3 (idle) ----------'
 * </pre>
 */
public final class Diamond {
    private Diamond() {}

    /** {@code killRestart}: kill -9 VR1's node (n1) a third into the run and start it again at once. */
    public record Options(boolean inProcess, int rate, int size, double durationSec, int basePort, boolean killRestart) {}

    public static Map<String, Object> run(Options o) throws Exception {
        int b = o.basePort();
        // Link ends: each link gets two UDP ports on loopback.
        String[][] links = {{"n0", "n1"}, {"n1", "n2"}, {"n0", "n3"}, {"n2", "n3"}, {"n1", "n3"}};
        Map<String, StringBuilder> ports = new LinkedHashMap<>();
        for (String n : new String[] {"n0", "n1", "n2", "n3"}) ports.put(n, new StringBuilder());
        for (int i = 0; i < links.length; i++) {
            String a = links[i][0], z = links[i][1];
            int pa = b + 2 * i, pz = b + 2 * i + 1;
            ports.get(a).append(port("to-" + z, pa, pz));
            ports.get(z).append(port("to-" + a, pz, pa));
        }
        String gen = String.format("""
                    trafficgen: {destination: 10.0.2.2, rate: %d, size: %d, duration: %s}
                """, o.rate(), o.size(), o.durationSec());
        Map<String, String> yaml = new LinkedHashMap<>();
        yaml.put("n0", node("n0", b, ports.get("n0"), """
                  - name: h0
                    interfaces:
                      - {name: eth0, port: to-n1, address: 10.0.1.2/24}
                      - {name: eth1, port: to-n3, address: 10.0.3.2/24}
                    static-routes:
                      - {prefix: 0.0.0.0/0, via: 10.0.1.1}
                """ + gen));
        yaml.put("n1", node("n1", b, ports.get("n1"), """
                  - name: vr1
                    router-id: 1.1.1.1
                    interfaces:
                      - {name: eth0, port: to-n0, address: 10.0.1.1/24}
                      - {name: eth1, port: to-n2, address: 10.0.2.1/24}
                      - {name: eth2, port: to-n3, address: 10.0.13.1/24}
                """));
        yaml.put("n2", node("n2", b, ports.get("n2"), """
                  - name: h2
                    interfaces:
                      - {name: eth0, port: to-n1, address: 10.0.2.2/24}
                      - {name: eth1, port: to-n3, address: 10.0.4.2/24}
                    static-routes:
                      - {prefix: 0.0.0.0/0, via: 10.0.2.1}
                    udpecho: {port: 9000}
                """));
        yaml.put("n3", node("n3", b, ports.get("n3"), ""));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("lab", "diamond");
        report.put("mode", o.inProcess() ? "in-process" : "processes");
        try (Lab lab = new Lab(o.inProcess())) {
            int i = 0;
            for (Map.Entry<String, String> e : yaml.entrySet()) lab.startNode(e.getKey(), control(b, i++), e.getValue());
            lab.awaitNodes(60_000);
            long deadline = System.currentTimeMillis() + (long) ((o.durationSec() + 60) * 1000);
            Object traffic;
            long runningSinceMs = 0;
            boolean restarted = !o.killRestart();
            while (true) {
                traffic = lab.get("n0", "vr/h0/protocol/trafficgen/report");
                String state = traffic instanceof Map<?, ?> m ? String.valueOf(m.get("state")) : "unreachable";
                if (state.equals("running") && runningSinceMs == 0) runningSinceMs = System.currentTimeMillis();
                if (!restarted && runningSinceMs != 0 && System.currentTimeMillis() - runningSinceMs > o.durationSec() * 1000 / 3) {
                    report.put("restart", killAndRestart(lab, "n1"));
                    restarted = true;
                }
                if (state.equals("done") || state.equals("failed")) break;
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("traffic did not finish (state " + state + ")\n" + lab.tail("n0"));
                Thread.sleep(200);
            }
            report.put("traffic", traffic);
            report.put("vr1_interfaces", lab.get("n1", "vr/vr1/interface"));
        }
        return report;
    }

    /** kill -9 a node, start it again, and time how soon its control API answers again. */
    private static Map<String, Object> killAndRestart(Lab lab, String node) throws Exception {
        long t0 = System.nanoTime();
        lab.kill(node);
        long killedNs = System.nanoTime();
        lab.launch(node);
        while (lab.get(node, "node") == null) {
            if (System.nanoTime() - killedNs > 60_000_000_000L) throw new IllegalStateException(node + " did not come back\n" + lab.tail(node));
            Thread.sleep(20);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("node", node);
        r.put("kill_ms", (killedNs - t0) / 1e6);
        r.put("process_start_to_control_api_ms", (System.nanoTime() - killedNs) / 1e6);
        // The restarted node's own milestones: when its persisted FIB forwarded, when its VRs ran.
        if (lab.get(node, "node") instanceof Map<?, ?> info) r.put("startup_ms_since_jvm_start", info.get("startup_ms_since_jvm_start"));
        return r;
    }

    private static String control(int base, int i) {
        return "127.0.0.1:" + (base + 100 + i);
    }

    private static String port(String name, int local, int remote) {
        return String.format("  - {name: %s, type: udp, local: 127.0.0.1:%d, remote: 127.0.0.1:%d}%n", name, local, remote);
    }

    private static String node(String name, int base, CharSequence ports, String vrs) {
        int idx = name.charAt(1) - '0';
        return "node: " + name + "\ncontrol: " + control(base, idx) + "\nports:\n" + ports
                + (vrs.isEmpty() ? "vrs: []\n" : "vrs:\n" + vrs);
    }
}
