use clap::Args;
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::validate::{ValidateOutcome, validate, validate_staged};
use crate::output::{Format, Render, TableView, emit};

/// Check every store: schemas, checksums, ledger chains, secrets
///
/// Exits 1 when any problem is found; each problem names the file, the line
/// or record and the field. Ledgers are also anchored in git: every line
/// HEAD (or --base REV) committed must still be there byte for byte, and a
/// ledger must still hold the checkpoint this clone last saw. Prints text lines unless --format is given;
/// `--format github` prints GitHub Actions
/// annotations; `--format json` the full verdict. Used by the pre-commit hook
/// (.pre-commit-hooks.yaml) and in CI; `--format sarif` writes a SARIF 2.1.0
/// log for GitHub code scanning (one rule per kind of problem, each result at
/// its file and line). Without `.cavra/` it exits 2 instead of passing.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Check the stores as staged in the index git is committing (GIT_INDEX_FILE when set) instead of the work tree
    #[arg(long)]
    pub staged: bool,
    /// Anchor ledgers to this revision instead of HEAD: every line it committed must still be there (for CI on a pull request)
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub base: Option<String>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(ValidateOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["file", "line", "record", "field", "problem"]);
        for p in &self.0.problems {
            t.row(vec![
                p.file.clone(),
                p.line.map(|l| l.to_string()).unwrap_or_default(),
                p.record.clone().unwrap_or_default(),
                p.field.clone().unwrap_or_default(),
                p.message.clone(),
            ]);
        }
        t
    }

    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.0.problems)
    }

    fn text(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.0.problems {
            s.push_str(&format!("{p}\n"));
            if let Some(h) = &p.hint {
                s.push_str(&format!("  hint: {h}\n"));
            }
        }
        let checked: Vec<String> = self
            .0
            .stores
            .iter()
            .filter(|st| st.exists)
            .map(|st| format!("{} ({} records)", st.path, st.records))
            .collect();
        let n = self.0.problems.len();
        s.push_str(&match (n, checked.is_empty()) {
            (0, true) => "ok: no stores yet\n".to_string(),
            (0, false) => format!("ok: {}\n", checked.join(", ")),
            (1, _) => "1 problem found\n".to_string(),
            (n, _) => format!("{n} problems found\n"),
        });
        Some(s)
    }

    fn github(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.0.problems {
            let mut props = format!("file={}", escape_property(&p.file));
            if let Some(line) = p.line {
                props.push_str(&format!(",line={line}"));
            }
            props.push_str(",title=cavra validate");
            let mut message = String::new();
            if let Some(r) = &p.record {
                message.push_str(&format!("record {r}: "));
            }
            if let Some(f) = &p.field {
                message.push_str(&format!("field {f}: "));
            }
            message.push_str(&p.message);
            if let Some(h) = &p.hint {
                message.push_str(&format!("\nhint: {h}"));
            }
            s.push_str(&format!("::error {props}::{}\n", escape_data(&message)));
        }
        Some(s)
    }

    fn sarif(&self) -> Option<serde_json::Value> {
        Some(crate::output::sarif::log(&self.0.problems))
    }
}

/// GitHub workflow-command escaping for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// GitHub workflow-command escaping for a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn run(ctx: &Ctx, args: ValidateArgs) -> Result<ExitCode, CliError> {
    ctx.ws.require_repository()?;
    let outcome = if args.staged {
        validate_staged(&ctx.ws)?
    } else {
        validate(&ctx.ws, args.base.as_deref())?
    };
    // A gate must not pass on nothing: no `.cavra/` and no store elsewhere
    // (a store variable) is a repository cavra was never set up in.
    if !ctx.ws.cavra_dir().is_dir() && outcome.stores.iter().all(|st| !st.exists) {
        return Err(CliError::usage(format!(
            "no `.cavra/` in {}: there is nothing to validate",
            ctx.ws.root.display()
        ))
        .hint("run `cavra init` to create the stores, then commit `.cavra/`"));
    }
    let ok = outcome.ok;
    // A check reads best as lines: text unless a format was asked for.
    let format = if !ctx.format_given || ctx.format == Format::Table {
        Format::Text
    } else {
        ctx.format
    };
    emit(&View(outcome), format)?;
    Ok(if ok { ExitCode::Success } else { ExitCode::Verdict })
}
