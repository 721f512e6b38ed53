package org.laguna.core.rule;

import java.time.Duration;
import java.util.UUID;

/**
 * One change of a rule update, as Rucio's {@code options} name them. {@link #option()} is Rucio's
 * name of the change, which the permission policy sees.
 */
public sealed interface RuleChange {
    String option();

    /** A new lifetime counted from now; null means forever. */
    record Lifetime(Duration lifetime) implements RuleChange {
        public String option() {
            return "lifetime";
        }
    }

    record Locked(boolean locked) implements RuleChange {
        public String option() {
            return "locked";
        }
    }

    /** A new comment; null removes it. */
    record Comment(String comment) implements RuleChange {
        public String option() {
            return "comment";
        }
    }

    /** Moves the rule, its locks, requests and usage to another account. */
    record Account(String account) implements RuleChange {
        public String option() {
            return "account";
        }
    }

    /** Suspends, marks stuck or resumes the rule; other states are refused. */
    record State(RuleState state) implements RuleChange {
        public String option() {
            return "state";
        }
    }

    /** A new activity for the rule and its queued requests; null means the default activity. */
    record Activity(String activity) implements RuleChange {
        public String option() {
            return "activity";
        }
    }

    /** Where the rule's transfers may read from; null means anywhere. */
    record SourceReplicaExpression(String expression) implements RuleChange {
        public String option() {
            return "source_replica_expression";
        }
    }

    /** A new priority (0..5) for the rule and its queued requests. */
    record Priority(int priority) implements RuleChange {
        public String option() {
            return "priority";
        }
    }

    /** The rule that replaces this one; null removes the link. */
    record ChildRule(UUID childRuleId) implements RuleChange {
        public String option() {
            return "child_rule_id";
        }
    }

    /** The rule's free-form metadata as JSON text; null removes it. */
    record Meta(String json) implements RuleChange {
        public String option() {
            return "meta";
        }
    }

    /** The end of life as a timestamp text; null removes it. */
    record EolAt(String eolAt) implements RuleChange {
        public String option() {
            return "eol_at";
        }
    }

    record PurgeReplicas(boolean purgeReplicas) implements RuleChange {
        public String option() {
            return "purge_replicas";
        }
    }

    /** When true, the rule's stuck locks are retried now. */
    record BoostRule(boolean boost) implements RuleChange {
        public String option() {
            return "boost_rule";
        }
    }

    /** Accepted for Rucio's clients; transfers are not queued differently. */
    record CancelRequests() implements RuleChange {
        public String option() {
            return "cancel_requests";
        }
    }
}
