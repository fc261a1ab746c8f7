//! Table stores: one JSON file holding a set of records keyed by id.
//!
//! ```json
//! { "checksum": "sha256:…", "records": [ … sorted by key … ], "schema": "cavra.integrations.v1" }
//! ```
//! Records are sorted by key and every object's keys are sorted, so a change
//! to one record is a diff of that record. `checksum` covers the canonical
//! compact JSON of `records`: a hand edit that bypassed cavra is refused on
//! read and reported by `cavra validate`, and `cavra reseal` accepts it after
//! review (re-validating every record first).
//!
//! Writes hold the store lock, validate what changed against the record
//! schema, and replace the file atomically ([`super::fsio`]). A record type's
//! fields are declared in alphabetical order and always serialized (no
//! skipped fields), so its typed serialization is byte-for-byte the canonical
//! form; a unit test pins that.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::registry::StoreLocation;
use super::{Inspection, fsio, schema, sha256_tagged, to_canonical_pretty};
use crate::error::{Problem, StoreError};

/// A record of a table store.
pub trait Record: Serialize + DeserializeOwned {
    fn key(&self) -> &str;
    /// A cheap check of what typing alone does not enforce (id and name
    /// patterns, timestamp shape). Reads run it on every record; when it
    /// fails, the full schema check names the problem.
    fn is_plausible(&self) -> bool;
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile<T> {
    checksum: String,
    records: Vec<T>,
    schema: String,
}

#[derive(Serialize)]
struct TableFileRef<'a, T> {
    checksum: &'a str,
    records: &'a [T],
    schema: &'a str,
}

/// The checksum of a records array: sha256 of its canonical compact JSON.
pub fn checksum<T: Serialize>(records: &[T]) -> String {
    sha256_tagged(&serde_json::to_vec(records).expect("records serialize"))
}

/// The exact bytes of a table file holding `records` (already sorted).
pub fn encode<T: Serialize>(file_schema: &str, records: &[T]) -> Vec<u8> {
    let sum = checksum(records);
    to_canonical_pretty(&TableFileRef {
        checksum: &sum,
        records,
        schema: file_schema,
    })
}

/// Reads a table's records, verifying its checksum. A missing file is an
/// empty table.
pub fn load<T: Record>(loc: &StoreLocation) -> Result<Vec<T>, StoreError> {
    match fsio::read_optional(&loc.path, &loc.display)? {
        None => Ok(Vec::new()),
        Some(bytes) => decode(loc, &bytes),
    }
}

/// Decodes and verifies table bytes.
pub fn decode<T: Record>(loc: &StoreLocation, bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    let file: TableFile<T> = match serde_json::from_slice(bytes) {
        Ok(file) => file,
        Err(err) => return Err(explain(loc, bytes, &err)),
    };
    if file.schema != loc.def.file_schema {
        return Err(StoreError::Invalid {
            problems: vec![
                Problem::new(
                    &loc.display,
                    format!("is {:?}, expected {:?}", file.schema, loc.def.file_schema),
                )
                .field("schema"),
            ],
        });
    }
    if !file.records.iter().all(Record::is_plausible) {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| StoreError::malformed(&loc.display, &e))?;
        let problems = check_value(loc, &value);
        if !problems.is_empty() {
            return Err(StoreError::Invalid { problems });
        }
    }
    let computed = checksum(&file.records);
    if computed != file.checksum {
        return Err(StoreError::Checksum {
            path: loc.display.clone(),
            store: loc.def.name.to_string(),
            stored: file.checksum,
            computed,
        });
    }
    Ok(file.records)
}

/// Turns a typed decoding failure into the most precise error: malformed
/// JSON with its position, else schema problems naming record and field.
fn explain(loc: &StoreLocation, bytes: &[u8], err: &serde_json::Error) -> StoreError {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return StoreError::malformed(&loc.display, &e),
    };
    let problems = check_value(loc, &value);
    if problems.is_empty() {
        StoreError::Invalid {
            problems: vec![Problem::new(&loc.display, crate::error::strip_position(&err.to_string())).line(err.line())],
        }
    } else {
        StoreError::Invalid { problems }
    }
}

/// Runs `change` on the table's records under the store lock and writes the
/// result atomically when `change` reports a change. Records `change` adds or
/// edits must already be schema-checked by the caller ([`validate_record`]).
pub fn modify<T: Record, R>(
    loc: &StoreLocation,
    change: impl FnOnce(&mut BTreeMap<String, T>) -> Result<(R, bool), StoreError>,
) -> Result<R, StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let records: Vec<T> = load(loc)?;
    let mut map: BTreeMap<String, T> = records.into_iter().map(|r| (r.key().to_string(), r)).collect();
    let (result, changed) = change(&mut map)?;
    if changed {
        let records: Vec<T> = map.into_values().collect();
        fsio::atomic_write(&loc.path, &encode(loc.def.file_schema, &records))?;
    }
    Ok(result)
}

/// Checks one record against the store's record schema before it is written.
pub fn validate_record(loc: &StoreLocation, record: &Value, label: &str) -> Result<(), StoreError> {
    let problems = schema::check_record(loc.def.record_schema, record, &loc.display, Some(label));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid { problems })
    }
}

