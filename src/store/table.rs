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
    KeyFirst, compact_array_hash, hash_array, indent_record, is_table_text, key_of, strip_whitespace, table_text,
    write_table_text,
};
use super::registry::{StoreDef, StoreLocation};
use super::{Inspection, fsio, json, schema};
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

/// The checksum of a records array: sha256 of its canonical compact JSON,
/// each record key first (see [`KeyFirst`]).
pub fn checksum<T: Serialize>(key: &str, records: &[T]) -> String {
    let mut texts = Vec::with_capacity(records.len());
    for r in records {
        let value = serde_json::to_value(r).unwrap_or(Value::Null);
        texts.push(serde_json::to_vec(&KeyFirst { record: &value, key }).unwrap_or_default());
    }
    hash_array(texts.iter().map(Vec::as_slice))
}

/// The exact bytes of a table file of store `def` holding `records`
/// (already sorted).
pub fn encode<T: Serialize>(def: &StoreDef, records: &[T]) -> Vec<u8> {
    let texts: Vec<Vec<u8>> = records.iter().map(|r| record_text(def.key_field(), r)).collect();
    let sum = compact_array_hash(texts.iter().map(Vec::as_slice));
    table_text(&sum, texts.iter().map(Vec::as_slice), def.file_schema)
}

/// A record as it sits in a table file: key first, pretty, indented one
/// level.
pub(crate) fn record_text<T: Serialize>(key: &str, record: &T) -> Vec<u8> {
    let value = serde_json::to_value(record).unwrap_or(Value::Null);
    indent_record(&serde_json::to_vec_pretty(&KeyFirst { record: &value, key }).unwrap_or_default())
}

/// A verified table: the one reader of the table format. Every path that
/// reads a table file (writes, list and show, `validate`, `reseal`, `diff`,
/// the merge driver, backup and restore checks) goes through [`read`], which
/// checks the schema name, the checksum, every record against its schema
/// (and the secret scan), key order and duplicate keys, and strict JSON
/// ([`super::json`]: no duplicate object key, no number past f64, no
/// nesting past its limit), and names file, record and field for each
/// problem. It never panics.
///
/// Unchanged records stay the text they were in the file, with their
/// compact form (whitespace stripped) kept from verification, so sealing the
/// new state re-hashes without re-serializing or re-stripping them.
pub struct Table<'a> {
    loc: &'a StoreLocation,
    slots: Vec<Slot<'a>>,
    /// Compact forms of the original records, in per-thread buffers.
    compact: Vec<Vec<u8>>,
    changed: bool,
}

struct Slot<'a> {
    /// The record as it stands in the file (pretty, indented).
    text: Cow<'a, [u8]>,
    /// Where its compact form is in [`Table::compact`]; `None` for a new one.
    compact: Option<(usize, std::ops::Range<usize>)>,
}

/// Verifies table bytes (a file at a revision, in a backup, in the index)
/// through the one reader; the problems when they do not verify.
pub fn verify_bytes<'a>(loc: &'a StoreLocation, bytes: &'a [u8]) -> Result<Table<'a>, Vec<Problem>> {
    let reading = read(loc, bytes, false);
    if reading.problems.is_empty() {
        Ok(Table::verified(loc, reading))
    } else {
        Err(reading.problems)
    }
}

