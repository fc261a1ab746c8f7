use clap::Args;
use serde_json::Value;

use super::{FieldArgs, finish_write, inventory};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};

/// Change fields of an integration (only those given)
///
/// created_at is kept; updated_at moves only when something changed. A list
/// flag (--capability, --repository, --evidence-ref) replaces that whole list.
/// --health-status records a check: last_checked_at becomes now unless
/// --last-checked-at gives the time.
#[derive(Debug, Args)]
pub struct IntegrationUpdateArgs {
    /// The integration_id to change
    pub id: String,
    /// The system integrated with
    #[arg(long)]
    pub provider: Option<String>,
    #[command(flatten)]
    pub fields: FieldArgs,
}

pub fn cmd_integration_update(ctx: &Ctx, args: IntegrationUpdateArgs) -> Result<ExitCode, CliError> {
    let mut changes = args.fields.to_map();
    if changes.contains_key("health_status") && !changes.contains_key("last_checked_at") {
        changes.insert("last_checked_at".into(), Value::from(ctx.now()?));
    }
    if let Some(provider) = args.provider {
        changes.insert("provider".into(), Value::from(provider));
    }
    if changes.is_empty() {
        return Err(CliError::usage("nothing to update: give at least one field flag")
            .hint(format!("e.g. `cavra integration update {} --status active`", args.id)));
    }
    let outcome = inventory(ctx)?.update(&args.id, &changes)?;
    finish_write(ctx, outcome)
}
