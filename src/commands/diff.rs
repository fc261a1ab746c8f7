use clap::Args;
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::diff::{DiffOptions, DiffOutcome, diff};
use crate::output::{Render, TableView, cell, emit};

/// Show record-level changes of every store between two revisions
///
/// With no revision, compares HEAD with the working tree; with one, that
/// revision with the working tree; with two, the first with the second.
/// Tables are compared by record key, field by field; ledgers (AISPM
/// tenants' included) by their new lines, segments a prune removed (listed
/// with the prune entry covering them) and `error` lines for committed lines
/// gone or changed without one (exit 1). `--format markdown` writes a
/// summary for a pull-request comment or $GITHUB_STEP_SUMMARY.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older revision [default: HEAD]
    pub base: Option<String>,
    /// The newer revision [default: the working tree]
    pub head: Option<String>,
    /// Exit with 1 when there are changes, 0 when there are none (like `git diff --exit-code`)
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(DiffOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["store", "change", "record", "field", "before", "after"]);
        for s in &self.0.stores {
            // An added record's summary goes in "after", a removed one's in "before".
            for (change, records) in [("added", &s.added), ("removed", &s.removed)] {
                for r in records {
                    let (before, after) = if change == "added" {
                        (String::new(), r.summary_line())
                    } else {
                        (r.summary_line(), String::new())
                    };
                    t.row(vec![
                        s.store.clone(),
                        change.into(),
                        r.key.clone(),
                        String::new(),
                        before,
                        after,
                    ]);
                }
            }
            for p in &s.pruned {
                t.row(vec![
                    s.store.clone(),
                    "pruned".into(),
                    p.segment.clone(),
                    String::new(),
                    format!("{} entries up to seq {}", p.entries, p.last_seq),
                    format!(
                        "ledger-prune entry seq {} (before {}, by {})",
                        p.prune_seq, p.before, p.by
                    ),
                ]);
            }
            for e in &s.errors {
                t.row(vec![
                    s.store.clone(),
                    "error".into(),
                    String::new(),
                    String::new(),
                    e.clone(),
                    String::new(),
                ]);
            }
            for c in &s.changed {
                for f in &c.fields {
                    t.row(vec![
                        s.store.clone(),
                        "changed".into(),
                        c.key.clone(),
                        f.field.clone(),
                        cell(&f.before),
                        cell(&f.after),
                    ]);
                }
            }
        }
        t
    }

    fn text(&self) -> Option<String> {
        if !self.0.changed {
            return Some(format!(
                "no record changes between {} and {}\n",
                self.0.base, self.0.head
            ));
        }
        None
    }

    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.0.stores)
    }

    fn markdown(&self) -> Option<String> {
        let mut s = format!("### cavra: store changes ({} → {})\n\n", self.0.base, self.0.head);
        if !self.0.changed {
            s.push_str("No record changes.\n");
            return Some(s);
        }
        s.push_str("| store | added | removed | changed |\n|---|---:|---:|---:|\n");
        for st in self.0.stores.iter().filter(|st| st.has_changes()) {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                st.path,
                st.added.len(),
                st.removed.len(),
                st.changed.len()
            ));
        }
        s.push('\n');
        s.push_str(&crate::output::markdown_table(&self.table()));
        Some(s)
    }
}

pub fn run(ctx: &Ctx, args: DiffArgs) -> Result<ExitCode, CliError> {
    let outcome = diff(
        &ctx.ws,
        &DiffOptions {
            base: args.base,
            head: args.head,
        },
    )?;
    let changed = outcome.changed;
    let errors = outcome.stores.iter().any(|s| !s.errors.is_empty());
    emit(&View(outcome), ctx.format)?;
    Ok(if errors || (args.exit_code && changed) {
        ExitCode::Verdict
    } else {
        ExitCode::Success
    })
}