impl<'a> Table<'a> {
    /// Reads and verifies `bytes` (see [`Table`]).
    pub fn open(loc: &'a StoreLocation, bytes: &'a [u8]) -> Result<Table<'a>, StoreError> {
        let mut reading = read(loc, bytes, false);
        if let Some(e) = reading.malformed.take().filter(|e| !e.conflict_marker) {
            return Err(StoreError::Malformed {
                path: loc.display.clone(),
                line: e.line,
                column: e.column,
                message: e.message,
            });
        }
        if !reading.problems.is_empty() {
            return Err(match reading.mismatch.take() {
                Some((stored, computed)) if reading.problems.len() == 1 => StoreError::Checksum {
                    path: loc.display.clone(),
                    store: loc.def.name.to_string(),
                    stored,
                    computed,
                },
                _ => StoreError::Invalid {
                    problems: reading.problems,
                },
            });
        }
        Ok(Table::verified(loc, reading))
    }

    /// The table of a reading that found no problem.
    fn verified(loc: &'a StoreLocation, mut reading: Reading<'a>) -> Table<'a> {
        let slots = match reading.rerendered {
            // Not canonical text, but the canonical checksum matches: lay
            // the records out afresh.
            Some(values) => {
                reading.scan.compact.clear();
                values
                    .iter()
                    .map(|v| Slot {
                        text: Cow::Owned(record_text(loc.def.key_field(), v)),
                        compact: None,
                    })
                    .collect()
            }
            None => reading
                .texts
                .iter()
                .zip(reading.scan.ranges)
                .map(|(t, range)| Slot {
                    text: Cow::Borrowed(t.as_bytes()),
                    compact: Some(range),
                })
                .collect(),
        };
        Table {
            loc,
            slots,
            compact: reading.scan.compact,
            changed: false,
        }
    }

    /// How many records the table holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the table holds no record.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Every record as a JSON value, in key order.
    pub fn values(&self) -> Result<Vec<Value>, StoreError> {
        (0..self.slots.len()).map(|i| self.decode_at(i)).collect()
    }

    /// Every record typed, in key order.
    pub fn rows<T: Record>(&self) -> Result<Vec<T>, StoreError> {
        (0..self.slots.len()).map(|i| self.decode_at(i)).collect()
    }

    /// Every record as (key, text as in the file), in key order.
    pub fn texts(&self) -> impl Iterator<Item = (Cow<'_, str>, &[u8])> {
        (0..self.slots.len()).map(|i| (self.key_at(i), self.slots[i].text.as_ref()))
    }

    fn decode_at<T: DeserializeOwned>(&self, i: usize) -> Result<T, StoreError> {
        serde_json::from_slice(&self.slots[i].text).map_err(|e| StoreError::Invalid {
            problems: vec![
                Problem::new(&self.loc.display, crate::error::strip_position(&e.to_string())).record(self.key_at(i)),
            ],
        })
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
            None => new.next().map_or(&[][..], |r| &owned[r]),
        }))
    }

    fn key_field(&self) -> &'static str {
        self.loc.def.key_field()
    }

    fn key_at(&self, i: usize) -> Cow<'_, str> {
        std::str::from_utf8(&self.slots[i].text)
            .ok()
            .and_then(|text| key_of(text, self.key_field()))
            .unwrap_or_default()
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
        match self.find(key) {
            Ok(i) => self.decode_at(i).map(Some),
            Err(_) => Ok(None),
        }
    }

    /// Inserts or replaces a record (already schema-checked by the caller).
    pub fn put<T: Record>(&mut self, record: &T) {
        let slot = Slot {
            text: Cow::Owned(record_text(self.key_field(), record)),
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
/// (verified by [`Table::open`]). A missing file is an empty table.
pub fn records(loc: &StoreLocation) -> Result<Vec<Value>, StoreError> {
    match fsio::read_optional(&loc.path, &loc.display)? {
        None => Ok(Vec::new()),
        Some(bytes) => Table::open(loc, &bytes)?.values(),
    }
}

/// Reads a table's records, verified by [`Table::open`]. A missing file is
/// an empty table.
pub fn load<T: Record>(loc: &StoreLocation) -> Result<Vec<T>, StoreError> {
    match fsio::read_optional(&loc.path, &loc.display)? {
        None => Ok(Vec::new()),
        Some(bytes) => decode(loc, &bytes),
    }
}

/// Decodes table bytes, verified by [`Table::open`].
pub fn decode<T: Record>(loc: &StoreLocation, bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    Table::open(loc, bytes)?.rows()
}

/// Runs `change` on the table's records under the store lock and writes the
/// result atomically if it changed anything. Records `change` adds or edits
/// must already be checked by the caller ([`super::schema::check_record`]).
pub fn modify<R>(
    loc: &StoreLocation,
    change: impl FnOnce(&mut Table<'_>) -> Result<R, StoreError>,
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
    let mut table = Table::open(loc, &bytes)?;
    let result = change(&mut table)?;
    if table.changed {
        table.write()?;
    }
    Ok(result)
}

/// Every problem with a table file's bytes (the working tree, a git
/// revision, a backup), as [`read`] finds them plus the canonical layout;
/// with its size and record count.
pub fn inspect_bytes(loc: &StoreLocation, bytes: &[u8]) -> Inspection {
    let reading = read(loc, bytes, true);
    Inspection {
        exists: true,
        bytes: bytes.len() as u64,
        records: reading.records,
        problems: reading.problems,
    }
}

/// What [`read`] found in a table file.
struct Reading<'b> {
    /// Every record's text as it stands in the file.
    texts: Vec<&'b str>,
    scan: Scan,
    /// Records re-rendered from their parsed values: set when the text's
    /// own hash is off but the canonical one matches (non-canonical text).
    rerendered: Option<Vec<Value>>,
    /// Why the file is not strict JSON, when it is not.
    malformed: Option<json::JsonError>,
    /// The checksum the file states.
    stored: Option<String>,
    /// Stored and computed checksums when they differ.
    mismatch: Option<(String, String)>,
    records: usize,
    problems: Vec<Problem>,
}

/// The one reader of the table format.
///
/// Fast path: the envelope is parsed with the records kept as text; each
/// record is stripped to its compact form (for the checksum) and run through
/// the store's compiled check (typed, strict: an unknown or repeated field,
/// a number or a type out of place fails it), on every core. A record that
/// fails it is parsed strictly ([`super::json`]) and checked against its
/// schema, which names the problem. When the hash of the text does not
/// match the stored checksum, every record is parsed and the checksum of
/// its canonical serialization decides. `layout` also reports text that is
/// not in canonical layout.
fn read<'b>(loc: &StoreLocation, bytes: &'b [u8], layout: bool) -> Reading<'b> {
    let mut out = Reading {
        texts: Vec::new(),
        scan: Scan::default(),
        rerendered: None,
        malformed: None,
        stored: None,
        mismatch: None,
        records: 0,
        problems: Vec::new(),
    };
    let raw: RawFile<'b> = match serde_json::from_slice(bytes) {
        Ok(raw) => raw,
        Err(err) => {
            out.problems = whole_file_problems(loc, bytes, &err, &mut out.records, &mut out.malformed);
            return out;
        }
    };
    if raw.schema != loc.def.file_schema {
        out.problems.push(
            Problem::new(
                &loc.display,
                format!("is {:?}, expected {:?}", excerpt(&raw.schema), loc.def.file_schema),
            )
            .field("schema"),
        );
    }
    out.stored = Some(excerpt(&raw.checksum).into_owned());
    out.texts = raw.records.iter().map(|r| r.get()).collect();
    out.records = out.texts.len();
    out.scan = scan_records(&out.texts, loc.def.fast_check, layout);
    let mut values: Vec<Option<Value>> = vec![None; out.texts.len()];
    for (index, text) in out.texts.iter().enumerate() {
        if out.scan.keys[index].is_some() {
            continue;
        }
        match json::parse(text.as_bytes()) {
            Err(e) => out.problems.push(record_json_problem(loc, bytes, text, index, &e)),
            Ok(value) => {
                let id = check_record_at(loc, index, &value, &mut out.problems).map(str::to_string);
                if layout && record_text(loc.def.key_field(), &value) != text.as_bytes() {
                    let label = id.clone().unwrap_or_else(|| format!("#{}", index + 1));
                    out.problems.push(not_canonical(loc).record(label));
                }
                out.scan.keys[index] = id;
                values[index] = Some(value);
            }
        }
    }
    let key = loc.def.key_field();
    let mut previous: Option<&str> = None;
    for id in out.scan.keys.iter().map(Option::as_deref) {
        order_problems(loc, key, previous, id, &mut out.problems);
        previous = id.or(previous);
    }
    if !out.problems.is_empty() {
        return out;
    }
    let text_sum = hash_array(out.scan.ranges.iter().map(|(b, r)| &out.scan.compact[*b][r.clone()]));
    if text_sum == raw.checksum {
        if layout
            && !is_table_text(
                bytes,
                &raw.checksum,
                out.texts.iter().map(|t| t.as_bytes()),
                &raw.schema,
            )
        {
            out.problems.push(not_canonical(loc));
        }
        return out;
    }
    // The text's hash is off: decide on the canonical serialization.
    let mut all = Vec::with_capacity(values.len());
    for (index, (value, text)) in values.into_iter().zip(&out.texts).enumerate() {
        match value.map_or_else(|| json::parse(text.as_bytes()), Ok) {
            Ok(v) => all.push(v),
            Err(e) => out.problems.push(record_json_problem(loc, bytes, text, index, &e)),
        }
    }
    if !out.problems.is_empty() {
        return out;
    }
    let computed = checksum(loc.def.key_field(), &all);
    if computed != raw.checksum {
        out.problems.push(checksum_problem(loc, &computed));
        out.mismatch = Some((excerpt(&raw.checksum).into_owned(), computed));
    } else if layout {
        out.problems.push(not_canonical(loc));
    } else {
        out.rerendered = Some(all);
    }
    out
}

