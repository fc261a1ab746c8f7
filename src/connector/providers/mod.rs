//! One module per provider, each behind the one [`ProviderApi`] interface:
//! typed options (serde, from the connector's options), the request(s) on
//! the provider's real wire format (each module's documentation names it), the lookup that finds a
//! record an earlier attempt created (Jira label, ServiceNow
//! `correlation_id`), the OAuth token endpoint, per-attempt preparation
//! (webhook re-signing), the success rule, and what answer means "gone".
//!
//! Policy: everything provider-specific lives here, so the sender
//! ([`super::send`]) and the delivery engine (`ops::deliver`) are generic:
//! they ask [`api`] for the provider's implementation and never match on
//! the provider themselves. The shared pieces (the event, the verdict, body
//! helpers, text escaping) live in this file.

pub mod datadog;
pub mod endpoint;
pub mod jira;
pub mod sentinel;
pub mod servicenow;
pub mod slack;
pub mod splunk;
pub mod teams;
pub mod text;
pub mod webhook;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::config::{Connector, Provider};
use super::{ConnectorError, Request};

/// What a provider does beyond the generic engine. Defaults: one event per
/// request, no lookup, no OAuth, nothing to do before an attempt, 410 Gone.
pub trait ProviderApi: Sync {
    /// How many events one request may carry, and how many body bytes.
    fn batch_limits(&self) -> (usize, usize) {
        (1, usize::MAX)
    }
    /// The limits for a bulk source (AISPM forwarding, a stream of many
    /// events): the provider's batch form where it has one even when single
    /// events go one per request (webhook batches).
    fn bulk_limits(&self) -> (usize, usize) {
        self.batch_limits()
    }
    /// Whether a request's body carries each of its events' content whole
    /// (so it is at least as long as their [`Content::known_len`]s together):
    /// batching then skips building a body that must be over the limit.
    fn carries_contents(&self) -> bool {
        false
    }
    /// Whether the URL itself is the credential (masked whole in records).
    fn url_is_secret(&self) -> bool {
        false
    }
    /// The request carrying `events` (one unless the provider batches);
    /// `key` is the delivery's idempotency key.
    fn build(&self, conn: &Connector, events: &[Event], key: &str) -> Result<Request, ConnectorError>;
    /// A request that finds the record an earlier attempt (or run) of this
    /// delivery created; sent before every create attempt.
    fn lookup(&self, _conn: &Connector, _events: &[Event], _key: &str) -> Result<Option<Lookup>, ConnectorError> {
        Ok(None)
    }
    /// Where to fetch an OAuth client-credentials token, when the provider
    /// offers that (the engine asks only when the connector has
    /// `client_secret_env` and no token).
    fn token_endpoint(&self, _conn: &Connector) -> Result<Option<TokenEndpoint>, ConnectorError> {
        Ok(None)
    }
    /// Prepares `req` just before an attempt goes out (webhooks re-sign).
    fn before_attempt(&self, _conn: &Connector, _req: &mut Request, _key: &str) {}
    /// The success rule for one answer.
    fn judge(&self, status: u16, body: &str) -> Verdict;
    /// Whether the answer means the destination is gone for good (the
    /// integration is then disabled and nothing is retried).
    fn gone(&self, status: u16) -> bool {
        status == 410
    }
}

/// The implementation of `provider`.
pub fn api(provider: Provider) -> &'static dyn ProviderApi {
    match provider {
        Provider::Splunk => &splunk::Splunk,
        Provider::Sentinel => &sentinel::Sentinel,
        Provider::Datadog => &datadog::Datadog,
        Provider::Slack => &slack::Slack,
        Provider::Teams => &teams::Teams,
        Provider::Jira => &jira::Jira,
        Provider::Servicenow => &servicenow::ServiceNow,
        Provider::Webhook => &webhook::Webhook,
        Provider::Jamf | Provider::Intune | Provider::Linux => &endpoint::Endpoint,
    }
}

