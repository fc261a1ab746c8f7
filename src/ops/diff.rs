//! `cavra diff`: record-level changes of every store between two revisions
//! (default: HEAD against the working tree), for reviewers and PR comments.
//!
//! Tables are compared by key, on the records' text first (canonical text is
//! equal exactly when the records are), so only changed records are parsed;
//! changed records list their changed fields. Ledgers are append-only: new
//! lines are additions, and anything else is reported as removed and added.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::workspace::Workspace;
use crate::error::{CliError, ExitCode};
use crate::git::Repo;
use crate::store::registry::{STORES, StoreKind, StoreLocation};
use crate::store::{fsio, ledger, table};

/// Which two states to compare.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// The older revision (default `HEAD`).
    pub base: Option<String>,
    /// The newer revision; `None` is the working tree.
    pub head: Option<String>,
}

/// `cavra.diff.v1`.
#[derive(Debug, Serialize)]
pub struct DiffOutcome {
    pub schema: &'static str,
    pub base: String,
    pub head: String,
    pub changed: bool,
    pub stores: Vec<StoreDiff>,
}

/// One store's changes.
#[derive(Debug, Serialize)]
pub struct StoreDiff {
    pub store: String,
    pub kind: String,
    pub path: String,
    pub added: Vec<Record>,
    pub removed: Vec<Record>,
    pub changed: Vec<Changed>,
}

impl StoreDiff {
    pub fn has_changes(&self) -> bool {
        !(self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty())
    }
}

/// A whole record added or removed (`key` is the id, or `seq N` in a ledger).
#[derive(Debug, Serialize)]
pub struct Record {
    pub key: String,
    pub record: Value,
}

/// A record present on both sides with different fields.
#[derive(Debug, Serialize)]
pub struct Changed {
    pub key: String,
    pub fields: Vec<FieldChange>,
}

/// One field's values before and after (`null` when absent).
#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// Compares the stores of `ws` between two states.
pub fn diff(ws: &Workspace, opts: &DiffOptions) -> Result<DiffOutcome, CliError> {
    let repo = Repo::discover(&ws.root)?;
    let base_rev = opts.base.clone().unwrap_or_else(|| "HEAD".to_string());
    let mut stores = Vec::new();
    for def in STORES {
        let loc = ws.locate(def);
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let before = repo.read_at(&base_rev, &rel)?;
        let after = match &opts.head {
            Some(rev) => repo.read_at(rev, &rel)?,
            None => fsio::read_optional(&loc.path, &loc.display)?,
        };
        let before_label = format!("{} at {base_rev}", loc.display.display());
        let after_label = match &opts.head {
            Some(rev) => format!("{} at {rev}", loc.display.display()),
            None => loc.display.display().to_string(),
        };
        let (before, after) = (before.unwrap_or_default(), after.unwrap_or_default());
        let mut d = StoreDiff {
            store: def.name.to_string(),
            kind: def.kind.as_str().to_string(),
            path: loc.display.display().to_string(),
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        };
        if before != after {
            match def.kind {
                StoreKind::Table => diff_table(&loc, (&before_label, &before), (&after_label, &after), &mut d)?,
                StoreKind::Ledger => diff_ledger(&loc, (&before_label, &before), (&after_label, &after), &mut d)?,
                StoreKind::Config => diff_config((&before_label, &before), (&after_label, &after), &mut d)?,
            }
        }
        stores.push(d);
    }
    let changed = stores.iter().any(StoreDiff::has_changes);
    Ok(DiffOutcome {
        schema: "cavra.diff.v1",
        base: base_rev,
        head: opts.head.clone().unwrap_or_else(|| "working tree".to_string()),
        changed,
        stores,
    })
}

