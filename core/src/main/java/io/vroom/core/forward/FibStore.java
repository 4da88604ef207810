package io.vroom.core.forward;

import io.vroom.core.dataplane.FibEntry;
import io.vroom.core.net.Ip4Prefix;
import java.util.function.Consumer;

/**
 * The authoritative copy of one VR's FIB, which the LPM index is built from: on the heap for the
 * simulator ({@link HeapFibStore}), in a Chronicle Map file for real nodes (dataplane module). It
 * is written by one thread at a time (the VR's loop through {@link SoftwareVrDataPlane#apply}).
 */
public interface FibStore extends AutoCloseable {
    /** The most entries the store accepts. */
    int capacity();

    int size();

    /**
     * Installs or replaces the entry of {@code entry.prefix()}. Returns false, changing nothing, if
     * the prefix is new and the store holds {@link #capacity()} entries already.
     */
    boolean put(FibEntry entry);

    /** Removes the entry of {@code prefix}; returns whether there was one. */
    boolean remove(Ip4Prefix prefix);

    /** Visits every entry, in no particular order. */
    void forEach(Consumer<FibEntry> action);

    /** Releases the store; a persistent store keeps its contents for the next {@link Factory#open}. */
    @Override
    void close();

    /** Opens and deletes the stores of a node's VRs, by VR name. */
    interface Factory {
        /** Opens VR {@code vrName}'s store, creating it empty or reopening what persisted. */
        FibStore open(String vrName);

        /** Deletes VR {@code vrName}'s store (which is closed); no-op if there is none. */
        void delete(String vrName);
    }
}
