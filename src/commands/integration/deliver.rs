use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::deliver::{DeliverOptions, DeliverOutcome, deliver};
use crate::output::{Render, TableView, emit};

/// Deliver an evidence event to the configured connectors
///
/// EVENT is one JSON object, or an NDJSON file of many (batched where the
/// provider accepts batches: Splunk HEC, Datadog, Sentinel). Connectors come
/// from .cavra/connectors.json (or CAVRA_CONNECTOR_CONFIG, or --config); only
/// the selected ones are resolved. Several connectors are delivered
/// concurrently. Transport errors and 408, 425, 429, 500, 502, 503, 504 are
/// retried with exponential backoff and full jitter, honouring Retry-After;
/// other 4xx never are. The evidence (cavra.connector.delivery.v1, with no
/// secret) goes to --output DIR and the evidence metadata ledger. A
/// connector with enabled: false, or whose integration is disabled (as a
/// 410 Gone leaves it), is skipped and reported so, unless --include-disabled.
/// --dry-run needs no secret: an unset variable is shown as ${VAR}.
///
/// Exits 1 when any delivery failed, unless --allow-failure.
#[derive(Debug, Args)]
pub struct IntegrationDeliverArgs {
    /// The event: a JSON object, or NDJSON with one object per line; - reads standard input
    pub event: PathBuf,
    /// Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Connectors to deliver to, by name or provider: all, or a comma-separated list
    #[arg(long, value_name = "all|NAME,…", value_delimiter = ',', default_value = "all")]
    pub provider: Vec<String>,
    /// The integration whose health follows this delivery [default: each connector's integration_id]
    #[arg(long, value_name = "ID")]
    pub integration: Option<String>,
    /// Retries after the first attempt
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Total time allowed for one request, connect included
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub timeout_seconds: f64,
    /// Write the delivery evidence into this directory (never overwriting)
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Evidence metadata ledger [default: .cavra/evidence/metadata/]
    #[arg(long, value_name = "PATH")]
    pub metadata_json: Option<PathBuf>,
    /// Print the exact requests (secrets masked) and send nothing; unset variables show as ${VAR}
    #[arg(long)]
    pub dry_run: bool,
    /// Send to connectors that say enabled: false, or whose integration is disabled, too
    #[arg(long)]
    pub include_disabled: bool,
    /// Exit 0 even when a delivery failed (the evidence still says so)
    #[arg(long)]
    pub allow_failure: bool,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(DeliverOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        delivery_table(&self.0)
    }
}

/// The table of a delivery outcome (shared with the release deliveries).
pub fn delivery_table(outcome: &DeliverOutcome) -> TableView {
    if let Some(dry) = &outcome.dry_run {
        let mut t = TableView::new(&["connector", "provider", "method", "url", "headers", "body"]);
        for r in dry {
            let headers: Vec<String> = r.request.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            t.row(vec![
                r.connector.clone(),
                r.provider.as_str().into(),
                r.request.method.clone(),
                r.request.url.clone(),
                headers.join("\n"),
                serde_json::to_string(&r.body).unwrap_or_default(),
            ]);
        }
        return t;
    }
    let deliveries = &outcome.evidence.deliveries;
    if deliveries.len() > SUMMARISED_OVER {
        return summary_table(deliveries);
    }
    let mut t = TableView::new(&[
        "connector",
        "provider",
        "success",
        "status",
        "attempts",
        "events",
        "error",
    ]);
    for d in deliveries {
        t.row(vec![
            d.connector.clone(),
            d.provider.as_str().into(),
            d.success.to_string(),
            d.status_code.map(|c| c.to_string()).unwrap_or_default(),
            d.attempt_count.to_string(),
            d.events.to_string(),
            match &d.skipped {
                Some(why) => format!("skipped: {why}"),
                None => d.error.clone().unwrap_or_default(),
            },
        ]);
    }
    t
}

/// Past this many requests a table gives one row per connector, not one
/// per request (`--format json` keeps every request).
pub const SUMMARISED_OVER: usize = 50;

/// One row per connector: its requests, delivered, failed and skipped, the
/// events and attempts they carried, and the first error.
fn summary_table(deliveries: &[crate::connector::send::Delivery]) -> TableView {
    let mut t = TableView::new(&[
        "connector",
        "provider",
        "requests",
        "delivered",
        "failed",
        "skipped",
        "events",
        "attempts",
        "first error",
    ]);
    let mut order: Vec<&str> = Vec::new();
    for d in deliveries {
        if !order.contains(&d.connector.as_str()) {
            order.push(&d.connector);
        }
    }
    for connector in order {
        let of: Vec<_> = deliveries.iter().filter(|d| d.connector == connector).collect();
        let skipped = of.iter().filter(|d| d.skipped.is_some()).count();
        let delivered = of.iter().filter(|d| d.success).count();
        t.row(vec![
            connector.to_string(),
            of[0].provider.as_str().into(),
            of.len().to_string(),
            delivered.to_string(),
            (of.len() - delivered - skipped).to_string(),
            skipped.to_string(),
            of.iter().map(|d| d.events).sum::<usize>().to_string(),
            of.iter().map(|d| d.attempt_count).sum::<usize>().to_string(),
            of.iter().find_map(|d| d.error.clone()).unwrap_or_default(),
        ]);
    }
    t
}

