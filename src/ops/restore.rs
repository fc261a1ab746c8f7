//! `cavra ops restore`: put stores back from a backup manifest or a git
//! revision.
//!
//! Backups are committed, so a pull request can carry a manifest: restore
//! treats it as untrusted input. A copy is written only to its store's own
//! registry location (or `--target-dir/<its path in the repository>`), never
//! to a path the manifest chooses: `source_path` must be that location, and
//! `file` one the store's kind allows ([`crate::store::registry::store_file`]).
//! A store kept outside the repository restores into `--target-dir` under
//! its name, or to its live path only with `--to-live-path`.
//!
//! An AISPM tenant's stores are named `<family>/<tenant>`
//! (`aispm-events/acme`): the family must be one of the registry's
//! per-tenant families and the tenant a tenant id, and the store's place is
//! the one the registry gives that tenant
//! ([`crate::store::registry::tenant_location`]), never a path built from
//! the manifest. A tenant's dedupe index and posture projection are derived
//! from its event ledger: a restore that replaced the live ledger rebuilds
//! both.
//!
//! A store is restored as a unit: every copy the source holds of it. A
//! segmented ledger's segments and checkpoint (its prune entries are in its chain) are checked
//! together as one ledger ([`super::stores::verify_files`]: the chain across
//! segments, seals, the checkpoint against the head) and replace the live
//! ledger as a whole, directory and all ([`ledger`]): segments the live one
//! has beyond the backup, or a ledger kept in the other layout, go too.
//!
//! All or nothing: the manifest's checksum, every copy's size and sha256,
//! every store's content (it must open as a valid store of its kind,
//! [`super::stores::verify_copy`]) and every target (no symlink on the way,
//! `--overwrite` for files that differ or would be removed) are checked
//! under the stores' locks before anything is written. Then every file is
//! staged (written and fsynced beside its target, a ledger's directory
//! beside its own), a journal of the steps is written, and the steps run. A
//! restore killed between steps is finished by the next cavra command
//! ([`recover`]), which says so. `--dry-run` never fails
//! because files differ: it reports which would need `--overwrite`. Nothing
//! restores by itself: this is for an operator.

pub use journal::{journal_path, recover};

mod journal;
mod ledger;
mod source;

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use source::{Source, from_manifest, from_rev, safe_relative};

use super::workspace::Workspace;
use crate::error::{Problem, StoreError};
use crate::git::GitError;
use crate::store::ledger::segments;
use crate::store::registry::{
    AISPM_EVENTS, StoreDef, StoreKind, StoreLocation, TENANT_FAMILIES, locate_named, store_file,
};
use crate::store::{fsio, sha256_tagged};

/// What a restore can fail with. Nothing was written when it fails, except
/// for [`RestoreError::ReadBack`] (the disk did not keep what was written).
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("give a MANIFEST or --from-rev REV (one of them)")]
    Usage,
    #[error("{}: {reason}", path.display())]
    Manifest { path: PathBuf, reason: String },
    #[error("nothing restored: {} problem(s)", problems.len())]
    Refused { problems: Vec<Problem> },
    #[error("nothing restored: {} file(s) exist and differ from the backup", problems.len())]
    Conflicts { problems: Vec<Problem> },
    #[error("restored files do not read back as written")]
    ReadBack,
    #[error("restore journal {}: {reason}", path.display())]
    Journal { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Git(#[from] GitError),
}

impl crate::error::Diagnostic for RestoreError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            RestoreError::Usage => ExitCode::Usage,
            RestoreError::Conflicts { .. } => ExitCode::Conflict,
            RestoreError::Manifest { .. }
            | RestoreError::Refused { .. }
            | RestoreError::ReadBack
            | RestoreError::Journal { .. } => ExitCode::Data,
            RestoreError::Store(e) => e.exit_code(),
            RestoreError::Git(e) => e.exit_code(),
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            RestoreError::Refused { problems } | RestoreError::Conflicts { problems } => {
                crate::error::problem_causes(problems, 0, usize::MAX)
            }
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            RestoreError::Refused { problems } | RestoreError::Conflicts { problems } => {
                return crate::error::problem_hints(problems);
            }
            RestoreError::Manifest { .. } => "the manifest was edited or damaged; restore from another backup",
            RestoreError::ReadBack => "check the disk; the backup itself verified",
            RestoreError::Journal { .. } => {
                "the journal (git-ignored) was not written by cavra for this workspace: inspect it, then delete it"
            }
            RestoreError::Usage | RestoreError::Store(_) | RestoreError::Git(_) => return Vec::new(),
        };
        vec![hint.to_string()]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            RestoreError::Store(e) => Some(e),
            RestoreError::Git(e) => Some(e),
            _ => None,
        }
    }
}

