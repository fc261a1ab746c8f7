//! What of a request may be written down: headers only from an allow-list,
//! URLs without user-info, query strings or path tokens, plus a short
//! `url_sha256` fingerprint so auditors can correlate without the secret.

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

/// A URL as it may be written down. `path_is_secret` masks the whole path
/// (Slack and Teams webhooks, whose path or `sig=` is the credential);
/// otherwise path segments that look like tokens are masked.
pub fn url(url: &str, path_is_secret: bool) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return REDACTED.to_string();
    };
    let (before_query, query) = match rest.split_once(['?', '#']) {
        Some((a, _)) => (a, true),
        None => (rest, false),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => (&before_query[..i], &before_query[i..]),
        None => (before_query, ""),
    };
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let path = if path_is_secret && path.len() > 1 {
        format!("/{REDACTED}")
    } else {
        path.split('/')
            .map(|seg| if looks_like_token(seg) { REDACTED } else { seg })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut out = format!("{scheme}://{host}{path}");
    if query {
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
        assert_eq!(url_sha256("x").len(), 16);
    }
}
