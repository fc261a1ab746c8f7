//! The windows forwarding sends, read from a tenant's event ledger in one
//! streaming pass (through the ledger's one reader, [`ledger::for_each`]).
//!
//! Policy: memory stays that of a window, whatever the ledger's length.
//! A `ledger-prune` entry of the chain is no event: it moves the cursor
//! and is never sent. Entries up to the cursor are verified by the read and skipped: only their
//! dedupe keys are kept (taken from the record's text, not a parsed
//! `Value`), so an event a merge brought in twice is forwarded once. The
//! entries after the cursor are cut at fixed `seq` boundaries ([`super::WINDOW`]),
//! so a batch is rebuilt the same on every run; each window hands over its
//! picked events, built from the records' text (their content is the
//! record's canonical text with the envelope its DSSE payload holds beside
//! the proof as `envelope`, [`crate::ops::aispm::proof::envelope_of`]: the
//! ledger keeps the signed bytes once, a SIEM searches the fields), and where the cursor stands
//! once all of it was acknowledged. The pass always reads to the end: after
//! the receiver stops taking windows (a failed batch, a dry run), it only
//! counts what is pending.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{Position, SOURCETYPE};
use crate::clock::Timestamp;
use crate::connector::providers::{Content, Event};
use crate::error::StoreError;
use crate::store::ledger::{self, Entry};
use crate::store::registry::StoreLocation;

/// Which events are sent (the cursor still passes the others).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only events that occurred at or after this time (normalised).
    pub since: Option<String>,
    pub event_types: Vec<String>,
}

impl Filter {
    /// Whether every event passes.
    fn is_empty(&self) -> bool {
        self.since.is_none() && self.event_types.is_empty()
    }
}

/// One window of the ledger after the cursor.
#[derive(Debug)]
pub struct Window {
    /// The window's last entry: the cursor once all of it was acknowledged
    /// (or nothing in it was to be sent).
    pub last: Position,
    /// The events to send, in ledger order.
    pub events: Vec<Event>,
    /// The position of each event's entry.
    pub positions: Vec<Position>,
}

impl Window {
    /// The cursor after the first `acked` events were acknowledged: the
    /// window's end when all were (filtered-out entries are passed too).
    pub fn cursor_after(&self, acked: usize, before: &Option<Position>) -> Option<Position> {
        if acked == self.events.len() {
            Some(self.last.clone())
        } else if acked > 0 {
            Some(self.positions[acked - 1].clone())
        } else {
            before.clone()
        }
    }

    pub fn last_event_at(&self, acked: usize) -> Option<String> {
        (acked > 0).then(|| self.events[acked - 1].time.clone())
    }
}

/// What stops the pass.
#[derive(Debug)]
pub enum ScanError {
    /// The cursor names an entry the ledger does not hold (its `seq` with
    /// another hash, or a `seq` past the ledger's end).
    CursorLost,
    Store(StoreError),
}

/// Reads the ledger at `loc` once, handing each window (of `size` entries,
/// [`super::WINDOW`] when forwarding) after `cursor` to
/// `take` (in order, empty windows included) until `take` returns false;
/// returns how many events were pending (after the cursor and `filter`),
/// counted to the ledger's end. `abandon` returning true ends the pass early
/// (its count is then meaningless).
pub fn scan(
    loc: &StoreLocation,
    size: u64,
    cursor: Option<&Position>,
    filter: &Filter,
    now: &Timestamp,
    take: &mut dyn FnMut(Window) -> bool,
    abandon: &dyn Fn() -> bool,
) -> Result<u64, ScanError> {
    let mut pick = Pick {
        seen: Seen::default(),
        pending: 0,
        taking: true,
        filter,
        now,
    };
    // Before the first entry: whether the cursor lies ahead (`Some`) and
    // must be found with its hash, or was pruned from under (`None`).
    let mut ahead: Option<&Position> = None;
    let mut first = true;
    let mut lost = false;
    // Entries up to the cursor (only their keys are wanted), and the
    // window being read: each read on every core once a batch is whole.
    let mut passed: Vec<Entry> = Vec::new();
    let mut window: Option<(u64, Vec<Entry>)> = None;
    let read = ledger::for_each(loc, &mut |entry: Entry| {
        if abandon() {
            return false;
        }
        if first {
            first = false;
            // Pruned from under the cursor: what is left starts after it.
            ahead = cursor.filter(|p| entry.seq <= p.seq);
        }
        if let Some(p) = ahead {
            let at_cursor = entry.seq == p.seq;
            if at_cursor && entry.hash != p.entry_hash {
                lost = true;
                return false;
            }
            passed.push(entry);
            if at_cursor || passed.len() == PASSED_BATCH {
                pick.pass(&mut passed);
            }
            if at_cursor {
                ahead = None;
            }
            return true;
        }
        let bound = (entry.seq - 1) / size;
        if window.as_ref().is_some_and(|(b, _)| *b != bound) {
            let (_, entries) = window.take().expect("checked above");
            pick.window(entries, take);
        }
        window.get_or_insert_with(|| (bound, Vec::new())).1.push(entry);
        true
    });
    read.map_err(ScanError::Store)?;
    if abandon() {
        return Ok(pick.pending);
    }
    if lost || ahead.is_some() {
        return Err(ScanError::CursorLost);
    }
    if let Some((_, entries)) = window {
        pick.window(entries, take);
    }
    Ok(pick.pending)
}

