//! Errors and exit codes.
//!
//! Library modules return typed errors that carry data ([`StoreError`]); the
//! command layer turns every one of them into a [`CliError`] in one place
//! (`From` impls below), which knows its exit code and the hint that fixes it.
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
        "negative verdict: validation found problems, a delivery failed, a connector check failed, diff --exit-code found changes, repair left problems, a merge conflict",
    ),
    (
        2,
        "usage error: unknown command or flag, bad value, unsupported --format, missing connector config, unset variable, missing ca_file, plain-http URL",
    ),
    (3, "conflict: unknown id, or an id that already exists"),
    (
        4,
        "data error: malformed JSON, schema violation, checksum mismatch, torn or broken ledger",
    ),
    (
        5,
        "I/O error: a file could not be read or written, or a store lock timed out",
    ),
    (6, "internal error (a bug: please report it)"),
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
    pub fn new(file: &Path, message: impl Into<String>) -> Problem {
        Problem {
            file: file.display().to_string(),
            line: None,
            record: None,
            field: None,
            message: message.into(),
            hint: None,
            integrity: None,
        }
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
        self.record = Some(record.into());
        self
    }
    pub fn field(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(field.into());
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
    #[error("integration {id} already exists in {}", store.display())]
    Exists { store: PathBuf, id: String },
    #[error("no integration {id} in {}", store.display())]
    NotFound { store: PathBuf, id: String },
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
            message: strip_position(&err.to_string()),
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
        let mut err = io::stderr().lock();
        let _ = writeln!(err, "{} {}", paint("error:", "1;31"), self.message);
        for cause in &self.causes {
            let _ = writeln!(err, "{} {cause}", paint("caused by:", "1"));
        }
        for hint in &self.hints {
            let _ = writeln!(err, "{} {hint}", paint("hint:", "1;36"));
        }
    }
}

impl From<StoreError> for CliError {
    fn from(err: StoreError) -> CliError {
        let message = err.to_string();
        match err {
            StoreError::Io { source, .. } => CliError::new(ExitCode::Io, message).cause(source.to_string()),
            StoreError::Malformed { path, .. } => CliError::data(message).hint(format!(
                "fix the JSON by hand or restore the file with `git checkout -- {}`, then run `cavra validate`",
                path.display()
            )),
            StoreError::Invalid { problems } => {
                let mut e = CliError::data(match problems.len() {
                    1 => message,
                    n => format!("{n} problems in {}", problems[0].file),
                });
                if problems.len() > 1 {
                    for p in problems.iter().take(20) {
                        e = e.cause(p.to_string());
                    }
                    if problems.len() > 20 {
                        e = e.cause(format!("… and {} more", problems.len() - 20));
                    }
                }
                let hints: Vec<String> = problems.iter().filter_map(|p| p.hint.clone()).collect();
                for h in dedup(hints) {
                    e = e.hint(h);
                }
                e
            }
            StoreError::Checksum { path, store, .. } => CliError::data(message)
                .cause("the file was changed without cavra (a hand edit, a bad merge or a broken copy)")
                .hint(format!("review the change with `git diff -- {}`", path.display()))
                .hint(format!("if it is intended, reseal the store with `cavra reseal {store}`")),
            StoreError::Ledger { problem } => {
                let mut e = CliError::data(message);
                if let Some(h) = problem.hint {
                    e = e.hint(h);
                }
                e
            }
            StoreError::LockTimeout { lock, .. } => CliError::new(ExitCode::Io, message)
                .cause(format!("another cavra process holds {}", lock.display()))
                .hint(format!(
                    "wait for it to finish, or raise {} (seconds)",
                    crate::env::CAVRA_LOCK_TIMEOUT
                )),
            StoreError::Exists { id, .. } => CliError::new(ExitCode::Conflict, message)
                .hint(format!("change it with `cavra integration update {id} …`, or replace it with `cavra integration add --upsert …`")),
            StoreError::NotFound { .. } => CliError::new(ExitCode::Conflict, message)
                .hint("`cavra integration list` shows the known ids"),
            StoreError::Sqlite { source, .. } => CliError::new(ExitCode::Io, message).cause(source.to_string()),
        }
    }
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|i| seen.insert(i.clone()));
    items
}

impl From<crate::ops::aispm::AispmError> for CliError {
    fn from(err: crate::ops::aispm::AispmError) -> CliError {
        use crate::ops::aispm::AispmError as E;
        let message = err.to_string();
        match err {
            E::Store(e) => e.into(),
            E::BadTenantId { .. } | E::BadKey { .. } => CliError::usage(message),
            E::KeyInsideStore { .. } => CliError::usage(message)
                .hint("write the private key outside the repository, e.g. --out ~/.config/cavra/collector.key"),
            E::UnknownTenant { .. } => CliError::new(ExitCode::Conflict, message)
                .hint("`cavra aispm tenant list` shows the registered tenants"),
            E::UnknownCollector { .. } => {
                CliError::new(ExitCode::Conflict, message).hint("`cavra aispm tenant show TENANT` lists its collectors")
            }
            E::TenantExists { .. } | E::CollectorExists { .. } | E::KeyExists { .. } => {
                CliError::new(ExitCode::Conflict, message)
            }
            E::BadInput { .. } => CliError::data(message),
            E::Read { .. } | E::Random(_) => CliError::new(ExitCode::Io, message),
        }
    }
}
