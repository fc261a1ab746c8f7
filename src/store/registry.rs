//! The store registry: every store cavra keeps, as one table in code.
//!
//! `validate`, `ops stores`, `diff`, backups and the console iterate this
//! list; adding a store is adding one row. A store's path is its default
//! under the repository root unless its environment variable overrides it.
//!
//! The backend is part of a store's row: when a database variable is set
//! (`CAVRA_INTEGRATION_DB`, `CAVRA_APPROVAL_DB`, …) [`stores`] lists the
//! database row in place of the file row, so every command that iterates the
//! registry sees the same store. The first CAVRA's other stores (approvals,
//! registry, activity, inventory) are rows of kind `external`: cavra keeps
//! them safe (exists, bytes, sha256, backup, restore) without reading them.
//!
//! Which files make up a store is one per-kind rule here ([`store_file`]):
//! a backup names each file relative to its store (a segmented ledger's
//! segments, checkpoint and pruned record by their names in its directory),
//! and a restore writes only the files that rule allows, at the store's own
//! location.

use std::path::{Path, PathBuf};

use super::ledger::segments;
use crate::error::StoreError;

/// How a store is laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreKind {
    /// A sorted, checksummed set of records keyed by id (one JSON file).
    Table,
    /// Append-only, hash-chained JSON Lines.
    Ledger,
    /// A hand-written configuration file (no checksum: people edit it),
    /// checked against its schema and for literal secrets.
    Config,
    /// The integration inventory in SQLite (`CAVRA_INTEGRATION_DB`).
    Sqlite,
    /// A store of the first CAVRA that cavra keeps without reading it:
    /// exists, bytes, sha256, backup, restore.
    External,
}

impl StoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::Table => "table",
            StoreKind::Ledger => "ledger",
            StoreKind::Config => "config",
            StoreKind::Sqlite => "sqlite",
            StoreKind::External => "external",
        }
    }
}

/// One row of the registry.
#[derive(Debug)]
pub struct StoreDef {
    /// Short name used on the command line (`cavra reseal integrations`).
    pub name: &'static str,
    pub kind: StoreKind,
    /// Path relative to the repository root.
    pub default_path: &'static str,
    /// Environment variable that overrides the path.
    pub env: Option<&'static str>,
    /// The `schema` value a table file carries (tables only).
    pub file_schema: &'static str,
    /// The schema every record is checked against.
    pub record_schema: &'static str,
    /// The field that keys a table's records.
    pub key: Option<&'static str>,
    pub description: &'static str,
    /// A compiled check of one record's text (tables): its key when it
    /// passes the schema and secret checks (and, when asked, the canonical
    /// layout), else `None` for the full check.
    pub fast_check: Option<fn(&str, bool) -> Option<String>>,
    /// The record field that dates a record, for retention plans.
    pub time_field: &'static str,
}

pub const INTEGRATIONS: StoreDef = StoreDef {
    name: "integrations",
    kind: StoreKind::Table,
    default_path: ".cavra/api/integrations.json",
    env: Some(crate::env::CAVRA_INTEGRATION_STORE),
    file_schema: "cavra.integrations.v1",
    record_schema: "cavra.integration.v1",
    key: Some("integration_id"),
    description: "integration inventory",
    fast_check: Some(crate::model::integration::fast_check),
    time_field: "updated_at",
};

pub const EVIDENCE_METADATA: StoreDef = StoreDef {
    name: "evidence-metadata",
    kind: StoreKind::Ledger,
    default_path: ".cavra/evidence/metadata.jsonl",
    env: Some(crate::env::CAVRA_EVIDENCE_METADATA_STORE),
    file_schema: "cavra.ledger-entry.v1",
    record_schema: "cavra.evidence.metadata.v1",
    key: None,
    description: "evidence metadata ledger",
    fast_check: None,
    time_field: "created_at",
};

pub const CONNECTORS: StoreDef = StoreDef {
    name: "connectors",
    kind: StoreKind::Config,
    default_path: ".cavra/connectors.json",
    env: Some(crate::env::CAVRA_CONNECTOR_CONFIG),
    file_schema: "cavra.connectors.v1",
    record_schema: "cavra.connectors.v1",
    key: None,
    description: "connector configuration",
    fast_check: None,
    time_field: "",
};

impl StoreDef {
    /// The field that keys a table's records.
    pub fn key_field(&self) -> &'static str {
        self.key.unwrap_or("id")
    }
}