pub fn cmd_integration_deliver(ctx: &Ctx, args: IntegrationDeliverArgs) -> Result<ExitCode, CliError> {
    if !(args.timeout_seconds > 0.0 && args.timeout_seconds <= 600.0) {
        return Err(CliError::usage("--timeout-seconds must be more than 0 and at most 600"));
    }
    let opts = DeliverOptions {
        event_file: args.event,
        config: args.config,
        select: args.provider,
        integration: args.integration,
        retries: args.retries,
        timeout: Duration::from_secs_f64(args.timeout_seconds),
        output: args.output,
        metadata_json: args.metadata_json,
        dry_run: args.dry_run,
        include_disabled: args.include_disabled,
        stream: false,
        now: crate::clock::now()?,
    };
    let progress = crate::progress::bar(ctx.shell.quiet, 10, "Delivering");
    let outcome = deliver(&ctx.ws, &opts, progress.as_ref())?;
    let success = say_outcome(ctx, &outcome, opts.dry_run);
    emit(&View(outcome), ctx.format)?;
    Ok(if success || opts.dry_run || args.allow_failure {
        ExitCode::Success
    } else {
        ExitCode::Verdict
    })
}

/// Says on stderr what a delivery did (warnings, skips, the verdict);
/// returns whether it succeeded. Shared with the release deliveries.
pub fn say_outcome(ctx: &Ctx, outcome: &DeliverOutcome, dry_run: bool) -> bool {
    let success = outcome.evidence.success;
    for w in &outcome.warnings {
        ctx.shell.warn(w);
    }
    if !outcome.unset_references.is_empty() {
        ctx.shell.warn(&format!(
            "unset, shown as ${{VAR}}: {}",
            outcome.unset_references.join(", ")
        ));
    }
    let deliveries = &outcome.evidence.deliveries;
    for d in deliveries.iter().filter(|d| d.skipped.is_some()) {
        ctx.shell.status(&format!(
            "Skipped {}: {}",
            d.connector,
            d.skipped.as_deref().unwrap_or_default()
        ));
    }
    if !dry_run {
        let n = deliveries.iter().filter(|d| d.skipped.is_none()).count();
        ctx.shell.status(&match (success, n) {
            (_, 0) => "No connector selected: nothing delivered".to_string(),
            (true, n) => format!("Delivered {n} request(s)"),
            (false, n) => format!("Delivery failed ({n} request(s), see the errors)"),
        });
        if deliveries.len() > SUMMARISED_OVER && matches!(ctx.format, crate::output::Format::Table) {
            ctx.shell
                .status("The table sums the requests per connector; --format json lists every request");
        }
    }
    success
}

#[cfg(test)]
mod tests {
    /// Past [`super::SUMMARISED_OVER`] requests the table has a row per
    /// connector with its sums; below it, one row per request.
    #[test]
    fn long_batches_are_summed_per_connector() {
        let one = crate::connector::send::Delivery {
            attempt_count: 1,
            attempts: Vec::new(),
            completed_at: "2026-01-01T00:00:00Z".into(),
            connector: "jira-prod".into(),
            error: None,
            events: 1,
            found_existing: false,
            idempotency_key: "k".into(),
            integration_disabled: false,
            provider: crate::connector::config::Provider::Jira,
            reference: None,
            request: crate::connector::send::RequestRecord {
                headers: Default::default(),
                method: "POST".into(),
                url: "https://jira.example/rest/api/2/issue".into(),
                url_sha256: "sha256:00".into(),
            },
            skipped: None,
            started_at: "2026-01-01T00:00:00Z".into(),
            status_code: Some(201),
            success: true,
        };
        let failed = crate::connector::send::Delivery {
            success: false,
            error: Some("HTTP 503".into()),
            attempt_count: 3,
            ..one.clone()
        };
        let mut many = vec![
            crate::connector::send::Delivery {
                success: true,
                ..one.clone()
            };
            60
        ];
        many.push(failed);
        let t = super::summary_table(&many);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(
            t.rows[0][..9],
            ["jira-prod", "jira", "61", "60", "1", "0", "61", "63", "HTTP 503"]
        );
    }
}
