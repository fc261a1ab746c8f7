use clap::{Args, Subcommand};
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::quarantine::{Quarantined, list, show};
use crate::output::{Render, TableView, emit};

/// The lines ingestion rejected: reason, position, sha256 (never the line)
///
/// A tenant's quarantine (`--tenant T`), or `--unattributed` for the lines
/// no tenant could be established for (a signature that did not verify).
/// A record holds the line's reason code, where it was (input and line),
/// the sha256 of its exact bytes and a detail naming the problem, never the
/// input's text; the redacted envelope only when the line was
/// authenticated. Every string shown is scrubbed of secrets.
#[derive(Debug, Subcommand)]
pub enum QuarantineCommand {
    /// One row per quarantined line, oldest first
    ///
    /// JSON: `{items, total}`, each item `seq`, `received_at`, `reason`, `collector_id`,
    /// `input`, `line`, `line_sha256`, `detail`, `has_envelope`.
    List(Scope),
    /// One quarantined line's whole record (with `seq`)
    Show(ShowArgs),
}

/// Whose quarantine.
#[derive(Debug, Args)]
pub struct Scope {
    /// The tenant
    #[arg(long, value_name = "TENANT", required_unless_present = "unattributed")]
    pub tenant: Option<String>,
    /// The lines no tenant could be established for
    #[arg(long, conflicts_with = "tenant")]
    pub unattributed: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// The entry's `seq` (as `quarantine list` shows it)
    pub seq: u64,
}

/// `{items, total}`, as every list.
#[derive(Serialize)]
struct ListView {
    items: Vec<Quarantined>,
    total: usize,
}

impl Render for ListView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.aispm.quarantine.list.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "seq",
            "received_at",
            "reason",
            "collector",
            "input:line",
            "line_sha256",
            "detail",
        ]);
        for q in &self.items {
            t.row(vec![
                q.seq.to_string(),
                q.received_at.clone(),
                q.reason.clone(),
                q.collector_id.clone().unwrap_or_else(|| "-".into()),
                format!("{}:{}", q.input, q.line),
                q.line_sha256.clone(),
                q.detail.clone(),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct ShowView(serde_json::Value);

impl Render for ShowView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.aispm.quarantine.record.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["field", "value"]);
        if let Some(m) = self.0.as_object() {
            for (k, v) in m {
                let shown = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                t.row(vec![k.clone(), shown]);
            }
        }
        t
    }
}

pub fn cmd(ctx: &Ctx, cmd: QuarantineCommand) -> Result<ExitCode, CliError> {
    match cmd {
        QuarantineCommand::List(scope) => {
            let items = list(&ctx.ws.root, scope.tenant.as_deref())?;
            emit(
                &ListView {
                    total: items.len(),
                    items,
                },
                ctx.format,
            )?
        }
        QuarantineCommand::Show(args) => emit(
            &ShowView(show(&ctx.ws.root, args.scope.tenant.as_deref(), args.seq)?),
            ctx.format,
        )?,
    }
    Ok(ExitCode::Success)
}
