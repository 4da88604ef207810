package io.vroom.core.sim;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.spi.Rng;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A router-level topology with deterministic addressing, shared by simulation tests and labs:
 * router {@code r} owns the LAN {@code 10.(1 + r/256).(r%256).0/24} (address .1), and link {@code i}
 * is the subnet {@code 10.(128 + i/256).(i%256).0/24} with {@code a} at .1 and {@code b} at .2.
 */
public record Topology(String name, List<String> routers, List<Link> links) {
    /** A point-to-point link between routers (indexes into {@link #routers}) with a cost per direction. */
    public record Link(int a, int b, int costAb, int costBa) {}

    public Topology {
        routers = List.copyOf(routers);
        links = List.copyOf(links);
        if (routers.size() > 32_000 || links.size() > 32_000) throw new IllegalArgumentException("topology too large");
    }

    public Ip4Prefix lan(int router) {
        return new Ip4Prefix(Ip4.parse("10." + (1 + router / 256) + "." + (router % 256) + ".0"), 24);
    }

    public int lanAddress(int router) {
        return lan(router).address() | 1;
    }

    public Ip4Prefix linkSubnet(int link) {
        return new Ip4Prefix(Ip4.parse("10." + (128 + link / 256) + "." + (link % 256) + ".0"), 24);
    }

    /** The address of router {@code router} on link {@code link} (which must touch it). */
    public int linkAddress(int link, int router) {
        Link l = links.get(link);
        if (l.a() == router) return linkSubnet(link).address() | 1;
        if (l.b() == router) return linkSubnet(link).address() | 2;
        throw new IllegalArgumentException("link " + link + " does not touch router " + router);
    }

    public int index(String router) {
        int i = routers.indexOf(router);
        if (i < 0) throw new IllegalArgumentException("no router " + router);
        return i;
    }

    /** Abilene (PAPER.md, the paper's Fig. 7): 11 routers, 14 links; costs are rough fiber distances / 100 km. */
    public static Topology abilene() {
        List<String> r = List.of("seattle", "sunnyvale", "losangeles", "denver", "kansascity", "houston", "chicago",
                "indianapolis", "atlanta", "washington", "newyork");
        String[][] l = {{"seattle", "sunnyvale", "11"}, {"seattle", "denver", "16"}, {"sunnyvale", "losangeles", "5"},
                {"sunnyvale", "denver", "15"}, {"losangeles", "houston", "22"}, {"denver", "kansascity", "9"},
                {"kansascity", "houston", "10"}, {"kansascity", "indianapolis", "7"}, {"houston", "atlanta", "11"},
                {"indianapolis", "chicago", "3"}, {"indianapolis", "atlanta", "7"}, {"chicago", "newyork", "11"},
                {"atlanta", "washington", "9"}, {"washington", "newyork", "3"}};
        List<Link> links = new ArrayList<>();
        for (String[] e : l) links.add(new Link(r.indexOf(e[0]), r.indexOf(e[1]), Integer.parseInt(e[2]), Integer.parseInt(e[2])));
        return new Topology("abilene", r, links);
    }

    /**
     * A connected random topology: a random spanning tree plus {@code extraLinks} more, costs 1..20
     * (different per direction with some probability), reproducible from {@code seed}.
     */
    public static Topology random(int routers, int extraLinks, long seed) {
        Rng rng = new Rng(seed);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < routers; i++) names.add("r" + i);
        List<Link> links = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 1; i < routers; i++) {
            int j = rng.nextInt(i);
            seen.add((long) j << 32 | i);
            links.add(randomLink(rng, j, i));
        }
        for (int tries = 0; links.size() < routers - 1 + extraLinks && tries < 100 * (extraLinks + 1); tries++) {
            int a = rng.nextInt(routers), b = rng.nextInt(routers);
            if (a == b) continue;
            long key = (long) Math.min(a, b) << 32 | Math.max(a, b);
            if (seen.add(key)) links.add(randomLink(rng, a, b));
        }
        return new Topology("random-" + routers + "-" + seed, names, links);
    }

    private static Link randomLink(Rng rng, int a, int b) {
        int c = 1 + rng.nextInt(20);
        return new Link(a, b, c, rng.nextInt(4) == 0 ? 1 + rng.nextInt(20) : c);
    }
}
