//! Canonical JSON text, byte-level.
//!
//! A table file is exactly what serde_json's pretty printer makes of
//! `{"checksum", "records", "schema"}` (sorted keys, two-space indent) plus a
//! trailing newline, and its checksum is sha256 over the compact JSON of
//! `records`. Parsing and re-serializing a large table for every write or
//! check costs more than the write itself, so this module works on the text:
//! it hashes the compact form by dropping the whitespace outside strings from
//! the pretty text (the two are the same JSON, so for canonical text the
//! bytes are identical), and lays records out without re-serializing the
//! ones that did not change. Whenever the text is not canonical, callers fall
//! back to parsing; the result is the same, only slower.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use sha2::{Digest, Sha256};

/// Indentation of a record inside a table file's `records` array.
pub const RECORD_INDENT: &[u8] = b"    ";

/// `sha256:` + hex of sha256 over `[item,item,…]` in compact form, where each
/// item is canonical JSON text (pretty at any indentation, or compact).
pub fn compact_array_hash<'a>(items: impl Iterator<Item = &'a [u8]>) -> String {
    let mut buf = Vec::new();
    let pieces: Vec<std::ops::Range<usize>> = items
        .map(|item| {
            let start = buf.len();
            strip_whitespace(item, &mut buf);
            start..buf.len()
        })
        .collect();
    hash_array(pieces.into_iter().map(|r| &buf[r]))
}

/// `sha256:` + hex of sha256 over `[piece,piece,…]`, pieces already compact.
pub fn hash_array<'a>(pieces: impl Iterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"[");
    for (i, piece) in pieces.enumerate() {
        if i > 0 {
            hasher.update(b",");
        }
        hasher.update(piece);
    }
    hasher.update(b"]");
    super::tagged(&hasher)
}

/// Bytes that end a run outside strings: whitespace and `"`.
const OUTSIDE_STOP: [bool; 256] = table(b" \n\r\t\"");
/// Bytes that end a run inside strings: `"` and `\\`.
const INSIDE_STOP: [bool; 256] = table(b"\"\\");

const fn table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// Appends `text` to `out` without the whitespace outside strings.
pub fn strip_whitespace(text: &[u8], out: &mut Vec<u8>) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        let start = i;
        while i < n && !OUTSIDE_STOP[text[i] as usize] {
            i += 1;
        }
        out.extend_from_slice(&text[start..i]);
        if i >= n {
            break;
        }
        if text[i] != b'"' {
            // Whitespace: skip the whole run (a newline and its indent).
            i += 1;
            while i < n && matches!(text[i], b' ' | b'\n' | b'\r' | b'\t') {
                i += 1;
            }
            continue;
        }
        let start = i;
        i += 1;
        while i < n {
            while i < n && !INSIDE_STOP[text[i] as usize] {
                i += 1;
            }
            if i >= n {
                break;
            }
            if text[i] == b'"' {
                i += 1;
                break;
            }
            i += 2;
        }
        out.extend_from_slice(&text[start..i.min(n)]);
    }
}

/// A record object serialized key first: its key field, then the other
/// fields in sorted order (nested objects stay sorted). This is the layout
/// of records in a table file, so a diff hunk's nearest key line names its
/// record; the checksum is over the compact form of this same layout.
pub struct KeyFirst<'a> {
    pub record: &'a serde_json::Value,
    pub key: &'a str,
}

impl serde::Serialize for KeyFirst<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Some(map) = self.record.as_object() else {
            return self.record.serialize(s);
        };
        let mut out = s.serialize_map(Some(map.len()))?;
        if let Some(v) = map.get(self.key) {
            out.serialize_entry(self.key, v)?;
        }
        for (k, v) in map.iter().filter(|(k, _)| k.as_str() != self.key) {
            out.serialize_entry(k, v)?;
        }
        out.end()
    }
}

/// Pretty text at top level, re-indented to sit inside `records`.
pub fn indent_record(pretty: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pretty.len() + pretty.len() / 8);
    for &b in pretty {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(RECORD_INDENT);
        }
    }
    out
}

/// Whether `in_file` is `pretty` re-indented by [`indent_record`].
pub fn is_indented_record(pretty: &[u8], in_file: &[u8]) -> bool {
    let mut j = 0;
    for &b in pretty {
        if in_file.get(j) != Some(&b) {
            return false;
        }
        j += 1;
        if b == b'\n' {
            if !in_file[j..].starts_with(RECORD_INDENT) {
                return false;
            }
            j += RECORD_INDENT.len();
        }
    }
    j == in_file.len()
}

/// Lays out a table file: what serde_json's pretty printer writes for
/// `{"checksum","records","schema"}`, records given as file-indented text.
pub fn table_text<'a>(checksum: &str, records: impl ExactSizeIterator<Item = &'a [u8]>, schema: &str) -> Vec<u8> {
    let mut out = Vec::new();
    lay_out(&mut out, checksum, records, schema);
    out
}

/// Whether `bytes` is exactly [`table_text`] of these parts (without
/// building it).
pub fn is_table_text<'a>(
    bytes: &[u8],
    checksum: &str,
    records: impl ExactSizeIterator<Item = &'a [u8]>,
    schema: &str,
) -> bool {
    let mut cursor = Cursor { rest: bytes, ok: true };
    lay_out(&mut cursor, checksum, records, schema);
    cursor.ok && cursor.rest.is_empty()
}

