package io.vroom.ospf;

import io.vroom.core.net.Ip4;
import io.vroom.core.net.Ip4Prefix;
import io.vroom.core.net.Ipv4;
import io.vroom.core.rib.Route;
import io.vroom.core.rib.RouteSource;
import io.vroom.core.spi.InterfaceInfo;
import io.vroom.core.spi.ProtocolContext;
import io.vroom.core.spi.Rng;
import io.vroom.ospf.packet.Auth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * A small virtual-time network for OSPF tests (until core's simulator exists): routers are bare
 * {@link Ospf} instances with a recording {@link ProtocolContext}; segments (point-to-point links or
 * broadcast LANs) deliver packets after {@link #latencyNs}; one thread, a seeded order, no sleeping.
 */
final class TestNet {
    static final long MS = 1_000_000L, SEC = 1_000_000_000L;

    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<Segment> segments = new ArrayList<>();
    final PriorityQueue<Delivery> queue = new PriorityQueue<>();
    long nowNs;
    long seq;
    long latencyNs = MS;
    long packetsDelivered;
    final List<String> trace = new ArrayList<>();
    boolean recordTrace;

    record Delivery(long atNs, long seq, Node to, int ifIndex, byte[] packet) implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery o) {
            int c = Long.compare(atNs, o.atNs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    static final class Segment {
        final String name;
        final List<Node> nodes = new ArrayList<>();
        final List<Integer> ifIndexes = new ArrayList<>();
        boolean up = true;

        Segment(String name) {
            this.name = name;
        }
    }

    /** Interface defaults used by {@link #link}/{@link #lan}; tests may change them before building. */
    int helloSec = 10, deadSec = 40;
    Auth auth = Auth.NULL;

    final class Node implements ProtocolContext {
        final String name;
        final int routerId;
        final List<InterfaceInfo> ifs = new ArrayList<>();
        final List<OspfConfig.IfaceConfig> ifConfigs = new ArrayList<>();
        final List<Segment> ifSegments = new ArrayList<>();
        final Map<Integer, OspfConfig.AreaConfig> areas = new TreeMap<>();
        final List<OspfConfig.Redistribute> redistribute = new ArrayList<>();
        final TreeMap<Ip4Prefix, Route> rib = new TreeMap<>();
        final List<Route> staticRoutes = new ArrayList<>();
        final List<String> logs = new ArrayList<>();
        final Rng rng;
        Ospf ospf;
        long routeUpdates;

        Node(String name, int routerId) {
            this.name = name;
            this.routerId = routerId;
            this.rng = new Rng(routerId);
        }

        int addIface(Segment s, int address, int prefixLength, int cost, NetworkType type, int areaId, int priority) {
            int index = ifs.size();
            ifs.add(new InterfaceInfo(index, "eth" + index, address, new Ip4Prefix(address, prefixLength), 1500, cost, true));
            ifConfigs.add(new OspfConfig.IfaceConfig("eth" + index, areaId, type, cost, helloSec, deadSec, 5, 1, priority, false, auth));
            ifSegments.add(s);
            areas.putIfAbsent(areaId, new OspfConfig.AreaConfig(areaId, false, 1));
            s.nodes.add(this);
            s.ifIndexes.add(index);
            return index;
        }

        @Override public String vrName() { return name; }
        @Override public int routerId() { return routerId; }
        @Override public List<InterfaceInfo> interfaces() { return ifs; }
        @Override public InterfaceInfo iface(int ifIndex) { return ifIndex >= 0 && ifIndex < ifs.size() ? ifs.get(ifIndex) : null; }
        @Override public Rng random() { return rng; }

        @Override
        public void send(int ifIndex, int nextHop, byte[] packet) {
            if (recordTrace) trace.add(nowNs + " " + name + " if" + ifIndex + " -> " + Ip4.format(nextHop) + " " + java.util.HexFormat.of().formatHex(packet));
            Segment s = ifSegments.get(ifIndex);
            if (!s.up) return;
            for (int k = 0; k < s.nodes.size(); k++) {
                Node to = s.nodes.get(k);
                int toIf = s.ifIndexes.get(k);
                if (to == this && toIf == ifIndex) continue;
                if (!Ip4.isMulticast(nextHop) && to.ifs.get(toIf).address() != nextHop) continue;
                queue.add(new Delivery(nowNs + latencyNs, seq++, to, toIf, packet.clone()));
            }
        }

        @Override public void sendRouted(byte[] packet) { throw new UnsupportedOperationException(); }

        @Override
        public void updateRoute(Route route) {
            if (route.source() != RouteSource.OSPF) throw new AssertionError("OSPF must write OSPF routes");
            rib.put(route.prefix(), route);
            routeUpdates++;
        }

        @Override
        public void withdrawRoute(RouteSource source, Ip4Prefix prefix) {
            if (rib.remove(prefix) == null) throw new AssertionError(name + ": withdraw of a route never installed: " + prefix);
            routeUpdates++;
        }

        @Override public Route lookup(int address) { return null; }
        @Override public Route best(Ip4Prefix prefix) { return rib.get(prefix); }
        @Override public Collection<Route> selectedRoutes() { return staticRoutes; }

        @Override
        public void log(String message) {
            if (logs.size() < 10_000) logs.add(nowNs / MS + "ms " + message);
        }

        OspfConfig config() {
            return new OspfConfig(routerId, 50 * MS, areas, ifConfigs, redistribute);
        }
    }

    Node node(String name, int routerId) {
        Node n = new Node(name, routerId);
        nodes.put(name, n);
        return n;
    }

    Node node(String name) {
        return nodes.get(name);
    }

    private int nextSubnet = Ip4.parse("10.0.0.0");

    /** A point-to-point link on a fresh /30 (a gets .1, b .2). */
    Segment link(Node a, Node b, int costA, int costB, int areaId) {
        Segment s = new Segment(a.name + "-" + b.name);
        int net = nextSubnet;
        nextSubnet += 4;
        a.addIface(s, net + 1, 30, costA, NetworkType.POINT_TO_POINT, areaId, 1);
        b.addIface(s, net + 2, 30, costB, NetworkType.POINT_TO_POINT, areaId, 1);
        segments.add(s);
        return s;
    }

    Segment link(Node a, Node b, int cost) {
        return link(a, b, cost, cost, 0);
    }

    /** A broadcast LAN on 192.168.k.0/24; member i gets .(i+1) with the given priority. */
    Segment lan(int k, List<Node> members, List<Integer> priorities, int cost) {
        Segment s = new Segment("lan" + k);
        int net = Ip4.parse("192.168.0.0") + (k << 8);
        for (int i = 0; i < members.size(); i++) members.get(i).addIface(s, net + i + 1, 24, cost, NetworkType.BROADCAST, 0, priorities.get(i));
        segments.add(s);
        return s;
    }

    void start() {
        for (Node n : nodes.values()) {
            n.ospf = new Ospf(n.config());
            n.ospf.start(nowNs, n);
        }
    }

    /** Runs events and timers until {@code untilNs} (virtual time). */
    void runUntil(long untilNs) {
        while (true) {
            long next = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().atNs;
            Node timerNode = null;
            for (Node n : nodes.values()) {
                if (n.ospf == null) continue;
                long d = n.ospf.nextDeadlineNs();
                if (d < next) {
                    next = d;
                    timerNode = n;
                }
            }
            if (next > untilNs) break;
            if (next < nowNs) throw new AssertionError("deadline in the past: " + next + " < " + nowNs);
            nowNs = next;
            if (timerNode != null) {
                timerNode.ospf.handleTimeout(nowNs, timerNode);
            } else {
                Delivery d = queue.poll();
                packetsDelivered++;
                if (d.to.ospf != null && d.to.ifs.get(d.ifIndex).up()) d.to.ospf.handlePacket(nowNs, d.to, d.ifIndex, d.packet);
            }
        }
        nowNs = untilNs;
    }

    void runFor(long ns) {
        runUntil(nowNs + ns);
    }

    /** Takes a segment down (or up): the link layer tells both ends, as a VR would. */
    void setSegment(Segment s, boolean up) {
        s.up = up;
        for (int k = 0; k < s.nodes.size(); k++) {
            Node n = s.nodes.get(k);
            int i = s.ifIndexes.get(k);
            InterfaceInfo old = n.ifs.get(i);
            InterfaceInfo now = new InterfaceInfo(old.index(), old.name(), old.address(), old.subnet(), old.mtu(), old.cost(), up);
            n.ifs.set(i, now);
            if (n.ospf != null) n.ospf.handleInterface(nowNs, n, now);
        }
    }

    /** Every neighbor of every router Full (and, on LANs, the DROther pairs 2-Way). */
    boolean allAdjacent() {
        for (Node n : nodes.values()) {
            for (Iface i : n.ospf.interfaces().values()) {
                if (i.state() == IsmState.DOWN) continue;
                Segment s = n.ifSegments.get(i.ifIndex);
                if (i.neighbors().size() != s.nodes.size() - 1) return false;
                for (Neighbor nb : i.neighbors().values()) {
                    boolean wanted = NeighborFsm.adjacencyWanted(i, nb);
                    if (wanted ? nb.state() != NsmState.FULL : nb.state() != NsmState.TWO_WAY) return false;
                }
            }
        }
        return true;
    }
}
