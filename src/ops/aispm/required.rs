//! Which tenant ledgers must exist, from the registry and git, never from
//! the directories on disk.
//!
//! Every tenant the tenant registry listed at the committed revision (HEAD,
//! or `--base REV`) keeps its ledgers, unless the current registry (working
//! tree, or index for the pre-commit hook) records that `cavra aispm tenant
//! remove` removed it; a removal of a tenant that was under legal hold at
//! that revision is itself a problem. A hand edit that drops a tenant's row
//! and its directory therefore leaves its committed ledgers to be anchored
//! as "no longer there". An event ledger kept outside the repository
//! (`CAVRA_AISPM_DIR`) has no committed lines to anchor to: the committed
//! posture projection says how many entries it folded in, and the ledger
//! must hold at least that many.

use std::path::Path;

use crate::error::Problem;
use crate::git::tree::Source;
use crate::git::{GitError, Repo};
use crate::model::aispm::Tenant;
use crate::store::registry::{AISPM_TENANTS, StoreKind, StoreLocation, TENANT_FAMILIES, tenant_location};

/// The registry's rows as `source` holds them (none when absent or
/// unreadable: the registry's own check reports that).
pub fn registered(repo: &Repo, root: &Path, source: Source<'_>) -> Result<Vec<Tenant>, GitError> {
    let loc = StoreLocation::resolve(&AISPM_TENANTS, root);
    let Some(rel) = repo.relative(&loc.path) else {
        return Ok(Vec::new());
    };
    let bytes = match source {
        Source::Rev(rev) => repo.read_at(rev, &rel)?,
        Source::Index => repo.read_staged(&rel)?,
    };
    Ok(bytes
        .and_then(|b| crate::store::table::decode::<Tenant>(&loc, &b).ok())
        .unwrap_or_default())
}

/// A ledger by its store name (`aispm-events/acme`) and where it is.
pub type NamedLedger = (String, StoreLocation);

/// The ledgers of the tenants registered at `commit` that must still be
/// there (to anchor beside the others), and the problems of removals the
/// current registry records. `staged`: the current registry is the index's,
/// else the working tree's.
pub fn committed_tenant_ledgers(
    repo: &Repo,
    root: &Path,
    commit: &str,
    staged: bool,
) -> Result<(Vec<NamedLedger>, Vec<Problem>), GitError> {
    let before = registered(repo, root, Source::Rev(commit))?;
    let now = match staged {
        true => registered(repo, root, Source::Index)?,
        false => crate::store::table::load::<Tenant>(&StoreLocation::resolve(&AISPM_TENANTS, root)).unwrap_or_default(),
    };
    let registry = StoreLocation::resolve(&AISPM_TENANTS, root).display;
    let mut ledgers = Vec::new();
    let mut problems = Vec::new();
    for t in before.iter().filter(|t| t.removed_at.is_none()) {
        let removal = now
            .iter()
            .find(|n| n.tenant_id == t.tenant_id)
            .and_then(|n| n.removed_at.as_ref());
        match removal {
            Some(_) if t.legal_hold => problems.push(
                Problem::new(
                    &registry,
                    format!(
                        "tenant {} was removed, but it is under legal hold at {commit}",
                        t.tenant_id
                    ),
                )
                .record(&t.tenant_id)
                .field("removed_at"),
            ),
            Some(_) => {}
            None => ledgers.extend(TENANT_FAMILIES.iter().filter(|d| d.kind == StoreKind::Ledger).map(|d| {
                (
                    format!("{}/{}", d.name, t.tenant_id),
                    tenant_location(d, root, &t.tenant_id),
                )
            })),
        }
    }
    let mut tenants: Vec<String> = crate::store::registry::tenant_ids(root);
    tenants.extend(
        before
            .iter()
            .filter(|t| t.removed_at.is_none())
            .map(|t| t.tenant_id.clone()),
    );
    tenants.sort();
    tenants.dedup();
    for tenant in tenants {
        problems.extend(outside_ledger_short(repo, root, commit, &tenant)?);
    }
    Ok((ledgers, problems))
}

/// When `tenant`'s event ledger is outside the repository: a problem if it
/// holds fewer entries than its projection committed at `commit` folded in.
fn outside_ledger_short(repo: &Repo, root: &Path, commit: &str, tenant: &str) -> Result<Option<Problem>, GitError> {
    let files = crate::store::aispm::TenantFiles::new(root, tenant);
    if repo.relative(&files.events.path).is_some() {
        return Ok(None);
    }
    let Some(rel) = repo.relative(&files.posture) else {
        return Ok(None);
    };
    let committed = repo
        .read_at(commit, &rel)?
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v["ledger_entries"].as_u64())
        .unwrap_or(0);
    if committed == 0 {
        return Ok(None);
    }
    let now = crate::store::ledger::read(&files.events).map_or(0, |e| e.len() as u64);
    Ok((now < committed).then(|| {
        Problem::new(
            &files.events.display,
            format!(
                "the event ledger of tenant {tenant} holds {now} entries, but its projection committed at {commit} folded in {committed}: evidence was removed"
            ),
        )
        .hint(format!(
            "restore it from a backup (`cavra ops restore`); a tenant goes only by `cavra aispm tenant remove {tenant}`"
        ))
    }))
}
