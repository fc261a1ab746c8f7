//! `cavra git install` and the merge driver's entry: wire cavra into a
//! repository so merges reseal stores and commits are validated.
//!
//! Install writes three things, each only when missing or out of date, so it
//! is idempotent: `.gitattributes` lines sending every store to the `cavra`
//! merge driver (and tables to the `cavra` diff driver), the driver's command
//! in the repository's local config (`merge.cavra.driver`, and
//! `diff.cavra.xfuncname`, whose hunk headers name the record a change is
//! in), and pre-commit and pre-merge-commit hooks running `cavra validate
//! --staged` (the second checks the merge commit git makes on its own when
//! nothing conflicted, deletions included). An existing hook that cavra did
//! not write is left alone and reported. It works before `cavra init`: the attributes name
//! where the stores will be.
//!
//! The hook and the driver call `cavra` through PATH when `cavra` there is
//! this same binary (or answers `--version` as this cavra does), so they
//! survive a rebuild or a move; otherwise they name the absolute path of the
//! running binary, and the outcome carries a warning saying so.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::workspace::Workspace;
use crate::error::StoreError;
use crate::git::merge::{Merged, merge};
use crate::git::{GitError, Repo};
use crate::store::registry::{STORES, StoreDef};

/// The marker line of the hook cavra writes.
const HOOK_MARKER: &str = "# cavra: validate staged stores (written by `cavra git install`)";

