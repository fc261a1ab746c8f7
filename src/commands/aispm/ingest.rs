use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::ingest::{IngestOptions, IngestOutcome, Source, ingest};
use crate::output::{Render, TableView, emit};

/// Ingest DSSE-signed NDJSON envelopes from files or stdin (`-`)
///
/// Every line ends as exactly one of accepted, duplicate or rejected with a
/// reason code (rejected lines go to the tenant's quarantine, or the
/// unattributed one when no registered key verified them). Accepted events
/// are durable before they are counted. Exit status 1 when any line was
/// rejected.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// NDJSON files of signed lines; `-` (the default) reads stdin as a stream
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(IngestOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["tenant", "accepted", "duplicates", "rejected", "rejected_by_reason"]);
        for (tenant, c) in &self.0.tenants {
            t.row(vec![
                tenant.clone(),
                c.accepted.to_string(),
                c.duplicates.to_string(),
                c.rejected.to_string(),
                reasons(&c.rejected_by_reason),
            ]);
        }
        t.row(vec![
            "(total)".into(),
            self.0.accepted.to_string(),
            self.0.duplicates.to_string(),
            self.0.rejected.to_string(),
            reasons(&self.0.rejected_by_reason),
        ]);
        t
    }
}

fn reasons(m: &std::collections::BTreeMap<String, u64>) -> String {
    m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

pub fn cmd(ctx: &Ctx, args: IngestArgs) -> Result<ExitCode, CliError> {
    let start = crate::clock::now()?;
    let pinned = crate::env::var(crate::env::CAVRA_NOW).is_some();
    let clock = move || {
        if pinned {
            start
        } else {
            crate::clock::now().unwrap_or(start)
        }
    };
    let sources = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files
            .into_iter()
            .map(|f| {
                if f.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::File(f)
                }
            })
            .collect()
    };
    // A bar for files of 8 MiB or more (about 20,000 envelopes).
    let progress = crate::progress::bar(ctx.shell.quiet, 8 << 20, "Ingesting (bytes)");
    let out = ingest(
        &ctx.ws.root,
        &IngestOptions {
            sources,
            clock: &clock,
            progress: progress.as_ref(),
        },
    )?;
    for t in &out.rebuilt {
        ctx.shell.warn(&format!(
            "tenant {t}: dedupe index and posture were rebuilt from the event ledger"
        ));
    }
    ctx.shell.status(&format!(
        "{} lines: {} accepted, {} duplicates, {} rejected",
        out.lines, out.accepted, out.duplicates, out.rejected
    ));
    let code = if out.rejected > 0 {
        ExitCode::Verdict
    } else {
        ExitCode::Success
    };
    emit(&View(out), ctx.format)?;
    Ok(code)
}
