//! `cavra git install` and the merge driver's entry: wire cavra into a
//! repository so merges reseal stores and commits are validated.
//!
//! Install writes three things, each only when missing or out of date, so it
//! is idempotent: `.gitattributes` lines sending every store to the `cavra`
//! merge driver, the driver's command in the repository's local config
//! (`merge.cavra.driver`), and a pre-commit hook running `cavra validate
//! --staged`. An existing pre-commit hook that cavra did not write is left
//! alone and reported.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::workspace::Workspace;
use crate::error::{CliError, ExitCode};
use crate::git::Repo;
use crate::git::merge::{Merged, merge};
use crate::store::registry::{STORES, StoreDef};

/// The marker line of the hook cavra writes.
const HOOK_MARKER: &str = "# cavra: validate staged stores (written by `cavra git install`)";

/// What install did to each thing it manages.
#[derive(Debug, Serialize)]
pub struct InstallOutcome {
    pub repository: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub what: String,
    pub path: String,
    /// `created`, `updated`, `unchanged` or `skipped`.
    pub action: String,
    pub note: Option<String>,
}

/// `'text'` for sh, with embedded quotes escaped.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Installs the merge driver and the pre-commit hook in the repository of `ws`.
pub fn install(ws: &Workspace, exe: &Path) -> Result<InstallOutcome, CliError> {
    let repo = Repo::discover(&ws.root)?;
    let mut steps = Vec::new();
    let exe = sh_quote(&exe.display().to_string());

    // 1. .gitattributes
    let attributes = repo.workdir().join(".gitattributes");
    // Read as bytes: a file that cannot be read stops here, and one that is
    // not UTF-8 is appended to, never replaced.
    let existing = crate::store::fsio::read_optional(&attributes, Path::new(".gitattributes"))?.unwrap_or_default();
    let existing_text = String::from_utf8_lossy(&existing);
    let wanted: Vec<String> = STORES
        .iter()
        .filter(|def| def.kind != crate::store::registry::StoreKind::Config)
        .filter_map(|def| repo.relative(&ws.locate(def).path).map(|rel| (def, rel)))
        .flat_map(|(def, rel)| {
            let mut lines = vec![format!("{} merge=cavra", rel.display())];
            // A ledger's segments (and its checkpoint) live under its directory.
            if def.kind == crate::store::registry::StoreKind::Ledger {
                lines.push(format!("{}/** merge=cavra", rel.with_extension("").display()));
            }
            lines
        })
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
    let git_err = |e: git2::Error| CliError::new(ExitCode::Io, format!("git config: {e}"));
    let mut config = repo
        .inner()
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
        .map_err(git_err)?;
    let current = config.get_string("merge.cavra.driver").ok();
    let action = match current.as_deref() {
        Some(d) if d == driver => "unchanged",
        Some(_) => "updated",
        None => "created",
    };
    if action != "unchanged" {
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

    // 3. pre-commit hook
    let hooks = match config.get_path("core.hooksPath") {
        Ok(p) if p.is_absolute() => p,
        Ok(p) => repo.workdir().join(p),
        Err(_) => repo.inner().path().join("hooks"),
    };
    let hook = hooks.join("pre-commit");
    let script = format!("#!/bin/sh\n{HOOK_MARKER}\nexec {exe} validate --staged\n");
    let existing = crate::store::fsio::read_optional(&hook, &hook)?;
    let (action, note) = match existing.as_deref().map(String::from_utf8_lossy) {
        Some(text) if text == script => ("unchanged", None),
        Some(text) if !text.contains(HOOK_MARKER) => (
            "skipped",
            Some(format!(
                "a pre-commit hook cavra did not write is there; add `{exe} validate --staged` to it"
            )),
        ),
        Some(_) => ("updated", None),
        None => ("created", None),
    };
    if matches!(action, "created" | "updated") {
        std::fs::create_dir_all(&hooks).map_err(|e| CliError::io(&hooks, "create", &e))?;
        crate::store::fsio::atomic_write(&hook, script.as_bytes())?;
        set_executable(&hook)?;
    }
    steps.push(step("pre-commit hook", &hook, action, note));
    Ok(InstallOutcome {
        repository: repo.workdir().display().to_string(),
        steps,
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
fn set_executable(path: &Path) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|e| CliError::io(path, "chmod", &e))
}

#[cfg(not(unix))]
fn set_executable(_path: &Path) -> Result<(), CliError> {
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
}

/// Merges one file for git: a store by record, anything else by git's
/// line merge. Writes the result over `ours`.
pub fn merge_driver(ws: &Workspace, input: &DriverInput) -> Result<DriverOutcome, CliError> {
    let def = store_at(ws, &input.path);
    let read = |p: &Path| std::fs::read(p).map_err(|e| CliError::io(p, "read", &e));
    if let Some(def) = def {
        let (base, ours, theirs) = (read(&input.base)?, read(&input.ours)?, read(&input.theirs)?);
        match merge(def, &input.path, &base, &ours, &theirs) {
            Ok(Merged { text, conflicts }) => {
                std::fs::write(&input.ours, text).map_err(|e| CliError::io(&input.ours, "write", &e))?;
                return Ok(DriverOutcome {
                    path: input.path.clone(),
                    store: Some(def.name.to_string()),
                    conflicts,
                    method: "record".into(),
                });
            }
            Err(why) => eprintln!(
                "cavra: cannot merge {} by record ({why}); falling back to a line merge",
                input.path
            ),
        }
    }
    let status = std::process::Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(&input.ours)
        .arg(&input.base)
        .arg(&input.theirs)
        .status()
        .map_err(|e| CliError::internal(format!("cannot run git merge-file: {e}")))?;
    let conflicts = match status.code() {
        Some(0) => Vec::new(),
        Some(n) if n > 0 => (1..=n).map(|i| format!("hunk {i}")).collect(),
        _ => return Err(CliError::internal("git merge-file failed")),
    };
    Ok(DriverOutcome {
        path: input.path.clone(),
        store: def.map(|d| d.name.to_string()),
        conflicts,
        method: "text".into(),
    })
}

/// The store whose file is at repository path `path`.
fn store_at(ws: &Workspace, path: &str) -> Option<&'static StoreDef> {
    let repo = Repo::discover(&ws.root).ok()?;
    STORES.iter().copied().find(|def| {
        repo.relative(&ws.locate(def).path).is_some_and(|rel| {
            rel == Path::new(path)
                || (def.kind == crate::store::registry::StoreKind::Ledger
                    && Path::new(path).starts_with(rel.with_extension("")))
        })
    })
}
