//! Strict JSON: the one way cavra reads JSON it did not just write.
//!
//! serde_json accepts text that a store must not: a repeated object key
//! (the last one silently wins, so a reviewer reading the first is misled),
//! and, when a caller only skims values ([`serde_json::value::RawValue`],
//! `IgnoredAny`), numbers that do not fit an f64 (`1e400`) and nesting of
//! any depth, which a later full parse then refuses (or overflows the stack
//! on). The policy here, for stores, the connector configuration and backup
//! manifests alike:
//!
//! - an object key may appear once;
//! - a number must be an i64, a u64 or a finite f64: `1e400` and `-1e999`
//!   are refused. An integer literal past 64 bits (`18446744073709551616`)
//!   is read as the nearest f64, as JSON allows; no cavra schema has a field
//!   where that matters (record fields that hold numbers are bounded);
//! - arrays and objects nest at most [`MAX_DEPTH`] deep;
//! - nothing but whitespace follows the value.
//!
//! A refusal is a [`JsonError`] with line, column and the JSON pointer of the
//! value it is about (where the parse got that far), and names a leftover
//! merge conflict marker by its line instead of "expected value". Nothing
//! here panics: recursion is bounded by [`MAX_DEPTH`], far below
//! serde_json's own limit.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The deepest nesting of arrays and objects accepted (the top-level value
/// is depth 1). cavra's own files nest at most five deep.
pub const MAX_DEPTH: usize = 64;

/// Why bytes are not acceptable JSON: where, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (line {line}, column {column}{})", if pointer.is_empty() { String::new() } else { format!(", at {pointer}") })]
pub struct JsonError {
    /// 1-based line (0 when the input ended before any line).
    pub line: usize,
    pub column: usize,
    /// RFC 6901 pointer of the value a strict check refused, e.g.
    /// `/records/3/name` (`""` for a syntax error or the whole document).
    pub pointer: String,
    /// What is wrong, without the position.
    pub message: String,
    /// Whether the problem is a leftover merge conflict marker.
    pub conflict_marker: bool,
}

impl JsonError {
    /// The problem for `file`, positioned at the line (and the pointer as
    /// the field, when known).
    pub fn problem(&self, file: &std::path::Path) -> crate::error::Problem {
        let mut p = crate::error::Problem::new(file, self.message.clone())
            .line(self.line)
            .kind(crate::error::ProblemKind::Syntax);
        if !self.pointer.is_empty() {
            p = p.field(self.pointer.clone());
        }
        if self.conflict_marker {
            p = p.hint("resolve the conflict: keep one side, delete the marker lines, then review and `cavra reseal`");
        }
        p
    }

    /// Whether a strict rule refused well-formed JSON (a repeated key, a
    /// number too large, nesting too deep), rather than a syntax error:
    /// the text is no other format (NDJSON) either.
    pub fn is_strict(&self) -> bool {
        STRICT.iter().any(|m| self.message.starts_with(m))
    }

    /// What is wrong and where in the document, without line and column
    /// (`duplicate key "url" at /records/3`), for messages that give those
    /// their own way.
    pub fn reason(&self) -> String {
        if self.pointer.is_empty() {
            self.message.clone()
        } else {
            format!("{} at {}", self.message, self.pointer)
        }
    }

    /// The index into the top-level array `member` the problem is in, when
    /// the pointer goes through one (`/records/3/...` → 3 for `records`).
    pub fn index_in(&self, member: &str) -> Option<usize> {
        let rest = self
            .pointer
            .strip_prefix('/')?
            .strip_prefix(member)?
            .strip_prefix('/')?;
        rest.split('/').next()?.parse().ok()
    }
}

/// Parses `bytes` strictly into a [`Value`].
pub fn parse(bytes: &[u8]) -> Result<Value, JsonError> {
    let state = State::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = Strict {
        depth: 1,
        state: &state,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| error(bytes, &e, state.pointer.into_inner()))
}

