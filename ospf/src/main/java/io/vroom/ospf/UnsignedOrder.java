package io.vroom.ospf;

import java.util.Comparator;

/**
 * Unsigned order of router ids, area ids and addresses, as a named singleton rather than a method
 * reference: a comparator inside a TreeMap is part of the state, and state holds no lambdas.
 */
enum UnsignedOrder implements Comparator<Integer> {
    INSTANCE;

    @Override
    public int compare(Integer a, Integer b) {
        return Integer.compareUnsigned(a, b);
    }
}
