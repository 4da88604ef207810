package io.vroom.ospf;

import io.vroom.ospf.packet.lsa.Lsa;
import io.vroom.ospf.packet.lsa.LsaHeader;

/**
 * An LSA as installed in a database: the age is not stored as a moving number but computed from
 * the age at installation and the installation time (§14), so nothing needs to tick every second.
 */
public final class LsaEntry {
    Lsa lsa;
    long installedNs;
    int ageAtInstallSec;
    /** Set once a MaxAge instance has been flooded (§14); it is removed when nobody still needs it. */
    boolean maxAgeFlooded;

    LsaEntry() {}

    LsaEntry(Lsa lsa, long installedNs) {
        this.lsa = lsa;
        this.installedNs = installedNs;
        this.ageAtInstallSec = Math.min(lsa.header().ageSec(), LsaHeader.MAX_AGE_SEC);
    }

    public Lsa lsa() {
        return lsa;
    }

    public int ageSec(long nowNs) {
        long a = ageAtInstallSec + Math.max(0, nowNs - installedNs) / 1_000_000_000L;
        return (int) Math.min(a, LsaHeader.MAX_AGE_SEC);
    }

    /** When this entry reaches {@code ageSec} (for scheduling aging and refresh). */
    long reachesAgeNs(int ageSec) {
        return installedNs + Math.max(0, ageSec - ageAtInstallSec) * 1_000_000_000L;
    }

    boolean maxAged(long nowNs) {
        return ageSec(nowNs) >= LsaHeader.MAX_AGE_SEC;
    }

    /** The header with the current age. */
    LsaHeader header(long nowNs) {
        return lsa.header().withAge(ageSec(nowNs));
    }
}
