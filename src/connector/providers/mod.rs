//! One module per provider: a request builder and a success rule, each on
//! the provider's real wire format (PROVIDERS.md). The shared pieces (the
//! event, the verdict, batching limits) live here.

pub mod datadog;
pub mod endpoint;
pub mod jira;
pub mod sentinel;
pub mod servicenow;
pub mod slack;
pub mod splunk;
pub mod teams;
pub mod webhook;

use serde_json::Value;

use super::config::{Connector, Provider};
use super::{ConnectorError, Request};

/// One evidence event, with the identity fields cavra derives from it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub event_type: String,
    pub session_id: Option<String>,
    /// The event's own time when it has one (RFC 3339), else the clock's.
    pub time: String,
    pub unix_time: f64,
    pub value: Value,
}

impl Event {
    /// A severity word, when the event carries one.
    pub fn severity(&self) -> Option<&str> {
        self.value.get("severity").and_then(Value::as_str)
    }
    /// A one-line human summary.
    pub fn summary(&self) -> String {
        let title = ["summary", "title", "message"]
            .iter()
            .find_map(|k| self.value.get(*k).and_then(Value::as_str));
        match title {
            Some(t) => format!("{}: {t}", self.event_type),
            None => format!("{} {}", self.event_type, self.id),
        }
    }
}

/// What the provider's success rule says about one answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    pub success: bool,
    /// Not worth retrying whatever the status (e.g. HEC 200 with an error code).
    pub final_failure: bool,
    /// Why it failed, in the provider's words (secrets scrubbed later).
    pub error: Option<String>,
    /// What the destination created (Jira `key`, ServiceNow `number`).
    pub reference: Option<String>,
}

impl Verdict {
    pub fn ok() -> Verdict {
        Verdict {
            success: true,
            ..Verdict::default()
        }
    }
    pub fn failed(error: impl Into<String>) -> Verdict {
        Verdict {
            error: Some(error.into()),
            ..Verdict::default()
        }
    }
}

/// How many events one request may carry, and how many body bytes.
pub fn batch_limits(provider: Provider) -> (usize, usize) {
    match provider {
        // HEC: events concatenated; stay well under max_content_length.
        Provider::Splunk => (1000, 900_000),
        // Logs v2: 1000 entries, 5 MB per request.
        Provider::Datadog => (1000, 4_500_000),
        // Logs Ingestion API: 1 MB per call.
        Provider::Sentinel => (1000, 900_000),
        _ => (1, usize::MAX),
    }
}

/// Builds the request carrying `events` (one unless the provider batches).
pub fn build(conn: &Connector, events: &[Event], key: &str) -> Result<Request, ConnectorError> {
    let mut req = match conn.provider {
        Provider::Splunk => splunk::build(conn, events)?,
        Provider::Sentinel => sentinel::build(conn, events)?,
        Provider::Datadog => datadog::build(conn, events)?,
        Provider::Slack => slack::build(conn, &events[0])?,
        Provider::Teams => teams::build(conn, &events[0])?,
        Provider::Jira => jira::build(conn, &events[0], key)?,
        Provider::Servicenow => servicenow::build(conn, &events[0])?,
        Provider::Webhook => webhook::build(conn, &events[0], key)?,
        Provider::Jamf | Provider::Intune | Provider::Linux => endpoint::build(conn, &events[0])?,
    };
    if !req
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("idempotency-key"))
    {
        req.headers.push(("Idempotency-Key".into(), key.to_string()));
    }
    for (k, v) in &conn.headers {
        req.headers.push((k.clone(), v.clone()));
    }
    Ok(req)
}

/// The provider's success rule for one answer.
pub fn judge(provider: Provider, status: u16, body: &str) -> Verdict {
    match provider {
        Provider::Splunk => splunk::judge(status, body),
        Provider::Sentinel => sentinel::judge(status, body),
        Provider::Datadog => expect(status, &[202]),
        Provider::Slack => slack::judge(status, body),
        Provider::Teams => expect(status, &[200, 202]),
        Provider::Jira => jira::judge(status, body),
        Provider::Servicenow => servicenow::judge(status, body),
        Provider::Webhook => expect(status, &[200, 201, 202, 203, 204, 205, 206]),
        Provider::Jamf | Provider::Intune | Provider::Linux => expect(status, &[200, 201, 202]),
    }
}

