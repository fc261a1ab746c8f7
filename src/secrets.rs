//! Recognises text that looks like a credential, so `validate` and every
//! write can refuse it: stores are committed, and a secret in git is leaked.
//!
//! The formats are data ([`rules::RULES`]: token prefixes of AI providers,
//! source hosts, registries, clouds, chat, SaaS and infrastructure, private
//! keys, JWTs, credentials in URLs), run by [`detector`]. A match is
//! reported by the format's description only; the text itself is never
//! repeated. This file also holds how messages quote input ([`excerpt`],
//! [`label`], [`scrub`]), so that no message repeats a secret.

mod detector;
pub mod rules;

use serde_json::Value;

pub use detector::looks_random;

/// The kind of secret `text` looks like (its rule's description), if any.
///
/// One pass over the bytes finds the rules whose keywords occur; only
/// those run their pattern, so the common case (ids, names, short values)
/// costs a scan.
pub fn detect(text: &str) -> Option<&'static str> {
    detect_rule(text).map(|r| r.description)
}

/// The rule `text` matches first, if any (see [`detect`]).
pub fn detect_rule(text: &str) -> Option<&'static rules::Rule> {
    if text.len() < 12 {
        return None;
    }
    detector::first_match(text)
}

/// "looks like an Anthropic API key": a finding as a message says it.
pub fn looks_like(kind: &str) -> String {
    // By sound: "an npm token", "an xAI key".
    let article = if kind.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u'])
        || kind.starts_with("npm")
        || kind.starts_with("xAI")
    {
        "an"
    } else {
        "a"
    };
    format!("looks like {article} {kind}")
}

/// The most bytes of an input value a message quotes.
pub const EXCERPT_BYTES: usize = 120;

/// How every message quotes a value that came from input (a flag, a file,
/// a variable): in double quotes with control characters escaped, cut to
/// [`EXCERPT_BYTES`] with its full length noted, and never a value that
/// [`detect`] flags; that is replaced by the kind of secret it looks like.
pub fn excerpt(text: &str) -> String {
    match detect(text) {
        Some(kind) => withheld(kind),
        None => quoted(text),
    }
}

