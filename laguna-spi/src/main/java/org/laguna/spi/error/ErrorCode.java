package org.laguna.spi.error;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stable error codes of Laguna. Each carries the HTTP status it maps to and the name of the
 * Rucio exception class that unmodified Rucio clients recognise.
 */
public enum ErrorCode {
    // caller errors: input
    INVALID_OBJECT(400, "InvalidObject"),
    INVALID_VALUE_FOR_KEY(400, "InvalidValueForKey"),
    INVALID_TYPE(400, "InvalidType"),
    INVALID_PATH(400, "InvalidPath"),
    INVALID_RSE_EXPRESSION(400, "InvalidRSEExpression"),
    INVALID_METADATA(400, "InvalidMetadata"),
    DID_FILTER_SYNTAX_ERROR(400, "DIDFilterSyntaxError"),
    UNSUPPORTED_VALUE_TYPE(400, "UnsupportedValueType"),
    VALUE_ERROR(400, "ValueError"),
    MISSING_PARAMETER(400, "MissingParameter"),
    INPUT_VALIDATION_ERROR(422, "InputValidationError"),
    UNSUPPORTED_REQUESTED_CONTENT_TYPE(406, "UnsupportedRequestedContentType"),
    REQUEST_TOO_LARGE(413, "RequestTooLarge"),
    // caller errors: identity and permission
    CANNOT_AUTHENTICATE(401, "CannotAuthenticate"),
    ACCESS_DENIED(401, "AccessDenied"),
    // caller errors: missing things
    ACCOUNT_NOT_FOUND(404, "AccountNotFound"),
    IDENTITY_NOT_FOUND(404, "IdentityError"),
    SCOPE_NOT_FOUND(404, "ScopeNotFound"),
    DATA_IDENTIFIER_NOT_FOUND(404, "DataIdentifierNotFound"),
    KEY_NOT_FOUND(404, "KeyNotFound"),
    RSE_NOT_FOUND(404, "RSENotFound"),
    RSE_ATTRIBUTE_NOT_FOUND(404, "RSEAttributeNotFound"),
    RSE_PROTOCOL_NOT_SUPPORTED(404, "RSEProtocolNotSupported"),
    RSE_PROTOCOL_DOMAIN_NOT_SUPPORTED(404, "RSEProtocolDomainNotSupported"),
    RSE_OPERATION_NOT_SUPPORTED(404, "RSEOperationNotSupported"),
    REPLICA_NOT_FOUND(404, "ReplicaNotFound"),
    COUNTER_NOT_FOUND(404, "CounterNotFound"),
    NOT_FOUND(404, "NotFound"),
    // caller errors: conflicts
    DUPLICATE(409, "Duplicate"),
    DATA_IDENTIFIER_ALREADY_EXISTS(409, "DataIdentifierAlreadyExists"),
    FILE_ALREADY_EXISTS(409, "FileAlreadyExists"),
    DUPLICATE_CONTENT(409, "DuplicateContent"),
    UNSUPPORTED_OPERATION(409, "UnsupportedOperation"),
    UNSUPPORTED_STATUS(409, "UnsupportedStatus"),
    RSE_PROTOCOL_PRIORITY_ERROR(409, "RSEProtocolPriorityError"),
    FILE_CONSISTENCY_MISMATCH(409, "FileConsistencyMismatch"),
    REPLICA_IS_LOCKED(423, "ReplicaIsLocked"),
    RULE_NOT_FOUND(404, "RuleNotFound"),
    DUPLICATE_RULE(409, "DuplicateRule"),
    INVALID_REPLICATION_RULE(409, "InvalidReplicationRule"),
    INSUFFICIENT_TARGET_RSES(409, "InsufficientTargetRSEs"),
    INSUFFICIENT_ACCOUNT_LIMIT(409, "InsufficientAccountLimit"),
    RSE_OVER_QUOTA(409, "RSEOverQuota"),
    INVALID_RULE_WEIGHT(409, "InvalidRuleWeight"),
    RULE_REPLACE_FAILED(409, "RuleReplaceFailed"),
    MANUAL_RULE_APPROVAL_BLOCKED(409, "ManualRuleApprovalBlocked"),
    STAGING_AREA_RULE_REQUIRES_LIFETIME(409, "StagingAreaRuleRequiresLifetime"),
    SUBSCRIPTION_NOT_FOUND(404, "SubscriptionNotFound"),
    SUBSCRIPTION_DUPLICATE(409, "SubscriptionDuplicate"),
    LIFETIME_EXCEPTION_NOT_FOUND(404, "LifetimeExceptionNotFound"),
    LIFETIME_EXCEPTION_DUPLICATE(409, "LifetimeExceptionDuplicate"),
    CONFIG_NOT_FOUND(404, "ConfigNotFound"),
    CONFIGURATION_ERROR(400, "ConfigurationError"),
    UNSUPPORTED_KEY_TYPE(400, "UnsupportedKeyType"),
    // storage
    SOURCE_NOT_FOUND(404, "SourceNotFound"),
    STORAGE_ACCESS_DENIED(401, "RSEAccessDenied"),
    STORAGE_UNAVAILABLE(503, "RSENotConnected"),
    CHECKSUM_MISMATCH(409, "FileConsistencyMismatch"),
    // server side
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable"),
    DATABASE_ERROR(500, "DatabaseException"),
    INTERNAL(500, "RucioException");

    private static final Map<String, ErrorCode> BY_RUCIO_CLASS = Arrays.stream(values())
            .collect(Collectors.toMap(ErrorCode::rucioClass, Function.identity(), (first, second) -> first));

    private final int httpStatus;
    private final String rucioClass;

    ErrorCode(int httpStatus, String rucioClass) {
        this.httpStatus = httpStatus;
        this.rucioClass = rucioClass;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The exception class name that Rucio clients map back to their own exception type. */
    public String rucioClass() {
        return rucioClass;
    }

    /** Maps a Rucio exception class name (from an error answer) back to a code. */
    public static ErrorCode fromRucioClass(String rucioClass, int httpStatus) {
        ErrorCode code = BY_RUCIO_CLASS.get(rucioClass);
        if (code != null) {
            return code;
        }
        return httpStatus >= 500 ? INTERNAL : httpStatus == 404 ? NOT_FOUND : VALUE_ERROR;
    }
}
