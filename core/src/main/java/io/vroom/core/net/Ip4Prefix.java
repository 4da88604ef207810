package io.vroom.core.net;

/** An IPv4 prefix; the address is always masked to the length. Ordered by address, then length. */
public record Ip4Prefix(int address, int length) implements Comparable<Ip4Prefix> {
    public static final Ip4Prefix DEFAULT = new Ip4Prefix(0, 0);

    public Ip4Prefix {
        if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length out of range: " + length);
        address &= Ip4.mask(length);
    }

    /** Parses {@code a.b.c.d/len} (a bare address is a /32). */
    public static Ip4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) return new Ip4Prefix(Ip4.parse(text), 32);
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 prefix: '" + text + "'");
        }
        if (length < 0 || length > 32) throw new IllegalArgumentException("not an IPv4 prefix: '" + text + "'");
        return new Ip4Prefix(Ip4.parse(text.substring(0, slash)), length);
    }

    public static Ip4Prefix host(int address) {
        return new Ip4Prefix(address, 32);
    }

    public int mask() {
        return Ip4.mask(length);
    }

    public boolean contains(int addr) {
        return (addr & mask()) == address;
    }

    public boolean contains(Ip4Prefix other) {
        return other.length >= length && contains(other.address);
    }

    @Override
    public int compareTo(Ip4Prefix o) {
        int c = Integer.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    /**
     * A mixed hash: the record's default ({@code 31 * address + length}) puts a real table's
     * prefixes (addresses with many low zero bits) into few hash buckets, which turned a 1M-entry
     * HashMap's bins into trees. Deterministic (no identity, no seed).
     */
    @Override
    public int hashCode() {
        long h = ((long) address << 6 | length) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return Ip4.format(address) + "/" + length;
    }
}
