package io.vroom.bgp.policy;

import io.vroom.bgp.attr.AsPath;
import java.util.regex.Pattern;

/**
 * An AS-path regular expression in the Cisco/FRR dialect, matched against the path's text form
 * ({@code "65001 65002 {1,2}"}): {@code _} stands for a delimiter — start, end, space, comma,
 * braces, parentheses. The compiled pattern is transient (rebuilt after a restore).
 */
public final class AsPathRegex {
    private final String regex;
    private transient Pattern compiled;

    public AsPathRegex(String regex) {
        this.regex = regex;
        compile(); // fail early on a bad expression (PatternSyntaxException at configuration time)
    }

    public String regex() { return regex; }

    private Pattern compile() {
        if (compiled == null) compiled = Pattern.compile(regex.replace("_", "(?:^|$|[ ,{}()\\[\\]])"));
        return compiled;
    }

    public boolean matches(AsPath path) {
        return compile().matcher(path == null ? "" : path.toString()).find();
    }
}
