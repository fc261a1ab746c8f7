//! `cavra validate`: every store in the registry against its schema, its
//! checksum or hash chain, canonical layout and the secret scan; plus the
//! SQLite inventory when `CAVRA_INTEGRATION_DB` selects it. Problems are
//! collected, never stopped at, so one run shows everything to fix.

use serde::Serialize;

use super::ledger::LedgerAt;
use super::workspace::Workspace;
use crate::error::Problem;
use crate::git::tree::Source;
use crate::store::Inspection;
use crate::store::registry::StoreKind;

/// The verdict of one validate run.
#[derive(Debug, Serialize)]
pub struct ValidateOutcome {
    /// `cavra.validate.v1`.
    pub schema: &'static str,
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
    // What the commit will hold: the registry's stores and every AISPM
    // tenant's, as staged.
    for (name, loc) in crate::store::registry::all_locations(&ws.root) {
        let def = loc.def;
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let found = match (def.kind, repo.read_staged(&rel)?) {
            (StoreKind::Ledger, _) => LedgerAt::read(&repo, &rel, Source::Index)?.inspect(&loc),
            (_, None) => Inspection::default(),
            (_, Some(bytes)) => super::stores::inspect_bytes(&loc, &bytes),
        };
        stores.push(report(
            &name,
            def.kind.as_str(),
            &format!("{} (staged)", super::stores::shown_path(&loc).display()),
            &found,
        ));
        problems.extend(found.problems);
    }
    problems.extend(super::ledger::anchor_all(ws, &repo, "HEAD", true)?);
    Ok(ValidateOutcome {
        schema: "cavra.validate.v1",
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

impl crate::error::Diagnostic for ValidateError {
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            ValidateError::Git(e) => Some(e),
            ValidateError::Ledger(e) => Some(e),
        }
    }
}

/// Validates every store of `ws`; in a git repository, ledgers are also
/// anchored to `base` (default HEAD): every committed line is still there.
pub fn validate(ws: &Workspace, base: Option<&str>) -> Result<ValidateOutcome, ValidateError> {
    let mut stores = Vec::new();
    let mut problems = Vec::new();
    let repo = crate::git::Repo::discover(&ws.root).ok();
    // The registry's stores, then one per AISPM tenant and family.
    for (name, loc) in crate::store::registry::all_locations(&ws.root) {
        let mut found = super::stores::inspect(&loc);
        if loc.def.kind == StoreKind::Ledger
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
            &name,
            loc.def.kind.as_str(),
            &super::stores::shown_path(&loc).display().to_string(),
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
        schema: "cavra.validate.v1",
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