/// Checks `bytes` strictly, then decodes them as `T` (serde's messages for
/// a shape that does not fit, with their position).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    parse(bytes)?;
    serde_json::from_slice(bytes).map_err(|e| error(bytes, &e, None))
}

/// Checks `bytes` strictly without keeping the value.
pub fn check(bytes: &[u8]) -> Result<(), JsonError> {
    parse(bytes).map(drop)
}

/// The 1-based line of the first merge conflict marker in `bytes`, and the
/// marker: a line starting with `<<<<<<<`, `=======`, `|||||||` or `>>>>>>>`.
/// Such a line is never valid JSON (a string cannot span lines).
pub fn conflict_marker(bytes: &[u8]) -> Option<(usize, &'static str)> {
    const MARKERS: [&str; 4] = ["<<<<<<<", "=======", "|||||||", ">>>>>>>"];
    bytes.split(|b| *b == b'\n').enumerate().find_map(|(i, line)| {
        MARKERS
            .iter()
            .find(|m| line.starts_with(m.as_bytes()))
            .map(|m| (i + 1, *m))
    })
}

/// How the messages of the strict checks (not syntax errors) begin.
const STRICT: [&str; 3] = ["duplicate key", "a number does not fit", "nested deeper"];

fn error(bytes: &[u8], err: &serde_json::Error, pointer: Option<String>) -> JsonError {
    if let Some((line, marker)) = conflict_marker(bytes) {
        return JsonError {
            line,
            column: 1,
            pointer: String::new(),
            message: format!("unresolved merge conflict marker `{marker}` at line {line}"),
            conflict_marker: true,
        };
    }
    let message = crate::error::strip_position(&err.to_string());
    let message = if message == "number out of range" {
        "a number does not fit (larger than any 64-bit float, like 1e400)".to_string()
    } else if message == "recursion limit exceeded" {
        format!("nested deeper than {MAX_DEPTH} levels")
    } else {
        message
    };
    // A syntax error is about a position, not a value: only the strict
    // checks name the value they refused.
    let strict = STRICT.iter().any(|m| message.starts_with(m));
    JsonError {
        line: err.line(),
        column: err.column(),
        pointer: pointer.filter(|_| strict).unwrap_or_default(),
        message,
        conflict_marker: false,
    }
}

/// `key` as a JSON string, cut to its first 64 characters (a key is
/// input: messages quote only an excerpt).
fn quote_short(key: &str) -> String {
    match key.char_indices().nth(64) {
        Some((cut, _)) => format!("{}…", serde_json::to_string(&key[..cut]).unwrap_or_default()),
        None => serde_json::to_string(key).unwrap_or_default(),
    }
}

