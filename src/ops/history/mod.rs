//! The one delivery history over the evidence metadata ledger, for every
//! kind of delivery (plain, release, drill, replay): filters, newest-first
//! pages, and the dashboard ([`dashboard`]).
//!
//! Policy: the ledger is read once, through [`ledger::read`], which verifies
//! the hash chain; a ledger `cavra validate` would call broken is refused
//! ([`HistoryError::Broken`]), never summarised. A ledger entry is a
//! delivery when it says `delivery_success` (plans and acknowledgements
//! share the ledger and are not). Views of other features (release, drill)
//! are named [`Filter`]s of this history, plus extra exact-match fields
//! ([`Filter::fields`]) and extra dashboard figures ([`dashboard::Dashboard::extra`]);
//! nothing is capped silently: a page says its `total`, and dashboards count
//! every matching entry.

pub mod dashboard;
pub mod fields;

use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{Problem, StoreError};
use crate::store::ledger;
use crate::store::registry::StoreLocation;

/// What keeps a history from being read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The ledger's chain or an entry is broken: `cavra validate` fails on it.
    #[error("{problem}")]
    Broken { ledger: PathBuf, problem: Box<Problem> },
    /// `--since` is after `--until`.
    #[error("--since {since} is after --until {until}: the window is empty")]
    EmptyWindow { since: String, until: String },
    #[error(transparent)]
    Store(StoreError),
}

impl HistoryError {
    /// What reading the ledger at `loc` failed with, as a history error:
    /// a broken chain or entry names the ledger as `validate` shows it.
    pub fn reading(loc: &StoreLocation, e: StoreError) -> HistoryError {
        match e {
            StoreError::Ledger { problem } => HistoryError::Broken {
                ledger: crate::ops::stores::shown_path(loc),
                problem,
            },
            other => HistoryError::Store(other),
        }
    }
}

impl crate::error::Diagnostic for HistoryError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            HistoryError::Broken { .. } => ExitCode::Data,
            HistoryError::EmptyWindow { .. } => ExitCode::Usage,
            HistoryError::Store(e) => e.exit_code(),
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            HistoryError::Broken { .. } => vec![
                "`cavra validate` fails on this ledger: history and dashboards count only a ledger whose chain verifies"
                    .to_string(),
            ],
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        match self {
            HistoryError::Broken { ledger, problem } => {
                let mut hints: Vec<String> = problem.hint.iter().cloned().collect();
                hints.push(format!(
                    "run `cavra validate` to see every problem; `git log -p -- {}` shows who changed it",
                    ledger.display()
                ));
                hints
            }
            HistoryError::EmptyWindow { .. } => vec!["give --since before --until".to_string()],
            HistoryError::Store(_) => Vec::new(),
        }
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            HistoryError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// One delivery: a ledger entry that records one, with the fields the
/// filters and figures use read once, straight from the record's text
/// ([`fields`]: no `Value` is built for a record unless something asks for
/// one, such as a page's output or a string with escapes).
#[derive(Debug, Clone)]
pub struct Item {
    /// The entry's place in the ledger (a retry's `retry_of` names it).
    pub seq: u64,
    /// The entry's record, as the ledger holds it (its `Value` parsed on
    /// first use; [`Item::str`] and the like read its text without).
    pub record: ledger::Record,
    pub created: i128,
    pub success: bool,
    pub providers: Vec<String>,
    pub failed_providers: Vec<String>,
    pub retry_of: Option<u64>,
    /// The fields every view reads ([`HOT`]), found once.
    hot: [Hot; HOT.len()],
    attempt_count: Option<u64>,
    /// Where the `attempt_counts` object is in the record's text.
    attempt_counts: Option<(u32, u32)>,
}

/// Where a [`HOT`] field's string is in the record's text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Hot {
    Absent,
    Span(u32, u32),
    /// A string with escapes (read from the `Value`).
    Escaped,
}

