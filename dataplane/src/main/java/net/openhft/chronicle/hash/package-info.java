/**
 * Not vroom's package: it holds the one class that Chronicle Map looks up by name in its own
 * package ({@code VanillaGlobalMutableState$$Native}), supplied here so that Chronicle does not
 * generate and compile it with javac inside every node at run time. Nothing else belongs here.
 */
package net.openhft.chronicle.hash;
