package org.laguna.core.did.filter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns of the {@code dids} table that metadata shows, in the order it shows them: for each,
 * the type of its values, whether a DID filter may name it and whether it can be set as metadata.
 * The one list that metadata reads, metadata writes and filters share.
 */
public enum DidColumn {
    SCOPE(Type.TEXT, Use.FILTER),
    NAME(Type.TEXT, Use.FILTER),
    DID_TYPE(Type.TEXT, Use.SHOW),
    ACCOUNT(Type.TEXT, Use.FILTER),
    IS_OPEN(Type.BOOLEAN, Use.FILTER),
    MONOTONIC(Type.BOOLEAN, Use.FILTER),
    HIDDEN(Type.BOOLEAN, Use.SET),
    OBSOLETE(Type.BOOLEAN, Use.FILTER),
    COMPLETE(Type.BOOLEAN, Use.FILTER),
    IS_NEW(Type.BOOLEAN, Use.SET),
    AVAILABILITY(Type.TEXT, Use.FILTER),
    SUPPRESSED(Type.BOOLEAN, Use.FILTER),
    BYTES(Type.INTEGER, Use.SET),
    LENGTH(Type.INTEGER, Use.SET),
    MD5(Type.MD5, Use.SET),
    ADLER32(Type.ADLER32, Use.SET),
    GUID(Type.UUID, Use.SET),
    EVENTS(Type.INTEGER, Use.SET),
    PROJECT(50),
    DATATYPE(50),
    RUN_NUMBER(Type.INTEGER, Use.SET),
    STREAM_NAME(70),
    PROD_STEP(50),
    VERSION(50),
    CAMPAIGN(50),
    TASK_ID(Type.INTEGER, Use.SET),
    PANDA_ID(Type.INTEGER, Use.SET),
    LUMIBLOCKNR(Type.INTEGER, Use.SET),
    PROVENANCE(2),
    PHYS_GROUP(25),
    TRANSIENT(Type.BOOLEAN, Use.SET),
    IS_ARCHIVE(Type.BOOLEAN, Use.FILTER),
    CONSTITUENT(Type.BOOLEAN, Use.FILTER),
    EXPIRED_AT(Type.TIME, Use.SET),
    EOL_AT(Type.TIME, Use.SET),
    CLOSED_AT(Type.TIME, Use.FILTER),
    ACCESSED_AT(Type.TIME, Use.SET),
    ACCESS_CNT(Type.INTEGER, Use.SET),
    CREATED_AT(Type.TIME, Use.FILTER),
    UPDATED_AT(Type.TIME, Use.FILTER);

    /** The type of a column's values; MD5 and ADLER32 are text with a checked form. */
    public enum Type {
        TEXT, INTEGER, BOOLEAN, TIME, UUID, MD5, ADLER32;

        /** True for the types stored as text. */
        public boolean isText() {
            return this == TEXT || this == MD5 || this == ADLER32;
        }
    }

    /** What a column is for: only shown, also named by filters, or also set as metadata. */
    private enum Use { SHOW, FILTER, SET }

    /** The column list of a select that shows every column, in order. */
    public static final String SELECT_LIST = Arrays.stream(values()).map(DidColumn::column).collect(Collectors.joining(", "));

    private static final Map<String, DidColumn> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(DidColumn::column, Function.identity()));

    private final String column;
    private final Type type;
    private final Use use;
    private final int maxLength;

    DidColumn(Type type, Use use) {
        this(type, use, 0);
    }

    /** A settable text column of at most {@code maxLength} characters. */
    DidColumn(int maxLength) {
        this(Type.TEXT, Use.SET, maxLength);
    }

    DidColumn(Type type, Use use, int maxLength) {
        this.column = name().toLowerCase(Locale.ROOT);
        this.type = type;
        this.use = use;
        this.maxLength = maxLength;
    }

    /** The column as SQL names it. */
    public String column() {
        return column;
    }

    public Type type() {
        return type;
    }

    /** True if a DID filter may compare this column; every settable column is filterable. */
    public boolean filterable() {
        return use != Use.SHOW;
    }

    /** True if the column can be set as a metadata key of the same name. */
    public boolean settable() {
        return use == Use.SET;
    }

    /** The maximum length of a settable text column; 0 for the other columns. */
    public int maxLength() {
        return maxLength;
    }

    /** The column of that SQL name, if any. */
    public static Optional<DidColumn> named(String column) {
        return Optional.ofNullable(BY_NAME.get(column));
    }

    /** The column of that name if a filter may name it. */
    public static Optional<DidColumn> filterable(String column) {
        return named(column).filter(DidColumn::filterable);
    }

    /** The column of that name if it can be set as metadata. */
    public static Optional<DidColumn> settable(String column) {
        return named(column).filter(DidColumn::settable);
    }
}
