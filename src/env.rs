//! Every environment variable cavra reads, in one place (uv's `EnvVars`).
//!
//! Names are kept from the first CAVRA so existing scripts keep working.

/// Pins the clock (RFC 3339) for reproducible runs and tests.
pub const CAVRA_NOW: &str = "CAVRA_NOW";
/// Overrides the path of the integration inventory table store.
pub const CAVRA_INTEGRATION_STORE: &str = "CAVRA_INTEGRATION_STORE";
/// Puts the integration inventory in this SQLite database instead of JSON.
pub const CAVRA_INTEGRATION_DB: &str = "CAVRA_INTEGRATION_DB";
/// Seconds to wait for a store lock held by another process (default 30).
pub const CAVRA_LOCK_TIMEOUT: &str = "CAVRA_LOCK_TIMEOUT";
/// Path of the connector configuration (default .cavra/connectors.json).
pub const CAVRA_CONNECTOR_CONFIG: &str = "CAVRA_CONNECTOR_CONFIG";
/// Tests only: skip backoff waits that are not themselves under test
/// (a `Retry-After` wait is still honoured).
pub const CAVRA_TEST_NO_RETRY_DELAY: &str = "CAVRA_TEST_NO_RETRY_DELAY";
/// Directory for the AISPM tenants' event segments (`<dir>/<tenant>/…`),
/// outside the repository; registry, projections and quarantines stay in it.
pub const CAVRA_AISPM_DIR: &str = "CAVRA_AISPM_DIR";
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
        CAVRA_LOCK_TIMEOUT,
        "seconds to wait for a store lock held by another process (default 30)",
    ),
    (
        CAVRA_CONNECTOR_CONFIG,
        "path of the connector configuration (default .cavra/connectors.json)",
    ),
    (
        CAVRA_AISPM_DIR,
        "directory for AISPM event segments outside the repository (default .cavra/aispm/tenants/)",
    ),
    (NO_COLOR, "disable colour in tables"),
];

/// A variable's value, treating an empty value as unset (as git does).
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
