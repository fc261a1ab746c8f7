//! Errors and exit codes.
//!
//! Library modules return typed errors that carry data ([`StoreError`] here;
//! each ops, git and connector module its own). Every one of them implements
//! [`Diagnostic`] beside its definition: its exit code, causes and hints. The
//! one generic `From` impl turns any of them into the [`CliError`] a command
//! ends with, so this module is a low room that imports no layer above it.
//! Exit codes are a contract documented in the README and `cavra(1)`.

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Process exit codes. Scripts may rely on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything worked.
    Success = 0,
    /// The command ran and its answer is "no": validation found problems, a
    /// delivery failed (unless --allow-failure), a connector does not resolve.
    Verdict = 1,
    /// The command line is wrong (unknown flag, bad value, unsupported format).
    Usage = 2,
    /// The request does not fit the data: unknown id, id already present.
    Conflict = 3,
    /// A store or input file is malformed, violates its schema or its checksum.
    Data = 4,
    /// The environment failed: a file could not be read or written, a lock timed out.
    Io = 5,
    /// A bug in cavra.
    Internal = 6,
}

/// The exit-code table, for the README and the man page.
pub const EXIT_CODES: &[(i32, &str)] = &[
    (0, "success"),
    (
        1,
        "negative verdict: validation found problems, a delivery failed, a connector check failed, diff --exit-code found changes, repair left problems, a merge conflict, a dashboard at or above --fail-on",
    ),
    (
        2,
        "usage error: unknown command or flag, bad value, unsupported --format, missing connector config, unset variable, missing ca_file, plain-http URL",
    ),
    (
        3,
        "conflict: unknown id, or an id that already exists (add and import alike, unless --upsert); a ledger prune under a legal hold or of a ledger not yet migrated",
    ),
    (
        4,
        "data error: malformed JSON, schema violation, checksum mismatch, torn or broken ledger, an import that is not JSON or NDJSON or holds no records, a ledger prune while validate reports problems",
    ),
    (
        5,
        "I/O error: a file could not be read or written, a store lock timed out, or an input is not a regular file or is over CAVRA_MAX_INPUT_BYTES",
    ),
    (
        6,
        "internal error: a bug; one line asks to report it and shows where, never the panic's message",
    ),
];

/// One thing wrong with one place: a file, and where known the line, the
/// record and the field. Validation reports these; data errors carry them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub record: Option<String>,
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// What the problem says about the store's integrity, when more than
    /// "invalid" (`ops stores` shows the gravest one).
    #[serde(skip)]
    pub integrity: Option<Integrity>,
    /// The rule the problem breaks, when a checker says (else it follows
    /// from [`Problem::integrity`]; see [`Problem::rule`]).
    #[serde(skip)]
    pub kind: Option<ProblemKind>,
}

/// The kinds of problem `validate` reports: one SARIF rule each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A value the store's JSON Schema refuses.
    Schema,
    /// A value that looks like a secret, in a committed file.
    Secret,
    /// Text that is not strict JSON (or a merge-conflict marker).
    Syntax,
    /// Records out of order, repeated, or not in canonical layout.
    Layout,
    /// A stored checksum that does not match the records.
    Checksum,
    /// A ledger chain, seal, checkpoint or committed line that was changed.
    Chain,
    /// A ledger whose last line was cut by an interrupted write.
    TornTail,
    /// A store that cannot be read.
    Unreadable,
    /// Anything else.
    Other,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 9] = [
        ProblemKind::Schema,
        ProblemKind::Secret,
        ProblemKind::Syntax,
        ProblemKind::Layout,
        ProblemKind::Checksum,
        ProblemKind::Chain,
        ProblemKind::TornTail,
        ProblemKind::Unreadable,
        ProblemKind::Other,
    ];
    /// The rule id (`cavra/schema`, …).
    pub fn id(self) -> &'static str {
        match self {
            ProblemKind::Schema => "cavra/schema",
            ProblemKind::Secret => "cavra/secret",
            ProblemKind::Syntax => "cavra/json-syntax",
            ProblemKind::Layout => "cavra/layout",
            ProblemKind::Checksum => "cavra/checksum",
            ProblemKind::Chain => "cavra/ledger-chain",
            ProblemKind::TornTail => "cavra/torn-tail",
            ProblemKind::Unreadable => "cavra/unreadable",
            ProblemKind::Other => "cavra/store",
        }
    }
    /// One sentence on what the rule checks.
    pub fn description(self) -> &'static str {
        match self {
            ProblemKind::Schema => "A record or file does not conform to its JSON Schema",
            ProblemKind::Secret => "A committed store or configuration holds what looks like a secret",
            ProblemKind::Syntax => "A store is not strict JSON (or holds a merge-conflict marker)",
            ProblemKind::Layout => "Records are out of order, repeated or not in canonical layout",
            ProblemKind::Checksum => "A store's checksum does not match its records",
            ProblemKind::Chain => "A ledger's hash chain, seal, checkpoint or committed lines were changed",
            ProblemKind::TornTail => "A ledger's last line was cut by an interrupted write",
            ProblemKind::Unreadable => "A store cannot be read",
            ProblemKind::Other => "A store is inconsistent in another way",
        }
    }
}