/// What `git install` and the merge driver can fail with.
#[derive(Debug, thiserror::Error)]
pub enum GitSetupError {
    #[error("git config: {0}")]
    Config(#[source] git2::Error),
    #[error("cannot run git merge-file: {reason}")]
    MergeFile { reason: String },
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for GitSetupError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            GitSetupError::Config(_) => ExitCode::Io,
            GitSetupError::MergeFile { .. } => ExitCode::Internal,
            GitSetupError::Git(e) => e.exit_code(),
            GitSetupError::Store(e) => e.exit_code(),
        }
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            GitSetupError::Git(e) => Some(e),
            GitSetupError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// A file operation's error, as the store layer reports one.
fn io_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> GitSetupError {
    move |source| StoreError::io(action, path, source).into()
}

/// What install did to each thing it manages.
#[derive(Debug, Serialize)]
pub struct InstallOutcome {
    pub repository: String,
    /// How the hook and the driver call cavra: `cavra` (through PATH) or
    /// an absolute path.
    pub command: String,
    pub steps: Vec<Step>,
    /// What the user should know (the command prints these on stderr).
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub what: String,
    pub path: String,
    /// `created`, `updated`, `unchanged` or `skipped`.
    pub action: String,
    pub note: Option<String>,
}

/// The diff driver's hunk-header pattern: a table record's first line, its
/// key field (records are written key first, at six spaces of indent).
fn diff_funcname() -> String {
    let keys: Vec<&str> = STORES
        .iter()
        .filter(|d| d.kind == crate::store::registry::StoreKind::Table)
        .map(|d| d.key_field())
        .collect();
    // The outer group is what git shows (its first subexpression).
    format!("^(      \"({})\": .*)$", keys.join("|"))
}

/// `'text'` for sh, with embedded quotes escaped.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// How hooks should call cavra: `cavra` when that name, looked up in
/// `path_var` (PATH), is `exe` itself or a cavra answering `--version`
/// exactly as this one does; else `exe`'s absolute path and a warning.
/// Whether `cavra --version` output names this package version (the commit
/// after it may differ: a rebuild of the same release still answers).
fn same_version(answer: &str) -> bool {
    let ours = concat!("cavra ", env!("CARGO_PKG_VERSION"));
    answer == ours || answer.strip_prefix(ours).is_some_and(|rest| rest.starts_with(" ("))
}

pub fn hook_command(exe: &Path, path_var: Option<&std::ffi::OsStr>) -> (String, Option<String>) {
    let found = path_var
        .into_iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("cavra"))
        .find(|p| is_executable(p));
    let same = |p: &Path| match (p.canonicalize(), exe.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let answers_as_cavra = |p: &Path| {
        std::process::Command::new(p)
            .arg("--version")
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success() && same_version(String::from_utf8_lossy(&o.stdout).trim()))
    };
    let absolute = exe.display().to_string();
    match found {
        Some(p) if same(&p) || answers_as_cavra(&p) => ("cavra".to_string(), None),
        Some(p) => (
            sh_quote(&absolute),
            Some(format!(
                "`cavra` on PATH ({}) is not this cavra {}; the hook and merge driver call {absolute} by its absolute path, and stop working if that file moves",
                p.display(),
                env!("CARGO_PKG_VERSION")
            )),
        ),
        None => (
            sh_quote(&absolute),
            Some(format!(
                "`cavra` is not on PATH; the hook and merge driver call {absolute} by its absolute path, and stop working if that file moves (put cavra on PATH and run `cavra git install` again)"
            )),
        ),
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Installs the merge driver and the pre-commit and pre-merge-commit hooks in the repository of
/// `ws`; the hook and driver call cavra as [`hook_command`] decides.
pub fn install(
    ws: &Workspace,
    exe: &Path,
    path_var: Option<&std::ffi::OsStr>,
) -> Result<InstallOutcome, GitSetupError> {
    let repo = Repo::discover(&ws.root)?;
    let mut steps = Vec::new();
    let (exe, warning) = hook_command(exe, path_var);

    // 1. .gitattributes
    let attributes = repo.workdir().join(".gitattributes");
    // Read as bytes: a file that cannot be read stops here, and one that is
    // not UTF-8 is appended to, never replaced.
    let existing = crate::store::fsio::read_optional(&attributes, Path::new(".gitattributes"))?.unwrap_or_default();
    let existing_text = String::from_utf8_lossy(&existing);
    let wanted: Vec<String> = STORES
        .iter()
        .filter(|def| {
            use crate::store::registry::StoreKind;
            // Only what the driver merges: configs and external stores merge as git would.
            matches!(def.kind, StoreKind::Table | StoreKind::Ledger)
        })
        .filter_map(|def| repo.relative(&ws.locate(def).path).map(|rel| (def, rel)))
        .flat_map(|(def, rel)| match def.kind {
            // Tables also get the diff driver: hunk headers name the record.
            crate::store::registry::StoreKind::Table => vec![format!("{} merge=cavra diff=cavra", rel.display())],
            // A ledger's segments (and its checkpoint) live under its directory.
            _ => vec![
                format!("{} merge=cavra", rel.display()),
                format!("{}/** merge=cavra", rel.with_extension("").display()),
            ],
        })
        .chain(tenant_attribute_lines())
        .collect();
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|l| !existing_text.lines().any(|e| e.trim() == l.as_str()))
        .collect();
    let action = if missing.is_empty() {
        "unchanged"
    } else {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with(b"\n") {
            text.push(b'\n');
        }
        if !existing_text.contains("# cavra stores: merged record by record") {
            text.extend_from_slice(b"# cavra stores: merged record by record (cavra git install)\n");
        }
        for line in &missing {
            text.extend_from_slice(line.as_bytes());
            text.push(b'\n');
        }
        crate::store::fsio::atomic_write(&attributes, &text)?;
        if existing.is_empty() { "created" } else { "updated" }
    };
    steps.push(step("merge attributes", &attributes, action, None));

    // 2. local config
    let driver = format!("{exe} git merge-driver %O %A %B %P");
    let git_err = GitSetupError::Config;
    let mut config = repo
        .inner()
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
        .map_err(git_err)?;
    let current = config.get_string("merge.cavra.driver").ok();
    let funcname = diff_funcname();
    let action = match current.as_deref() {
        Some(d) if d == driver && config.get_string("diff.cavra.xfuncname").ok() == Some(funcname.clone()) => {
            "unchanged"
        }
        Some(_) => "updated",
        None => "created",
    };
    if action != "unchanged" {
        config.set_str("diff.cavra.xfuncname", &funcname).map_err(git_err)?;
        config
            .set_str("merge.cavra.name", "cavra: merge stores record by record and reseal")
            .map_err(git_err)?;
        config.set_str("merge.cavra.driver", &driver).map_err(git_err)?;
    }
    steps.push(step(
        "merge driver (local git config)",
        &repo.inner().path().join("config"),
        action,
        None,
    ));

    // 3. the hooks: pre-commit, and pre-merge-commit for the merge commit
    // git makes by itself when no file conflicted (a segment one side
    // pruned is deleted by git without the driver ever seeing it).
    let hooks = match config.get_path("core.hooksPath") {
        Ok(p) if p.is_absolute() => p,
        Ok(p) => repo.workdir().join(p),
        Err(_) => repo.inner().path().join("hooks"),
    };
    let script = format!("#!/bin/sh\n{HOOK_MARKER}\nexec {exe} validate --staged\n");
    for name in ["pre-commit", "pre-merge-commit"] {
        let hook = hooks.join(name);
        let existing = crate::store::fsio::read_optional(&hook, &hook)?;
        let (action, note) = match existing.as_deref().map(String::from_utf8_lossy) {
            Some(text) if text == script => ("unchanged", None),
            Some(text) if !text.contains(HOOK_MARKER) => (
                "skipped",
                Some(format!(
                    "a {name} hook cavra did not write is there; add `{exe} validate --staged` to it"
                )),
            ),
            Some(_) => ("updated", None),
            None => ("created", None),
        };
        if matches!(action, "created" | "updated") {
            std::fs::create_dir_all(&hooks).map_err(io_error("create", &hooks))?;
            crate::store::fsio::atomic_write(&hook, script.as_bytes())?;
            set_executable(&hook)?;
        }
        steps.push(step(&format!("{name} hook"), &hook, action, note));
    }
    Ok(InstallOutcome {
        repository: repo.workdir().display().to_string(),
        command: exe,
        steps,
        warnings: warning.into_iter().collect(),
    })
}

fn step(what: &str, path: &Path, action: &str, note: Option<String>) -> Step {
    Step {
        what: what.into(),
        path: path.display().to_string(),
        action: action.into(),
        note,
    }
}

#[cfg(unix)]
fn set_executable(path: &Path) -> Result<(), GitSetupError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(io_error("chmod", path))
}

