/**
 * VR state on the wire: the Kryo codec that turns a VR's captured plain-data state into bytes and
 * back (with a SHA-256 digest so the restored state is checked against what was sent). Later: the
 * pre-copy engine and the migration channel. Kryo lives only in this module (DESIGN.md).
 */
package io.vroom.snapshot;