/// Where to restore from, and how.
#[derive(Debug, Clone, Default)]
pub struct RestoreOptions {
    pub manifest: Option<PathBuf>,
    pub from_rev: Option<String>,
    pub target_dir: Option<PathBuf>,
    pub overwrite: bool,
    pub dry_run: bool,
    pub verify: bool,
    /// Restore stores kept outside the repository to their live paths.
    pub to_live_path: bool,
}

/// `cavra.persistent_api.restore.v1`.
#[derive(Debug, Serialize)]
pub struct RestoreOutcome {
    pub schema: &'static str,
    pub source: String,
    pub target_dir: String,
    pub dry_run: bool,
    pub files: Vec<RestoredFile>,
    /// Files that differ, or would be removed, and would need `--overwrite`
    /// (dry runs).
    pub needs_overwrite: Vec<String>,
    /// A restore an earlier command left half done, finished first.
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RestoredFile {
    pub store: String,
    pub target: String,
    /// `create`, `replace`, `unchanged`, or `remove` (a ledger's file the
    /// restored ledger does not have; size and sha256 are what was removed).
    pub action: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub verified: Option<bool>,
}

/// Where one copy goes: its store's place under the restore's base and the
/// file within it.
struct Target {
    /// The store's name (`integrations`, `aispm-events/acme`).
    name: String,
    def: &'static StoreDef,
    /// Where the store lives (its file; the path a ledger's directory is
    /// named from); its lock is taken here.
    store_path: PathBuf,
    /// The file this copy replaces.
    file: PathBuf,
    configured_by: String,
}

/// One store to restore: every copy of it the source holds, checked,
/// planned and written as one.
struct Unit {
    name: String,
    def: &'static StoreDef,
    store_path: PathBuf,
    configured_by: String,
    /// Each copy and the file it replaces.
    copies: Vec<(Source, PathBuf)>,
}

impl Unit {
    /// A segmented ledger: its directory is replaced as a whole.
    fn segmented(&self) -> bool {
        self.def.kind == StoreKind::Ledger && self.copies.iter().all(|(_, t)| *t != self.store_path)
    }

