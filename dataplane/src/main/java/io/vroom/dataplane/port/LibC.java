package io.vroom.dataplane.port;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Variadic;

/**
 * The few libc calls the native ports need (Linux x86-64/aarch64), bound through JNR-FFI. Structs
 * are passed as byte arrays laid out by {@link Structs}; every call returns -1 and sets errno on
 * failure, read it with {@link #errno()}.
 */
public interface LibC {
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int F_GETFL = 3;
    int F_SETFL = 4;

    int EINTR = 4;
    int EAGAIN = 11;
    int ENOBUFS = 105;

    int AF_INET = 2;
    int AF_PACKET = 17;
    int SOCK_DGRAM = 2;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int SOCK_NONBLOCK = 0x800;
    int SOL_PACKET = 263;
    int PACKET_ADD_MEMBERSHIP = 1;
    int PACKET_MR_ALLMULTI = 2;

    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;

    int CLONE_NEWNET = 0x40000000;

    int open(String path, int flags);

    int close(int fd);

    long read(int fd, @Out byte[] buf, long count);

    long write(int fd, @In byte[] buf, long count);

    @Variadic(fixedCount = 2)
    int ioctl(int fd, long request, byte[] arg);

    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);

    int socket(int domain, int type, int protocol);

    int bind(int fd, @In byte[] addr, int addrLen);

    int setsockopt(int fd, int level, int option, @In byte[] value, int valueLen);

    long recvfrom(int fd, @Out byte[] buf, long len, int flags, @Out byte[] addr, int[] addrLen);

    int poll(byte[] fds, long nfds, int timeoutMs);

    int pipe2(@Out int[] fds, int flags);

    int setns(int fd, int nsType);

    String strerror(int errnum);

    /** Loaded once; libc is always present on Linux. */
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    static int errno() {
        return Runtime.getRuntime(INSTANCE).getLastError();
    }

    /** {@code what}: strerror(errno) — for exceptions on the (non-hot) open path. */
    static String lastError(String what) {
        int e = errno();
        return what + ": " + INSTANCE.strerror(e) + " (errno " + e + ")";
    }
}