#[cfg(not(unix))]
fn set_executable(_path: &Path) -> Result<(), GitSetupError> {
    Ok(())
}

/// The merge driver's inputs, as git passes them.
#[derive(Debug)]
pub struct DriverInput {
    pub base: PathBuf,
    pub ours: PathBuf,
    pub theirs: PathBuf,
    /// The path of the merged file in the repository (`%P`).
    pub path: String,
}

/// What the driver did.
#[derive(Debug, Serialize)]
pub struct DriverOutcome {
    pub path: String,
    pub store: Option<String>,
    pub conflicts: Vec<String>,
    /// `record` (cavra's merge) or `text` (git's line merge, for a file that is not a store).
    pub method: String,
    /// What the user should know (the command prints these on stderr).
    pub warnings: Vec<String>,
}

/// Merges one file for git: a store by record, anything else by git's
/// line merge. Writes the result over `ours`.
pub fn merge_driver(ws: &Workspace, input: &DriverInput) -> Result<DriverOutcome, GitSetupError> {
    let def = store_at(ws, &input.path);
    let read = |p: &Path| crate::store::fsio::read_input(p).map_err(io_error("read", p));
    let mut warnings = Vec::new();
    if crate::store::registry::is_tenant_projection(Path::new(&input.path)) {
        // Derived from the tenant's event ledger, which merges entry by
        // entry: ours is kept, and its ledger head no longer matching the
        // merged ledger's checkpoint makes the next `cavra aispm` command
        // rebuild it in memory. The hooks refuse to commit it stale, so the
        // merge commit waits for a rebuild.
        warnings.push(format!(
            "cavra: {} is derived from the tenant's event ledger: kept ours; before committing the merge, `cavra aispm replay --tenant {} --rebuild` brings it up to date (then `git add` it)",
            input.path,
            input.path.split('/').nth(3).unwrap_or("T")
        ));
        return Ok(DriverOutcome {
            path: input.path.clone(),
            store: Some("aispm-posture".into()),
            conflicts: Vec::new(),
            method: "derived".into(),
            warnings,
        });
    }
    if let Some(def) = def {
        let (base, ours, theirs) = (read(&input.base)?, read(&input.ours)?, read(&input.theirs)?);
        match merge(def, &input.path, &base, &ours, &theirs) {
            Ok(Merged { text, conflicts }) => {
                crate::store::fsio::atomic_write(&input.ours, &text)?;
                return Ok(DriverOutcome {
                    path: input.path.clone(),
                    store: Some(def.name.to_string()),
                    conflicts,
                    method: "record".into(),
                    warnings,
                });
            }
            Err(why) => warnings.push(format!(
                "cavra: cannot merge {} by record ({why}); falling back to a line merge",
                input.path
            )),
        }
    }
    let status = std::process::Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(&input.ours)
        .arg(&input.base)
        .arg(&input.theirs)
        .status()
        .map_err(|e| GitSetupError::MergeFile { reason: e.to_string() })?;
    let conflicts = match status.code() {
        Some(0) => Vec::new(),
        Some(n) if n > 0 => (1..=n).map(|i| format!("hunk {i}")).collect(),
        _ => {
            return Err(GitSetupError::MergeFile {
                reason: format!("it ended with {status}"),
            });
        }
    };
    Ok(DriverOutcome {
        path: input.path.clone(),
        store: def.map(|d| d.name.to_string()),
        conflicts,
        method: "text".into(),
        warnings,
    })
}

