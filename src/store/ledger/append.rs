//! The append side's records: each one's canonical text, checked once.
//!
//! [`super::append`] takes `Value`s, checks each against its store's record
//! schema and the secret scan, serialises it once and hands the texts to
//! the writer, which only hashes and concatenates bytes. A producer that
//! builds many records in parallel (AISPM ingestion) makes the [`Checked`]
//! texts itself, on every core, with [`Checked::from_text`], and appends them with [`append_checked`]: the writer never sees
//! a record nobody checked, because a [`Checked`] exists only through those
//! checks.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::super::registry::{StoreDef, StoreLocation};
use super::super::{fsio, schema};
use super::record;
use crate::error::{Problem, StoreError};

/// A record ready to append: the canonical compact JSON text serde_json
/// writes for its `Value` (keys sorted), found to conform to its store's
/// record schema and to hold no secret. Only [`Checked::new`] and
/// [`Checked::from_text`] make one, each by checking.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    text: Box<str>,
}

impl Checked {
    /// `record` checked as [`super::append`] checks it (schema, secret
    /// scan); its problems name `label` (`new #1`) when it fails.
    pub fn new(loc: &StoreLocation, record: &Value, label: Option<&str>) -> Result<Checked, Vec<Problem>> {
        let problems = schema::check_record(super::prune::record_schema(loc, record), record, &loc.display, label);
        if !problems.is_empty() {
            return Err(problems);
        }
        let text = serde_json::to_string(record).expect("values serialize");
        Ok(Checked { text: text.into() })
    }

    /// The record whose text is `text`, when that text is the canonical
    /// form of a record of `def` that conforms to its schema and holds no
    /// secret, found on a borrowed parse (no `Value`) by a store whose
    /// schema has a hand-written check; else `text` back, for
    /// [`Checked::new`] on its `Value` (which words the problems).
    pub fn from_text(def: &StoreDef, text: String) -> Result<Checked, String> {
        // The check `validate` runs on a stored record.
        let ok = record::canonical_check(def.record_schema, &text) == Some(true);
        if !ok {
            return Err(text);
        }
        debug_assert!(
            {
                let value: Value = serde_json::from_str(&text).expect("parsed above");
                serde_json::to_string(&value).expect("values serialize") == text
                    && schema::check_record(def.record_schema, &value, std::path::Path::new("-"), None).is_empty()
            },
            "the fast record check accepted what the full check refuses: {text}"
        );
        Ok(Checked { text: text.into() })
    }

    /// The canonical text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Appends checked records and returns their `seq`s: as [`super::append`]
/// does once it has checked them.
pub fn append_checked(loc: &StoreLocation, records: &[Checked]) -> Result<Vec<u64>, StoreError> {
    let lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    append_checked_locked(loc, &lock, records)
}

/// [`append_checked`] by a caller that holds the ledger's lock already (a
/// delivery takes it before it sends, and records under it).
pub fn append_checked_locked(
    loc: &StoreLocation,
    _lock: &fsio::StoreLock,
    records: &[Checked],
) -> Result<Vec<u64>, StoreError> {
    let texts: Vec<&str> = records.iter().map(Checked::text).collect();
    match super::segments::layout(loc) {
        super::segments::Layout::Segmented => {
            super::segments::append_texts_locked(loc, &super::segments::dir(loc), &texts)
        }
        super::segments::Layout::Single => super::append_single(loc, &texts),
    }
}

/// [`super::entry_hash`] of a record given as its canonical text.
pub(crate) fn entry_hash_text(seq: u64, prev_hash: &str, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"{\"prev_hash\":");
    h.update(json_str(prev_hash));
    h.update(b",\"record\":");
    h.update(text.as_bytes());
    h.update(format!(",\"seq\":{seq}}}").as_bytes());
    super::super::tagged(&h)
}

/// [`super::entry_line`] of a record given as its canonical text, added to `out`.
pub(crate) fn push_entry_line(out: &mut Vec<u8>, seq: u64, prev_hash: &str, hash: &str, text: &str) {
    out.extend_from_slice(b"{\"hash\":");
    out.extend_from_slice(&json_str(hash));
    out.extend_from_slice(b",\"prev_hash\":");
    out.extend_from_slice(&json_str(prev_hash));
    out.extend_from_slice(b",\"record\":");
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(format!(",\"seq\":{seq}}}\n").as_bytes());
}

/// The length of [`push_entry_line`]'s line for a hash of `hash_len` bytes.
pub(crate) fn entry_line_len(seq: u64, prev_hash: &str, hash_len: usize, text: &str) -> usize {
    // `{"hash":"…","prev_hash":…,"record":…,"seq":N}\n`; a digest needs no escaping.
    let digits = seq.checked_ilog10().unwrap_or(0) as usize + 1;
    r#"{"hash":"","prev_hash":,"record":,"seq":}"#.len()
        + 1
        + hash_len
        + json_str(prev_hash).len()
        + text.len()
        + digits
}

/// [`super::Seal::new`] of a segment whose bytes `digest` has taken in
/// (an append that wrote them all need not read them back).
pub(crate) fn seal_of_digest(prev_hash: &str, count: u64, last_seq: u64, digest: &Sha256) -> super::Seal {
    let segment_sha256 = super::super::tagged(digest);
    super::Seal {
        prev_hash: prev_hash.to_string(),
        hash: super::seal_hash(prev_hash, count, last_seq, &segment_sha256),
        count,
        last_seq,
        segment_sha256,
    }
}

/// A string as JSON writes it.
fn json_str(s: &str) -> Vec<u8> {
    serde_json::to_vec(s).expect("strings serialize")
}

#[cfg(test)]
mod tests {
    use super::super::super::registry::{AISPM_EVENTS, EVIDENCE_METADATA};
    use super::super::{GENESIS, entry_hash, entry_line};
    use super::*;
    use serde_json::json;

