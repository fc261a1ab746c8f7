//! `cavra ledger`: migrate a single-file ledger into segments, and read a
//! ledger as git holds it (at a revision, in the index) for validate, diff
//! and verification.
//!
//! A ledger at a revision is whatever that tree holds: its segment
//! directory when there is one, else the single `.jsonl` file (the layout
//! before `cavra ledger migrate`), else nothing. Reading goes through the
//! store's one reader ([`crate::store::ledger`]), never a second parser.

use std::path::{Path, PathBuf};

use serde::Serialize;

mod history;
mod prune;

pub use history::{Guard, VerifiedLedger, VerifyOutcome, anchor, anchor_all, guard_for, removals, verify};
pub use prune::{PruneOptions, PruneOutcome, prune};

use super::workspace::Workspace;
use crate::error::StoreError;
use crate::git::tree::Source;
use crate::git::{GitError, Repo};
use crate::store::Inspection;
use crate::store::ledger::{self, Entry, segments};
use crate::store::registry::{STORES, StoreKind, StoreLocation};

/// What the `ledger` commands fail with.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("no ledger called {name:?} (ledgers: {known})")]
    UnknownLedger { name: String, known: String },
    #[error("ledger {ledger}: a legal hold is in place ({reason}); nothing was pruned")]
    LegalHold { ledger: String, reason: String },
    #[error(
        "ledger {ledger}: `cavra validate` reports {} problem(s); nothing was pruned: {}",
        problems.len(),
        prune::summary(problems)
    )]
    NotValid {
        ledger: String,
        problems: Vec<crate::error::Problem>,
    },
    #[error("--before {before} is later than now ({now}): a prune removes only what is already older")]
    FutureDate { before: String, now: String },
    #[error("ledger {ledger} is kept as one file: only a segmented ledger is pruned")]
    NotSegmented { ledger: String },
    #[error(
        "ledger {ledger} keeps {days} days: --before {before} is later than its retention allows ({allowed}); nothing was pruned"
    )]
    BeyondRetention {
        ledger: String,
        before: String,
        allowed: String,
        days: u32,
    },
    #[error(transparent)]
    Hold(#[from] crate::ops::hold::HoldError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Git(#[from] GitError),
}

impl crate::error::Diagnostic for LedgerError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            LedgerError::UnknownLedger { .. } | LedgerError::FutureDate { .. } => ExitCode::Usage,
            LedgerError::LegalHold { .. } | LedgerError::NotSegmented { .. } | LedgerError::BeyondRetention { .. } => {
                ExitCode::Conflict
            }
            LedgerError::NotValid { .. } => ExitCode::Data,
            LedgerError::Store(e) => e.exit_code(),
            LedgerError::Git(e) => e.exit_code(),
            LedgerError::Hold(e) => e.exit_code(),
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            LedgerError::NotValid { problems, .. } => crate::error::problem_causes(problems, 1, 20),
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            LedgerError::UnknownLedger { .. } => "`cavra ops stores` lists the stores and their kinds".to_string(),
            LedgerError::LegalHold { .. } => "a prune waits until the hold is lifted in a commit of its own (by whoever placed it: `cavra ops hold lift --reason …` committed, with `--tenant T` for a tenant's own hold)".to_string(),
            LedgerError::BeyondRetention { allowed, .. } => {
                format!("--before can only be stricter than the retention: give {allowed} or earlier")
            }
            LedgerError::NotValid { .. } => {
                "fix what `cavra validate` reports (`cavra ops repair` fixes torn tails), then prune".to_string()
            }
            LedgerError::FutureDate { .. } => "give a past date, e.g. --before 2025-01-01".to_string(),
            LedgerError::NotSegmented { ledger } => format!("move it into segments first: `cavra ledger migrate {ledger}`"),
            LedgerError::Store(_) | LedgerError::Git(_) | LedgerError::Hold(_) => return Vec::new(),
        };
        vec![hint]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            LedgerError::Store(e) => Some(e),
            LedgerError::Git(e) => Some(e),
            LedgerError::Hold(e) => Some(e),
            _ => None,
        }
    }
}

