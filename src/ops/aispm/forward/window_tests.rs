//! The streaming window reader against what forwarding did before it: the
//! whole ledger read, the cursor found by position, the windows cut from the
//! rest and each picked event built from the record's parsed `Value` (and
//! the envelope [`crate::ops::aispm::proof::envelope`] takes from it).

use serde_json::{Value, json};

use super::*;
use crate::store::ledger::{self, prune};
use crate::store::registry::{EVIDENCE_METADATA, StoreLocation};

fn loc(dir: &std::path::Path) -> StoreLocation {
    StoreLocation::at(&EVIDENCE_METADATA, dir.join("events.jsonl"), "test")
}

fn now() -> Timestamp {
    Timestamp::parse("2026-03-01T12:00:00Z").unwrap()
}

/// An event-like record: every tenth one repeats the key of the one before
/// (a merge's duplicate), some lack fields or hold other types there.
fn rec(n: usize) -> Value {
    let key = format!("{:032x}", if n.is_multiple_of(10) { n - 1 } else { n });
    let mut event = json!({
        "event_id": format!("evt-{n}"),
        "event_type": if n.is_multiple_of(3) { "tool_call" } else { "policy.decision" },
        "occurred_at": format!("2026-01-0{}T00:00:00Z", 1 + n % 4),
        "session_id": format!("sess-{}", n % 7),
    });
    match n % 13 {
        1 => event["session_id"] = json!(5),
        2 => {
            event.as_object_mut().unwrap().remove("occurred_at");
        }
        3 => event["event_id"] = json!("quo\"ted\u{e9}"),
        4 => event["event_type"] = json!(["not", "a", "string"]),
        5 => event["occurred_at"] = json!("not a time"),
        _ => {}
    }
    let payload = |v: &Value| crate::ops::aispm::dsse::b64_encode(v.to_string().as_bytes());
    let mut r = json!({
        "metadata_kind": "test",
        "created_at": "2026-01-05T00:00:00Z",
        "dedupe_key": key,
        "dsse": {"payload": payload(&json!({"event": event, "other": {"x": 1}})), "payloadType": "t"},
        "key_id": "k",
        "received_at": "2026-01-06T00:00:00Z",
        "padding": "p".repeat(n % 50),
    });
    match n % 17 {
        1 => {
            r.as_object_mut().unwrap().remove("dedupe_key");
        }
        2 => r["dsse"]["payload"] = json!(payload(&json!("no object"))),
        3 => r["dedupe_key"] = json!("ABCDEF0123456789ABCDEF0123456789"),
        4 => r["dsse"]["payload"] = json!("not base64!"),
        5 => r["dsse"] = json!("no object"),
        6 => {
            r.as_object_mut().unwrap().remove("key_id");
        }
        _ => {}
    }
    r
}

/// What forwarding read before: the windows (last position, picked
/// positions, picked events) and the pending count.
fn before(l: &StoreLocation, size: u64, cursor: Option<&Position>, filter: &Filter) -> Option<(Vec<Seen>, u64)> {
    let entries = ledger::read(l).unwrap();
    let pos = |e: &Entry| Position {
        seq: e.seq,
        entry_hash: e.hash.clone(),
    };
    let start = match cursor {
        None => 0,
        Some(p) => match entries.iter().position(|e| e.seq == p.seq) {
            Some(i) if entries[i].hash == p.entry_hash => i + 1,
            None if entries.first().is_none_or(|e| e.seq > p.seq) => 0,
            _ => return None,
        },
    };
    let key = |e: &Entry| e.record["dedupe_key"].as_str().unwrap_or_default().to_string();
    let mut seen: std::collections::HashSet<String> = entries[..start].iter().map(key).collect();
    let mut out = Vec::new();
    let mut pending = 0;
    let rest = &entries[start..];
    let mut i = 0;
    while i < rest.len() {
        let bound = (rest[i].seq - 1) / size;
        let n = rest[i..].iter().take_while(|e| (e.seq - 1) / size == bound).count();
        let slice = &rest[i..i + n];
        let mut w = Seen {
            last: pos(&slice[n - 1]),
            positions: Vec::new(),
            events: Vec::new(),
        };
        for e in slice {
            let env = crate::ops::aispm::proof::envelope(&e.record).unwrap_or_default();
            let ty = env.pointer("/event/event_type").and_then(Value::as_str);
            let at = env.pointer("/event/occurred_at").and_then(Value::as_str);
            let wanted = !prune::is_prune(&e.record)
                && seen.insert(key(e))
                && (filter.event_types.is_empty() || ty.is_some_and(|t| filter.event_types.iter().any(|x| x == t)))
                && filter
                    .since
                    .as_ref()
                    .is_none_or(|s| at.is_some_and(|a| crate::ops::aispm::posture::normalise(a) >= *s));
            if wanted {
                pending += 1;
                w.positions.push(pos(e));
                w.events.push(old_event(e));
            }
        }
        out.push(w);
        i += n;
    }
    Some((out, pending))
}

