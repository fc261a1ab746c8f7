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
                .hint(format!(
                    "if it is intended, reseal the store with `cavra reseal {store}`"
                )),
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
            StoreError::Exists { id, .. } => CliError::new(ExitCode::Conflict, message).hint(format!(
                "change it with `cavra integration update {} …`, or replace it with `cavra integration add --upsert …`",
                crate::secrets::label(&id)
            )),
            StoreError::NotFound { nearest, .. } => {
                let e = CliError::new(ExitCode::Conflict, message);
                match crate::suggest::did_you_mean(&nearest) {
                    Some(question) => e.hint(question),
                    None => e.hint("`cavra integration list` shows the known ids"),
                }
            }
            StoreError::Sqlite { source, .. } => CliError::new(ExitCode::Io, message).cause(source.to_string()),
            StoreError::Symlink { link, .. } => CliError::data(message).hint(format!(
                "replace {} with a real directory or file (a symlink may be committed by anyone who can open a pull request)",
                link.display()
            )),
        }
    }
}

impl From<crate::ops::inventory::ImportError> for CliError {
    fn from(err: crate::ops::inventory::ImportError) -> CliError {
        use crate::ops::inventory::ImportError;
        let message = err.to_string();
        match err {
            ImportError::NotJson { .. } => CliError::data(message)
                .hint("give a JSON array of objects, NDJSON (one object per line) or a cavra store file"),
            ImportError::NoRecords { .. } => {
                CliError::data(message).hint("nothing was imported; give a file with at least one record")
            }
            ImportError::Exists { .. } => CliError::new(ExitCode::Conflict, message)
                .hint("re-run with --upsert to replace them (created_at is kept); nothing was imported"),
            ImportError::Store(e) => e.into(),
        }
    }
}

impl From<crate::ops::repair::RepairError> for CliError {
    fn from(err: crate::ops::repair::RepairError) -> CliError {
        match err {
            crate::ops::repair::RepairError::Store(e) => e.into(),
        }
    }
}

impl From<crate::ops::ledger::LedgerError> for CliError {
    fn from(err: crate::ops::ledger::LedgerError) -> CliError {
        use crate::ops::ledger::LedgerError;
        match err {
            LedgerError::UnknownLedger { .. } => {
                CliError::usage(err.to_string()).hint("`cavra ops stores` lists the stores and their kinds")
            }
            LedgerError::LegalHold { .. } => CliError::new(ExitCode::Conflict, err.to_string())
                .hint("a prune waits until the hold is lifted (by whoever placed it: the file removed and committed, or `cavra aispm tenant update T --legal-hold false`)"),
            LedgerError::NotValid { ref problems, .. } => {
                let mut e = CliError::data(err.to_string());
                for p in problems.iter().skip(1).take(20) {
                    e = e.cause(p.to_string());
                }
                e.hint("fix what `cavra validate` reports (`cavra ops repair` fixes torn tails), then prune")
            }
            LedgerError::FutureDate { .. } => {
                CliError::usage(err.to_string()).hint("give a past date, e.g. --before 2025-01-01")
            }
            LedgerError::NotSegmented { ref ledger } => CliError::new(ExitCode::Conflict, err.to_string())
                .hint(format!("move it into segments first: `cavra ledger migrate {ledger}`")),
            LedgerError::Store(e) => e.into(),
            LedgerError::Git(e) => e.into(),
        }
    }
}

impl From<crate::git::GitError> for CliError {
    fn from(err: crate::git::GitError) -> CliError {
        use crate::git::GitError;
        let message = err.to_string();
        match err {
            GitError::NotARepository { .. } => {
                CliError::usage(message).hint("run it inside a git work tree (or with -C DIR), or `git init` first")
            }
            GitError::UnknownRevision { .. } => {
                CliError::usage(message).hint("name a commit, branch or tag, e.g. HEAD~1 or main")
            }
            GitError::Git(_) => CliError::new(ExitCode::Io, message),
        }
    }
}

impl From<crate::ops::validate::ValidateError> for CliError {
    fn from(err: crate::ops::validate::ValidateError) -> CliError {
        match err {
            crate::ops::validate::ValidateError::Git(e) => e.into(),
            crate::ops::validate::ValidateError::Ledger(e) => e.into(),
        }
    }
}