/// The integration inventory when `CAVRA_INTEGRATION_DB` selects SQLite.
pub const INTEGRATIONS_DB: StoreDef = StoreDef {
    name: "integrations",
    kind: StoreKind::Sqlite,
    default_path: "",
    env: Some(crate::env::CAVRA_INTEGRATION_DB),
    file_schema: "",
    record_schema: "cavra.integration.v1",
    key: Some("integration_id"),
    description: "integration inventory (SQLite)",
    fast_check: None,
    time_field: "updated_at",
};

/// A row of kind `external` (content opaque to cavra).
const fn external(
    name: &'static str,
    env: &'static str,
    default_path: &'static str,
    description: &'static str,
) -> StoreDef {
    StoreDef {
        name,
        kind: StoreKind::External,
        default_path,
        env: Some(env),
        file_schema: "",
        record_schema: "",
        key: None,
        description,
        fast_check: None,
        time_field: "",
    }
}

/// A first-CAVRA store: its file row (default `.cavra/api/<name>.json`) and
/// its database row.
macro_rules! first_cavra {
    ($file:ident, $db:ident, $name:literal, $file_env:ident, $db_env:ident, $what:literal) => {
        pub const $file: StoreDef = external(
            $name,
            crate::env::$file_env,
            concat!(".cavra/api/", $name, ".json"),
            concat!($what, " (first CAVRA)"),
        );
        pub const $db: StoreDef = external(
            $name,
            crate::env::$db_env,
            "",
            concat!($what, " database (first CAVRA)"),
        );
    };
}

first_cavra!(
    APPROVALS,
    APPROVALS_DB,
    "approvals",
    CAVRA_APPROVAL_STORE,
    CAVRA_APPROVAL_DB,
    "approvals"
);
first_cavra!(
    REGISTRY,
    REGISTRY_DB,
    "registry",
    CAVRA_REGISTRY_STORE,
    CAVRA_REGISTRY_DB,
    "registry"
);
first_cavra!(
    ACTIVITY,
    ACTIVITY_DB,
    "activity",
    CAVRA_ACTIVITY_STORE,
    CAVRA_ACTIVITY_DB,
    "activity"
);
first_cavra!(
    INVENTORY,
    INVENTORY_DB,
    "inventory",
    CAVRA_INVENTORY_STORE,
    CAVRA_INVENTORY_DB,
    "repository inventory"
);

/// Every store's file row, in a stable order.
pub const STORES: &[&StoreDef] = &[
    &INTEGRATIONS,
    &EVIDENCE_METADATA,
    &CONNECTORS,
    &APPROVALS,
    &REGISTRY,
    &ACTIVITY,
    &INVENTORY,
];

/// Database rows, each replacing the file row of the same name when its
/// variable is set.
pub const DATABASE_ROWS: &[&StoreDef] = &[
    &INTEGRATIONS_DB,
    &APPROVALS_DB,
    &REGISTRY_DB,
    &ACTIVITY_DB,
    &INVENTORY_DB,
];

/// Every store as this environment selects it: a database row in place of
/// its file row when the database variable is set.
pub fn stores() -> Vec<&'static StoreDef> {
    STORES
        .iter()
        .map(|def| {
            DATABASE_ROWS
                .iter()
                .copied()
                .find(|db| db.name == def.name && db.env.and_then(crate::env::var).is_some())
                .unwrap_or(def)
        })
        .collect()
}

/// The per-kind rule of which files make up a store: `file` (as a backup
/// manifest names it, relative to the store's location) resolved under the
/// store's `path`, or `None` when the kind has no such file. Most kinds are
/// one file, named by its own file name. A ledger is that one file before
/// migration, else the files of its segment directory
/// ([`segments::dir_of`]), each named relative to it and only in the shapes
/// a ledger has: `YYYY-MM/NNNNNN.jsonl`, `checkpoint`, `pruned` (never `..`,
/// an absolute path, or another name).
pub fn store_file(def: &StoreDef, path: &Path, file: &str) -> Option<PathBuf> {
    let own = path.file_name().is_some_and(|n| n.to_str() == Some(file));
    match def.kind {
        StoreKind::Ledger if !own => segments::is_ledger_file(file).then(|| segments::dir_of(path).join(file)),
        StoreKind::Table | StoreKind::Ledger | StoreKind::Config | StoreKind::Sqlite | StoreKind::External => {
            own.then(|| path.to_path_buf())
        }
    }
}