    #[test]
    fn text_lines_are_the_value_lines() {
        let records = [
            json!({"metadata_kind": "x", "created_at": "2026-01-01T00:00:00Z", "n": 1, "s": "é\"\n\u{1f}"}),
            json!({"b": [1.5, -2, null, true], "a": {"z": 1, "y": "q"}}),
        ];
        for (seq, prev) in [(1, GENESIS), (123456789, "sha256:\"odd\u{7}"), (9, "")] {
            for r in &records {
                let text = serde_json::to_string(r).unwrap();
                let hash = entry_hash_text(seq, prev, &text);
                assert_eq!(hash, entry_hash(seq, prev, r));
                let mut line = Vec::new();
                push_entry_line(&mut line, seq, prev, &hash, &text);
                assert_eq!(
                    String::from_utf8(line.clone()).unwrap(),
                    entry_line(seq, prev, &hash, r)
                );
                assert_eq!(line.len(), entry_line_len(seq, prev, hash.len(), &text));
            }
        }
    }

    fn event(i: usize) -> Value {
        json!({
            "collector_id": format!("collector \"{i}\" é"), "dedupe_key": format!("{i:032x}"),
            "dsse": {"payload": "e30=", "n": i}, "key_id": "k",
            "received_at": format!("2026-{:02}-01T00:00:00Z", 1 + i / 1500),
        })
    }

    /// Every file under `dir`, by relative name.
    fn tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for e in walk(dir) {
            out.push((
                e.strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(&e).unwrap(),
            ));
        }
        out.sort();
        out
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
        }
        out
    }

    #[test]
    fn checked_texts_write_the_segments_values_write() {
        let records: Vec<Value> = (0..4500).map(event).collect();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let loc_a = StoreLocation::at(&AISPM_EVENTS, a.path().join("events.jsonl"), "test");
        let loc_b = StoreLocation::at(&AISPM_EVENTS, b.path().join("events.jsonl"), "test");
        for batch in records.chunks(700) {
            super::super::append(&loc_a, batch).unwrap();
            let checked: Vec<Checked> = batch
                .iter()
                .map(|r| Checked::from_text(&AISPM_EVENTS, serde_json::to_string(r).unwrap()).unwrap())
                .collect();
            append_checked(&loc_b, &checked).unwrap();
        }
        let (ta, tb) = (tree(a.path()), tree(b.path()));
        assert!(
            ta.iter().filter(|(n, _)| n.ends_with(".jsonl")).count() >= 3,
            "rotated: {:?}",
            ta.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        assert!(
            ta.iter().any(|(n, _)| n.starts_with("events/2026-03/")),
            "in the records' months"
        );
        assert_eq!(ta, tb);
        // Each entry line is what the `Value` line builders write.
        let mut i = 0;
        for (name, bytes) in ta.iter().filter(|(n, _)| n.ends_with(".jsonl")) {
            for line in std::str::from_utf8(bytes).unwrap().lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                if v.get("seal").is_some() {
                    continue;
                }
                let (seq, prev) = (v["seq"].as_u64().unwrap(), v["prev_hash"].as_str().unwrap());
                let hash = entry_hash(seq, prev, &records[i]);
                assert_eq!(format!("{line}\n"), entry_line(seq, prev, &hash, &records[i]), "{name}");
                i += 1;
            }
        }
        assert_eq!(i, records.len());
        let read = super::super::read(&loc_b).unwrap();
        assert_eq!(read.len(), records.len());
        assert!(super::super::check(&loc_b).is_empty());
    }

    #[test]
    fn checked_texts_on_a_single_file_ledger_are_the_value_lines() {
        let dir = tempfile::tempdir().unwrap();
        let (pa, pb) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        std::fs::write(&pa, "").unwrap();
        std::fs::write(&pb, "").unwrap();
        let (la, lb) = (
            StoreLocation::at(&AISPM_EVENTS, pa.clone(), "t"),
            StoreLocation::at(&AISPM_EVENTS, pb.clone(), "t"),
        );
        let records: Vec<Value> = (0..5).map(event).collect();
        super::super::append(&la, &records).unwrap();
        let checked: Vec<Checked> = records.iter().map(|r| Checked::new(&lb, r, None).unwrap()).collect();
        append_checked(&lb, &checked).unwrap();
        assert_eq!(std::fs::read(&pa).unwrap(), std::fs::read(&pb).unwrap());
        assert_eq!(std::fs::read(&pa).unwrap(), super::super::chain(&records));
    }

    #[test]
    fn only_checked_canonical_texts_pass_from_text() {
        let def = &EVIDENCE_METADATA;
        let good = r#"{"created_at":"2026-01-01T00:00:00Z","metadata_kind":"x"}"#;
        assert_eq!(Checked::from_text(def, good.into()).unwrap().text(), good);
        for bad in [
            // not canonical: key order, whitespace, a repeated key
            r#"{"metadata_kind":"x","created_at":"2026-01-01T00:00:00Z"}"#,
            r#"{"created_at":"2026-01-01T00:00:00Z", "metadata_kind":"x"}"#,
            r#"{"created_at":"2026-01-01T00:00:00Z","metadata_kind":"x","metadata_kind":"x"}"#,
            // schema, secret, not an object, not JSON
            r#"{"created_at":"yesterday","metadata_kind":"x"}"#,
            r#"{"created_at":"2026-01-01T00:00:00Z","metadata_kind":"x","t":"ghp_abcdefghijklmnop1234"}"#,
            r#"[1]"#,
            r#"{"#,
        ] {
            assert_eq!(Checked::from_text(def, bad.into()), Err(bad.to_string()), "{bad}");
        }
    }
}
