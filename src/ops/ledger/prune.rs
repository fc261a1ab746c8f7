//! `cavra ledger prune`: removing a ledger's oldest sealed segments, with
//! the guards that make it safe to do to an audit trail.
//!
//! A prune is refused while a legal hold is in place (`.cavra/legal-hold`,
//! the hold `cavra ops retention-plan` honours too, or for an AISPM tenant's
//! ledger that tenant's own legal hold) and while `cavra
//! validate` reports any problem: history is only removed from a workspace
//! whose every store, chain, checkpoint and git anchor verifies, so nothing
//! broken is hidden by deleting it. What is removed and what stays linked is
//! the store's business ([`crate::store::ledger::prune`]); the result (the
//! prune record and the removed segments) is committed like any other change.

use serde::Serialize;

use super::{LedgerError, ledgers};
use crate::clock::Timestamp;
use crate::error::Problem;
use crate::ops::workspace::Workspace;
use crate::store::ledger::prune::{self, PrunableSegment, PruneRecord};
use crate::store::ledger::segments;

/// What to prune.
#[derive(Debug, Clone)]
pub struct PruneOptions {
    /// Segments whose entries are all older than this go.
    pub before: Timestamp,
    /// List what would go; write nothing.
    pub dry_run: bool,
    /// The time the prune record notes.
    pub now: Timestamp,
}

/// `cavra ledger prune`: what went (or would go).
#[derive(Debug, Serialize)]
pub struct PruneOutcome {
    pub ledger: String,
    /// `--before`, RFC 3339.
    pub before: String,
    pub dry_run: bool,
    /// The segments removed by this run (with `--dry-run`: that would be),
    /// oldest first.
    pub segments: Vec<PrunableSegment>,
    /// How many entries they held.
    pub entries: u64,
    /// The ledger's prune record after this run (as it is, with
    /// `--dry-run`); null when the ledger was never pruned.
    pub record: Option<RecordView>,
}

/// The prune record's totals.
#[derive(Debug, Serialize)]
pub struct RecordView {
    pub file: String,
    /// Segments pruned in all (numbers 1 to this).
    pub segments: u64,
    /// Entries pruned in all (`seq` 1 to this).
    pub entries: u64,
    /// The seal hash the first remaining entry chains to.
    pub last_hash: String,
    /// How many prunes made it.
    pub prunes: usize,
}

impl RecordView {
    fn new(file: String, r: &PruneRecord) -> RecordView {
        RecordView {
            file,
            segments: r.segments,
            entries: r.entries,
            last_hash: r.last_hash.clone(),
            prunes: r.prunes.len(),
        }
    }
}

/// Prunes the ledger called `name` (see the module notes for the guards).
pub fn prune(ws: &Workspace, name: &str, opts: &PruneOptions) -> Result<PruneOutcome, LedgerError> {
    let loc = ledgers(ws, Some(name))?.remove(0);
    if let Some(reason) = prune::legal_hold(&ws.cavra_dir())? {
        return Err(LedgerError::LegalHold {
            ledger: name.to_string(),
            reason: format!(".cavra/legal-hold: {reason}"),
        });
    }
    // An AISPM tenant's ledger (`aispm-events/acme`) is also held by its
    // tenant's own legal hold in the tenant registry.
    if let Some((_, tenant)) = name.split_once('/')
        && let Ok(t) = crate::ops::aispm::load_tenant(&ws.root, tenant)
        && t.legal_hold
    {
        return Err(LedgerError::LegalHold {
            ledger: name.to_string(),
            reason: format!("tenant {tenant}'s, in .cavra/aispm/tenants.json"),
        });
    }
    if opts.before > opts.now {
        return Err(LedgerError::FutureDate {
            before: opts.before.rfc3339(),
            now: opts.now.rfc3339(),
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
    let (gone, record) = if opts.dry_run {
        (prune::plan(&loc, opts.before)?, prune::record(&loc)?)
    } else {
        prune::prune(&loc, opts.before, opts.now)?
    };
    let file = prune::display(&loc).display().to_string();
    Ok(PruneOutcome {
        ledger: name.to_string(),
        before: opts.before.rfc3339(),
        dry_run: opts.dry_run,
        entries: gone.iter().map(|s| s.entries).sum(),
        segments: gone,
        record: record.as_ref().map(|r| RecordView::new(file, r)),
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