/// The files of a store at `path`, each named as [`store_file`] accepts: a
/// segmented ledger's segments in chain order, then its checkpoint and
/// pruned record when present; else the store's one file (which may not
/// exist). Fails when the ledger directory is reached through a symlink.
pub fn store_files(def: &StoreDef, path: &Path) -> Result<Vec<(String, PathBuf)>, StoreError> {
    let single = || {
        path.file_name()
            .map(|n| (n.to_string_lossy().into_owned(), path.to_path_buf()))
            .into_iter()
            .collect()
    };
    match def.kind {
        StoreKind::Ledger if segments::layout_of(path) == segments::Layout::Segmented => {
            let dir = segments::dir_of(path);
            Ok(segments::dir_files(&dir)?
                .into_iter()
                .map(|name| {
                    let full = dir.join(&name);
                    (name, full)
                })
                .collect())
        }
        StoreKind::Table | StoreKind::Ledger | StoreKind::Config | StoreKind::Sqlite | StoreKind::External => {
            Ok(single())
        }
    }
}

/// The store called `name`.
pub fn find(name: &str) -> Option<&'static StoreDef> {
    STORES.iter().copied().find(|s| s.name == name)
}

/// A store resolved to a path in one repository.
#[derive(Debug, Clone)]
pub struct StoreLocation {
    pub def: &'static StoreDef,
    /// Where the file is (absolute, or relative to the working directory).
    pub path: PathBuf,
    /// How the file is named in messages: relative to the repository root
    /// when under it (what `git` and CI annotations use).
    pub display: PathBuf,
    /// `default`, or the environment variable that chose the path.
    pub configured_by: String,
}

impl StoreLocation {
    /// Resolves `def` under `root`, honouring its environment variable.
    pub fn resolve(def: &'static StoreDef, root: &Path) -> StoreLocation {
        match def.env.and_then(crate::env::var) {
            Some(path) => {
                let path = PathBuf::from(path);
                let display = path
                    .strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| path.clone());
                StoreLocation {
                    def,
                    path,
                    display,
                    configured_by: def.env.unwrap_or_default().to_string(),
                }
            }
            None => StoreLocation {
                def,
                path: root.join(def.default_path),
                display: PathBuf::from(def.default_path),
                configured_by: "default".to_string(),
            },
        }
    }

    /// A location at an explicit path (tests, `--metadata-json`).
    pub fn at(def: &'static StoreDef, path: PathBuf, configured_by: &str) -> StoreLocation {
        StoreLocation {
            def,
            display: path.clone(),
            path,
            configured_by: configured_by.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_resolves_only_its_own_file_names() {
        let path = Path::new("/r/.cavra/evidence/metadata.jsonl");
        let dir = Path::new("/r/.cavra/evidence/metadata");
        let at = |file: &str| store_file(&EVIDENCE_METADATA, path, file);
        assert_eq!(at("metadata.jsonl").as_deref(), Some(path));
        assert_eq!(at("2026-01/000001.jsonl"), Some(dir.join("2026-01/000001.jsonl")));
        assert_eq!(at("checkpoint"), Some(dir.join("checkpoint")));
        assert_eq!(at("pruned"), Some(dir.join("pruned")));
        for bad in [
            "../x",
            "2026-01/../../y",
            "/etc/passwd",
            "notes.txt",
            "./checkpoint",
            "2026-01/000001.jsonl/../../z",
            "integrations.json",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
        // Other kinds: their own file name only.
        let table = Path::new("/r/.cavra/api/integrations.json");
        assert_eq!(
            store_file(&INTEGRATIONS, table, "integrations.json").as_deref(),
            Some(table)
        );
        assert_eq!(store_file(&INTEGRATIONS, table, "checkpoint"), None);
        assert_eq!(store_file(&INTEGRATIONS, table, "2026-01/000001.jsonl"), None);
    }

    #[test]
    fn store_files_lists_every_file_of_a_segmented_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("metadata.jsonl");
        let loc = StoreLocation::at(&EVIDENCE_METADATA, path.clone(), "test");
        let names = |p: &Path| -> Vec<String> {
            store_files(&EVIDENCE_METADATA, p)
                .unwrap()
                .into_iter()
                .map(|(n, full)| {
                    assert_eq!(store_file(&EVIDENCE_METADATA, p, &n), Some(full));
                    n
                })
                .collect()
        };
        assert!(names(&path).is_empty(), "nothing yet: created segmented");
        let record = serde_json::json!({"metadata_kind": "test", "created_at": "2026-01-05T00:00:00Z"});
        let records = vec![record; super::segments::MAX_LINES as usize + 1];
        crate::store::ledger::append(&loc, &records).unwrap();
        assert_eq!(
            names(&path),
            ["2026-01/000001.jsonl", "2026-01/000002.jsonl", "checkpoint"]
        );
        // Before migration: the one file.
        let single = dir.path().join("single.jsonl");
        std::fs::write(&single, "").unwrap();
        assert_eq!(names(&single), ["single.jsonl"]);
    }
}
