//! What of a request may be written down: headers only from an allow-list,
//! URLs without user-info, query strings or path tokens, plus a short
//! `url_sha256` fingerprint so auditors can correlate without the secret.
//!
//! Policy: every URL is read by one parser (the `url` crate, WHATWG rules,
//! the way a client reads it), never split by hand: a password holding `/`,
//! `?` or `#` (common in base64 secrets) must not move the split. What the
//! parser cannot read is masked whole, and so is a path or query that holds
//! an `@` (a user-info the parser took for a path).

use url::{Host, Url};

use super::secret::REDACTED;

/// Headers whose values are kept in evidence and dry runs; every other
/// header value is `[REDACTED]` (custom headers often carry credentials).
pub const HEADER_ALLOW_LIST: &[&str] = &[
    "accept",
    "content-type",
    "content-length",
    "content-encoding",
    "user-agent",
    "webhook-id",
    "webhook-timestamp",
    "idempotency-key",
];

/// `headers` with non-allow-listed values redacted; names lower-cased and sorted.
pub fn headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            let k = k.to_ascii_lowercase();
            let v = if HEADER_ALLOW_LIST.contains(&k.as_str()) {
                v.clone()
            } else {
                REDACTED.to_string()
            };
            (k, v)
        })
        .collect();
    out.sort();
    out
}

/// `raw` parsed, when it parses and its parts are unambiguous.
fn parse(raw: &str) -> Option<Url> {
    let u = Url::parse(raw).ok()?;
    let tail = &u[url::Position::BeforePath..];
    (!tail.contains('@') && u.has_host()).then_some(u)
}

/// A URL as it may be written down. `path_is_secret` masks the whole path
/// (Slack and Teams webhooks, whose path or `sig=` is the credential);
/// otherwise path segments that look like tokens are masked.
pub fn url(raw: &str, path_is_secret: bool) -> String {
    let Some(u) = parse(raw) else {
        let scheme = raw
            .split_once("://")
            .map(|(s, _)| s)
            .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric()));
        return match scheme {
            Some(s) => format!("{s}://{REDACTED}"),
            None => REDACTED.to_string(),
        };
    };
    let path = u.path();
    let path = if path_is_secret && path.len() > 1 {
        format!("/{REDACTED}")
    } else {
        path.split('/')
            .map(|seg| if looks_like_token(seg) { REDACTED } else { seg })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut out = format!(
        "{}://{}",
        u.scheme(),
        &u[url::Position::BeforeHost..url::Position::AfterPort]
    );
    // Without a path the parser still reports "/": keep what was written.
    let bare = path == "/" && !raw.split(['?', '#']).next().unwrap_or_default().ends_with('/');
    if !bare {
        out.push_str(&path);
    }
    if u.query().is_some() || u.fragment().is_some() {
        out.push('?');
        out.push_str(REDACTED);
    }
    out
}