/// Diffs two versions of a table, each read through the one table reader
/// (an empty side is an empty table). Records whose text is the same on
/// both sides are not parsed.
fn diff_table(
    loc: &StoreLocation,
    before: (&str, &[u8]),
    after: (&str, &[u8]),
    d: &mut StoreDiff,
) -> Result<(), CliError> {
    let (bt, at) = (open_side(loc, before)?, open_side(loc, after)?);
    let (b, a) = (side_texts(bt.as_ref()), side_texts(at.as_ref()));
    let parse =
        |label: &str, text: &[u8]| serde_json::from_slice::<Value>(text).map_err(|e| unverified(label, e.to_string()));
    let keys: BTreeSet<&Cow<str>> = b.keys().chain(a.keys()).collect();
    for key in keys {
        match (b.get(key), a.get(key)) {
            (None, Some(t)) => d.added.push(Record {
                key: key.to_string(),
                record: parse(after.0, t)?,
            }),
            (Some(t), None) => d.removed.push(Record {
                key: key.to_string(),
                record: parse(before.0, t)?,
            }),
            (Some(x), Some(y)) if x != y => {
                let fields = field_changes(&parse(before.0, x)?, &parse(after.0, y)?);
                if !fields.is_empty() {
                    d.changed.push(Changed {
                        key: key.to_string(),
                        fields,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn unverified(label: &str, e: String) -> CliError {
    CliError::data(format!("{label} does not verify: {e}")).hint("run `cavra validate` on that revision")
}

/// One side of a table diff through the one reader; `None` when empty.
fn open_side<'a>(
    loc: &'a StoreLocation,
    (label, bytes): (&str, &'a [u8]),
) -> Result<Option<table::Table<'a>>, CliError> {
    if bytes.is_empty() {
        return Ok(None);
    }
    table::Table::open(loc, bytes)
        .map(Some)
        .map_err(|e| unverified(label, e.to_string()))
}

/// A table's records by key, as their text in the file.
fn side_texts<'t>(table: Option<&'t table::Table<'_>>) -> BTreeMap<Cow<'t, str>, &'t [u8]> {
    table.into_iter().flat_map(|t| t.texts()).collect()
}

/// Top-level fields whose values differ, in field order.
pub fn field_changes(before: &Value, after: &Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let fields: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    fields
        .into_iter()
        .filter(|f| b.get(*f) != a.get(*f))
        .map(|f| FieldChange {
            field: f.clone(),
            before: b.get(f).cloned().unwrap_or(Value::Null),
            after: a.get(f).cloned().unwrap_or(Value::Null),
        })
        .collect()
}

/// A configuration's entries (connectors) by name.
fn diff_config(before: (&str, &[u8]), after: (&str, &[u8]), d: &mut StoreDiff) -> Result<(), CliError> {
    let entries = |(label, bytes): (&str, &[u8])| -> Result<serde_json::Map<String, Value>, CliError> {
        if bytes.is_empty() {
            return Ok(serde_json::Map::new());
        }
        let v: Value =
            serde_json::from_slice(bytes).map_err(|e| CliError::data(format!("{label} is not valid JSON: {e}")))?;
        Ok(v["connectors"].as_object().cloned().unwrap_or_default())
    };
    let (b, a) = (entries(before)?, entries(after)?);
    let names: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    for name in names {
        match (b.get(name), a.get(name)) {
            (None, Some(v)) => d.added.push(Record {
                key: name.clone(),
                record: v.clone(),
            }),
            (Some(v), None) => d.removed.push(Record {
                key: name.clone(),
                record: v.clone(),
            }),
            (Some(x), Some(y)) if x != y => d.changed.push(Changed {
                key: name.clone(),
                fields: field_changes(x, y),
            }),
            _ => {}
        }
    }
    Ok(())
}

fn diff_ledger(
    loc: &StoreLocation,
    before: (&str, &[u8]),
    after: (&str, &[u8]),
    d: &mut StoreDiff,
) -> Result<(), CliError> {
    let read = |(label, bytes): (&str, &[u8])| {
        ledger::parse_bytes(loc, bytes).map_err(|e| {
            CliError::new(ExitCode::Data, format!("{label}: {e}")).hint("run `cavra validate` on that revision")
        })
    };
    let (b, a) = (read(before)?, read(after)?);
    let common = b.iter().zip(&a).take_while(|(x, y)| x.hash == y.hash).count();
    let entry = |e: &ledger::Entry| Record {
        key: format!("seq {}", e.seq),
        record: e.record.clone(),
    };
    d.removed.extend(b[common..].iter().map(entry));
    d.added.extend(a[common..].iter().map(entry));
    Ok(())
}
