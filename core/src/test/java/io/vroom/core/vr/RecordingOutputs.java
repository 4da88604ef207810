package io.vroom.core.vr;

import io.vroom.core.dataplane.FibDelta;
import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Records a VR's outputs for assertions, and keeps the FIB its deltas describe. */
final class RecordingOutputs implements VrOutputs {
    record Sent(int ifIndex, int nextHop, byte[] packet) {}

    final List<Sent> sent = new ArrayList<>();
    final List<byte[]> routed = new ArrayList<>();
    final List<FibDelta> fib = new ArrayList<>();
    final TreeMap<Ip4Prefix, FibEntry> table = new TreeMap<>();
    final List<String> logs = new ArrayList<>();

    @Override public void send(int ifIndex, int nextHop, byte[] packet) { sent.add(new Sent(ifIndex, nextHop, packet)); }
    @Override public void sendRouted(byte[] packet) { routed.add(packet); }
    @Override public void log(String line) { logs.add(line); }

    @Override
    public void fib(List<FibDelta> batch) {
        for (FibDelta d : batch) {
            fib.add(d);
            if (d.isRemove()) table.remove(d.prefix());
            else table.put(d.prefix(), d.entry());
        }
    }

    FibEntry entry(String prefix) {
        return table.get(Ip4Prefix.parse(prefix));
    }
}
