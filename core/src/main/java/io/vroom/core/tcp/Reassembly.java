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

    /**
     * The contiguous block of held bytes containing sequence number {@code seq} — adjacent pieces
     * joined — as {@code out[at] = left edge, out[at+1] = right edge} (RFC 2018 §3); false if no
     * held byte has that number.
     */
    boolean blockAround(int seq, int[] out, int at) {
        int n = pieces.size();
        for (int i = 0; i < n; i++) {
            Piece p = pieces.get(i);
            if (Seq.gt(p.seq(), seq)) return false;
            if (Seq.le(p.end(), seq)) continue;
            int lo = i, hi = i;
            while (lo > 0 && pieces.get(lo - 1).end() == pieces.get(lo).seq()) lo--;
            while (hi + 1 < n && pieces.get(hi).end() == pieces.get(hi + 1).seq()) hi++;
            out[at] = pieces.get(lo).seq();
            out[at + 1] = pieces.get(hi).end();
            return true;
        }
        return false;
    }

    void clear() {
        pieces.clear();
        bytes = 0;
    }
}
