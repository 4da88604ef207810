package io.vroom.bgp.policy;

/**
 * One term: all given matches must hold (null/empty = any); then the actions apply and
 * {@code result} says what happens next. Communities are 32-bit values; large communities
 * triples. {@code setLocalPref}/{@code setMed} -1: unchanged.
 */
public record PolicyTerm(PrefixList prefixList, AsPathRegex asPath, int[] matchCommunities, int[] matchLargeCommunities,
                         long setLocalPref, long setMed, int[] addCommunities, int[] deleteCommunities,
                         int[] addLargeCommunities, int[] deleteLargeCommunities, int prependCount, boolean nextHopSelf,
                         Result result) {
    /** ACCEPT/REJECT end evaluation; NEXT goes on to the following term with the actions applied. */
    public enum Result { ACCEPT, REJECT, NEXT }
}
