package org.laguna.core.event;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A STOMP subscriber for tests: reads what a broker delivers on one destination, over a real connection. */
public final class StompReader implements AutoCloseable {
    /** One MESSAGE frame: its headers and body. */
    public record Received(Map<String, String> headers, String body) {
        public String eventType() {
            return headers.get("event_type");
        }
    }

    private final EventLoopGroup group;
    private final StompConnection connection;
    private final List<Received> received = new ArrayList<>();

    private StompReader(EventLoopGroup group, StompConfig.Broker broker) throws IOException {
        this.group = group;
        this.connection = StompConnection.open(group, broker, Optional.empty(), "/", Optional.of(EmbeddedStompBroker.USER),
                Optional.of(EmbeddedStompBroker.PASSWORD), Duration.ofSeconds(60), (headers, body) -> {
                    synchronized (received) {
                        received.add(new Received(headers, body));
                        received.notifyAll();
                    }
                });
    }

    /** Subscribes to a destination of the broker, with the test broker's login. */
    public static StompReader subscribe(StompConfig.Broker broker, String destination) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stomp-reader", true), NioIoHandler.newFactory());
        try {
            StompReader reader = new StompReader(group, broker);
            reader.connection.subscribe(destination, "reader");
            return reader;
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until at least {@code count} messages match, at most {@code timeout}; returns all received. */
    public List<Received> await(Predicate<Received> matching, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.stream().filter(matching).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        connection.close();
        group.shutdownGracefully();
    }
}
