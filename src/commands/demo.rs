use std::path::PathBuf;

use clap::Args;

use super::Ctx;
use crate::error::{CliError, ExitCode};

/// Walk through cavra's main job on the shipped examples
///
/// Sets up a git repository in a fresh temporary directory (or --dir), copies
/// the shipped examples into it and runs the real commands one by one,
/// printing each command and what it did: init, inventory import and edits,
/// validate (including a hand edit it catches and a reseal), the SQLite
/// backend, connector delivery to a loopback receiver it starts itself
/// (offline), rollback drill notifications and audit deliveries with the
/// drill dashboard as a CI gate, and a commit. Exits non-zero if any step
/// does not behave as shown.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Run in this directory (created when absent; must be empty) instead of a temporary one
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Remove the temporary directory afterwards
    #[arg(long, conflicts_with = "dir")]
    pub clean: bool,
}

pub fn run(_ctx: &Ctx, args: DemoArgs) -> Result<ExitCode, CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let outcome = crate::ops::demo::run(args.dir, args.clean, &mut out)?;
    Ok(if outcome.ok {
        ExitCode::Success
    } else {
        ExitCode::Verdict
    })
}
