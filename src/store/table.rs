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
//! schema, and replace the file atomically ([`super::fsio`]). They keep the
//! other records as the text they are ([`Rows`]): a write into a large table
//! parses nothing but the keys a binary search touches, and re-serializes
//! only the records it changes ([`super::canonical`]).
//!
//! Reads and `validate` take a fast path for canonical files and fall back to
//! a full parse, which finds the precise problem, whenever anything is off.
//! A record type's fields are declared in alphabetical order and always
//! serialized, so its typed serialization is byte-for-byte the canonical
//! form; a unit test pins that.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use super::canonical::{
    compact_array_hash, hash_array, indent_record, is_indented_record, is_table_text, key_of, strip_whitespace,
    table_text, write_table_text,
};
use super::registry::StoreLocation;
use super::{Inspection, fsio, schema, sha256_tagged, to_canonical_pretty};
use crate::error::{Integrity, Problem, StoreError};

/// A record of a table store.
pub trait Record: Serialize + DeserializeOwned {
    fn key(&self) -> &str;
    /// Whether the record satisfies its JSON Schema, checked in code. Reads
    /// run it on every record (and `validate` through the registry's fast
    /// check); it must agree with the schema, which a test pins, and when it
    /// says no, the schema itself names the problem.
    fn conforms(&self) -> bool;
}

/// A table file, typed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile<T> {
    checksum: String,
    records: Vec<T>,
    schema: String,
}

/// A table file with its records still as text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    #[serde(borrow)]
    checksum: Cow<'a, str>,
    #[serde(borrow)]
    records: Vec<&'a RawValue>,
    #[serde(borrow)]
    schema: Cow<'a, str>,
}

/// The checksum of a records array: sha256 of its canonical compact JSON.
pub fn checksum<T: Serialize>(records: &[T]) -> String {
    sha256_tagged(&serde_json::to_vec(records).expect("records serialize"))
}

/// The exact bytes of a table file holding `records` (already sorted).
pub fn encode<T: Serialize>(file_schema: &str, records: &[T]) -> Vec<u8> {
    let texts: Vec<Vec<u8>> = records.iter().map(record_text).collect();
    let sum = compact_array_hash(texts.iter().map(Vec::as_slice));
    table_text(&sum, texts.iter().map(Vec::as_slice), file_schema)
}

/// A record as it stands in a table file (pretty, indented for `records`).
/// A record as it sits in a table file: pretty, indented one level.
pub(crate) fn record_text<T: Serialize>(record: &T) -> Vec<u8> {
    indent_record(&serde_json::to_vec_pretty(record).expect("records serialize"))
}

/// The records of a verified table, as file text, sorted by key.
///
/// Unchanged records stay the text they were in the file, with their
/// compact form (whitespace stripped) kept from verification, so sealing the
/// new state re-hashes without re-serializing or re-stripping them.
pub struct Rows<'a> {
    loc: &'a StoreLocation,
    slots: Vec<Slot<'a>>,
    /// Compact forms of the original records, in per-thread buffers.
    compact: Vec<Vec<u8>>,
    changed: bool,
}

struct Slot<'a> {
    /// The record as it stands in the file (pretty, indented).
    text: Cow<'a, [u8]>,
    /// Where its compact form is in [`Rows::compact`]; `None` for a new one.
    compact: Option<(usize, std::ops::Range<usize>)>,
}

