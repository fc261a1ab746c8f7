//! `cavra connector …`: the connector configuration.

pub mod check;
pub mod list;

use clap::Subcommand;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::connectors::ConnectorsOutcome;
use crate::output::{Render, TableView};

/// Show the configured connectors and whether their references resolve
///
/// The configuration is .cavra/connectors.json (or CAVRA_CONNECTOR_CONFIG, or
/// --config). It names secrets by environment variable or file and never
/// holds one; URLs are shown masked.
#[derive(Debug, Subcommand)]
pub enum ConnectorCommand {
    List(list::ConnectorListArgs),
    Check(check::ConnectorCheckArgs),
}

pub fn run(ctx: &Ctx, cmd: ConnectorCommand) -> Result<ExitCode, CliError> {
    match cmd {
        ConnectorCommand::List(args) => list::cmd_connector_list(ctx, args),
        ConnectorCommand::Check(args) => check::cmd_connector_check(ctx, args),
    }
}

#[derive(serde::Serialize)]
#[serde(transparent)]
pub struct View(pub ConnectorsOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some(if self.0.ok.is_some() {
            "cavra.connector.check.v1"
        } else {
            "cavra.connector.list.v1"
        })
    }
    fn table(&self) -> TableView {
        let check = self.0.ok.is_some();
        let mut header = vec!["name", "provider", "enabled", "url", "references"];
        if check {
            header.extend(["state", "problem"]);
        }
        let mut t = TableView::new(&header);
        for c in &self.0.items {
            let refs: Vec<String> = c.references.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let mut row = vec![
                c.name.clone(),
                c.provider.as_str().into(),
                c.enabled.to_string(),
                c.url.clone().unwrap_or_default(),
                refs.join(" "),
            ];
            if check {
                row.push(c.state.unwrap_or_default().to_string());
                row.push(c.problem.clone().unwrap_or_default());
            }
            t.row(row);
        }
        t
    }

    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.0.items)
    }
}
