package io.vroom.bgp.util;

/** One {@code long} per row, in pages of {@link IntColumn#PAGE_ROWS} rows allocated when first written (0 until then). */
public final class LongColumn {
    private static final int SHIFT = IntColumn.PAGE_SHIFT;
    private static final int MASK = IntColumn.PAGE_ROWS - 1;
    private long[][] pages = new long[0][];

    public long get(int row) {
        int p = row >>> SHIFT;
        if (p >= pages.length) return 0;
        long[] a = pages[p];
        return a == null ? 0 : a[row & MASK];
    }

    public void set(int row, long v) {
        int p = row >>> SHIFT;
        if (p >= pages.length || pages[p] == null) {
            if (v == 0) return;
            if (p >= pages.length) pages = java.util.Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
            pages[p] = new long[IntColumn.PAGE_ROWS];
        }
        pages[p][row & MASK] = v;
    }

    public void clear() {
        pages = new long[0][];
    }

    /** Takes {@code other}'s rows (it is left empty): a column rebuilt elsewhere replaces this one. */
    public void moveFrom(LongColumn other) {
        pages = other.pages;
        other.pages = new long[0][];
    }
}
