//! A ledger entry's record as a read hands it out: its canonical JSON text,
//! already verified, parsed into a `Value` only when something looks at it.
//!
//! Reading a ledger verifies every line (hash, chain, seal, schema, secret
//! scan) but most readers use few records, and a `Value` per record is most
//! of what a read costs (a map node and a string per field). So the common
//! line is checked on a borrowed parse ([`Json`]): the record's text must
//! be exactly what re-serialising it gives (its canonical form, which the
//! hash covers), conform to its schema and hold no secret. Anything else
//! falls back to the `Value` path, which words the problems.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// A verified record: canonical compact JSON, dereferencing to its `Value`.
#[derive(Clone)]
pub struct Record {
    text: Text,
    value: OnceLock<Value>,
}

/// Where a record's text is: its own, or a range of the segment it was
/// read from (shared by the segment's records: no copy per record).
#[derive(Clone)]
enum Text {
    Own(Box<str>),
    Shared(std::sync::Arc<String>, std::ops::Range<usize>),
}

impl Record {
    /// The record of `value` (its text is the canonical serialisation).
    pub fn from_value(value: Value) -> Record {
        let text = serde_json::to_string(&value).expect("values serialize");
        Record {
            text: Text::Own(text.into_boxed_str()),
            value: OnceLock::from(value),
        }
    }

    /// A record whose text is known to be the canonical form of a JSON
    /// object that parses (a verified line's).
    pub(crate) fn from_canonical(text: &str) -> Record {
        Record {
            text: Text::Own(text.into()),
            value: OnceLock::new(),
        }
    }

    /// [`Record::from_canonical`] for the text `source[range]`.
    pub(crate) fn shared(source: &std::sync::Arc<String>, range: std::ops::Range<usize>) -> Record {
        Record {
            text: Text::Shared(source.clone(), range),
            value: OnceLock::new(),
        }
    }

    /// The canonical compact JSON text (what the entry's hash covers).
    pub fn text(&self) -> &str {
        match &self.text {
            Text::Own(t) => t,
            Text::Shared(source, range) => &source[range.clone()],
        }
    }

    /// The record as a `Value`, parsed now unless it was already.
    pub fn value(&self) -> &Value {
        self.value
            .get_or_init(|| serde_json::from_str(self.text()).expect("a verified record parses"))
    }

    /// The `Value`, taken out.
    pub fn into_value(self) -> Value {
        self.value();
        self.value.into_inner().expect("parsed above")
    }
}

impl std::ops::Deref for Record {
    type Target = Value;
    fn deref(&self) -> &Value {
        self.value()
    }
}

impl PartialEq for Record {
    /// Canonical texts are equal exactly when the records are.
    fn eq(&self, other: &Record) -> bool {
        self.text() == other.text()
    }
}

impl PartialEq<Value> for Record {
    fn eq(&self, other: &Value) -> bool {
        self.value() == other
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl From<Record> for Value {
    fn from(r: Record) -> Value {
        r.into_value()
    }
}

/// JSON parsed without copying what it can borrow: strings without escapes
/// point into the line. Numbers keep the kind `Value` would give them, so
/// serialising this gives the bytes serialising the `Value` would.
#[derive(Debug)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// Members in the order the text has them.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// The member `key` of an object whose keys are in strictly increasing
    /// order (a canonical record's, see [`is_canonical`]): a binary search.
    pub fn get_sorted(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members
                .binary_search_by(|(k, _)| k.as_ref().cmp(key))
                .ok()
                .map(|i| &members[i].1),
            _ => None,
        }
    }

    /// The member `key` of an object (its first, when repeated).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether JSON serde_json parsed into this also passes the strict
    /// rules of [`crate::store::json::parse`] that serde_json does not hold
    /// it to: no object repeats a key, no array or object nests deeper than
    /// [`crate::store::json::MAX_DEPTH`] (a number that does not fit an f64
    /// is refused by serde_json's own parse).
    pub fn is_strict(&self) -> bool {
        self.strict_at(1)
    }

