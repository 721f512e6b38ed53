package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.did.DidAttachments;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.server.http.Http;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's attach and detach endpoints below {@code /dids}, dispatched by {@link DidResource}. */
final class DidAttachmentRoutes {
    private static final Set<String> CHILD_KEYS = Set.of("scope", "name", "bytes", "adler32", "md5", "guid", "meta", "events",
            "pfn", "state", "type", "did_type", "lumiblocknr", "filesize", "filename", "path", "rse", "rse_id", "dataset_scope", "dataset_name");
    private static final Set<String> ATTACHMENT_KEYS = Set.of("scope", "name", "dids", "rse", "rse_id");

    private final DidAttachments attachments;

    DidAttachmentRoutes(DidAttachments attachments) {
        this.attachments = Objects.requireNonNull(attachments, "attachments is null");
    }

    /** {@code POST /dids/<scope>/<name>/dids}. */
    void attach(Context ctx, DidKey parent) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the attachment", Set.of("dids", "rse"));
        if (!body.has("dids")) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined");
        }
        Attachment attachment = new Attachment(parent, children(body.get("dids"), "dids"), Http.optionalText(body, "rse"));
        attachments.attach(Http.caller(ctx), List.of(attachment), false);
        Http.created(ctx);
    }

    /** {@code POST /dids/attachments}: a list of attachments, or a dictionary with the list and ignore_duplicate. */
    void attachBulk(Context ctx) {
        JsonNode body = Http.jsonBody(ctx, false);
        JsonNode list;
        boolean ignoreDuplicate = false;
        if (body instanceof ArrayNode) {
            list = body;
        } else if (body instanceof ObjectNode object) {
            Http.requireKnownKeys(object, "the attachments", Set.of("attachments", "ignore_duplicate"));
            list = object.get("attachments");
            if (list == null || list.isNull()) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "attachments not defined");
            }
            Boolean ignore = Http.optionalBool(object, "ignore_duplicate");
            ignoreDuplicate = ignore != null && ignore;
        } else {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "body must be a json list or dictionary of attachments");
        }
        attachments.attach(Http.caller(ctx), attachmentList(list), ignoreDuplicate);
        Http.created(ctx);
    }

    private static List<Attachment> attachmentList(JsonNode list) {
        if (!list.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "attachments must be a list");
        }
        List<Attachment> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!(item instanceof ObjectNode object)) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "attachment #" + i + " must be a json dictionary");
            }
            Http.requireKnownKeys(object, "attachment #" + i, ATTACHMENT_KEYS);
            DidKey parent = new DidKey(Http.requiredText(object, "scope"), Http.requiredText(object, "name"));
            if (!object.has("dids")) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined in attachment #" + i);
            }
            result.add(new Attachment(parent, children(object.get("dids"), "attachment #" + i + " dids"), Http.optionalText(object, "rse")));
        }
        return result;
    }

    /** {@code DELETE /dids/<scope>/<name>/dids}. */
    void detach(Context ctx, DidKey parent) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the detachment", Set.of("dids"));
        if (!body.has("dids") || body.get("dids").isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined");
        }
        List<DidKey> children = children(body.get("dids"), "dids").stream().map(Child::did).toList();
        attachments.detach(Http.caller(ctx), parent, children);
        ctx.status(200).result("");
    }

    /** A list of {scope, name} dictionaries, with optional size and checksums. */
    static List<Child> children(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, where + " must be a list of {scope, name} dictionaries");
        }
        List<Child> children = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!(item instanceof ObjectNode object)) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, where + "[" + i + "] must be a {scope, name} dictionary");
            }
            Http.requireKnownKeys(object, where + "[" + i + "]", CHILD_KEYS);
            DidKey did = new DidKey(Http.requiredText(object, "scope"), Http.requiredText(object, "name"));
            children.add(new Child(did, Http.optionalLong(object, "bytes"), Http.optionalText(object, "adler32"), Http.optionalText(object, "md5")));
        }
        return children;
    }
}