/// A ledger's files as one state holds them.
#[derive(Debug, Clone, PartialEq)]
pub enum LedgerAt {
    Absent,
    /// The single `.jsonl` file (before migration).
    Single(Vec<u8>),
    /// Segment files, by name relative to the ledger directory.
    Segmented(Vec<(String, Vec<u8>)>),
}

impl LedgerAt {
    /// The ledger whose repository-relative path is `rel`, in `source`.
    pub fn read(repo: &Repo, rel: &Path, source: Source<'_>) -> Result<LedgerAt, GitError> {
        let files = repo.files_under(source, &rel.with_extension(""))?;
        if !files.is_empty() {
            return Ok(LedgerAt::Segmented(files));
        }
        let single = match source {
            Source::Rev(rev) => repo.read_at(rev, rel)?,
            Source::Index => repo.read_staged(rel)?,
        };
        Ok(single.map_or(LedgerAt::Absent, LedgerAt::Single))
    }

    /// The ledger `loc` in the working tree.
    pub fn worktree(loc: &StoreLocation) -> Result<LedgerAt, StoreError> {
        match segments::layout(loc) {
            segments::Layout::Single => {
                let bytes = std::fs::read(&loc.path).map_err(|e| StoreError::io("read", &loc.display, e))?;
                Ok(LedgerAt::Single(bytes))
            }
            segments::Layout::Segmented => {
                let dir = segments::dir(loc);
                let (names, strays) = segments::names(&dir)?;
                if names.is_empty() && strays.is_empty() {
                    return Ok(LedgerAt::Absent);
                }
                Ok(LedgerAt::Segmented(segments::read_dir_files(&dir)?))
            }
        }
    }

    /// The ledger `loc` (repository-relative `rel`) at `commit` and now (the
    /// index when `staged`, else the working tree), as anchoring compares
    /// them: a segment both hold unchanged is left out of both, known from
    /// blob ids alone (the index's, or the working tree's through git's stat
    /// cache, [`Repo::worktree_holds`]), so an unchanged sealed segment is
    /// never read from git. When a committed segment is gone, both are read
    /// whole (a removal is judged against the whole current chain).
    pub fn changed(
        repo: &Repo,
        loc: &StoreLocation,
        rel: &Path,
        commit: &str,
        staged: bool,
    ) -> Result<(LedgerAt, LedgerAt), LedgerError> {
        let now = |source| -> Result<LedgerAt, LedgerError> {
            Ok(match source {
                Some(source) => LedgerAt::read(repo, rel, source)?,
                None => LedgerAt::worktree(loc)?,
            })
        };
        let current_source = staged.then_some(Source::Index);
        let dir = rel.with_extension("");
        let committed = repo.ids_under(Source::Rev(commit), &dir)?;
        let segmented_now = staged || segments::layout(loc) == segments::Layout::Segmented;
        if committed.is_empty() || !segmented_now {
            return Ok((LedgerAt::read(repo, rel, Source::Rev(commit))?, now(current_source)?));
        }
        let current: Vec<(String, Option<git2::Oid>)> = match staged {
            true => repo
                .ids_under(Source::Index, &dir)?
                .into_iter()
                .map(|(n, id)| (n, Some(id)))
                .collect(),
            false => {
                let (names, strays) = segments::names(&segments::dir(loc))?;
                names.into_iter().chain(strays).map(|n| (n, None)).collect()
            }
        };
        let gone = committed
            .iter()
            .any(|(n, _)| segments::is_segment_name(n) && !current.iter().any(|(m, _)| m == n));
        if gone || current.is_empty() {
            return Ok((LedgerAt::read(repo, rel, Source::Rev(commit))?, now(current_source)?));
        }
        let index = repo.inner().index().map_err(GitError::from)?;
        let index_mtime = repo.index_mtime();
        let ledger_dir = segments::dir(loc);
        let unchanged: std::collections::HashSet<&str> = committed
            .iter()
            .filter(|(name, id)| match current.iter().find(|(n, _)| n == name) {
                Some((_, Some(now))) => now == id,
                Some((_, None)) => {
                    repo.worktree_holds(&index, index_mtime, &dir.join(name), &ledger_dir.join(name), *id)
                }
                None => false,
            })
            .map(|(n, _)| n.as_str())
            .collect();
        let want = |name: &str| !unchanged.contains(name);
        let old = repo.files_under_where(Source::Rev(commit), &dir, &want)?;
        let new = match staged {
            true => repo.files_under_where(Source::Index, &dir, &want)?,
            false => segments::read_named(
                &ledger_dir,
                current.iter().filter(|(n, _)| want(n)).map(|(n, _)| n.clone()),
            )?,
        };
        Ok((LedgerAt::Segmented(old), LedgerAt::Segmented(new)))
    }

