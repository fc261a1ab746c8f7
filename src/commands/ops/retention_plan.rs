use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::clock::Timestamp;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::retention::{Classification, RetentionOptions, RetentionPlan, plan, write};
use crate::output::{Render, TableView, emit};

/// Write a retention plan (JSON and Markdown): what is kept, protected, and expires when
///
/// Writes DIR/retention-plan.json (cavra.persistent_api.retention.v1) and
/// DIR/retention-plan.md: retain-until, delete protection (a legal hold, or
/// retention of at least 365 days), backup and restore-test frequency, and
/// per store its records by age and what would expire in each of the next 12
/// months, and per ledger the sealed segments `cavra ledger prune --before
/// <prune_before>` would remove. The same inputs and --as-of give
/// byte-identical files. Deletes nothing.
#[derive(Debug, Args)]
pub struct OpsRetentionPlanArgs {
    /// The directory for the plan files (created when absent)
    #[arg(long, value_name = "DIR")]
    pub output: PathBuf,
    /// How many days records are kept (at least 1)
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_days)]
    pub retention_days: u32,
    /// A legal hold is in place: nothing expires (also when .cavra/legal-hold exists)
    #[arg(long)]
    pub legal_hold: bool,
    /// How sensitive the data is
    #[arg(long, value_enum, default_value_t = ClassificationArg::Internal)]
    pub classification: ClassificationArg,
    /// The day the plan is for (RFC 3339 or YYYY-MM-DD) [default: now]
    #[arg(long, value_name = "DATE", value_parser = crate::clock::parse_date)]
    pub as_of: Option<Timestamp>,
}

/// `--classification` (mapped onto [`Classification`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassificationArg {
    /// Public data: monthly backups, yearly restore tests
    Public,
    /// Internal data (the default): weekly backups, quarterly restore tests
    Internal,
    /// Confidential data: daily backups, quarterly restore tests
    Confidential,
    /// Restricted data: daily backups, monthly restore tests
    Restricted,
}

impl From<ClassificationArg> for Classification {
    fn from(arg: ClassificationArg) -> Classification {
        match arg {
            ClassificationArg::Public => Classification::Public,
            ClassificationArg::Internal => Classification::Internal,
            ClassificationArg::Confidential => Classification::Confidential,
            ClassificationArg::Restricted => Classification::Restricted,
        }
    }
}

fn parse_days(text: &str) -> Result<u32, String> {
    match text.parse::<i64>() {
        Ok(n) if (1..=36_500).contains(&n) => Ok(n as u32),
        Ok(_) => {
            Err("retention must be between 1 and 36500 days; 0 or a negative number would expire everything".into())
        }
        Err(_) => Err(format!(
            "{} is not a whole number of days",
            crate::secrets::excerpt(text)
        )),
    }
}

#[derive(Serialize)]
struct View {
    files: Vec<String>,
    plan: RetentionPlan,
}

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.persistent_api.retention_plan.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["store", "records", "oldest", "expired", "expiring (12 months)"]);
        for s in &self.plan.stores {
            t.row(vec![
                s.name.clone(),
                s.records.to_string(),
                s.oldest.clone().unwrap_or_default(),
                s.expired.to_string(),
                s.expiring.values().sum::<usize>().to_string(),
            ]);
        }
        t
    }
    fn markdown(&self) -> Option<String> {
        Some(crate::ops::retention::markdown(&self.plan))
    }
}

pub fn cmd_ops_retention_plan(ctx: &Ctx, args: OpsRetentionPlanArgs) -> Result<ExitCode, CliError> {
    let as_of = match args.as_of {
        Some(t) => t,
        None => crate::clock::now()?,
    };
    let opts = RetentionOptions {
        retention_days: args.retention_days,
        legal_hold: args.legal_hold,
        classification: args.classification.into(),
        as_of,
    };
    let plan = plan(&ctx.ws, &opts)?;
    let files = write(&plan, &args.output)?;
    ctx.shell.status(&format!("Wrote {}", files.join(" and ")));
    emit(&View { files, plan }, ctx.format)?;
    Ok(ExitCode::Success)
}
