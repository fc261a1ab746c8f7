//! The integration inventory: add, update, remove, list, show, import.
//!
//! Two backends hold the same records: the JSON table (default,
//! `.cavra/api/integrations.json` or `CAVRA_INTEGRATION_STORE`) and SQLite
//! (`CAVRA_INTEGRATION_DB`). Every rule lives here once — defaults, the
//! derived id, what an update may change, the schema check before any write,
//! exact-match filters, sort order — and the backends only get, put and
//! delete, so both give the same output for the same commands.
//!
//! Writes are all-or-nothing: an import with one bad record writes none.
//! A change that changes nothing (same content) writes nothing, so re-running
//! an import leaves the store byte-identical.
//!
//! "Already exists" has one rule: an id present with other values is a
//! conflict (exit 3) for `add` and `import` alike, unless the caller asked to
//! replace. An import's input errors ([`ImportError`]) name the input, not the
//! store, since the input is what the user fixes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use super::workspace::Workspace;
use crate::error::{Problem, StoreError};
use crate::model::integration::{self, Integration};
use crate::store::registry::{INTEGRATIONS, StoreLocation};
use crate::store::sqlite::{Db, Filter};
use crate::store::{schema, table};

/// Where the inventory lives.
#[derive(Debug, Clone)]
pub enum Backend {
    Json(StoreLocation),
    Sqlite(PathBuf),
}

impl Backend {
    /// The backend the environment selects for `ws`.
    pub fn from_env(ws: &Workspace) -> Backend {
        match Backend::sqlite_path() {
            Some(path) => Backend::Sqlite(path),
            None => Backend::Json(ws.locate(&INTEGRATIONS)),
        }
    }

    /// The SQLite inventory `CAVRA_INTEGRATION_DB` selects, if it does.
    pub fn sqlite_path() -> Option<PathBuf> {
        crate::env::var(crate::env::CAVRA_INTEGRATION_DB).map(PathBuf::from)
    }

    /// The store's path as messages show it.
    pub fn display(&self) -> PathBuf {
        match self {
            Backend::Json(loc) => loc.display.clone(),
            Backend::Sqlite(path) => path.clone(),
        }
    }
}

/// The primitive operations both backends offer inside a write.
trait Records {
    fn get(&self, id: &str) -> Result<Option<Integration>, StoreError>;
    fn put(&mut self, record: Integration) -> Result<(), StoreError>;
    fn delete(&mut self, id: &str) -> Result<(), StoreError>;
}

impl Records for table::Table<'_> {
    fn get(&self, id: &str) -> Result<Option<Integration>, StoreError> {
        table::Table::get(self, id)
    }
    fn put(&mut self, record: Integration) -> Result<(), StoreError> {
        table::Table::put(self, &record);
        Ok(())
    }
    fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        table::Table::remove(self, id);
        Ok(())
    }
}

impl Records for crate::store::sqlite::Tx<'_> {
    fn get(&self, id: &str) -> Result<Option<Integration>, StoreError> {
        crate::store::sqlite::Tx::get(self, id)
    }
    fn put(&mut self, record: Integration) -> Result<(), StoreError> {
        crate::store::sqlite::Tx::put(self, &record)
    }
    fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        crate::store::sqlite::Tx::delete(self, id)
    }
}

/// The inventory of one workspace, with the time writes are stamped with.
pub struct Inventory {
    pub backend: Backend,
    ws: Workspace,
    now: String,
}

