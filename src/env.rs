//! Every environment variable cavra reads, in one place (uv's `EnvVars`).
//!
//! Names are kept from the first CAVRA so existing scripts keep working.

/// Pins the clock (RFC 3339) for reproducible runs and tests.
pub const CAVRA_NOW: &str = "CAVRA_NOW";
/// Overrides the path of the integration inventory table store.
pub const CAVRA_INTEGRATION_STORE: &str = "CAVRA_INTEGRATION_STORE";
/// Puts the integration inventory in this SQLite database instead of JSON.
pub const CAVRA_INTEGRATION_DB: &str = "CAVRA_INTEGRATION_DB";
/// Path of the evidence metadata ledger (default .cavra/evidence/metadata.jsonl).
pub const CAVRA_EVIDENCE_METADATA_STORE: &str = "CAVRA_EVIDENCE_METADATA_STORE";
/// First-CAVRA stores cavra backs up without reading (kind `external`).
pub const CAVRA_APPROVAL_STORE: &str = "CAVRA_APPROVAL_STORE";
pub const CAVRA_APPROVAL_DB: &str = "CAVRA_APPROVAL_DB";
pub const CAVRA_REGISTRY_STORE: &str = "CAVRA_REGISTRY_STORE";
pub const CAVRA_REGISTRY_DB: &str = "CAVRA_REGISTRY_DB";
pub const CAVRA_ACTIVITY_STORE: &str = "CAVRA_ACTIVITY_STORE";
pub const CAVRA_ACTIVITY_DB: &str = "CAVRA_ACTIVITY_DB";
pub const CAVRA_INVENTORY_STORE: &str = "CAVRA_INVENTORY_STORE";
pub const CAVRA_INVENTORY_DB: &str = "CAVRA_INVENTORY_DB";
/// Tests only: milliseconds `ops restore` pauses between its renames, so a
/// test can kill it half way.
pub const CAVRA_TEST_ONLY_RESTORE_PAUSE_MS: &str = "CAVRA_TEST_ONLY_RESTORE_PAUSE_MS";
/// Seconds to wait for a store lock held by another process (default 30).
pub const CAVRA_LOCK_TIMEOUT: &str = "CAVRA_LOCK_TIMEOUT";
/// Path of the connector configuration (default .cavra/connectors.json).
pub const CAVRA_CONNECTOR_CONFIG: &str = "CAVRA_CONNECTOR_CONFIG";
/// Tests only: skip backoff waits that are not themselves under test
/// (a `Retry-After` wait is still honoured).
pub const CAVRA_TEST_NO_RETRY_DELAY: &str = "CAVRA_TEST_NO_RETRY_DELAY";
/// Disables colour, as everywhere (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";

/// All variables, with a one-line meaning, for the README and the man page.
pub const DOCUMENTED: &[(&str, &str)] = &[
    (
        CAVRA_NOW,
        "fix the clock (RFC 3339, e.g. 2026-01-01T00:00:00Z) for reproducible runs",
    ),
    (
        CAVRA_INTEGRATION_STORE,
        "path of the integration inventory (default .cavra/api/integrations.json)",
    ),
    (
        CAVRA_INTEGRATION_DB,
        "keep the integration inventory in this SQLite database instead",
    ),
    (
        CAVRA_EVIDENCE_METADATA_STORE,
        "path of the evidence metadata ledger (default .cavra/evidence/metadata.jsonl)",
    ),
    (
        CAVRA_APPROVAL_STORE,
        "path of the first CAVRA's approvals store (default .cavra/api/approvals.json; CAVRA_APPROVAL_DB for its database)",
    ),
    (
        CAVRA_APPROVAL_DB,
        "the first CAVRA's approvals database (backed up, not read)",
    ),
    (
        CAVRA_REGISTRY_STORE,
        "path of the first CAVRA's registry store (default .cavra/api/registry.json)",
    ),
    (
        CAVRA_REGISTRY_DB,
        "the first CAVRA's registry database (backed up, not read)",
    ),
    (
        CAVRA_ACTIVITY_STORE,
        "path of the first CAVRA's activity store (default .cavra/api/activity.json)",
    ),
    (
        CAVRA_ACTIVITY_DB,
        "the first CAVRA's activity database (backed up, not read)",
    ),
    (
        CAVRA_INVENTORY_STORE,
        "path of the first CAVRA's repository inventory (default .cavra/api/inventory.json)",
    ),
    (
        CAVRA_INVENTORY_DB,
        "the first CAVRA's repository inventory database (backed up, not read)",
    ),
    (
        CAVRA_LOCK_TIMEOUT,
        "seconds to wait for a store lock held by another process (default 30)",
    ),
    (
        CAVRA_CONNECTOR_CONFIG,
        "path of the connector configuration (default .cavra/connectors.json)",
    ),
    (NO_COLOR, "disable colour in tables"),
];

/// A variable's value, treating an empty value as unset (as git does).
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