impl<'a> Rows<'a> {
    /// Parses and verifies `bytes`: schema name, checksum, and every record
    /// against its schema (a write re-seals them all, so it must not bless
    /// a record that breaks the schema behind a forged checksum).
    fn open(loc: &'a StoreLocation, bytes: &'a [u8]) -> Result<Rows<'a>, StoreError> {
        let raw: RawFile<'a> = match serde_json::from_slice(bytes) {
            Ok(raw) => raw,
            Err(err) => return Err(explain(loc, bytes, decode_problem(loc, &err))),
        };
        expect_file_schema(loc, &raw.schema)?;
        let texts: Vec<&str> = raw.records.iter().map(|r| r.get()).collect();
        let scan = scan_records(&texts, loc.def.fast_check, false);
        let slots = texts
            .iter()
            .zip(scan.ranges)
            .map(|(t, range)| Slot {
                text: Cow::Borrowed(t.as_bytes()),
                compact: Some(range),
            })
            .collect();
        let mut rows = Rows {
            loc,
            slots,
            compact: scan.compact,
            changed: false,
        };
        if rows.checksum() == raw.checksum {
            if scan.keys.iter().any(Option::is_none) {
                let problems = check_value(loc, &serde_json::from_slice(bytes).expect("parsed once already"));
                if !problems.is_empty() {
                    return Err(StoreError::Invalid { problems });
                }
            }
            return Ok(rows);
        }
        // Not canonical text, or not matching: decide on the parsed records.
        let records: Vec<Value> = raw
            .records
            .iter()
            .map(|r| serde_json::from_str(r.get()).expect("already parsed once"))
            .collect();
        let computed = checksum(&records);
        if computed != raw.checksum {
            return Err(StoreError::Checksum {
                path: loc.display.clone(),
                store: loc.def.name.to_string(),
                stored: raw.checksum.into_owned(),
                computed,
            });
        }
        let problems = check_value(loc, &serde_json::from_slice(bytes).expect("parsed once already"));
        if !problems.is_empty() {
            return Err(StoreError::Invalid { problems });
        }
        rows.compact.clear();
        rows.slots = records
            .iter()
            .map(|r| Slot {
                text: Cow::Owned(record_text(r)),
                compact: None,
            })
            .collect();
        Ok(rows)
    }

    /// The checksum of the records as they are now.
    fn checksum(&self) -> String {
        let mut owned = Vec::new();
        let mut starts = Vec::new();
        for s in &self.slots {
            if s.compact.is_none() {
                let start = owned.len();
                strip_whitespace(&s.text, &mut owned);
                starts.push(start..owned.len());
            }
        }
        let mut new = starts.into_iter();
        hash_array(self.slots.iter().map(|s| match &s.compact {
            Some((buf, range)) => &self.compact[*buf][range.clone()],
            None => &owned[new.next().expect("one range per new record")],
        }))
    }

    fn key_field(&self) -> &'static str {
        self.loc.def.key_field()
    }

    fn key_at(&self, i: usize) -> Cow<'_, str> {
        let text = std::str::from_utf8(&self.slots[i].text).expect("JSON text is UTF-8");
        key_of(text, self.key_field()).unwrap_or_default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.slots.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key_at(mid).as_ref().cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// The record with this key.
    pub fn get<T: Record>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let Ok(i) = self.find(key) else { return Ok(None) };
        serde_json::from_slice(&self.slots[i].text)
            .map(Some)
            .map_err(|e| StoreError::Invalid {
                problems: vec![
                    Problem::new(&self.loc.display, crate::error::strip_position(&e.to_string()))
                        .record(self.key_at(i)),
                ],
            })
    }

    /// Inserts or replaces a record (already schema-checked by the caller).
    pub fn put<T: Record>(&mut self, record: &T) {
        let slot = Slot {
            text: Cow::Owned(record_text(record)),
            compact: None,
        };
        match self.find(record.key()) {
            Ok(i) => self.slots[i] = slot,
            Err(i) => self.slots.insert(i, slot),
        }
        self.changed = true;
    }

    /// Removes the record with this key; whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        match self.find(key) {
            Ok(i) => {
                self.slots.remove(i);
                self.changed = true;
                true
            }
            Err(_) => false,
        }
    }

    /// Seals the records as they are now and replaces the file.
    fn write(&self) -> Result<(), StoreError> {
        let checksum = self.checksum();
        fsio::atomic_write_with(&self.loc.path, |w| {
            write_table_text(
                w,
                &checksum,
                self.slots.iter().map(|s| s.text.as_ref()),
                self.loc.def.file_schema,
            )
        })
    }
}

/// A table's records as JSON values, for code that works on any table
/// (checksum and every record verified as for a write). A missing file is
/// an empty table.
pub fn records(loc: &StoreLocation) -> Result<Vec<Value>, StoreError> {
    let Some(bytes) = fsio::read_optional(&loc.path, &loc.display)? else {
        return Ok(Vec::new());
    };
    let rows = Rows::open(loc, &bytes)?;
    Ok(rows
        .slots
        .iter()
        .map(|s| serde_json::from_slice(&s.text).expect("verified JSON"))
        .collect())
}

/// Reads a table's records, verifying its checksum and every record. A
/// missing file is an empty table.
pub fn load<T: Record>(loc: &StoreLocation) -> Result<Vec<T>, StoreError> {
    match fsio::read_optional(&loc.path, &loc.display)? {
        None => Ok(Vec::new()),
        Some(bytes) => decode(loc, &bytes),
    }
}

