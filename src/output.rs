//! Rendering: one `Serialize` outcome per command, shown as a table, JSON,
//! NDJSON, Markdown or (validate) GitHub annotations and SARIF — never two code paths
//! that can disagree. stdout is data; stderr is status ([`Shell`]).
//!
//! Every JSON output names its schema in a `schema` member
//! ([`Render::schema`] has no default), so a reader can check it against
//! `cavra schema show NAME`; a list stays `{items, total}` beside it.
//!
//! A closed stdout (`cavra … | head`) ends the command quietly: writes
//! return the `BrokenPipe` error and `main` exits 0 on it.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::Style;

use crate::error::CliError;

pub mod sarif;

/// How stdout is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people (the default on a terminal)
    Table,
    /// Plain lines for people; the same as table where a command has no text form
    Text,
    /// Pretty JSON, a versioned contract naming its schema in `schema` (`cavra schema show NAME` prints it); the default when stdout is not a terminal
    Json,
    /// One compact JSON value per line
    Ndjson,
    /// A Markdown table, for pull-request comments and $GITHUB_STEP_SUMMARY
    Markdown,
    /// GitHub Actions annotations (validate only)
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF readers (validate only)
    Sarif,
}

impl Format {
    /// `--format` when given, else table on a terminal and JSON elsewhere.
    pub fn resolve(given: Option<Format>) -> Format {
        given.unwrap_or_else(|| {
            if io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Json
            }
        })
    }
}

/// What almost every command renders: its outcome as a table, text, JSON,
/// NDJSON or Markdown.
pub const RECORD_FORMATS: &[Format] = &[
    Format::Table,
    Format::Text,
    Format::Json,
    Format::Ndjson,
    Format::Markdown,
];
/// `validate`: the record formats plus GitHub Actions annotations and SARIF.
pub const VALIDATE_FORMATS: &[Format] = &[
    Format::Table,
    Format::Text,
    Format::Json,
    Format::Ndjson,
    Format::Markdown,
    Format::Github,
    Format::Sarif,
];
/// Dashboards: a summary for people, one JSON object, or Markdown for
/// `$GITHUB_STEP_SUMMARY`.
pub const DASHBOARD_FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Markdown];
/// A command whose output is JSON whatever is asked (`schema show`).
pub const JSON_FORMATS: &[Format] = &[Format::Json];
/// A command that prints no formatted outcome (`demo`).
pub const NO_FORMATS: &[Format] = &[];

/// The `--format` value parser of one command: it offers (in help and
/// completions) and accepts exactly the formats that command renders.
#[derive(Debug, Clone)]
pub struct FormatParser(pub Vec<Format>);

impl clap::builder::TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        use clap::ValueEnum;
        if self.0.is_empty() {
            let err = clap::Error::raw(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "`cavra {}` prints no formatted output: leave out --format\n",
                    cmd.get_name()
                ),
            )
            .with_cmd(cmd);
            return Err(err);
        }
        let names: Vec<&str> = self.0.iter().map(|f| f.name()).collect();
        let parser = clap::builder::PossibleValuesParser::new(names);
        let name = parser.parse_ref(cmd, arg, value)?;
        Ok(Format::from_str(&name, false).expect("offered names are formats"))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        use clap::ValueEnum;
        Some(Box::new(self.0.iter().filter_map(|f| f.to_possible_value())))
    }
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Text => "text",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }
}