    /// Every problem, as `cavra validate` reports them.
    pub fn inspect(&self, loc: &StoreLocation) -> Inspection {
        match self {
            LedgerAt::Absent => Inspection::default(),
            LedgerAt::Single(bytes) => ledger::inspect_bytes(loc, bytes),
            LedgerAt::Segmented(files) => segments::inspect_files(loc, files),
        }
    }

    /// Every entry, failing on the first problem.
    pub fn entries(&self, loc: &StoreLocation) -> Result<Vec<Entry>, StoreError> {
        match self {
            LedgerAt::Absent => Ok(Vec::new()),
            LedgerAt::Single(bytes) => ledger::parse_bytes(loc, bytes),
            LedgerAt::Segmented(files) => segments::parse_files(loc, files),
        }
    }
}

/// The ledger called `name` (every ledger when `None`).
pub fn ledgers(ws: &Workspace, name: Option<&str>) -> Result<Vec<StoreLocation>, LedgerError> {
    Ok(named_ledgers(ws, name)?.into_iter().map(|(_, loc)| loc).collect())
}

/// [`ledgers`] with each one's name (`evidence-metadata`, `aispm-events/acme`).
pub fn named_ledgers(ws: &Workspace, name: Option<&str>) -> Result<Vec<(String, StoreLocation)>, LedgerError> {
    // The registry's ledgers, then each AISPM tenant's (`aispm-events/acme`).
    let all: Vec<(String, StoreLocation)> = STORES
        .iter()
        .filter(|d| d.kind == StoreKind::Ledger)
        .map(|d| (d.name.to_string(), ws.locate(d)))
        .chain(
            crate::store::registry::tenant_locations(&ws.root)
                .into_iter()
                .filter(|(_, loc)| loc.def.kind == StoreKind::Ledger),
        )
        .collect();
    let known = all.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
    let chosen: Vec<(String, StoreLocation)> = all
        .into_iter()
        .filter(|(n, _)| name.is_none_or(|want| n == want))
        .collect();
    if chosen.is_empty() {
        return Err(LedgerError::UnknownLedger {
            name: name.unwrap_or_default().to_string(),
            known,
        });
    }
    Ok(chosen)
}

/// `cavra ledger migrate`: what happened to each ledger.
#[derive(Debug, Serialize)]
pub struct MigrateOutcome {
    pub ledgers: Vec<MigratedLedger>,
}

#[derive(Debug, Serialize)]
pub struct MigratedLedger {
    pub ledger: String,
    /// `migrated`, or `already segmented`.
    pub action: String,
    pub directory: String,
    pub entries: usize,
    pub segments: usize,
    /// The single file removed, when migrated.
    pub removed: Option<String>,
}

