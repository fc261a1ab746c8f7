//! The one reader of the table format ([`read`]), shared by every path
//! through [`super::Table::open`], [`super::verify_bytes`],
//! [`super::inspect_bytes`], `reseal` and `migrate`: strict JSON, envelope,
//! schema name, every record (compiled check, else the schema), key order,
//! duplicate keys, checksum, and (for `validate`) canonical layout. Each
//! problem names file, record and field; nothing here panics.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{checksum, record_text};
use crate::error::{Integrity, Problem, ProblemKind};
use crate::store::canonical::{hash_array, is_table_text, strip_whitespace};
use crate::store::registry::StoreLocation;
use crate::store::{json, schema};

/// A table file with its records still as text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile<'a> {
    #[serde(borrow)]
    checksum: Cow<'a, str>,
    #[serde(borrow)]
    records: Vec<&'a RawValue>,
    #[serde(borrow)]
    schema: Cow<'a, str>,
}

/// What [`read`] found in a table file.
pub(super) struct Reading<'b> {
    /// Every record's text as it stands in the file.
    pub(super) texts: Vec<&'b str>,
    pub(super) scan: Scan,
    /// Records re-rendered from their parsed values: set when the text's
    /// own hash is off but the canonical one matches (non-canonical text).
    pub(super) rerendered: Option<Vec<Value>>,
    /// Why the file is not strict JSON, when it is not.
    pub(super) malformed: Option<json::JsonError>,
    /// The checksum the file states.
    pub(super) stored: Option<String>,
    /// Stored and computed checksums when they differ.
    pub(super) mismatch: Option<(String, String)>,
    pub(super) records: usize,
    pub(super) problems: Vec<Problem>,
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
pub(super) fn read<'b>(loc: &StoreLocation, bytes: &'b [u8], layout: bool) -> Reading<'b> {
    let fast = loc.def.fast_check;
    read_with(loc, bytes, layout, &|text: &str| {
        fast.and_then(|check| check(text, layout)).map(|key| (key, ()))
    })
    .0
}

/// [`read`] with the per-record fast check given: it returns the record's
/// key and whatever it decoded (a typed record, for reads that want one),
/// or `None` for the full check. The check must be at least as strict as
/// the record's schema.
pub(super) fn read_with<'b, R: Send>(
    loc: &StoreLocation,
    bytes: &'b [u8],
    layout: bool,
    check: &(dyn Fn(&str) -> Option<(String, R)> + Sync),
) -> (Reading<'b>, Vec<Option<R>>) {
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
            return (out, Vec::new());
        }
    };
    if raw.schema != loc.def.file_schema {
        out.problems.push(
            Problem::new(
                &loc.display,
                format!("is {:?}, expected {:?}", excerpt(&raw.schema), loc.def.file_schema),
            )
            .field("schema")
            .kind(ProblemKind::Schema),
        );
    }
    out.stored = Some(excerpt(&raw.checksum).into_owned());
    out.texts = raw.records.iter().map(|r| r.get()).collect();
    out.records = out.texts.len();
    let (scan, typed) = scan_records(&out.texts, check);
    out.scan = scan;
    let mut values: Vec<Option<Value>> = vec![None; out.texts.len()];
    let mut lines = Lines::new(bytes);
    for (index, text) in out.texts.iter().enumerate() {
        if out.scan.keys[index].is_some() {
            continue;
        }
        match json::parse(text.as_bytes()) {
            Err(e) => out.problems.push(record_json_problem(loc, bytes, text, index, &e)),
            Ok(value) => {
                let before = out.problems.len();
                let id = check_record_at(loc, index, &value, &mut out.problems).map(str::to_string);
                if layout && record_text(loc.def.key_field(), &value) != text.as_bytes() {
                    let label = id.clone().unwrap_or_else(|| format!("#{}", index + 1));
                    out.problems.push(not_canonical(loc).record(label));
                }
                if layout && out.problems.len() > before {
                    at_line(&mut out.problems[before..], lines.of(text));
                }
                out.scan.keys[index] = id;
                values[index] = Some(value);
            }
        }
    }
    let key = loc.def.key_field();
    let mut previous: Option<&str> = None;
    let mut lines = Lines::new(bytes);
    for (id, text) in out.scan.keys.iter().map(Option::as_deref).zip(&out.texts) {
        let before = out.problems.len();
        order_problems(loc, key, previous, id, &mut out.problems);
        if layout && out.problems.len() > before {
            at_line(&mut out.problems[before..], lines.of(text));
        }
        previous = id.or(previous);
    }
    if !out.problems.is_empty() {
        return (out, typed);
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
        return (out, typed);
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
        return (out, typed);
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
    (out, typed)
}

/// A stored string as messages quote it: at most 80 characters.
pub(super) fn excerpt(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(80) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &s[..cut])),
        None => Cow::Borrowed(s),
    }
}

pub(super) fn checksum_problem(loc: &StoreLocation, computed: &str) -> Problem {
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
pub(super) fn record_json_problem(
    loc: &StoreLocation,
    file: &[u8],
    text: &str,
    index: usize,
    e: &json::JsonError,
) -> Problem {
    let mut p = e.problem(&loc.display).record(format!("#{}", index + 1));
    p.line = Some(Lines::new(file).of(text) - 1 + e.line.max(1));
    if let Some(id) = crate::store::canonical::field_str(text, loc.def.key_field()) {
        p.record = Some(excerpt(id).into_owned());
    }
    p
}

/// Line numbers of slices of one file asked in file order: each call
/// counts only the newlines since the last (from the start again when asked
/// about an earlier slice), so naming the line of every record of a table
/// stays linear in the file.
struct Lines<'f> {
    file: &'f [u8],
    offset: usize,
    line: usize,
}

