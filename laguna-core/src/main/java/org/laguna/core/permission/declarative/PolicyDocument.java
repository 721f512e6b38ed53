package org.laguna.core.permission.declarative;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.core.auth.oidc.TokenGrants.StorageOperation;
import org.laguna.core.permission.declarative.Statement.Condition;
import org.laguna.core.rse.expression.RseExpression;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;
import org.laguna.spi.policy.PermissionRequest;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A parsed policy file (YAML, or JSON which is read the same way): an ordered list of statements
 * and the decision when none matches. The first statement that matches a request decides it.
 */
public final class PolicyDocument {
    /** Every action name the permission SPI knows ({@link Actions}). */
    public static final Set<String> KNOWN_ACTIONS = knownActions();

    private final String source;
    private final List<Statement> statements;
    private final boolean defaultAllow;
    private final int defaultLine;

    private PolicyDocument(String source, List<Statement> statements, boolean defaultAllow, int defaultLine) {
        this.source = source;
        this.statements = List.copyOf(statements);
        this.defaultAllow = defaultAllow;
        this.defaultLine = defaultLine;
    }

    /** The ids of the statements, in evaluation order. */
    public List<String> statementIds() {
        return statements.stream().map(Statement::id).toList();
    }

    /** Evaluates the request: the first statement that matches decides, else the default. */
    public Decision decide(PermissionRequest request, TokenGrants grants, PolicyFacts facts) {
        Evaluation evaluation = new Evaluation(request, grants, facts);
        for (Statement statement : statements) {
            if (statement.matches(evaluation)) {
                return Decision.of(statement.allow(), statement.id(), (statement.allow() ? "allowed" : "denied")
                        + " by statement '" + statement.id() + "' (" + source + " line " + statement.line() + ")");
            }
        }
        return Decision.of(defaultAllow, "default", (defaultAllow ? "allowed" : "denied")
                + " by the default of " + source + (defaultLine > 0 ? " (line " + defaultLine + ")" : "") + ": no statement matched");
    }

