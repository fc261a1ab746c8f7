//! `cavra ledger prune`: removing a ledger's oldest sealed segments, with
//! the guards that make it safe to do to an audit trail.
//!
//! A prune is refused while a legal hold is in place in the working tree or
//! at HEAD (`.cavra/legal-hold`, the hold `cavra ops retention-plan` honours
//! too, or for an AISPM tenant's ledger that tenant's own legal hold:
//! [`crate::ops::hold::held`]), when `--before` is later than the ledger's
//! retention allows (`retention_days` of the tenant, 365 days for the
//! registry's ledgers: [`crate::ops::retention::ledger_retention_days`]), and
//! while `cavra validate` reports any problem: history is only removed from
//! a workspace whose every store, chain, checkpoint and git anchor verifies,
//! so nothing broken is hidden by deleting it. A segment holding an earlier
//! prune entry whose removals are not committed yet stays (commit that prune
//! first), so every removal a commit holds is vouched for by an entry it
//! holds. What is removed and how the chain records it is the store's
//! business ([`crate::store::ledger::prune`]); the result (the prune entry
//! and the removed segments) is committed like any other change.

use serde::Serialize;

use super::{LedgerAt, LedgerError, ledgers};
use crate::clock::Timestamp;
use crate::error::Problem;
use crate::git::Repo;
use crate::git::tree::Source;
use crate::ops::workspace::Workspace;
use crate::store::ledger::prune::{self, PrunableSegment, PruneEntry};
use crate::store::ledger::segments;

/// What to prune.
#[derive(Debug, Clone)]
pub struct PruneOptions {
    /// Segments whose entries are all older than this go.
    pub before: Timestamp,
    /// List what would go; write nothing.
    pub dry_run: bool,
    /// The time the prune entry notes.
    pub now: Timestamp,
}

/// `cavra ledger prune`: what went (or would go).
#[derive(Debug, Serialize)]
pub struct PruneOutcome {
    pub ledger: String,
    /// `--before`, RFC 3339.
    pub before: String,
    /// The latest `--before` the ledger's retention allows now.
    pub retention_before: String,
    pub dry_run: bool,
    /// The segments removed by this run (with `--dry-run`: that would be),
    /// oldest first.
    pub segments: Vec<PrunableSegment>,
    /// How many entries they held.
    pub entries: u64,
    /// The prune entry appended to the ledger's chain (null with
    /// `--dry-run` or when nothing went).
    pub entry: Option<PruneEntry>,
}

/// Prunes the ledger called `name` (see the module notes for the guards).
pub fn prune(ws: &Workspace, name: &str, opts: &PruneOptions) -> Result<PruneOutcome, LedgerError> {
    let loc = ledgers(ws, Some(name))?.remove(0);
    let tenant = crate::store::registry::tenant_store(name).map(|(_, t)| t);
    let holds = crate::ops::hold::held(ws, tenant, None)?;
    if !holds.is_empty() {
        return Err(LedgerError::LegalHold {
            ledger: name.to_string(),
            reason: holds.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        });
    }
    if opts.before > opts.now {
        return Err(LedgerError::FutureDate {
            before: opts.before.rfc3339(),
            now: opts.now.rfc3339(),
        });
    }
    let allowed = crate::ops::retention::ledger_prune_before(ws, name, opts.now);
    if opts.before > allowed {
        return Err(LedgerError::BeyondRetention {
            ledger: name.to_string(),
            before: opts.before.rfc3339(),
            allowed: allowed.rfc3339(),
            days: crate::ops::retention::ledger_retention_days(ws, name),
        });
    }
    if segments::layout(&loc) == segments::Layout::Single {
        return Err(LedgerError::NotSegmented {
            ledger: name.to_string(),
        });
    }
    let verdict = crate::ops::validate::validate(ws, None).map_err(|e| match e {
        crate::ops::validate::ValidateError::Git(e) => LedgerError::Git(e),
        crate::ops::validate::ValidateError::Ledger(e) => e,
    })?;
    if !verdict.ok {
        return Err(LedgerError::NotValid {
            ledger: name.to_string(),
            problems: verdict.problems,
        });
    }
    let mut gone = prune::plan(&loc, opts.before)?;
    // Stop before a segment holding a prune entry whose removals HEAD
    // still holds: that entry must be committed with them.
    if let Ok(repo) = Repo::discover(&ws.root)
        && let Some(rel) = repo.relative(&loc.path)
        && let Ok(LedgerAt::Segmented(head)) = LedgerAt::read(&repo, &rel, Source::Rev("HEAD"))
        && let Some(i) = gone
            .iter()
            .position(|s| s.holds_prunes_of.iter().any(|n| head.iter().any(|(h, _)| h == n)))
    {
        gone.truncate(i);
    }
    let entry = match opts.dry_run {
        true => None,
        false => prune::prune(&loc, &gone, opts.before, opts.now, &crate::ops::hold::who(ws))?,
    };
    Ok(PruneOutcome {
        ledger: name.to_string(),
        before: opts.before.rfc3339(),
        retention_before: allowed.rfc3339(),
        dry_run: opts.dry_run,
        entries: gone.iter().map(|s| s.entries).sum(),
        segments: gone,
        entry,
    })
}

/// The first problems of a refused prune, for its message.
pub fn summary(problems: &[Problem]) -> String {
    match problems {
        [] => "no problems".into(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}