impl<'f> Lines<'f> {
    fn new(file: &'f [u8]) -> Lines<'f> {
        Lines {
            file,
            offset: 0,
            line: 1,
        }
    }

    /// The line (from 1) on which `text`, a slice of the file, starts.
    fn of(&mut self, text: &str) -> usize {
        let offset = (text.as_ptr() as usize)
            .saturating_sub(self.file.as_ptr() as usize)
            .min(self.file.len());
        if offset < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        self.line += self.file[self.offset..offset].iter().filter(|b| **b == b'\n').count();
        self.offset = offset;
        self.line
    }
}

/// Places problems found in one record at the record's first line, where
/// they name no line of their own (for `validate`, which reads with
/// `layout`; other readers' messages name the record, not the line).
fn at_line(problems: &mut [Problem], line: usize) {
    for p in problems.iter_mut().filter(|p| p.line.is_none()) {
        p.line = Some(line);
    }
}

/// The problems of a file whose envelope did not parse: strict JSON first
/// (position, pointer, conflict markers), then the schemas, else what the
/// envelope parse said.
pub(super) fn whole_file_problems(
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
        vec![
            Problem::new(&loc.display, crate::error::strip_position(&err.to_string()))
                .line(err.line())
                .kind(ProblemKind::Schema),
        ]
    } else {
        problems
    }
}

/// What one pass over a table's record texts found.
#[derive(Default)]
pub(super) struct Scan {
    /// Every record's compact form, back to back in one buffer per thread.
    pub(super) compact: Vec<Vec<u8>>,
    /// Where each record's compact form is: buffer and range.
    pub(super) ranges: Vec<(usize, std::ops::Range<usize>)>,
    /// Each record's key when the store's compiled check passes it.
    pub(super) keys: Vec<Option<String>>,
}

/// Strips every record to its compact form (for the checksum) and runs the
/// store's compiled check on it (`layout`: canonical layout too), spread
/// over the available cores.
pub(super) fn scan_records<R: Send>(
    texts: &[&str],
    check: &(dyn Fn(&str) -> Option<(String, R)> + Sync),
) -> (Scan, Vec<Option<R>>) {
    let parts = parallel_chunks(texts, |chunk| {
        let mut compact = Vec::with_capacity(chunk.iter().map(|t| t.len()).sum());
        let mut ranges = Vec::with_capacity(chunk.len());
        let mut keys = Vec::with_capacity(chunk.len());
        let mut typed = Vec::with_capacity(chunk.len());
        for text in chunk {
            let start = compact.len();
            strip_whitespace(text.as_bytes(), &mut compact);
            ranges.push(start..compact.len());
            match check(text) {
                Some((key, r)) => {
                    keys.push(Some(key));
                    typed.push(Some(r));
                }
                None => {
                    keys.push(None);
                    typed.push(None);
                }
            }
        }
        (compact, ranges, keys, typed)
    });
    let mut all = Scan {
        compact: Vec::new(),
        ranges: Vec::with_capacity(texts.len()),
        keys: Vec::with_capacity(texts.len()),
    };
    let mut typed_all = Vec::with_capacity(texts.len());
    for (buf, (compact, ranges, keys, typed)) in parts.into_iter().enumerate() {
        all.compact.push(compact);
        all.ranges.extend(ranges.into_iter().map(|r| (buf, r)));
        all.keys.extend(keys);
        typed_all.extend(typed);
    }
    (all, typed_all)
}

/// `f` over consecutive chunks of `items`, one chunk per available core,
/// results in order.
pub(super) fn parallel_chunks<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
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

pub(super) fn not_canonical(loc: &StoreLocation) -> Problem {
    Problem::new(
        &loc.display,
        "is not in canonical form (each record key first, then sorted fields; two-space indent; trailing newline)",
    )
    .hint("rewrite it with `cavra ops migrate` (or, after reviewing a hand edit, `cavra reseal`)")
    .kind(ProblemKind::Layout)
}

pub(super) fn order_problems(
    loc: &StoreLocation,
    key: &str,
    previous: Option<&str>,
    id: Option<&str>,
    problems: &mut Vec<Problem>,
) {
    if let (Some(prev), Some(id)) = (previous, id) {
        if prev == id {
            problems.push(
                Problem::new(&loc.display, "appears twice")
                    .record(id)
                    .field(key)
                    .kind(ProblemKind::Layout),
            );
        } else if prev > id {
            problems.push(
                Problem::new(&loc.display, format!("is out of order (after {prev})"))
                    .record(id)
                    .field(key)
                    .kind(ProblemKind::Layout)
                    .hint(format!(
                        "records are sorted by {key}; `cavra reseal {}` sorts them",
                        loc.def.name
                    )),
            );
        }
    }
}

/// Schema problems of a parsed table: envelope, records, keys and order.
pub(super) fn check_value(loc: &StoreLocation, value: &Value) -> Vec<Problem> {
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
            .field("schema")
            .kind(ProblemKind::Schema),
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
pub(super) fn check_record_at<'v>(
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
