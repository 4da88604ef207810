package io.vroom.core.spi;

/**
 * Where a protocol instance is in re-learning its routes after its VR started over preserved
 * forwarding state ({@link ProtocolContext#forwardingPreserved()}): the runtime keeps forwarding on
 * the preserved FIB entries the VR has not installed again until no protocol is still re-learning.
 *
 * <ul>
 *   <li>{@link #UNTRACKED}: the protocol does not say (the default); the runtime then keeps the
 *       preserved entries for its fixed grace period.</li>
 *   <li>{@link #RELEARNING}: still re-learning (e.g. BGP deferring route selection, RFC 4724 §4.1).</li>
 *   <li>{@link #DONE}: everything it will re-learn is installed; what it did not may go.</li>
 * </ul>
 */
public enum RestartProgress {
    UNTRACKED, RELEARNING, DONE
}