/// A look-up before create: the request, and how to read the reference of
/// the record it found (None: nothing found, create).
pub struct Lookup {
    pub request: Request,
    pub found: fn(&str) -> Option<String>,
}

/// An OAuth 2.0 client-credentials token endpoint.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    pub url: String,
    pub client_id: String,
    pub scope: Option<&'static str>,
}

/// The connector's provider options as `T` (each provider's typed options).
pub fn options<T: DeserializeOwned>(conn: &Connector) -> Result<T, ConnectorError> {
    serde_json::from_value(Value::Object(conn.options.clone())).map_err(|e| ConnectorError::Option {
        connector: conn.name.clone(),
        message: format!(
            "provider {} options: {}",
            conn.provider.as_str(),
            crate::error::strip_position(&e.to_string())
        ),
    })
}

/// The options every OAuth-capable provider reads.
#[derive(Debug, Default, serde::Deserialize)]
pub struct OAuthOptions {
    pub client_id: Option<String>,
    pub tenant_id: Option<String>,
    pub token_url: Option<String>,
}

impl OAuthOptions {
    /// The Microsoft identity platform endpoint for `scope` (Sentinel, Intune).
    pub fn microsoft(conn: &Connector, scope: &'static str) -> Result<Option<TokenEndpoint>, ConnectorError> {
        let o: OAuthOptions = options(conn)?;
        let tenant = o.tenant_id.unwrap_or_default();
        Ok(Some(TokenEndpoint {
            url: o
                .token_url
                .unwrap_or_else(|| format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")),
            client_id: o.client_id.ok_or_else(|| ConnectorError::Option {
                connector: conn.name.clone(),
                message: "OAuth client credentials need `client_id`".into(),
            })?,
            scope: Some(scope),
        }))
    }
}

/// One evidence event, with the identity fields cavra derives from it.
#[derive(Debug, Clone)]
pub struct Event {
    /// The natural id (see `ops::deliver::events`): names the delivery.
    pub id: String,
    /// A digest of the event's content: with the connector, it makes the
    /// idempotency key, so two events sharing a natural id (one session's)
    /// never share a key, and the same event re-sent always does.
    pub digest: String,
    pub event_type: String,
    pub session_id: Option<String>,
    /// The event's own time when it has one (RFC 3339), else the clock's.
    pub time: String,
    pub unix_time: f64,
    pub value: Content,
    /// The source's own kind for receivers that index by it (the Splunk
    /// `sourcetype`); `None` leaves it to the connector's options.
    pub sourcetype: Option<&'static str>,
}

impl Event {
    /// An event for checking that a connector can build its request.
    pub fn sample() -> Event {
        Event {
            id: "evt_check".into(),
            digest: "0000000000000000".into(),
            event_type: "cavra.check".into(),
            session_id: None,
            time: "2026-01-01T00:00:00Z".into(),
            unix_time: 1_767_225_600.0,
            value: serde_json::json!({"event_id": "evt_check", "event_type": "cavra.check"}).into(),
            sourcetype: None,
        }
    }
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

/// An event's content: a `Value`, or a ledger record's canonical JSON text
/// (what serialising its `Value` writes), which a bulk body copies as it
/// stands ([`Content::write_json`]) and which is parsed only when a
/// provider looks into it (through `Deref`).
#[derive(Debug, Clone)]
pub enum Content {
    Value(Value),
    Record(crate::store::ledger::Record),
}

impl Content {
    /// Appends the compact JSON of the content: the record's text as it
    /// stands, or the `Value` serialised (the same bytes for the same content).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Content::Value(v) => serde_json::to_writer(out, v).expect("values serialize"),
            Content::Record(r) => out.extend_from_slice(r.text().as_bytes()),
        }
    }

    /// The length of the compact JSON when known without writing it (a
    /// record's text); 0 otherwise. A body that carries the content whole is
    /// at least this long.
    pub fn known_len(&self) -> usize {
        match self {
            Content::Value(_) => 0,
            Content::Record(r) => r.text().len(),
        }
    }
}

impl From<Value> for Content {
    fn from(v: Value) -> Content {
        Content::Value(v)
    }
}

