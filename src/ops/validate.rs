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
use crate::store::ledger::segments;
use crate::store::registry::{AISPM_EVENTS, StoreKind};

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
    // The registry as staged decides whose keys verify the staged events.
    let tenants = crate::ops::aispm::required::registered(&repo, &ws.root, Source::Index)?;
    for (name, loc) in crate::store::registry::all_locations(&ws.root) {
        let def = loc.def;
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let found = match (def.kind, repo.read_staged(&rel)?) {
            (StoreKind::Ledger, _) => {
                // Event segments kept outside the repository
                // (`CAVRA_AISPM_DIR`) are not in the index: as they are.
                let outside = def.name == AISPM_EVENTS.name && !loc.path.starts_with(&ws.root);
                let at = match outside {
                    true => LedgerAt::worktree(&loc).map_err(super::ledger::LedgerError::from)?,
                    false => LedgerAt::read(&repo, &rel, Source::Index)?,
                };
                let mut found = at.inspect(&loc);
                if found.problems.is_empty() {
                    let entries = at.entries(&loc).unwrap_or_default();
                    found.problems.extend(proof(&tenants, &name, &loc, &entries));
                    if let Some((def, tenant)) = crate::store::registry::tenant_store(&name)
                        && def.name == AISPM_EVENTS.name
                    {
                        let files = crate::store::aispm::TenantFiles::new(&ws.root, tenant);
                        let display = repo.relative(&files.posture).unwrap_or(files.posture.clone());
                        let staged = repo.read_staged(&display)?;
                        found.problems.extend(crate::ops::aispm::projection_problem(
                            tenant,
                            &display,
                            staged.as_deref(),
                            &entries,
                        ));
                    }
                }
                found
            }
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

/// Tenant event entries re-verified and folded at once while validate
/// streams a ledger.
const EVENT_BATCH: usize = 4_096;

/// Validates every store of `ws`; in a git repository, ledgers are also
/// anchored to `base` (default HEAD): every committed line is still there.
pub fn validate(ws: &Workspace, base: Option<&str>) -> Result<ValidateOutcome, ValidateError> {
    let mut stores = Vec::new();
    let mut problems = Vec::new();
    let repo = crate::git::Repo::discover(&ws.root).ok();
    let mut pins = Vec::new();
    let tenants = registry_rows(&ws.root);
    // The registry's stores, then one per AISPM tenant and family.
    for (name, loc) in crate::store::registry::all_locations(&ws.root) {
        let events = crate::store::registry::tenant_store(&name).filter(|(def, _)| def.name == AISPM_EVENTS.name);
        // A segmented ledger or a tenant's events: read once, inspected,
        // then re-verified (a tenant's events) and compared with the pin.
        let read_once = events.is_some()
            || (loc.def.kind == StoreKind::Ledger && segments::layout(&loc) == segments::Layout::Segmented);
        // The pin is read first: the one pass keeps only what its check needs.
        let mut pin = match (&repo, loc.def.kind == StoreKind::Ledger) {
            (Some(repo), true) => {
                super::ledger::PinView::new(repo, &name, &loc).map_err(|e| crate::error::error_chain(&e))
            }
            _ => Ok(super::ledger::PinView::default()),
        };
        // A tenant's events are re-verified and folded a batch at a time
        // as they stream by (kept only while their batch is checked).
        let verifier =
            events.map(|(_, tenant)| crate::ops::aispm::proof::Verifier::new(&tenants, tenant, &loc.display));
        let mut fold = events.map(|(_, tenant)| crate::ops::aispm::Fold::new(tenant).posture_only());
        let mut proof_problems = Vec::new();
        let mut batch = Vec::new();
        let mut settle = |batch: &mut Vec<crate::store::ledger::Entry>| {
            if let (Some(v), Some(f)) = (&verifier, &mut fold) {
                proof_problems.extend(v.verify_folding(batch, f));
            }
            batch.clear();
        };
        let mut found = match read_once {
            true => {
                let keep = events.is_some();
                let (found, _) = crate::store::ledger::inspect_each(&loc, &mut |e| {
                    if let Ok(pin) = &mut pin {
                        pin.see(&e);
                    }
                    if keep {
                        batch.push(e);
                        if batch.len() == EVENT_BATCH {
                            settle(&mut batch);
                        }
                    }
                });
                settle(&mut batch);
                found
            }
            false => super::stores::inspect(&loc),
        };
        if let (Some((_, tenant)), Some(fold)) = (events, fold)
            && found.problems.is_empty()
        {
            found.problems.extend(proof_problems);
            let files = crate::store::aispm::TenantFiles::new(&ws.root, tenant);
            let bytes = std::fs::read(&files.posture).ok();
            let display = files.posture.strip_prefix(&ws.root).unwrap_or(&files.posture);
            found.problems.extend(crate::ops::aispm::projection_problem_of(
                tenant,
                display,
                bytes.as_deref(),
                &fold.finish().0,
            ));
        }
        if loc.def.kind == StoreKind::Ledger
            && found.problems.is_empty()
            && let Some(repo) = &repo
        {
            match &pin {
                Ok(view) => {
                    let (p, next) = super::ledger::check_pin(repo, &name, &loc, view);
                    found.problems.extend(p);
                    pins.extend(next.map(|cp| (name.clone(), cp)));
                }
                Err(e) => found.problems.push(Problem::new(&loc.display, e.clone())),
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
    // Pins move only once everything verified, anchors included.
    if let Some(repo) = &repo
        && problems.is_empty()
    {
        for (name, cp) in &pins {
            super::ledger::write_pin(repo, name, cp)?;
        }
    }
    Ok(ValidateOutcome {
        schema: "cavra.validate.v1",
        ok: problems.is_empty(),
        stores,
        problems,
    })
}

/// Every row of the working tree's tenant registry (none when it does not
/// read: its own check says why).
fn registry_rows(root: &std::path::Path) -> Vec<crate::model::aispm::Tenant> {
    crate::store::table::load(&crate::store::registry::StoreLocation::resolve(
        &crate::store::registry::AISPM_TENANTS,
        root,
    ))
    .unwrap_or_default()
}

/// The proof problems of store `name`'s entries when it is a tenant's event
/// ledger (none for any other store).
fn proof(
    tenants: &[crate::model::aispm::Tenant],
    name: &str,
    loc: &crate::store::registry::StoreLocation,
    entries: &[crate::store::ledger::Entry],
) -> Vec<Problem> {
    match crate::store::registry::tenant_store(name) {
        Some((def, tenant)) if def.name == AISPM_EVENTS.name => {
            crate::ops::aispm::proof::verify_entries(tenants, tenant, &loc.display, entries)
        }
        _ => Vec::new(),
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
