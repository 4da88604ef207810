package io.vroom.bgp.wire;

/** A decoded value or the error that prevented it: decoders return this instead of throwing. */
public record Result<T>(T value, BgpError error) {
    public static <T> Result<T> ok(T value) { return new Result<>(value, null); }

    public static <T> Result<T> error(BgpError e) { return new Result<>(null, e); }

    public boolean isOk() { return error == null; }
}
