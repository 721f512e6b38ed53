package org.laguna.core.event;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.stomp.DefaultStompFrame;
import io.netty.handler.codec.stomp.StompCommand;
import io.netty.handler.codec.stomp.StompFrame;
import io.netty.handler.codec.stomp.StompHeaders;
import io.netty.handler.codec.stomp.StompSubframeAggregator;
import io.netty.handler.codec.stomp.StompSubframeDecoder;
import io.netty.handler.codec.stomp.StompSubframeEncoder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One STOMP 1.2 connection to a broker, over Netty's STOMP codec (plain TCP or TLS): CONNECT with
 * login, SEND with a RECEIPT asked on the last frame of a batch (the broker handles the frames of
 * a connection in order, so its receipt confirms the batch), SUBSCRIBE for readers. A broker's
 * ERROR frame or a closed connection fails whatever waits.
 */
public final class StompConnection implements AutoCloseable {
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Channel channel;
    private final Handler handler;
    private final Duration timeout;

    private StompConnection(Channel channel, Handler handler, Duration timeout) {
        this.channel = channel;
        this.handler = handler;
        this.timeout = timeout;
    }

    /**
     * Connects and logs in; {@code ssl} empty for plain TCP; {@code onMessage} gets the headers and
     * body of each MESSAGE frame (for subscribers).
     */
    public static StompConnection open(EventLoopGroup group, StompConfig.Broker broker, Optional<SslContext> ssl, String virtualHost,
            Optional<String> username, Optional<String> password, Duration timeout, BiConsumer<Map<String, String>, String> onMessage)
            throws IOException {
        Handler handler = new Handler(onMessage);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ssl.ifPresent(context -> ch.pipeline().addLast(context.newHandler(ch.alloc(), broker.host(), broker.port())));
                        ch.pipeline().addLast(new StompSubframeDecoder(), new StompSubframeAggregator(MAX_FRAME), new StompSubframeEncoder(),
                                handler);
                    }
                });
        ChannelFuture connect = bootstrap.connect(broker.host(), broker.port());
        if (!connect.awaitUninterruptibly(timeout.toMillis() + 1_000) || !connect.isSuccess()) {
            connect.channel().close();
            throw new IOException("Cannot connect to STOMP broker " + broker + ": "
                    + (connect.cause() == null ? "timed out" : connect.cause().getMessage()), connect.cause());
        }
        StompConnection connection = new StompConnection(connect.channel(), handler, timeout);
        StompFrame login = new DefaultStompFrame(StompCommand.CONNECT);
        login.headers().set(StompHeaders.ACCEPT_VERSION, "1.2");
        login.headers().set(StompHeaders.HOST, virtualHost);
        login.headers().set(StompHeaders.HEART_BEAT, "0,0");
        username.ifPresent(u -> login.headers().set(StompHeaders.LOGIN, u));
        password.ifPresent(p -> login.headers().set(StompHeaders.PASSCODE, p));
        connect.channel().writeAndFlush(login);
        try {
            connection.await(handler.connected, "login to " + broker);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Writes a SEND frame (not yet flushed); with a receipt id, {@link #flushAndAwait} can wait for it. */
    public void send(String destination, Map<String, String> headers, String body, Optional<String> receipt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StompFrame frame = new DefaultStompFrame(StompCommand.SEND, Unpooled.wrappedBuffer(bytes));
        frame.headers().set(StompHeaders.DESTINATION, destination);
        frame.headers().set(StompHeaders.CONTENT_TYPE, "application/json");
        frame.headers().set(StompHeaders.CONTENT_LENGTH, Integer.toString(bytes.length));
        headers.forEach((name, value) -> frame.headers().set(name, value));
        receipt.ifPresent(id -> {
            handler.expect(id);
            frame.headers().set(StompHeaders.RECEIPT, id);
        });
        channel.write(frame);
    }

    /** Sends what was written and waits for the broker's receipt of that id. */
    public void flushAndAwait(String receipt) throws IOException {
        channel.flush();
        CompletableFuture<Void> waiting = handler.receipts.get(receipt);
        if (waiting == null) {
            throw new IllegalStateException("No receipt " + receipt + " was asked for");
        }
        try {
            await(waiting, "receipt " + receipt);
        } finally {
            handler.receipts.remove(receipt);
        }
    }

    /** Subscribes (acknowledgement automatic) and waits until the broker confirmed it. */
    public void subscribe(String destination, String id) throws IOException {
        String receipt = "sub-" + id;
        handler.expect(receipt);
        StompFrame frame = new DefaultStompFrame(StompCommand.SUBSCRIBE);
        frame.headers().set(StompHeaders.DESTINATION, destination);
        frame.headers().set(StompHeaders.ID, id);
        frame.headers().set(StompHeaders.ACK, "auto");
        frame.headers().set(StompHeaders.RECEIPT, receipt);
        channel.write(frame);
        flushAndAwait(receipt);
    }

    public boolean isOpen() {
        return channel.isActive() && handler.failure == null;
    }

    private void await(CompletableFuture<Void> future, String what) throws IOException {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("STOMP " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("STOMP " + what + " timed out after " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for STOMP " + what);
        }
    }

    @Override
    public void close() {
        if (channel.isActive() && handler.failure == null) {
            channel.writeAndFlush(new DefaultStompFrame(StompCommand.DISCONNECT));
        }
        channel.close().awaitUninterruptibly(1_000);
    }

    /** Reads the broker's frames: completes the login and the receipts, fails them on ERROR or close. */
    private static final class Handler extends SimpleChannelInboundHandler<StompFrame> {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();
        private final BiConsumer<Map<String, String>, String> onMessage;
        volatile Throwable failure;

        Handler(BiConsumer<Map<String, String>, String> onMessage) {
            this.onMessage = onMessage;
        }

        void expect(String receipt) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            Throwable failed = failure;
            if (failed != null) {
                future.completeExceptionally(failed);
            }
            receipts.put(receipt, future);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, StompFrame frame) {
            switch (frame.command()) {
                case CONNECTED -> connected.complete(null);
                case RECEIPT -> {
                    CompletableFuture<Void> waiting = receipts.get(String.valueOf(frame.headers().getAsString(StompHeaders.RECEIPT_ID)));
                    if (waiting != null) {
                        waiting.complete(null);
                    }
                }
                case MESSAGE -> {
                    Map<String, String> headers = new ConcurrentHashMap<>();
                    frame.headers().forEach(e -> headers.put(e.getKey().toString(), e.getValue().toString()));
                    onMessage.accept(headers, frame.content().toString(StandardCharsets.UTF_8));
                }
                case ERROR -> {
                    String message = frame.headers().getAsString(StompHeaders.MESSAGE);
                    fail(new IOException("broker error: " + (message == null ? "" : message) + " "
                            + frame.content().toString(StandardCharsets.UTF_8).strip()));
                    ctx.close();
                }
                default -> {
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IOException("connection closed by the broker"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
            ctx.close();
        }

        private void fail(Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            connected.completeExceptionally(cause);
            receipts.values().forEach(f -> f.completeExceptionally(cause));
        }
    }
}
