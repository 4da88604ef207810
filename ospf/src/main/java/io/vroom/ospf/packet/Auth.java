package io.vroom.ospf.packet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One interface's authentication (RFC 2328 Appendix D): none (AuType 0), simple password (1, up
 * to 8 bytes, sent in clear), or cryptographic MD5 (2) with one or more keys (a key id and up to
 * 16 bytes each). With several MD5 keys (key rollover, Appendix D.3) packets are sent with the
 * newest key that may generate (the last configured one not marked accept-only) and accepted with
 * any configured key. Accept-only stands for D.3's KeyStartAccept &lt; KeyStartGenerate: during a
 * rollover every router first accepts the new key, then starts sending with it. Plain data; keys
 * are kept zero-padded to their wire length.
 */
public record Auth(int auType, List<Key> keys) {
    public static final int NONE = 0, SIMPLE = 1, CRYPTO = 2;
    public static final int MD5_DIGEST_LENGTH = 16;
    /** At most this many keys per interface (key ids are one byte anyway). */
    public static final int MAX_KEYS = 256;
    public static final Auth NULL = new Auth(NONE, List.of());

    /** One key: its id (MD5 only, 0..255), its bytes (zero-padded), and whether we may send with it. */
    public record Key(int keyId, byte[] key, boolean generate) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.keyId == keyId && Arrays.equals(k.key, key) && k.generate == generate;
        }

        @Override
        public int hashCode() {
            return keyId * 31 + Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "Key[" + keyId + "]";
        }
    }

    public Auth {
        keys = List.copyOf(keys);
    }

    public static Auth simple(String password) {
        return new Auth(SIMPLE, List.of(new Key(0, Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), 8), true)));
    }

    public static Auth md5(int keyId, String key) {
        return new Auth(CRYPTO, List.of(md5Key(keyId, key)));
    }

    /** MD5 with several keys, oldest first: the last one signs what we send. */
    public static Auth md5(List<Key> keys) {
        return new Auth(CRYPTO, new ArrayList<>(keys));
    }

    public static Key md5Key(int keyId, String key) {
        return md5Key(keyId, key, true);
    }

    public static Key md5Key(int keyId, String key, boolean generate) {
        return new Key(keyId, Arrays.copyOf(key.getBytes(StandardCharsets.UTF_8), 16), generate);
    }

    /** The key we send with: the last one that may generate (null for none). */
    private Key sendKey() {
        for (int i = keys.size() - 1; i >= 0; i--) if (keys.get(i).generate()) return keys.get(i);
        return null;
    }

    /** The id of the key we send with (MD5), 0 otherwise. */
    public int keyId() {
        Key k = sendKey();
        return k == null ? 0 : k.keyId();
    }

    /** The key we send with (empty for none). */
    public byte[] key() {
        Key k = sendKey();
        return k == null ? new byte[0] : k.key();
    }

    /** The configured key with this id, or null (Appendix D.5: a packet with an unknown key id is dropped). */
    public byte[] key(int keyId) {
        for (Key k : keys) if (k.keyId() == keyId) return k.key();
        return null;
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
    public String toString() {
        return "Auth[" + typeName() + (auType == CRYPTO ? " key-id " + keyId() + (keys.size() > 1 ? " of " + keys.size() + " keys" : "") : "") + "]";
    }
}
