package org.laguna.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.event.EventDestination;
import org.laguna.core.event.HermesConfig;
import org.laguna.core.event.StompDestination;
import org.laguna.core.event.mail.EmailConfig;
import org.laguna.core.event.mail.EmailDestination;
import org.laguna.core.event.webhook.WebhookConfig;
import org.laguna.core.event.webhook.WebhookDestination;

/**
 * The destinations hermes delivers to, as the configuration names them: STOMP brokers
 * ({@code hermes.stomp.*}), e-mail ({@code hermes.email.*}) and the webhooks ({@code hermes.webhook.*}). Each destination package stays
 * unaware of the others; this is where they are listed.
 */
public final class EventDestinations {
    private EventDestinations() {
    }

    /** The destinations of a running core, in a fixed order. */
    public static List<EventDestination> create(LagunaCore core) {
        LagunaConfig config = core.config();
        List<EventDestination> destinations = new ArrayList<>();
        HermesConfig.from(config.source()).stomp().ifPresent(stomp -> destinations.add(new StompDestination(stomp, core.clock())));
        email(config).ifPresent(email -> destinations.add(new EmailDestination(core.database(), core.clock(), email)));
        if (WebhookConfig.from(config.source()).enabled()) {
            destinations.add(new WebhookDestination(core.database(), core.clock()));
        }
        return destinations;
    }

    /** The names of the destinations of a configuration (for the backlog metrics). */
    public static List<String> names(LagunaConfig config) {
        List<String> names = new ArrayList<>();
        if (HermesConfig.from(config.source()).stomp().isPresent()) {
            names.add(StompDestination.NAME);
        }
        if (email(config).isPresent()) {
            names.add(EmailDestination.NAME);
        }
        if (WebhookConfig.from(config.source()).enabled()) {
            names.add(WebhookDestination.NAME);
        }
        return names;
    }

    private static Optional<EmailConfig> email(LagunaConfig config) {
        return EmailConfig.from(config.source(), Optional.of(config.home()));
    }
}
