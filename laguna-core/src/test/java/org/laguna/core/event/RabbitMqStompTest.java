package org.laguna.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The STOMP destination against the machine's RabbitMQ with its STOMP plugin (127.0.0.1:61613,
 * guest/guest, enabled by {@code .ci/run}); skipped where no such broker runs.
 */
class RabbitMqStompTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StompConfig.Broker RABBIT = new StompConfig.Broker("127.0.0.1", 61_613);

    private static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(RABBIT.host(), RABBIT.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void deliversToRabbitMqsStompPluginAndReadsTheEventsBack() throws Exception {
        assumeTrue(listening(), "RabbitMQ's STOMP plugin does not listen on 127.0.0.1:61613");
        String queue = "/topic/laguna-test-" + UUID.randomUUID(); // a topic: its subscription queue goes with the reader
        StompConfig config = new StompConfig(List.of(RABBIT), false, Optional.empty(), Optional.empty(), Optional.of("guest"),
                Optional.of("guest"), "/", queue, Map.of(), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), 10);
        List<OutboxMessage> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(new OutboxMessage(i + 1, EventTypes.TRANSFER_DONE, "{\"seq\":" + i + "}", "exp:f", List.of(),
                    Clock.systemUTC().instant(), Optional.empty()));
        }
        List<String> bodies = new ArrayList<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rabbit-reader", true), NioIoHandler.newFactory());
        try (StompDestination destination = new StompDestination(config, Clock.systemUTC());
             StompConnection reader = StompConnection.open(group, RABBIT, Optional.empty(), "/", Optional.of("guest"), Optional.of("guest"),
                     Duration.ofSeconds(5), (headers, body) -> {
                         synchronized (bodies) {
                             bodies.add(body);
                         }
                     })) {
            reader.subscribe(queue, "reader");
            assertThat(destination.deliver(events)).isEqualTo(25);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (size(bodies) < 25 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            group.shutdownGracefully();
        }
        assertThat(bodies).hasSize(25);
        JsonNode first = JSON.readTree(bodies.getFirst());
        assertThat(first.get("event_type").asText()).isEqualTo("transfer-done");
        assertThat(first.get("payload").get("seq").asInt()).isZero();
        assertThat(JSON.readTree(bodies.getLast()).get("payload").get("seq").asInt()).isEqualTo(24);
    }

    private static int size(List<String> list) {
        synchronized (list) {
            return list.size();
        }
    }
}
