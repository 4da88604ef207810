package io.vroom.dataplane.fib;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.bytes.RandomDataOutput;
import net.openhft.chronicle.hash.AbstractData;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.serialization.DataAccess;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * How the Chronicle FIB map reads an encoded value ({@link FibEntryCodec}) being written: the same
 * bytes, size-prefixed the same way, as Chronicle's stock {@code byte[]} access, so files written
 * with either read back identically. The stock access wraps every value in a fresh reference-counted
 * {@code BytesStore} (registered in a global counter table) before copying it into the map; this one
 * copies the array straight into the entry and only wraps it if Chronicle asks for the bytes
 * (comparisons), which takes a measurable share off each install.
 *
 * <p>Chronicle keeps one instance per thread ({@link #copy}); it is stored by class name in the map
 * file's header, hence public with a no-argument constructor and no persistent state.
 */
public final class FibValueAccess extends AbstractData<byte[]> implements DataAccess<byte[]> {
    private transient byte[] array;
    private transient BytesStore<?, ?> wrapped;

    @Override
    public Data<byte[]> getData(byte[] instance) {
        array = instance;
        wrapped = null;
        return this;
    }

    @Override
    public void uninit() {
        array = null;
        wrapped = null;
    }

    @Override
    public RandomDataInput bytes() {
        if (wrapped == null) wrapped = BytesStore.wrap(array);
        return wrapped;
    }

    @Override
    public long offset() {
        return 0;
    }

    @Override
    public long size() {
        return array.length;
    }

    @Override
    public void writeTo(RandomDataOutput target, long targetOffset) {
        target.write(targetOffset, array, 0, array.length);
    }

    @Override
    public byte[] get() {
        return array;
    }

    @Override
    public byte[] getUsing(byte[] using) {
        return array.clone();
    }

    @Override
    public DataAccess<byte[]> copy() {
        return new FibValueAccess();
    }

    @Override
    public void writeMarshallable(WireOut wire) {
        // No configuration to persist.
    }

    @Override
    public void readMarshallable(WireIn wire) {
        // No configuration to read.
    }
}
