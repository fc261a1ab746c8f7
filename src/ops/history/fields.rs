//! A ledger record's top-level members as the history reads them, found by
//! one borrowed pass over the record's text, without building a `Value`.
//!
//! A history reads a handful of fields of every entry (its kind, time,
//! outcome, providers) and all of a few (a page's). A `Value` per record is
//! most of what a dashboard over 100,000 deliveries would cost (a map node
//! and a string per member, then freeing them), so [`Fields::parse`] keeps
//! only what the filters and figures use: each scalar member as the text's
//! own bytes (a string without escapes is a range of the text, nothing
//! copied), the string lists (`providers` and the like) and
//! `attempt_counts`. Anything else is only known to be there. What a field
//! reads here is exactly what `Value` lookups read (`as_str`, `as_u64`,
//! `as_bool`, the strings of an array, an object's `u64` members): the test
//! below holds the two side by side.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One top-level member's value, as far as a history reads it (16 bytes:
/// anything that needs more is in [`Fields::extra`]).
#[derive(Debug, Clone, PartialEq)]
enum Member {
    /// A string without escapes: its range in the record's text.
    Span(u32, u32),
    Bool(bool),
    U64(u64),
    /// A string with escapes, a string array or an object: `extra[i]`.
    Extra(u32),
    /// Anything else (null, a negative or fractional number).
    Other,
}

/// What a [`Member`] does not hold itself.
#[derive(Debug, Clone, PartialEq)]
enum Extra {
    /// A string that had escapes, unescaped.
    Owned(Box<str>),
    /// An array: its string elements, in order (others skipped, as
    /// `filter_map(Value::as_str)` skips them), and how many elements it has.
    Strings(Vec<String>, usize),
    /// An object: its members whose values are `u64`.
    Counts(Vec<(String, u64)>),
    /// A key that had escapes (never a cavra field), unescaped.
    Key(Box<str>),
}

/// A member's key: its range in the text, or (`start == u32::MAX`) an
/// [`Extra::Key`] at `end`.
type KeyAt = (u32, u32);

/// The top-level members of one record object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// Key and value, in the text's order; allocated once, at its size.
    members: Box<[(KeyAt, Member)]>,
    extra: Vec<Extra>,
}

impl Fields {
    /// The members of `text` (a record's JSON), or `None` when it is not an
    /// object.
    pub fn parse(text: &str) -> Option<Fields> {
        // Offsets are kept as u32: a record is far smaller than 4 GiB.
        if u32::try_from(text.len()).is_err() {
            return None;
        }
        thread_local! {
            static MEMBERS: std::cell::RefCell<Vec<(KeyAt, Member)>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        MEMBERS.with(|scratch| {
            let mut members = scratch.borrow_mut();
            members.clear();
            let mut extra = Vec::new();
            let mut de = serde_json::Deserializer::from_str(text);
            let top = Top {
                base: text.as_ptr() as usize,
                members: &mut members,
                extra: &mut extra,
            };
            de.deserialize_map(top).ok()?;
            de.end().ok()?;
            Some(Fields {
                members: members.as_slice().into(),
                extra,
            })
        })
    }

    /// Where member `key` is (for [`Fields::str_at`]).
    pub fn find(&self, text: &str, key: &str) -> Option<usize> {
        self.members.iter().position(|((start, end), _)| match *start {
            u32::MAX => matches!(&self.extra[*end as usize], Extra::Key(k) if &**k == key),
            _ => text.get(*start as usize..*end as usize) == Some(key),
        })
    }

    fn member(&self, text: &str, key: &str) -> Option<&Member> {
        self.find(text, key).map(|i| &self.members[i].1)
    }

    fn extra(&self, text: &str, key: &str) -> Option<&Extra> {
        match self.member(text, key)? {
            Member::Extra(i) => self.extra.get(*i as usize),
            _ => None,
        }
    }

    /// A string member (`None` when absent or not a string), read from
    /// `text`, the record's text this was parsed from.
    pub fn str<'t>(&'t self, text: &'t str, key: &str) -> Option<&'t str> {
        self.str_at(text, self.find(text, key)?)
    }

    /// The string member at `at` ([`Fields::find`]).
    pub fn str_at<'t>(&'t self, text: &'t str, at: usize) -> Option<&'t str> {
        match &self.members.get(at)?.1 {
            Member::Span(start, end) => text.get(*start as usize..*end as usize),
            Member::Extra(i) => match self.extra.get(*i as usize)? {
                Extra::Owned(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn u64(&self, text: &str, key: &str) -> Option<u64> {
        match self.member(text, key)? {
            Member::U64(n) => Some(*n),
            _ => None,
        }
    }

    pub fn bool(&self, text: &str, key: &str) -> Option<bool> {
        match self.member(text, key)? {
            Member::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Whether the record has the member at all.
    pub fn has(&self, text: &str, key: &str) -> bool {
        self.find(text, key).is_some()
    }

    /// The string elements of an array member (empty when absent or not an array).
    pub fn strings(&self, text: &str, key: &str) -> &[String] {
        match self.extra(text, key) {
            Some(Extra::Strings(s, _)) => s,
            _ => &[],
        }
    }

    /// How many elements an array member has (`None` when absent or not an array).
    pub fn array_len(&self, text: &str, key: &str) -> Option<usize> {
        match self.extra(text, key)? {
            Extra::Strings(_, len) => Some(*len),
            _ => None,
        }
    }

    /// The `u64` members of an object member (`None` when absent or not an object).
    pub fn counts(&self, text: &str, key: &str) -> Option<&[(String, u64)]> {
        match self.extra(text, key)? {
            Extra::Counts(c) => Some(c),
            _ => None,
        }
    }

    /// Takes an array member's strings out (what [`Fields::strings`] gave).
    pub fn take_strings(&mut self, text: &str, key: &str) -> Vec<String> {
        let Some(Member::Extra(i)) = self.member(text, key).cloned() else {
            return Vec::new();
        };
        match self.extra.get_mut(i as usize) {
            Some(Extra::Strings(s, _)) => std::mem::take(s),
            _ => Vec::new(),
        }
    }
}

/// The record object.
struct Top<'s> {
    base: usize,
    members: &'s mut Vec<(KeyAt, Member)>,
    extra: &'s mut Vec<Extra>,
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let base = self.base;
        let span = |s: &str| {
            let start = s.as_ptr() as usize - base;
            (start as u32, (start + s.len()) as u32)
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = match key.0 {
                Cow::Borrowed(k) => span(k),
                Cow::Owned(k) => {
                    self.extra.push(Extra::Key(k.into()));
                    (u32::MAX, (self.extra.len() - 1) as u32)
                }
            };
            let value = match map.next_value_seed(MemberSeed)? {
                Value::Str(Cow::Borrowed(s)) => {
                    let (start, end) = span(s);
                    Member::Span(start, end)
                }
                Value::Str(Cow::Owned(s)) => self.push(Extra::Owned(s.into())),
                Value::Bool(b) => Member::Bool(b),
                Value::U64(n) => Member::U64(n),
                Value::Strings(s, len) => self.push(Extra::Strings(s, len)),
                Value::Counts(c) => self.push(Extra::Counts(c)),
                Value::Other => Member::Other,
            };
            self.members.push((key, value));
        }
        Ok(())
    }
}

impl Top<'_> {
    fn push(&mut self, extra: Extra) -> Member {
        self.extra.push(extra);
        Member::Extra((self.extra.len() - 1) as u32)
    }
}

/// A key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A member's value as parsed.
enum Value<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    U64(u64),
    Strings(Vec<String>, usize),
    Counts(Vec<(String, u64)>),
    Other,
}

/// Parses a member's value.
struct MemberSeed;

impl<'de> DeserializeSeed<'de> for MemberSeed {
    type Value = Value<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed {
    type Value = Value<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Owned(s.to_string())))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value<'de>, E> {
        Ok(Value::U64(n))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Value<'de>, E> {
        Ok(Value::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value<'de>, E> {
        Ok(Value::Other)
    }
    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut strings = Vec::new();
        let mut len = 0;
        while let Some(s) = seq.next_element::<Element>()? {
            len += 1;
            if let Element::Str(s) = s {
                strings.push(s);
            }
        }
        Ok(Value::Strings(strings, len))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut counts = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if let Element::U64(n) = map.next_value::<Element>()? {
                counts.push((key.0.into_owned(), n));
            }
        }
        Ok(Value::Counts(counts))
    }
}

