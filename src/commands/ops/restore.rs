use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::restore::{RestoreOptions, RestoreOutcome, restore};
use crate::output::{Render, TableView, emit};

/// Restore stores from a backup manifest or a git revision (all or nothing)
///
/// A copy is written only to its own store's location (or under
/// --target-dir), never to a path the manifest names. Every checksum is
/// verified, every copy must be a valid store of its kind, and every target
/// is checked (no symlink on the way) before the first byte is written; then
/// every file is staged beside its target and the renames are journalled, so
/// a restore killed half way is finished by the next cavra command. Existing
/// files that differ are replaced only with --overwrite; --dry-run lists them.
#[derive(Debug, Args)]
pub struct OpsRestoreArgs {
    /// The backup's manifest.json
    #[arg(required_unless_present = "from_rev", conflicts_with = "from_rev")]
    pub manifest: Option<PathBuf>,
    /// Restore the stores as they were at this git revision instead
    #[arg(long, value_name = "REV")]
    pub from_rev: Option<String>,
    /// Restore under this directory instead of the repository
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    /// Replace existing files that differ
    #[arg(long)]
    pub overwrite: bool,
    /// Show what would be restored; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Re-read every restored file and check its sha256
    #[arg(long)]
    pub verify: bool,
    /// Restore stores kept outside the repository to their live paths
    #[arg(long, conflicts_with = "target_dir")]
    pub to_live_path: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(RestoreOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["store", "target", "action", "size_bytes", "verified"]);
        for f in &self.0.files {
            t.row(vec![
                f.store.clone(),
                f.target.clone(),
                if self.0.dry_run && f.action != "unchanged" {
                    format!("would {}", f.action)
                } else {
                    f.action.clone()
                },
                f.size_bytes.to_string(),
                f.verified.map(|v| v.to_string()).unwrap_or_default(),
            ]);
        }
        t
    }
}

pub fn cmd_ops_restore(ctx: &Ctx, args: OpsRestoreArgs) -> Result<ExitCode, CliError> {
    let opts = RestoreOptions {
        manifest: args.manifest,
        from_rev: args.from_rev,
        target_dir: args.target_dir,
        overwrite: args.overwrite,
        dry_run: args.dry_run,
        verify: args.verify,
        to_live_path: args.to_live_path,
    };
    let outcome = restore(&ctx.ws, &opts)?;
    for w in &outcome.warnings {
        ctx.shell.warn(w);
    }
    if !outcome.needs_overwrite.is_empty() {
        ctx.shell.status(&format!(
            "Would need --overwrite (exists and differs, or would be removed): {}",
            outcome.needs_overwrite.join(", ")
        ));
    }
    let count = |action: &str| outcome.files.iter().filter(|f| f.action == action).count();
    let written = count("create") + count("replace");
    let removed = match count("remove") {
        0 => String::new(),
        n if outcome.dry_run => format!(" and {n} removed"),
        n => format!(", removed {n} not in the backup"),
    };
    ctx.shell.status(&if outcome.dry_run {
        format!(
            "Dry run: {written} file(s) would be written{removed} from {}",
            outcome.source
        )
    } else {
        format!("Restored {written} file(s){removed} from {}", outcome.source)
    });
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