/// Writes [`table_text`] to `w` without building it in memory.
pub fn write_table_text<'a>(
    w: &mut dyn std::io::Write,
    checksum: &str,
    records: impl ExactSizeIterator<Item = &'a [u8]>,
    schema: &str,
) -> std::io::Result<()> {
    let mut sink = IoSink { w, err: None };
    lay_out(&mut sink, checksum, records, schema);
    sink.err.map_or(Ok(()), Err)
}

struct IoSink<'w> {
    w: &'w mut dyn std::io::Write,
    err: Option<std::io::Error>,
}

impl Sink for IoSink<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if self.err.is_none()
            && let Err(e) = self.w.write_all(bytes)
        {
            self.err = Some(e);
        }
    }
}

/// Where [`lay_out`] puts bytes: a buffer, a writer, or a comparison.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

struct Cursor<'b> {
    rest: &'b [u8],
    ok: bool,
}

impl Sink for Cursor<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if self.ok && self.rest.starts_with(bytes) {
            self.rest = &self.rest[bytes.len()..];
        } else {
            self.ok = false;
        }
    }
}

fn lay_out<'a>(out: &mut dyn Sink, checksum: &str, records: impl ExactSizeIterator<Item = &'a [u8]>, schema: &str) {
    let quote = |s: &str| serde_json::to_string(s).expect("strings serialize");
    out.put(b"{\n  \"checksum\": ");
    out.put(quote(checksum).as_bytes());
    if records.len() == 0 {
        out.put(b",\n  \"records\": [],\n");
    } else {
        out.put(b",\n  \"records\": [\n");
        for (i, r) in records.enumerate() {
            if i > 0 {
                out.put(b",\n");
            }
            out.put(RECORD_INDENT);
            out.put(r);
        }
        out.put(b"\n  ],\n");
    }
    out.put(b"  \"schema\": ");
    out.put(quote(schema).as_bytes());
    out.put(b"\n}\n");
}

/// The key `field` of a record's text: read without parsing the rest when
/// it is a plain string, else from the parsed record; `None` when absent.
pub fn key_of<'a>(text: &'a str, field: &str) -> Option<std::borrow::Cow<'a, str>> {
    match field_str(text, field) {
        Some(k) => Some(std::borrow::Cow::Borrowed(k)),
        None => serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v[field].as_str().map(|s| std::borrow::Cow::Owned(s.to_string()))),
    }
}

/// The string value of `field` in a JSON object's text, without parsing the
/// rest; `None` when absent, not a plain string, or escaped.
pub fn field_str<'a>(text: &'a str, field: &str) -> Option<&'a str> {
    let mut de = serde_json::Deserializer::from_str(text);
    FieldSeed(field).deserialize(&mut de).ok().flatten()
}

struct FieldSeed<'f>(&'f str);

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Option<&'de str>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_> {
    type Value = Option<&'de str>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == self.0 && found.is_none() {
                found = map.next_value::<&'de str>().ok();
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stripped_pretty_text_hashes_like_compact_json() {
        let records = json!([{"b": "x y\n\"q\" \\ ", "a": [1, 2, {}], "c": []}, {"k": null}]);
        let items: Vec<Vec<u8>> = records
            .as_array()
            .unwrap()
            .iter()
            .map(|r| indent_record(&serde_json::to_vec_pretty(r).unwrap()))
            .collect();
        let expected = crate::store::sha256_tagged(serde_json::to_string(&records).unwrap().as_bytes());
        assert_eq!(compact_array_hash(items.iter().map(Vec::as_slice)), expected);
        assert_eq!(
            compact_array_hash(std::iter::empty()),
            crate::store::sha256_tagged(b"[]")
        );
    }

    #[test]
    fn table_text_is_what_serde_writes() {
        for n in [0, 1, 3] {
            let records: Vec<serde_json::Value> = (0..n)
                .map(|i| json!({"id": format!("r{i}"), "l": [i, {"x": []}]}))
                .collect();
            let file = json!({"checksum": "sha256:ab", "records": records, "schema": "cavra.x.v1"});
            let mut expected = serde_json::to_vec_pretty(&file).unwrap();
            expected.push(b'\n');
            let items: Vec<Vec<u8>> = records
                .iter()
                .map(|r| indent_record(&serde_json::to_vec_pretty(r).unwrap()))
                .collect();
            assert!(is_table_text(
                &expected,
                "sha256:ab",
                items.iter().map(Vec::as_slice),
                "cavra.x.v1"
            ));
            assert!(!is_table_text(
                &expected[1..],
                "sha256:ab",
                items.iter().map(Vec::as_slice),
                "cavra.x.v1"
            ));
            assert_eq!(
                String::from_utf8(table_text("sha256:ab", items.iter().map(Vec::as_slice), "cavra.x.v1")).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            for (r, item) in records.iter().zip(&items) {
                assert!(is_indented_record(&serde_json::to_vec_pretty(r).unwrap(), item));
            }
        }
    }

    #[test]
    fn field_str_finds_plain_strings_only() {
        assert_eq!(field_str(r#"{"a":{"id":"no"},"id":"yes","z":[1]}"#, "id"), Some("yes"));
        assert_eq!(field_str(r#"{"id":"e\u0073c"}"#, "id"), None);
        assert_eq!(field_str(r#"{"x":1}"#, "id"), None);
    }
}
