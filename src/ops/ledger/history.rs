//! Anchoring ledgers in git: what a commit holds must still be there, byte
//! for byte, in every later state (the working tree, the index, each later
//! commit). A chain alone cannot see its tail cut or re-chained; git's
//! history can.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{LedgerAt, LedgerError, named_ledgers};
use crate::clock::Timestamp;
use crate::git::tree::Source;
use crate::git::{GitError, Repo};
use crate::ops::hold::State;
use crate::ops::workspace::Workspace;
use crate::store::ledger;
use crate::store::ledger::prune::PruneEntry;
use crate::store::registry::StoreLocation;

/// Whether segment text ends with a seal line.
fn is_sealed(bytes: &[u8]) -> bool {
    let text = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let last = text.rsplit(|&b| b == b'\n').next().unwrap_or_default();
    serde_json::from_slice::<serde_json::Value>(last).is_ok_and(|v| v.get("seal").is_some())
}

/// The first line of `committed` that `current` no longer holds byte for
/// byte (1-based), when `current` must start with `committed`.
fn first_lost_line(committed: &[u8], current: &[u8]) -> Option<usize> {
    if current.starts_with(committed) {
        return None;
    }
    let mut cur = current.split_inclusive(|&b| b == b'\n');
    for (i, line) in committed.split_inclusive(|&b| b == b'\n').enumerate() {
        if cur.next() != Some(line) {
            return Some(i + 1);
        }
    }
    Some(1)
}

/// What anchoring checks the removal of committed segments against.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// The legal holds in force (any one refuses every removal).
    pub holds: Vec<crate::ops::hold::Hold>,
    /// How many days the ledger keeps its entries.
    pub retention_days: u32,
    /// Now: a prune entry dated later (by more than a day) is refused.
    pub now: Option<Timestamp>,
}

