/**
 * A physical node ({@code vroom node --config FILE}): config validation, the data plane, ports and
 * VR loops started in order (data planes first, so a persisted FIB forwards before any control
 * plane runs), and the HTTP/JSON control API the CLI talks to.
 */
package io.vroom.core.node;