/// The event as it was built from the parsed record.
fn old_event(e: &Entry) -> Vec<Value> {
    let mut value = e.record.value().clone();
    if let Some(envelope) = crate::ops::aispm::proof::envelope(&value) {
        value["envelope"] = envelope;
    }
    let s = |p: &str| value.pointer(p).and_then(Value::as_str).map(str::to_string);
    let dedupe = s("/dedupe_key").unwrap_or_default();
    let time = s("/envelope/event/occurred_at")
        .or_else(|| s("/received_at"))
        .and_then(|t| Timestamp::parse(&t))
        .unwrap_or(now());
    vec![
        json!(s("/envelope/event/event_id").unwrap_or_else(|| format!("evt_{dedupe}"))),
        json!(dedupe),
        json!(s("/envelope/event/event_type").unwrap_or_else(|| "aispm.event".into())),
        json!(s("/envelope/event/session_id")),
        json!(time.rfc3339()),
        json!(time.unix() as f64),
        value,
    ]
}

/// A window as compared.
#[derive(Debug, PartialEq)]
struct Seen {
    last: Position,
    positions: Vec<Position>,
    events: Vec<Vec<Value>>,
}

/// What the streaming reader gives, taking at most `takes` windows.
fn after(
    l: &StoreLocation,
    size: u64,
    cursor: Option<&Position>,
    filter: &Filter,
    takes: usize,
) -> Option<(Vec<Seen>, u64)> {
    let mut out = Vec::new();
    let pending = scan(
        l,
        size,
        cursor,
        filter,
        &now(),
        &mut |w| {
            let events = w
                .events
                .iter()
                .map(|e| {
                    assert_eq!(e.sourcetype, Some(SOURCETYPE));
                    let mut body = Vec::new();
                    e.value.write_json(&mut body);
                    assert_eq!(body, serde_json::to_vec(&*e.value).unwrap(), "the text is the value's");
                    vec![
                        json!(e.id),
                        json!(e.digest),
                        json!(e.event_type),
                        json!(e.session_id),
                        json!(e.time),
                        json!(e.unix_time),
                        (*e.value).clone(),
                    ]
                })
                .collect();
            out.push(Seen {
                last: w.last,
                positions: w.positions,
                events,
            });
            out.len() < takes
        },
        &|| false,
    );
    match pending {
        Ok(p) => Some((out, p)),
        Err(ScanError::CursorLost) => None,
        Err(ScanError::Store(e)) => panic!("{e}"),
    }
}

fn agree(l: &StoreLocation, size: u64, cursor: Option<&Position>, filter: &Filter) {
    let old = before(l, size, cursor, filter);
    assert_eq!(after(l, size, cursor, filter, usize::MAX), old, "cursor {cursor:?}");
    // Taking only the first window still counts everything pending.
    if let Some((windows, pending)) = old {
        let (first, counted) = after(l, size, cursor, filter, 1).unwrap();
        assert_eq!(counted, pending);
        assert_eq!(first.len(), windows.len().min(1));
    }
}

fn at(l: &StoreLocation, seq: u64) -> Position {
    let e = ledger::read(l).unwrap().into_iter().find(|e| e.seq == seq).unwrap();
    Position {
        seq,
        entry_hash: e.hash,
    }
}