/// The store whose file is at repository path `path`: a registry store, or
/// one of an AISPM tenant's ledgers.
fn store_at(ws: &Workspace, path: &str) -> Option<&'static StoreDef> {
    let repo = Repo::discover(&ws.root).ok()?;
    STORES
        .iter()
        .copied()
        .find(|def| {
            repo.relative(&ws.locate(def).path).is_some_and(|rel| {
                rel == Path::new(path)
                    || (def.kind == crate::store::registry::StoreKind::Ledger
                        && Path::new(path).starts_with(rel.with_extension("")))
            })
        })
        .or_else(|| crate::store::registry::tenant_family_at(Path::new(path)).map(|(def, _)| def))
}

/// The attribute lines of the AISPM tenants' stores, for every tenant
/// (`*`): their ledgers (file and segments) and the posture projection.
fn tenant_attribute_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for def in crate::store::registry::TENANT_FAMILIES {
        let file = def.default_path.replace("{tenant}", "*");
        lines.push(format!("{file} merge=cavra"));
        lines.push(format!("{}/** merge=cavra", file.trim_end_matches(".jsonl")));
    }
    lines.push(".cavra/aispm/tenants/*/posture.json merge=cavra".to_string());
    lines
}

#[cfg(test)]
mod version_tests {
    #[test]
    fn a_rebuild_of_the_same_version_answers_as_cavra() {
        let v = env!("CARGO_PKG_VERSION");
        assert!(super::same_version(&format!("cavra {v}")));
        assert!(super::same_version(&format!("cavra {v} (0123456789ab 2026-01-01)")));
        assert!(!super::same_version(&format!("cavra {v}1")));
        assert!(!super::same_version("cavra 0.0.0-other"));
    }
}
