package io.vroom.bgp.util;

import java.util.Arrays;

/** A FIFO of ints (an array with a head; the consumed front is reclaimed as it grows). */
public final class IntQueue {
    private int[] a = new int[16];
    private int head, tail;

    public void add(int v) {
        if (tail == a.length) {
            int n = tail - head;
            if (head >= a.length / 2) {
                System.arraycopy(a, head, a, 0, n);
            } else {
                a = Arrays.copyOfRange(a, head, head + Math.max(16, n * 2));
            }
            head = 0;
            tail = n;
        }
        a[tail++] = v;
    }

    /** The next value; only when {@link #size()} > 0. */
    public int poll() {
        int v = a[head++];
        if (head == tail) {
            head = 0;
            tail = 0;
            if (a.length > 1024) a = new int[16]; // a queue that once held a full table does not keep its array
        }
        return v;
    }

    public int size() { return tail - head; }

    public void clear() {
        a = new int[16];
        head = 0;
        tail = 0;
    }
}