/// Moves single-file ledgers into segments.
pub fn migrate(ws: &Workspace, name: Option<&str>) -> Result<MigrateOutcome, LedgerError> {
    let mut out = Vec::new();
    for loc in ledgers(ws, name)? {
        let directory = display_dir(&loc);
        let done = segments::migrate(&loc)?;
        out.push(match done {
            Some(m) => MigratedLedger {
                ledger: loc.def.name.to_string(),
                action: "migrated".into(),
                directory,
                entries: m.entries,
                segments: m.segments,
                removed: Some(m.removed),
            },
            None => MigratedLedger {
                ledger: loc.def.name.to_string(),
                action: "already segmented".into(),
                directory,
                entries: ledger::read(&loc)?.len(),
                segments: segments::files(&loc)?.len(),
                removed: None,
            },
        });
    }
    Ok(MigrateOutcome { ledgers: out })
}

fn display_dir(loc: &StoreLocation) -> String {
    PathBuf::from(&loc.display).with_extension("").display().to_string()
}

/// Where this clone pins the last checkpoint it saw of ledger `name`:
/// `<git dir>/cavra/checkpoints/<name>`, or for a tenant's ledger
/// (`aispm-events/acme`) `<git dir>/cavra/checkpoints/tenants/acme/aispm-events`:
/// one pin per ledger instance (never committed).
pub fn pin_path(repo: &Repo, name: &str) -> PathBuf {
    let dir = repo.inner().commondir().join("cavra").join("checkpoints");
    match crate::store::registry::tenant_store(name) {
        Some((def, tenant)) => dir.join("tenants").join(tenant).join(def.name),
        None => dir.join(name),
    }
}

/// What [`check_pin`] needs of a ledger, gathered while it streams by:
/// its first `seq`, its head, and the hash of the entry the pin names.
#[derive(Debug, Default)]
pub struct PinView {
    /// The pin of this clone, read before the scan (`None`: none yet).
    pub pinned: Option<ledger::checkpoint::Checkpoint>,
    pub first_seq: Option<u64>,
    pub head: Option<(u64, String)>,
    pub at_pinned: Option<String>,
}

impl PinView {
    /// Reads the pin of ledger `name` (a segmented one; others have none).
    pub fn new(repo: &Repo, name: &str, loc: &StoreLocation) -> Result<PinView, LedgerError> {
        if segments::layout(loc) != segments::Layout::Segmented {
            return Ok(PinView::default());
        }
        let pin = pin_path(repo, name);
        let pinned = match crate::store::fsio::read_optional(&pin, &pin)? {
            Some(text) => Some(
                ledger::checkpoint::Checkpoint::parse(&text, &pin)
                    .map_err(|p| StoreError::Invalid { problems: vec![*p] })?,
            ),
            None => None,
        };
        Ok(PinView {
            pinned,
            ..PinView::default()
        })
    }

    /// Sees the next entry of the chain.
    pub fn see(&mut self, e: &Entry) {
        self.first_seq.get_or_insert(e.seq);
        if self.pinned.as_ref().is_some_and(|p| p.size == e.seq) {
            self.at_pinned = Some(e.hash.clone());
        }
        match &mut self.head {
            Some((seq, hash)) => {
                *seq = e.seq;
                hash.clone_from(&e.hash);
            }
            None => self.head = Some((e.seq, e.hash.clone())),
        }
    }
}

