//! `cavra validate`: every store in the registry against its schema, its
//! checksum or hash chain, canonical layout and the secret scan; plus the
//! SQLite inventory when `CAVRA_INTEGRATION_DB` selects it. Problems are
//! collected, never stopped at, so one run shows everything to fix.

use serde::Serialize;

use super::workspace::Workspace;
use crate::error::Problem;
use crate::store::Inspection;

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
    for def in crate::store::registry::stores() {
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
    for def in crate::store::registry::stores() {
        let loc = ws.locate(def);
        let found = super::stores::inspect(&loc);
        stores.push(report(
            def.name,
            def.kind.as_str(),
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
