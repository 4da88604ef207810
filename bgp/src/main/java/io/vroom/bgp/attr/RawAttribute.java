package io.vroom.bgp.attr;

import java.util.Arrays;

/**
 * An attribute this speaker does not interpret: optional transitive attributes are passed on with
 * the Partial bit set (RFC 4271 §5, §9.1.2.2 note; §4.3 "Partial"). Immutable.
 */
public final class RawAttribute {
    private final int flags;
    private final int type;
    private final byte[] value;

    public RawAttribute(int flags, int type, byte[] value) {
        this(flags, type, value.clone(), false);
    }

    private RawAttribute(int flags, int type, byte[] value, boolean owned) {
        this.flags = flags & 0xf0;
        this.type = type;
        this.value = value;
    }

    /** Takes {@code value} without a copy: the caller gives it up. */
    static RawAttribute trusted(int flags, int type, byte[] value) {
        return new RawAttribute(flags, type, value, true);
    }

    /** The value itself (not a copy): do not modify. */
    byte[] raw() { return value; }

    public int flags() { return flags; }

    public int type() { return type; }

    public byte[] value() { return value.clone(); }

    int length() { return value.length; }

    void encode(io.vroom.bgp.wire.WireWriter w, boolean setPartial) {
        AttrType.header(w, flags | (setPartial ? AttrType.PARTIAL : 0), type, value.length);
        w.bytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAttribute r && r.flags == flags && r.type == type && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() { return (flags * 31 + type) * 31 + Arrays.hashCode(value); }
}
