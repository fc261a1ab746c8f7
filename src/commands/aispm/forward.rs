use std::time::Duration;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::TenantScope;
use crate::commands::Ctx;
use crate::connector::config::Provider;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::forward::{ForwardOptions, ForwardOutcome, forward};
use crate::output::{Render, TableView, emit};

/// Forward a tenant's events to a SIEM connector, each once, resumable
///
/// Sends every event of the tenant's ledger that the connector has not yet
/// acknowledged, in the provider's batches, through the delivery engine
/// (retries, Retry-After, evidence, redaction). A cursor per (tenant,
/// connector) in the evidence metadata ledger names the last acknowledged
/// event: after a failed batch (exit 1) or a kill, the next run resumes
/// there and sends the failed batch again with the same idempotency key.
/// A connector with `tenant` in its configuration takes only that tenant.
#[derive(Debug, Args)]
pub struct ForwardArgs {
    #[command(flatten)]
    pub scope: TenantScope,
    /// The destination's provider
    #[arg(long, value_enum)]
    pub provider: SiemProvider,
    /// Only this connector (of that provider) [default: every enabled one]
    #[arg(long, value_name = "NAME")]
    pub connector: Option<String>,
    /// Only events that occurred at or after this time (RFC 3339); the cursor moves past the others
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only events of this type (repeatable); the cursor moves past the others
    #[arg(long, value_name = "TYPE,…", value_delimiter = ',')]
    pub event_type: Vec<String>,
    /// Retries of a failed batch after its first attempt
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Total time allowed for one request, connect included
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub timeout_seconds: f64,
    /// Print the first requests (secrets masked) and how many events are pending; send nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// The providers forwarding sends to.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SiemProvider {
    Splunk,
    Sentinel,
    Datadog,
    Webhook,
}

impl SiemProvider {
    pub fn provider(self) -> Provider {
        match self {
            SiemProvider::Splunk => Provider::Splunk,
            SiemProvider::Sentinel => Provider::Sentinel,
            SiemProvider::Datadog => Provider::Datadog,
            SiemProvider::Webhook => Provider::Webhook,
        }
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(ForwardOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "tenant",
            "connector",
            "provider",
            "pending",
            "acknowledged",
            "batches",
            "cursor_seq",
            "error",
        ]);
        for f in &self.0.forwards {
            t.row(vec![
                f.tenant.clone(),
                f.connector.clone(),
                f.provider.as_str().to_string(),
                f.pending.to_string(),
                f.acknowledged.to_string(),
                f.batches.to_string(),
                f.cursor.as_ref().map_or("-".into(), |c| c.seq.to_string()),
                f.error.clone().unwrap_or_default(),
            ]);
        }
        t
    }
}

/// The options of `forward` (and `replay --deliver`).
pub fn options(args: &ForwardArgs) -> Result<ForwardOptions, CliError> {
    if !(args.timeout_seconds > 0.0 && args.timeout_seconds <= 600.0) {
        return Err(CliError::usage("--timeout-seconds must be more than 0 and at most 600"));
    }
    if let Some(s) = &args.since
        && crate::clock::Timestamp::parse(s).is_none()
    {
        return Err(CliError::usage(format!("--since {s:?} is not an RFC 3339 time")));
    }
    Ok(ForwardOptions {
        tenant: args.scope.resolve()?.map(str::to_string),
        provider: args.provider.provider(),
        connector: args.connector.clone(),
        since: args.since.clone(),
        event_types: args.event_type.clone(),
        retries: args.retries,
        timeout: Duration::from_secs_f64(args.timeout_seconds),
        dry_run: args.dry_run,
        now: crate::clock::now()?,
    })
}

pub fn cmd(ctx: &Ctx, args: ForwardArgs) -> Result<ExitCode, CliError> {
    run(ctx, &options(&args)?)
}

/// Forwards under `opts`, says how far each connector got, and prints the outcome.
pub fn run(ctx: &Ctx, opts: &ForwardOptions) -> Result<ExitCode, CliError> {
    let out = forward(&ctx.ws, opts)?;
    for f in &out.forwards {
        let what = format!("{} → {}", f.tenant, f.connector);
        match (&f.error, opts.dry_run) {
            (_, true) => ctx
                .shell
                .status(&format!("{what}: {} event(s) pending (dry run)", f.pending)),
            (None, false) if f.pending == 0 => ctx.shell.status(&format!("{what}: nothing left to forward")),
            (None, false) => ctx.shell.status(&format!(
                "{what}: forwarded {} event(s) in {} batch(es)",
                f.acknowledged, f.batches
            )),
            (Some(e), false) => ctx.shell.warn(&format!(
                "{what}: a batch failed after {} acknowledged event(s): {e}; the next run resumes at the failed batch",
                f.acknowledged
            )),
        }
    }
    let success = out.success;
    emit(&View(out), ctx.format)?;
    Ok(if success || opts.dry_run {
        ExitCode::Success
    } else {
        ExitCode::Verdict
    })
}