    /**
     * Reads a policy.
     *
     * @param source how messages name the file
     * @throws LagunaException InvalidValueForKey naming the line of the first mistake
     */
    public static PolicyDocument parse(String text, String source) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw invalid(source, line, "not valid YAML or JSON: " + e.getProblem());
        } catch (RuntimeException e) {
            throw invalid(source, 0, "not valid YAML or JSON: " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw invalid(source, root == null ? 1 : line(root), "a policy is a mapping with 'statements' (and optionally 'default')");
        }
        Parser parser = new Parser(source);
        Map<String, NodeTuple> keys = parser.keys(top, Set.of("version", "default", "statements", "description"));
        boolean defaultAllow = false;
        int defaultLine = 0;
        if (keys.containsKey("default")) {
            Node value = keys.get("default").getValueNode();
            defaultAllow = parser.effect(value);
            defaultLine = line(value);
        }
        NodeTuple statementsTuple = keys.get("statements");
        if (statementsTuple == null) {
            throw invalid(source, line(top), "missing 'statements'");
        }
        if (!(statementsTuple.getValueNode() instanceof SequenceNode list)) {
            throw invalid(source, line(statementsTuple.getValueNode()), "'statements' must be a list");
        }
        List<Statement> statements = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node node : list.getValue()) {
            Statement statement = parser.statement(node);
            if (!ids.add(statement.id())) {
                throw invalid(source, statement.line(), "statement id '" + statement.id() + "' is used twice");
            }
            statements.add(statement);
        }
        return new PolicyDocument(source, statements, defaultAllow, defaultLine);
    }

    static LagunaException invalid(String source, int line, String message) {
        return new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                "Invalid permission policy " + source + (line > 0 ? " line " + line : "") + ": " + message);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static Set<String> knownActions() {
        Set<String> names = new TreeSet<>();
        for (Field field : Actions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }

    /** Turns nodes into statements, naming the line of any mistake. */
    private record Parser(String source) {
        private static final Set<String> STATEMENT_KEYS = Set.of("id", "effect", "actions", "who", "on", "description");
        private static final Set<String> WHO_KEYS = Set.of("account", "account_type", "admin", "attribute", "member_of", "token_scope", "vo");
        private static final Set<String> ON_KEYS = Set.of("scope", "scope_owner", "scope_owner_type", "scope_group", "did_meta", "rse",
                "arguments", "argument_contains", "argument_within");

        Map<String, NodeTuple> keys(MappingNode mapping, Set<String> allowed) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode());
                if (!allowed.contains(key)) {
                    throw invalid(source, line(tuple.getKeyNode()), "unknown key '" + key + "', expected one of " + new TreeSet<>(allowed));
                }
                out.put(key, tuple);
            }
            return out;
        }

        String scalar(Node node) {
            if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
                throw invalid(source, line(node), "expected a single value");
            }
            return scalar.getValue();
        }

        MappingNode mapping(Node node, String what) {
            if (!(node instanceof MappingNode mapping)) {
                throw invalid(source, line(node), "'" + what + "' must be a mapping");
            }
            return mapping;
        }

        /** A value or a list of values; a null entry stands for "absent". */
        List<String> values(Node node) {
            List<String> out = new ArrayList<>();
            if (node instanceof SequenceNode sequence) {
                for (Node item : sequence.getValue()) {
                    out.add(item instanceof ScalarNode s && s.getTag().equals(Tag.NULL) ? null : scalar(item));
                }
            } else if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                out.add(null);
            } else {
                out.add(scalar(node));
            }
            if (out.isEmpty()) {
                throw invalid(source, line(node), "expected at least one value");
            }
            return out;
        }

        boolean effect(Node node) {
            String value = scalar(node);
            return switch (value) {
                case "allow" -> true;
                case "deny" -> false;
                default -> throw invalid(source, line(node), "effect must be 'allow' or 'deny', got '" + value + "'");
            };
        }

        Statement statement(Node node) {
            MappingNode mapping = mapping(node, "statement");
            Map<String, NodeTuple> keys = keys(mapping, STATEMENT_KEYS);
            int line = line(node);
            if (!keys.containsKey("id")) {
                throw invalid(source, line, "a statement needs an 'id'");
            }
            if (!keys.containsKey("effect")) {
                throw invalid(source, line, "a statement needs an 'effect' (allow or deny)");
            }
            String id = scalar(keys.get("id").getValueNode());
            boolean allow = effect(keys.get("effect").getValueNode());
            List<String> actions = List.of();
            if (keys.containsKey("actions")) {
                Node actionsNode = keys.get("actions").getValueNode();
                actions = values(actionsNode);
                for (String pattern : actions) {
                    if (pattern == null || KNOWN_ACTIONS.stream().noneMatch(a -> Glob.matches(pattern, a))) {
                        throw invalid(source, line(actionsNode), "no action is named '" + pattern + "'; actions are " + new TreeSet<>(KNOWN_ACTIONS));
                    }
                }
                if (actions.contains("*")) {
                    actions = List.of();
                }
            }
            List<Condition> conditions = new ArrayList<>();
            boolean[] usesGroup = {false};
            if (keys.containsKey("who")) {
                for (NodeTuple tuple : keys(mapping(keys.get("who").getValueNode(), "who"), WHO_KEYS).values()) {
                    conditions.add(who(scalar(tuple.getKeyNode()), tuple.getValueNode(), usesGroup));
                }
            }
            if (keys.containsKey("on")) {
                for (NodeTuple tuple : keys(mapping(keys.get("on").getValueNode(), "on"), ON_KEYS).values()) {
                    conditions.add(on(scalar(tuple.getKeyNode()), tuple.getValueNode(), usesGroup));
                }
            }
            return new Statement(id, line, allow, actions, conditions, usesGroup[0]);
        }

        private List<String> templates(Node node, boolean[] usesGroup) {
            List<String> values = values(node);
            for (String value : values) {
                if (value != null && value.contains("{group}")) {
                    usesGroup[0] = true;
                }
                if (value != null) {
                    checkTemplate(value, node);
                }
            }
            return values;
        }

        private void checkTemplate(String value, Node node) {
            int open = value.indexOf('{');
            while (open >= 0) {
                int close = value.indexOf('}', open);
                String variable = close < 0 ? value.substring(open) : value.substring(open + 1, close);
                if (close < 0 || !Set.of("account", "vo", "group", "scope", "name").contains(variable)) {
                    throw invalid(source, line(node), "unknown template '" + variable + "'; templates are {account}, {vo}, {group}, {scope}, {name}");
                }
                open = value.indexOf('{', close);
            }
        }

        private Condition who(String key, Node node, boolean[] usesGroup) {
            return switch (key) {
                case "account" -> {
                    List<String> patterns = templates(node, usesGroup);
                    yield (e, g) -> anyGlob(e, g, patterns, e.issuer());
                }
                case "vo" -> {
                    List<String> patterns = templates(node, usesGroup);
                    yield (e, g) -> anyGlob(e, g, patterns, e.request.vo());
                }
                case "account_type" -> {
                    List<String> types = values(node);
                    yield (e, g) -> e.accountType(e.issuer()).map(types::contains).orElse(false);
                }
                case "admin" -> {
                    String value = scalar(node);
                    if (!value.equals("true") && !value.equals("false")) {
                        throw invalid(source, line(node), "admin must be true or false");
                    }
                    boolean wanted = Boolean.parseBoolean(value);
                    yield (e, g) -> e.admin() == wanted;
                }
                case "attribute" -> {
                    Map<String, List<String>> wanted = patternMap(node, "attribute", usesGroup);
                    yield (e, g) -> mapMatches(e, g, wanted, e.attributes());
                }
                case "member_of" -> {
                    List<String> groups = templates(node, usesGroup);
                    yield (e, g) -> {
                        for (String template : groups) {
                            String group = template == null ? null : e.expand(template, g);
                            if (group != null && e.groups().contains(group.startsWith("/") ? group.substring(1) : group)) {
                                return true;
                            }
                        }
                        return false;
                    };
                }
                case "token_scope" -> {
                    List<String> scopes = templates(node, usesGroup);
                    yield (e, g) -> {
                        for (String template : scopes) {
                            String scope = template == null ? null : e.expand(template, g);
                            if (scope != null && tokenGrants(e.grants, scope)) {
                                return true;
                            }
                        }
                        return false;
                    };
                }
                default -> throw new IllegalStateException(key);
            };
        }

        private Condition on(String key, Node node, boolean[] usesGroup) {
            return switch (key) {
                case "scope" -> {
                    List<String> patterns = templates(node, usesGroup);
                    yield (e, g) -> e.argument("scope").map(s -> anyGlob(e, g, patterns, s)).orElse(false);
                }
                case "scope_owner" -> {
                    List<String> patterns = templates(node, usesGroup);
                    yield (e, g) -> e.scopeOwner().map(o -> anyGlob(e, g, patterns, o)).orElse(false);
                }
                case "scope_owner_type" -> {
                    List<String> types = values(node);
                    yield (e, g) -> e.scopeOwner().flatMap(e::accountType).map(types::contains).orElse(false);
                }
                case "scope_group" -> {
                    List<String> patterns = templates(node, usesGroup);
                    yield (e, g) -> e.scopeOwner()
                            .filter(o -> e.accountType(o).map("GROUP"::equals).orElse(false))
                            .map(o -> anyGlob(e, g, patterns, o)).orElse(false);
                }
                case "did_meta" -> {
                    Map<String, List<String>> wanted = patternMap(node, "did_meta", usesGroup);
                    yield (e, g) -> mapMatches(e, g, wanted, e.didMetadata());
                }
                case "rse" -> {
                    RseExpression expression;
                    try {
                        expression = RseExpression.parse(scalar(node));
                    } catch (LagunaException bad) {
                        throw invalid(source, line(node), bad.getMessage());
                    }
                    yield (e, g) -> e.requestedRses().stream().anyMatch(expression::matches);
                }
                case "arguments" -> {
                    Map<String, List<String>> wanted = patternMap(node, "arguments", usesGroup);
                    yield (e, g) -> mapMatches(e, g, wanted, e.request.arguments());
                }
                case "argument_contains" -> {
                    Map<String, List<String>> wanted = patternMap(node, "argument_contains", usesGroup);
                    yield (e, g) -> {
                        for (Map.Entry<String, List<String>> entry : wanted.entrySet()) {
                            Optional<String> list = e.argument(entry.getKey());
                            if (list.isEmpty()) {
                                return false;
                            }
                            List<String> items = List.of(list.get().split(","));
                            boolean found = false;
                            for (String template : entry.getValue()) {
                                String item = template == null ? null : e.expand(template, g);
                                found |= item != null && items.contains(item);
                            }
                            if (!found) {
                                return false;
                            }
                        }
                        return true;
                    };
                }
                case "argument_within" -> {
                    Map<String, List<String>> wanted = patternMap(node, "argument_within", usesGroup);
                    yield (e, g) -> {
                        for (Map.Entry<String, List<String>> entry : wanted.entrySet()) {
                            Optional<String> list = e.argument(entry.getKey());
                            if (list.isEmpty()) {
                                return false;
                            }
                            for (String item : list.get().split(",")) {
                                if (!item.isEmpty() && !entry.getValue().contains(item)) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    };
                }
                default -> throw new IllegalStateException(key);
            };
        }

        private Map<String, List<String>> patternMap(Node node, String what, boolean[] usesGroup) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping(node, what).getValue()) {
                out.put(scalar(tuple.getKeyNode()), templates(tuple.getValueNode(), usesGroup));
            }
            return out;
        }

        private static boolean anyGlob(Evaluation e, String group, List<String> patterns, String value) {
            for (String template : patterns) {
                String pattern = template == null ? null : e.expand(template, group);
                if (pattern != null && Glob.matches(pattern, value)) {
                    return true;
                }
            }
            return false;
        }

        /** Every key's value matches one of its patterns; a null pattern matches an absent value. */
        private static boolean mapMatches(Evaluation e, String group, Map<String, List<String>> wanted, Map<String, String> actual) {
            for (Map.Entry<String, List<String>> entry : wanted.entrySet()) {
                String value = actual.get(entry.getKey());
                boolean ok = false;
                for (String template : entry.getValue()) {
                    if (template == null) {
                        ok |= value == null;
                    } else if (value != null) {
                        String pattern = e.expand(template, group);
                        ok |= pattern != null && valueMatches(pattern, value);
                    }
                }
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        /** A glob, or a numeric comparison written {@code <N}, {@code <=N}, {@code >N}, {@code >=N}, or {@code !=V}. */
        static boolean valueMatches(String pattern, String value) {
            if (pattern.startsWith("!=")) {
                return !Glob.matches(pattern.substring(2).trim(), value);
            }
            if (pattern.startsWith("<") || pattern.startsWith(">")) {
                boolean orEqual = pattern.length() > 1 && pattern.charAt(1) == '=';
                try {
                    double bound = Double.parseDouble(pattern.substring(orEqual ? 2 : 1).trim());
                    double actual = Double.parseDouble(value.trim());
                    int cmp = Double.compare(actual, bound);
                    return pattern.startsWith("<") ? (cmp < 0 || (orEqual && cmp == 0)) : (cmp > 0 || (orEqual && cmp == 0));
                } catch (NumberFormatException notNumbers) {
                    return false;
                }
            }
            return Glob.matches(pattern, value);
        }

        /** {@code storage.modify:/path} holds when a storage scope of the token covers the path; another scope when the token carries it. */
        static boolean tokenGrants(TokenGrants grants, String scope) {
            int colon = scope.indexOf(':');
            if (colon > 0) {
                Optional<StorageOperation> operation = switch (scope.substring(0, colon)) {
                    case "storage.read" -> Optional.of(StorageOperation.READ);
                    case "storage.create" -> Optional.of(StorageOperation.CREATE);
                    case "storage.modify" -> Optional.of(StorageOperation.MODIFY);
                    case "storage.stage" -> Optional.of(StorageOperation.STAGE);
                    default -> Optional.empty();
                };
                if (operation.isPresent()) {
                    return grants.allows(operation.get(), scope.substring(colon + 1));
                }
            }
            return grants.scopes().contains(scope);
        }
    }
}