/// What an import can fail with beyond the store's own errors.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input is neither a JSON array, NDJSON nor a cavra store file.
    #[error("{input} is not JSON or NDJSON (line {line}, column {column}): {message}")]
    NotJson {
        input: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The input parsed but held no record (an empty file, `[]`).
    #[error("{input} holds no records")]
    NoRecords { input: String },
    /// Valid records whose ids exist with other values, without `--upsert`.
    #[error("{} already exist{} in {} with other values: {}", plural(ids.len()), if ids.len() == 1 { "s" } else { "" }, store.display(), ids.join(", "))]
    Exists { store: PathBuf, ids: Vec<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for ImportError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            ImportError::NotJson { .. } | ImportError::NoRecords { .. } => ExitCode::Data,
            ImportError::Exists { .. } => ExitCode::Conflict,
            ImportError::Store(e) => e.exit_code(),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            ImportError::NotJson { .. } => {
                "give a JSON array of objects, NDJSON (one object per line) or a cavra store file"
            }
            ImportError::NoRecords { .. } => "nothing was imported; give a file with at least one record",
            ImportError::Exists { .. } => {
                "re-run with --upsert to replace them (created_at is kept); nothing was imported"
            }
            ImportError::Store(_) => return Vec::new(),
        };
        vec![hint.to_string()]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            ImportError::Store(e) => Some(e),
            _ => None,
        }
    }
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 integration".to_string()
    } else {
        format!("{n} integrations")
    }
}

/// How messages name an import's input: `-` is standard input.
fn input_name(source: &Path) -> String {
    if source.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        source.display().to_string()
    }
}

/// How a write treats an id that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnExisting {
    Fail,
    Replace,
}

/// What happened to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Updated,
    Unchanged,
    Removed,
}

/// The outcome of add, update and remove.
#[derive(Debug, Serialize)]
pub struct WriteOutcome {
    pub change: Change,
    pub integration: Integration,
}

/// The outcome of an import.
#[derive(Debug, Serialize)]
pub struct ImportOutcome {
    pub file: String,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    pub total: usize,
}

impl Inventory {
    pub fn new(ws: &Workspace, backend: Backend, now: &str) -> Inventory {
        Inventory {
            backend,
            ws: ws.clone(),
            now: now.to_string(),
        }
    }