/// The fields every filter and figure reads, found once per item (at
/// these places in [`Item::hot`]).
const HOT: [&str; 5] = [
    "created_at",
    "event_type",
    "event_id",
    "metadata_kind",
    "connector_delivery_source",
];
const CREATED_AT: usize = 0;
const EVENT_TYPE: usize = 1;
const EVENT_ID: usize = 2;
const METADATA_KIND: usize = 3;
const SOURCE: usize = 4;

impl Serialize for Item {
    /// `{seq, …the record's members}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let members = self.record.as_object();
        let mut map = s.serialize_map(Some(1 + members.map_or(0, Map::len)))?;
        map.serialize_entry("seq", &self.seq)?;
        for (k, v) in members.into_iter().flatten() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Item {
    /// The item on a copy of its record's text rather than the segment it
    /// was read from: an item kept while the ledger streams by holds no more
    /// than its record.
    pub fn detached(mut self) -> Item {
        self.record = ledger::Record::from_canonical(self.record.text());
        self
    }

    /// The delivery entry `e` records, if it records one.
    pub fn delivery(e: &ledger::Entry) -> Option<Item> {
        // Not a delivery unless its canonical text says so: most of a
        // mixed ledger is passed over without a parse.
        if !e.record.text().contains("\"delivery_success\":") {
            return None;
        }
        let mut delivery = false;
        let item = Item::new(e, &["delivery_success", "providers"], |found| {
            delivery = found[0].and_then(fields::as_bool).is_some();
            found[1].map(fields::strings).unwrap_or_default()
        });
        delivery.then_some(item)
    }

    /// The item of a verified ledger entry whose record is an object, in
    /// one walk over the record's members. `providers` gets the texts of
    /// the members named in `wanted` (in that order; `None` when absent)
    /// and says the item's providers: a delivery's are its `providers`
    /// list; a drill plan names others.
    pub fn new(e: &ledger::Entry, wanted: &[&str], providers: impl FnOnce(&[Option<&str>]) -> Vec<String>) -> Item {
        let text = e.record.text();
        let span = |s: &str| {
            let start = s.as_ptr() as usize - text.as_ptr() as usize;
            (start as u32, (start + s.len()) as u32)
        };
        let mut hot = [Hot::Absent; HOT.len()];
        let (mut success, mut retry_of, mut failed) = (false, None, Vec::new());
        let (mut attempt_count, mut attempt_counts) = (None, None);
        let mut found = [None; 8];
        // A canonical key is spelled plainly (only `"`, `\` and control
        // characters are escaped), so cavra's field names compare as written.
        for (key, value) in fields::members(text) {
            if let Some(w) = wanted.iter().position(|k| *k == key) {
                found[w] = Some(value);
            }
            if let Some(h) = HOT.iter().position(|k| *k == key) {
                hot[h] = match fields::as_str(value) {
                    fields::Read::Str(s) => {
                        let (start, end) = span(s);
                        Hot::Span(start, end)
                    }
                    fields::Read::Escaped => Hot::Escaped,
                    fields::Read::None => Hot::Absent,
                };
                continue;
            }
            match key {
                "delivery_success" => success = fields::as_bool(value).unwrap_or(false),
                "retry_of" => retry_of = fields::as_u64(value),
                "failed_providers" => failed = fields::strings(value),
                "attempt_count" => attempt_count = fields::as_u64(value),
                "attempt_counts" if value.starts_with('{') => attempt_counts = Some(span(value)),
                _ => {}
            }
        }
        let mut item = Item {
            seq: e.seq,
            created: 0,
            success,
            providers: providers(&found[..wanted.len().min(found.len())]),
            failed_providers: failed,
            retry_of,
            attempt_count,
            attempt_counts,
            record: e.record.clone(),
            hot,
        };
        item.created = item.hot(CREATED_AT).and_then(instant).unwrap_or(0);
        item
    }
    /// The text of member `field` of the record.
    fn member(&self, field: &str) -> Option<&str> {
        fields::member(self.record.text(), field)
    }
    /// A string field of the record (`None` when absent or not a string).
    pub fn str(&self, field: &str) -> Option<&str> {
        if let Some(h) = HOT.iter().position(|k| *k == field) {
            return self.hot(h);
        }
        match fields::as_str(self.member(field)?) {
            fields::Read::Str(s) => Some(s),
            fields::Read::Escaped => self.record.get(field).and_then(Value::as_str),
            fields::Read::None => None,
        }
    }
    /// The string field at `HOT[h]`.
    fn hot(&self, h: usize) -> Option<&str> {
        match self.hot[h] {
            Hot::Span(start, end) => self.record.text().get(start as usize..end as usize),
            Hot::Escaped => self.record.get(HOT[h]).and_then(Value::as_str),
            Hot::Absent => None,
        }
    }
    /// The number of elements of an array field of the record.
    pub fn array_len(&self, field: &str) -> Option<usize> {
        self.member(field).and_then(fields::array_len)
    }
    /// The entry's `metadata_kind`.
    pub fn metadata_kind(&self) -> Option<&str> {
        self.hot(METADATA_KIND)
    }
    /// The entry's `connector_delivery_source`.
    pub fn source(&self) -> Option<&str> {
        self.hot(SOURCE)
    }
    /// An unsigned integer field of the record.
    pub fn u64(&self, field: &str) -> Option<u64> {
        self.member(field).and_then(fields::as_u64)
    }
    /// A boolean field of the record.
    pub fn bool(&self, field: &str) -> Option<bool> {
        self.member(field).and_then(fields::as_bool)
    }
    /// Whether the record has `field` at all.
    pub fn has(&self, field: &str) -> bool {
        self.member(field).is_some()
    }
    /// The attempts of `provider` by `attempt_counts` when it is an object
    /// (its member, when a `u64`); `None` when there is no such object.
    pub fn attempts_counted(&self, provider: &str) -> Option<Option<u64>> {
        let (start, end) = self.attempt_counts?;
        let object = self.record.text().get(start as usize..end as usize)?;
        Some(fields::count_of(object, provider))
    }
    /// The entry's `created_at`.
    pub fn created_at(&self) -> &str {
        self.hot(CREATED_AT).unwrap_or_default()
    }
    pub fn event_type(&self) -> &str {
        self.hot(EVENT_TYPE).unwrap_or_default()
    }
    pub fn event_id(&self) -> &str {
        self.hot(EVENT_ID).unwrap_or_default()
    }
    /// Whether `provider`'s own delivery in this entry succeeded (`None`
    /// when the entry did not deliver to it).
    pub fn provider_success(&self, provider: &str) -> Option<bool> {
        if !self.providers.iter().any(|p| p == provider) {
            return None;
        }
        Some(!self.failed_providers.iter().any(|p| p == provider))
    }
    /// The seq of the delivery this one retries, or its own: the delivery a
    /// retry chain is about.
    pub fn root(&self) -> u64 {
        self.retry_of.unwrap_or(self.seq)
    }
    /// The sum of `attempt_count`.
    pub fn attempt_count(&self) -> u64 {
        self.attempt_count.unwrap_or(0)
    }
}

/// The deliveries of one ledger, oldest first, read once.
#[derive(Debug, Default)]
pub struct History {
    pub items: Vec<Item>,
}

/// Which deliveries a view shows. Every list is "any of" (empty: no
/// restriction); different fields must all match. Matching is exact.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Delivered to one of these providers.
    pub providers: Vec<String>,
    pub event_types: Vec<String>,
    pub event_ids: Vec<String>,
    /// The delivery's outcome; with `providers`, the outcome of one of
    /// those providers' own deliveries.
    pub success: Option<bool>,
    /// `created_at` at or after (Unix nanoseconds; see [`instant`]).
    pub since: Option<i128>,
    /// `created_at` at or before.
    pub until: Option<i128>,
    pub metadata_kinds: Vec<String>,
    pub connector_delivery_sources: Vec<String>,
    /// Extra exact matches on string fields of the record (field, any of
    /// the values), for views that need more (`export_id`, `channel`, a
    /// drill's `drill_id`).
    pub fields: Vec<(String, Vec<String>)>,
}

