//! A ledger record's top-level members as the history reads them, straight
//! from the record's text, without building a `Value`.
//!
//! A history reads a handful of fields of every entry (its kind, time,
//! outcome, providers) and all of a few (a page's). A `Value` per record is
//! most of what a dashboard over 100,000 deliveries would cost (a map node
//! and a string per member, then freeing them). A record's text is always
//! the canonical compact JSON of an object ([`ledger::Record::text`]:
//! verified when read, serialised when made), so its members can be walked
//! in place: [`members`] gives each key and its value's text, and the
//! readers below read a value as `Value`'s lookups would (`as_str`,
//! `as_u64`, `as_bool`, the strings of an array, an object's `u64`
//! members). A string with escapes is the one thing not read in place: its
//! reader says [`Read::Escaped`] and the caller asks the record's `Value`
//! ([`string`] and [`strings`] unescape it themselves).
//! The test below holds every reader to the `Value` lookup it stands for.
//!
//! [`ledger::Record::text`]: crate::store::ledger::Record::text

/// The top-level members of the JSON object `text`, in order: each key as
/// written (between its quotes) and its value's text. Stops (and yields
/// nothing more) at anything that is not compact JSON.
pub fn members(text: &str) -> Members<'_> {
    let b = text.as_bytes();
    let at = if b.first() == Some(&b'{') && b.get(1) != Some(&b'}') {
        1
    } else {
        b.len()
    };
    Members { text, at }
}

pub struct Members<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Iterator for Members<'t> {
    type Item = (&'t str, &'t str);
    fn next(&mut self) -> Option<(&'t str, &'t str)> {
        let b = self.text.as_bytes();
        let key_end = string_end(b, self.at)?;
        let key = self.text.get(self.at + 1..key_end - 1)?;
        if b.get(key_end) != Some(&b':') {
            self.at = b.len();
            return None;
        }
        let start = key_end + 1;
        let end = value_end(b, start)?;
        let value = self.text.get(start..end)?;
        self.at = match b.get(end) {
            Some(b',') => end + 1,
            _ => b.len(),
        };
        Some((key, value))
    }
}

/// The end (one past the closing quote) of the string starting at `at`.
fn string_end(b: &[u8], at: usize) -> Option<usize> {
    if b.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// The end of the value starting at `at` (compact JSON: it ends at the
/// first `,`, `}` or `]` outside strings and brackets).
fn value_end(b: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    loop {
        match *b.get(i)? {
            b'"' => i = string_end(b, i)?,
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b',' | b'}' | b']' if depth == 0 => return (i > at).then_some(i),
            _ => i += 1,
        }
    }
}

/// What reading a string found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read<'t> {
    /// The string, as the text holds it.
    Str(&'t str),
    /// A string with escapes: read it from the record's `Value`.
    Escaped,
    /// Absent or not a string.
    None,
}

/// Whether `key` as written is `name`.
fn key_is(key: &str, name: &str) -> bool {
    if key.contains('\\') {
        return unescape(key).is_some_and(|k| k == name);
    }
    key == name
}

/// A string's text (between its quotes) unescaped.
fn unescape(inner: &str) -> Option<String> {
    serde_json::from_str(&format!("\"{inner}\"")).ok()
}

/// The value text of member `name`.
pub fn member<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    members(text).find(|(k, _)| key_is(k, name)).map(|(_, v)| v)
}

/// A value's text read as a string.
pub fn as_str(value: &str) -> Read<'_> {
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) if inner.contains('\\') => Read::Escaped,
        Some(inner) => Read::Str(inner),
        None => Read::None,
    }
}

/// A value's text read as `Value::as_u64` reads it (a float is not one).
pub fn as_u64(value: &str) -> Option<u64> {
    value.parse().ok()
}