/// Every problem with a table file: JSON, envelope, record schemas and
/// secrets, duplicate or unsorted keys, checksum, canonical layout; with its
/// size and record count.
pub fn inspect(loc: &StoreLocation) -> Inspection {
    match fsio::read_optional(&loc.path, &loc.display) {
        Ok(None) => Inspection::default(),
        Ok(Some(bytes)) => inspect_bytes(loc, &bytes),
        Err(err) => Inspection {
            exists: true,
            problems: vec![Problem::new(&loc.display, error_chain(&err))],
            ..Inspection::default()
        },
    }
}

/// Problems only; see [`inspect`].
pub fn check(loc: &StoreLocation) -> Vec<Problem> {
    inspect(loc).problems
}

/// [`inspect`] on bytes already read (a file at a git revision, a backup).
pub fn inspect_bytes(loc: &StoreLocation, bytes: &[u8]) -> Inspection {
    let mut out = Inspection {
        exists: true,
        bytes: bytes.len() as u64,
        ..Inspection::default()
    };
    out.problems = check_bytes(loc, bytes, &mut out.records);
    out
}

fn check_bytes(loc: &StoreLocation, bytes: &[u8], count: &mut usize) -> Vec<Problem> {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return vec![
                Problem::new(
                    &loc.display,
                    format!("not valid JSON: {}", crate::error::strip_position(&e.to_string())),
                )
                .line(e.line()),
            ];
        }
    };
    *count = value["records"].as_array().map_or(0, Vec::len);
    let mut problems = check_value(loc, &value);
    if !problems.is_empty() {
        return problems;
    }
    let records = value["records"].as_array().expect("checked by the envelope schema");
    let computed = sha256_tagged(&serde_json::to_vec(records).expect("values serialize"));
    if value["checksum"].as_str() != Some(computed.as_str()) {
        problems.push(
            Problem::new(
                &loc.display,
                format!("does not match the records (computed {computed})"),
            )
            .field("checksum")
            .hint(format!(
                "review the change (`git diff -- {}`); if it is intended, reseal with `cavra reseal {}`",
                loc.display.display(),
                loc.def.name
            )),
        );
    } else if to_canonical_pretty(&value) != bytes {
        problems.push(
            Problem::new(
                &loc.display,
                "is not in canonical form (sorted keys, two-space indent, trailing newline)",
            )
            .hint(format!("rewrite it with `cavra reseal {}`", loc.def.name)),
        );
    }
    problems
}

/// Schema problems of a parsed table: envelope, records, keys and order.
fn check_value(loc: &StoreLocation, value: &Value) -> Vec<Problem> {
    let mut problems = schema::check("cavra.table.v1", value, &loc.display, None);
    if !problems.is_empty() {
        return problems;
    }
    if value["schema"] != loc.def.file_schema {
        problems.push(
            Problem::new(
                &loc.display,
                format!("is {}, expected {:?}", value["schema"], loc.def.file_schema),
            )
            .field("schema"),
        );
    }
    let key = loc.def.key.unwrap_or("id");
    let mut previous: Option<&str> = None;
    for (index, record) in value["records"].as_array().into_iter().flatten().enumerate() {
        let id = record.get(key).and_then(Value::as_str);
        let label = id.map(str::to_string).unwrap_or_else(|| format!("#{}", index + 1));
        problems.extend(schema::check_record(
            loc.def.record_schema,
            record,
            &loc.display,
            Some(&label),
        ));
        if let (Some(prev), Some(id)) = (previous, id) {
            if prev == id {
                problems.push(Problem::new(&loc.display, "appears twice").record(id).field(key));
            } else if prev > id {
                problems.push(
                    Problem::new(&loc.display, format!("is out of order (after {prev})"))
                        .record(id)
                        .field(key)
                        .hint(format!(
                            "records are sorted by {key}; `cavra reseal {}` sorts them",
                            loc.def.name
                        )),
                );
            }
        }
        previous = id.or(previous);
    }
    problems
}

/// What [`reseal`] did.
#[derive(Debug, Serialize)]
pub struct Resealed {
    pub store: String,
    pub path: String,
    pub records: usize,
    pub previous_checksum: Option<String>,
    pub checksum: String,
    pub changed: bool,
}

/// Accepts a reviewed hand edit: re-validates every record, sorts, rewrites
/// the file canonically with a fresh checksum. Refuses while any record is
/// invalid or a key repeats.
pub fn reseal(loc: &StoreLocation) -> Result<Resealed, StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let bytes = fsio::read_optional(&loc.path, &loc.display)?
        .ok_or_else(|| StoreError::io("read", &loc.display, std::io::Error::from(std::io::ErrorKind::NotFound)))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| StoreError::malformed(&loc.display, &e))?;
    let problems: Vec<Problem> = check_value(loc, &value)
        .into_iter()
        .filter(|p| !p.message.starts_with("is out of order"))
        .collect();
    if !problems.is_empty() {
        return Err(StoreError::Invalid { problems });
    }
    let key = loc.def.key.unwrap_or("id");
    let mut records: Vec<Value> = value["records"].as_array().cloned().unwrap_or_default();
    records.sort_by(|a, b| a[key].as_str().cmp(&b[key].as_str()));
    let encoded = encode(loc.def.file_schema, &records);
    let changed = encoded != bytes;
    if changed {
        fsio::atomic_write(&loc.path, &encoded)?;
    }
    Ok(Resealed {
        store: loc.def.name.to_string(),
        path: loc.display.display().to_string(),
        records: records.len(),
        previous_checksum: value["checksum"].as_str().map(str::to_string),
        checksum: checksum(&records),
        changed,
    })
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
