package io.vroom.dataplane.port;

/**
 * The reader thread of a native port: poll(2) on the port's non-blocking fd and on a wake-up pipe,
 * so that {@link #close} unblocks it at once (closing an fd under a blocked read does not wake the
 * reader on Linux). The handler also gets a tick with the real clock for its timers (ARP).
 *
 * <p>Limits: at most {@link #MAX_WAIT_MS} between ticks; {@link #close} waits at most
 * {@link #JOIN_TIMEOUT_MS} for the thread.
 */
final class PollLoop {
    static final int MAX_WAIT_MS = 1000;
    static final long JOIN_TIMEOUT_MS = 5000;

    interface Handler {
        /** The fd is readable: read what is there (bounded), never throw. */
        void readable();

        /** Runs timers due at {@code nowNs}; returns the next deadline, or Long.MAX_VALUE. */
        long tick(long nowNs);

        /** poll(2) failed for good or the fd reported POLLNVAL/POLLHUP: the loop ends. */
        void failed(String why);
    }

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private final Handler handler;
    private final Thread thread;
    private final int wakeRead;
    private final int wakeWrite;
    private volatile boolean closed;
    private final Object pipeLock = new Object();
    private boolean pipeClosed;
    private static final byte[] ONE = {1};

    PollLoop(String threadName, int fd, Handler handler) {
        this.fd = fd;
        this.handler = handler;
        int[] pipe = new int[2];
        if (libc.pipe2(pipe, LibC.O_NONBLOCK | LibC.O_CLOEXEC) != 0) throw new IllegalStateException(LibC.lastError("pipe2"));
        this.wakeRead = pipe[0];
        this.wakeWrite = pipe[1];
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    private volatile boolean started;

    void start() {
        started = true;
        thread.start();
    }

    /** Wakes a tick early (e.g. a sender queued an ARP request), from any thread. */
    void wakeup() {
        synchronized (pipeLock) {
            if (!pipeClosed) libc.write(wakeWrite, ONE, 1);
        }
    }

    /** The pipe's fds are closed under this lock so that a late wakeup never writes to a reused fd number. */
    private void closePipe() {
        synchronized (pipeLock) {
            if (pipeClosed) return;
            pipeClosed = true;
            libc.close(wakeRead);
            libc.close(wakeWrite);
        }
    }

    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            loop();
        } finally {
            closePipe();
        }
    }

    private void loop() {
        byte[] fds = new byte[16];
        byte[] drain = new byte[64];
        while (!closed) {
            long nowNs = System.nanoTime();
            long deadlineNs;
            try {
                deadlineNs = handler.tick(nowNs);
            } catch (RuntimeException e) {
                deadlineNs = Long.MAX_VALUE;
            }
            int waitMs = MAX_WAIT_MS;
            if (deadlineNs != Long.MAX_VALUE) {
                long ms = Math.max(0, (deadlineNs - nowNs + 999_999) / 1_000_000);
                waitMs = (int) Math.min(ms, MAX_WAIT_MS);
            }
            Structs.pollFd(fds, 0, fd, LibC.POLLIN);
            Structs.pollFd(fds, 1, wakeRead, LibC.POLLIN);
            int n = libc.poll(fds, 2, waitMs);
            if (closed) break;
            if (n < 0) {
                if (LibC.errno() == LibC.EINTR) continue;
                handler.failed(LibC.lastError("poll"));
                break;
            }
            if (n == 0) continue;
            int ev = Structs.revents(fds, 0);
            if ((ev & (LibC.POLLIN | LibC.POLLERR)) != 0) handler.readable();
            if ((ev & (LibC.POLLNVAL | LibC.POLLHUP)) != 0) {
                handler.failed("fd " + fd + " hung up (revents " + ev + ")");
                break;
            }
            if ((Structs.revents(fds, 1) & LibC.POLLIN) != 0) {
                while (libc.read(wakeRead, drain, drain.length) > 0) {
                    // empty the pipe; the wake-up only matters for the next tick
                }
            }
        }
    }

    /**
     * Stops the thread and waits for it; the caller closes the port's fd afterwards (never while
     * the loop may still poll it: the number could be reused). Called from the loop thread itself
     * (a receiver closing its port), it returns at once and the loop ends after the current
     * handler call, which must check {@link #isClosed} before touching the fd again.
     */
    void close() {
        if (closed) return;
        closed = true;
        if (!started) {
            closePipe();
            return;
        }
        wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }
}
