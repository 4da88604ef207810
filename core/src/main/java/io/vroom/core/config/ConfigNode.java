package io.vroom.core.config;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML configuration tree that remembers where every value came from, so that every error names
 * file, line and field ({@code vrs[0].interfaces[1].address}). Typed getters validate; a section
 * calls {@link #allowOnly} so that an unknown or misspelt field is an error, not silently ignored.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final Node node;

    private ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    public static ConfigNode load(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            return parse(file.toString(), r);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "(file)", "cannot read: " + e.getMessage());
        }
    }

    public static ConfigNode parse(String fileName, String text) {
        return parse(fileName, new StringReader(text));
    }

    private static ConfigNode parse(String fileName, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(16 * 1024 * 1024);
        try {
            Node root = new Yaml(options).compose(reader);
            if (root == null) throw new ConfigException(fileName, 1, "(root)", "empty configuration");
            ConfigNode n = new ConfigNode(fileName, "", root);
            if (!(root instanceof MappingNode)) throw n.error("expected a mapping at the top level");
            return n;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(fileName, line, "(syntax)", e.getProblem());
        }
    }

    public String file() { return file; }
    public String path() { return path.isEmpty() ? "(root)" : path; }
    public int line() { return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1; }

    public ConfigException error(String message) {
        return new ConfigException(file, line(), path(), message);
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Map<String, ConfigNode> fields() {
        if (!(node instanceof MappingNode m)) throw error("expected a mapping");
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) throw new ConfigNode(file, path, t.getKeyNode()).error("keys must be plain names");
            out.put(k.getValue(), new ConfigNode(file, childPath(k.getValue()), t.getValueNode()));
        }
        return out;
    }

    /** Fails on the first field not in {@code allowed}. */
    public ConfigNode allowOnly(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Map.Entry<String, ConfigNode> e : fields().entrySet()) {
            if (!ok.contains(e.getKey())) {
                throw e.getValue().error("unknown field '" + e.getKey() + "' (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    public boolean has(String key) {
        return fields().containsKey(key);
    }

    public Set<String> keys() {
        return fields().keySet();
    }

    /** The child {@code key}; fails if missing. */
    public ConfigNode get(String key) {
        ConfigNode c = fields().get(key);
        if (c == null) throw new ConfigException(file, line(), childPath(key), "required field is missing");
        return c;
    }

    /** The child {@code key}, or null. */
    public ConfigNode find(String key) {
        return fields().get(key);
    }

    public boolean isList() { return node instanceof SequenceNode; }
    public boolean isMapping() { return node instanceof MappingNode; }

    /** The elements of a sequence node. */
    public List<ConfigNode> elements() {
        if (!(node instanceof SequenceNode s)) throw error("expected a list");
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) out.add(new ConfigNode(file, path + "[" + i + "]", s.getValue().get(i)));
        return out;
    }

    /** The elements of the list at {@code key}; an absent key is an empty list. */
    public List<ConfigNode> list(String key) {
        ConfigNode c = find(key);
        return c == null ? List.of() : c.elements();
    }

    public String asString() {
        if (!(node instanceof ScalarNode s)) throw error("expected a value, not a " + (isList() ? "list" : "mapping"));
        return s.getValue();
    }

    public long asLong(long min, long max) {
        long v;
        try {
            v = Long.parseLong(asString().trim());
        } catch (NumberFormatException e) {
            throw error("expected an integer, got '" + asString() + "'");
        }
        if (v < min || v > max) throw error("must be between " + min + " and " + max + ", got " + v);
        return v;
    }

    public int asInt(int min, int max) {
        return (int) asLong(min, max);
    }

    public double asDouble(double min, double max) {
        double v;
        try {
            v = Double.parseDouble(asString().trim());
        } catch (NumberFormatException e) {
            throw error("expected a number, got '" + asString() + "'");
        }
        if (!(v >= min && v <= max)) throw error("must be between " + min + " and " + max + ", got " + v);
        return v;
    }

    public boolean asBoolean() {
        return switch (asString().trim()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, got '" + asString() + "'");
        };
    }

    public int asAddress() {
        try {
            return Ip4.parse(asString().trim());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public Ip4Prefix asPrefix() {
        try {
            return Ip4Prefix.parse(asString().trim());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** An interface address with its prefix length, {@code 10.0.0.1/24}: returns {address, length}. */
    public int[] asInterfaceAddress() {
        String s = asString().trim();
        int slash = s.indexOf('/');
        if (slash < 0) throw error("expected ADDRESS/LENGTH, got '" + s + "'");
        try {
            int len = Integer.parseInt(s.substring(slash + 1));
            if (len < 0 || len > 32) throw error("prefix length out of range in '" + s + "'");
            return new int[] {Ip4.parse(s.substring(0, slash)), len};
        } catch (IllegalArgumentException e) {
            throw error("expected ADDRESS/LENGTH, got '" + s + "'");
        }
    }

    public <E extends Enum<E>> E asEnum(Class<E> type) {
        String s = asString().trim();
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(s.replace('-', '_'))) return e;
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase().replace('_', '-'));
        throw error("expected one of " + names + ", got '" + s + "'");
    }

    // Convenience accessors for optional scalar fields.
    public String string(String key, String dflt) { ConfigNode c = find(key); return c == null ? dflt : c.asString(); }
    public String string(String key) { return get(key).asString(); }
    public int integer(String key, int min, int max, int dflt) { ConfigNode c = find(key); return c == null ? dflt : c.asInt(min, max); }
    public int integer(String key, int min, int max) { return get(key).asInt(min, max); }
    public long longValue(String key, long min, long max, long dflt) { ConfigNode c = find(key); return c == null ? dflt : c.asLong(min, max); }
    public double number(String key, double min, double max, double dflt) { ConfigNode c = find(key); return c == null ? dflt : c.asDouble(min, max); }
    public boolean bool(String key, boolean dflt) { ConfigNode c = find(key); return c == null ? dflt : c.asBoolean(); }
    public int address(String key) { return get(key).asAddress(); }
    public Ip4Prefix prefix(String key) { return get(key).asPrefix(); }
}