/// A stored string as messages quote it: at most 80 characters.
fn excerpt(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(80) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &s[..cut])),
        None => Cow::Borrowed(s),
    }
}

fn checksum_problem(loc: &StoreLocation, computed: &str) -> Problem {
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
    ))
}

/// The problem for a record whose text is not strict JSON: its line in the
/// file, its position in `records`, the field the pointer names.
fn record_json_problem(loc: &StoreLocation, file: &[u8], text: &str, index: usize, e: &json::JsonError) -> Problem {
    let offset = (text.as_ptr() as usize)
        .saturating_sub(file.as_ptr() as usize)
        .min(file.len());
    let first_line = file[..offset].iter().filter(|b| **b == b'\n').count();
    let mut p = e.problem(&loc.display).record(format!("#{}", index + 1));
    p.line = Some(first_line + e.line.max(1));
    if let Some(id) = super::canonical::field_str(text, loc.def.key_field()) {
        p.record = Some(excerpt(id).into_owned());
    }
    p
}

/// The problems of a file whose envelope did not parse: strict JSON first
/// (position, pointer, conflict markers), then the schemas, else what the
/// envelope parse said.
fn whole_file_problems(
    loc: &StoreLocation,
    bytes: &[u8],
    err: &serde_json::Error,
    count: &mut usize,
    malformed: &mut Option<json::JsonError>,
) -> Vec<Problem> {
    let value = match json::parse(bytes) {
        Ok(v) => v,
        Err(e) => {
            let mut p = e.problem(&loc.display);
            if !e.conflict_marker {
                p.message = format!("not valid JSON: {}", e.message);
            }
            if let Some(i) = e.index_in("records") {
                p = p.record(format!("#{}", i + 1));
            }
            *malformed = Some(e);
            return vec![p];
        }
    };
    *count = value["records"].as_array().map_or(0, Vec::len);
    let problems = check_value(loc, &value);
    if problems.is_empty() {
        vec![Problem::new(&loc.display, crate::error::strip_position(&err.to_string())).line(err.line())]
    } else {
        problems
    }
}

