//! The event source of a delivery: evidence events read from a file (one
//! JSON object, or NDJSON), each with the identity cavra derives from it.
//!
//! Policy: an event's id is its natural id — the first present of
//! [`NATURAL_ID_FIELDS`] (the first CAVRA's rule, so history finds a
//! delivery by the session, execution, rollback, … it was about) — and a
//! hash of the event only when none is present. An id is data from outside:
//! it is checked (length, control characters) before anything is sent, and
//! it reaches the file system only through [`file_stem`], which maps it to
//! a safe name that never leaves the output directory.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::DeliverError;
use crate::clock::Timestamp;
use crate::connector::providers::Event;
use crate::store::sha256_hex;

/// The fields that name an event, in order of precedence.
pub const NATURAL_ID_FIELDS: &[&str] = &[
    "session_id",
    "execution_id",
    "rollback_id",
    "publication_id",
    "export_id",
    "approval_id",
    "request_id",
    "event_id",
];

/// The longest event id (characters) cavra accepts.
pub const MAX_ID_CHARS: usize = 512;

/// How the event file is named in messages: `-` is standard input.
pub fn source_name(path: &Path) -> &Path {
    if path == Path::new("-") {
        Path::new("<stdin>")
    } else {
        path
    }
}

/// Reads one JSON object, or NDJSON of objects; `-` reads standard input.
/// Every event's id is checked here, before anything is sent.
pub fn read_events(path: &Path, now: &Timestamp) -> Result<Vec<Event>, DeliverError> {
    let name = source_name(path);
    let text = if name != path {
        crate::store::fsio::read_stdin_text()
    } else {
        crate::store::fsio::read_input_text(path)
    }
    .map_err(|e| DeliverError::Read {
        path: name.to_path_buf(),
        reason: e.to_string(),
    })?;
    let path = name.to_path_buf();
    let not_object = |line: Option<usize>| DeliverError::NotObject {
        path: path.clone(),
        line,
    };
    // Each value with its line and its text (the digest is of the text as
    // written: no second serialization per event).
    // Strict: a repeated key is refused, never "the last one wins".
    let values: Vec<(Option<usize>, Value, &str)> = match crate::store::json::parse(text.as_bytes()) {
        Ok(Value::Object(m)) => vec![(None, Value::Object(m), text.as_str())],
        Ok(_) => return Err(not_object(None)),
        Err(first) if first.is_strict() => {
            return Err(DeliverError::InvalidJson {
                path,
                line: first.line,
                column: first.column,
                reason: first.reason(),
            });
        }
        Err(first) => {
            let mut out = Vec::new();
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                match crate::store::json::parse(line.as_bytes()) {
                    Ok(v @ Value::Object(_)) => out.push((Some(i + 1), v, line)),
                    Ok(_) => return Err(not_object(Some(i + 1))),
                    Err(_) if out.is_empty() && i == 0 => {
                        return Err(DeliverError::InvalidJson {
                            path,
                            line: first.line,
                            column: first.column,
                            reason: first.reason(),
                        });
                    }
                    Err(e) => {
                        return Err(DeliverError::InvalidLine {
                            path,
                            line: i + 1,
                            reason: e.reason(),
                        });
                    }
                }
            }
            if out.is_empty() {
                return Err(DeliverError::NoEvent { path });
            }
            out
        }
    };
    values
        .into_iter()
        .map(|(line, v, raw)| event(v, raw, now).map_err(|(field, reason)| bad_id(&path, line, field, reason)))
        .collect()
}

fn bad_id(path: &Path, line: Option<usize>, field: &'static str, reason: String) -> DeliverError {
    DeliverError::BadEventId {
        path: PathBuf::from(path),
        line,
        field,
        reason,
    }
}

/// The event of `value`, written as `raw`; `Err` names the id field that
/// cannot be used.
pub fn event(value: Value, raw: &str, now: &Timestamp) -> Result<Event, (&'static str, String)> {
    let s = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    let digest = sha256_hex(raw.trim().as_bytes())[..16].to_string();
    let natural = NATURAL_ID_FIELDS.iter().find_map(|k| s(k).map(|v| (*k, v)));
    let id = match natural {
        Some((field, id)) => {
            check_id(&id).map_err(|reason| (field, reason))?;
            id
        }
        None => format!("evt_{digest}"),
    };
    let session_id = match s("session_id") {
        Some(sid) => {
            check_id(&sid).map_err(|reason| ("session_id", reason))?;
            Some(sid)
        }
        None => None,
    };
    let event_type = s("event_type")
        .or_else(|| s("type"))
        .unwrap_or_else(|| "cavra.evidence".into());
    let time = ["timestamp", "occurred_at", "generated_at", "created_at"]
        .iter()
        .find_map(|k| s(k).and_then(|t| Timestamp::parse(&t)))
        .unwrap_or(*now);
    Ok(Event {
        id,
        digest,
        event_type,
        session_id,
        time: time.rfc3339(),
        unix_time: time.unix() as f64,
        value: value.into(),
        sourcetype: None,
    })
}

/// Why `id` cannot name a delivery, if it cannot.
fn check_id(id: &str) -> Result<(), String> {
    let n = id.chars().count();
    if n == 0 {
        return Err("is empty".into());
    }
    if n > MAX_ID_CHARS {
        return Err(format!("is {n} characters, over the limit of {MAX_ID_CHARS}"));
    }
    if let Some(c) = id.chars().find(|c| c.is_control()) {
        return Err(format!("holds the control character U+{:04X}", c as u32));
    }
    Ok(())
}

/// The most characters of an id kept in a file name.
const STEM_CHARS: usize = 100;

/// A file-name-safe form of an event id: characters outside
/// `[A-Za-z0-9._-]` mapped to `_`, at most [`STEM_CHARS`] kept, a leading
/// `.` mapped (no hidden or `..` names), and a short hash of the id
/// appended whenever anything was changed, so two ids never share a name.
pub fn file_stem(id: &str) -> String {
    let mut stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(STEM_CHARS)
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(0..1, "_");
    }
    if stem != id {
        stem.push('-');
        stem.push_str(&sha256_hex(id.as_bytes())[..8]);
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_stay_in_the_directory() {
        assert_eq!(file_stem("evt-1.ok_2"), "evt-1.ok_2");
        for id in ["../../escape", "a/b", "..", ".hidden", "a\\b", "ü"] {
            let s = file_stem(id);
            assert!(
                !s.contains('/') && !s.contains('\\') && !s.starts_with('.'),
                "{id} → {s}"
            );
            assert_ne!(s, file_stem(&format!("{id}x")));
        }
        assert!(file_stem(&"x".repeat(5000)).len() < 120);
        assert_ne!(file_stem("a/b"), file_stem("a_b"));
    }

    #[test]
    fn the_natural_id_names_the_event() {
        let now = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        let ev = |v: serde_json::Value| event(v.clone(), &v.to_string(), &now);
        let e = ev(serde_json::json!({"event_id": "e1", "request_id": "r1", "session_id": "s1"})).unwrap();
        assert_eq!((e.id.as_str(), e.session_id.as_deref()), ("s1", Some("s1")));
        let e = ev(serde_json::json!({"event_id": "e1", "approval_id": "a1"})).unwrap();
        assert_eq!(e.id, "a1");
        let e = ev(serde_json::json!({"x": 1})).unwrap();
        assert!(e.id.starts_with("evt_"));
        assert!(ev(serde_json::json!({"event_id": "a\u{0}b"})).is_err());
        assert!(ev(serde_json::json!({"event_id": "x".repeat(100_000)})).is_err());
    }
}
