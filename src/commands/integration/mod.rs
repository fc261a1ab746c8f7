//! `cavra integration …`: the integration inventory.

pub mod add;
pub mod deliver;
pub mod import;
pub mod list;
pub mod remove;
pub mod show;
pub mod update;

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::{Map, Value};

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::model::integration::{Category, HealthStatus, Integration, Status};
use crate::ops::inventory::{Backend, Change, Inventory, WriteOutcome};
use crate::output::{Render, TableView};

/// Manage the integration inventory (who owns which integration, and its health)
///
/// The inventory lives in `.cavra/api/integrations.json` (or
/// CAVRA_INTEGRATION_STORE), or in SQLite when CAVRA_INTEGRATION_DB is set;
/// the commands and their output are the same on both.
#[derive(Debug, Subcommand)]
pub enum IntegrationCommand {
    Add(add::IntegrationAddArgs),
    Update(update::IntegrationUpdateArgs),
    Remove(remove::IntegrationRemoveArgs),
    List(list::IntegrationListArgs),
    Show(show::IntegrationShowArgs),
    Import(import::IntegrationImportArgs),
    Deliver(deliver::IntegrationDeliverArgs),
}

pub fn run(ctx: &Ctx, cmd: IntegrationCommand) -> Result<ExitCode, CliError> {
    match cmd {
        IntegrationCommand::Add(args) => add::cmd_integration_add(ctx, args),
        IntegrationCommand::Update(args) => update::cmd_integration_update(ctx, args),
        IntegrationCommand::Remove(args) => remove::cmd_integration_remove(ctx, args),
        IntegrationCommand::List(args) => list::cmd_integration_list(ctx, args),
        IntegrationCommand::Show(args) => show::cmd_integration_show(ctx, args),
        IntegrationCommand::Import(args) => import::cmd_integration_import(ctx, args),
        IntegrationCommand::Deliver(args) => deliver::cmd_integration_deliver(ctx, args),
    }
}

/// The inventory this invocation works on.
pub fn inventory(ctx: &Ctx) -> Result<Inventory, CliError> {
    let backend = Backend::from_env(&ctx.ws);
    ctx.shell.detail(&format!("inventory: {}", backend.display().display()));
    Ok(Inventory::new(&ctx.ws, backend, &ctx.now()?))
}

/// The record fields `add` and `update` share. List flags repeat or take a
/// comma-separated list, like every flag with several values; on update, a
/// list flag replaces the whole list.
#[derive(Debug, Args, Default)]
pub struct FieldArgs {
    /// Display name [add default: the provider]
    #[arg(long)]
    pub name: Option<String>,
    /// Kind of system
    #[arg(long, value_enum)]
    pub category: Option<Category>,
    /// Life-cycle state
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Last known health
    #[arg(long, value_enum)]
    pub health_status: Option<HealthStatus>,
    /// Owning team [add default: platform-security]
    #[arg(long)]
    pub owner: Option<String>,
    /// Environment [add default: global]
    #[arg(long)]
    pub environment: Option<String>,
    /// How it authenticates: a mode name such as token_env, oauth_client_credentials, none (never a secret)
    #[arg(long)]
    pub auth_mode: Option<String>,
    /// Opaque reference to where it lives (never a URL holding a secret)
    #[arg(long)]
    pub endpoint_ref: Option<String>,
    /// When it was last checked (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub last_checked_at: Option<String>,
    /// Capabilities (repeat or separate with commas)
    #[arg(long = "capability", value_name = "CAPABILITY", value_delimiter = ',')]
    pub capabilities: Vec<String>,
    /// Repositories it serves (repeat or separate with commas)
    #[arg(long = "repository", value_name = "REPOSITORY", value_delimiter = ',')]
    pub repositories: Vec<String>,
    /// References to evidence about it (repeat or separate with commas)
    #[arg(long = "evidence-ref", value_name = "REF", value_delimiter = ',')]
    pub evidence_refs: Vec<String>,
}

fn parse_time(text: &str) -> Result<String, String> {
    crate::clock::parse_time(text)
}

impl FieldArgs {
    /// The given fields as a JSON object, in record field names.
    pub fn to_map(&self) -> Map<String, Value> {
        let mut m = Map::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                m.insert(k.to_string(), Value::from(v));
            }
        };
        put("name", self.name.clone());
        put("category", self.category.map(|c| c.as_str().to_string()));
        put("status", self.status.map(|c| c.as_str().to_string()));
        put("health_status", self.health_status.map(|c| c.as_str().to_string()));
        put("owner", self.owner.clone());
        put("environment", self.environment.clone());
        put("auth_mode", self.auth_mode.clone());
        put("endpoint_ref", self.endpoint_ref.clone());
        put("last_checked_at", self.last_checked_at.clone());
        for (k, list) in [
            ("capabilities", &self.capabilities),
            ("repositories", &self.repositories),
            ("evidence_refs", &self.evidence_refs),
        ] {
            if !list.is_empty() {
                m.insert(k.to_string(), Value::from(list.clone()));
            }
        }
        m
    }
}

/// One record as an outcome (show).
#[derive(Serialize)]
#[serde(transparent)]
pub struct RecordView(pub Integration);

impl Render for RecordView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.integration.record.v1")
    }
    fn table(&self) -> TableView {
        TableView::fields(&serde_json::to_value(&self.0).expect("records serialize"))
    }
}

/// The outcome of add, update and remove.
#[derive(Serialize)]
#[serde(transparent)]
pub struct WriteView(pub WriteOutcome);

impl Render for WriteView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.integration.change.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::fields(&serde_json::to_value(&self.0.integration).expect("records serialize"));
        t.rows
            .insert(0, vec!["change".into(), change_word(self.0.change).into()]);
        t
    }
}

pub fn change_word(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Updated => "updated",
        Change::Unchanged => "unchanged",
        Change::Removed => "removed",
    }
}

/// Writes the status line and the outcome of a single-record write.
pub fn finish_write(ctx: &Ctx, outcome: WriteOutcome) -> Result<ExitCode, CliError> {
    let verb = match outcome.change {
        Change::Added => "Added",
        Change::Updated => "Updated",
        Change::Unchanged => "Unchanged",
        Change::Removed => "Removed",
    };
    ctx.shell
        .status(&format!("{verb} integration {}", outcome.integration.integration_id));
    crate::output::emit(&WriteView(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