impl From<crate::ops::git_setup::GitSetupError> for CliError {
    fn from(err: crate::ops::git_setup::GitSetupError) -> CliError {
        use crate::ops::git_setup::GitSetupError;
        match err {
            GitSetupError::Config(_) => CliError::new(ExitCode::Io, err.to_string()),
            GitSetupError::MergeFile { .. } => CliError::internal(err.to_string()),
            GitSetupError::Git(e) => e.into(),
            GitSetupError::Store(e) => e.into(),
        }
    }
}

impl From<crate::ops::demo::DemoError> for CliError {
    fn from(err: crate::ops::demo::DemoError) -> CliError {
        use crate::ops::demo::DemoError;
        let message = err.to_string();
        match err {
            DemoError::DirNotEmpty { .. } => CliError::usage(message)
                .hint("give a new or empty directory, or leave out --dir to use a temporary one"),
            DemoError::Store(e) => e.into(),
            DemoError::Output(source) => crate::output::stdout_error(source),
            DemoError::Executable(source) | DemoError::Receiver(source) | DemoError::Spawn { source, .. } => {
                CliError::internal(message).cause(source.to_string())
            }
            DemoError::Git { source, .. } => CliError::internal(message).cause(source.to_string()),
        }
    }
}

impl From<crate::ops::diff::DiffError> for CliError {
    fn from(err: crate::ops::diff::DiffError) -> CliError {
        use crate::ops::diff::DiffError;
        match err {
            DiffError::Git(e) => e.into(),
            DiffError::Store(e) => e.into(),
            DiffError::NoCommits => CliError::usage(err.to_string())
                .hint("commit the stores first (`git add .cavra && git commit`), then run `cavra diff`"),
            other => CliError::data(other.to_string()).hint("run `cavra validate` on that revision"),
        }
    }
}

impl From<crate::ops::retention::RetentionError> for CliError {
    fn from(err: crate::ops::retention::RetentionError) -> CliError {
        match err {
            crate::ops::retention::RetentionError::Store(e) => e.into(),
        }
    }
}

impl From<crate::env::EnvError> for CliError {
    fn from(err: crate::env::EnvError) -> CliError {
        let hint = format!("set {} to {}, or unset it for the default", err.name, err.accepted);
        CliError::usage(err.to_string()).hint(hint)
    }
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|i| seen.insert(i.clone()));
    items
}

impl From<crate::ops::backup::BackupError> for CliError {
    fn from(err: crate::ops::backup::BackupError) -> CliError {
        match err {
            crate::ops::backup::BackupError::Store(e) => e.into(),
            crate::ops::backup::BackupError::Git(e) => e.into(),
        }
    }
}

impl From<crate::ops::restore::RestoreError> for CliError {
    fn from(err: crate::ops::restore::RestoreError) -> CliError {
        use crate::ops::restore::RestoreError as E;
        let message = err.to_string();
        let listed = |code: ExitCode, problems: &[Problem]| {
            let mut e = CliError::new(code, message.clone());
            for p in problems {
                e = e.cause(p.to_string());
            }
            for h in dedup(problems.iter().filter_map(|p| p.hint.clone()).collect()) {
                e = e.hint(h);
            }
            e
        };
        match err {
            E::Usage => CliError::usage(message),
            E::Manifest { .. } => {
                CliError::data(message).hint("the manifest was edited or damaged; restore from another backup")
            }
            E::Refused { problems } => listed(ExitCode::Data, &problems),
            E::Conflicts { problems } => listed(ExitCode::Conflict, &problems),
            E::ReadBack => CliError::data(message).hint("check the disk; the backup itself verified"),
            E::Journal { .. } => CliError::data(message).hint(
                "the journal (git-ignored) was not written by cavra for this workspace: inspect it, then delete it",
            ),
            E::Store(e) => e.into(),
            E::Git(e) => e.into(),
        }
    }
}

