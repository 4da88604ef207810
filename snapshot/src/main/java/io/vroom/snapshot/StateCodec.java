package io.vroom.snapshot;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Encodes a plain-data object graph (a captured VR state) with Kryo and decodes it back. Not
 * thread-safe (Kryo is not): one codec per thread. Registration is not required — the state's
 * classes are the VR's own — but decoding is bounded ({@link #MAX_STATE_BYTES}) and every failure is
 * a {@link StateCodecException}, never a half-restored state.
 */
public final class StateCodec {
    /** The largest state accepted (a full Internet table with its BGP/OSPF state fits easily). */
    public static final int MAX_STATE_BYTES = 1 << 30;

    private final Kryo kryo = new Kryo();

    public StateCodec() {
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        // JDK immutable collections (List.of, Set.of, Map.of) cannot be filled element by element:
        // write their contents and rebuild them with the same factories.
        Serializer<List<?>> list = new Serializer<>() {
            public void write(Kryo k, Output out, List<?> l) {
                out.writeVarInt(l.size(), true);
                for (Object o : l) k.writeClassAndObject(out, o);
            }

            public List<?> read(Kryo k, Input in, Class<? extends List<?>> type) {
                int n = in.readVarInt(true);
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) l.add(k.readClassAndObject(in));
                return List.copyOf(l);
            }
        };
        Serializer<Set<?>> set = new Serializer<>() {
            public void write(Kryo k, Output out, Set<?> s) {
                out.writeVarInt(s.size(), true);
                for (Object o : s) k.writeClassAndObject(out, o);
            }

            public Set<?> read(Kryo k, Input in, Class<? extends Set<?>> type) {
                int n = in.readVarInt(true);
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) l.add(k.readClassAndObject(in));
                return Set.copyOf(l);
            }
        };
        Serializer<Map<?, ?>> map = new Serializer<>() {
            public void write(Kryo k, Output out, Map<?, ?> m) {
                out.writeVarInt(m.size(), true);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    k.writeClassAndObject(out, e.getKey());
                    k.writeClassAndObject(out, e.getValue());
                }
            }

            public Map<?, ?> read(Kryo k, Input in, Class<? extends Map<?, ?>> type) {
                int n = in.readVarInt(true);
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) m.put(k.readClassAndObject(in), k.readClassAndObject(in));
                return Map.copyOf(m);
            }
        };
        for (Object sample : new Object[] {List.of(), List.of(1), List.of(1, 2, 3)}) {
            register(sample.getClass(), list);
        }
        for (Object sample : new Object[] {Set.of(), Set.of(1), Set.of(1, 2, 3)}) register(sample.getClass(), set);
        register(java.util.EnumMap.class, new EnumMapSerializer());
        for (Object sample : new Object[] {Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2)}) register(sample.getClass(), map);
    }

    /** EnumMap (STYLE.md's deterministic map for enum keys): its key type, then its entries. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class EnumMapSerializer extends Serializer<java.util.EnumMap> {
        private static final java.lang.reflect.Field KEY_TYPE;

        static {
            try {
                KEY_TYPE = java.util.EnumMap.class.getDeclaredField("keyType");
                KEY_TYPE.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        public void write(Kryo k, Output out, java.util.EnumMap m) {
            try {
                k.writeClass(out, (Class<?>) KEY_TYPE.get(m));
            } catch (IllegalAccessException e) {
                throw new StateCodecException("cannot read EnumMap key type", e);
            }
            out.writeVarInt(m.size(), true);
            for (Object o : m.entrySet()) {
                Map.Entry e = (Map.Entry) o;
                out.writeVarInt(((Enum<?>) e.getKey()).ordinal(), true);
                k.writeClassAndObject(out, e.getValue());
            }
        }

        public java.util.EnumMap read(Kryo k, Input in, Class<? extends java.util.EnumMap> type) {
            Class keyType = k.readClass(in).getType();
            if (!keyType.isEnum()) throw new StateCodecException("EnumMap key type " + keyType.getName() + " is not an enum");
            java.util.EnumMap m = new java.util.EnumMap(keyType);
            Object[] constants = keyType.getEnumConstants();
            int n = in.readVarInt(true);
            for (int i = 0; i < n; i++) {
                int ordinal = in.readVarInt(true);
                if (ordinal >= constants.length) throw new StateCodecException("EnumMap key ordinal out of range");
                m.put((Enum) constants[ordinal], k.readClassAndObject(in));
            }
            return m;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void register(Class<?> type, Serializer serializer) {
        kryo.addDefaultSerializer(type, serializer);
    }

    public byte[] encode(Object state) {
        try (Output out = new Output(64 * 1024, MAX_STATE_BYTES)) {
            kryo.writeClassAndObject(out, state);
            return out.toBytes();
        } catch (KryoException e) {
            throw new StateCodecException("cannot encode state: " + e.getMessage(), e);
        }
    }

    public <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes.length > MAX_STATE_BYTES) throw new StateCodecException("state of " + bytes.length + " bytes exceeds the limit");
        try (Input in = new Input(bytes)) {
            Object o = kryo.readClassAndObject(in);
            if (in.position() != bytes.length) throw new StateCodecException("trailing bytes after state");
            if (!type.isInstance(o)) throw new StateCodecException("decoded a " + (o == null ? "null" : o.getClass().getName()) + ", expected " + type.getName());
            return type.cast(o);
        } catch (StateCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StateCodecException("cannot decode state: " + e.getMessage(), e);
        }
    }

    /** Encodes and decodes: an independent deep copy of a plain-data graph (proves it holds no live handle). */
    public <T> T copy(T state, Class<T> type) {
        return decode(encode(state), type);
    }

    public static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class StateCodecException extends RuntimeException {
        public StateCodecException(String message) {
            super(message);
        }

        public StateCodecException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