#[test]
fn the_streaming_reader_yields_what_the_whole_read_did() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    ledger::append(&l, &(1..=4_500).map(rec).collect::<Vec<_>>()).unwrap();
    let since = Filter {
        since: Some("2026-01-03T00:00:00Z".into()),
        event_types: Vec::new(),
    };
    let typed = Filter {
        since: None,
        event_types: vec!["tool_call".into()],
    };
    for filter in [&Filter::default(), &since, &typed] {
        for size in [700, 25_000] {
            agree(&l, size, None, filter);
            // Mid-segment, at a window's end, the ledger's end.
            for seq in [2_345, 2_100, 4_500] {
                agree(&l, size, Some(&at(&l, seq)), filter);
            }
        }
    }
    // A cursor of another history, or past the end: lost, nothing taken.
    let mut other = at(&l, 2_345);
    other.entry_hash = at(&l, 2_346).entry_hash;
    assert_eq!(before(&l, 700, Some(&other), &Filter::default()), None);
    assert_eq!(after(&l, 700, Some(&other), &Filter::default(), usize::MAX), None);
    let past = Position {
        seq: 9_999,
        entry_hash: other.entry_hash.clone(),
    };
    assert_eq!(after(&l, 700, Some(&past), &Filter::default(), usize::MAX), None);
}

#[test]
fn after_a_prune_the_reader_starts_where_the_ledger_does() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    ledger::append(&l, &(1..=4_500).map(rec).collect::<Vec<_>>()).unwrap();
    let cut = Timestamp::parse("2026-02-01T00:00:00Z").unwrap();
    let cursor_in_pruned = at(&l, 1_000);
    let gone = prune::plan(&l, cut).unwrap();
    assert!(!gone.is_empty());
    prune::prune(&l, &gone, cut, now(), "test").unwrap();
    let entries = ledger::read(&l).unwrap();
    assert!(entries[0].seq > 1_000, "the first segment went");
    assert!(
        prune::is_prune(&entries.last().unwrap().record),
        "the prune is an entry"
    );
    let first = entries[0].seq;
    let prune_seq = entries.last().unwrap().seq;
    // The prune entry moves the cursor but is never sent.
    let (windows, _) = after(&l, 25_000, None, &Filter::default(), usize::MAX).unwrap();
    assert!(windows.iter().flat_map(|w| &w.positions).all(|p| p.seq != prune_seq));
    assert_eq!(windows.last().unwrap().last.seq, prune_seq);
    ledger::append(&l, &(4_501..=4_600).map(rec).collect::<Vec<_>>()).unwrap();
    for size in [700, 25_000] {
        agree(&l, size, None, &Filter::default());
        agree(&l, size, Some(&cursor_in_pruned), &Filter::default());
        // Mid-segment after the prune, on the prune entry, past it.
        for seq in [first + 45, prune_seq, prune_seq + 7] {
            agree(&l, size, Some(&at(&l, seq)), &Filter::default());
        }
    }
}

#[test]
fn dedupe_keys_in_their_usual_form_and_any_other_stay_apart() {
    let mut seen = super::Seen::default();
    assert!(seen.insert("0123456789abcdef0123456789abcdef"));
    assert!(!seen.insert("0123456789abcdef0123456789abcdef"));
    assert!(seen.insert("0123456789ABCDEF0123456789ABCDEF"));
    assert!(!seen.insert("0123456789ABCDEF0123456789ABCDEF"));
    assert!(seen.insert(""));
    assert!(!seen.insert(""));
    assert!(seen.insert("0123456789abcdef0123456789abcde"));
}

#[test]
fn a_ledger_damaged_part_way_stops_the_pass_at_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    ledger::append(&l, &(1..=4_500).map(rec).collect::<Vec<_>>()).unwrap();
    // An entry of the third segment edited.
    let (names, _) = crate::store::ledger::segments::names(&dir.path().join("events")).unwrap();
    let third = dir.path().join("events").join(&names[2]);
    let text = std::fs::read_to_string(&third).unwrap();
    let key = |n: usize| format!("\"dedupe_key\":\"{n:032x}\"");
    assert!(text.contains(&key(4101)));
    std::fs::write(&third, text.replacen(&key(4101), &key(4199), 1)).unwrap();
    assert!(ledger::read(&l).is_err());
    let mut taken = Vec::new();
    let out = scan(
        &l,
        700,
        None,
        &Filter::default(),
        &now(),
        &mut |w| {
            taken.push(w.last.seq);
            true
        },
        &|| false,
    );
    assert!(matches!(out, Err(ScanError::Store(_))), "{out:?}");
    assert!(!taken.is_empty() && taken.iter().all(|&seq| seq < 4_100), "{taken:?}");
}