/// How many entries up to the cursor are read as one batch.
const PASSED_BATCH: usize = 4096;

/// What the pass picks, window by window: the serial part (the dedupe
/// keys, in ledger order) between two parallel ones (each record's key,
/// then each picked record's event).
struct Pick<'f> {
    seen: Seen,
    /// Events after the cursor and `filter`, counted to the ledger's end.
    pending: u64,
    /// Whether the receiver still takes windows.
    taking: bool,
    filter: &'f Filter,
    now: &'f Timestamp,
}

impl Pick<'_> {
    /// Entries up to the cursor: only their keys are kept.
    fn pass(&mut self, entries: &mut Vec<Entry>) {
        for head in heads(entries) {
            self.seen.insert(head.key());
        }
        entries.clear();
    }

    /// One window after the cursor: its events built (on every core) and
    /// handed to `take`, while it takes them; counted in any case.
    fn window(&mut self, entries: Vec<Entry>, take: &mut dyn FnMut(Window) -> bool) {
        use rayon::prelude::*;
        let Some(last) = entries.last().map(|e| Position {
            seq: e.seq,
            entry_hash: e.hash.clone(),
        }) else {
            return;
        };
        let (filter, now) = (self.filter, self.now);
        if !self.taking && filter.is_empty() {
            // Only counted, and no filter needs the envelope: the keys will do.
            for h in heads(&entries) {
                if h.fresh(&mut self.seen) {
                    self.pending += 1;
                }
            }
            return;
        }
        // Each record read once, on every core (its event built when it
        // passes the filter and the receiver takes it); then, in order, a
        // prune entry is no event and a key seen before a merge's repeat.
        let taking = self.taking;
        let read: Vec<Read<'_>> = entries
            .par_iter()
            .map(|e| {
                let fields = Fields::of(e.record.text());
                let (head, passes) = (fields.head.clone(), fields.passes(filter));
                let built = (taking && !head.prune && passes).then(|| {
                    let position = Position {
                        seq: e.seq,
                        entry_hash: e.hash.clone(),
                    };
                    (fields.event(e.record.clone(), now), position)
                });
                Read { head, passes, built }
            })
            .collect();
        let (mut events, mut positions) = (Vec::new(), Vec::new());
        for r in read {
            if !r.head.fresh(&mut self.seen) || !r.passes {
                continue;
            }
            self.pending += 1;
            if let Some((event, position)) = r.built {
                events.push(event);
                positions.push(position);
            }
        }
        if taking {
            self.taking = take(Window {
                last,
                events,
                positions,
            });
        }
    }
}

/// What a window keeps of one of its records.
struct Read<'a> {
    head: Head<'a>,
    passes: bool,
    /// Its event, when sent.
    built: Option<(Event, Position)>,
}

/// What the pass reads of every record: whether it is a `ledger-prune`
/// entry of the chain (no event, never sent) and its dedupe key.
#[derive(Debug, Default, Clone)]
struct Head<'a> {
    prune: bool,
    dedupe_key: Option<Cow<'a, str>>,
}

impl<'a> Head<'a> {
    fn of(metadata_kind: Str<'a>, dedupe_key: Str<'a>) -> Head<'a> {
        Head {
            prune: metadata_kind.0.as_deref() == Some(ledger::prune::KIND),
            dedupe_key: dedupe_key.0,
        }
    }

    /// The key (empty when there is none).
    fn key(&self) -> &str {
        self.dedupe_key.as_deref().unwrap_or_default()
    }

    /// Whether this is an event not seen before (a key seen is a merge's
    /// repeat); its key is seen from now on.
    fn fresh(&self, seen: &mut Seen) -> bool {
        !self.prune && seen.insert(self.key())
    }
}