/// Integrity states beyond "invalid", mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Integrity {
    ChainBroken,
    TornTail,
    ChecksumMismatch,
    Unreadable,
}

impl Integrity {
    pub fn as_str(self) -> &'static str {
        match self {
            Integrity::ChainBroken => "chain_broken",
            Integrity::TornTail => "torn_tail",
            Integrity::ChecksumMismatch => "checksum_mismatch",
            Integrity::Unreadable => "unreadable",
        }
    }
}

impl Problem {
    /// A problem in `file`. The message goes through
    /// [`crate::secrets::scrub`]: validate prints problems on stdout, and
    /// a message quoting input must not carry a secret or a whole value there
    /// either.
    pub fn new(file: &Path, message: impl Into<String>) -> Problem {
        Problem {
            file: file.display().to_string(),
            line: None,
            record: None,
            field: None,
            message: crate::secrets::scrub(&message.into()),
            hint: None,
            integrity: None,
            kind: None,
        }
    }
    /// The rule this problem breaks: its kind, else its integrity state.
    pub fn rule(&self) -> ProblemKind {
        self.kind.unwrap_or(match self.integrity {
            Some(Integrity::ChainBroken) => ProblemKind::Chain,
            Some(Integrity::TornTail) => ProblemKind::TornTail,
            Some(Integrity::ChecksumMismatch) => ProblemKind::Checksum,
            Some(Integrity::Unreadable) => ProblemKind::Unreadable,
            None => ProblemKind::Other,
        })
    }
    pub fn kind(mut self, kind: ProblemKind) -> Problem {
        self.kind = Some(kind);
        self
    }
    pub fn integrity(mut self, integrity: Integrity) -> Problem {
        self.integrity = Some(integrity);
        self
    }
    pub fn line(mut self, line: usize) -> Problem {
        self.line = Some(line);
        self
    }
    pub fn record(mut self, record: impl Into<String>) -> Problem {
        self.record = Some(crate::secrets::label(&record.into()));
        self
    }
    pub fn field(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(crate::secrets::label(&field.into()));
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = &self.record {
            write!(f, ": record {record}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What the store layer can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{} is not valid JSON (line {line}, column {column}): {message}", path.display())]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}", summarise(problems))]
    Invalid { problems: Vec<Problem> },
    #[error("{}: checksum does not match the records (stored {stored}, computed {computed})", path.display())]
    Checksum {
        path: PathBuf,
        store: String,
        stored: String,
        computed: String,
    },
    #[error("{problem}")]
    Ledger { problem: Box<Problem> },
    #[error("timed out after {waited_secs}s waiting for the lock on {}", path.display())]
    LockTimeout {
        path: PathBuf,
        lock: PathBuf,
        waited_secs: f64,
    },
    #[error("integration {} already exists in {}", crate::secrets::label(id), store.display())]
    Exists { store: PathBuf, id: String },
    #[error("no integration {} in {}", crate::secrets::label(id), store.display())]
    NotFound {
        store: PathBuf,
        id: String,
        /// Known ids close to `id`, nearest first (for "did you mean").
        nearest: Vec<String>,
    },
    #[error("refusing {}: {} is a symlink (no store is read or written through a symlink)", path.display(), link.display())]
    Symlink { path: PathBuf, link: PathBuf },
    #[error("SQLite database {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

fn summarise(problems: &[Problem]) -> String {
    match problems {
        [] => "invalid data".to_string(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    }
}

impl StoreError {
    pub fn io(action: &'static str, path: &Path, source: io::Error) -> StoreError {
        StoreError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
    pub fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }
    pub fn malformed(path: &Path, err: &serde_json::Error) -> StoreError {
        StoreError::Malformed {
            path: path.to_path_buf(),
            line: err.line(),
            column: err.column(),
            message: crate::secrets::scrub(&strip_position(&err.to_string())),
        }
    }
}

/// An error and its causes on one line, for a [`Problem`] message.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// serde_json appends " at line L column C"; cavra reports those separately.
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The error a command ends with: an exit code, a message, the chain of
/// causes and hints naming the command that fixes it.
#[derive(Debug)]
pub struct CliError {
    pub code: ExitCode,
    pub message: String,
    pub causes: Vec<String>,
    pub hints: Vec<String>,
}

impl CliError {
    pub fn new(code: ExitCode, message: impl Into<String>) -> CliError {
        CliError {
            code,
            message: message.into(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::new(ExitCode::Usage, message)
    }
    pub fn data(message: impl Into<String>) -> CliError {
        CliError::new(ExitCode::Data, message)
    }
    pub fn internal(message: impl Into<String>) -> CliError {
        CliError::new(ExitCode::Internal, message)
    }
    pub fn io(path: &Path, action: &str, err: &io::Error) -> CliError {
        CliError::new(ExitCode::Io, format!("cannot {action} {}: {err}", path.display()))
    }
    pub fn hint(mut self, hint: impl Into<String>) -> CliError {
        self.hints.push(hint.into());
        self
    }
    pub fn cause(mut self, cause: impl Into<String>) -> CliError {
        self.causes.push(cause.into());
        self
    }

    /// Writes `error: …`, `caused by: …` and `hint: …` lines to stderr.
    pub fn report(&self, color: bool) {
        use std::io::Write;
        let paint = |label: &str, code: &str| {
            if color {
                format!("\x1b[{code}m{label}\x1b[0m")
            } else {
                label.to_string()
            }
        };
        // Every line through the scrubber: no secret and no whole input
        // reaches stderr, whichever library wrote the message.
        use crate::secrets::scrub;
        let mut err = io::stderr().lock();
        let _ = writeln!(err, "{} {}", paint("error:", "1;31"), scrub(&self.message));
        for cause in &self.causes {
            let _ = writeln!(err, "{} {}", paint("caused by:", "1"), scrub(cause));
        }
        for hint in &self.hints {
            let _ = writeln!(err, "{} {}", paint("hint:", "1;36"), scrub(hint));
        }
    }
}

/// How an error presents itself at the command line: its exit code, and the
/// causes and hints printed under its message. Each error type implements it
/// beside its own definition (wrapper variants delegate to what they wrap), so
/// this module knows no layer above it; [`CliError`]'s one `From` impl is
/// generic over it.
pub trait Diagnostic: std::fmt::Display {
    /// The process exit code this error ends a command with: the wrapped
    /// error's (an error whose every variant wraps another says nothing else).
    fn exit_code(&self) -> ExitCode {
        self.wrapped().map_or(ExitCode::Internal, Diagnostic::exit_code)
    }
    /// `caused by:` lines, in order.
    fn causes(&self) -> Vec<String> {
        Vec::new()
    }
    /// `hint:` lines naming what fixes it.
    fn hints(&self) -> Vec<String> {
        Vec::new()
    }
    /// The `error:` line; the error's `Display` unless it says otherwise.
    fn message(&self) -> String {
        self.to_string()
    }
    /// The error this one only wraps (a transparent variant, such as a
    /// store error inside an ops error): its diagnosis is this one's.
    fn wrapped(&self) -> Option<&dyn Diagnostic> {
        None
    }
}

impl<E: Diagnostic> From<E> for CliError {
    fn from(err: E) -> CliError {
        diagnose(&err)
    }
}

fn diagnose(err: &dyn Diagnostic) -> CliError {
    if let Some(inner) = err.wrapped() {
        return diagnose(inner);
    }
    CliError {
        code: err.exit_code(),
        message: err.message(),
        causes: err.causes(),
        hints: err.hints(),
    }
}

/// Problems listed as `caused by:` lines: those after the first `skip`, at
/// most `take` of them.
pub fn problem_causes(problems: &[Problem], skip: usize, take: usize) -> Vec<String> {
    problems.iter().skip(skip).take(take).map(Problem::to_string).collect()
}

/// The problems' hints, each once, in first-seen order.
pub fn problem_hints(problems: &[Problem]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    problems
        .iter()
        .filter_map(|p| p.hint.clone())
        .filter(|h| seen.insert(h.clone()))
        .collect()
}

impl Diagnostic for StoreError {
    fn exit_code(&self) -> ExitCode {
        match self {
            StoreError::Io { .. } | StoreError::LockTimeout { .. } | StoreError::Sqlite { .. } => ExitCode::Io,
            StoreError::Exists { .. } | StoreError::NotFound { .. } => ExitCode::Conflict,
            StoreError::Malformed { .. }
            | StoreError::Invalid { .. }
            | StoreError::Checksum { .. }
            | StoreError::Ledger { .. }
            | StoreError::Symlink { .. } => ExitCode::Data,
        }
    }
    fn message(&self) -> String {
        match self {
            StoreError::Invalid { problems } if problems.len() > 1 => {
                format!("{} problems in {}", problems.len(), problems[0].file)
            }
            _ => self.to_string(),
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            StoreError::Io { source, .. } => vec![source.to_string()],
            StoreError::Sqlite { source, .. } => vec![source.to_string()],
            StoreError::Invalid { problems } if problems.len() > 1 => {
                let mut causes = problem_causes(problems, 0, 20);
                if problems.len() > 20 {
                    causes.push(format!("… and {} more", problems.len() - 20));
                }
                causes
            }
            StoreError::Checksum { .. } => {
                vec!["the file was changed without cavra (a hand edit, a bad merge or a broken copy)".to_string()]
            }
            StoreError::LockTimeout { lock, .. } => {
                vec![format!("another cavra process holds {}", lock.display())]
            }
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        match self {
            StoreError::Malformed { path, .. } => vec![format!(
                "fix the JSON by hand or restore the file with `git checkout -- {}`, then run `cavra validate`",
                path.display()
            )],
            StoreError::Invalid { problems } => problem_hints(problems),
            StoreError::Checksum { path, store, .. } => vec![
                format!("review the change with `git diff -- {}`", path.display()),
                format!("if it is intended, reseal the store with `cavra reseal {store}`"),
            ],
            StoreError::Ledger { problem } => problem.hint.iter().cloned().collect(),
            StoreError::LockTimeout { .. } => vec![format!(
                "wait for it to finish, or raise {} (seconds)",
                crate::env::CAVRA_LOCK_TIMEOUT
            )],
            StoreError::Exists { id, .. } => vec![format!(
                "change it with `cavra integration update {} …`, or replace it with `cavra integration add --upsert …`",
                crate::secrets::label(id)
            )],
            StoreError::NotFound { nearest, .. } => vec![match crate::suggest::did_you_mean(nearest) {
                Some(question) => question,
                None => "`cavra integration list` shows the known ids".to_string(),
            }],
            StoreError::Symlink { link, .. } => vec![format!(
                "replace {} with a real directory or file (a symlink may be committed by anyone who can open a pull request)",
                link.display()
            )],
            StoreError::Io { .. } | StoreError::Sqlite { .. } => Vec::new(),
        }
    }
}
