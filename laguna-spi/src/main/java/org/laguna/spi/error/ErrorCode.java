package org.laguna.spi.error;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stable error codes of Laguna. Each has a {@link Category}, the HTTP status it answers with, the
 * name of the Rucio exception class that unmodified Rucio clients recognise, and whether trying
 * again later may succeed. This enum is the one table of that mapping, in both directions: the
 * server writes {@link #rucioClass()} and {@link #name()} (header {@value #HEADER}), a client reads
 * them back with {@link #fromAnswer}.
 */
public enum ErrorCode {
    // caller errors: input
    INVALID_OBJECT(Category.USER_ERROR, 400, "InvalidObject"),
    INVALID_VALUE_FOR_KEY(Category.USER_ERROR, 400, "InvalidValueForKey"),
    INVALID_TYPE(Category.USER_ERROR, 400, "InvalidType"),
    INVALID_PATH(Category.USER_ERROR, 400, "InvalidPath"),
    INVALID_RSE_EXPRESSION(Category.USER_ERROR, 400, "InvalidRSEExpression"),
    INVALID_METADATA(Category.USER_ERROR, 400, "InvalidMetadata"),
    DID_FILTER_SYNTAX_ERROR(Category.USER_ERROR, 400, "DIDFilterSyntaxError"),
    UNSUPPORTED_VALUE_TYPE(Category.USER_ERROR, 400, "UnsupportedValueType"),
    VALUE_ERROR(Category.USER_ERROR, 400, "ValueError"),
    MISSING_PARAMETER(Category.USER_ERROR, 400, "MissingParameter"),
    INPUT_VALIDATION_ERROR(Category.USER_ERROR, 422, "InputValidationError"),
    UNSUPPORTED_REQUESTED_CONTENT_TYPE(Category.USER_ERROR, 406, "UnsupportedRequestedContentType"),
    REQUEST_TOO_LARGE(Category.USER_ERROR, 413, "RequestTooLarge"),
    // caller errors: identity and permission
    CANNOT_AUTHENTICATE(Category.PERMISSION, 401, "CannotAuthenticate"),
    ACCESS_DENIED(Category.PERMISSION, 401, "AccessDenied"),
    // caller errors: missing things
    ACCOUNT_NOT_FOUND(Category.NOT_FOUND, 404, "AccountNotFound"),
    IDENTITY_NOT_FOUND(Category.NOT_FOUND, 404, "IdentityError"),
    SCOPE_NOT_FOUND(Category.NOT_FOUND, 404, "ScopeNotFound"),
    DATA_IDENTIFIER_NOT_FOUND(Category.NOT_FOUND, 404, "DataIdentifierNotFound"),
    KEY_NOT_FOUND(Category.NOT_FOUND, 404, "KeyNotFound"),
    RSE_NOT_FOUND(Category.NOT_FOUND, 404, "RSENotFound"),
    RSE_ATTRIBUTE_NOT_FOUND(Category.NOT_FOUND, 404, "RSEAttributeNotFound"),
    RSE_PROTOCOL_NOT_SUPPORTED(Category.NOT_FOUND, 404, "RSEProtocolNotSupported"),
    RSE_PROTOCOL_DOMAIN_NOT_SUPPORTED(Category.NOT_FOUND, 404, "RSEProtocolDomainNotSupported"),
    RSE_OPERATION_NOT_SUPPORTED(Category.NOT_FOUND, 404, "RSEOperationNotSupported"),
    REPLICA_NOT_FOUND(Category.NOT_FOUND, 404, "ReplicaNotFound"),
    COUNTER_NOT_FOUND(Category.NOT_FOUND, 404, "CounterNotFound"),
    NOT_FOUND(Category.NOT_FOUND, 404, "NotFound"),
    // caller errors: conflicts
    DUPLICATE(Category.CONFLICT, 409, "Duplicate"),
    DATA_IDENTIFIER_ALREADY_EXISTS(Category.CONFLICT, 409, "DataIdentifierAlreadyExists"),
    FILE_ALREADY_EXISTS(Category.CONFLICT, 409, "FileAlreadyExists"),
    DUPLICATE_CONTENT(Category.CONFLICT, 409, "DuplicateContent"),
    UNSUPPORTED_OPERATION(Category.CONFLICT, 409, "UnsupportedOperation"),
    UNSUPPORTED_STATUS(Category.CONFLICT, 409, "UnsupportedStatus"),
    RSE_PROTOCOL_PRIORITY_ERROR(Category.CONFLICT, 409, "RSEProtocolPriorityError"),
    FILE_CONSISTENCY_MISMATCH(Category.CONFLICT, 409, "FileConsistencyMismatch"),
    REPLICA_IS_LOCKED(Category.CONFLICT, 423, "ReplicaIsLocked"),
    RULE_NOT_FOUND(Category.NOT_FOUND, 404, "RuleNotFound"),
    DUPLICATE_RULE(Category.CONFLICT, 409, "DuplicateRule"),
    INVALID_REPLICATION_RULE(Category.CONFLICT, 409, "InvalidReplicationRule"),
    INSUFFICIENT_TARGET_RSES(Category.CONFLICT, 409, "InsufficientTargetRSEs"),
    INSUFFICIENT_ACCOUNT_LIMIT(Category.CONFLICT, 409, "InsufficientAccountLimit"),
    RSE_OVER_QUOTA(Category.CONFLICT, 409, "RSEOverQuota"),
    INVALID_RULE_WEIGHT(Category.CONFLICT, 409, "InvalidRuleWeight"),
    RULE_REPLACE_FAILED(Category.CONFLICT, 409, "RuleReplaceFailed"),
    MANUAL_RULE_APPROVAL_BLOCKED(Category.CONFLICT, 409, "ManualRuleApprovalBlocked"),
    STAGING_AREA_RULE_REQUIRES_LIFETIME(Category.CONFLICT, 409, "StagingAreaRuleRequiresLifetime"),
    SUBSCRIPTION_NOT_FOUND(Category.NOT_FOUND, 404, "SubscriptionNotFound"),
    SUBSCRIPTION_DUPLICATE(Category.CONFLICT, 409, "SubscriptionDuplicate"),
    LIFETIME_EXCEPTION_NOT_FOUND(Category.NOT_FOUND, 404, "LifetimeExceptionNotFound"),
    LIFETIME_EXCEPTION_DUPLICATE(Category.CONFLICT, 409, "LifetimeExceptionDuplicate"),
    CONFIG_NOT_FOUND(Category.NOT_FOUND, 404, "ConfigNotFound"),
    VO_NOT_FOUND(Category.NOT_FOUND, 404, "VONotFound"),
    CONFIGURATION_ERROR(Category.USER_ERROR, 400, "ConfigurationError"),
    UNSUPPORTED_KEY_TYPE(Category.USER_ERROR, 400, "UnsupportedKeyType"),
    // storage
    SOURCE_NOT_FOUND(Category.NOT_FOUND, 404, "SourceNotFound"),
    STORAGE_ACCESS_DENIED(Category.EXTERNAL, 401, "RSEAccessDenied"),
    STORAGE_UNAVAILABLE(Category.EXTERNAL, 503, "RSENotConnected", true),
    /**
     * The bytes on storage are not the ones announced (size or checksum). Rucio has no class of its
     * own for this: Rucio clients see {@code FileConsistencyMismatch}, Laguna's client this code.
     */
    CHECKSUM_MISMATCH(Category.CONFLICT, 409, "FileConsistencyMismatch"),
    // transfer tools
    /** The transfer tool could not be reached or did not answer in time: trying again later may work. */
    TRANSFER_TOOL_UNAVAILABLE(Category.EXTERNAL, 503, "TransferToolTimeout", true),
    /** The transfer tool refused the request or answered something unusable: trying again will not help. */
    TRANSFER_TOOL_ERROR(Category.EXTERNAL, 502, "TransferToolWrongAnswer"),
    // server side
    SERVICE_UNAVAILABLE(Category.EXTERNAL, 503, "ServiceUnavailable", true),
    DATABASE_ERROR(Category.INTERNAL, 500, "DatabaseException"),
    INTERNAL(Category.INTERNAL, 500, "RucioException");

    /** The response header that carries {@link #name()}, so that codes sharing a Rucio class stay apart. */
    public static final String HEADER = "X-Laguna-Error-Code";

    /** What kind of failure a code is: whose fault, and what the caller can do about it. */
    public enum Category {
        /** The request itself is wrong (syntax, values, size): fix it and send it again. */
        USER_ERROR,
        /** Something the request names does not exist. */
        NOT_FOUND,
        /** The request contradicts the current state (exists already, locked, over quota, mismatch). */
        CONFLICT,
        /** The caller is not who it claims or may not do this. */
        PERMISSION,
        /** A system Laguna depends on (storage, transfer tool, the server seen from a client) failed. */
        EXTERNAL,
        /** A fault of Laguna itself or of its database. */
        INTERNAL
    }

    private static final Map<String, ErrorCode> BY_RUCIO_CLASS = Arrays.stream(values())
            .collect(Collectors.toMap(ErrorCode::rucioClass, Function.identity(), (first, second) -> first));

    private final Category category;
    private final int httpStatus;
    private final String rucioClass;
    private final boolean transientFailure;

    ErrorCode(Category category, int httpStatus, String rucioClass) {
        this(category, httpStatus, rucioClass, false);
    }

    ErrorCode(Category category, int httpStatus, String rucioClass, boolean transientFailure) {
        this.category = category;
        this.httpStatus = httpStatus;
        this.rucioClass = rucioClass;
        this.transientFailure = transientFailure;
    }

    public Category category() {
        return category;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The exception class name that Rucio clients map back to their own exception type. */
    public String rucioClass() {
        return rucioClass;
    }

    /** True if the same request may succeed later without change (a system that is down or slow). */
    public boolean transientFailure() {
        return transientFailure;
    }

    /** The code for an HTTP error that did not come from Laguna's own code (a refusal of the HTTP layer). */
    public static ErrorCode forHttpStatus(int httpStatus) {
        return httpStatus == 413 ? REQUEST_TOO_LARGE : httpStatus < 500 ? VALUE_ERROR : INTERNAL;
    }

    /** Maps a Rucio exception class name (from an error answer) back to a code. */
    public static ErrorCode fromRucioClass(String rucioClass, int httpStatus) {
        ErrorCode code = BY_RUCIO_CLASS.get(rucioClass);
        if (code != null) {
            return code;
        }
        return httpStatus >= 500 ? INTERNAL : httpStatus == 404 ? NOT_FOUND : VALUE_ERROR;
    }

    /**
     * Maps an error answer back to a code: by Laguna's code (header {@value #HEADER}) when the server
     * sent one this client knows, else by the Rucio class and the status.
     */
    public static ErrorCode fromAnswer(String lagunaCode, String rucioClass, int httpStatus) {
        return byName(lagunaCode).orElseGet(() -> fromRucioClass(rucioClass, httpStatus));
    }

    private static Optional<ErrorCode> byName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim()));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
