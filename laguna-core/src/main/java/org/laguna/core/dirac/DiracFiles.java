package org.laguna.core.dirac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidAttachments;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidNamespace;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.core.did.DidRecords.NewDid;
import org.laguna.core.did.MetaRules;
import org.laguna.core.permission.Permissions;
import org.laguna.core.replica.NewReplica;
import org.laguna.core.replica.ReplicaService;
import org.laguna.core.rule.Grouping;
import org.laguna.core.rule.NewRule;
import org.laguna.core.rule.RuleService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/**
 * DIRAC's bulk add (Rucio's {@code POST /dirac/addfiles}), in one transaction: each new file gets its
 * replica and a rule on its RSE (lifetime: config {@code dirac.file_lifetime}, seconds); the directory
 * holding it becomes a dataset with a rule on {@code ANY=true} (lifetime: config {@code dirac.lifetime},
 * a JSON object of scope patterns to seconds) when it does not exist, and the directories above it
 * containers, each attached to the next one up. Files that exist already are skipped.
 */
public final class DiracFiles {
    /** Where the datasets that DIRAC makes are replicated, as in Rucio. */
    static final String DATASET_RULE_EXPRESSION = "ANY=true";

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final DidNamespace namespace;
    private final DidAttachments attachments;
    private final ReplicaService replicas;
    private final RuleService rules;

    public DiracFiles(Database database, Permissions permissions, Clock clock, DidNamespace namespace, DidAttachments attachments,
            ReplicaService replicas, RuleService rules) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.namespace = Objects.requireNonNull(namespace, "namespace is null");
        this.attachments = Objects.requireNonNull(attachments, "attachments is null");
        this.replicas = Objects.requireNonNull(replicas, "replicas is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
    }

    /** What one call has made so far, and what it attaches at its end. */
    private static final class Work {
        final Set<DidKey> made = new HashSet<>();
        final Map<DidKey, List<Child>> attach = new LinkedHashMap<>();
        final Instant now;
        final DiracConfig config;

        Work(Instant now, DiracConfig config) {
            this.now = now;
            this.config = config;
        }

        void attach(DidKey parent, DidKey child) {
            attach.computeIfAbsent(parent, k -> new ArrayList<>()).add(new Child(child, null, null, null));
        }
    }

    /** Registers the files; all or nothing. {@code parentsMetadata} gives metadata to the collections it makes, by name. */
    public void addFiles(Caller caller, List<DiracFile> files, boolean ignoreAvailability, Map<String, ObjectNode> parentsMetadata) {
        if (files.isEmpty()) {
            return;
        }
        parentsMetadata.values().forEach(meta -> meta.fieldNames().forEachRemaining(MetaRules::key));
        database.inTransactionVoid(tx -> {
            boolean ignore = ignoreAvailability && permissions.allows(tx, caller, Actions.SKIP_AVAILABILITY_CHECK);
            Work work = new Work(clock.instant(), DiracConfig.read(tx));
            for (DiracFile file : files) {
                addFile(tx, caller, file, ignore, parentsMetadata, work);
            }
            List<Attachment> all = new ArrayList<>();
            work.attach.forEach((parent, children) -> all.add(new Attachment(parent, children, null)));
            attachments.attach(tx, caller, all, true);
        });
    }

    private void addFile(Tx tx, Caller caller, DiracFile file, boolean ignore, Map<String, ObjectNode> parentsMetadata, Work work) {
        DidKey did = DiracNames.did(file.lfn());
        if (type(tx, did).isPresent() || work.made.contains(did)) {
            return;
        }
        List<String> parents = DiracNames.parents(file.lfn());
        if (parents.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "lfn '" + file.lfn() + "' has no directory to be its dataset");
        }
        DidKey dataset = DiracNames.did(parents.getFirst());
        Optional<DidType> datasetType = type(tx, dataset);
        if (datasetType.isPresent() && datasetType.get() != DidType.DATASET) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Cannot create " + dataset.name() + " as dataset");
        }
        if (datasetType.isEmpty() && work.made.add(dataset)) {
            make(tx, caller, dataset, DidType.DATASET, parentsMetadata, work);
            rules.addInTransaction(tx, caller.vo(), rule(dataset, caller.account(), DATASET_RULE_EXPRESSION, Grouping.NONE,
                    work.config.datasetLifetime(dataset.scope())), dataset);
        }
        replicas.addReplicas(tx, caller, file.rse(), List.of(new NewReplica(did.scope(), did.name(), file.bytes(), file.adler32(), null,
                file.pfn(), null, file.guid(), file.meta())), ignore);
        work.made.add(did);
        rules.addInTransaction(tx, caller.vo(), rule(did, caller.account(), file.rse(), Grouping.DATASET, work.config.fileLifetime()), did);
        work.attach(dataset, did);
        DidKey child = dataset;
        for (String name : parents.subList(1, parents.size())) {
            DidKey container = DiracNames.did(name);
            Optional<DidType> containerType = type(tx, container);
            if (containerType.isPresent() && containerType.get() != DidType.CONTAINER) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Cannot create " + name + " as container");
            }
            boolean fresh = work.made.contains(child);
            if (containerType.isEmpty() && work.made.add(container)) {
                make(tx, caller, container, DidType.CONTAINER, parentsMetadata, work);
            }
            if (fresh) {
                work.attach(container, child);
            }
            child = container;
        }
    }

    private void make(Tx tx, Caller caller, DidKey did, DidType type, Map<String, ObjectNode> parentsMetadata, Work work) {
        ObjectNode meta = parentsMetadata.get(did.name());
        namespace.addDids(tx, caller, List.of(new NewDid(did, type, false, meta == null ? null : meta.deepCopy(), null, List.of(), null, null)),
                work.now);
    }

    private static Optional<DidType> type(Tx tx, DidKey did) {
        return tx.queryOne("select did_type from dids where scope = ? and name = ?", rs -> DidType.valueOf(rs.getString(1)),
                did.scope(), did.name());
    }

    private static NewRule rule(DidKey did, String account, String expression, Grouping grouping, Duration lifetime) {
        return new NewRule(List.of(did), account, 1, expression, grouping, null, lifetime, false, null, null, null,
                false, false, false, null, false, false, 3, false, null);
    }
}
