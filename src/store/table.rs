//! Table stores: one JSON file holding a set of records keyed by id.
//!
//! ```json
//! { "checksum": "sha256:…", "records": [ … sorted by key … ], "schema": "cavra.integrations.v1" }
//! ```
//! Records are sorted by key; each record is written key field first, then
//! its other fields sorted (nested objects sorted), so a change to one record
//! is a diff of that record and the hunk sits under the record's key line
//! (the `cavra` git diff driver shows it as the hunk header). `checksum` is
//! sha256 over the compact JSON of `records` in that key-first form (for a
//! file in canonical layout: its text with the whitespace outside strings
//! removed). A hand edit that bypassed cavra is refused on read and reported
//! by `cavra validate`, and `cavra reseal` accepts it after review
//! (re-validating every record first). Stores written in the older
//! all-sorted layout verify (their checksum covers their text) and are
//! rewritten once by `cavra ops migrate` ([`migrate`]).
//!
//! One reader ([`Table::open`], [`verify_bytes`], [`inspect_bytes`], all on
//! `read`) serves every path: writes, list and show, `validate`, `reseal`,
//! `diff`, the merge driver, backups. It checks the schema name, the
//! checksum, key order and duplicate keys, every record against its schema,
//! and strict JSON ([`super::json`]); it returns problems naming file, record
//! and field, and never panics.
//!
//! Writes hold the store lock, validate what changed against the record
//! schema, and replace the file atomically ([`super::fsio`]). They keep the
//! other records as the text they are ([`Table`]): a write into a large table
//! parses nothing but the keys a binary search touches, and re-serializes
//! only the records it changes ([`super::canonical`]).
//!
//! The fast path checks each record with the store's compiled, typed check
//! (strict: an unknown or repeated field, a number or type out of place fails
//! it) on every core; anything off falls back to a strict parse, which finds
//! the precise problem. A record type's fields are declared key first, then
//! alphabetically, and always serialized, so its typed serialization is
//! byte-for-byte the canonical form; a unit test pins that.

mod read;

use read::{Reading, read, record_json_problem};

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::canonical::{
    KeyFirst, compact_array_hash, hash_array, indent_record, key_of, strip_whitespace, table_text, write_table_text,
};
use super::registry::{StoreDef, StoreLocation};
use super::{Inspection, fsio, json};
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
        let reading = read(loc, bytes, false);
        refused(loc, reading).map(|reading| Table::verified(loc, reading))
    }
}

/// A reading with its problems turned into the error a read fails with
/// (malformed JSON, a lone checksum mismatch, or the list of problems).
fn refused<'b>(loc: &StoreLocation, mut reading: Reading<'b>) -> Result<Reading<'b>, StoreError> {
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
    Ok(reading)
}

impl<'a> Table<'a> {
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
pub fn load<T: Record + Send>(loc: &StoreLocation) -> Result<Vec<T>, StoreError> {
    match fsio::read_optional(&loc.path, &loc.display)? {
        None => Ok(Vec::new()),
        Some(bytes) => decode(loc, &bytes),
    }
}

/// Decodes table bytes, verified by [`Table::open`].
///
/// The reader's fast check here is the typed decode itself (strict: unknown
/// or repeated fields, wrong types fail it) and the record's compiled schema
/// check ([`Record::conforms`]), on every core, so a list of a large table
/// parses each record once.
pub fn decode<T: Record + Send>(loc: &StoreLocation, bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    let check = |text: &str| {
        let record: T = serde_json::from_str(text).ok()?;
        record.conforms().then(|| (record.key().to_string(), record))
    };
    let (reading, typed) = read::read_with(loc, bytes, false, &check);
    let reading = refused(loc, reading)?;
    if reading.rerendered.is_some() || typed.iter().any(Option::is_none) {
        // Records the typed check passed over were accepted by the schema.
        return Table::verified(loc, reading).rows();
    }
    Ok(typed.into_iter().flatten().collect())
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
