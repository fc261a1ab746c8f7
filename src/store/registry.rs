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

pub const DRILL_SCHEDULES: StoreDef = StoreDef {
    name: "drill-schedules",
    kind: StoreKind::Table,
    default_path: ".cavra/drills/schedules.json",
    env: None,
    file_schema: "cavra.drill.schedules.v1",
    record_schema: "cavra.drill.schedule.v1",
    key: Some("schedule_id"),
    description: "rollback drill schedules",
    fast_check: None,
    time_field: "updated_at",
};

pub const DRILL_ROUTING: StoreDef = StoreDef {
    name: "drill-routing",
    kind: StoreKind::Table,
    default_path: ".cavra/drills/routing.json",
    env: None,
    file_schema: "cavra.drill.routing-policy.v1",
    record_schema: "cavra.drill.routing.v1",
    key: Some("policy_id"),
    description: "rollback drill routing policy",
    fast_check: None,
    time_field: "",
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

/// The AISPM tenant registry.
pub const AISPM_TENANTS: StoreDef = StoreDef {
    name: "aispm-tenants",
    kind: StoreKind::Table,
    default_path: ".cavra/aispm/tenants.json",
    env: None,
    file_schema: "cavra.aispm.tenants.v1",
    record_schema: "cavra.aispm.tenant.v1",
    key: Some("tenant_id"),
    description: "AISPM tenant registry (collectors and their public keys)",
    fast_check: None,
    time_field: "updated_at",
};

/// Lines no tenant could be established for (authentication failed).
pub const AISPM_UNATTRIBUTED: StoreDef = StoreDef {
    name: "aispm-quarantine-unattributed",
    kind: StoreKind::Ledger,
    default_path: ".cavra/aispm/quarantine.jsonl",
    env: None,
    file_schema: "cavra.ledger-entry.v1",
    record_schema: "cavra.aispm.quarantine.v1",
    key: None,
    description: "AISPM lines rejected before any tenant was authenticated",
    fast_check: None,
    time_field: "received_at",
};

/// Every store's file row, in a stable order.
pub const STORES: &[&StoreDef] = &[
    &INTEGRATIONS,
    &EVIDENCE_METADATA,
    &CONNECTORS,
    &DRILL_SCHEDULES,
    &DRILL_ROUTING,
    &APPROVALS,
    &REGISTRY,
    &ACTIVITY,
    &INVENTORY,
    &AISPM_TENANTS,
    &AISPM_UNATTRIBUTED,
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

/// Per-tenant store families: one store per AISPM tenant, `{tenant}` in
/// `default_path` standing for the tenant id. [`tenant_locations`] lists
/// the instances that exist; `validate` and `ops stores` iterate them after
/// [`STORES`].
pub const AISPM_EVENTS: StoreDef = StoreDef {
    name: "aispm-events",
    kind: StoreKind::Ledger,
    default_path: ".cavra/aispm/tenants/{tenant}/events.jsonl",
    env: Some(crate::env::CAVRA_AISPM_DIR),
    file_schema: "cavra.ledger-entry.v1",
    record_schema: "cavra.aispm.event.v1",
    key: None,
    description: "AISPM events of one tenant",
    fast_check: None,
    time_field: "received_at",
};

pub const AISPM_QUARANTINE: StoreDef = StoreDef {
    name: "aispm-quarantine",
    kind: StoreKind::Ledger,
    default_path: ".cavra/aispm/tenants/{tenant}/quarantine.jsonl",
    env: None,
    file_schema: "cavra.ledger-entry.v1",
    record_schema: "cavra.aispm.quarantine.v1",
    key: None,
    description: "AISPM lines of one tenant that were rejected",
    fast_check: None,
    time_field: "received_at",
};

pub const AISPM_RUNS: StoreDef = StoreDef {
    name: "aispm-runs",
    kind: StoreKind::Ledger,
    default_path: ".cavra/aispm/tenants/{tenant}/runs.jsonl",
    env: None,
    file_schema: "cavra.ledger-entry.v1",
    record_schema: "cavra.aispm.run.v1",
    key: None,
    description: "AISPM ingestion runs of one tenant",
    fast_check: None,
    time_field: "finished_at",
};

/// The per-tenant families.
pub const TENANT_FAMILIES: &[&StoreDef] = &[&AISPM_EVENTS, &AISPM_QUARANTINE, &AISPM_RUNS];

/// Where family `def` lives for `tenant` under `root`. The env variable of a
/// family (`CAVRA_AISPM_DIR`) names a directory holding `<tenant>/<file>`.
pub fn tenant_location(def: &'static StoreDef, root: &Path, tenant: &str) -> StoreLocation {
    let rel = def.default_path.replace("{tenant}", tenant);
    match def.env.and_then(crate::env::var) {
        Some(dir) => {
            let file = Path::new(&rel).file_name().map(PathBuf::from).unwrap_or_default();
            StoreLocation::configured(def, root, PathBuf::from(dir).join(tenant).join(file))
        }
        None => StoreLocation {
            def,
            path: root.join(&rel),
            display: PathBuf::from(rel),
            configured_by: "default".to_string(),
        },
    }
}

/// The tenants that have stores under `root` (a directory per tenant under
/// `.cavra/aispm/tenants/`, or under `CAVRA_AISPM_DIR`), sorted.
pub fn tenants_on_disk(root: &Path) -> Vec<String> {
    let mut dirs = vec![root.join(".cavra/aispm/tenants")];
    if let Some(dir) = crate::env::var(crate::env::CAVRA_AISPM_DIR) {
        dirs.push(PathBuf::from(dir));
    }
    let mut out: Vec<String> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| crate::store::aispm::is_tenant_id(n))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The per-tenant family whose files include repository path `path`
/// (`.cavra/aispm/tenants/<tenant>/<family>.jsonl`, or anything under
/// `<family>/`), with the tenant; `None` for any other path.
pub fn tenant_family_at(path: &Path) -> Option<(&'static StoreDef, String)> {
    let rest = path.strip_prefix(".cavra/aispm/tenants").ok()?;
    let mut parts = rest.components().map(|c| c.as_os_str().to_str());
    let tenant = parts.next()??;
    let first = parts.next()??;
    if !crate::store::aispm::is_tenant_id(tenant) {
        return None;
    }
    let nested = parts.next().is_some();
    TENANT_FAMILIES.iter().copied().find_map(|def| {
        let file = Path::new(def.default_path).file_name()?.to_str()?;
        let dir = file.strip_suffix(".jsonl")?;
        ((!nested && first == file) || (nested && first == dir)).then(|| (def, tenant.to_string()))
    })
}

/// Whether repository path `path` is a tenant's committed posture
/// projection (`.cavra/aispm/tenants/<tenant>/posture.json`).
pub fn is_tenant_projection(path: &Path) -> bool {
    path.strip_prefix(".cavra/aispm/tenants").ok().is_some_and(|rest| {
        let parts: Vec<_> = rest.components().filter_map(|c| c.as_os_str().to_str()).collect();
        parts.len() == 2 && parts[1] == "posture.json" && crate::store::aispm::is_tenant_id(parts[0])
    })
}

/// Every per-tenant store instance under `root`, with its display name
/// (`aispm-events/acme`).
pub fn tenant_locations(root: &Path) -> Vec<(String, StoreLocation)> {
    let mut out = Vec::new();
    for tenant in tenants_on_disk(root) {
        for def in TENANT_FAMILIES {
            out.push((format!("{}/{tenant}", def.name), tenant_location(def, root, &tenant)));
        }
    }
    out
}

/// The family and tenant of a per-tenant store's name
/// (`aispm-events/acme`): the family one of [`TENANT_FAMILIES`], the tenant
/// an AISPM tenant id (so never `..`, a `/` or an empty name). `None` for
/// any other name.
pub fn tenant_store(name: &str) -> Option<(&'static StoreDef, &str)> {
    let (family, tenant) = name.split_once('/')?;
    let def = TENANT_FAMILIES.iter().copied().find(|d| d.name == family)?;
    crate::store::aispm::is_tenant_id(tenant).then_some((def, tenant))
}

/// The store a backup manifest or a restore journal names, located under
/// `root`: a row of [`stores`] (`integrations`) or one tenant's instance of
/// a family (`aispm-events/acme`, at [`tenant_location`]); `None` for any
/// other name.
pub fn locate_named(name: &str, root: &Path) -> Option<StoreLocation> {
    match tenant_store(name) {
        Some((def, tenant)) => Some(tenant_location(def, root, tenant)),
        None => stores()
            .into_iter()
            .find(|d| d.name == name)
            .map(|def| StoreLocation::resolve(def, root)),
    }
}

/// Every store of `root` with its name: the rows of [`stores`], then each
/// tenant's stores ([`tenant_locations`]). What `ops stores` lists and a
/// backup copies.
pub fn all_locations(root: &Path) -> Vec<(String, StoreLocation)> {
    stores()
        .into_iter()
        .map(|def| (def.name.to_string(), StoreLocation::resolve(def, root)))
        .chain(tenant_locations(root))
        .collect()
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
            Some(path) => StoreLocation::configured(def, root, PathBuf::from(path)),
            None => StoreLocation {
                def,
                path: root.join(def.default_path),
                display: PathBuf::from(def.default_path),
                configured_by: "default".to_string(),
            },
        }
    }

    /// A location its environment variable chose: shown relative to `root`
    /// when under it.
    fn configured(def: &'static StoreDef, root: &Path, path: PathBuf) -> StoreLocation {
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
    fn only_a_family_and_a_tenant_id_name_a_tenant_store() {
        let root = Path::new("/r");
        let at = |name: &str| locate_named(name, root).map(|l| l.path);
        assert_eq!(
            at("aispm-events/acme"),
            Some(root.join(".cavra/aispm/tenants/acme/events.jsonl"))
        );
        assert_eq!(
            at("aispm-runs/a-1"),
            Some(root.join(".cavra/aispm/tenants/a-1/runs.jsonl"))
        );
        assert_eq!(at("integrations"), Some(root.join(".cavra/api/integrations.json")));
        for bad in [
            "aispm-events/../x",
            "aispm-events/acme/../../etc",
            "aispm-events/acme/x",
            "aispm-events/",
            "aispm-events/Acme",
            "aispm-events/.",
            "aispm-events",
            "aispm-tenants/acme",
            "integrations/acme",
            "aispm-quarantine-unattributed/acme",
            "/aispm-events/acme",
            "nope",
        ] {
            assert!(at(bad).is_none(), "{bad}");
        }
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

    #[test]
    fn only_a_tenants_own_paths_are_its_stores_for_the_merge_driver() {
        let at = |p: &str| tenant_family_at(Path::new(p)).map(|(d, t)| (d.name, t));
        let acme = |d: &StoreDef| Some((d.name, "acme".to_string()));
        assert_eq!(at(".cavra/aispm/tenants/acme/events.jsonl"), acme(&AISPM_EVENTS));
        assert_eq!(
            at(".cavra/aispm/tenants/acme/events/2026-03/000001.jsonl"),
            acme(&AISPM_EVENTS)
        );
        assert_eq!(at(".cavra/aispm/tenants/acme/events/checkpoint"), acme(&AISPM_EVENTS));
        assert_eq!(at(".cavra/aispm/tenants/acme/runs/checkpoint"), acme(&AISPM_RUNS));
        assert_eq!(
            at(".cavra/aispm/tenants/acme/quarantine.jsonl"),
            acme(&AISPM_QUARANTINE)
        );
        for hostile in [
            ".cavra/aispm/tenants/../events.jsonl",
            ".cavra/aispm/tenants/Acme/events.jsonl",
            ".cavra/aispm/tenants/acme/../globex/posture.json",
            ".cavra/aispm/tenants/acme/events.jsonl/x",
            ".cavra/aispm/tenants/acme/posture.json",
            ".cavra/aispm/tenants/acme/evil.jsonl",
            ".cavra/aispm/tenants/acme",
            "x/.cavra/aispm/tenants/acme/events.jsonl",
        ] {
            assert_eq!(at(hostile), None, "{hostile}");
        }
        assert!(is_tenant_projection(Path::new(
            ".cavra/aispm/tenants/acme/posture.json"
        )));
        for hostile in [
            ".cavra/aispm/tenants/../posture.json",
            ".cavra/aispm/tenants/acme/x/posture.json",
            ".cavra/aispm/tenants/ACME/posture.json",
            ".cavra/aispm/posture.json",
        ] {
            assert!(!is_tenant_projection(Path::new(hostile)), "{hostile}");
        }
    }
}
