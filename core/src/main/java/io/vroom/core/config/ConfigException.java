package io.vroom.core.config;

/** A configuration error, naming the file, line and field, raised before anything starts. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String field;

    public ConfigException(String file, int line, String field, String message) {
        super(file + ":" + line + ": " + field + ": " + message);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() { return file; }
    public int line() { return line; }
    public String field() { return field; }
}