    /// The store's location, named relative to `base`.
    fn loc(&self, base: &Path) -> StoreLocation {
        StoreLocation {
            display: PathBuf::from(shown(base, &self.store_path)),
            ..StoreLocation::at(self.def, self.store_path.clone(), &self.configured_by)
        }
    }
}

struct Planned {
    store: String,
    target: PathBuf,
    display: String,
    size_bytes: u64,
    sha256: String,
    /// `create`, `replace`, `unchanged` or `remove`.
    action: &'static str,
}

/// Restores per `opts` into `ws` (or `--target-dir`).
pub fn restore(ws: &Workspace, opts: &RestoreOptions) -> Result<RestoreOutcome, RestoreError> {
    let base = opts.target_dir.clone().unwrap_or_else(|| ws.root.clone());
    let (source, items) = match (&opts.manifest, &opts.from_rev) {
        (Some(manifest), None) => (manifest.display().to_string(), from_manifest(manifest)?),
        (None, Some(rev)) => (format!("git revision {rev}"), from_rev(ws, rev)?),
        _ => return Err(RestoreError::Usage),
    };
    let mut warnings = Vec::new();
    if !opts.dry_run
        && let Some(done) = recover(ws, &base)?
    {
        warnings.push(done);
    }
    let units = units(ws, opts, &base, Path::new(&source), items)?;
    // Plan, check and write under every store's lock, taken in one order.
    let mut locks = Vec::new();
    if !opts.dry_run {
        let mut paths: Vec<&PathBuf> = units.iter().map(|u| &u.store_path).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            locks.push(fsio::lock(path, fsio::lock_timeout())?);
        }
    }
    let mut problems = Vec::new();
    let mut conflicts = Vec::new();
    let mut plans = Vec::new();
    for unit in units {
        let plan = plan(&unit, &base, &mut problems);
        for p in plan.iter().filter(|p| matches!(p.action, "replace" | "remove")) {
            if !(opts.overwrite || opts.dry_run) {
                let message = if p.action == "remove" {
                    "is not in the backup: the restored ledger replaces the ledger as a whole, so it would be removed"
                } else {
                    "exists and differs from the backup"
                };
                conflicts.push(
                    Problem::new(&p.target, message)
                        .record(p.store.clone())
                        .hint("re-run with --dry-run to see the plan, then with --overwrite to replace existing files"),
                );
            }
        }
        plans.push((unit, plan));
    }
    if !problems.is_empty() {
        return Err(RestoreError::Refused { problems });
    }
    if !conflicts.is_empty() {
        return Err(RestoreError::Conflicts { problems: conflicts });
    }
    let needs_overwrite = if opts.overwrite {
        Vec::new()
    } else {
        plans
            .iter()
            .flat_map(|(_, plan)| plan)
            .filter(|p| matches!(p.action, "replace" | "remove"))
            .map(|p| p.display.clone())
            .collect()
    };
    if !opts.dry_run {
        journal::apply(&base, stage(&plans)?)?;
    }
    drop(locks);
    if !opts.dry_run {
        let changed = plans
            .iter()
            .filter(|(_, plan)| plan.iter().any(|p| p.action != "unchanged"))
            .map(|(unit, _)| (unit.name.as_str(), unit.store_path.as_path()));
        warnings.extend(refresh_tenants(ws, changed));
    }
    let mut files = Vec::new();
    for p in plans.into_iter().flat_map(|(_, plan)| plan) {
        let verified = (opts.verify && !opts.dry_run).then(|| match p.action {
            "remove" => !ledger::present(&p.target),
            _ => std::fs::read(&p.target)
                .map(|b| sha256_tagged(&b) == p.sha256)
                .unwrap_or(false),
        });
        files.push(RestoredFile {
            store: p.store,
            target: p.display,
            action: p.action.into(),
            size_bytes: p.size_bytes,
            sha256: p.sha256,
            verified,
        });
    }
    if files.iter().any(|f| f.verified == Some(false)) {
        return Err(RestoreError::ReadBack);
    }
    Ok(RestoreOutcome {
        schema: "cavra.persistent_api.restore.v1",
        source,
        target_dir: base.display().to_string(),
        dry_run: opts.dry_run,
        files,
        needs_overwrite,
        warnings,
    })
}