/// Decodes and verifies table bytes: one typed parse, the checksum from the
/// typed records' compact serialization (the canonical form), and every
/// record's compiled schema check.
pub fn decode<T: Record>(loc: &StoreLocation, bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    let file: TableFile<T> = match serde_json::from_slice(bytes) {
        Ok(file) => file,
        Err(err) => return Err(explain(loc, bytes, decode_problem(loc, &err))),
    };
    expect_file_schema(loc, &file.schema)?;
    if !file.records.iter().all(Record::conforms) {
        return Err(explain(loc, bytes, || {
            Problem::new(&loc.display, "a record does not fit its schema").line(0)
        }));
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

/// The `schema` a table file names must be its store's.
fn expect_file_schema(loc: &StoreLocation, schema: &str) -> Result<(), StoreError> {
    if schema == loc.def.file_schema {
        return Ok(());
    }
    Err(StoreError::Invalid {
        problems: vec![
            Problem::new(
                &loc.display,
                format!("is {schema:?}, expected {:?}", loc.def.file_schema),
            )
            .field("schema"),
        ],
    })
}

/// The most precise error for bytes that did not decode or conform:
/// malformed JSON with its position, else the schema problems naming record
/// and field, else `fallback` (what the typed decode said).
fn explain(loc: &StoreLocation, bytes: &[u8], fallback: impl FnOnce() -> Problem) -> StoreError {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return StoreError::malformed(&loc.display, &e),
    };
    let problems = check_value(loc, &value);
    StoreError::Invalid {
        problems: if problems.is_empty() {
            vec![fallback()]
        } else {
            problems
        },
    }
}

/// [`explain`]'s fallback for a serde error of the typed decode.
fn decode_problem<'a>(loc: &'a StoreLocation, err: &'a serde_json::Error) -> impl FnOnce() -> Problem + 'a {
    move || Problem::new(&loc.display, crate::error::strip_position(&err.to_string())).line(err.line())
}

/// Runs `change` on the table's records under the store lock and writes the
/// result atomically if it changed anything. Records `change` adds or edits
/// must already be checked by the caller ([`super::schema::check_record`]).
pub fn modify<R>(
    loc: &StoreLocation,
    change: impl FnOnce(&mut Rows<'_>) -> Result<R, StoreError>,
) -> Result<R, StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let bytes = match fsio::read_optional(&loc.path, &loc.display)? {
        Some(bytes) => bytes,
        None => table_text(
            &compact_array_hash(std::iter::empty()),
            std::iter::empty(),
            loc.def.file_schema,
        ),
    };
    let mut rows = Rows::open(loc, &bytes)?;
    let result = change(&mut rows)?;
    if rows.changed {
        rows.write()?;
    }
    Ok(result)
}

/// Every problem with a table file's bytes (the working tree, a git
/// revision, a backup): JSON, envelope, record schemas and secrets, duplicate
/// or unsorted keys, checksum, canonical layout; with its size and record count.
///
/// Fast path: a canonical file whose checksum matches is checked record by
/// record with the registry's compiled check, on every core; a record that
/// fails it gets the full schema check, which names the problem. Anything
/// else off (checksum, layout) takes the full path for the whole file.
pub fn inspect_bytes(loc: &StoreLocation, bytes: &[u8]) -> Inspection {
    let mut out = Inspection {
        exists: true,
        bytes: bytes.len() as u64,
        ..Inspection::default()
    };
    let Ok(raw) = serde_json::from_slice::<RawFile>(bytes) else {
        out.problems = check_bytes(loc, bytes, &mut out.records);
        return out;
    };
    let texts: Vec<&str> = raw.records.iter().map(|r| r.get()).collect();
    let scan = scan_records(&texts, loc.def.fast_check, true);
    let canonical = raw.schema == loc.def.file_schema
        && hash_array(scan.ranges.iter().map(|(b, r)| &scan.compact[*b][r.clone()])) == raw.checksum
        && is_table_text(bytes, &raw.checksum, texts.iter().map(|t| t.as_bytes()), &raw.schema);
    if !canonical {
        out.problems = check_bytes(loc, bytes, &mut out.records);
        return out;
    }
    out.records = texts.len();
    let keys = scan.keys;
    let key = loc.def.key_field();
    let mut previous: Option<String> = None;
    for (index, (text, fast_key)) in texts.iter().zip(keys).enumerate() {
        let id = match fast_key {
            Some(k) => Some(k),
            None => {
                let value: Value = serde_json::from_str(text).expect("parsed once already");
                let id = check_record_at(loc, index, &value, &mut out.problems).map(str::to_string);
                let label = id.clone().unwrap_or_else(|| format!("#{}", index + 1));
                if !is_indented_record(
                    &serde_json::to_vec_pretty(&value).expect("values serialize"),
                    text.as_bytes(),
                ) {
                    out.problems.push(not_canonical(loc).record(label));
                }
                id
            }
        };
        order_problems(loc, key, previous.as_deref(), id.as_deref(), &mut out.problems);
        previous = id.or(previous);
    }
    out
}

/// What one pass over a table's record texts found.
struct Scan {
    /// Every record's compact form, back to back in one buffer per thread.
    compact: Vec<Vec<u8>>,
    /// Where each record's compact form is: buffer and range.
    ranges: Vec<(usize, std::ops::Range<usize>)>,
    /// Each record's key when the store's compiled check passes it.
    keys: Vec<Option<String>>,
}

/// Strips every record to its compact form (for the checksum) and runs the
/// store's compiled check on it (`layout`: canonical layout too), spread
/// over the available cores.
fn scan_records(texts: &[&str], check: Option<fn(&str, bool) -> Option<String>>, layout: bool) -> Scan {
    let parts = parallel_chunks(texts, |chunk| {
        let mut compact = Vec::with_capacity(chunk.iter().map(|t| t.len()).sum());
        let mut ranges = Vec::with_capacity(chunk.len());
        let mut keys = Vec::with_capacity(chunk.len());
        for text in chunk {
            let start = compact.len();
            strip_whitespace(text.as_bytes(), &mut compact);
            ranges.push(start..compact.len());
            keys.push(check.and_then(|c| c(text, layout)));
        }
        (compact, ranges, keys)
    });
    let mut all = Scan {
        compact: Vec::new(),
        ranges: Vec::with_capacity(texts.len()),
        keys: Vec::with_capacity(texts.len()),
    };
    for (buf, (compact, ranges, keys)) in parts.into_iter().enumerate() {
        all.compact.push(compact);
        all.ranges.extend(ranges.into_iter().map(|r| (buf, r)));
        all.keys.extend(keys);
    }
    all
}

/// `f` over consecutive chunks of `items`, one chunk per available core,
/// results in order.
fn parallel_chunks<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || items.len() < 1024 {
        return vec![f(items)];
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|part| s.spawn(|| f(part))).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("checks do not panic"))
            .collect()
    })
}

