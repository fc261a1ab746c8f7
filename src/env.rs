//! Every environment variable cavra reads, in one place (uv's `EnvVars`).
//!
//! Names are kept from the first CAVRA so existing scripts keep working.

/// Pins the clock (RFC 3339) for reproducible runs and tests.
pub const CAVRA_NOW: &str = "CAVRA_NOW";
/// Overrides the path of the integration inventory table store.
pub const CAVRA_INTEGRATION_STORE: &str = "CAVRA_INTEGRATION_STORE";
/// Puts the integration inventory in this SQLite database instead of JSON.
pub const CAVRA_INTEGRATION_DB: &str = "CAVRA_INTEGRATION_DB";
/// Path of the evidence metadata ledger (default .cavra/evidence/metadata/).
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
/// Largest input file (or standard input) cavra reads, in bytes.
pub const CAVRA_MAX_INPUT_BYTES: &str = "CAVRA_MAX_INPUT_BYTES";
/// Tests only, and only in debug builds: panic on purpose, so the test
/// suite can check what a bug looks like to a user (exit 6, no input echoed).
pub const CAVRA_TEST_PANIC: &str = "CAVRA_TEST_PANIC";
/// Tests only: skip backoff waits that are not themselves under test
/// (a `Retry-After` wait is still honoured).
pub const CAVRA_TEST_NO_RETRY_DELAY: &str = "CAVRA_TEST_NO_RETRY_DELAY";
/// Set by git for hooks: the index the commit being made is built from
/// (read by `validate --staged`; git's own variable, not cavra's).
pub const GIT_INDEX_FILE: &str = "GIT_INDEX_FILE";
/// Directory for the AISPM tenants' event segments (`<dir>/<tenant>/…`),
/// outside the repository; registry, projections and quarantines stay in it.
pub const CAVRA_AISPM_DIR: &str = "CAVRA_AISPM_DIR";
/// The first CAVRA's rollback drill history file, read beside the drills
/// `cavra drill record` keeps in the evidence metadata ledger.
pub const CAVRA_GO_ROLLBACK_DRILL_HISTORY: &str = "CAVRA_GO_ROLLBACK_DRILL_HISTORY";
/// How many days a drill keeps a schedule's drill history ready.
pub const CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS: &str = "CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS";
/// Disables colour, as everywhere (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";
/// The terminal's width in columns, when standard output is a terminal
/// (else the terminal's own width is asked).
pub const COLUMNS: &str = "COLUMNS";

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
        "path of the evidence metadata ledger (default .cavra/evidence/metadata/, a directory of segment files)",
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
        "seconds to wait for a store lock held by another process (default 30; 0 to 86400)",
    ),
    (
        CAVRA_CONNECTOR_CONFIG,
        "path of the connector configuration (default .cavra/connectors.json)",
    ),
    (
        CAVRA_MAX_INPUT_BYTES,
        "largest input file or standard input cavra reads, in bytes (default 1073741824, 1 GiB)",
    ),
    (
        CAVRA_AISPM_DIR,
        "directory for AISPM event segments outside the repository (default .cavra/aispm/tenants/)",
    ),
    (
        CAVRA_GO_ROLLBACK_DRILL_HISTORY,
        "the first CAVRA's rollback drill history file (drills: […]), read beside the drills `cavra drill record` keeps",
    ),
    (
        CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS,
        "days within which a passing drill keeps a schedule's drill history ready (default 90; 1 to 3660)",
    ),
    (NO_COLOR, "disable colour in tables"),
    (
        COLUMNS,
        "the width tables are fitted into on a terminal (default: the terminal's); a pipe gets every value whole",
    ),
];

/// Default of [`CAVRA_MAX_INPUT_BYTES`]: 1 GiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 1 << 30;

/// A variable that takes a number, and the numbers it accepts.
pub struct NumericVar {
    pub name: &'static str,
    pub min: f64,
    pub max: f64,
    /// Whole numbers only.
    pub integer: bool,
}

/// Every variable that takes a number. [`check_numbers`] validates them all
/// when a command starts, so a bad value is a usage error before any work,
/// never a silent default and never a panic.
pub const NUMERIC: &[NumericVar] = &[
    NumericVar {
        name: CAVRA_LOCK_TIMEOUT,
        min: 0.0,
        max: 86_400.0,
        integer: false,
    },
    NumericVar {
        name: CAVRA_MAX_INPUT_BYTES,
        min: 1.0,
        max: (1u64 << 40) as f64,
        integer: true,
    },
    NumericVar {
        name: CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS,
        min: 1.0,
        max: 3660.0,
        integer: true,
    },
];

/// A numeric variable holds something else.
#[derive(Debug, thiserror::Error)]
#[error("{name}={value} is not {accepted}")]
pub struct EnvError {
    pub name: &'static str,
    /// An excerpt of the value (see [`crate::secrets::excerpt`]).
    pub value: String,
    pub accepted: String,
}

impl crate::error::Diagnostic for EnvError {
    fn exit_code(&self) -> crate::error::ExitCode {
        crate::error::ExitCode::Usage
    }
    fn hints(&self) -> Vec<String> {
        vec![format!(
            "set {} to {}, or unset it for the default",
            self.name, self.accepted
        )]
    }
}

impl NumericVar {
    fn accepted(&self) -> String {
        if self.integer {
            format!("a whole number from {} to {}", self.min as u64, self.max as u64)
        } else {
            format!("a number of seconds from {} to {}", self.min, self.max)
        }
    }

    fn parse(&self, text: &str) -> Option<f64> {
        let text = text.trim();
        let value = if self.integer {
            text.parse::<u64>().ok()? as f64
        } else {
            // Plain decimals only: no `nan`, `inf` or exponents.
            if !text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return None;
            }
            text.parse::<f64>().ok()?
        };
        (value.is_finite() && value >= self.min && value <= self.max).then_some(value)
    }
}

/// The value of numeric variable `name`: `None` when unset, an error when it
/// is set (even to an empty string) but not a number in its range.
pub fn number(name: &str) -> Result<Option<f64>, EnvError> {
    let def = NUMERIC
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("{name} is not a numeric variable"));
    let Some(raw) = std::env::var_os(name) else {
        return Ok(None);
    };
    let text = raw.to_string_lossy();
    def.parse(&text).map(Some).ok_or_else(|| EnvError {
        name: def.name,
        value: crate::secrets::excerpt(&text),
        accepted: def.accepted(),
    })
}

/// Checks every numeric variable (run once when a command starts).
pub fn check_numbers() -> Result<(), EnvError> {
    NUMERIC.iter().try_for_each(|v| number(v.name).map(|_| ()))
}

/// The input size limit in bytes ([`CAVRA_MAX_INPUT_BYTES`]). A bad value
/// was refused by [`check_numbers`] when the command started.
pub fn max_input_bytes() -> u64 {
    number(CAVRA_MAX_INPUT_BYTES)
        .ok()
        .flatten()
        .map_or(DEFAULT_MAX_INPUT_BYTES, |v| v as u64)
}

/// A variable's value, treating an empty value as unset (as git does).
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
