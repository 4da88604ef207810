package io.vroom.core.tcp;

import java.io.Serializable;
import java.util.ArrayList;

/**
 * Out-of-order data waiting for the gap before it to fill (RFC 9293 §3.10.7.4, seventh step), as
 * non-overlapping pieces sorted by sequence number. Bounded by a piece count; the caller only
 * offers bytes inside the free receive buffer, which bounds the bytes.
 */
final class Reassembly implements Serializable {
    record Piece(int seq, byte[] data) implements Serializable {
        int end() { return seq + data.length; }
    }

    private final ArrayList<Piece> pieces = new ArrayList<>();
    private int bytes;

    int bytes() { return bytes; }
    boolean isEmpty() { return pieces.isEmpty(); }

    /**
     * Stores the parts of {@code [seq, seq+len)} not already held, relative to {@code rcvNxt} (which
     * orders the pieces). Returns false if a piece had to be dropped for lack of room.
     */
    boolean insert(int rcvNxt, int seq, byte[] src, int off, int len, int maxPieces) {
        int s = seq, e = seq + len;
        boolean complete = true;
        int i = 0;
        while (i <= pieces.size() && Seq.lt(s, e)) {
            Piece p = i < pieces.size() ? pieces.get(i) : null;
            if (p != null && Seq.le(p.end(), s)) { i++; continue; }
            int gapEnd = p == null ? e : Seq.min(e, p.seq());
            if (Seq.lt(s, gapEnd)) {
                if (pieces.size() >= maxPieces) { complete = false; break; }
                byte[] d = new byte[gapEnd - s];
                System.arraycopy(src, off + (s - seq), d, 0, d.length);
                pieces.add(i, new Piece(s, d));
                bytes += d.length;
                i++;
            }
            if (p == null) break;
            s = Seq.max(s, p.end());
            i++;
        }
        return complete;
    }

    /** The first piece if it starts at or before {@code rcvNxt}, else null; pieces wholly before it are discarded. */
    Piece pollReady(int rcvNxt) {
        while (!pieces.isEmpty()) {
            Piece p = pieces.get(0);
            if (Seq.gt(p.seq(), rcvNxt)) return null;
            pieces.remove(0);
            bytes -= p.data().length;
            if (Seq.gt(p.end(), rcvNxt)) return p;
        }
        return null;
    }

    void clear() {
        pieces.clear();
        bytes = 0;
    }
}
