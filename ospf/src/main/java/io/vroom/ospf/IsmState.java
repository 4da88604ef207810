package io.vroom.ospf;

/** Interface states (RFC 2328 §9.1), with FRR's display names. */
public enum IsmState {
    DOWN("Down"), LOOPBACK("Loopback"), WAITING("Waiting"), POINT_TO_POINT("Point-To-Point"), DR_OTHER("DROther"), BACKUP("Backup"), DR("DR");

    public final String display;

    IsmState(String display) {
        this.display = display;
    }
}