fn looks_like_token(seg: &str) -> bool {
    seg.len() >= 20
        && seg.bytes().any(|b| b.is_ascii_digit())
        && seg.bytes().any(|b| b.is_ascii_alphabetic())
        && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The parts of `raw` that are credentials, to be scrubbed from any text:
/// user name and password (as written and decoded), query values, and where
/// the URL is the credential (`path_is_secret`) the URL, its path and each
/// path segment that can carry a credential ([`credential_segment`]: a
/// receiver quoting only the token of `/services/T…/B…/TOKEN` must not leak
/// it); otherwise each segment that looks like a token. Segments are
/// registered as written and percent-decoded. A URL the parser cannot read
/// is a credential whole, and so is what precedes its last `@` and each
/// segment of its path.
pub fn secret_parts(raw: &str, path_is_secret: bool) -> Vec<String> {
    let mut out = Vec::new();
    let Some(u) = parse(raw) else {
        out.push(raw.to_string());
        if let Some((_, rest)) = raw.split_once("://") {
            if let Some((userinfo, _)) = rest.rsplit_once('@') {
                out.push(userinfo.to_string());
                out.extend(userinfo.split_once(':').map(|(_, p)| p.to_string()));
            }
            let path = rest.split_once('/').map(|(_, p)| p).unwrap_or_default();
            let path = path.split(['?', '#']).next().unwrap_or_default();
            segments(path.split(['/', '@']), true, &mut out);
        }
        out.retain(|s| !s.is_empty());
        return out;
    };
    if path_is_secret {
        out.push(raw.to_string());
        if u.path().len() > 1 {
            out.push(u.path().to_string());
        }
    }
    segments(u.path().split('/'), path_is_secret, &mut out);
    for part in [u.username(), u.password().unwrap_or_default()] {
        if !part.is_empty() {
            out.push(part.to_string());
            if let Ok(decoded) = percent_decode(part) {
                out.push(decoded);
            }
        }
    }
    for (_, v) in u.query_pairs() {
        out.push(v.into_owned());
    }
    if let Some(q) = u.query() {
        out.extend(
            q.split('&')
                .filter_map(|p| p.split_once('='))
                .map(|(_, v)| v.to_string()),
        );
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Adds the segments that can carry a credential, as written and decoded.
fn segments<'a>(parts: impl Iterator<Item = &'a str>, path_is_secret: bool, out: &mut Vec<String>) {
    for seg in parts {
        let decoded = percent_decode(seg).unwrap_or_else(|_| seg.to_string());
        let secret = if path_is_secret {
            credential_segment(&decoded)
        } else {
            looks_like_token(seg) || looks_like_token(&decoded)
        };
        if secret {
            out.push(seg.to_string());
            if decoded != seg {
                out.push(decoded);
            }
        }
    }
}

/// Whether a segment of a path that is a credential (Slack, Teams) can be
/// part of it: anything but a short word of letters (`services`, `workflows`,
/// `IncomingWebhook`), which names the route, not the secret. Ids such as
/// Slack's `T0123ABCD` and tokens hold a digit, another character, or are long.
pub fn credential_segment(seg: &str) -> bool {
    let word = seg.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    seg.len() >= 4 && (!word || seg.len() >= 16)
}

fn percent_decode(text: &str) -> Result<String, std::str::Utf8Error> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    std::str::from_utf8(&out).map(str::to_string)
}

/// `scheme://host[:port]` of `raw` (Jamf's token endpoint is on its origin).
pub fn origin(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => raw.to_string(),
    }
}

/// The scheme of `raw` in lower case, when it parses with a host.
pub fn scheme(raw: &str) -> Option<String> {
    parse(raw).map(|u| u.scheme().to_string())
}

