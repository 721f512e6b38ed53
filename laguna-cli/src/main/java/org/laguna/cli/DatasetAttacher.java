package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.laguna.client.DidsApi;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Attaches files to a dataset, creating the dataset if it is missing and skipping files already in it. */
final class DatasetAttacher {
    private static final int BATCH = 10_000;

    private DatasetAttacher() {
    }

    /** Answers the names it attached (the ones that were not in the dataset yet). */
    static List<String> attach(LagunaClient client, Dids.Did dataset, String scope, List<String> names) {
        try {
            client.dids().add(dataset.scope(), dataset.name(), "DATASET", null, false, Map.of());
        } catch (LagunaException e) {
            if (e.code() != ErrorCode.DATA_IDENTIFIER_ALREADY_EXISTS && e.code() != ErrorCode.DUPLICATE) {
                throw e;
            }
        }
        Set<String> present = new HashSet<>();
        try (Stream<JsonNode> content = client.dids().content(dataset.scope(), dataset.name())) {
            content.forEach(c -> present.add(c.path("scope").asText() + ":" + c.path("name").asText()));
        }
        List<Map<String, String>> children = new ArrayList<>();
        List<String> attached = new ArrayList<>();
        for (String name : names) {
            if (present.add(scope + ":" + name)) {
                attached.add(name);
                children.add(DidsApi.did(scope, name));
                if (children.size() == BATCH) {
                    client.dids().attach(dataset.scope(), dataset.name(), children);
                    children.clear();
                }
            }
        }
        if (!children.isEmpty()) {
            client.dids().attach(dataset.scope(), dataset.name(), children);
        }
        return attached;
    }
}