/// A page of a history, newest first.
#[derive(Debug, Serialize)]
pub struct Page<'a> {
    pub items: Vec<&'a Item>,
    /// How many deliveries match the filter (not only this page).
    pub total: usize,
}

/// [`History::page`] as a fold over a history streaming by, oldest first:
/// it keeps only the newest `offset + limit` matching items (every one
/// when there is no limit) and counts the rest.
pub struct PageFold<'f> {
    filter: &'f Filter,
    keep: Option<usize>,
    kept: std::collections::VecDeque<Item>,
    total: usize,
}

impl<'f> PageFold<'f> {
    pub fn new(filter: &'f Filter, limit: Option<usize>, offset: usize) -> Self {
        PageFold {
            filter,
            keep: limit.map(|l| l.saturating_add(offset)),
            kept: std::collections::VecDeque::new(),
            total: 0,
        }
    }

    pub fn push(&mut self, item: Item) {
        if !self.filter.matches(&item) {
            return;
        }
        self.total += 1;
        if self.keep == Some(0) {
            return;
        }
        if self.keep.is_some_and(|k| self.kept.len() == k) {
            self.kept.pop_front();
        }
        self.kept.push_back(item);
    }

    /// The items kept (oldest first) and how many matched in all.
    pub fn finish(self) -> (History, usize) {
        (
            History {
                items: self.kept.into(),
            },
            self.total,
        )
    }
}