    /// Records matching `filter`, sorted by `integration_id`.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Integration>, StoreError> {
        match &self.backend {
            Backend::Json(loc) => {
                let mut records: Vec<Integration> = table::load(loc)?;
                records.retain(|r| filter.matches(r));
                Ok(records)
            }
            Backend::Sqlite(path) if !path.exists() => Ok(Vec::new()),
            Backend::Sqlite(path) => Db::open(path, &self.now)?.0.list(filter),
        }
    }

    /// The record with this id (and only this id).
    pub fn show(&self, id: &str) -> Result<Integration, StoreError> {
        let found = match &self.backend {
            Backend::Json(loc) => table::load::<Integration>(loc)?
                .into_iter()
                .find(|r| r.integration_id == id),
            Backend::Sqlite(path) if !path.exists() => None,
            Backend::Sqlite(path) => Db::open(path, &self.now)?.0.write(|tx| tx.get(id))?,
        };
        self.with_nearest(found.ok_or_else(|| StoreError::NotFound {
            store: self.backend.display(),
            id: id.to_string(),
            nearest: Vec::new(),
        }))
    }

    /// An unknown-id error with the known ids nearest to it, for "did you
    /// mean" (read after the failed write, outside its lock).
    fn with_nearest<R>(&self, result: Result<R, StoreError>) -> Result<R, StoreError> {
        match result {
            Err(StoreError::NotFound { store, id, .. }) => {
                let known = self.list(&Filter::default()).unwrap_or_default();
                let nearest = crate::suggest::nearest(&id, known.iter().map(|r| r.integration_id.as_str()));
                Err(StoreError::NotFound { store, id, nearest })
            }
            other => other,
        }
    }

    /// Adds a record built from `input` over the defaults.
    pub fn add(&self, input: &Map<String, Value>, on_existing: OnExisting) -> Result<WriteOutcome, StoreError> {
        let file = self.backend.display();
        let now = self.now.clone();
        let input = input.clone();
        self.write(move |records| {
            let candidate = integration::new_record(&input, &now);
            let id = candidate["integration_id"].as_str().unwrap_or_default().to_string();
            let (record, change) = match records.get(&id)? {
                Some(_) if on_existing == OnExisting::Fail => {
                    return Err(StoreError::Exists { store: file, id });
                }
                Some(old) => {
                    let record = integration::replacement_record(&old, &input, &now);
                    let change = change_of(&old, &record);
                    (record, change)
                }
                None => (candidate, Change::Added),
            };
            let typed = checked(&file, &record, &label(&record, None))?;
            if change != Change::Unchanged {
                records.put(typed.clone())?;
            }
            Ok(WriteOutcome {
                change,
                integration: typed,
            })
        })
    }

    /// Changes only the fields in `changes` of record `id`.
    pub fn update(&self, id: &str, changes: &Map<String, Value>) -> Result<WriteOutcome, StoreError> {
        let file = self.backend.display();
        let now = self.now.clone();
        let changes = changes.clone();
        let id = id.to_string();
        let result = self.write(move |records| {
            let old = existing(records, &file, &id)?;
            let record = integration::updated_record(&old, &changes, &now);
            let change = change_of(&old, &record);
            let typed = checked(&file, &record, &id)?;
            if change != Change::Unchanged {
                records.put(typed.clone())?;
            }
            Ok(WriteOutcome {
                change,
                integration: typed,
            })
        });
        self.with_nearest(result)
    }

    /// Removes record `id`; an unknown id is an error.
    pub fn remove(&self, id: &str) -> Result<WriteOutcome, StoreError> {
        let file = self.backend.display();
        let id = id.to_string();
        let result = self.write(move |records| {
            let old = existing(records, &file, &id)?;
            records.delete(&id)?;
            Ok(WriteOutcome {
                change: Change::Removed,
                integration: old,
            })
        });
        self.with_nearest(result)
    }

    /// Imports records (JSON array, NDJSON, or a cavra table file). Every
    /// record is checked first; one problem anywhere and nothing is written.
    pub fn import(&self, source: &Path, text: &str, on_existing: OnExisting) -> Result<ImportOutcome, ImportError> {
        let inputs = parse_import(source, text)?;
        let source = PathBuf::from(input_name(source));
        let source = source.as_path();
        let store = self.backend.display();
        let now = self.now.clone();
        let source_name = source.display().to_string();
        self.write(move |records| {
            let mut outcome = ImportOutcome {
                file: source_name,
                added: Vec::new(),
                updated: Vec::new(),
                unchanged: Vec::new(),
                total: inputs.len(),
            };
            let mut problems = Vec::new();
            let mut conflicts = Vec::new();
            let mut staged: BTreeMap<String, Integration> = BTreeMap::new();
            for (position, input) in &inputs {
                let candidate = integration::new_record(input, &now);
                let id = candidate["integration_id"].as_str().unwrap_or_default().to_string();
                let label = label(&candidate, Some(position));
                if staged.contains_key(&id) {
                    problems.push(
                        Problem::new(source, "appears more than once in the file")
                            .record(label)
                            .field("integration_id"),
                    );
                    continue;
                }
                let (record, change) = match records.get(&id)? {
                    None => (candidate, Change::Added),
                    Some(old) => {
                        let record = integration::replacement_record(&old, input, &now);
                        let change = change_of(&old, &record);
                        (record, change)
                    }
                };
                let found = schema::check_record(INTEGRATIONS.record_schema, &record, source, Some(&label));
                if !found.is_empty() {
                    problems.extend(found);
                    continue;
                }
                if change == Change::Updated && on_existing == OnExisting::Fail {
                    conflicts.push(id);
                    continue;
                }
                let typed: Integration = serde_json::from_value(record).expect("schema-checked records deserialize");
                match change {
                    Change::Added => outcome.added.push(id.clone()),
                    Change::Updated => outcome.updated.push(id.clone()),
                    _ => outcome.unchanged.push(id.clone()),
                }
                staged.insert(id, typed);
            }
            // Bad data first (exit 4): it must be fixed whatever else is true.
            if !problems.is_empty() {
                return Err(StoreError::Invalid { problems });
            }
            // Nothing staged is written: the import is all or nothing.
            if !conflicts.is_empty() {
                return Ok(Err(ImportError::Exists { store, ids: conflicts }));
            }
            for record in staged.into_values() {
                let id = record.integration_id.clone();
                if !outcome.unchanged.contains(&id) {
                    records.put(record)?;
                }
            }
            Ok(Ok(outcome))
        })?
    }

    fn write<R>(&self, change: impl FnOnce(&mut dyn Records) -> Result<R, StoreError>) -> Result<R, StoreError> {
        match &self.backend {
            Backend::Json(loc) => {
                if loc.path.starts_with(self.ws.cavra_dir()) && !self.ws.cavra_dir().join(".gitignore").exists() {
                    super::init::init(&self.ws)?;
                }
                table::modify(loc, |rows| change(rows))
            }
            Backend::Sqlite(path) => Db::open(path, &self.now)?.0.write(|tx| change(tx)),
        }
    }
}