/// [`excerpt`] of a value [`detect`] does not flag.
fn quoted(text: &str) -> String {
    let mut end = text.len().min(EXCERPT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let quoted = format!("\"{}\"", text[..end].escape_debug());
    if end < text.len() {
        format!("{}…\" ({} bytes)", &quoted[..quoted.len() - 1], text.len())
    } else {
        quoted
    }
}

/// An excerpt of a JSON value (see [`excerpt`]): a string as [`excerpt`]
/// quotes it, anything else as compact JSON cut to [`EXCERPT_BYTES`],
/// never serialised past that, and withheld whole when any string in it
/// looks like a secret.
pub fn excerpt_json(value: &Value) -> String {
    if let Value::String(s) = value {
        return excerpt(s);
    }
    if let Some((_, kind)) = scan(value).first() {
        return withheld(kind);
    }
    let mut out = Bounded(Vec::new());
    let complete = serde_json::to_writer(&mut out, value).is_ok();
    let text = String::from_utf8_lossy(&out.0);
    if complete {
        text.into_owned()
    } else {
        format!("{}…", text.trim_end_matches('\u{fffd}'))
    }
}

/// The longest name (an id) a message shows: cavra's ids are at most 128
/// characters, so a longer one is refused for its length and is never
/// quoted (it may be a pasted key).
const LABEL_BYTES: usize = 128;

/// A name from input (an id, a field, a record label) as a message shows
/// it: bare when short and harmless, the kind of secret when it looks like
/// one, only its length when longer than any id, else as its [`excerpt`].
pub fn label(name: &str) -> String {
    match detect(name) {
        Some(kind) => withheld(kind),
        None if name.len() <= 64 && !name.chars().any(char::is_control) => name.to_string(),
        None if name.len() > LABEL_BYTES => format!("[a name of {} bytes, not shown]", name.len()),
        None => quoted(name),
    }
}

/// A message from another library (serde, git2, jsonschema) made safe to
/// print: every quoted span (`…`, "…") that is long or looks like a secret
/// becomes its [`excerpt`], any word (or a `Bearer xxx` pair) that looks
/// like a secret becomes its kind, and the whole is cut to
/// [`MESSAGE_BYTES`]. The last line of defence: cavra's own messages quote
/// input through [`excerpt`] already.
pub fn scrub(message: &str) -> String {
    scrub_quoted_by(message, &['`', '"'])
}

/// [`scrub`] for the argument parser's messages, which quote in `'…'`
/// too: what clap would print, with every quoted argument that looks like
/// a secret (or is long) replaced by its [`excerpt`] and every such word
/// by its kind.
pub fn scrub_cli(message: &str) -> String {
    scrub_quoted_by(message, &['\'', '`', '"'])
}

fn scrub_quoted_by(message: &str, quotes: &[char]) -> String {
    let mut out = String::with_capacity(message.len().min(MESSAGE_BYTES));
    let mut rest = message;
    while let Some(start) = rest.find(quotes) {
        let quote = rest.as_bytes()[start] as char;
        let after = &rest[start + 1..];
        let Some(len) = after.find(quote) else { break };
        let span = &after[..len];
        out.push_str(&rest[..start]);
        // A span that is already an excerpt (ends with `…`) is kept.
        // An apostrophe may pair with a quote: by length, only real quotes.
        if let Some(kind) = detect(span) {
            out.push_str(&withheld(kind));
        } else if span.len() > EXCERPT_BYTES && quote != '\'' && !span.ends_with('…') {
            out.push_str(&quoted(span));
        } else {
            out.push(quote);
            out.push_str(span);
            out.push(quote);
        }
        rest = &after[len + 1..];
    }
    out.push_str(rest);
    let words: Vec<&str> = out.split(' ').collect();
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let pair = words.get(i + 1).map(|next| format!("{} {next}", words[i]));
        if let Some(kind) = pair
            .as_deref()
            .and_then(detect)
            .filter(|_| detect(words[i + 1]).is_none())
        {
            kept.push(withheld(kind));
            i += 2;
            continue;
        }
        kept.push(detect(words[i]).map_or_else(|| words[i].to_string(), withheld));
        i += 1;
    }
    let mut text = kept.join(" ");
    if text.len() > MESSAGE_BYTES {
        let mut end = MESSAGE_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// The longest message line cavra prints, in bytes.
pub const MESSAGE_BYTES: usize = 2000;

fn withheld(kind: &str) -> String {
    format!("[{kind}, not shown]")
}

/// A writer that takes [`EXCERPT_BYTES`] and then fails, so a huge value
/// is never serialised whole for a message.
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = EXCERPT_BYTES - self.0.len();
        if room == 0 {
            return Err(std::io::Error::other("excerpt is full"));
        }
        let n = buf.len().min(room);
        self.0.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A member name that looks like a secret, as a pointer names it: never
/// the name itself.
const SECRET_NAME: &str = "(a member name that looks like a secret)";

/// Every string in `value` that looks like a secret, as (JSON pointer,
/// kind): values, and member names too (a secret pasted as a header's
/// name is as committed as one pasted as its value). A pointer never holds
/// a secret: a member name that looks like one is written as
/// `(a member name that looks like a secret)`.
pub fn scan(value: &Value) -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    // Most values hold no secret: find that out without building pointers.
    if any_secret(value) {
        walk(value, &mut String::new(), &mut found);
    }
    found
}

fn any_secret(value: &Value) -> bool {
    match value {
        Value::String(s) => detect(s).is_some(),
        Value::Array(items) => items.iter().any(any_secret),
        Value::Object(map) => map.iter().any(|(k, v)| detect(k).is_some() || any_secret(v)),
        _ => false,
    }
}

fn walk(value: &Value, path: &mut String, found: &mut Vec<(String, &'static str)>) {
    match value {
        Value::String(s) => {
            if let Some(kind) = detect(s) {
                found.push((path.trim_start_matches('/').to_string(), kind));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                walk(item, path, found);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = path.len();
                path.push('/');
                match detect(k) {
                    Some(kind) => {
                        path.push_str(SECRET_NAME);
                        found.push((path.trim_start_matches('/').to_string(), kind));
                    }
                    None => path.push_str(k),
                }
                walk(v, path, found);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_as_a_member_name_is_found_and_never_named() {
        let token = "ghp_abcdefghijklmnopqrstuvwxyz0123";
        let v = serde_json::json!({"connectors": {"hec": {"headers": {token: "x"}, "note": {token: token}}}});
        let found = scan(&v);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(p, kind)| !p.contains(token) && *kind == "GitHub token"),
            "{found:?}"
        );
        assert_eq!(found[0].0, format!("connectors/hec/headers/{SECRET_NAME}"));
    }

    #[test]
    fn finds_common_secrets() {
        assert_eq!(detect("xoxb-1234567890-abcdef"), Some("Slack bot token"));
        assert_eq!(detect("https://user:hunter2@example.com/x"), Some("password in a URL"));
        assert_eq!(
            detect("https://prod.example.com/workflows?api-version=1&sig=abc"),
            Some("credential in a URL query")
        );
        assert_eq!(detect("AKIAIOSFODNN7EXAMPLE"), Some("AWS access key"));
        assert_eq!(detect("key AKIAIOSFODNN7EXAMPLE here"), Some("AWS access key"));
        assert_eq!(
            detect("https://x.example.com/p?a=1&token=abc"),
            Some("credential in a URL query")
        );
        assert_eq!(detect("Authorization: Bearer abcdefghijkl"), Some("bearer token"));
        assert_eq!(
            detect("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"),
            Some("JSON Web Token")
        );
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for ok in [
            "splunk-prod",
            "token_env",
            "https://splunk.example.com:8088",
            "SPLUNK_HEC_TOKEN",
            "Bearer",
            "vault://soc/splunk",
        ] {
            assert_eq!(detect(ok), None, "{ok}");
        }
    }

    #[test]
    fn excerpts_are_short_and_never_secret() {
        assert_eq!(excerpt("abc"), "\"abc\"");
        assert_eq!(excerpt("a\nb"), "\"a\\nb\"");
        assert_eq!(excerpt("ghp_abcdefghijklmnop"), "[GitHub token, not shown]");
        let long = "é".repeat(1000);
        let e = excerpt(&long);
        assert!(e.len() < EXCERPT_BYTES + 30, "{e}");
        assert!(e.ends_with("…\" (2000 bytes)"), "{e}");
        let big = serde_json::json!([{"a": "x".repeat(10_000)}]);
        assert!(excerpt_json(&big).len() <= EXCERPT_BYTES + 3);
        let secret = serde_json::json!([{"password": "https://u:hunter22@example.com"}]);
        assert_eq!(excerpt_json(&secret), "[password in a URL, not shown]");
        assert_eq!(excerpt_json(&serde_json::json!({"a": 1})), "{\"a\":1}");
    }

    #[test]
    fn scrub_hides_secrets_and_long_quotes_in_foreign_messages() {
        assert_eq!(
            scrub("unknown variant `ghp_abcdefghijklmnop`, expected `active`"),
            "unknown variant [GitHub token, not shown], expected `active`"
        );
        assert_eq!(
            scrub("header Bearer abcdefghijklmn rejected"),
            "header [bearer token, not shown] rejected"
        );
        assert_eq!(
            scrub("token xoxb-1234567890-abcdef"),
            "token [Slack bot token, not shown]"
        );
        let long = format!("invalid type: string \"{}\", expected u32", "x".repeat(5000));
        assert!(scrub(&long).len() < 300, "{}", scrub(&long));
        assert!(scrub(&"y ".repeat(5000)).len() <= MESSAGE_BYTES + 3);
        assert_eq!(scrub("plain `short` text"), "plain `short` text");
    }

    #[test]
    fn prose_about_schemes_is_not_a_credential() {
        for ok in [
            "Splunk Enterprise Security",
            "Bearer authentication (token_env)",
            "Basic authentication",
            "-----BEGIN CERTIFICATE-----",
        ] {
            assert_eq!(detect(ok), None, "{ok}");
        }
        assert_eq!(detect("-----BEGIN RSA PRIVATE KEY-----"), Some("private key"));
        assert_eq!(detect("-----BEGIN OPENSSH PRIVATE KEY-----"), Some("private key"));
    }

    #[test]
    fn findings_read_as_sentences_and_long_names_are_not_quoted() {
        assert_eq!(looks_like("Anthropic API key"), "looks like an Anthropic API key");
        assert_eq!(looks_like("npm access token"), "looks like an npm access token");
        assert_eq!(looks_like("GitHub token"), "looks like a GitHub token");
        assert_eq!(label(&"n".repeat(200)), "[a name of 200 bytes, not shown]");
        assert_eq!(label(&"n".repeat(100)), format!("\"{}\"", "n".repeat(100)));
    }

    #[test]
    fn scrub_cli_hides_what_clap_quotes() {
        assert_eq!(
            scrub_cli("error: unexpected argument '-----BEGIN RSA PRIVATE KEY-----abc' found"),
            "error: unexpected argument [private key, not shown] found"
        );
        assert_eq!(
            scrub_cli("error: unexpected argument '--bogus' found\n\nFor more information, try '--help'.\n"),
            "error: unexpected argument '--bogus' found\n\nFor more information, try '--help'.\n"
        );
    }

    #[test]
    fn scan_names_the_field() {
        let v = serde_json::json!({"a": {"b": ["ok", "ghp_abcdefghijklmnop"]}});
        assert_eq!(scan(&v), vec![("a/b/1".to_string(), "GitHub token")]);
    }
}