impl From<crate::connector::ConnectorError> for CliError {
    fn from(err: crate::connector::ConnectorError) -> CliError {
        let message = err.to_string();
        match err {
            crate::connector::ConnectorError::ConfigMissing { path, .. } => CliError::usage(message).hint(format!(
                "create {} (see examples/connectors/connectors.json), or point --config / CAVRA_CONNECTOR_CONFIG at it",
                path.display()
            )),
            crate::connector::ConnectorError::ConfigInvalid { problems } => {
                let mut e = CliError::data(message);
                for p in problems.iter().skip(1).take(20) {
                    e = e.cause(p.to_string());
                }
                if let Some(h) = problems.iter().find_map(|p| p.hint.clone()) {
                    e = e.hint(h);
                }
                e
            }
            crate::connector::ConnectorError::UnknownConnector { known, .. } => CliError::usage(message).hint(if known.is_empty() {
                "the configuration has no connectors".to_string()
            } else {
                format!("configured connectors: {}", known.join(", "))
            }),
            crate::connector::ConnectorError::NoUrl { .. } | crate::connector::ConnectorError::Option { .. } => {
                CliError::data(message).hint("fix the connector in the configuration, then run `cavra connector check`")
            }
            crate::connector::ConnectorError::EnvUnset { var, .. } => CliError::usage(message).hint(format!(
                "export {var}=… before delivering, or select other connectors with --provider"
            )),
            crate::connector::ConnectorError::SecretFileInRepo { key, .. } => CliError::usage(message).hint(format!(
                "a secret file in the repository is one `git add` from being committed: move it outside, or use `{}_env`",
                key.trim_end_matches("_file")
            )),
            crate::connector::ConnectorError::SecretFile { .. }
            | crate::connector::ConnectorError::CaFileMissing { .. }
            | crate::connector::ConnectorError::CaFileBad { .. } => CliError::usage(message)
                .hint("fix the path in the configuration (relative paths are relative to the configuration file)"),
            crate::connector::ConnectorError::EventTooLarge { .. } => CliError::data(message).hint(
                "the destination would reject or truncate it: shrink the event, or deliver it to another connector",
            ),
            crate::connector::ConnectorError::InsecureUrl { .. } | crate::connector::ConnectorError::BadUrl { .. } => CliError::usage(message).hint(
                "use https://, or set `allow_insecure_http: true` on the connector if plain http is really intended",
            ),
        }
    }
}

impl From<crate::ops::deliver::DeliverError> for CliError {
    fn from(err: crate::ops::deliver::DeliverError) -> CliError {
        use crate::ops::deliver::DeliverError as E;
        const SHAPE_HINT: &str = "deliver one JSON object, or NDJSON with one object per line";
        let message = err.to_string();
        match err {
            E::Read { .. } => CliError::new(ExitCode::Io, message)
                .hint("give the path of an event JSON object or an NDJSON file of them (or - for standard input)"),
            E::NotObject { .. } | E::InvalidJson { .. } => CliError::data(message).hint(SHAPE_HINT),
            E::InvalidLine { .. } | E::NoEvent { .. } => CliError::data(message),
            E::BadEventId { .. } => CliError::data(message).hint(format!(
                "an event id names the delivery's records: at most {} characters, no control characters",
                crate::ops::deliver::events::MAX_ID_CHARS
            )),
            E::TooLarge { source, .. } => {
                let mut e = CliError::from(source);
                e.message = message;
                e
            }
            E::Schema(_) => CliError::internal(message),
            E::Connector(e) => e.into(),
            E::Store(e) => e.into(),
        }
    }
}

impl From<crate::ops::history::HistoryError> for CliError {
    fn from(err: crate::ops::history::HistoryError) -> CliError {
        use crate::ops::history::HistoryError as E;
        let message = err.to_string();
        match err {
            E::Broken { ledger, problem } => {
                let mut e = CliError::data(message).cause(
                    "`cavra validate` fails on this ledger: history and dashboards count only a ledger whose chain verifies",
                );
                if let Some(h) = problem.hint {
                    e = e.hint(h);
                }
                e.hint(format!(
                    "run `cavra validate` to see every problem; `git log -p -- {}` shows who changed it",
                    ledger.display()
                ))
            }
            E::EmptyWindow { .. } => CliError::usage(message).hint("give --since before --until"),
            E::Store(e) => e.into(),
        }
    }
}

