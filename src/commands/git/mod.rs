//! `cavra git …`: wire cavra into git.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::git_setup::{DriverInput, InstallOutcome, install, merge_driver};
use crate::output::{Render, TableView, emit};

/// Set up git to merge stores record by record and validate commits
#[derive(Debug, Subcommand)]
pub enum GitCommand {
    Install(GitInstallArgs),
    MergeDriver(GitMergeDriverArgs),
}

/// Install the merge driver (.gitattributes, local config) and the commit hooks
///
/// Writes `.gitattributes` lines sending every store to the `cavra` merge
/// driver, sets `merge.cavra.driver` in the repository's local git config,
/// and writes `.git/hooks/pre-commit` and `.git/hooks/pre-merge-commit`
/// running `cavra validate --staged` (the second checks the merge commit git
/// makes by itself when nothing conflicted, deletions included). Safe
/// to run again, and before `cavra init`; an existing hook cavra did not
/// write is left alone. The hook and driver call `cavra` through PATH when
/// that is this cavra, else this binary's absolute path (with a warning:
/// they break if it moves).
#[derive(Debug, Args)]
pub struct GitInstallArgs {}

/// Merge one store for git (called by git as `cavra git merge-driver %O %A %B %P`)
///
/// Tables merge by record key; the same record edited differently on both
/// sides is a conflict, left between conflict markers (exit 1). Ledgers merge
/// by replaying both sides' new lines onto the common prefix. The result is
/// resealed and written over %A.
#[derive(Debug, Args)]
pub struct GitMergeDriverArgs {
    /// The common ancestor's version (%O)
    pub base: PathBuf,
    /// Our version, overwritten with the result (%A)
    pub ours: PathBuf,
    /// Their version (%B)
    pub theirs: PathBuf,
    /// The file's path in the repository (%P)
    pub path: String,
}

#[derive(Serialize)]
#[serde(transparent)]
struct InstallView(InstallOutcome);

impl Render for InstallView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.git.install.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["what", "action", "path"]);
        for s in &self.0.steps {
            t.row(vec![s.what.clone(), s.action.clone(), s.path.clone()]);
        }
        t
    }
}

pub fn run(ctx: &Ctx, cmd: GitCommand) -> Result<ExitCode, CliError> {
    match cmd {
        GitCommand::Install(_) => {
            let exe = crate::ops::cavra_executable()
                .map_err(|e| CliError::internal(format!("cannot find the cavra executable: {e}")))?;
            let outcome = install(&ctx.ws, &exe, std::env::var_os("PATH").as_deref())?;
            for s in outcome
                .steps
                .iter()
                .filter_map(|s| s.note.as_ref())
                .chain(&outcome.warnings)
            {
                ctx.shell.warn(s);
            }
            emit(&InstallView(outcome), ctx.format)?;
            Ok(ExitCode::Success)
        }
        GitCommand::MergeDriver(args) => {
            let input = DriverInput {
                base: args.base,
                ours: args.ours,
                theirs: args.theirs,
                path: args.path,
            };
            let outcome = merge_driver(&ctx.ws, &input)?;
            for w in &outcome.warnings {
                ctx.shell.warn(w);
            }
            if outcome.conflicts.is_empty() {
                ctx.shell
                    .status(&format!("cavra: merged {} ({} merge)", outcome.path, outcome.method));
                Ok(ExitCode::Success)
            } else if let Some(side) = outcome.conflicts.iter().find(|c| c.contains(" side does not verify: ")) {
                // No markers were written: ours is as it was, and the side
                // that does not verify was changed without cavra.
                let theirs = side.starts_with("theirs");
                eprintln!(
                    "cavra: {}: {side}; nothing was merged or resealed and ours is left as it was. \
                     Find the change made without cavra (`git log -p {} -- {}`), undo or redo it with cavra \
                     on that branch, then merge again",
                    outcome.path,
                    if theirs { "MERGE_HEAD" } else { "HEAD" },
                    outcome.path
                );
                Ok(ExitCode::Verdict)
            } else {
                eprintln!(
                    "cavra: {} has {} conflicting record(s): {}; resolve the markers, then run `cavra reseal {}`",
                    outcome.path,
                    outcome.conflicts.len(),
                    outcome.conflicts.join(", "),
                    outcome.store.as_deref().unwrap_or("<store>")
                );
                Ok(ExitCode::Verdict)
            }
        }
    }
}
