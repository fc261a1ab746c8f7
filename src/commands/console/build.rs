use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::console::{ConsoleOutcome, build, page_path};
use crate::output::{Render, TableView, emit};

/// Build the evidence console: one self-contained HTML page from the stores
///
/// Writes DIR/index.html (default .cavra/console/, which `cavra init`
/// git-ignores): integrations, release deliveries and endpoint
/// publications, rollback drills, AISPM posture per tenant and the stores,
/// with filters that work in the page. Every figure comes from the
/// functions behind the CLI's dashboards (`delivery dashboard`, `release
/// …-dashboard`, `drill dashboard`, `aispm posture`, `ops stores`); only
/// metadata is embedded, never a credential, URL or payload. The page
/// requests nothing when opened (no network, no other file), so it can be
/// attached to a CI run. The same stores and clock (CAVRA_NOW) give the same
/// bytes. Its delivery table holds the newest 20,000 deliveries (the
/// figures count every one); every delivery is written beside it as
/// DIR/deliveries.csv, replaced only once the whole ledger was read.
///
/// When a store fails its checks (schema, checksum, hash chain, secrets:
/// what `cavra validate` reports, which also anchors the ledgers in git)
/// the page is still written, headed by a banner naming the problems, and
/// the command exits 1. In a repository with nothing recorded yet the page
/// says what to run first.
#[derive(Debug, Args)]
pub struct ConsoleBuildArgs {
    /// Write the page into DIR [default: .cavra/console]
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Open the page in the system's browser once written
    #[arg(long)]
    pub open: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(ConsoleOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.console.build.v1")
    }
    fn table(&self) -> TableView {
        let o = &self.0;
        let mut t = TableView::new(&["figure", "value"]);
        for (k, v) in [
            ("page", o.path.clone()),
            ("bytes", o.bytes.to_string()),
            ("valid", o.valid.to_string()),
            ("problems", o.problems.to_string()),
            ("integrations", o.integrations.to_string()),
            ("deliveries", o.deliveries.to_string()),
            ("drill_entries", o.drill_entries.to_string()),
            ("tenants", o.tenants.to_string()),
        ] {
            t.row(vec![k.into(), v]);
        }
        t
    }
    fn text(&self) -> Option<String> {
        Some(format!("{}\n", self.0.path))
    }
}

pub fn cmd_console_build(ctx: &Ctx, args: ConsoleBuildArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let path = page_path(&ctx.ws, args.output.as_deref());
    let outcome = build(&ctx.ws, &now, &path)?;
    if !outcome.valid {
        ctx.shell.warn(&format!(
            "the stores fail validation ({} problem(s)): the page shows them; run `cavra validate` for details",
            outcome.problems
        ));
    } else if outcome.empty {
        ctx.shell
            .status("nothing recorded yet: the page says what to run first");
    }
    ctx.shell.status(&format!(
        "Wrote the evidence console to {} ({} bytes); open it in a browser",
        outcome.path, outcome.bytes
    ));
    if args.open {
        open(&ctx.shell, &path);
    }
    let valid = outcome.valid;
    emit(&View(outcome), ctx.format)?;
    Ok(if valid { ExitCode::Success } else { ExitCode::Verdict })
}

/// Opens `path` with the system's opener; a failure is a warning on stderr.
fn open(shell: &crate::output::Shell, path: &std::path::Path) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let spawned = std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        shell.warn(&format!("could not run {opener} to open {}: {e}", path.display()));
    }
}
