//! `cavra validate`: every store in the registry against its schema, its
//! checksum or hash chain, canonical layout and the secret scan; plus the
//! SQLite inventory when `CAVRA_INTEGRATION_DB` selects it. Problems are
//! collected, never stopped at, so one run shows everything to fix.

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::workspace::Workspace;
use crate::error::Problem;
use crate::store::registry::{INTEGRATIONS, STORES};
use crate::store::sqlite::MIGRATIONS;
use crate::store::{Inspection, schema};

/// The verdict of one validate run.
#[derive(Debug, Serialize)]
pub struct ValidateOutcome {
    pub ok: bool,
    pub stores: Vec<StoreReport>,
    pub problems: Vec<Problem>,
}

/// One store's line in the verdict.
#[derive(Debug, Serialize)]
pub struct StoreReport {
    pub store: String,
    pub kind: String,
    pub path: String,
    pub exists: bool,
    pub records: usize,
    pub problems: usize,
}

/// Validates the stores as staged in git's index (what the next commit
/// holds), for the pre-commit hook. The SQLite inventory is not in git.
pub fn validate_staged(ws: &Workspace) -> Result<ValidateOutcome, crate::git::GitError> {
    let repo = crate::git::Repo::discover(&ws.root)?;
    let mut stores = Vec::new();
    let mut problems = Vec::new();
    for def in STORES {
        let loc = ws.locate(def);
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let found = match repo.read_staged(&rel)? {
            None => Inspection::default(),
            Some(bytes) => super::stores::inspect_bytes(&loc, &bytes),
        };
        stores.push(report(
            def.name,
            def.kind.as_str(),
            &format!("{} (staged)", loc.display.display()),
            &found,
        ));
        problems.extend(found.problems);
    }
    Ok(ValidateOutcome {
        ok: problems.is_empty(),
        stores,
        problems,
    })
}

/// Validates every store of `ws`.
pub fn validate(ws: &Workspace) -> ValidateOutcome {
    let mut stores = Vec::new();
    let mut problems = Vec::new();
    let db = super::inventory::Backend::sqlite_path();
    for def in STORES {
        let loc = ws.locate(def);
        if def.name == INTEGRATIONS.name
            && let Some(db) = &db
        {
            let found = inspect_sqlite(db);
            stores.push(report(def.name, "sqlite", &db.display().to_string(), &found));
            problems.extend(found.problems);
            continue;
        }
        let found = super::stores::inspect(&loc);
        stores.push(report(
            def.name,
            def.kind.as_str(),
            &loc.display.display().to_string(),
            &found,
        ));
        problems.extend(found.problems);
    }
    // One store per AISPM tenant and family.
    for (name, loc) in crate::store::registry::tenant_locations(&ws.root) {
        let found = super::stores::inspect(&loc);
        stores.push(report(
            &name,
            loc.def.kind.as_str(),
            &loc.display.display().to_string(),
            &found,
        ));
        problems.extend(found.problems);
    }
    ValidateOutcome {
        ok: problems.is_empty(),
        stores,
        problems,
    }
}

fn report(name: &str, kind: &str, path: &str, found: &Inspection) -> StoreReport {
    StoreReport {
        store: name.to_string(),
        kind: kind.to_string(),
        path: path.to_string(),
        exists: found.exists,
        records: found.records,
        problems: found.problems.len(),
    }
}

/// Checks a SQLite inventory read-only: migrations applied, every row valid.
fn inspect_sqlite(path: &std::path::Path) -> Inspection {
    let mut out = Inspection::default();
    if !path.exists() {
        return out;
    }
    out.exists = true;
    out.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or_default();
    let problem = |m: String| Problem::new(path, m);
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c,
        Err(e) => {
            out.problems.push(problem(format!("cannot open: {e}")));
            return out;
        }
    };
    let applied: Vec<String> = conn
        .prepare("SELECT version FROM schema_migrations")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    for m in MIGRATIONS {
        if !applied.iter().any(|v| v == m.version) {
            out.problems.push(
                problem(format!("migration {}_{} is not applied", m.version, m.name))
                    .hint(format!("run `cavra evidence migrate --sqlite {}`", path.display())),
            );
        }
    }
    if !out.problems.is_empty() {
        return out;
    }
    match crate::store::sqlite::rows_as_values(&conn) {
        Ok(rows) => {
            out.records = rows.len();
            for row in &rows {
                let id = row["integration_id"].as_str().unwrap_or_default();
                out.problems
                    .extend(schema::check_record(INTEGRATIONS.record_schema, row, path, Some(id)));
            }
        }
        Err(e) => out
            .problems
            .push(problem(format!("cannot read the integrations table: {e}"))),
    }
    out
}
