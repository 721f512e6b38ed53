package org.laguna.core.did.filter;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.laguna.core.common.DidType;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Compiles a {@link DidFilter} to a SQL condition over the {@code dids} table. Keys that are
 * columns compare with the column's type; any other key is looked up in the {@code meta} jsonb
 * column. Keys are never spliced into SQL unless they are one of the known column names; values
 * are always parameters.
 */
public final class FilterSql {
    /** A date text as stored in metadata, safe to cast to a timestamp. */
    private static final String META_DATE_REGEX =
            "^\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?$";
    private static final Pattern SAFE_KEY = Pattern.compile("^[A-Za-z0-9_]+$");

    private final String alias;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    private FilterSql(String alias) {
        this.alias = alias;
    }

    /** The condition of the whole filter, with {@code alias} as the name of the dids table. */
    public static SqlFragment compile(DidFilter filter, String alias) {
        FilterSql compiler = new FilterSql(alias);
        compiler.filter(filter);
        return new SqlFragment(compiler.sql.toString(), compiler.params);
    }

    private void filter(DidFilter filter) {
        sql.append('(');
        boolean firstGroup = true;
        for (DidFilter.Group group : filter.groups()) {
            if (!firstGroup) {
                sql.append(" or ");
            }
            firstGroup = false;
            sql.append('(');
            types(group);
            for (Condition condition : group.conditions()) {
                sql.append(" and ");
                condition(condition);
            }
            sql.append(')');
        }
        sql.append(')');
    }

    private void types(DidFilter.Group group) {
        if (group.types().size() == DidType.values().length) {
            sql.append("true");
            return;
        }
        sql.append(alias).append(".did_type in (");
        boolean first = true;
        for (DidType type : DidType.values()) {
            if (group.types().contains(type)) {
                sql.append(first ? "" : ", ").append('\'').append(type.name()).append('\'');
                first = false;
            }
        }
        sql.append(')');
    }

    private void condition(Condition condition) {
        DidColumn.filterable(condition.key()).ifPresentOrElse(column -> column(condition, column.type()), () -> meta(condition));
    }

    private void column(Condition c, DidColumn.Type kind) {
        String column = alias + "." + c.key();
        FilterValue value = c.value();
        if (value instanceof FilterValue.Text text && text.isWildcard()) {
            if (text.matchesAll()) {
                sql.append("true");
                return;
            }
            String target = kind.isText() ? column : column + "::text";
            like(target, c.op(), kind == DidColumn.Type.UUID ? text.raw().toLowerCase(Locale.ROOT) : text.raw());
            return;
        }
        if (value instanceof FilterValue.Null) {
            sql.append(column).append(c.op() == Op.EQ ? " is null" : " is not null");
            return;
        }
        Object param = switch (kind) {
            case TEXT, MD5, ADLER32 -> value.raw();
            case INTEGER -> integral(number(c)) ? (Object) number(c).longValueExact() : number(c);
            case BOOLEAN -> bool(c);
            case TIME -> time(c);
            case UUID -> uuid(c);
        };
        String cast = switch (kind) {
            case TEXT, MD5, ADLER32 -> "?";
            // a whole number compares as bigint, like the column, so that its index serves
            case INTEGER -> param instanceof Long ? "?::bigint" : "?::numeric";
            case BOOLEAN -> "?::boolean";
            case TIME -> "?::timestamptz";
            case UUID -> "?::uuid";
        };
        compare(column, c.op(), cast, param);
    }

    /** {@code column op ?}; for {@code !=} rows where the column is null count as different. */
    private void compare(String column, Op op, String placeholder, Object param) {
        if (op == Op.NE) {
            sql.append('(').append(column).append(" <> ").append(placeholder).append(" or ").append(column).append(" is null)");
        } else {
            sql.append(column).append(' ').append(op.sql()).append(' ').append(placeholder);
        }
        params.add(param);
    }

    private void like(String target, Op op, String pattern) {
        if (op == Op.NE) {
            sql.append("(").append(target).append(" not like ? escape '\\' or ").append(target).append(" is null)");
        } else {
            sql.append(target).append(" like ? escape '\\'");
        }
        params.add(likePattern(pattern));
    }

