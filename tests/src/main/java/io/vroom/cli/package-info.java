/** The {@code vroom} command line: node, lab, bench and show (through a node's control API). */
package io.vroom.cli;
