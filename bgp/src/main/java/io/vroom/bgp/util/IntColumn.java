package io.vroom.bgp.util;

/**
 * One {@code int} per row, in pages of {@value #PAGE_ROWS} rows allocated when first written with a
 * non-zero value (every row reads 0 until then): a per-peer column of a table whose peer holds few
 * routes costs a few pages, not one slot per row of the table.
 */
public final class IntColumn {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    private static final int MASK = PAGE_ROWS - 1;
    private int[][] pages = new int[0][];

    public int get(int row) {
        int p = row >>> PAGE_SHIFT;
        if (p >= pages.length) return 0;
        int[] a = pages[p];
        return a == null ? 0 : a[row & MASK];
    }

    public void set(int row, int v) {
        int p = row >>> PAGE_SHIFT;
        if (p >= pages.length || pages[p] == null) {
            if (v == 0) return;
            if (p >= pages.length) pages = java.util.Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
            pages[p] = new int[PAGE_ROWS];
        }
        pages[p][row & MASK] = v;
    }

    /** Whether page {@code p} (rows {@code p << PAGE_SHIFT} on) was ever written: iterations skip the others. */
    public boolean hasPage(int p) {
        return p < pages.length && pages[p] != null;
    }

    /** Every row back to 0, pages released. */
    public void clear() {
        pages = new int[0][];
    }

    /** Takes {@code other}'s rows (it is left empty): a column rebuilt elsewhere replaces this one. */
    public void moveFrom(IntColumn other) {
        pages = other.pages;
        other.pages = new int[0][];
    }
}