    /** Rucio's wildcards: {@code *} and {@code %} match any text; {@code _} and {@code \} are literal. */
    public static String likePattern(String wildcard) {
        StringBuilder out = new StringBuilder(wildcard.length() + 8);
        for (char ch : wildcard.toCharArray()) {
            switch (ch) {
                case '*', '%' -> out.append('%');
                case '_' -> out.append("\\_");
                case '\\' -> out.append("\\\\");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private void meta(Condition c) {
        String key = c.key();
        if (!SAFE_KEY.matcher(key).matches()) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Invalid metadata key: '" + key + "'");
        }
        String node = alias + ".meta -> ?::text";
        String text = alias + ".meta ->> ?::text";
        switch (c.value()) {
            case FilterValue.Text t when t.isWildcard() -> metaLike(c, t, text);
            case FilterValue.Null n -> {
                sql.append("(").append(text).append(c.op() == Op.EQ ? ") is null" : ") is not null");
                params.add(key);
            }
            case FilterValue.Bool b -> {
                sql.append(c.op() == Op.EQ ? "(" + node + ") = ?::jsonb" : "(" + node + ") is distinct from ?::jsonb");
                params.add(key);
                params.add(Boolean.toString(b.value()));
            }
            case FilterValue.Num num -> metaNumber(c, num, node, text);
            case FilterValue.Date d -> metaDate(c, d, node, text);
            case FilterValue.Text t -> metaText(c, t, text);
        }
    }

    /** A wildcard against a metadata value; keys without the value count as different. */
    private void metaLike(Condition c, FilterValue.Text t, String text) {
        if (t.matchesAll()) {
            sql.append("true");
            return;
        }
        if (c.op() == Op.NE) {
            sql.append("coalesce((").append(text).append(") not like ? escape '\\', true)");
        } else {
            sql.append("(").append(text).append(") like ? escape '\\'");
        }
        params.add(c.key());
        params.add(likePattern(t.raw()));
    }

    private void metaNumber(Condition c, FilterValue.Num num, String node, String text) {
        String key = c.key();
        String numeric = "(case when jsonb_typeof(" + node + ") = 'number' then (" + text + ")::numeric end)";
        if (c.op().isEquality()) {
            // equal as a number, or as the same text stored as a string
            String equal = "(" + numeric + " = ?::numeric or (jsonb_typeof(" + node + ") = 'string' and (" + text + ") = ?))";
            sql.append(c.op() == Op.EQ ? equal : "not coalesce(" + equal + ", false)");
            params.add(key);
            params.add(key);
            params.add(num.value());
            params.add(key);
            params.add(key);
            params.add(num.raw());
        } else {
            sql.append(numeric).append(' ').append(c.op().sql()).append(" ?::numeric");
            params.add(key);
            params.add(key);
            params.add(num.value());
        }
    }

    private void metaDate(Condition c, FilterValue.Date d, String node, String text) {
        String time = "(case when jsonb_typeof(" + node + ") = 'string' and (" + text + ") ~ '" + META_DATE_REGEX
                + "' then (" + text + ")::timestamptz end)";
        if (c.op() == Op.NE) {
            sql.append("coalesce(").append(time).append(" <> ?::timestamptz, true)");
        } else {
            sql.append(time).append(' ').append(c.op().sql()).append(" ?::timestamptz");
        }
        params.add(c.key());
        params.add(c.key());
        params.add(c.key());
        params.add(Timestamp.from(d.value()));
    }

    private void metaText(Condition c, FilterValue.Text t, String text) {
        if (c.op() == Op.NE) {
            sql.append("coalesce((").append(text).append(") <> ?, true)");
        } else if (c.op() == Op.EQ) {
            // containment lets the metadata index (DIDs with metadata only) find the candidates
            sql.append("(").append(alias).append(".meta <> '{}'::jsonb and ").append(alias)
                    .append(".meta @> jsonb_build_object(?::text, ?::text) and (").append(text).append(") = ?)");
            params.add(c.key());
            params.add(t.raw());
        } else {
            sql.append("(").append(text).append(") ").append(c.op().sql()).append(" ?");
        }
        params.add(c.key());
        params.add(t.raw());
    }

    private static boolean integral(BigDecimal value) {
        try {
            value.longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static BigDecimal number(Condition c) {
        if (c.value() instanceof FilterValue.Num num) {
            return num.value();
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                "Invalid value '" + c.value().raw() + "' for key '" + c.key() + "': expected a number");
    }

    private static Boolean bool(Condition c) {
        if (!c.op().isEquality()) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Booleans can only be compared with equality operators: " + c);
        }
        return switch (c.value()) {
            case FilterValue.Bool b -> b.value();
            case FilterValue.Num n when n.value().compareTo(BigDecimal.ONE) == 0 -> true;
            case FilterValue.Num n when n.value().signum() == 0 -> false;
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                    "Invalid value '" + c.value().raw() + "' for key '" + c.key() + "': expected True or False");
        };
    }

    private static Timestamp time(Condition c) {
        if (c.value() instanceof FilterValue.Date d) {
            return Timestamp.from(d.value());
        }
        throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Couldn't parse date '" + c.value().raw() + "' for key '" + c.key() + "'");
    }

    private static UUID uuid(Condition c) {
        String raw = c.value().raw().strip();
        String dashed = raw.length() == 32
                ? raw.substring(0, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12, 16) + "-" + raw.substring(16, 20) + "-" + raw.substring(20)
                : raw;
        try {
            return UUID.fromString(dashed);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Invalid value '" + raw + "' for key '" + c.key() + "': expected a GUID");
        }
    }
}