/// Entries streaming by made into `T`s a batch at a time on every core,
/// each batch handed on in ledger order: what a reader of a whole ledger
/// keeps is one batch of entries, whatever the ledger's length.
pub struct Batched<'m, T> {
    batch: Vec<ledger::Entry>,
    make: &'m (dyn Fn(&ledger::Entry) -> T + Sync),
}

impl<'m, T: Send> Batched<'m, T> {
    const SIZE: usize = 4096;

    pub fn new(make: &'m (dyn Fn(&ledger::Entry) -> T + Sync)) -> Self {
        Batched {
            batch: Vec::with_capacity(Self::SIZE),
            make,
        }
    }

    /// Takes the next entry; a whole batch goes to `visit`.
    pub fn push(&mut self, entry: ledger::Entry, visit: &mut dyn FnMut(T)) {
        self.batch.push(entry);
        if self.batch.len() == Self::SIZE {
            self.flush(visit);
        }
    }

    /// Hands what is left to `visit` (the end of the ledger).
    pub fn flush(&mut self, visit: &mut dyn FnMut(T)) {
        use rayon::prelude::*;
        let made: Vec<T> = self.batch.par_iter().map(self.make).collect();
        self.batch.clear();
        made.into_iter().for_each(visit);
    }
}

/// Parses an RFC 3339 time to Unix nanoseconds.
pub fn instant(text: &str) -> Option<i128> {
    crate::clock::Timestamp::parse(text).map(|t| t.unix_nanos())
}

/// Whether `value()` is `Some(s)` with `s` one of `wanted` (or `wanted` is
/// empty: then the record's field is not even looked up, which keeps a
/// dashboard over every entry cheap).
pub fn any_of<'a>(wanted: &[String], value: impl FnOnce() -> Option<&'a str>) -> bool {
    wanted.is_empty() || value().is_some_and(|v| wanted.iter().any(|w| w == v))
}

impl Filter {
    /// Checks the window; call before using the filter.
    pub fn check(&self) -> Result<(), HistoryError> {
        if let (Some(s), Some(u)) = (self.since, self.until)
            && s > u
        {
            let show = |n: i128| {
                OffsetDateTime::from_unix_timestamp_nanos(n)
                    .ok()
                    .and_then(|t| t.format(&Rfc3339).ok())
                    .unwrap_or_default()
            };
            return Err(HistoryError::EmptyWindow {
                since: show(s),
                until: show(u),
            });
        }
        Ok(())
    }

