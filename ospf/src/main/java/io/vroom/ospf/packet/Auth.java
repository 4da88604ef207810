package io.vroom.ospf.packet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One interface's authentication (RFC 2328 Appendix D): none (AuType 0), simple password (1, up
 * to 8 bytes, sent in clear), or cryptographic MD5 (2) with a key id and a key of up to 16 bytes.
 * Plain data; the key is kept zero-padded to its wire length.
 */
public record Auth(int auType, int keyId, byte[] key) {
    public static final int NONE = 0, SIMPLE = 1, CRYPTO = 2;
    public static final int MD5_DIGEST_LENGTH = 16;
    public static final Auth NULL = new Auth(NONE, 0, new byte[0]);

    public static Auth simple(String password) {
        return new Auth(SIMPLE, 0, Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), 8));
    }

    public static Auth md5(int keyId, String key) {
        return new Auth(CRYPTO, keyId, Arrays.copyOf(key.getBytes(StandardCharsets.UTF_8), 16));
    }

    public String typeName() {
        return switch (auType) {
            case NONE -> "none";
            case SIMPLE -> "simple";
            case CRYPTO -> "md5";
            default -> "type-" + auType;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Auth a && a.auType == auType && a.keyId == keyId && Arrays.equals(a.key, key);
    }

    @Override
    public int hashCode() {
        return auType * 31 + keyId;
    }

    @Override
    public String toString() {
        return "Auth[" + typeName() + (auType == CRYPTO ? " key-id " + keyId : "") + "]";
    }
}