/// Trust on first use, as Go's checksum database clients do: the ledger
/// `name` must still hold the entry this clone last pinned, with the same
/// hash. A history rewrite that dropped or re-chained entries fails here on
/// every clone that had seen them. Compared whenever a pin exists; a pinned
/// entry that a prune has since removed is accepted only because the read
/// verified that the chain's prune entries cover every segment before the
/// first remaining one (and anchoring checks their seals against git).
/// `view` is what the caller's one verified read of the ledger saw
/// ([`PinView::see`]); a ledger that does not read is left to the other
/// checks. Returns the problems and the checkpoint to pin once the caller
/// has verified the ledger whole ([`write_pin`]), when it differs from the
/// pin.
pub fn check_pin(
    repo: &Repo,
    name: &str,
    loc: &StoreLocation,
    view: &PinView,
) -> (Vec<crate::error::Problem>, Option<ledger::checkpoint::Checkpoint>) {
    use ledger::checkpoint::{self, Checkpoint};
    if segments::layout(loc) != segments::Layout::Segmented {
        return (Vec::new(), None);
    }
    let (Some(first), Some((last_seq, last_hash))) = (view.first_seq, view.head.as_ref()) else {
        return (Vec::new(), None);
    };
    let current = Checkpoint::new(loc, *last_seq, last_hash);
    let Some(pinned) = &view.pinned else {
        return (Vec::new(), Some(current));
    };
    let pin = pin_path(repo, name);
    let commit = repo
        .commit("HEAD")
        .map(|c| c.id().to_string())
        .unwrap_or_else(|_| "(no commit yet)".into());
    let problem = if *last_seq < pinned.size {
        Some(format!(
            "ledger {name}: this clone pinned {} entries, the ledger at commit {commit} has {}: history was rewritten to drop entries",
            pinned.size, last_seq
        ))
    } else if pinned.size >= first && view.at_pinned.as_ref() != Some(&pinned.hash) {
        Some(format!(
            "ledger {name}: entry {} differs from the one this clone pinned (current size {}, commit {commit}): history was rewritten",
            pinned.size, last_seq
        ))
    } else {
        None
    };
    if let Some(message) = problem {
        let p = crate::error::Problem::new(&checkpoint::display(loc), message)
            .line(2)
            .integrity(crate::error::Integrity::ChainBroken)
            .hint(format!(
                "find the rewrite with `cavra ledger verify --all-history`; the pin is {}",
                pin.display()
            ));
        return (vec![p], None);
    }
    (
        Vec::new(),
        (pinned.size != *last_seq || pinned.hash != *last_hash).then_some(current),
    )
}

/// Pins `checkpoint` for ledger `name` (see [`check_pin`]).
pub fn write_pin(repo: &Repo, name: &str, checkpoint: &ledger::checkpoint::Checkpoint) -> Result<(), LedgerError> {
    let pin = pin_path(repo, name);
    if let Some(dir) = pin.parent() {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create", dir, e))?;
    }
    crate::store::fsio::atomic_write(&pin, checkpoint.text().as_bytes())?;
    Ok(())
}

/// `cavra ledger resolve`: what the whole-ledger merge did.
#[derive(Debug, Serialize)]
pub struct ResolveOutcome {
    pub ledgers: Vec<ResolvedLedger>,
}

#[derive(Debug, Serialize)]
pub struct ResolvedLedger {
    pub ledger: String,
    /// Entries kept from our side.
    pub ours: usize,
    /// Entries of theirs appended (those ours did not already hold).
    pub theirs_added: usize,
    pub segments: usize,
}

/// Why a merge cannot be resolved.
fn resolve_refused(loc: &StoreLocation, why: String) -> LedgerError {
    LedgerError::Store(StoreError::Ledger {
        problem: Box::new(
            crate::error::Problem::new(&loc.display, why)
                .hint("resolve the ledger's files by hand, or `git merge --abort`"),
        ),
    })
}