/// Groups the copies by store, each at its one allowed place, and checks
/// every store as a whole (a segmented ledger's chain across its segments,
/// seals and checkpoint) before anything is locked or written.
fn units(
    ws: &Workspace,
    opts: &RestoreOptions,
    base: &Path,
    origin: &Path,
    items: Vec<Source>,
) -> Result<Vec<Unit>, RestoreError> {
    let mut problems = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    for item in items {
        let t = match target_of(ws, opts, origin, &item) {
            Ok(t) => t,
            Err(p) => {
                // Said once per store, not once per file of it.
                if !problems.contains(&*p) {
                    problems.push(*p);
                }
                continue;
            }
        };
        let i = match units.iter().position(|u| u.name == t.name) {
            Some(i) => i,
            None => {
                units.push(Unit {
                    name: t.name,
                    def: t.def,
                    store_path: t.store_path,
                    configured_by: t.configured_by,
                    copies: Vec::new(),
                });
                units.len() - 1
            }
        };
        if units[i].copies.iter().any(|(c, _)| c.file == item.file) {
            problems.push(
                Problem::new(origin, format!("store {} is listed twice", item.store))
                    .record(item.store.clone())
                    .field("file"),
            );
            continue;
        }
        units[i].copies.push((item, t.file));
    }
    for unit in &units {
        let loc = unit.loc(base);
        let found = match &unit.copies[..] {
            [(copy, _)] if !unit.segmented() => super::stores::verify_copy(&loc, &copy.bytes),
            copies => {
                let files: Vec<(String, Vec<u8>)> =
                    copies.iter().map(|(c, _)| (c.file.clone(), c.bytes.clone())).collect();
                let mut found = super::stores::verify_files(&loc, &files);
                if found.is_empty() {
                    // The ledger as restored, read by both checks.
                    let restored = super::ledger::LedgerAt::Segmented(files);
                    found.extend(unproven_events(ws, &unit.name, &loc, &restored));
                    found.extend(unvouched_removals(ws, &unit.name, &loc, &restored));
                }
                found
            }
        };
        problems.extend(found);
    }
    if !problems.is_empty() {
        return Err(RestoreError::Refused { problems });
    }
    Ok(units)
}

/// Restoring a tenant's event ledger: every entry of the backup must
/// verify with the keys of the workspace's own tenant registry (HEAD's, or
/// the working tree's outside git), never the backup's. A workspace with
/// no registry at all has nothing to verify against: the registry restored
/// beside the ledger is then `validate`'s to judge.
fn unproven_events(
    ws: &Workspace,
    name: &str,
    loc: &StoreLocation,
    restored: &super::ledger::LedgerAt,
) -> Vec<Problem> {
    let Some((def, tenant)) = crate::store::registry::tenant_store(name) else {
        return Vec::new();
    };
    if def.name != crate::store::registry::AISPM_EVENTS.name {
        return Vec::new();
    }
    let committed = crate::git::Repo::discover(&ws.root).ok().and_then(|repo| {
        repo.commit("HEAD").ok()?;
        crate::ops::aispm::required::registered(&repo, &ws.root, crate::git::tree::Source::Rev("HEAD")).ok()
    });
    let tenants = match committed {
        Some(t) if !t.is_empty() => t,
        _ => crate::ops::aispm::load_tenants(&ws.root).unwrap_or_default(),
    };
    if tenants.is_empty() {
        return Vec::new();
    }
    let Ok(entries) = restored.entries(loc) else {
        return Vec::new();
    };
    crate::ops::aispm::proof::verify_entries(&tenants, tenant, &loc.display, &entries)
}

/// Restoring a segmented ledger into the repository: every segment HEAD
/// committed that the backup lacks must be covered by a prune entry of the
/// backup's chain that names the seal HEAD committed, under no hold and
/// within retention (as `validate` will check once it is in place).
fn unvouched_removals(
    ws: &Workspace,
    name: &str,
    loc: &StoreLocation,
    restored: &super::ledger::LedgerAt,
) -> Vec<Problem> {
    use super::ledger::LedgerAt;
    let Ok(repo) = crate::git::Repo::discover(&ws.root) else {
        return Vec::new();
    };
    let (Some(rel), Ok(head)) = (repo.relative(&loc.path), repo.commit("HEAD")) else {
        return Vec::new();
    };
    let head = head.id().to_string();
    let Ok(committed) = LedgerAt::read(&repo, &rel, crate::git::tree::Source::Rev(&head)) else {
        return Vec::new();
    };
    let states = [super::hold::State::WorkTree, super::hold::State::Rev(&head)];
    let now = crate::clock::now().ok();
    let mut guard = || super::ledger::guard_for(ws, Some(&repo), name, &states, now);
    super::ledger::removals(loc, &committed, restored, &head, &mut guard)
}