/// The [`Head`] of each entry, read on every core.
fn heads(entries: &[Entry]) -> Vec<Head<'_>> {
    use rayon::prelude::*;
    #[derive(Deserialize)]
    struct Top<'a> {
        #[serde(borrow, default)]
        metadata_kind: Str<'a>,
        #[serde(borrow, default)]
        dedupe_key: Str<'a>,
    }
    entries
        .par_iter()
        .map(|e| {
            // A verified record is a JSON object; anything else reads as empty.
            serde_json::from_str::<Top<'_>>(e.record.text())
                .map_or_else(|_| Head::default(), |top| Head::of(top.metadata_kind, top.dedupe_key))
        })
        .collect()
}

/// The dedupe keys seen so far: a key in its usual form (32 lowercase hex
/// digits) as its 16 bytes, anything else as it is written.
#[derive(Default)]
struct Seen {
    hex: HashSet<[u8; 16]>,
    other: HashSet<String>,
}

impl Seen {
    /// Whether `key` is new.
    fn insert(&mut self, key: &str) -> bool {
        let b = key.as_bytes();
        if b.len() == 32 && b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
            let mut bytes = [0u8; 16];
            for (i, pair) in b.chunks_exact(2).enumerate() {
                let digit = |c: u8| if c <= b'9' { c - b'0' } else { c - b'a' + 10 };
                bytes[i] = digit(pair[0]) << 4 | digit(pair[1]);
            }
            self.hex.insert(bytes)
        } else {
            self.other.insert(key.to_string())
        }
    }
}

/// The members of a record forwarding reads, taken from its text: each is
/// `None` when absent or not a string (as `Value::pointer` and `as_str`
/// would find them); the event's from the envelope its `dsse.payload` holds.
#[derive(Debug, Default)]
struct Fields<'a> {
    head: Head<'a>,
    received_at: Option<Cow<'a, str>>,
    event_id: Option<String>,
    event_type: Option<String>,
    occurred_at: Option<String>,
    session_id: Option<String>,
    /// The envelope, and where in the text the `dsse` member ends (it goes
    /// right after: `envelope` sorts between `dsse` and `key_id`).
    envelope: Option<(Envelope, usize)>,
}

/// The envelope a record's `dsse.payload` holds (what
/// [`crate::ops::aispm::proof::envelope_of`] reads), as canonical text, with
/// the members of its `event` forwarding reads.
#[derive(Debug)]
struct Envelope {
    text: String,
    /// `event_id`, `event_type`, `occurred_at`, `session_id`: each `None`
    /// when absent or not a string.
    event: [Option<String>; 4],
}

impl Envelope {
    const EVENT: [&str; 4] = ["event_id", "event_type", "occurred_at", "session_id"];

    /// `None` unless `payload` is JSON of an object. A payload already in
    /// canonical form (as cavra's signer writes it) is taken as it stands,
    /// on a borrowed parse; any other through its `Value`.
    fn of(payload: Vec<u8>) -> Option<Envelope> {
        use crate::store::ledger::record::{Json, is_canonical};
        let canonical = std::str::from_utf8(&payload).ok().and_then(|text| {
            let json: Json<'_> = serde_json::from_str(text).ok()?;
            (matches!(json, Json::Object(_)) && is_canonical(&json, text)).then(|| {
                let event = json.get_sorted("event");
                Envelope::EVENT.map(|k| {
                    event
                        .and_then(|e| e.get_sorted(k))
                        .and_then(Json::as_str)
                        .map(str::to_string)
                })
            })
        });
        if let Some(event) = canonical {
            let text = String::from_utf8(payload).expect("checked above");
            return Some(Envelope { text, event });
        }
        let value = crate::ops::aispm::proof::envelope_in(&payload)?;
        let event = Envelope::EVENT.map(|k| value["event"][k].as_str().map(str::to_string));
        let text = serde_json::to_string(&value).expect("values serialize");
        Some(Envelope { text, event })
    }
}