/// Success on one of `ok`.
pub fn expect(status: u16, ok: &[u16]) -> Verdict {
    if ok.contains(&status) {
        Verdict::ok()
    } else {
        Verdict::failed(format!("HTTP {status}"))
    }
}

/// The connector's URL (resolved; only Datadog may lack one).
pub fn url(conn: &Connector) -> Result<String, ConnectorError> {
    conn.url
        .as_ref()
        .map(|u| u.expose().to_string())
        .ok_or_else(|| ConnectorError::NoUrl {
            connector: conn.name.clone(),
        })
}

/// `base` + `path` unless `base` already ends with `path`.
pub fn join(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    if base.ends_with(path) {
        base.to_string()
    } else {
        format!("{base}{path}")
    }
}

/// A required string option.
pub fn required<'a>(conn: &'a Connector, key: &str) -> Result<&'a str, ConnectorError> {
    conn.option_str(key).ok_or_else(|| ConnectorError::Option {
        connector: conn.name.clone(),
        message: format!("provider {} needs `{key}`", conn.provider.as_str()),
    })
}

/// `Authorization`: `authorization_env` as given, else `Bearer <token>`.
/// `Authorization: Basic base64(user:secret)`.
pub fn basic(user: &str, secret: &crate::connector::secret::Secret) -> (String, String) {
    use base64::Engine;
    let pair = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", secret.expose()));
    ("Authorization".into(), format!("Basic {pair}"))
}

pub fn bearer(conn: &Connector) -> Result<(String, String), ConnectorError> {
    if let Some(a) = conn.secret("authorization") {
        return Ok(("Authorization".into(), a.expose().to_string()));
    }
    let token = conn.secret("token").ok_or_else(|| ConnectorError::Option {
        connector: conn.name.clone(),
        message: format!(
            "provider {} needs `token_env` (or OAuth client credentials: `client_id`, `client_secret_env`)",
            conn.provider.as_str()
        ),
    })?;
    Ok(("Authorization".into(), format!("Bearer {}", token.expose())))
}

/// JSON headers and a compact body.
pub fn json_request(url: String, headers: Vec<(String, String)>, body: &Value) -> Request {
    json_bytes_request(url, headers, serde_json::to_vec(body).expect("values serialize"))
}

fn json_bytes_request(url: String, headers: Vec<(String, String)>, body: Vec<u8>) -> Request {
    let mut h = vec![("Content-Type".to_string(), "application/json".to_string())];
    h.extend(headers);
    Request {
        method: "POST",
        url,
        headers: h,
        body,
    }
}

/// A POST of a JSON array with one entry per event, refusing (before
/// anything is sent) an entry over the destination's `limit` bytes, which it
/// would reject or truncate.
pub fn json_array_request(
    conn: &Connector,
    url: String,
    headers: Vec<(String, String)>,
    events: &[Event],
    limit: usize,
    entry: impl Fn(&Event) -> Value,
) -> Result<Request, ConnectorError> {
    let mut body = vec![b'['];
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        let start = body.len();
        serde_json::to_writer(&mut body, &entry(e)).expect("values serialize");
        if body.len() - start > limit {
            return Err(ConnectorError::EventTooLarge {
                connector: conn.name.clone(),
                event_id: e.id.clone(),
                bytes: body.len() - start,
                limit,
            });
        }
    }
    body.push(b']');
    Ok(json_bytes_request(url, headers, body))
}

#[cfg(test)]
pub mod testing {
    use super::*;
    use crate::connector::config::{ConnectorDef, resolve};

    /// A connector from literal JSON (no env references), for unit tests.
    pub fn connector(raw: Value) -> Connector {
        let raw = raw.as_object().unwrap().clone();
        let provider = Provider::parse(raw["provider"].as_str().unwrap()).unwrap();
        resolve(
            &ConnectorDef {
                name: provider.as_str().into(),
                provider,
                raw,
            },
            std::path::Path::new("."),
            std::path::Path::new("/nonexistent-repository"),
        )
        .unwrap()
    }

    pub fn event() -> Event {
        Event {
            id: "evt_1".into(),
            event_type: "policy.decision".into(),
            session_id: Some("s1".into()),
            time: "2026-03-01T12:00:00Z".into(),
            unix_time: 1_772_366_400.0,
            value: serde_json::json!({"event_id": "evt_1", "severity": "high", "summary": "blocked"}),
        }
    }
}
