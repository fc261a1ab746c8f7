//! `cavra secrets …`: the credential formats the secret scanner recognises,
//! so a security team can review what `validate` and every write refuse.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::output::{Render, TableView, emit};
use crate::secrets::rules::RULES;

/// The secret scanner's rules
#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    Rules(SecretsRulesArgs),
}

/// List the credential formats the secret scanner recognises (id, description)
///
/// These are what `validate` reports and every write refuses, in every
/// string of every store, the connector configuration and AISPM summaries,
/// and what no message ever prints back.
#[derive(Debug, Args)]
pub struct SecretsRulesArgs {}

#[derive(Serialize)]
struct Entry {
    id: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct ListView {
    items: Vec<Entry>,
    total: usize,
}

impl Render for ListView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.secrets.rules.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["id", "description"]);
        for e in &self.items {
            t.row(vec![e.id.to_string(), e.description.to_string()]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

pub fn run(ctx: &Ctx, cmd: SecretsCommand) -> Result<ExitCode, CliError> {
    match cmd {
        SecretsCommand::Rules(_) => {
            let items: Vec<Entry> = RULES
                .iter()
                .map(|r| Entry {
                    id: r.id,
                    description: r.description,
                })
                .collect();
            emit(
                &ListView {
                    total: items.len(),
                    items,
                },
                ctx.format,
            )?;
        }
    }
    Ok(ExitCode::Success)
}