pub fn as_bool(value: &str) -> Option<bool> {
    match value {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The elements of an array's text (none when it is not an array).
pub fn elements(value: &str) -> impl Iterator<Item = &str> {
    let b = value.as_bytes();
    let mut at = if b.first() == Some(&b'[') && b.get(1) != Some(&b']') {
        1
    } else {
        b.len()
    };
    std::iter::from_fn(move || {
        let end = value_end(b, at)?;
        let element = value.get(at..end)?;
        at = if b.get(end) == Some(&b',') { end + 1 } else { b.len() };
        Some(element)
    })
}

/// A value's text read as `Value::as_str` reads it, unescaped.
pub fn string(value: &str) -> Option<String> {
    match as_str(value) {
        Read::Str(s) => Some(s.to_string()),
        Read::Escaped => unescape(&value[1..value.len() - 1]),
        Read::None => None,
    }
}

/// The string elements of an array's text, unescaped (others skipped, as
/// `filter_map(Value::as_str)` skips them).
pub fn strings(value: &str) -> Vec<String> {
    elements(value).filter_map(string).collect()
}

/// How many elements an array's text has (`None` when it is not an array).
pub fn array_len(value: &str) -> Option<usize> {
    value.starts_with('[').then(|| elements(value).count())
}

/// The `u64` member `name` of an object's text.
pub fn count_of(value: &str, name: &str) -> Option<u64> {
    value.starts_with('{').then_some(())?;
    member(value, name).and_then(as_u64)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn str_of(text: &str, key: &str) -> Option<String> {
        match member(text, key).map(as_str) {
            Some(Read::Str(s)) => Some(s.to_string()),
            Some(Read::Escaped) => serde_json::from_str::<Value>(member(text, key)?)
                .ok()?
                .as_str()
                .map(String::from),
            _ => None,
        }
    }

    /// Every reader reads what the `Value` lookup it replaces reads.
    #[test]
    fn readers_read_what_value_lookups_read() {
        let records = [
            json!({"a": "plain", "b": "esc\"aped\n", "c": true, "d": 7, "e": -7, "f": 1.5, "g": null,
                   "providers": ["x", 1, "y", null, ["z", "]"], {"k": "v,}"}, "w\u{e9}", "q\"uote"],
                   "attempt_counts": {"x": 1, "y": -1, "z": "3", "w": 2.0, "v": 4, "a\"b": 5},
                   "nested": {"a": {"b": 1}}, "h": "", "k\"ey": "v", "é": "ü", "i": "}],\"", "j": [], "l": {}}),
            json!({}),
            json!({"only": [[], {}]}),
        ];
        let keys = [
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g",
            "providers",
            "attempt_counts",
            "nested",
            "h",
            "k\"ey",
            "é",
            "i",
            "j",
            "l",
            "only",
            "missing",
        ];
        for record in records {
            let text = serde_json::to_string(&record).unwrap();
            assert_eq!(members(&text).count(), record.as_object().unwrap().len(), "{text}");
            for k in keys {
                let v = record.get(k);
                assert_eq!(str_of(&text, k).as_deref(), v.and_then(Value::as_str), "{k}");
                assert_eq!(
                    member(&text, k).and_then(string).as_deref(),
                    v.and_then(Value::as_str),
                    "{k}"
                );
                assert_eq!(member(&text, k).and_then(as_u64), v.and_then(Value::as_u64), "{k}");
                assert_eq!(member(&text, k).and_then(as_bool), v.and_then(Value::as_bool), "{k}");
                assert_eq!(member(&text, k).is_some(), v.is_some(), "{k}");
                let expected: Vec<&str> = v
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                assert_eq!(member(&text, k).map(strings).unwrap_or_default(), expected, "{k}");
                assert_eq!(
                    member(&text, k).and_then(array_len),
                    v.and_then(Value::as_array).map(Vec::len),
                    "{k}"
                );
                for p in ["x", "y", "z", "w", "v", "a\"b", "none"] {
                    assert_eq!(
                        member(&text, k).and_then(|c| count_of(c, p)),
                        v.and_then(Value::as_object)
                            .and_then(|o| o.get(p))
                            .and_then(Value::as_u64),
                        "{k} {p}"
                    );
                }
            }
        }
    }

    #[test]
    fn what_is_not_an_object_has_no_members() {
        for text in ["[]", "1", "\"s\"", "null", "{", "{}", "{\"a\"", "{\"a\":", "{\"a\":}"] {
            assert_eq!(members(text).count(), 0, "{text}");
        }
    }
}