impl std::ops::Deref for Content {
    type Target = Value;
    fn deref(&self) -> &Value {
        match self {
            Content::Value(v) => v,
            Content::Record(r) => r.value(),
        }
    }
}

impl serde::Serialize for Content {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// Writes a JSON object member by member into a body, in the order given:
/// callers give keys sorted, as a `Value`'s map serialises them, so the
/// bytes are those of the `Value` the provider would otherwise build.
pub struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> ObjectWriter<'a> {
        out.push(b'{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, key).expect("strings serialize");
        self.out.push(b':');
        self.out
    }

    /// A member whose value serialises (as `json!` would make it a `Value`).
    pub fn member(&mut self, key: &str, value: &impl serde::Serialize) -> &mut Self {
        let out = self.key(key);
        serde_json::to_writer(out, value).expect("values serialize");
        self
    }

    /// A member holding an event's content.
    pub fn content(&mut self, key: &str, content: &Content) -> &mut Self {
        let out = self.key(key);
        content.write_json(out);
        self
    }

    /// A member whose value the caller writes (one JSON value).
    pub fn with(&mut self, key: &str, write: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        write(self.key(key));
        self
    }

    pub fn end(&mut self) {
        self.out.push(b'}');
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
    /// The record was found by the look-up before create.
    pub found_existing: bool,
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

/// Adds the generic headers to a built request: an `Idempotency-Key`
/// (unless the provider set one) and the connector's literal headers.
pub fn finish(conn: &Connector, mut req: Request, key: &str) -> Request {
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
    req
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

/// A required option: its value, or an error naming it.
pub fn need<T>(conn: &Connector, key: &str, value: Option<T>) -> Result<T, ConnectorError> {
    value.ok_or_else(|| ConnectorError::Option {
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

/// JSON headers and `body` as it is.
pub fn json_bytes_request(url: String, headers: Vec<(String, String)>, body: Vec<u8>) -> Request {
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
/// `entry` writes one event's entry (one JSON value) into the body.
pub fn json_array_request(
    conn: &Connector,
    url: String,
    headers: Vec<(String, String)>,
    events: &[Event],
    limit: usize,
    entry: impl Fn(&Event, &mut Vec<u8>),
) -> Result<Request, ConnectorError> {
    let mut body = Vec::with_capacity(2 + events.iter().map(|e| e.value.known_len() + 256).sum::<usize>());
    body.push(b'[');
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        let start = body.len();
        entry(e, &mut body);
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
            digest: "0123456789abcdef".into(),
            event_type: "policy.decision".into(),
            session_id: Some("s1".into()),
            time: "2026-03-01T12:00:00Z".into(),
            unix_time: 1_772_366_400.0,
            value: serde_json::json!({"event_id": "evt_1", "severity": "high", "summary": "blocked"}).into(),
            sourcetype: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{connector, event};
    use super::*;
    use crate::connector::secret::Secret;
    use serde_json::{Map, json};

    /// Events whose content is a `Value`, and the same as record text.
    fn events() -> (Vec<Event>, Vec<Event>) {
        let mut out = Vec::new();
        for (i, value) in [
            json!({"event_id": "evt_1", "severity": "high", "summary": "blocked", "n": 1.5}),
            json!({"z": [1, -2, null, true], "a": {"q": "quo\"te\n\u{e9}\u{1f}"}, "message": "m"}),
            json!({}),
        ]
        .into_iter()
        .enumerate()
        {
            let mut e = event();
            e.id = format!("evt \"{i}\"\u{e9}");
            e.session_id = (i != 1).then(|| format!("s{i}"));
            e.event_type = format!("type/{i}");
            e.sourcetype = (i == 2).then_some("cavra:aispm");
            e.unix_time = 1_772_366_400.0 + i as f64;
            e.value = value.into();
            out.push(e);
        }
        let as_text = out
            .iter()
            .cloned()
            .map(|mut e| {
                let text = serde_json::to_string(&*e.value).unwrap();
                e.value = Content::Record(crate::store::ledger::Record::from_canonical(&text));
                e
            })
            .collect();
        (out, as_text)
    }

    /// Each bulk provider's body as it was built through a `Value`.
    fn value_body(provider: Provider, events: &[Event]) -> Vec<u8> {
        let v = |e: &Event| (*e.value).clone();
        match provider {
            Provider::Splunk => {
                let mut body = Vec::new();
                for e in events {
                    let mut obj = Map::new();
                    obj.insert("time".into(), json!(e.unix_time));
                    obj.insert("host".into(), json!("h\"ost"));
                    obj.insert("source".into(), json!("cavra"));
                    obj.insert("sourcetype".into(), json!(e.sourcetype.unwrap_or("cavra:evidence")));
                    obj.insert("index".into(), json!("sec"));
                    obj.insert("event".into(), v(e));
                    obj.insert("fields".into(), json!({"event_type": e.event_type, "event_id": e.id}));
                    serde_json::to_writer(&mut body, &Value::Object(obj)).unwrap();
                }
                body
            }
            Provider::Webhook => {
                let single = |e: &Event| json!({"type": e.event_type, "timestamp": e.time, "data": v(e)});
                serde_json::to_vec(&match events {
                    [e] => single(e),
                    many => json!({
                        "type": webhook::BATCH_TYPE,
                        "timestamp": many.last().map(|e| e.time.as_str()),
                        "data": {"count": many.len(), "events": many.iter().map(single).collect::<Vec<_>>()},
                    }),
                })
                .unwrap()
            }
            Provider::Sentinel => serde_json::to_vec(&Value::Array(
                events
                    .iter()
                    .map(|e| {
                        json!({
                            "TimeGenerated": e.time,
                            "EventId": e.id,
                            "EventType": e.event_type,
                            "SessionId": e.session_id,
                            "Severity": e.severity(),
                            "Product": "cavra",
                            "Event": v(e),
                        })
                    })
                    .collect(),
            ))
            .unwrap(),
            Provider::Datadog => serde_json::to_vec(&Value::Array(
                events
                    .iter()
                    .map(|e| {
                        json!({
                            "ddsource": "cavra",
                            "ddtags": "source:cavra,team:sec",
                            "hostname": "cavra",
                            "service": "cavra",
                            "message": e.summary(),
                            "status": match e.severity() { Some("high") => "error", _ => "info" },
                            "event_id": e.id,
                            "event_type": e.event_type,
                            "cavra": v(e),
                        })
                    })
                    .collect(),
            ))
            .unwrap(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn bulk_bodies_are_the_bytes_the_value_form_gave_whatever_the_content() {
        let (values, texts) = events();
        for (provider, raw) in [
            ("splunk", json!({"host": "h\"ost", "index": "sec"})),
            ("webhook", json!({})),
            (
                "sentinel",
                json!({"dcr_immutable_id": "d", "stream_name": "s", "url": "https://x.example"}),
            ),
            ("datadog", json!({"tags": ["team:sec"]})),
        ] {
            let mut raw = raw.as_object().unwrap().clone();
            raw.insert("provider".into(), json!(provider));
            raw.entry("url").or_insert(json!("https://h.example"));
            let mut c = connector(Value::Object(raw));
            for k in ["token", "api_key"] {
                c.secrets.insert(k.into(), Secret::new("t0k"));
            }
            let api = api(c.provider);
            assert!(api.carries_contents(), "{provider}");
            for n in [1, 3] {
                let want = value_body(c.provider, &values[..n]);
                for events in [&values, &texts] {
                    let got = api.build(&c, &events[..n], "msg_k").unwrap().body;
                    assert_eq!(
                        String::from_utf8(got).unwrap(),
                        String::from_utf8(want.clone()).unwrap(),
                        "{provider}"
                    );
                }
            }
            let body = api.build(&c, &texts, "msg_k").unwrap().body.len();
            assert!(body >= texts.iter().map(|e| e.value.known_len()).sum::<usize>());
        }
    }
}
