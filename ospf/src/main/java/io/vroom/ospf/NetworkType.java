package io.vroom.ospf;

/** OSPF interface types supported (RFC 2328 §1.2): NBMA, point-to-multipoint and virtual links are not. */
public enum NetworkType {
    POINT_TO_POINT, BROADCAST
}
