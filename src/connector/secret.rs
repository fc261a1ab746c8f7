//! Secrets in memory: a [`Secret`] never prints its value, and a [`Redactor`]
//! scrubs every resolved secret from any text before it is written or printed.
//!
//! Secrets come only from the environment or files named by the connector
//! configuration; they never enter a store. Anything that leaves the process
//! (evidence, the ledger, stdout, stderr) passes through the redactor.

use std::fmt;

/// A credential. `Debug` and `Display` print `[REDACTED]`; only
/// [`Secret::expose`] gives the value, at the one place it is put on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

pub const REDACTED: &str = "[REDACTED]";

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Replaces every known secret value (and its common encodings) in text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    values: Vec<Secret>,
}

impl Redactor {
    /// Registers `secret`; values shorter than 4 characters are ignored (they
    /// would scrub ordinary text and cannot be meaningfully leaked).
    pub fn add(&mut self, secret: &Secret) {
        let v = secret.expose();
        if v.len() < 4 {
            return;
        }
        for form in [
            v.to_string(),
            percent_encode(v),
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, v),
        ] {
            let s = Secret(form);
            if !self.values.contains(&s) {
                self.values.push(s);
            }
        }
        // Longest first, so a secret containing another is scrubbed whole.
        self.values.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    }

    pub fn extend(&mut self, other: &Redactor) {
        for s in &other.values {
            if !self.values.contains(s) {
                self.values.push(s.clone());
            }
        }
        self.values.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    }

    /// `text` with every secret replaced by `[REDACTED]`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.values {
            if out.contains(s.expose()) {
                out = out.replace(s.expose(), REDACTED);
            }
        }
        out
    }

    /// Scrubs every string inside a JSON value.
    pub fn scrub_json(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) if self.values.iter().any(|v| s.contains(v.expose())) => {
                *s = self.scrub(s);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_json(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.scrub_json(v)),
            _ => {}
        }
    }
}

/// `text` with every word the secret scanner ([`crate::secrets::detect`])
/// recognises replaced by `[REDACTED]`: a receiver's answer may carry a
/// token that is not the connector's own (a Slack error echoing one).
pub fn scrub_detected(text: &str) -> String {
    let is_sep = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | ',' | '{' | '}' | '[' | ']' | '(' | ')' | '<' | '>' | '='
            )
    };
    // (start, end) of each word.
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_sep(c), start) {
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (n, &(s, e)) in words.iter().enumerate() {
        let word = &text[s..e];
        // "Bearer <token>": the scanner needs the scheme word too.
        let with_scheme = n
            .checked_sub(1)
            .map(|p| words[p])
            .filter(|&(ps, _)| matches!(&text[ps..s].trim_end(), &"Bearer" | &"Basic" | &"Splunk"))
            .map(|(ps, _)| format!("{} {word}", text[ps..s].trim_end()));
        if crate::secrets::detect(word).is_some() || with_scheme.is_some_and(|t| crate::secrets::detect(&t).is_some()) {
            out.push_str(&text[at..s]);
            out.push_str(REDACTED);
            at = e;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Percent-encoding of everything but unreserved characters (RFC 3986).
pub fn percent_encode(text: &str) -> String {
    percent_encode_keeping(text, b"")
}

/// [`percent_encode`] that also keeps the bytes of `keep` (`/` in a path).
pub fn percent_encode_keeping(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s} {s:?}"), "[REDACTED] [REDACTED]");
    }

    #[test]
    fn redactor_scrubs_plain_and_encoded_forms() {
        let mut r = Redactor::default();
        r.add(&Secret::new("a b/c-secret"));
        r.add(&Secret::new("xy"));
        assert_eq!(r.scrub("x=a b/c-secret;"), "x=[REDACTED];");
        assert_eq!(r.scrub("q=a%20b%2Fc-secret"), "q=[REDACTED]");
        assert_eq!(r.scrub("xy stays"), "xy stays");
        let mut v = serde_json::json!({"e": ["see a b/c-secret"]});
        r.scrub_json(&mut v);
        assert_eq!(v, serde_json::json!({"e": ["see [REDACTED]"]}));
    }

    #[test]
    fn tokens_the_scanner_knows_are_scrubbed_from_answers() {
        let text = r#"HTTP 400 invalid_token: {"token":"xoxb-1234567890-abcdefghij"} Authorization: Bearer abcdefgh12345678 ok"#;
        let out = scrub_detected(text);
        assert!(
            !out.contains("xoxb-1234567890") && !out.contains("abcdefgh12345678"),
            "{out}"
        );
        assert!(
            out.starts_with("HTTP 400 invalid_token") && out.ends_with(" ok"),
            "{out}"
        );
    }
}