/// What restoring `unit` does to each file: its copies (`create`,
/// `replace`, `unchanged`) and, for a ledger, the files of the other
/// layout or not in the backup (`remove`). Problems (a symlink, a
/// non-file on the way) go to `problems`.
fn plan(unit: &Unit, base: &Path, problems: &mut Vec<Problem>) -> Vec<Planned> {
    let store = unit.name.clone();
    let mut out = Vec::new();
    for (copy, target) in &unit.copies {
        let action = match action(copy, target) {
            Ok(Some(a)) => a,
            Ok(None) => "replace",
            Err(p) => {
                problems.push((*p).record(store.clone()));
                continue;
            }
        };
        out.push(Planned {
            store: store.clone(),
            target: target.clone(),
            display: shown(base, target),
            size_bytes: copy.bytes.len() as u64,
            sha256: copy.sha256.clone(),
            action,
        });
    }
    if unit.def.kind != StoreKind::Ledger {
        return out;
    }
    // The restored ledger replaces the ledger as a whole: whatever the live
    // one has beyond the copies goes.
    let dir = segments::dir_of(&unit.store_path);
    // A ledger path without an extension is its own directory: there is no
    // other layout beside it.
    let other_layout = dir != unit.store_path;
    let mut gone = Vec::new();
    if unit.segmented() && other_layout && ledger::present(&unit.store_path) {
        gone.push(unit.store_path.clone());
    }
    if !unit.segmented() && !other_layout {
        return out;
    }
    match ledger::live_files(&dir) {
        Ok(live) => gone.extend(live.into_iter().filter(|f| !unit.copies.iter().any(|(_, t)| t == f))),
        Err(e) => problems.push(Problem::new(&dir, e.to_string()).record(store.clone())),
    }
    for target in gone {
        if let Err(e) = fsio::check_path(&target) {
            problems.push(Problem::new(&target, e.to_string()).record(store.clone()));
            continue;
        }
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_file() => {
                let bytes = std::fs::read(&target).unwrap_or_default();
                out.push(Planned {
                    store: store.clone(),
                    display: shown(base, &target),
                    size_bytes: meta.len(),
                    sha256: sha256_tagged(&bytes),
                    target,
                    action: "remove",
                });
            }
            _ => problems
                .push(Problem::new(&target, "is not a regular file; refusing to replace it").record(store.clone())),
        }
    }
    out
}

/// Stages every change of `plans`, each complete and fsynced, in the
/// order the journal runs them: file renames, ledger directories, then
/// single-file ledgers that restored segments replace.
fn stage(plans: &[(Unit, Vec<Planned>)]) -> Result<Vec<journal::Pending>, RestoreError> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    let mut removes = Vec::new();
    for (unit, plan) in plans {
        let store = unit.name.clone();
        let dir = segments::dir_of(&unit.store_path);
        // A single-file ledger restored beside a segment directory (even an
        // empty one) would not be read: the directory goes too.
        let dir_goes =
            unit.def.kind == StoreKind::Ledger && !unit.segmented() && dir != unit.store_path && ledger::present(&dir);
        if plan.iter().all(|p| p.action == "unchanged") && !dir_goes {
            continue;
        }
        if unit.segmented() {
            let copies: Vec<(&str, &[u8])> = unit
                .copies
                .iter()
                .map(|(c, _)| (c.file.as_str(), c.bytes.as_slice()))
                .collect();
            dirs.push(journal::Pending::Dir(
                store.clone(),
                dir.clone(),
                Some(ledger::stage(&dir, &copies)?),
            ));
            if std::fs::symlink_metadata(&unit.store_path).is_ok_and(|m| m.is_file()) {
                let own = unit.store_path.file_name().unwrap_or_default().to_string_lossy();
                removes.push(journal::Pending::Remove(
                    store,
                    own.into_owned(),
                    unit.store_path.clone(),
                ));
            }
            continue;
        }
        for p in plan.iter().filter(|p| matches!(p.action, "create" | "replace")) {
            let (copy, _) = unit
                .copies
                .iter()
                .find(|(_, t)| *t == p.target)
                .expect("planned from a copy");
            files.push(journal::Pending::File(
                store.clone(),
                copy.file.clone(),
                fsio::stage(&p.target, &copy.bytes)?,
            ));
        }
        if dir_goes {
            dirs.push(journal::Pending::Dir(store, dir, None));
        }
    }
    Ok(files.into_iter().chain(dirs).chain(removes).collect())
}