/// What one pass over a table's record texts found.
#[derive(Default)]
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
        "is not in canonical form (each record key first, then sorted fields; two-space indent; trailing newline)",
    )
    .hint("rewrite it with `cavra ops migrate` (or, after reviewing a hand edit, `cavra reseal`)")
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

/// Rewrites a table in the current layout (`cavra ops migrate`): reads it
/// through [`Table::open`] (a file that does not verify is refused), and
/// replaces it atomically when its bytes differ from [`encode`] of its
/// records. Whether it changed, and how many records it holds.
pub fn migrate(loc: &StoreLocation) -> Result<(bool, usize), StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let Some(bytes) = fsio::read_optional(&loc.path, &loc.display)? else {
        return Ok((false, 0));
    };
    let records = Table::open(loc, &bytes)?.values()?;
    let encoded = encode(loc.def, &records);
    let changed = encoded != bytes;
    if changed {
        fsio::atomic_write(&loc.path, &encoded)?;
    }
    Ok((changed, records.len()))
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

/// Accepts a reviewed hand edit: reads the file through the one reader,
/// which must find nothing wrong but the checksum and the record order,
/// sorts, and rewrites the file canonically with a fresh checksum. Refuses
/// while any record is invalid, a key repeats or a conflict marker is left.
pub fn reseal(loc: &StoreLocation) -> Result<Resealed, StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let bytes = fsio::read_optional(&loc.path, &loc.display)?
        .ok_or_else(|| StoreError::io("read", &loc.display, std::io::Error::from(std::io::ErrorKind::NotFound)))?;
    let reading = read(loc, &bytes, false);
    let accepted =
        |p: &Problem| p.integrity == Some(Integrity::ChecksumMismatch) || p.message.starts_with("is out of order");
    let mut problems: Vec<Problem> = reading.problems.iter().filter(|p| !accepted(p)).cloned().collect();
    let mut records = Vec::with_capacity(reading.texts.len());
    if problems.is_empty() {
        for (index, text) in reading.texts.iter().enumerate() {
            match json::parse(text.as_bytes()) {
                Ok(v) => records.push(v),
                Err(e) => problems.push(record_json_problem(loc, &bytes, text, index, &e)),
            }
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid { problems });
    }
    let key = loc.def.key_field();
    records.sort_by(|a, b| a[key].as_str().cmp(&b[key].as_str()));
    let encoded = encode(loc.def, &records);
    let changed = encoded != bytes;
    if changed {
        fsio::atomic_write(&loc.path, &encoded)?;
    }
    Ok(Resealed {
        store: loc.def.name.to_string(),
        path: loc.display.display().to_string(),
        records: records.len(),
        previous_checksum: reading.stored,
        checksum: checksum(key, &records),
        changed,
    })
}
