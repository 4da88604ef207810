/**
 * How protocols plug into a virtual router: {@link io.vroom.core.spi.Protocol} (sans-IO, plain
 * data), the {@link io.vroom.core.spi.ProtocolContext} handed in on each call, and
 * {@link io.vroom.core.spi.ProtocolFactory} found through ServiceLoader from a VR's config section.
 * Data flows: punted packet / timer → Protocol → context (packets out, route updates) → VR.
 */
package io.vroom.core.spi;