impl From<crate::ops::release::ReleaseError> for CliError {
    fn from(err: crate::ops::release::ReleaseError) -> CliError {
        use crate::ops::release::ReleaseError as E;
        let message = err.to_string();
        match err {
            E::Read { .. } => CliError::new(ExitCode::Io, message).hint("give the path of the release input (a JSON file)"),
            E::Json { .. } => CliError::data(message),
            E::Invalid { problems, schema, .. } => {
                let mut e = CliError::data(message);
                for p in problems.iter().skip(1).take(10) {
                    e = e.cause(p.to_string());
                }
                e.hint(format!("`cavra schema show {schema}` prints the schema; examples/release/ has worked examples"))
            }
            E::IdMismatch { .. } => CliError::data(message)
                .hint("ids are derived from the input (rpe_/rre_/eme_ + sha256 prefix): fix the id or the fields it is derived from"),
            E::ChecksumsMissing { .. } => CliError::data(message)
                .hint("write it beside the manifest: `sha256sum jamf-policy.json intune-win32-app.json > checksums.txt`"),
            E::ChecksumsMalformed { .. } | E::NotListed { .. } => CliError::data(message)
                .hint("checksums.txt holds one `<sha256>  <name>` line per artifact, as `sha256sum` writes it"),
            E::ArtifactMissing { .. } | E::ArtifactNotJson { .. } | E::NoArtifact { .. } => CliError::data(message),
            E::ChecksumMismatch { .. } => CliError::data(message)
                .cause("the artifact is not the one the export was approved with; nothing was sent")
                .hint("rebuild the export, or regenerate checksums.txt if the change is intended (and approved)"),
            E::ProviderNotInExport { contains, .. } => CliError::usage(message).hint(format!(
                "an export is published only to its own providers: --provider {}",
                contains.join(",")
            )),
            E::Deliver(e) => e.into(),
        }
    }
}

impl From<crate::ops::release::retry::RetryError> for CliError {
    fn from(err: crate::ops::release::retry::RetryError) -> CliError {
        use crate::ops::release::retry::RetryError as E;
        let message = err.to_string();
        match err {
            E::UnknownEvent { nearest, .. } => {
                let e = CliError::new(ExitCode::Conflict, message);
                match crate::suggest::did_you_mean(&nearest) {
                    Some(q) => e.hint(q),
                    None => e.hint("`cavra delivery history --no-success` lists the failed deliveries"),
                }
            }
            E::NothingOpen { .. } => CliError::new(ExitCode::Conflict, message)
                .hint("`cavra delivery history --event-id ID` shows its deliveries and retries"),
            E::NotRetryable { .. } => {
                CliError::new(ExitCode::Conflict, message).hint("deliver it again with the command that sent it")
            }
            E::InputChanged { .. } => CliError::data(message).hint(
                "restore the recorded input (`git log -p -- <file>`), or deliver the changed input as a new delivery",
            ),
            E::History(e) => e.into(),
            E::Release(e) => e.into(),
        }
    }
}

impl From<crate::ops::drill::DrillError> for CliError {
    fn from(err: crate::ops::drill::DrillError) -> CliError {
        use crate::ops::drill::DrillError as E;
        let message = err.to_string();
        match err {
            E::UnknownSchedule { nearest, .. } => {
                let e = CliError::new(ExitCode::Conflict, message);
                match crate::suggest::did_you_mean(&nearest) {
                    Some(question) => e.hint(question),
                    None => e.hint("`cavra drill schedule list` shows the known schedules"),
                }
            }
            E::ScheduleExists { id, .. } => CliError::new(ExitCode::Conflict, message).hint(format!(
                "change it with `cavra drill schedule update {} …`",
                crate::secrets::label(&id)
            )),
            E::ProviderNotOnSchedule { schedule, .. } => CliError::usage(message).hint(format!(
                "acknowledge one of its providers, or add the provider with `cavra drill schedule update {schedule} --acknowledgement-required-provider …`"
            )),
            E::UnknownAudit { .. } => CliError::new(ExitCode::Conflict, message)
                .hint("`cavra drill audit` builds a package and prints its audit_id; `cavra drill history --metadata-kind rollback-drill-acknowledgement-audit` lists them"),
            E::UnknownDelivery { .. } => CliError::new(ExitCode::Conflict, message).hint(
                "`cavra drill history --metadata-kind rollback-drill-acknowledgement-audit-delivery` lists the deliveries",
            ),
            E::UnknownPolicy { .. } => CliError::new(ExitCode::Conflict, message)
                .hint("`cavra drill policy list` shows the rules"),
            E::BadField { .. } => CliError::usage(message),
            E::NoProvider { .. } => CliError::usage(message).hint("name providers with --provider"),
            E::Deliver(e) => e.into(),
            E::History(e) => e.into(),
            E::Store(e) => e.into(),
        }
    }
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

impl From<crate::ops::console::ConsoleError> for CliError {
    fn from(err: crate::ops::console::ConsoleError) -> CliError {
        use crate::ops::console::ConsoleError as E;
        match err {
            E::Store(e) => e.into(),
        }
    }
}
