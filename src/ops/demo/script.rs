//! The demo's script: every step `cavra demo` takes, in order, with the
//! exit status each step expects and the section it belongs to.

/// One thing the demo does.
pub(super) enum Item {
    /// Run `cavra ARGS` (with extra environment), expecting an exit status.
    Cavra {
        title: &'static str,
        args: &'static str,
        env: &'static [(&'static str, &'static str)],
        expect: i32,
    },
    /// Run `git ARGS` (needs the git command), expecting success.
    Git {
        title: &'static str,
        args: &'static [&'static str],
    },
    /// Commit everything (through libgit2, so it needs no git command).
    Commit(&'static str),
    /// Change a file by hand, as a person bypassing cavra would.
    HandEdit,
    /// Lose a store.
    Delete(&'static str),
    /// A section heading.
    Section(&'static str),
    /// Start a receiver on loopback and point `.cavra/connectors.json` at it.
    StartReceiver,
    /// Forge line 2 of a signed AISPM stream: a new payload under the old signature.
    Forge(&'static str),
}

fn cavra(title: &'static str, args: &'static str, expect: i32) -> Item {
    cavra_env(title, args, &[], expect)
}

/// [`cavra`] with extra environment variables.
fn cavra_env(
    title: &'static str,
    args: &'static str,
    env: &'static [(&'static str, &'static str)],
    expect: i32,
) -> Item {
    Item::Cavra {
        title,
        args,
        env,
        expect,
    }
}

pub(super) fn script() -> Vec<Item> {
    use Item::*;
    const DB: &[(&str, &str)] = &[(crate::env::CAVRA_INTEGRATION_DB, "inventory.sqlite")];
    // The secrets the demo's connector configuration names (by variable).
    const SECRETS: &[(&str, &str)] = &[
        ("DEMO_HEC_TOKEN", "demo-hec-token-0000"),
        ("DEMO_WEBHOOK_SECRET", "whsec_ZGVtby13ZWJob29rLXNpZ25pbmcta2V5"),
    ];
    let with_secrets = |title, args, expect| cavra_env(title, args, SECRETS, expect);
    // The drill steps run on a pinned clock, so statuses and ids are the same every time.
    const DUE_SOON: &[(&str, &str)] = &[("CAVRA_NOW", "2026-10-20T00:00:00Z")];
    const OVERDUE: &[(&str, &str)] = &[
        ("CAVRA_NOW", "2026-11-05T00:00:00Z"),
        ("DEMO_HEC_TOKEN", "demo-hec-token-0000"),
        ("DEMO_WEBHOOK_SECRET", "whsec_ZGVtby13ZWJob29rLXNpZ25pbmcta2V5"),
    ];
    vec![
        Section("The integration inventory"),
        cavra("Lay out .cavra/ in the repository", "init --format table", 0),
        cavra(
            "Import the example inventory (JSON array)",
            "integration import examples/integrations/inventory.json --format table",
            0,
        ),
        cavra(
            "Import more integrations (NDJSON)",
            "integration import examples/integrations/more.ndjson --format table",
            0,
        ),
        cavra(
            "Importing the same file again changes nothing",
            "integration import examples/integrations/more.ndjson --format table",
            0,
        ),
        cavra("List the inventory", "integration list --format table", 0),
        cavra(
            "Filter: SIEM integrations in production",
            "integration list --category siem --environment production --format table",
            0,
        ),
        cavra(
            "Add an integration from the command line",
            "integration add --provider webhook --integration-id webhook-audit --category security --status configured --owner appsec --auth-mode token_env --capability signed_delivery --format table",
            0,
        ),
        cavra(
            "Record a health check",
            "integration update splunk-prod --health-status healthy --format table",
            0,
        ),
        cavra(
            "Show one integration as JSON",
            "integration show splunk-prod --format json",
            0,
        ),
        cavra(
            "Adding an id that exists is refused",
            "integration add --provider splunk --integration-id splunk-prod",
            3,
        ),
        cavra("Validate every store (what the pre-commit hook runs)", "validate", 0),
        Commit("Record the integration inventory"),
        Section("Integrity: hand edits are caught"),
        HandEdit,
        cavra("A hand edit that bypassed cavra is caught", "validate", 1),
        cavra(
            "Reviewed and intended: reseal the store",
            "reseal integrations --format table",
            0,
        ),
        cavra("Valid again", "validate", 0),
        Commit("Reseal after a reviewed edit"),
        cavra(
            "What the last commit changed, record by record",
            "diff HEAD~1 HEAD --format table",
            0,
        ),
        Section("The same inventory in SQLite"),
        cavra(
            "Create a SQLite evidence database",
            "evidence migrate --sqlite inventory.sqlite --format table",
            0,
        ),
        cavra_env(
            "Copy the inventory into SQLite",
            "integration import .cavra/api/integrations.json --format table",
            DB,
            0,
        ),
        cavra_env(
            "Same command, same output, from SQLite",
            "integration list --category siem --environment production --format table",
            DB,
            0,
        ),
        Section("Connector delivery"),
        StartReceiver,
        cavra(
            "The configured connectors (secrets are named, never stored)",
            "connector list --format table",
            0,
        ),
        cavra(
            "Their references do not resolve without the variables",
            "connector check --format table",
            1,
        ),
        with_secrets("With the variables set, they do", "connector check --format table", 0),
        with_secrets(
            "Dry run: the exact requests, secrets masked, nothing sent",
            "integration deliver examples/connectors/event.json --provider splunk,webhook --dry-run --format table",
            0,
        ),
        with_secrets(
            "Deliver to both, concurrently (the webhook answers 503 first: retried)",
            "integration deliver examples/connectors/event.json --provider splunk,webhook --output evidence/deliveries --format table",
            0,
        ),
        cavra(
            "The integration's health and last check followed the delivery",
            "integration show splunk-prod --format table",
            0,
        ),
        cavra(
            "The evidence metadata ledger and every store still validate",
            "validate",
            0,
        ),
        Commit("Deliveries and their evidence"),
        Section("Release governance: audits, a failing rollback, the CI gate, a retry"),
        with_secrets(
            "Deliver a promotion audit (checked against its schema and its execution_id)",
            "release deliver-promotion-audit examples/release/promotion-execution.json --provider splunk --format table",
            0,
        ),
        with_secrets(
            "Deliver a rollback execution; its receiver is down (no retries): exit 1",
            "release deliver-rollback-execution examples/release/rollback-execution.json --provider splunk,release-hook --retries 0 --format table",
            1,
        ),
        cavra(
            "The dashboard as a CI gate: a failed rollback delivery is critical",
            "release connector-delivery-dashboard --fail-on critical --format markdown",
            1,
        ),
        with_secrets(
            "Retry: the recorded input, unchanged, to the failed connector only",
            "delivery retry --failed --format table",
            0,
        ),
        cavra(
            "Recovered: the gate passes",
            "release connector-delivery-dashboard --fail-on critical --format table",
            0,
        ),
        cavra(
            "Every delivery of every kind, newest first",
            "delivery history --format table",
            0,
        ),
        cavra("The ledger's chain still verifies", "validate", 0),
        Commit("Release deliveries"),
        Section("Rollback drills: did the audit evidence reach its destinations?"),
        cavra_env(
            "Schedule a rollback drill every 30 days; webhook and Splunk must acknowledge",
            "drill schedule add --schedule-id payments-prod --service payments --environment production --owner sre --cadence-days 30 --last-drill-at 2026-10-01T00:00:00Z --acknowledgement-required-provider webhook,splunk --format table",
            DUE_SOON,
            0,
        ),
        cavra_env(
            "Its status from the clock: due within 14 days",
            "drill schedule list --format table",
            DUE_SOON,
            0,
        ),
        cavra_env(
            "Overdue: a critical notification, delivered through the connectors",
            "drill notify --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "The webhook route acknowledges (the note stays in the repository)",
            "drill ack payments-prod --provider webhook --by alice --note paged-on-call --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "An acknowledgement audit package: Splunk's route is still outstanding",
            "drill audit --schedule-id payments-prod --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "Deliver the package to both (a daily plan; Splunk sourcetype cavra:rollback_drill_ack_audit)",
            "drill audit-deliver --audit-id rda_25ea2e74599c --provider webhook,splunk --cadence daily --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "The drill dashboard as a CI gate: critical while a route is outstanding",
            "drill dashboard --fail-on critical --format table",
            OVERDUE,
            1,
        ),
        cavra_env(
            "The acknowledgements, from the history",
            "drill history --metadata-kind go-backend-rollback-drill-notification-ack --format table",
            OVERDUE,
            0,
        ),
        Commit("Rollback drill schedule, notifications and audit deliveries"),
        Section("Git: branches that both change the inventory merge cleanly"),
        cavra(
            "Install the merge driver and the commit hooks",
            "git install --format table",
            0,
        ),
        Commit("Use cavra's merge driver"),
        Git {
            title: "Start a branch",
            args: &["checkout", "-q", "-b", "activate-okta"],
        },
        cavra(
            "On the branch: activate Okta",
            "integration update okta-workforce --status active --health-status healthy --format table",
            0,
        ),
        Git {
            title: "Commit (the pre-commit hook validates the staged stores)",
            args: &["commit", "-q", "-a", "-m", "Activate Okta"],
        },
        Git {
            title: "Back on the main line",
            args: &["checkout", "-q", "-"],
        },
        cavra(
            "Meanwhile: add an AWS integration",
            "integration add --provider aws --integration-id aws-audit --category cloud --owner cloud-sec --format table",
            0,
        ),
        Git {
            title: "Commit",
            args: &["commit", "-q", "-a", "-m", "Add AWS"],
        },
        Git {
            title: "Merge: both sides changed integrations.json; the driver merges by record and reseals",
            args: &["merge", "--no-edit", "activate-okta"],
        },
        cavra("Valid after the merge, no hand-edited checksum", "validate", 0),
        cavra(
            "Both changes are there",
            "integration list --provider okta --format table",
            0,
        ),
        Section("Store operations"),
        cavra("Every store, its size and integrity", "ops stores --format table", 0),
        cavra(
            "Back up every store with a checksummed manifest",
            "ops backup --output backup --format table",
            0,
        ),
        Delete(".cavra/api/integrations.json"),
        cavra("The inventory is gone", "integration list --format table", 0),
        cavra(
            "Restore it from the backup (verified before writing, re-read after)",
            "ops restore backup/manifest.json --verify --format table",
            0,
        ),
        cavra("Back, and valid", "validate", 0),
        cavra(
            "A retention plan (JSON and Markdown, deterministic)",
            "ops retention-plan --output retention --retention-days 365 --format markdown",
            0,
        ),
        Commit("Backup and retention plan"),
        Section("AISPM live ingestion"),
        cavra(
            "A collector's key pair (private key 0600, outside .cavra/)",
            "aispm keygen --out collector.key --format text",
            0,
        ),
        cavra(
            "A second tenant's collector key",
            "aispm keygen --out globex.key --format text",
            0,
        ),
        cavra(
            "Register tenant acme: the tenant_ref its collectors send",
            "aispm tenant add acme --tenant-ref tenant:acme-prod --format table",
            0,
        ),
        cavra("Register tenant globex", "aispm tenant add globex --format table", 0),
        cavra(
            "Register acme's collector: its public key and what it may send",
            "aispm collector add acme codex-ci --ed25519-public-key-file collector.key.pub --allow-connector-type codex --allow-event-type tool_call --allow-event-type policy_decision --allow-repository acme/payments --allow-environment production --format table",
            0,
        ),
        cavra(
            "Register globex's collector",
            "aispm collector add globex globex-ci --ed25519-public-key-file globex.key.pub --format table",
            0,
        ),
        cavra(
            "Sign a sample stream (its last envelope claims tenant globex)",
            "aispm sign --key collector.key --input examples/aispm/stream.ndjson --output signed.ndjson",
            0,
        ),
        Forge("signed.ndjson"),
        cavra(
            "Ingest: the forged and the cross-tenant line are quarantined with their reason (exit 1)",
            "aispm ingest signed.ndjson --format table",
            1,
        ),
        cavra(
            "acme's posture, from its committed projection",
            "aispm posture --tenant acme --format table",
            0,
        ),
        cavra(
            "Replay and verify: the projection equals a rebuild from the ledger",
            "aispm replay --tenant acme --verify --format table",
            0,
        ),
        cavra("Ingestion health", "aispm health --tenant acme --format json", 0),
        Commit("AISPM events of tenant acme"),
        Section("Evidence console"),
        cavra(
            "One static page from the stores: integrations, deliveries, drills, posture, stores (git-ignored)",
            "console build --format text",
            0,
        ),
    ]
}
