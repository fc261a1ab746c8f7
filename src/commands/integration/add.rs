use clap::Args;
use serde_json::Value;

use super::{FieldArgs, finish_write, inventory};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::inventory::OnExisting;

/// Add an integration to the inventory
///
/// Fields not given take their defaults (category security, status planned,
/// health not_checked, owner platform-security, environment global). Without
/// --integration-id the id is the slug of `provider-environment`. Adding an
/// id that exists is an error unless --upsert, which replaces the record and
/// keeps its created_at.
#[derive(Debug, Args)]
pub struct IntegrationAddArgs {
    /// The system integrated with: splunk, sentinel, datadog, slack, teams, jira, servicenow, webhook, jamf, intune, linux, github, …
    #[arg(long)]
    pub provider: String,
    /// Stable id [default: slug of provider-environment]
    #[arg(long)]
    pub integration_id: Option<String>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Replace the record when the id already exists (keeps created_at)
    #[arg(long)]
    pub upsert: bool,
}

pub fn cmd_integration_add(ctx: &Ctx, args: IntegrationAddArgs) -> Result<ExitCode, CliError> {
    let mut input = args.fields.to_map();
    input.insert("provider".into(), Value::from(args.provider));
    if let Some(id) = args.integration_id {
        input.insert("integration_id".into(), Value::from(id));
    }
    let on_existing = if args.upsert {
        OnExisting::Replace
    } else {
        OnExisting::Fail
    };
    let outcome = inventory(ctx)?.add(&input, on_existing)?;
    finish_write(ctx, outcome)
}