/// An element of an array or a member of a nested object: a string or a
/// `u64` is kept, anything else skipped.
enum Element {
    Str(String),
    U64(u64),
    Skipped,
}

impl<'de> serde::Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Element;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E>(self, s: &str) -> Result<Element, E> {
                Ok(Element::Str(s.to_string()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Element, E> {
                Ok(Element::U64(n))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Element, E> {
                Ok(Element::Skipped)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Element, E> {
                Ok(Element::Skipped)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Element, E> {
                Ok(Element::Skipped)
            }
            fn visit_unit<E>(self) -> Result<Element, E> {
                Ok(Element::Skipped)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Element::Skipped)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Element::Skipped)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// Every accessor reads what the `Value` lookup it replaces reads.
    #[test]
    fn fields_read_what_value_lookups_read() {
        let records = [
            json!({"a": "plain", "b": "esc\"aped\n", "c": true, "d": 7, "e": -7, "f": 1.5, "g": null,
                   "providers": ["x", 1, "y", null, ["z"], {"k": "v"}, "w\u{e9}"],
                   "attempt_counts": {"x": 1, "y": -1, "z": "3", "w": 2.0, "v": 4},
                   "nested": {"a": {"b": 1}}, "h": "", "k\"ey": "v", "é": "ü"}),
            json!({}),
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
            "missing",
        ];
        for record in records {
            let text = serde_json::to_string(&record).unwrap();
            let f = Fields::parse(&text).unwrap();
            for k in keys {
                let v = record.get(k);
                assert_eq!(f.str(&text, k), v.and_then(Value::as_str), "{k}");
                assert_eq!(f.u64(&text, k), v.and_then(Value::as_u64), "{k}");
                assert_eq!(f.bool(&text, k), v.and_then(Value::as_bool), "{k}");
                assert_eq!(f.has(&text, k), v.is_some(), "{k}");
                let strings: Vec<&str> = v
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                assert_eq!(f.strings(&text, k), strings, "{k}");
                assert_eq!(f.array_len(&text, k), v.and_then(Value::as_array).map(Vec::len), "{k}");
                let counts = v.and_then(Value::as_object).map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| v.as_u64().map(|n| (k.clone(), n)))
                        .collect::<Vec<_>>()
                });
                assert_eq!(f.counts(&text, k).map(<[_]>::to_vec), counts, "{k}");
            }
        }
    }

    #[test]
    fn only_an_object_has_fields() {
        for text in ["[]", "1", "\"s\"", "null", "{", "{}x", "{\"a\":}"] {
            assert_eq!(Fields::parse(text), None, "{text}");
        }
    }
}