/// Rows of a table view: a header and string cells.
#[derive(Debug, Default)]
pub struct TableView {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl TableView {
    pub fn new(header: &[&str]) -> TableView {
        TableView {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
    /// Two columns, field and value, for one record.
    pub fn fields(value: &serde_json::Value) -> TableView {
        let mut t = TableView::new(&["field", "value"]);
        if let Some(map) = value.as_object() {
            for (k, v) in map {
                t.row(vec![k.clone(), cell(v)]);
            }
        }
        t
    }
}

/// A JSON value as a table cell: strings bare, lists comma-joined, null empty.
pub fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// NDJSON lines of a list: one JSON value per item.
pub fn ndjson_items<T: Serialize>(items: &[T]) -> Vec<serde_json::Value> {
    items
        .iter()
        .map(|i| serde_json::to_value(i).expect("outcomes serialize"))
        .collect()
}

/// A command's outcome, renderable in every format.
pub trait Render: Serialize {
    /// The schema its JSON follows (`schemas/NAME.schema.json`, `cavra
    /// schema show NAME`), written as the first member, `schema`; `None`
    /// where the outcome carries that member itself. Every JSON output
    /// names its schema: there is no default.
    fn schema(&self) -> Option<&'static str>;
    /// The table and Markdown view.
    fn table(&self) -> TableView;
    /// The NDJSON items (default: the whole outcome as one line).
    fn ndjson(&self) -> Vec<serde_json::Value> {
        vec![serde_json::to_value(Named::of(self)).expect("outcomes serialize")]
    }
    /// A plain-text view for `--format text` (and `table` where it reads
    /// better than a table); `None` uses the table.
    fn text(&self) -> Option<String> {
        None
    }
    /// A Markdown view richer than the table; `None` uses the table.
    fn markdown(&self) -> Option<String> {
        None
    }
    /// GitHub Actions annotations; `None` where a command has none.
    fn github(&self) -> Option<String> {
        None
    }
    /// A SARIF 2.1.0 log; `None` where a command has none.
    fn sarif(&self) -> Option<serde_json::Value> {
        None
    }
}

/// An outcome as JSON: `schema` (its [`Render::schema`]) and then its own
/// members, streamed (serde's flatten writes them straight through).
#[derive(Serialize)]
struct Named<'a, T: Serialize + ?Sized> {
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<&'static str>,
    #[serde(flatten)]
    outcome: &'a T,
}

impl<'a, T: Render + ?Sized> Named<'a, T> {
    fn of(outcome: &'a T) -> Named<'a, T> {
        Named {
            schema: outcome.schema(),
            outcome,
        }
    }
}

/// Writes `outcome` to stdout in `format`. JSON and NDJSON are streamed, so
/// a large listing or delivery record is never held twice; the text formats
/// are rendered first, so one a command lacks fails before any output.
pub fn emit<T: Render>(outcome: &T, format: Format) -> Result<(), CliError> {
    let text = match format {
        Format::Json | Format::Ndjson => None,
        // Whatever a view wrote itself is escaped once more: only its own
        // line breaks and tabs pass (cells were escaped whole, below).
        Format::Markdown => Some(
            escape_controls(
                &outcome.markdown().unwrap_or_else(|| markdown_table(&outcome.table())),
                &['\n'],
            )
            .into_owned(),
        ),
        Format::Text | Format::Table => Some(
            escape_controls(
                &outcome.text().unwrap_or_else(|| table_text(&outcome.table(), false)),
                &['\n', '\t'],
            )
            .into_owned(),
        ),
        Format::Github => Some(outcome.github().ok_or_else(|| {
            CliError::usage("--format github is only for `cavra validate`")
                .hint("use --format table, json, ndjson or markdown")
        })?),
        Format::Sarif => {
            let log = outcome.sarif().ok_or_else(|| {
                CliError::usage("--format sarif is only for `cavra validate`")
                    .hint("use --format table, json, ndjson or markdown")
            })?;
            let mut text = serde_json::to_string_pretty(&log).expect("SARIF serializes");
            text.push('\n');
            Some(text)
        }
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = match text {
        Some(text) => out.write_all(text.as_bytes()),
        None if format == Format::Json => serde_json::to_writer_pretty(&mut out, &Named::of(outcome))
            .map_err(io::Error::from)
            .and_then(|()| out.write_all(b"\n")),
        None => outcome.ndjson().iter().try_for_each(|item| {
            serde_json::to_writer(&mut out, item)
                .map_err(io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }),
    };
    written.and_then(|()| out.flush()).map_err(stdout_error)
}

/// A table view as aligned plain columns.
pub fn plain_table(view: &TableView) -> String {
    table_text(view, false)
}

/// A table view as a Markdown table.
pub fn markdown_table(view: &TableView) -> String {
    table_text(view, true)
}

/// The width tables are fitted into: standard output's terminal width (or
/// `COLUMNS`, when set, as a terminal is resized under it); none when
/// standard output is not a terminal, so a pipe or a file gets every value
/// whole.
fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    crate::env::var(crate::env::COLUMNS)
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 20)
        .or_else(|| terminal_size::terminal_size_of(io::stdout()).map(|(w, _)| usize::from(w.0)))
}

/// A table as text (`markdown`: a Markdown table), fitted into `width`
/// columns when given: the widest columns are cut first, each cut value
/// ending in `…` (the full values are in `--format json`).
fn table_text(view: &TableView, markdown: bool) -> String {
    table_text_within(view, markdown, if markdown { None } else { terminal_width() })
}

fn table_text_within(view: &TableView, markdown: bool, width: Option<usize>) -> String {
    if view.rows.is_empty() && !markdown {
        return String::new();
    }
    let mut builder = Builder::default();
    let cell = |c: &String| -> String {
        if markdown {
            markdown_cell(c)
        } else {
            escape_controls(c, &[]).into_owned()
        }
    };
    builder.push_record(view.header.iter().map(cell).collect::<Vec<_>>());
    for row in &view.rows {
        builder.push_record(row.iter().map(cell).collect::<Vec<_>>());
    }
    let mut table = builder.build();
    if markdown {
        table.with(Style::markdown());
    } else {
        table.with(Style::blank());
    }
    if let Some(width) = width {
        use tabled::settings::{Width, peaker::Priority};
        table.with(Width::truncate(width).suffix("…").priority(Priority::max(true)));
    }
    let mut s = table.to_string();
    if !markdown {
        s = s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    }
    s.push('\n');
    s
}

/// The one sanitiser of human formats: `text` with every control character
/// (C0, DEL, C1) and every bidirectional override shown as an escape
/// (`\u{1b}`), except those in `keep`. A value from a store or a receiver
/// then cannot move the cursor, retitle the terminal, colour or reorder
/// what follows, or add a line.
pub fn escape_controls<'a>(text: &'a str, keep: &[char]) -> std::borrow::Cow<'a, str> {
    let bad = |c: char| {
        !keep.contains(&c)
            && (c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    };
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A value as one Markdown table cell: controls escaped (a newline cannot
/// end the row), HTML escaped (no `<img>`, no tag), and `|`, `[`, `]`
/// backslash-escaped (no column, link or image).
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_controls(text, &[]).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A write error on stdout: a closed pipe ends quietly, anything else is an I/O error.
pub fn stdout_error(e: io::Error) -> CliError {
    CliError::new(stdout_error_code(&e), stdout_error_message(&e))
}

/// The exit code of a failed write to stdout: a broken pipe (`cavra … |
/// head`) ends quietly with success.
pub fn stdout_error_code(e: &io::Error) -> crate::error::ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        crate::error::ExitCode::Success
    } else {
        crate::error::ExitCode::Io
    }
}

/// The message of a failed write to stdout.
pub fn stdout_error_message(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::BrokenPipe {
        "broken pipe".to_string()
    } else {
        format!("cannot write to stdout: {e}")
    }
}

/// Status output on stderr: `-q` silences it, `-v` adds detail.
#[derive(Debug, Clone, Copy)]
pub struct Shell {
    pub quiet: bool,
    pub verbose: bool,
}

impl Shell {
    /// A status line (`  Added splunk-prod`), unless quiet.
    pub fn status(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(io::stderr(), "{text}");
        }
    }
    /// Detail shown only with `-v`.
    pub fn detail(&self, text: &str) {
        if self.verbose && !self.quiet {
            let _ = writeln!(io::stderr(), "{text}");
        }
    }
    /// A warning, shown even when quiet.
    pub fn warn(&self, text: &str) {
        let _ = writeln!(io::stderr(), "warning: {text}");
    }
}

#[cfg(test)]
mod tests {
    use super::{TableView, table_text_within};

    /// A table wider than the terminal is cut to it, widest columns first,
    /// each cut value ending in `…`; without a width every value is whole.
    #[test]
    fn tables_fit_the_width_they_are_given() {
        let mut view = TableView::new(&["id", "provider", "owner", "endpoint", "notes"]);
        for i in 0..5 {
            view.row(vec![
                format!("int-{i}"),
                "splunk".into(),
                "secops@example.com".into(),
                format!("https://hec.example.com/services/collector/event/{}", "x".repeat(40)),
                "n".repeat(60),
            ]);
        }
        let whole = table_text_within(&view, false, None);
        assert!(whole.lines().any(|l| l.chars().count() > 170), "{whole}");
        let fitted = table_text_within(&view, false, Some(80));
        for line in fitted.lines() {
            assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
        }
        assert!(fitted.contains('…'), "{fitted}");
        assert!(
            fitted.contains("int-4") && fitted.contains("splunk"),
            "narrow columns stay whole: {fitted}"
        );
    }
}
