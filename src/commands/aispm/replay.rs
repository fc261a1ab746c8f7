use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::replay::{ReplayFilter, ReplayOutcome, replay};
use crate::output::{Render, TableView, emit};

/// A tenant's stored events in order; --verify checks the projection
///
/// --verify rebuilds the posture and the dedupe index from the event ledger
/// and compares them with the stored ones (exit 1 when they differ);
/// --rebuild also replaces them (after merging two branches' ledgers).
/// --deliver PROVIDER is `cavra aispm forward --tenant T --provider PROVIDER`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The tenant
    #[arg(long, value_name = "TENANT")]
    pub tenant: String,
    /// Only events that occurred at or after this time (RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only events that occurred before this time (RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Only events of this type (repeatable)
    #[arg(long, value_name = "TYPE,…", value_delimiter = ',')]
    pub event_type: Vec<String>,
    /// Rebuild posture and dedupe index from the ledger and compare
    #[arg(long)]
    pub verify: bool,
    /// Replace the stored posture and index with the rebuilt ones when they differ
    #[arg(long)]
    pub rebuild: bool,
    /// Send the events to this provider's connectors instead: `cavra aispm forward --provider P`
    #[arg(long, value_enum, value_name = "PROVIDER", conflicts_with_all = ["verify", "rebuild", "until"])]
    pub deliver: Option<super::forward::SiemProvider>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(ReplayOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "occurred_at",
            "event_type",
            "decision",
            "severity",
            "event_id",
            "connector",
        ]);
        for e in &self.0.events {
            let s = |p: &str| {
                e["envelope"]
                    .pointer(p)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            t.row(vec![
                s("/event/occurred_at"),
                s("/event/event_type"),
                s("/event/decision"),
                s("/event/severity"),
                s("/event/event_id"),
                s("/source/connector_id"),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        self.0.events.clone()
    }
}

pub fn cmd(ctx: &Ctx, args: ReplayArgs) -> Result<ExitCode, CliError> {
    if let Some(provider) = args.deliver {
        // The alias of `forward` (same cursor, same records).
        let forward = super::forward::ForwardArgs {
            scope: super::TenantScope {
                tenant: Some(args.tenant),
                all_tenants: false,
            },
            provider,
            connector: None,
            since: args.since,
            event_type: args.event_type,
            retries: 2,
            timeout_seconds: 10.0,
            dry_run: false,
        };
        return super::forward::cmd(ctx, forward);
    }
    let filter = ReplayFilter {
        since: args.since,
        until: args.until,
        event_types: args.event_type,
    };
    let out = replay(&ctx.ws.root, &args.tenant, &filter, args.verify, args.rebuild)?;
    let mut code = ExitCode::Success;
    if let Some(v) = &out.verify {
        if v.ok() {
            ctx.shell.status(&format!(
                "Posture and dedupe index match the ledger ({} events)",
                v.ledger_events
            ));
        } else {
            ctx.shell.warn(&format!(
                "the stored projection differs from the ledger (posture matches: {}, index matches: {}, fields: {}){}",
                v.posture_matches,
                v.index_matches,
                v.differences.join(", "),
                if v.rebuilt { "; rebuilt" } else { "" }
            ));
            if !v.rebuilt {
                code = ExitCode::Verdict;
            }
        }
    }
    emit(&View(out), ctx.format)?;
    Ok(code)
}