/// The path being parsed and, once an error is on its way up, where it was.
#[derive(Default)]
struct State {
    path: RefCell<Vec<Segment>>,
    pointer: RefCell<Option<String>>,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl State {
    /// Records the current path as the error's pointer, once (the deepest
    /// level sees the error first).
    fn failed(&self) {
        let mut pointer = self.pointer.borrow_mut();
        if pointer.is_none() {
            let mut out = String::new();
            for seg in self.path.borrow().iter() {
                out.push('/');
                match seg {
                    Segment::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
                    Segment::Index(i) => out.push_str(&i.to_string()),
                }
            }
            *pointer = Some(out);
        }
    }

    fn within<T, E>(&self, seg: Segment, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        self.path.borrow_mut().push(seg);
        let result = f();
        if result.is_err() {
            self.failed();
        }
        self.path.borrow_mut().pop();
        result
    }
}

struct Strict<'s> {
    depth: usize,
    state: &'s State,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Strict<'_> {
    fn nested<E: de::Error>(&self) -> Result<Strict<'_>, E> {
        if self.depth > MAX_DEPTH {
            self.state.failed();
            return Err(E::custom(format_args!("nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(Strict {
            depth: self.depth + 1,
            state: self.state,
        })
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match Number::from_f64(v) {
            Some(n) => Ok(Value::Number(n)),
            None => {
                self.state.failed();
                Err(E::custom(
                    "a number does not fit (larger than any 64-bit float, like 1e400)",
                ))
            }
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut out = Vec::new();
        loop {
            let item = self.state.within(Segment::Index(out.len()), || {
                seq.next_element_seed(Strict {
                    depth: inner.depth,
                    state: inner.state,
                })
            })?;
            match item {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // Refused as soon as the key is read, so the position is the key's.
            if out.contains_key(&key) {
                let _ = self.state.within(Segment::Key(key.clone()), || Err::<(), ()>(()));
                return Err(de::Error::custom(format_args!("duplicate key {}", quote_short(&key))));
            }
            let value = self.state.within(Segment::Key(key.clone()), || {
                map.next_value_seed(Strict {
                    depth: inner.depth,
                    state: inner.state,
                })
            })?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> JsonError {
        parse(text.as_bytes()).unwrap_err()
    }

    #[test]
    fn accepts_plain_json() {
        let v = parse(br#" {"a": [1, -2, 3.5, 18446744073709551615, "x\n", null, true, {}]} "#).unwrap();
        assert_eq!(v["a"][3], serde_json::json!(u64::MAX));
        assert_eq!(check(b"[]"), Ok(()));
    }

    #[test]
    fn refuses_duplicate_keys_with_pointer() {
        let e = err("{\"records\": [{\"id\": \"a\"},\n {\"id\": \"b\", \"url\": 1, \"url\": 2}]}");
        assert_eq!(e.message, "duplicate key \"url\"");
        assert_eq!(e.pointer, "/records/1/url");
        assert_eq!(e.line, 2);
        assert_eq!(e.index_in("records"), Some(1));
        // Escaped spellings of the same key are the same key.
        assert_eq!(err(r#"{"a": 1, "\u0061": 2}"#).message, "duplicate key \"a\"");
    }

    #[test]
    fn refuses_numbers_that_do_not_fit() {
        for text in ["{\"a\": [1e400]}", "{\"a\": [-1e999]}"] {
            let e = err(text);
            assert!(e.message.starts_with("a number does not fit"), "{e}");
            assert_eq!(e.pointer, "/a/0", "{e}");
        }
        assert!(parse(b"1e308").is_ok());
    }

    #[test]
    fn refuses_deep_nesting_without_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = err(&deep);
        assert_eq!(e.message, format!("nested deeper than {MAX_DEPTH} levels"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
        let over = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse(over.as_bytes()).is_err());
        let objects = format!("{}1{}", "{\"k\":".repeat(100_000), "}".repeat(100_000));
        assert!(err(&objects).message.starts_with("nested deeper"));
    }

    #[test]
    fn names_conflict_markers_by_line() {
        let e = err("{\n  \"a\": [\n<<<<<<< ours\n1\n=======\n2\n>>>>>>> theirs\n]}\n");
        assert!(e.conflict_marker);
        assert_eq!(e.line, 3);
        assert_eq!(e.message, "unresolved merge conflict marker `<<<<<<<` at line 3");
    }

    #[test]
    fn refuses_trailing_text_and_truncation() {
        assert!(err("{} x").message.contains("trailing"));
        assert!(parse(b"{\"a\": [1, 2").is_err());
        assert!(parse(b"").is_err());
        assert!(parse(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn typed_decode_is_strict_too() {
        #[derive(serde::Deserialize, Debug)]
        struct Cfg {
            #[allow(dead_code)]
            url: String,
        }
        assert!(from_slice::<Cfg>(br#"{"url": "a"}"#).is_ok());
        assert!(from_slice::<Cfg>(br#"{"url": "a", "url": "b"}"#).is_err());
        assert!(
            from_slice::<Cfg>(br#"{"url": 1}"#)
                .unwrap_err()
                .message
                .contains("invalid type")
        );
    }
}
