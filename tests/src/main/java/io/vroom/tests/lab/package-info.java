/**
 * The labs (the paper's testbeds run as real nodes, in separate JVMs or one) and the round-trip
 * traffic generator, which runs as an application inside a VR — so it is sans-IO and works the
 * same in the simulator.
 */
package io.vroom.tests.lab;