    /// Whether `item` matches.
    pub fn matches(&self, item: &Item) -> bool {
        if self.since.is_some_and(|s| item.created < s) || self.until.is_some_and(|u| item.created > u) {
            return false;
        }
        if !any_of(&self.metadata_kinds, || item.metadata_kind())
            || !any_of(&self.connector_delivery_sources, || item.source())
            || !any_of(&self.event_types, || item.str("event_type"))
            || !any_of(&self.event_ids, || item.str("event_id"))
        {
            return false;
        }
        if !self
            .fields
            .iter()
            .all(|(field, values)| any_of(values, || item.str(field)))
        {
            return false;
        }
        if self.providers.is_empty() {
            return self.success.is_none_or(|s| item.success == s);
        }
        self.providers.iter().any(|p| match item.provider_success(p) {
            None => false,
            Some(own) => self.success.is_none_or(|s| own == s),
        })
    }
}

impl History {
    /// Reads the deliveries of the ledger at `loc` (once; an absent ledger
    /// is an empty history).
    pub fn load(loc: &StoreLocation) -> Result<History, HistoryError> {
        let mut items = Vec::new();
        History::stream(loc, &mut |item| items.push(item))?;
        Ok(History { items })
    }

    /// The deliveries of the ledger at `loc` handed to `visit` oldest first
    /// as the one verified read streams by, keeping none: memory stays flat
    /// however long the ledger is. A broken chain stops it.
    pub fn stream(loc: &StoreLocation, visit: &mut dyn FnMut(Item)) -> Result<(), HistoryError> {
        History::stream_items(loc, &Item::delivery, visit)
    }

    /// [`History::stream`] of the items `make` makes of the entries (a
    /// batch of entries at a time, made on every core).
    pub fn stream_items(
        loc: &StoreLocation,
        make: &(dyn Fn(&ledger::Entry) -> Option<Item> + Sync),
        visit: &mut dyn FnMut(Item),
    ) -> Result<(), HistoryError> {
        let mut items = Batched::new(make);
        let mut each = |item: Option<Item>| item.into_iter().for_each(&mut *visit);
        ledger::for_each(loc, &mut |e| {
            items.push(e, &mut each);
            true
        })
        .map_err(|e| HistoryError::reading(loc, e))?;
        items.flush(&mut each);
        Ok(())
    }

    /// The deliveries among verified ledger `entries` (each record read on
    /// every core).
    pub fn from_entries(entries: &[ledger::Entry]) -> History {
        History::select(entries, Item::delivery)
    }

    /// The items `item` makes of `entries`, in ledger order, made on every core.
    pub fn select(entries: &[ledger::Entry], item: impl Fn(&ledger::Entry) -> Option<Item> + Sync + Send) -> History {
        use rayon::prelude::*;
        // Mapped into a list of exactly the entries' length (no growing),
        // then the `None`s dropped in place.
        let items: Vec<Option<Item>> = entries.par_iter().map(item).collect();
        History {
            items: items.into_iter().flatten().collect(),
        }
    }

    /// The matching deliveries, oldest first.
    pub fn matching<'a>(&'a self, filter: &'a Filter) -> impl DoubleEndedIterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| filter.matches(i))
    }

    /// The matching deliveries newest first, `offset` skipped and at most
    /// `limit` shown (`None`: all), with the total that matched.
    pub fn page(&self, filter: &Filter, limit: Option<usize>, offset: usize) -> Page<'_> {
        let mut total = 0;
        let mut items = Vec::new();
        for item in self.items.iter().rev().filter(|i| filter.matches(i)) {
            if total >= offset && limit.is_none_or(|l| items.len() < l) {
                items.push(item);
            }
            total += 1;
        }
        Page { items, total }
    }

    /// The delivery at `seq`.
    pub fn get(&self, seq: u64) -> Option<&Item> {
        self.items
            .binary_search_by_key(&seq, |i| i.seq)
            .ok()
            .map(|i| &self.items[i])
    }
}
