package io.vroom.ospf;

/** Neighbor states (RFC 2328 §10.1) in order, with FRR's display names. */
public enum NsmState {
    DOWN("Down"), ATTEMPT("Attempt"), INIT("Init"), TWO_WAY("2-Way"), EXSTART("ExStart"), EXCHANGE("Exchange"), LOADING("Loading"), FULL("Full");

    public final String display;

    NsmState(String display) {
        this.display = display;
    }

    public boolean atLeast(NsmState s) {
        return compareTo(s) >= 0;
    }
}
