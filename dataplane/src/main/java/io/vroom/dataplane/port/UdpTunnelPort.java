package io.vroom.dataplane.port;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.internal.PlatformDependent;
import io.vroom.core.dataplane.Port;
import io.vroom.core.net.Ipv4;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A point-to-point link end over UDP: one IPv4 packet per datagram between two nodes — the
 * substrate's links. Received datagrams are copied once into a per-port array and handed to the
 * receiver on the channel's event loop. {@link #send} copies into a pooled buffer and queues it on
 * a bounded MPSC queue; one drain task per burst writes the queue and flushes once.
 *
 * <p>Security: datagrams from any address other than the configured remote are dropped and
 * counted. Link migration re-points the remote with {@link #repoint}.
 *
 * <p>Limits: {@code txQueue} outstanding packets (beyond: drop, {@code drop_tx_queue_full}); the
 * channel's write-buffer high water mark (beyond: drop, {@code drop_tx_busy}); datagrams larger
 * than the MTU are dropped ({@code drop_rx_oversize}, {@code drop_tx_oversize}).
 */
public final class UdpTunnelPort implements CountedPort {
    public static final int DEFAULT_MTU = 1500;
    public static final int DEFAULT_TX_QUEUE = 4096;
    /** Datagrams read per recvmmsg(2) call on native epoll. */
    static final int RECV_BATCH = 32;
    /** Largest UDP payload over IPv4 (65535 - 20 - 8). */
    public static final int MAX_MTU = 65507;
    static final int SOCKET_BUFFER_BYTES = 4 << 20;

    static final int RX_PACKETS = 0, RX_BYTES = 1, TX_PACKETS = 2, TX_BYTES = 3, DROP_RX_FOREIGN = 4,
            DROP_RX_OVERSIZE = 5, DROP_RX_RUNT = 6, DROP_RX_NOT_STARTED = 7, DROP_TX_QUEUE_FULL = 8,
            DROP_TX_BUSY = 9, DROP_TX_OVERSIZE = 10, DROP_TX_CLOSED = 11, TX_ERRORS = 12, RECEIVER_ERRORS = 13;
    private final PortCounters counters = new PortCounters("rx_packets", "rx_bytes", "tx_packets", "tx_bytes",
            "drop_rx_foreign_source", "drop_rx_oversize", "drop_rx_runt", "drop_rx_not_started",
            "drop_tx_queue_full", "drop_tx_busy", "drop_tx_oversize", "drop_tx_closed", "tx_errors",
            "receiver_errors");

    private final String name;
    private final int mtu;
    private final Channel channel;
    private final byte[] rxBuf;
    private final Queue<ByteBuf> txQueue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private volatile InetSocketAddress remote;
    private volatile Port.PacketReceiver receiver;
    private volatile boolean closed;

    /** Binds {@code local} on {@code group} (epoll if the group is native, else NIO); fails loudly if it cannot. */
    public UdpTunnelPort(String name, InetSocketAddress local, InetSocketAddress remote, int mtu, int txQueue,
            EventLoopGroup group) {
        if (mtu < Ipv4.HEADER_LENGTH || mtu > MAX_MTU) throw new IllegalArgumentException("mtu out of range: " + mtu);
        if (txQueue < 1) throw new IllegalArgumentException("tx queue must be positive: " + txQueue);
        this.name = name;
        this.mtu = mtu;
        this.remote = remote;
        this.rxBuf = new byte[mtu];
        this.txQueue = PlatformDependent.newFixedMpscQueue(txQueue);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(channelClass(group))
                // One byte more than the MTU: a datagram that fills it was larger than the MTU (truncated).
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(mtu + 1))
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .handler(new Inbound());
        if (channelClass(group) == EpollDatagramChannel.class) {
            // recvmmsg(2): up to RECV_BATCH datagrams per system call, each in a slot of mtu + 1 bytes
            // (so a datagram larger than the MTU is still seen as such).
            b.option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, mtu + 1)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator((mtu + 1) * RECV_BATCH));
        }
        this.channel = b.bind(local).syncUninterruptibly().channel();
    }

    /** Native epoll when the group is an epoll group (and epoll works here), NIO otherwise. */
    static Class<? extends DatagramChannel> channelClass(EventLoopGroup group) {
        boolean nativeGroup = group instanceof EpollEventLoopGroup
                || group.next().getClass().getPackageName().equals("io.netty.channel.epoll");
        return nativeGroup && Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** The bound local address (the actual port if 0 was configured). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Link migration: from now on send to, and accept only from, {@code newRemote}. Any thread. */
    public void repoint(InetSocketAddress newRemote) {
        this.remote = newRemote;
    }

    public boolean isNative() {
        return channel instanceof EpollDatagramChannel;
    }

    @Override
    public void start(Port.PacketReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void send(byte[] buf, int off, int len, int nextHop) {
        if (closed) {
            counters.inc(DROP_TX_CLOSED);
            return;
        }
        if (len <= 0 || len > mtu) {
            counters.inc(DROP_TX_OVERSIZE);
            return;
        }
        ByteBuf copy = channel.alloc().directBuffer(len, len);
        copy.writeBytes(buf, off, len);
        if (!txQueue.offer(copy)) {
            copy.release();
            counters.inc(DROP_TX_QUEUE_FULL);
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainTask);
            } catch (RuntimeException e) { // event loop shut down: the queue is released by close()
                drainScheduled.set(false);
                counters.inc(TX_ERRORS);
            }
        }
    }

    /** On the event loop: write everything queued, flush once. */
    private void drain() {
        drainScheduled.set(false); // first: a send racing with this drain schedules the next one
        InetSocketAddress to = remote;
        int written = 0;
        ByteBuf b;
        while ((b = txQueue.poll()) != null) {
            if (closed || !channel.isWritable()) {
                b.release();
                counters.inc(closed ? DROP_TX_CLOSED : DROP_TX_BUSY);
                continue;
            }
            counters.inc(TX_PACKETS);
            counters.add(TX_BYTES, b.readableBytes());
            channel.write(new DatagramPacket(b, to), channel.voidPromise());
            written++;
        }
        if (written > 0) channel.flush();
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    public long counter(String counterName) {
        return counters.get(counterName);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        channel.close().awaitUninterruptibly();
        // Whatever is still queued: release on the loop (drain does it), or here if the loop is gone.
        if (channel.eventLoop().isShuttingDown()) {
            ByteBuf b;
            while ((b = txQueue.poll()) != null) b.release();
        } else {
            channel.eventLoop().execute(drainTask);
        }
    }

    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket p)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            try {
                receive(p);
            } finally {
                p.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            counters.inc(TX_ERRORS); // e.g. ICMP port unreachable surfacing as a send/receive error
        }
    }

    private void receive(DatagramPacket p) {
        if (!p.sender().equals(remote)) {
            counters.inc(DROP_RX_FOREIGN);
            return;
        }
        ByteBuf content = p.content();
        int len = content.readableBytes();
        if (len > mtu) {
            counters.inc(DROP_RX_OVERSIZE);
            return;
        }
        if (len < Ipv4.HEADER_LENGTH) {
            counters.inc(DROP_RX_RUNT);
            return;
        }
        Port.PacketReceiver r = receiver;
        if (r == null || closed) {
            counters.inc(DROP_RX_NOT_STARTED);
            return;
        }
        counters.inc(RX_PACKETS);
        counters.add(RX_BYTES, len);
        byte[] arr;
        int off;
        if (content.hasArray()) {
            arr = content.array();
            off = content.arrayOffset() + content.readerIndex();
        } else {
            content.getBytes(content.readerIndex(), rxBuf, 0, len);
            arr = rxBuf;
            off = 0;
        }
        try {
            r.receive(arr, off, len);
        } catch (RuntimeException e) {
            counters.inc(RECEIVER_ERRORS);
        }
    }
}