/// Whether `raw` names a loopback host (`localhost`, 127.0.0.0/8, `::1`).
pub fn is_loopback(raw: &str) -> bool {
    match parse(raw).as_ref().and_then(Url::host) {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The first 16 hex digits of the URL's sha256.
pub fn url_sha256(url: &str) -> String {
    crate::store::sha256_hex(url.as_bytes())[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_outside_the_allow_list_are_redacted() {
        let h = headers(&[
            ("Authorization".into(), "Splunk abc".into()),
            ("Content-Type".into(), "application/json".into()),
            ("X-Custom".into(), "secret".into()),
        ]);
        assert_eq!(
            h,
            vec![
                ("authorization".to_string(), REDACTED.to_string()),
                ("content-type".to_string(), "application/json".to_string()),
                ("x-custom".to_string(), REDACTED.to_string()),
            ]
        );
    }

    #[test]
    fn urls_lose_credentials() {
        assert_eq!(
            url(
                "https://u:p@splunk.example.com:8088/services/collector/event?x=1",
                false
            ),
            "https://splunk.example.com:8088/services/collector/event?[REDACTED]"
        );
        assert_eq!(
            url("https://hooks.slack.com/services/T000/B000/XXXXXXXX", true),
            "https://hooks.slack.com/[REDACTED]"
        );
        assert_eq!(
            url(
                "https://prod.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s3cr3t",
                true
            ),
            "https://prod.westus.logic.azure.com/[REDACTED]?[REDACTED]"
        );
        assert_eq!(
            url("https://example.com/hook/a1b2c3d4e5f6a7b8c9d0e1f2", false),
            "https://example.com/hook/[REDACTED]"
        );
        assert_eq!(url("http://127.0.0.1:9", false), "http://127.0.0.1:9");
        assert_eq!(url_sha256("x").len(), 16);
    }

    #[test]
    fn passwords_with_delimiters_never_survive() {
        for raw in [
            "https://user:Sup3rLong/Passw0rd@host/hook?x=1",
            "http://user:Sup3rLong?Passw0rd@host/hook",
            "http://user:Sup3rLong#Passw0rd@host/hook",
            "https://user:1234/Passw0rd@host/hook",
            "https://user:Sup3r%2FLong@host/hook",
        ] {
            let masked = url(raw, false);
            assert!(
                !masked.contains("Sup3r") && !masked.contains("Passw0rd"),
                "{raw} → {masked}"
            );
            let parts = secret_parts(raw, false);
            let mut r = super::super::secret::Redactor::default();
            for p in &parts {
                r.add(&super::super::secret::Secret::new(p.clone()));
            }
            let scrubbed = r.scrub(&format!("error sending to {raw}"));
            assert!(
                !scrubbed.contains("Sup3r") && !scrubbed.contains("Passw0rd"),
                "{raw} → {scrubbed}"
            );
        }
    }

    #[test]
    fn every_credential_segment_of_a_webhook_path_is_a_secret_part() {
        let scrubbed = |raw: &str, path_is_secret: bool, text: &str| {
            let mut r = super::super::secret::Redactor::default();
            for p in secret_parts(raw, path_is_secret) {
                r.add(&super::super::secret::Secret::new(p));
            }
            r.scrub(text)
        };
        // Slack: the receiver quotes the last segment only.
        let slack = "https://hooks.slack.com/services/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";
        assert_eq!(
            scrubbed(
                slack,
                true,
                "no_service: token q1W2e3R4t5Y6u7I8o9P0aSdF team T0AB12CD3 services"
            ),
            "no_service: token [REDACTED] team [REDACTED] services"
        );
        // Percent-encoded in the URL, quoted decoded (and the reverse).
        let enc = "https://hooks.slack.com/services/T0AB/B0CD/tok%2Bwith%2Fslash99";
        assert_eq!(scrubbed(enc, true, "bad tok+with/slash99"), "bad [REDACTED]");
        let plain = "https://hooks.slack.com/services/T0AB/B0CD/tok+en99";
        assert_eq!(scrubbed(plain, true, "bad tok%2Ben99"), "bad [REDACTED]");
        // Teams workflows: the workflow id; legacy Teams (an `@` in the path).
        let teams = "https://prod.westus.logic.azure.com/workflows/9f8e7d6c5b4a39281706f5e4d3c2b1a0/triggers/manual/paths/invoke?sig=s1g";
        assert_eq!(
            scrubbed(
                teams,
                true,
                "workflow 9f8e7d6c5b4a39281706f5e4d3c2b1a0 not found (manual)"
            ),
            "workflow [REDACTED] not found (manual)"
        );
        let legacy = "https://acme.webhook.office.com/webhookb2/1111aaaa-22bb@3333cccc-44dd/IncomingWebhook/5555eeee66ff/7777gggg-88hh";
        assert_eq!(
            scrubbed(legacy, true, "gone: 5555eeee66ff and 3333cccc-44dd"),
            "gone: [REDACTED] and [REDACTED]"
        );
        // Discord-style tokens in an ordinary webhook URL.
        let discord = "https://discord.com/api/webhooks/123456789012345678/AbC-dEf_GhIjK1lMnOpQrStUvWxYz0123";
        assert_eq!(
            scrubbed(discord, false, "401: AbC-dEf_GhIjK1lMnOpQrStUvWxYz0123 webhooks"),
            "401: [REDACTED] webhooks"
        );
    }

    #[test]
    fn loopback_by_the_parser() {
        assert!(is_loopback("http://127.0.0.1:8080/x"));
        assert!(is_loopback("http://localhost/x"));
        assert!(is_loopback("http://[::1]:9/x"));
        assert!(!is_loopback("http://127.0.0.1.example.com/x"));
        assert!(!is_loopback("http://user@example.com/x?127.0.0.1"));
        assert_eq!(
            origin("https://jamf.example.com:8443/api/x?y"),
            "https://jamf.example.com:8443"
        );
    }
}