    fn strict_at(&self, depth: usize) -> bool {
        let fits = depth <= crate::store::json::MAX_DEPTH;
        match self {
            Json::Array(items) => fits && items.iter().all(|i| i.strict_at(depth + 1)),
            Json::Object(members) => {
                let unique = members.windows(2).all(|w| w[0].0 < w[1].0)
                    || members
                        .iter()
                        .enumerate()
                        .all(|(i, (k, _))| members[..i].iter().all(|(other, _)| other != k));
                fits && unique && members.iter().all(|(_, v)| v.strict_at(depth + 1))
            }
            _ => true,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Whether object keys are in strictly increasing order at every depth:
    /// then a `Value` (a sorted map) holds the same members in the same
    /// order, none dropped as a repeat.
    pub fn keys_sorted(&self) -> bool {
        match self {
            Json::Array(items) => items.iter().all(Json::keys_sorted),
            Json::Object(members) => {
                members.windows(2).all(|w| w[0].0 < w[1].0) && members.iter().all(|(_, v)| v.keys_sorted())
            }
            _ => true,
        }
    }

    /// Every string value (not keys), depth first.
    pub fn any_str(&self, f: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Json::Str(s) => f(s),
            Json::Array(items) => items.iter().any(|i| i.any_str(f)),
            Json::Object(members) => members.iter().any(|(_, v)| v.any_str(f)),
            _ => false,
        }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Json<'de>, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json<'de>, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
                Ok(Json::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
                Ok(Json::U64(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
                Ok(Json::I64(n))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json<'de>, E> {
                // `Value` turns a non-finite float into null.
                Ok(if n.is_finite() { Json::F64(n) } else { Json::Null })
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
                Ok(Json::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
                Ok(Json::Str(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
                Ok(Json::Str(Cow::Owned(s)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
                // serde_json gives no size hint: room for a typical array
                // and record up front rather than growing one by one.
                let mut items = Vec::with_capacity(4);
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
                let mut members = Vec::with_capacity(16);
                while let Some(key) = map.next_key::<Json<'de>>()? {
                    let Json::Str(key) = key else {
                        return Err(serde::de::Error::custom("an object key is not a string"));
                    };
                    members.push((key, map.next_value()?));
                }
                Ok(Json::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::U64(n) => s.serialize_u64(*n),
            Json::I64(n) => s.serialize_i64(*n),
            Json::F64(n) => s.serialize_f64(*n),
            Json::Str(t) => s.serialize_str(t),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

/// Whether `text` is exactly the canonical compact JSON of `json` (parsed
/// from it): keys sorted without repeats, no whitespace, strings escaped
/// and numbers spelled as serde_json writes them.
pub(crate) fn is_canonical(json: &Json<'_>, text: &str) -> bool {
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    json.keys_sorted()
        && BUF.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.clear();
            serde_json::to_writer(&mut *buf, json).is_ok() && buf.as_slice() == text.as_bytes()
        })
}

/// The one check a record's text gets, stored (`validate`) or about to be
/// (ingest): `None` when it is not canonical JSON; else whether it is an
/// object that conforms to schema `schema` and holds no secret. The common
/// record takes the one pass of [`scan_canonical`] (and the schema's
/// hand-written check where it has one); anything unusual the borrowed
/// parse, re-serialised to be compared with the text.
pub(crate) fn canonical_check(schema: &str, text: &str) -> Option<bool> {
    use crate::store::schema::{conforms_json, conforms_members};
    let mut top = Vec::with_capacity(16);
    match scan_canonical(text, &mut top) {
        Scan::Canonical { secret } => Some(
            !secret
                && match conforms_members(schema, &top) {
                    Some(conforms) => conforms,
                    // A schema whose check reads nested members: on the
                    // borrowed parse (the text is canonical already).
                    None => serde_json::from_str(text).is_ok_and(|json: Json<'_>| conforms_json(schema, &json)),
                },
        ),
        Scan::Unsure => {
            let json: Json<'_> = serde_json::from_str(text).ok()?;
            if !is_canonical(&json, text) {
                return None;
            }
            Some(
                matches!(json, Json::Object(_))
                    && conforms_json(schema, &json)
                    && !json.any_str(&|s| crate::secrets::detect(s).is_some()),
            )
        }
    }
}

/// What [`scan_canonical`] found of a record's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scan {
    /// The text is the canonical compact JSON of an object: keys strictly
    /// increasing, no whitespace, no escape, integers only.
    Canonical {
        /// Some string value looks like a secret.
        secret: bool,
    },
    /// Anything else (a float, an escape, a key out of order, not JSON):
    /// the borrowed parse ([`Json`], [`is_canonical`]) decides.
    Unsure,
}

/// One pass over `text`, without building anything: whether it is, beyond
/// doubt, the canonical compact JSON of an object as the common record is
/// (strings without escapes, integers, keys in order), and whether a string
/// value looks like a secret. The object's top-level members go into
/// `top` (key, and the value when it is a string), in order. Everything
/// unusual is [`Scan::Unsure`], never a verdict: the full check decides
/// it, so this only ever accepts what [`is_canonical`] accepts (see the
/// tests).
pub(crate) fn scan_canonical<'t>(text: &'t str, top: &mut Vec<(&'t str, Option<&'t str>)>) -> Scan {
    top.clear();
    let mut p = Scanner {
        b: text.as_bytes(),
        text,
        at: 0,
        secret: false,
    };
    let whole = p.object(Some(top)).is_some() && p.at == p.b.len();
    match whole {
        true => Scan::Canonical { secret: p.secret },
        false => Scan::Unsure,
    }
}

struct Scanner<'t> {
    b: &'t [u8],
    text: &'t str,
    at: usize,
    secret: bool,
}

impl<'t> Scanner<'t> {
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.at) == Some(&c)).then(|| self.at += 1)
    }

    /// An object; its members into `top` when given.
    fn object(&mut self, mut top: Option<&mut Vec<(&'t str, Option<&'t str>)>>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        let mut last: Option<&str> = None;
        loop {
            let key = self.string()?;
            // serde_json keeps members in a sorted map: strictly increasing
            // keys (bytewise, as `String` orders them) are its order.
            if last.is_some_and(|l| l >= key) {
                return None;
            }
            last = Some(key);
            self.eat(b':')?;
            let value = self.value()?;
            if let Some(top) = top.as_deref_mut() {
                top.push((key, value));
            }
            if self.eat(b'}').is_some() {
                return Some(());
            }
            self.eat(b',')?;
        }
    }

    /// A value; the string when it is one.
    fn value(&mut self) -> Option<Option<&'t str>> {
        match *self.b.get(self.at)? {
            b'"' => {
                let s = self.string()?;
                if !self.secret && crate::secrets::detect(s).is_some() {
                    self.secret = true;
                }
                return Some(Some(s));
            }
            b'{' => self.object(None)?,
            b'[' => {
                self.at += 1;
                if self.eat(b']').is_none() {
                    loop {
                        self.value()?;
                        if self.eat(b']').is_some() {
                            break;
                        }
                        self.eat(b',')?;
                    }
                }
            }
            b't' => self.word(b"true")?,
            b'f' => self.word(b"false")?,
            b'n' => self.word(b"null")?,
            _ => self.integer()?,
        }
        Some(None)
    }

    fn word(&mut self, w: &[u8]) -> Option<()> {
        self.b[self.at..].starts_with(w).then(|| self.at += w.len())
    }

    /// An integer as serde_json writes a `u64` or an `i64`: no leading
    /// zero, no `-0`, in range. A fraction or exponent is left to the full
    /// check (how a float is spelled is ryu's).
    fn integer(&mut self) -> Option<()> {
        let start = self.at;
        let negative = self.eat(b'-').is_some();
        let digits = self.at;
        while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let d = &self.text[digits..self.at];
        if d.is_empty()
            || (d.len() > 1 && d.starts_with('0'))
            || matches!(self.b.get(self.at), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        let fits = match negative {
            false => d.parse::<u64>().is_ok(),
            true => d != "0" && self.text[start..self.at].parse::<i64>().is_ok(),
        };
        fits.then_some(())
    }

    /// A string without escapes or control characters (what serde_json
    /// writes for it is then exactly its text).
    fn string(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.at;
        let len = self.b[start..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        self.at = start + len;
        self.eat(b'"')?;
        Some(&self.text[start..start + len])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's parse into `Json` held to [`Json::is_strict`] accepts
    /// exactly what the strict parse accepts.
    #[test]
    fn strict_exactly_when_the_strict_parse_accepts() {
        let nest = |depth: usize, inner: &str| format!("{}{inner}{}", "[".repeat(depth - 1), "]".repeat(depth - 1));
        let mut cases: Vec<String> = [
            r#"{"a":1,"b":{"c":[1,2,{"d":null}]}}"#,
            r#"{"b":1,"a":2,"c":3}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":{"x":1,"y":2,"x":3}}"#,
            r#"[{"k":1},{"k":1,"k":1}]"#,
            r#"{"a":"A","a":1}"#,
            r#"{"a":1,"\u0061":2}"#,
            r#"{"tenant":{"tenant_ref":"x"},"tenant":{"tenant_ref":"y"}}"#,
            r#"{"a":1e400}"#,
            r#"{"a":-1e999}"#,
            r#"{"a":1.5e300,"b":18446744073709551616}"#,
            r#"{"a":1} x"#,
            r#"{"a":1,}"#,
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for depth in [63, 64, 65, 66, 127, 129] {
            cases.push(nest(depth, "{}"));
            cases.push(nest(depth, "1"));
        }
        for text in &cases {
            let strict = crate::store::json::parse(text.as_bytes()).is_ok();
            let borrowed = serde_json::from_str::<Json<'_>>(text).is_ok_and(|j| j.is_strict());
            assert_eq!(borrowed, strict, "{text}");
        }
    }

    /// The borrowed parse agrees with `Value` on what is canonical.
    #[test]
    fn canonical_exactly_when_the_value_reserialises_to_the_text() {
        let cases = [
            r#"{"a":1,"b":[true,null,-2,3.5,"x"],"c":{"d":"e\"f\n\u001f"}}"#,
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a": 1}"#,
            r#"{"a":1.0}"#,
            r#"{"a":1e2}"#,
            r#"{"a":100.0}"#,
            r#"{"a":-0}"#,
            r#"{"a":-0.0}"#,
            r#"{"a":"\u0041"}"#,
            r#"{"a":"é\/"}"#,
            r#"{"a":"é"}"#,
            r#"{"a":18446744073709551615}"#,
            r#"{"a":-9223372036854775808}"#,
            r#"{"a":0.1}"#,
            r#"{"a":1.7976931348623157e308}"#,
            r#"{"a":"\u007f"}"#,
            r#"{"":{},"a":[]}"#,
        ];
        for text in cases {
            let value: Value = serde_json::from_str(text).unwrap();
            let expected = serde_json::to_string(&value).unwrap() == text;
            let json: Json<'_> = serde_json::from_str(text).unwrap();
            assert_eq!(is_canonical(&json, text), expected, "{text}");
        }
    }

    /// What the one-pass scan says next to the borrowed parse: it may
    /// leave a text to the parse (unsure), but what it calls canonical is,
    /// with the same top-level members and the same secret verdict.
    fn scan_agrees(text: &str) -> Option<bool> {
        let mut top = Vec::new();
        let scan = scan_canonical(text, &mut top);
        let Ok(json) = serde_json::from_str::<Json<'_>>(text) else {
            assert_eq!(scan, Scan::Unsure, "not JSON, yet canonical: {text}");
            return None;
        };
        let canonical = is_canonical(&json, text) && matches!(json, Json::Object(_));
        match scan {
            Scan::Unsure => None,
            Scan::Canonical { secret } => {
                assert!(canonical, "scanned canonical, is not: {text}");
                assert_eq!(secret, json.any_str(&|s| crate::secrets::detect(s).is_some()), "{text}");
                let Json::Object(members) = &json else { unreachable!() };
                let expected: Vec<(&str, Option<&str>)> =
                    members.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
                assert_eq!(top, expected, "{text}");
                Some(true)
            }
        }
    }

    #[test]
    fn the_scan_accepts_only_what_the_parse_calls_canonical() {
        let common = [
            r#"{"a":1,"b":[true,null,-2,"x"],"c":{"d":"e"}}"#,
            r#"{"attempt_count":1,"attempt_counts":{"webhook":1},"created_at":"2026-01-01T00:00:01Z","delivery_success":true,"providers":["webhook"],"status_codes":[200]}"#,
            r#"{"":{},"a":[],"b":"é\u{7f}"}"#,
            r#"{"a":18446744073709551615,"b":-9223372036854775808,"c":0,"d":-1}"#,
            r#"{"token":"xoxb-123456789012"}"#,
            r#"{"a":["ghp_abcdefghijklmnop"]}"#,
            r#"{}"#,
        ];
        for text in common {
            let text = text.replace("\\u{7f}", "\u{7f}");
            assert_eq!(scan_agrees(&text), Some(true), "{text}");
        }
        let odd = [
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a": 1}"#,
            r#" {"a":1}"#,
            r#"{"a":1} "#,
            r#"{"a":1.0}"#,
            r#"{"a":1e2}"#,
            r#"{"a":-0}"#,
            r#"{"a":01}"#,
            r#"{"a":18446744073709551616}"#,
            r#"{"a":-9223372036854775809}"#,
            r#"{"a":"\u0041"}"#,
            r#"{"a":"x\"y"}"#,
            r#"{"a\n":1}"#,
            r#"{"a":{"c":1,"b":2}}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":1,}"#,
            r#"{"a":tru}"#,
            r#"["a"]"#,
            r#""a""#,
            r#"{"a":1}{"#,
            "{\"a\":\"\u{1}\"}",
        ];
        for text in odd {
            assert_eq!(scan_agrees(text), None, "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, failure_persistence: None, ..Default::default() })]
        /// Any value's canonical text, and that text cut or spliced: the
        /// scan never calls canonical what the parse does not.
        #[test]
        fn the_scan_never_accepts_more_than_the_parse(value in json_value(), cut in 0usize..400, splice in 0usize..400, with in "[ ,:{}\\[\\]\"a-z0-9.eE\\\\-]{0,3}") {
            let text = serde_json::to_string(&serde_json::json!({"k": value, "a": 1})).unwrap();
            scan_agrees(&text);
            let cut_at = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count().max(1)).unwrap_or(0);
            scan_agrees(&text[..cut_at]);
            let at = text.char_indices().map(|(i, _)| i).nth(splice % text.chars().count().max(1)).unwrap_or(0);
            scan_agrees(&format!("{}{}{}", &text[..at], with, &text[at..]));
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a-z\\\"\\n\\u{1}é/ -]{0,12}".prop_map(Value::from),
            "(xoxb-|ghp_|Bearer )[a-z0-9]{4,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map("[a-c\\\"]{0,2}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn a_record_parses_on_first_use_and_compares_by_text() {
        let r = Record::from_canonical(r#"{"a":1}"#);
        assert_eq!(r["a"], 1);
        assert_eq!(r, serde_json::json!({"a": 1}));
        assert_eq!(r, Record::from_value(serde_json::json!({"a": 1})));
        assert_eq!(r.clone().into_value(), serde_json::json!({"a": 1}));
        assert_eq!(format!("{r:?}"), r#"{"a":1}"#);
        let source = std::sync::Arc::new(r#"xx{"a":1}yy"#.to_string());
        let shared = Record::shared(&source, 2..9);
        assert_eq!((shared.text(), &shared), (r#"{"a":1}"#, &r));
    }
}
