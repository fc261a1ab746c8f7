//! `cavra validate`: every store in the registry against its schema, its
//! checksum or hash chain, canonical layout and the secret scan; plus the
//! SQLite inventory when `CAVRA_INTEGRATION_DB` selects it. Problems are
//! collected, never stopped at, so one run shows everything to fix.

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::ledger::LedgerAt;
use super::workspace::Workspace;
use crate::error::Problem;
use crate::git::tree::Source;
use crate::store::registry::{INTEGRATIONS, STORES, StoreKind};
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
/// holds), for the pre-commit hook, and anchors the staged ledgers to HEAD.
/// The SQLite inventory is not in git.
pub fn validate_staged(ws: &Workspace) -> Result<ValidateOutcome, ValidateError> {
    let repo = crate::git::Repo::discover(&ws.root)?;
    let mut stores = Vec::new();
    let mut problems = Vec::new();
    for def in STORES {
        let loc = ws.locate(def);
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let found = match (def.kind, repo.read_staged(&rel)?) {
            (StoreKind::Ledger, _) => LedgerAt::read(&repo, &rel, Source::Index)?.inspect(&loc),
            (_, None) => Inspection::default(),
            (_, Some(bytes)) => super::stores::inspect_bytes(&loc, &bytes),
        };
        stores.push(report(
            def.name,
            def.kind.as_str(),
            &format!("{} (staged)", loc.display.display()),
            &found,
        ));
        problems.extend(found.problems);
    }
    problems.extend(super::ledger::anchor_all(ws, &repo, "HEAD", true)?);
    Ok(ValidateOutcome {
        ok: problems.is_empty(),
        stores,
        problems,
    })
}

/// Why validate could not run (a verdict with problems is not an error).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error(transparent)]
    Git(#[from] crate::git::GitError),
    #[error(transparent)]
    Ledger(#[from] super::ledger::LedgerError),
}

/// Validates every store of `ws`; in a git repository, ledgers are also
/// anchored to `base` (default HEAD): every committed line is still there.
pub fn validate(ws: &Workspace, base: Option<&str>) -> Result<ValidateOutcome, ValidateError> {
    let mut stores = Vec::new();
    let mut problems = Vec::new();
    let db = super::inventory::Backend::sqlite_path();
    let repo = crate::git::Repo::discover(&ws.root).ok();
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
        let mut found = super::stores::inspect(&loc);
        if def.kind == StoreKind::Ledger
            && found.problems.is_empty()
            && let Some(repo) = &repo
        {
            match super::ledger::check_pin(repo, &loc) {
                Ok(p) => found.problems.extend(p),
                Err(e) => found
                    .problems
                    .push(Problem::new(&loc.display, crate::error::error_chain(&e))),
            }
        }
        stores.push(report(
            def.name,
            def.kind.as_str(),
            &loc.display.display().to_string(),
            &found,
        ));
        problems.extend(found.problems);
    }
    match &repo {
        Some(repo) => problems.extend(super::ledger::anchor_all(ws, repo, base.unwrap_or("HEAD"), false)?),
        None if base.is_some() => {
            return Err(crate::git::GitError::NotARepository { path: ws.root.clone() }.into());
        }
        None => {}
    }
    Ok(ValidateOutcome {
        ok: problems.is_empty(),
        stores,
        problems,
    })
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
