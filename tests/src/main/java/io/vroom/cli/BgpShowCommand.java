package io.vroom.cli;

import io.vroom.core.mgmt.Json;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code vroom show bgp summary} and {@code vroom show bgp ipv4 unicast [PREFIX]}, text or
 * {@code --json}, against a node's control API. The whole table is fetched page by page and each
 * page printed as it arrives (text rows, or the JSON object written incrementally), so listing a
 * million routes holds one page in memory, not the table.
 */
public final class BgpShowCommand {
    private BgpShowCommand() {}

    static final int PAGE = 5000;

    /** Where a page comes from: (path under /api/) → parsed JSON. */
    public interface Source {
        Object get(String path) throws Exception;
    }

    public static void run(Source api, String vr, List<String> words, boolean json, PrintStream out) throws Exception {
        String base = "vr/" + vr + "/protocol/bgp/";
        String cmd = String.join(" ", words);
        if (cmd.equals("bgp summary")) {
            Object s = api.get(base + "summary");
            out.println(json ? Json.write(s) : BgpShowFormat.summary((Map<?, ?>) s));
        } else if (cmd.startsWith("bgp ipv4 unicast ") && words.size() == 4) {
            Object d = api.get(base + "ipv4-unicast:" + words.get(3));
            out.print(json ? Json.write(d) + "\n" : BgpShowFormat.detail((Map<?, ?>) d, words.get(3)));
        } else if (cmd.equals("bgp ipv4 unicast")) {
            table(api, base, json, out);
        } else {
            throw new Main.UsageException("usage: show bgp summary | show bgp ipv4 unicast [PREFIX]");
        }
    }

    private static void table(Source api, String base, boolean json, PrintStream out) throws Exception {
        String after = null;
        long prefixes = 0, paths = 0;
        boolean first = true;
        while (true) {
            Map<?, ?> page = (Map<?, ?>) api.get(base + "ipv4-unicast;limit=" + PAGE + (after == null ? "" : ";after=" + after));
            if (page.get("error") != null) throw new IllegalStateException(String.valueOf(page.get("error")));
            Map<?, ?> routes = (Map<?, ?>) page.get("routes");
            if (first) {
                if (json) {
                    StringBuilder h = new StringBuilder("{");
                    for (Map.Entry<?, ?> e : page.entrySet()) {
                        if (e.getKey().equals("routes") || e.getKey().equals("next")) continue;
                        h.append(Json.write(String.valueOf(e.getKey()))).append(':').append(Json.write(e.getValue())).append(',');
                    }
                    out.print(h.append("\"routes\":{"));
                } else if (!routes.isEmpty()) {
                    out.print(BgpShowFormat.tableHeader(page));
                }
            }
            StringBuilder sb = new StringBuilder();
            if (json) {
                for (Map.Entry<?, ?> e : routes.entrySet()) {
                    if (!first || sb.length() > 0) sb.append(',');
                    sb.append(Json.write(String.valueOf(e.getKey()))).append(':').append(Json.write(e.getValue()));
                }
            } else {
                paths += BgpShowFormat.tableRows(routes, sb);
            }
            out.print(sb);
            prefixes += routes.size();
            first = false;
            Object next = page.get("next");
            if (next == null) break;
            after = String.valueOf(next);
        }
        out.print(json ? "}}\n" : BgpShowFormat.tableFooter(prefixes, paths));
    }
}
