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
use serde_json::value::RawValue;

use super::ledger::LedgerAt;
use super::workspace::Workspace;
use crate::error::{CliError, ExitCode};
use crate::git::Repo;
use crate::git::tree::Source;
use crate::store::canonical::key_of;
use crate::store::registry::{STORES, StoreKind, StoreLocation};
use crate::store::{fsio, ledger};

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
        if def.kind == StoreKind::Ledger {
            stores.push(diff_ledger(&repo, &loc, &rel, &base_rev, opts.head.as_deref())?);
            continue;
        }
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
                // Compared by `diff_ledger` above.
                StoreKind::Ledger => {}
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

#[derive(serde::Deserialize)]
struct RawTable<'a> {
    #[serde(borrow)]
    records: Vec<&'a RawValue>,
}

/// A table's records by key, as text.
fn table_texts<'a>(
    loc: &StoreLocation,
    label: &str,
    bytes: &'a [u8],
) -> Result<BTreeMap<Cow<'a, str>, &'a str>, CliError> {
    if bytes.is_empty() {
        return Ok(BTreeMap::new());
    }
    let raw: RawTable<'a> = serde_json::from_slice(bytes).map_err(|e| {
        CliError::data(format!("{label} is not a valid table: {e}")).hint("run `cavra validate` on that revision")
    })?;
    let key = loc.def.key_field();
    let mut out = BTreeMap::new();
    for r in raw.records {
        let id = key_of(r.get(), key).ok_or_else(|| CliError::data(format!("{label}: a record without {key}")))?;
        out.insert(id, r.get());
    }
    Ok(out)
}

fn diff_table(
    loc: &StoreLocation,
    before: (&str, &[u8]),
    after: (&str, &[u8]),
    d: &mut StoreDiff,
) -> Result<(), CliError> {
    let (b, a) = (
        table_texts(loc, before.0, before.1)?,
        table_texts(loc, after.0, after.1)?,
    );
    let parse = |t: &str| serde_json::from_str::<Value>(t).expect("parsed once already");
    let keys: BTreeSet<&Cow<str>> = b.keys().chain(a.keys()).collect();
    for key in keys {
        match (b.get(key), a.get(key)) {
            (None, Some(t)) => d.added.push(Record {
                key: key.to_string(),
                record: parse(t),
            }),
            (Some(t), None) => d.removed.push(Record {
                key: key.to_string(),
                record: parse(t),
            }),
            (Some(x), Some(y)) if x != y => {
                let fields = field_changes(&parse(x), &parse(y));
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

/// A ledger's entries added and removed between two states (segmented or
/// single-file, whichever each state holds).
fn diff_ledger(
    repo: &Repo,
    loc: &StoreLocation,
    rel: &std::path::Path,
    base_rev: &str,
    head: Option<&str>,
) -> Result<StoreDiff, CliError> {
    let before = LedgerAt::read(repo, rel, Source::Rev(base_rev))?;
    let after = match head {
        Some(rev) => LedgerAt::read(repo, rel, Source::Rev(rev))?,
        None => LedgerAt::worktree(loc)?,
    };
    let mut d = StoreDiff {
        store: loc.def.name.to_string(),
        kind: loc.def.kind.as_str().to_string(),
        path: loc.display.display().to_string(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    if before == after {
        return Ok(d);
    }
    let read = |label: String, state: &LedgerAt| {
        state.entries(loc).map_err(|e| {
            CliError::new(ExitCode::Data, format!("{label}: {e}")).hint("run `cavra validate` on that revision")
        })
    };
    let b = read(format!("{} at {base_rev}", loc.display.display()), &before)?;
    let a = read(
        match head {
            Some(rev) => format!("{} at {rev}", loc.display.display()),
            None => loc.display.display().to_string(),
        },
        &after,
    )?;
    let common = b.iter().zip(&a).take_while(|(x, y)| x.hash == y.hash).count();
    let entry = |e: &ledger::Entry| Record {
        key: format!("seq {}", e.seq),
        record: e.record.clone(),
    };
    d.removed.extend(b[common..].iter().map(entry));
    d.added.extend(a[common..].iter().map(entry));
    Ok(d)
}
