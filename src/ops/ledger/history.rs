//! Anchoring ledgers in git: what a commit holds must still be there, byte
//! for byte, in every later state (the working tree, the index, each later
//! commit). A chain alone cannot see its tail cut or re-chained; git's
//! history can.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{LedgerAt, LedgerError, ledgers};
use crate::git::tree::Source;
use crate::git::{GitError, Repo};
use crate::ops::workspace::Workspace;
use crate::store::ledger;
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

/// Anchoring in git: every line `committed` (the ledger at `commit`) holds
/// must still be in `current` byte for byte: a committed active segment is
/// a prefix of the current one, a sealed segment is unchanged, no committed
/// segment is gone unless `current`'s prune record covers it, and a
/// committed prune record is never taken back. A single-file ledger
/// committed before a migration must have its records, in order, at the
/// start of the segmented one. Problems name the file, the line and the
/// commit.
pub fn anchor(
    loc: &StoreLocation,
    committed: &LedgerAt,
    current: &LedgerAt,
    commit: &str,
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
            let pruned = current.pruned(loc);
            let covered = pruned.as_ref().map_or(0, |r| r.segments);
            if let Some(was) = committed.pruned(loc).filter(|r| r.segments > covered) {
                out.push(lost(
                    dir.join(ledger::prune::NAME),
                    None,
                    format!(
                        "covered {} pruned segments at {commit}, now {covered}: a prune record is never taken back",
                        was.segments
                    ),
                ));
            }
            let own = |n: &str| n == ledger::checkpoint::NAME || n == ledger::prune::NAME;
            for (name, bytes) in old.iter().filter(|(n, _)| !own(n)) {
                let file = dir.join(name);
                match new.iter().find(|(n, _)| n == name) {
                    None if pruned.as_ref().is_some_and(|r| r.covers(name)) => {}
                    None => out.push(lost(file, None, format!("was committed at {commit} and is gone"))),
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
    let mut locs = ledgers(ws, None)?;
    // The tenants registered at `rev` keep their ledgers, whatever the
    // directories and the current registry say (unless it records their
    // removal by command).
    let (required, mut out) = crate::ops::aispm::required::committed_tenant_ledgers(repo, &ws.root, &commit, staged)?;
    for loc in required {
        if !locs.iter().any(|l| l.path == loc.path) {
            locs.push(loc);
        }
    }
    for loc in locs {
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let committed = LedgerAt::read(repo, &rel, Source::Rev(&commit))?;
        let current = match staged {
            true => LedgerAt::read(repo, &rel, Source::Index)?,
            false => LedgerAt::worktree(&loc)?,
        };
        out.extend(anchor(&loc, &committed, &current, &commit));
    }
    Ok(out)
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
/// segments unchanged and none deleted. Follows HEAD's first-parent line, or
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
    for loc in ledgers(ws, name)? {
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let mut found = Vec::new();
        let mut compared = 0;
        for id in &commits {
            let commit = git.find_commit(*id).map_err(GitError::from)?;
            let Ok(parent) = commit.parent(0) else { continue };
            compared += 1;
            found.extend(verify_step(&repo, &loc, &rel, &parent, &commit)?);
        }
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
        return Ok(anchor(loc, &old, &new, &p).into_iter().map(label).collect());
    }
    let blob = |id: git2::Oid| -> Result<Vec<u8>, GitError> { Ok(repo.inner().find_blob(id)?.content().to_vec()) };
    let mut old = Vec::new();
    let mut new = Vec::new();
    // The prune records of both sides, always: they say which removed
    // segments were pruned.
    for (side, files) in [(&mut old, &before), (&mut new, &after)] {
        if let Some((name, id)) = files.iter().find(|(n, _)| n == ledger::prune::NAME) {
            side.push((name.clone(), blob(*id)?));
        }
    }
    let changed_before = old.len();
    for (name, id) in before
        .iter()
        .filter(|(n, _)| n != ledger::checkpoint::NAME && n != ledger::prune::NAME)
    {
        match after.iter().find(|(n, _)| n == name) {
            Some((_, now)) if now == id => {}
            Some((_, now)) => {
                old.push((name.clone(), blob(*id)?));
                new.push((name.clone(), blob(*now)?));
            }
            None => old.push((name.clone(), blob(*id)?)),
        }
    }
    if old.len() == changed_before && old.first().map(|(_, b)| b) == new.first().map(|(_, b)| b) {
        return Ok(Vec::new());
    }
    let found = anchor(
        loc,
        &LedgerAt::Segmented(old),
        &LedgerAt::Segmented(new),
        &parent.id().to_string(),
    );
    Ok(found.into_iter().map(label).collect())
}