/// The record with this id, or the not-found error naming the store.
fn existing(records: &dyn Records, store: &Path, id: &str) -> Result<Integration, StoreError> {
    records.get(id)?.ok_or_else(|| StoreError::NotFound {
        store: store.to_path_buf(),
        id: id.to_string(),
        nearest: Vec::new(),
    })
}

fn change_of(old: &Integration, new: &Value) -> Change {
    let old = serde_json::to_value(old).expect("records serialize");
    if old == *new {
        Change::Unchanged
    } else {
        Change::Updated
    }
}

/// Schema-checks a record and returns its typed form.
fn checked(file: &Path, record: &Value, label: &str) -> Result<Integration, StoreError> {
    let problems = schema::check_record(INTEGRATIONS.record_schema, record, file, Some(label));
    if !problems.is_empty() {
        return Err(StoreError::Invalid { problems });
    }
    Ok(serde_json::from_value(record.clone()).expect("schema-checked records deserialize"))
}

/// How a record is named in messages: its id, else its place in the input.
fn label(record: &Value, position: Option<&String>) -> String {
    let id = record["integration_id"].as_str().filter(|s| !s.is_empty());
    match (id, position) {
        (Some(id), Some(pos)) => format!("{id} ({pos})"),
        (Some(id), None) => id.to_string(),
        (None, Some(pos)) => pos.clone(),
        (None, None) => "(new)".to_string(),
    }
}

/// An input object and where it stood in its file (`line 3`, `item 2`).
type Positioned = (String, Map<String, Value>);

/// Splits an import file into (position, object) pairs. Accepts a JSON
/// array, NDJSON, one JSON object, or a cavra table file (`{"records":
/// [...]}`), with or without a UTF-8 byte-order mark (editors on Windows
/// write one).
fn parse_import(source: &Path, text: &str) -> Result<Vec<Positioned>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shown = PathBuf::from(input_name(source));
    let not_json = |line: usize, e: &serde_json::Error| ImportError::NotJson {
        input: input_name(source),
        line,
        column: e.column(),
        message: crate::error::strip_position(&e.to_string()),
    };
    let trimmed = text.trim_start();
    let values: Vec<(String, Value)> = if trimmed.starts_with('[') {
        let array: Vec<Value> = serde_json::from_str(text).map_err(|e| not_json(e.line(), &e))?;
        array
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("item {}", i + 1), v))
            .collect()
    } else {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(o)) if o.get("records").is_some_and(Value::is_array) && o.contains_key("schema") => {
                o["records"]
                    .as_array()
                    .expect("checked above")
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("record {}", i + 1), v.clone()))
                    .collect()
            }
            // One object, perhaps pretty-printed over many lines: one record.
            Ok(object @ Value::Object(_)) => {
                let line = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) + 1;
                vec![(format!("line {line}"), object)]
            }
            _ => {
                let mut out = Vec::new();
                for (i, line) in text.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let v: Value = serde_json::from_str(line).map_err(|e| not_json(i + 1, &e))?;
                    out.push((format!("line {}", i + 1), v));
                }
                out
            }
        }
    };
    if values.is_empty() {
        return Err(ImportError::NoRecords {
            input: input_name(source),
        });
    }
    let mut problems = Vec::new();
    let mut objects = Vec::new();
    for (position, value) in values {
        match value {
            Value::Object(o) => objects.push((position, o)),
            other => problems
                .push(Problem::new(&shown, format!("is {}, expected an object", kind_of(&other))).record(position)),
        }
    }
    if problems.is_empty() {
        Ok(objects)
    } else {
        Err(StoreError::Invalid { problems }.into())
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