/// Finishes a `git merge` that stopped on a segmented ledger (git hands a
/// merge driver one file, so segments that a side rotated cannot be merged
/// one at a time): rebuilds the ledger from the three trees — our files as
/// HEAD has them, then their entries that ours does not hold (the driver's
/// replay), appended through the store so segments fill and are sealed in
/// order and the checkpoint is rewritten — and stages it. Refused when a
/// side dropped an entry the base held. Entries a side pruned are left out
/// of the replay; their prune entries are replayed like any entry and the
/// segments they cover removed from ours (a segment both sides pruned is
/// named alike by both, from the base); refused when theirs added entries
/// to segments ours pruned.
pub fn resolve(ws: &Workspace, name: Option<&str>) -> Result<ResolveOutcome, LedgerError> {
    let repo = Repo::discover(&ws.root)?;
    let theirs = repo.commit("MERGE_HEAD").map_err(|_| {
        LedgerError::Git(GitError::UnknownRevision {
            rev: "MERGE_HEAD (no merge in progress)".into(),
        })
    })?;
    let head = repo.commit("HEAD")?;
    let base = repo
        .inner()
        .merge_base(head.id(), theirs.id())
        .map_err(GitError::from)?
        .to_string();
    let (ours_id, theirs_id) = (head.id().to_string(), theirs.id().to_string());
    let mut out = Vec::new();
    for loc in ledgers(ws, name)? {
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let at = |rev: &str| -> Result<Vec<Entry>, LedgerError> {
            Ok(LedgerAt::read(&repo, &rel, Source::Rev(rev))?.entries(&loc)?)
        };
        let (b, o, t) = (at(&base)?, at(&ours_id)?, at(&theirs_id)?);
        // What each side pruned: the entries before its first.
        let cut = |es: &[Entry]| es.first().map_or(0, |e| e.seq - 1);
        let (co, ct) = (cut(&o), cut(&t));
        let held_by_base = |e: &Entry| {
            b.binary_search_by_key(&e.seq, |x| x.seq)
                .is_ok_and(|i| b[i].hash == e.hash)
        };
        if !t.iter().filter(|e| e.seq <= co).all(held_by_base) {
            return Err(resolve_refused(
                &loc,
                "their side added entries to segments our side pruned".into(),
            ));
        }
        let b: Vec<Entry> = b.into_iter().filter(|e| e.seq > co.max(ct)).collect();
        let t: Vec<Entry> = t.into_iter().filter(|e| e.seq > co).collect();
        let Some(records) = crate::git::merge::replay(&b, &o, &t) else {
            return Err(resolve_refused(&loc, "a side dropped an entry the base held".into()));
        };
        let extra = records[o.len()..].to_vec();
        let ours_files = match LedgerAt::read(&repo, &rel, Source::Rev(&ours_id))? {
            LedgerAt::Segmented(files) => files,
            // Neither side has it, or the other side added nothing to it.
            LedgerAt::Absent if extra.is_empty() => continue,
            _ => return Err(resolve_refused(&loc, "our side is not segmented".into())),
        };
        let dir = segments::dir(&loc);
        {
            let _lock = crate::store::fsio::lock(&loc.path, crate::store::fsio::lock_timeout())?;
            std::fs::remove_dir_all(&dir).map_err(|e| StoreError::io("remove", &dir, e))?;
            for (name, bytes) in &ours_files {
                let path = dir.join(name);
                std::fs::create_dir_all(crate::store::fsio::parent_dir(&path))
                    .map_err(|e| StoreError::io("create", &path, e))?;
                std::fs::write(&path, bytes).map_err(|e| StoreError::io("write", &path, e))?;
            }
        }
        if !extra.is_empty() {
            ledger::append(&loc, &extra)?;
            // Segments their prune entries cover go, as on their side.
            ledger::prune::remove_covered(&loc)?;
        }
        let rel_dir = rel.with_extension("");
        let mut index = repo.inner().index().map_err(GitError::from)?;
        let conflicted: Vec<PathBuf> = index
            .conflicts()
            .map_err(GitError::from)?
            .filter_map(Result::ok)
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .map(|e| PathBuf::from(String::from_utf8_lossy(&e.path).into_owned()))
            .filter(|p| p.starts_with(&rel_dir))
            .collect();
        for path in conflicted {
            index.conflict_remove(&path).map_err(GitError::from)?;
        }
        index.remove_dir(&rel_dir, 0).map_err(GitError::from)?;
        for (name, _) in LedgerAt::worktree(&loc).map(|l| match l {
            LedgerAt::Segmented(files) => files,
            _ => Vec::new(),
        })? {
            index.add_path(&rel_dir.join(&name)).map_err(GitError::from)?;
        }
        index.write().map_err(GitError::from)?;
        out.push(ResolvedLedger {
            ledger: loc.def.name.to_string(),
            ours: o.len(),
            theirs_added: extra.len(),
            segments: segments::names(&dir)?.0.len(),
        });
    }
    Ok(ResolveOutcome { ledgers: out })
}