/// Rebuilds the derived state (dedupe index, posture projection) of each
/// tenant whose live event ledger was just restored (`(store name, store
/// path)` of every store that changed): both describe the ledger that was
/// replaced. A store restored elsewhere (`--target-dir`) leaves the live
/// tenant alone. Returns a warning for each tenant that could not be
/// rebuilt (the restore itself is done; the next ingestion or `cavra aispm
/// replay --rebuild` rebuilds it).
fn refresh_tenants<'a>(ws: &Workspace, restored: impl Iterator<Item = (&'a str, &'a Path)>) -> Vec<String> {
    let mut warnings = Vec::new();
    for (name, store_path) in restored {
        let Some((def, tenant)) = crate::store::registry::tenant_store(name) else {
            continue;
        };
        let live = crate::store::registry::tenant_location(def, &ws.root, tenant);
        if def.name != AISPM_EVENTS.name || live.path != store_path {
            continue;
        }
        if let Err(e) = crate::ops::aispm::refresh(&ws.root, tenant) {
            warnings.push(format!(
                "restored {name}, but its posture projection and dedupe index were not rebuilt: {}; run `cavra aispm replay --tenant {tenant} --rebuild`",
                crate::error::error_chain(&e)
            ));
        }
    }
    warnings
}

/// How messages name `path`: relative to `base` when under it.
fn shown(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The one place a copy may go: its store's own location in this
/// environment, under `base` when restoring elsewhere. Anything else is a
/// problem naming the store and the path the entry tried; `origin` (the
/// manifest) is the file the problem is in.
fn target_of(ws: &Workspace, opts: &RestoreOptions, origin: &Path, item: &Source) -> Result<Target, Box<Problem>> {
    let refuse = |field: &str, message: String| {
        Box::new(
            Problem::new(origin, message)
                .record(item.store.clone())
                .field(field.to_string()),
        )
    };
    // A registry row, or one tenant's instance of a family: the name alone
    // decides the place (a tenant id never holds `/` or `..`).
    let Some(loc) = locate_named(&item.store, &ws.root) else {
        let why = if item.store.contains('/') {
            format!(
                "unknown store {:?}: a tenant's store is named FAMILY/TENANT, FAMILY one of {} and TENANT a tenant id (lowercase letters, digits and -)",
                item.store,
                TENANT_FAMILIES.iter().map(|d| d.name).collect::<Vec<_>>().join(", ")
            )
        } else {
            format!("unknown store {:?}", item.store)
        };
        return Err(refuse("name", why));
    };
    let def = loc.def;
    let name = item.store.as_str();
    if def.kind.as_str() != item.kind {
        return Err(refuse(
            "kind",
            format!(
                "store {name} is a {} copy, but this environment keeps it as {}{}",
                item.kind,
                def.kind.as_str(),
                env_hint(def)
            ),
        ));
    }
    let own = loc.display.display().to_string();
    if item.source_path != own {
        return Err(refuse(
            "source_path",
            format!(
                "store {name} may only be restored to its own path {own}, not to {:?}",
                item.source_path
            ),
        ));
    }
    let inside = in_repository(ws, &loc.path);
    let store_path = match (&opts.target_dir, inside) {
        (Some(dir), Some(rel)) => dir.join(rel),
        (Some(dir), None) => outside_place(dir, name, &loc.path),
        (None, Some(rel)) => ws.root.join(rel),
        (None, None) if opts.to_live_path => loc.path.clone(),
        (None, None) => {
            return Err(refuse(
                "source_path",
                format!(
                    "store {name} is kept outside the repository at {own}: restore it with --target-dir DIR (to DIR/{name}/), or to its live path with --to-live-path"
                ),
            ));
        }
    };
    let Some(file) = safe_relative(&item.file).and_then(|_| store_file(def, &store_path, &item.file)) else {
        let allowed = match def.kind {
            StoreKind::Ledger => format!(
                "{} or, in {}, YYYY-MM/NNNNNN.jsonl and checkpoint",
                store_path.display(),
                segments::dir_of(&store_path).display()
            ),
            _ => store_path.display().to_string(),
        };
        return Err(refuse(
            "file",
            format!("store {name} has no file {:?} (it may only write {allowed})", item.file,),
        ));
    };
    Ok(Target {
        name: name.to_string(),
        def,
        store_path,
        file,
        configured_by: loc.configured_by,
    })
}

fn env_hint(def: &StoreDef) -> String {
    match def.kind {
        StoreKind::Sqlite => format!(" (unset {} to restore the file copy)", def.env.unwrap_or_default()),
        _ => crate::store::registry::DATABASE_ROWS
            .iter()
            .find(|db| db.name == def.name)
            .and_then(|db| db.env)
            .map(|env| format!(" (set {env} to restore the database copy)"))
            .unwrap_or_default(),
    }
}

/// `create`, `unchanged`, or `None` when the target exists and differs. A
/// symlink or a non-file at the target (or on the way) is a problem.
fn action(item: &Source, target: &Path) -> Result<Option<&'static str>, Box<Problem>> {
    let problem = |message: String| Box::new(Problem::new(target, message));
    fsio::check_path(target).map_err(|e| problem(e.to_string()))?;
    let meta = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Some("create")),
        Err(e) => return Err(problem(format!("cannot read: {e}"))),
        Ok(meta) => meta,
    };
    if !meta.is_file() {
        return Err(problem("is not a regular file; refusing to replace it".into()));
    }
    if item.kind == StoreKind::Sqlite.as_str() {
        // SQLite would replay a journal left beside the old file onto the new one.
        for suffix in ["-journal", "-wal"] {
            let mut side = target.as_os_str().to_owned();
            side.push(suffix);
            if Path::new(&side).exists() {
                return Err(problem(format!(
                    "has a {suffix} file beside it (a writer was interrupted): run `cavra integration list` once so SQLite recovers it, then restore"
                )));
            }
        }
    }
    let same = if item.kind == StoreKind::Sqlite.as_str() {
        // Same rows, whatever the pages: an unchanged database is a no-op.
        let display = Path::new(&item.source_path);
        match (
            crate::store::sqlite::canonical_rows(target),
            crate::store::sqlite::canonical_rows_of_image(&item.bytes, display),
        ) {
            (Ok(live), Ok(copy)) => live == copy,
            _ => false,
        }
    } else {
        std::fs::read(target).map_err(|e| problem(format!("cannot read: {e}")))? == item.bytes
    };
    Ok(same.then_some("unchanged"))
}

/// Where a store `name` kept outside the repository at `path` goes under
/// `dir`: `dir/<name>/<its file name>` (`dir/aispm-events/acme/events.jsonl`
/// for a tenant's events under `CAVRA_AISPM_DIR`).
fn outside_place(dir: &Path, name: &str, path: &Path) -> PathBuf {
    dir.join(name).join(path.file_name().unwrap_or_default())
}

/// `path` relative to the repository root when it lies inside it (a
/// relative path is relative to the working directory, like every path).
fn in_repository(ws: &Workspace, path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let rel = absolute.strip_prefix(&ws.root).ok()?;
    // `root/../x` is lexically under the root but outside it.
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| rel.to_path_buf())
}