impl<'a> Fields<'a> {
    fn of(text: &'a str) -> Fields<'a> {
        #[derive(Deserialize)]
        struct Top<'a> {
            #[serde(borrow, default)]
            metadata_kind: Str<'a>,
            #[serde(borrow, default)]
            dedupe_key: Str<'a>,
            #[serde(borrow, default)]
            dsse: Option<&'a RawValue>,
            #[serde(borrow, default)]
            received_at: Str<'a>,
        }
        #[derive(Deserialize, Default)]
        struct Dsse<'a> {
            #[serde(borrow, default)]
            payload: Str<'a>,
        }
        // A verified record is a JSON object; anything else reads as empty.
        let Ok(top) = serde_json::from_str::<Top<'a>>(text) else {
            return Fields::default();
        };
        let envelope = top.dsse.and_then(|raw| {
            // Canonical, `dsse` opens with its payload, and base64 needs no
            // escape: read in place; else on a parse of its own.
            let plain = raw
                .get()
                .strip_prefix(r#"{"payload":""#)
                .and_then(|rest| rest.split_once('"'))
                .map(|(payload, _)| payload)
                .filter(|payload| !payload.contains('\\'));
            let payload = match plain {
                Some(payload) => Cow::Borrowed(payload),
                None => serde_json::from_str::<Obj<Dsse<'_>>>(raw.get()).ok()?.0?.payload.0?,
            };
            let envelope = Envelope::of(crate::ops::aispm::dsse::b64_decode(&payload)?)?;
            // `raw` is a slice of `text`.
            let end = raw.get().as_ptr() as usize - text.as_ptr() as usize + raw.get().len();
            Some((envelope, end))
        });
        let [event_id, event_type, occurred_at, session_id] = match &envelope {
            Some((e, _)) => e.event.clone(),
            None => Default::default(),
        };
        Fields {
            head: Head::of(top.metadata_kind, top.dedupe_key),
            received_at: top.received_at.0,
            event_id,
            event_type,
            occurred_at,
            session_id,
            envelope,
        }
    }

    /// Whether the event passes `filter`.
    fn passes(&self, filter: &Filter) -> bool {
        let ty = self.event_type.as_deref();
        let at = self.occurred_at.as_deref();
        (filter.event_types.is_empty() || ty.is_some_and(|t| filter.event_types.iter().any(|x| x == t)))
            && filter
                .since
                .as_ref()
                .is_none_or(|s| at.is_some_and(|a| super::super::posture::normalise(a) >= *s))
    }

    /// The engine's event of the entry whose record is `record`: its content
    /// the record as the ledger holds it; its digest the dedupe key (the
    /// same event always makes the same key).
    fn event(self, record: ledger::Record, now: &Timestamp) -> Event {
        let dedupe = self.head.dedupe_key.map(Cow::into_owned).unwrap_or_default();
        let time = self
            .occurred_at
            .as_deref()
            .or(self.received_at.as_deref())
            .and_then(Timestamp::parse)
            .unwrap_or(*now);
        // Canonical still: the envelope's text is its `Value`'s, and the
        // member goes where its name sorts.
        let record = match &self.envelope {
            Some((envelope, end)) => {
                let text = record.text();
                let envelope = &envelope.text;
                let mut with = String::with_capacity(text.len() + envelope.len() + 12);
                with.push_str(&text[..*end]);
                with.push_str(",\"envelope\":");
                with.push_str(envelope);
                with.push_str(&text[*end..]);
                ledger::Record::from_canonical(&with)
            }
            None => record,
        };
        Event {
            id: self.event_id.unwrap_or_else(|| format!("evt_{dedupe}")),
            digest: dedupe,
            event_type: self.event_type.unwrap_or_else(|| "aispm.event".to_string()),
            session_id: self.session_id,
            time: time.rfc3339(),
            unix_time: time.unix() as f64,
            value: Content::Record(record),
            sourcetype: Some(SOURCETYPE),
        }
    }
}

/// A member read as a string when it is one; any other value is skipped.
#[derive(Debug, Default)]
struct Str<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Borrowed(s))))
            }
            fn visit_str<E>(self, s: &str) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(s.to_string()))))
            }
            fn visit_string<E>(self, s: String) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(s))))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Str<'a>, E> {
                Ok(Str(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Str<'a>, E> {
                Ok(Str(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Str<'a>, E> {
                Ok(Str(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Str<'a>, E> {
                Ok(Str(None))
            }
            fn visit_unit<E>(self) -> Result<Str<'a>, E> {
                Ok(Str(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Str<'a>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Str(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Str<'a>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Str(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A member read as `T` when it is an object; any other value is skipped.
#[derive(Debug, Default)]
struct Obj<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, _: &str) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_unit<E>(self) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Obj<T>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Obj(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(|t| Obj(Some(t)))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
#[path = "window_tests.rs"]
mod tests;
