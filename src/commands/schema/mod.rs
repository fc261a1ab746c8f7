//! `cavra schema …`: the JSON Schemas embedded in this binary.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::output::{Format, Render, TableView, emit, stdout_error};
use crate::store::schema::{SCHEMAS, find};

/// Print the JSON Schemas cavra validates against
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    List(SchemaListArgs),
    Show(SchemaShowArgs),
}

/// List the embedded schemas
#[derive(Debug, Args)]
pub struct SchemaListArgs {}

/// Print one embedded schema (JSON)
#[derive(Debug, Args)]
pub struct SchemaShowArgs {
    /// The schema name, e.g. cavra.integration.v1
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(SCHEMAS.iter().map(|s| s.name)))]
    pub name: String,
}

#[derive(Serialize)]
struct Entry {
    name: &'static str,
    title: String,
    description: String,
}

#[derive(Serialize)]
struct ListView {
    items: Vec<Entry>,
    total: usize,
}

impl Render for ListView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.schema.list.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["name", "description"]);
        for e in &self.items {
            let short = e
                .description
                .split(". ")
                .next()
                .unwrap_or_default()
                .trim_end_matches('.');
            t.row(vec![e.name.to_string(), short.to_string()]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

pub fn run(ctx: &Ctx, cmd: SchemaCommand) -> Result<ExitCode, CliError> {
    match cmd {
        SchemaCommand::List(_) => {
            let items: Vec<Entry> = SCHEMAS
                .iter()
                .map(|s| {
                    let v: serde_json::Value = serde_json::from_str(s.text).expect("embedded schemas parse");
                    Entry {
                        name: s.name,
                        title: v["title"].as_str().unwrap_or_default().to_string(),
                        description: v["description"].as_str().unwrap_or_default().to_string(),
                    }
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
        SchemaCommand::Show(args) => {
            let schema = find(&args.name)
                .ok_or_else(|| CliError::usage(format!("no schema {}", crate::secrets::excerpt(&args.name))))?;
            if !matches!(ctx.format, Format::Json | Format::Table | Format::Text) {
                return Err(CliError::usage("`cavra schema show` prints the schema as JSON only"));
            }
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(schema.text.as_bytes())
                .map_err(stdout_error)?;
        }
    }
    Ok(ExitCode::Success)
}