fn not_canonical(loc: &StoreLocation) -> Problem {
    Problem::new(
        &loc.display,
        "is not in canonical form (sorted keys, two-space indent, trailing newline)",
    )
    .hint(format!("rewrite it with `cavra reseal {}`", loc.def.name))
}

fn order_problems(
    loc: &StoreLocation,
    key: &str,
    previous: Option<&str>,
    id: Option<&str>,
    problems: &mut Vec<Problem>,
) {
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
    let computed = checksum(records);
    if value["checksum"].as_str() != Some(computed.as_str()) {
        problems.push(
            Problem::new(
                &loc.display,
                format!("does not match the records (computed {computed})"),
            )
            .field("checksum")
            .integrity(Integrity::ChecksumMismatch)
            .hint(format!(
                "review the change (`git diff -- {}`); if it is intended, reseal with `cavra reseal {}`",
                loc.display.display(),
                loc.def.name
            )),
        );
    } else if to_canonical_pretty(&value) != bytes {
        problems.push(not_canonical(loc));
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
    let key = loc.def.key_field();
    let mut previous: Option<&str> = None;
    for (index, record) in value["records"].as_array().into_iter().flatten().enumerate() {
        let id = check_record_at(loc, index, record, &mut problems);
        order_problems(loc, key, previous, id, &mut problems);
        previous = id.or(previous);
    }
    problems
}

/// Checks the record at `index` (schema and secrets), labelled by its key or
/// `#n`; returns its key.
fn check_record_at<'v>(
    loc: &StoreLocation,
    index: usize,
    record: &'v Value,
    problems: &mut Vec<Problem>,
) -> Option<&'v str> {
    let id = record.get(loc.def.key_field()).and_then(Value::as_str);
    let label = id.map_or_else(|| format!("#{}", index + 1), str::to_string);
    problems.extend(schema::check_record(
        loc.def.record_schema,
        record,
        &loc.display,
        Some(&label),
    ));
    id
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
    let key = loc.def.key_field();
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