/// Anchoring in git: every line `committed` (the ledger at `commit`) holds
/// must still be in `current` byte for byte: a committed active segment is
/// a prefix of the current one, a sealed segment is unchanged, and no
/// committed segment is gone unless a `ledger-prune` entry of `current`'s
/// chain covers it naming the seal git committed, its entries are all older
/// than the prune's `before`, that `before` keeps the ledger's retention, and
/// no legal hold is in force (`guard`, asked only when a segment is gone). A
/// single-file ledger committed before a migration must have its records,
/// in order, at the start of the segmented one. Problems name the file, the
/// line and the commit.
pub fn anchor(
    loc: &StoreLocation,
    committed: &LedgerAt,
    current: &LedgerAt,
    commit: &str,
    guard: &mut dyn FnMut() -> Guard,
) -> Vec<crate::error::Problem> {
    use crate::error::{Integrity, Problem};
    let dir = PathBuf::from(&loc.display).with_extension("");
    let lost = |file: PathBuf, line: Option<usize>, message: String| {
        let mut p = Problem::new(&file, message)
            .integrity(Integrity::ChainBroken)
            .hint(format!(
                "a ledger is append-only: restore the committed lines with `git checkout {commit} -- {}`",
                file.display()
            ));
        if let Some(l) = line {
            p = p.line(l);
        }
        p
    };
    let mut out = Vec::new();
    match (committed, current) {
        (LedgerAt::Absent, _) => {}
        (LedgerAt::Single(old), LedgerAt::Single(new)) => {
            if let Some(line) = first_lost_line(old, new) {
                out.push(lost(
                    loc.display.clone(),
                    Some(line),
                    format!("line {line} committed at {commit} is no longer there byte for byte"),
                ));
            }
        }
        (LedgerAt::Segmented(old), LedgerAt::Segmented(new)) => {
            let segment = |n: &str| ledger::segments::is_segment_name(n);
            let missing = old
                .iter()
                .filter(|(n, _)| segment(n) && !new.iter().any(|(m, _)| m == n))
                .count();
            let (prunes, guard) = if missing > 0 {
                let prunes = ledger::prune::prune_entries(&current.entries(loc).unwrap_or_default());
                (prunes, guard())
            } else {
                (Vec::new(), Guard::default())
            };
            for hold in &guard.holds {
                out.push(lost(
                    dir.clone(),
                    None,
                    format!("{missing} segment(s) committed at {commit} were removed under a legal hold ({hold})"),
                ));
            }
            for (name, bytes) in old.iter().filter(|(n, _)| segment(n)) {
                let file = dir.join(name);
                match new.iter().find(|(n, _)| n == name) {
                    None => {
                        if let Some(why) = removal_problem(loc, name, bytes, &prunes, &guard, commit) {
                            out.push(lost(file, None, why));
                        }
                    }
                    Some((_, now)) if is_sealed(bytes) && now != bytes => {
                        let line = first_lost_line(bytes, now).unwrap_or(bytes.split(|&b| b == b'\n').count());
                        out.push(lost(
                            file,
                            Some(line),
                            format!("was sealed at {commit} and has changed (line {line})"),
                        ));
                    }
                    Some((_, now)) => {
                        if let Some(line) = first_lost_line(bytes, now) {
                            out.push(lost(
                                file,
                                Some(line),
                                format!("line {line} committed at {commit} is no longer there byte for byte"),
                            ));
                        }
                    }
                }
            }
        }
        (old, new) => {
            // A migration between the two (or a ledger removed): compare records.
            let records = |state: &LedgerAt| {
                state
                    .entries(loc)
                    .map(|es| es.into_iter().map(|e| e.record.into_value()).collect::<Vec<_>>())
            };
            if let (Ok(old_records), Ok(new_records)) = (records(old), records(new)) {
                let kept = old_records.iter().zip(&new_records).take_while(|(a, b)| a == b).count();
                if kept < old_records.len() {
                    out.push(lost(
                        loc.display.clone(),
                        None,
                        format!(
                            "entry {} committed at {commit} is no longer there ({} committed, {} now, {kept} in order)",
                            kept + 1,
                            old_records.len(),
                            new_records.len()
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// Why the committed segment `name` (`bytes`) may not be gone, if so.
fn removal_problem(
    loc: &StoreLocation,
    name: &str,
    bytes: &[u8],
    prunes: &[(u64, PruneEntry)],
    guard: &Guard,
    commit: &str,
) -> Option<String> {
    let gone = format!("was committed at {commit} and is gone");
    let Some((seq, p, s)) = ledger::prune::covering(prunes, name) else {
        return Some(format!("{gone}: no ledger-prune entry of the chain covers it"));
    };
    let seg = ledger::segments::segment_loc(loc, name);
    let lines = match ledger::parse_segment(&seg, bytes) {
        Ok(lines) => lines,
        Err(e) => return Some(format!("{gone}: its committed text does not verify ({e})")),
    };
    let Some(seal) = lines.seal.filter(|_| lines.sealed) else {
        return Some(format!(
            "{gone}: it was the active segment there, and the active segment is never pruned (ledger-prune entry seq {seq})"
        ));
    };
    if (seal.hash.as_str(), seal.count, seal.last_seq) != (s.seal_hash.as_str(), s.entries, s.last_seq) {
        return Some(format!(
            "{gone}: the ledger-prune entry at seq {seq} names seal {} ({} entries up to seq {}), git committed seal {} ({} up to seq {})",
            s.seal_hash, s.entries, s.last_seq, seal.hash, seal.count, seal.last_seq
        ));
    }
    let (Some(before), Some(created)) = (Timestamp::parse(&p.before), Timestamp::parse(&p.created_at)) else {
        return Some(format!(
            "{gone}: the ledger-prune entry at seq {seq} has no readable dates"
        ));
    };
    if let Some(e) = lines
        .entries
        .iter()
        .find(|e| ledger::prune::entry_time(loc, &e.record).is_none_or(|t| t >= before))
    {
        return Some(format!(
            "{gone}: it held seq {}, not older than the prune's before {} (ledger-prune entry seq {seq})",
            e.seq, p.before
        ));
    }
    let keep_from = created.plus_seconds(-i64::from(guard.retention_days) * 86_400);
    if before > keep_from {
        return Some(format!(
            "{gone}: the prune (seq {seq}, run {}) removed entries up to {}, but the ledger keeps {} days: only entries before {} may go",
            p.created_at,
            p.before,
            guard.retention_days,
            keep_from.rfc3339()
        ));
    }
    if let Some(now) = guard.now
        && created > now.plus_seconds(86_400)
    {
        return Some(format!(
            "{gone}: the ledger-prune entry at seq {seq} is dated {}, after now ({})",
            p.created_at,
            now.rfc3339()
        ));
    }
    None
}

/// The part of [`anchor`] about committed segments that `current` no
/// longer holds (gone without a prune entry that may cover them, or under a
/// hold), for a restore: a restored ledger may be older than HEAD's, never
/// missing what HEAD committed without a prune that vouches for it.
pub fn removals(
    loc: &StoreLocation,
    committed: &LedgerAt,
    current: &LedgerAt,
    commit: &str,
    guard: &mut dyn FnMut() -> Guard,
) -> Vec<crate::error::Problem> {
    let (LedgerAt::Segmented(old), LedgerAt::Segmented(new)) = (committed, current) else {
        return Vec::new();
    };
    let dir = PathBuf::from(&loc.display).with_extension("");
    let gone: Vec<PathBuf> = old
        .iter()
        .filter(|(n, _)| ledger::segments::is_segment_name(n) && !new.iter().any(|(m, _)| m == n))
        .map(|(n, _)| dir.join(n))
        .collect();
    if gone.is_empty() {
        return Vec::new();
    }
    anchor(loc, committed, current, commit, guard)
        .into_iter()
        .filter(|p| p.file == dir.display().to_string() || gone.iter().any(|g| p.file == g.display().to_string()))
        .collect()
}

/// [`anchor`] of every ledger of `ws`: `current` is the working tree, or the
/// index when `staged`; the committed state is `rev`'s.
pub fn anchor_all(
    ws: &Workspace,
    repo: &Repo,
    rev: &str,
    staged: bool,
) -> Result<Vec<crate::error::Problem>, LedgerError> {
    let commit = match repo.commit(rev) {
        Ok(c) => c.id().to_string(),
        // No commit yet (a new repository): nothing is committed to anchor.
        Err(_) if rev == "HEAD" => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let head = repo.commit("HEAD").ok().map(|c| c.id().to_string());
    let now = crate::clock::now().ok();
    let mut ledgers = named_ledgers(ws, None)?;
    // The tenants registered at `rev` keep their ledgers, whatever the
    // directories and the current registry say (unless it records their
    // removal by command).
    let (required, mut out) = crate::ops::aispm::required::committed_tenant_ledgers(repo, &ws.root, &commit, staged)?;
    for (name, loc) in required {
        if !ledgers.iter().any(|(_, l)| l.path == loc.path) {
            ledgers.push((name, loc));
        }
    }
    for (name, loc) in ledgers {
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let (committed, current) = LedgerAt::changed(repo, &loc, &rel, &commit, staged)?;
        // Holds count in the working tree (and the index, for the hook),
        // at the committed revision and at HEAD.
        let mut states = vec![State::WorkTree, State::Rev(&commit)];
        states.extend(staged.then_some(State::Index));
        states.extend(head.as_deref().filter(|h| *h != commit).map(State::Rev));
        let mut guard = || guard_for(ws, Some(repo), &name, &states, now);
        out.extend(anchor(&loc, &committed, &current, &commit, &mut guard));
    }
    Ok(out)
}

/// The [`Guard`] of ledger `name` with holds judged in `states`; a hold
/// that cannot be read holds (it is named as such).
pub fn guard_for(
    ws: &Workspace,
    repo: Option<&Repo>,
    name: &str,
    states: &[State<'_>],
    now: Option<Timestamp>,
) -> Guard {
    let tenant = crate::store::registry::tenant_store(name).map(|(_, t)| t);
    let holds = crate::ops::hold::holds_in(ws, repo, tenant, states).unwrap_or_else(|e| {
        vec![crate::ops::hold::Hold {
            state: "workspace".into(),
            source: "a legal hold".into(),
            reason: format!("could not be read: {}", crate::error::error_chain(&e)),
        }]
    });
    Guard {
        holds,
        retention_days: crate::ops::retention::ledger_retention_days(ws, name),
        now,
    }
}

/// `cavra ledger verify`: what the walk found.
#[derive(Debug, Serialize)]
pub struct VerifyOutcome {
    pub ok: bool,
    pub ledgers: Vec<VerifiedLedger>,
    pub problems: Vec<crate::error::Problem>,
}

#[derive(Debug, Serialize)]
pub struct VerifiedLedger {
    pub ledger: String,
    /// Commits compared with their first parent.
    pub commits: usize,
    pub problems: usize,
}

/// Walks each ledger's git history from HEAD: every commit's ledger must
/// extend its first parent's (the commit before it) byte for byte, sealed
/// segments unchanged and none deleted; a tenant's event entries at HEAD
/// must verify with the keys HEAD's tenant registry holds. Follows HEAD's first-parent line, or
/// every commit reachable from HEAD with `all_history`. Only segments whose
/// blob changed between two commits are read.
pub fn verify(ws: &Workspace, name: Option<&str>, all_history: bool) -> Result<VerifyOutcome, LedgerError> {
    let repo = Repo::discover(&ws.root)?;
    let git = repo.inner();
    let mut walk = git.revwalk().map_err(GitError::from)?;
    walk.push_head().map_err(GitError::from)?;
    if !all_history {
        walk.simplify_first_parent().map_err(GitError::from)?;
    }
    let commits: Vec<git2::Oid> = walk.collect::<Result<_, _>>().map_err(GitError::from)?;
    let mut verified = Vec::new();
    let mut problems = Vec::new();
    let now = crate::clock::now().ok();
    let head = commits.first().map(ToString::to_string);
    for (ledger_name, loc) in named_ledgers(ws, name)? {
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let mut found = Vec::new();
        let mut compared = 0;
        for id in &commits {
            let commit = git.find_commit(*id).map_err(GitError::from)?;
            let Ok(parent) = commit.parent(0) else { continue };
            compared += 1;
            let (p, c) = (parent.id().to_string(), commit.id().to_string());
            let mut guard = || guard_for(ws, Some(&repo), &ledger_name, &[State::Rev(&p), State::Rev(&c)], now);
            found.extend(verify_step(&repo, &loc, &rel, &parent, &commit, &mut guard)?);
        }
        found.extend(proof_at_head(&repo, ws, &ledger_name, &loc, &rel, head.as_deref())?);
        verified.push(VerifiedLedger {
            ledger: loc.def.name.to_string(),
            commits: compared,
            problems: found.len(),
        });
        problems.extend(found);
    }
    Ok(VerifyOutcome {
        ok: problems.is_empty(),
        ledgers: verified,
        problems,
    })
}

/// When `name` is a tenant's event ledger: every entry HEAD committed,
/// re-verified against the keys of the tenant registry HEAD committed (an
/// entry carries its own proof; its chain alone proves nothing of who
/// signed it). Nothing for any other ledger, or without a commit.
fn proof_at_head(
    repo: &Repo,
    ws: &Workspace,
    name: &str,
    loc: &StoreLocation,
    rel: &Path,
    head: Option<&str>,
) -> Result<Vec<crate::error::Problem>, LedgerError> {
    let (Some(head), Some((def, tenant))) = (head, crate::store::registry::tenant_store(name)) else {
        return Ok(Vec::new());
    };
    if def.name != crate::store::registry::AISPM_EVENTS.name {
        return Ok(Vec::new());
    }
    let entries = match LedgerAt::read(repo, rel, Source::Rev(head))?.entries(loc) {
        Ok(entries) => entries,
        // A ledger that does not read is the history walk's to report.
        Err(_) => return Ok(Vec::new()),
    };
    let tenants = crate::ops::aispm::required::registered(repo, &ws.root, Source::Rev(head))?;
    let file = rel.with_extension("");
    Ok(
        crate::ops::aispm::proof::verify_entries(&tenants, tenant, &file, &entries)
            .into_iter()
            .map(|mut p| {
                p.message = format!("commit {head}: {}", p.message);
                p
            })
            .collect(),
    )
}

/// The blobs of a ledger directory in a commit: name (relative) → blob id.
fn ledger_blobs(repo: &Repo, commit: &git2::Commit<'_>, dir: &Path) -> Result<Vec<(String, git2::Oid)>, GitError> {
    let mut out = Vec::new();
    let tree = commit.tree()?;
    let sub = match tree.get_path(dir) {
        Ok(e) if e.kind() == Some(git2::ObjectType::Tree) => repo.inner().find_tree(e.id())?,
        _ => return Ok(out),
    };
    sub.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            out.push((format!("{root}{}", entry.name().unwrap_or_default()), entry.id()));
        }
        git2::TreeWalkResult::Ok
    })?;
    Ok(out)
}

fn verify_step(
    repo: &Repo,
    loc: &StoreLocation,
    rel: &Path,
    parent: &git2::Commit<'_>,
    commit: &git2::Commit<'_>,
    guard: &mut dyn FnMut() -> Guard,
) -> Result<Vec<crate::error::Problem>, LedgerError> {
    let dir = rel.with_extension("");
    let (before, after) = (ledger_blobs(repo, parent, &dir)?, ledger_blobs(repo, commit, &dir)?);
    let label = |p: crate::error::Problem| {
        let mut p = p;
        p.message = format!("commit {}: {}", commit.id(), p.message);
        p
    };
    if before.is_empty() {
        // Not segmented in the parent: compare whole states (a migration,
        // or a single-file ledger).
        let (p, c) = (parent.id().to_string(), commit.id().to_string());
        let old = LedgerAt::read(repo, rel, Source::Rev(&p))?;
        if old == LedgerAt::Absent {
            return Ok(Vec::new());
        }
        let new = LedgerAt::read(repo, rel, Source::Rev(&c))?;
        return Ok(anchor(loc, &old, &new, &p, guard).into_iter().map(label).collect());
    }
    let blob = |id: git2::Oid| -> Result<Vec<u8>, GitError> { Ok(repo.inner().find_blob(id)?.content().to_vec()) };
    let mut old = Vec::new();
    let mut new = Vec::new();
    let mut removed = false;
    for (name, id) in before.iter().filter(|(n, _)| ledger::segments::is_segment_name(n)) {
        match after.iter().find(|(n, _)| n == name) {
            Some((_, now)) if now == id => {}
            Some((_, now)) => {
                old.push((name.clone(), blob(*id)?));
                new.push((name.clone(), blob(*now)?));
            }
            None => {
                old.push((name.clone(), blob(*id)?));
                removed = true;
            }
        }
    }
    if old.is_empty() {
        return Ok(Vec::new());
    }
    // A removal is judged against the prune entries of the whole chain.
    let new = match removed {
        true => LedgerAt::read(repo, rel, Source::Rev(&commit.id().to_string()))?,
        false => LedgerAt::Segmented(new),
    };
    let found = anchor(loc, &LedgerAt::Segmented(old), &new, &parent.id().to_string(), guard);
    Ok(found.into_iter().map(label).collect())
}
