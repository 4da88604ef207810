package io.vroom.core.rib;

import io.vroom.core.net.Ip4;

/** Out of interface {@code ifIndex} toward {@code gateway}; gateway 0 means on-link (the destination itself). */
public record NextHop(int ifIndex, int gateway) implements Comparable<NextHop> {
    public static NextHop onLink(int ifIndex) {
        return new NextHop(ifIndex, 0);
    }

    @Override
    public int compareTo(NextHop o) {
        int c = Integer.compare(ifIndex, o.ifIndex);
        return c != 0 ? c : Integer.compareUnsigned(gateway, o.gateway);
    }

    @Override
    public String toString() {
        return gateway == 0 ? "if" + ifIndex : Ip4.format(gateway) + "@if" + ifIndex;
    }
}
