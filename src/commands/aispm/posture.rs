use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::health::{Level, PostureReport, posture};
use crate::output::{Render, TableView, emit};

/// A tenant's posture: inventory, counts, open blocks, collector coverage
///
/// Read from the committed projection (`replay --verify` checks it against
/// the ledger). Open critical blocks are critical; open high blocks, open
/// approval requests and registered collectors that never reported are
/// warnings.
#[derive(Debug, Args)]
pub struct PostureArgs {
    /// The tenant
    #[arg(long, value_name = "TENANT")]
    pub tenant: String,
    /// List inventory items first seen at or after DATE (RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub new_since: Option<String>,
    /// Exit 1 when the posture is at least this grave
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    Warning,
    Critical,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(PostureReport);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let p = &self.0;
        let mut t = TableView::new(&["dimension", "value", "events"]);
        t.row(vec![
            "level".into(),
            format!("{:?}", p.level).to_lowercase(),
            String::new(),
        ]);
        t.row(vec!["events".into(), String::new(), p.events.to_string()]);
        let c = &p.counts;
        for (dim, map) in [
            ("event_type", &c.by_event_type),
            ("decision", &c.by_decision),
            ("severity", &c.by_severity),
            ("connector", &c.by_connector),
            ("environment", &c.by_environment),
            ("repository", &c.by_repository),
        ] {
            for (k, v) in map {
                t.row(vec![dim.into(), k.clone(), v.to_string()]);
            }
        }
        for b in &p.open_blocks {
            t.row(vec![
                format!("open_block ({})", b.severity),
                b.event_id.clone(),
                String::new(),
            ]);
        }
        for a in &p.open_approvals {
            t.row(vec!["open_approval".into(), a.event_id.clone(), String::new()]);
        }
        for col in &p.collectors {
            t.row(vec![
                format!("collector ({})", if col.reporting { "reporting" } else { "silent" }),
                col.collector_id.clone(),
                col.events.to_string(),
            ]);
        }
        t
    }
}

pub fn cmd(ctx: &Ctx, args: PostureArgs) -> Result<ExitCode, CliError> {
    let report = posture(&ctx.ws.root, &args.tenant, args.new_since.as_deref())?;
    let failed = match args.fail_on {
        Some(FailOn::Warning) => report.level >= Level::Warning,
        Some(FailOn::Critical) => report.level >= Level::Critical,
        None => false,
    };
    emit(&View(report), ctx.format)?;
    Ok(if failed { ExitCode::Verdict } else { ExitCode::Success })
}
