package io.vroom.cli;

import java.util.List;
import java.util.Map;

/** Text rendering of control-API answers, in the style of FRR's vtysh. */
final class ShowFormat {
    private ShowFormat() {}

    static String text(List<String> words, Object result) {
        if (words.size() >= 2 && words.get(0).equals("ip") && words.get(1).equals("route") && result instanceof Map<?, ?> m) {
            return routes(m);
        }
        if (words.size() >= 3 && words.get(0).equals("ip") && words.get(1).equals("ospf")) return OspfShowText.text(words.get(2), result);
        StringBuilder sb = new StringBuilder();
        generic(sb, result, "");
        return sb.toString().stripTrailing();
    }

    private static final Map<String, String> CODES = Map.of("connected", "C", "local", "L", "static", "S", "ospf", "O", "ebgp", "B", "ibgp", "B");

    private static String routes(Map<?, ?> table) {
        StringBuilder sb = new StringBuilder("Codes: C - connected, L - local, S - static, O - OSPF, B - BGP\n\n");
        for (Object v : table.values()) {
            for (Object o : (List<?>) v) {
                Map<?, ?> r = (Map<?, ?>) o;
                String code = CODES.getOrDefault(String.valueOf(r.get("protocol")), "?");
                sb.append(code).append(">* ").append(r.get("prefix"));
                List<?> nhs = (List<?>) r.get("nexthops");
                if (nhs.isEmpty()) sb.append(" is local\n");
                boolean first = true;
                for (Object h : nhs) {
                    Map<?, ?> nh = (Map<?, ?>) h;
                    String pad = first ? "" : " ".repeat(String.valueOf(r.get("prefix")).length() + 3);
                    if (nh.containsKey("ip")) {
                        sb.append(pad).append(" [").append(r.get("distance")).append('/').append(r.get("metric")).append("] via ")
                                .append(nh.get("ip")).append(", ").append(nh.get("interfaceName")).append('\n');
                    } else {
                        sb.append(pad).append(" is directly connected, ").append(nh.get("interfaceName")).append('\n');
                    }
                    first = false;
                }
            }
        }
        return sb.toString();
    }

    private static void generic(StringBuilder sb, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?>) {
                    sb.append(indent).append(e.getKey()).append(":\n");
                    generic(sb, e.getValue(), indent + "  ");
                } else {
                    sb.append(indent).append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                }
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> || o instanceof List<?>) {
                    sb.append(indent).append("-\n");
                    generic(sb, o, indent + "  ");
                } else {
                    sb.append(indent).append("- ").append(o).append('\n');
                }
            }
        } else {
            sb.append(indent).append(v).append('\n');
        }
    }
}
