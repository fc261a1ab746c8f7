//! Datadog Logs v2: `POST https://http-intake.logs.{site}/api/v2/logs`
//! (`url` overrides), a JSON array of `{ddsource, ddtags, hostname, service,
//! message, status, …attributes}`, `DD-API-KEY`. Delivered on HTTP 202.
//! Limits: 1000 entries and 5 MB per request, 1 MB per log.

use serde_json::Value;

use super::{Event, ObjectWriter, ProviderApi, Verdict, expect, json_array_request, options};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub struct Datadog;

#[derive(Debug, serde::Deserialize)]
struct Options {
    site: Option<String>,
    hostname: Option<String>,
    service: Option<String>,
    tags: Option<Value>,
}

impl ProviderApi for Datadog {
    fn batch_limits(&self) -> (usize, usize) {
        // Logs v2: 1000 entries, 5 MB per request.
        (1000, 4_500_000)
    }
    fn carries_contents(&self) -> bool {
        true
    }
    fn build(&self, conn: &Connector, events: &[Event], _key: &str) -> Result<Request, ConnectorError> {
        build(conn, events)
    }
    fn judge(&self, status: u16, _body: &str) -> Verdict {
        expect(status, &[202])
    }
}

/// Datadog's limit for one log (1 MB); a larger one is refused, not truncated.
pub const MAX_LOG_BYTES: usize = 1_000_000;

pub const SITES: &[&str] = &[
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "datadoghq.eu",
    "ap1.datadoghq.com",
    "ddog-gov.com",
];

fn build(conn: &Connector, events: &[Event]) -> Result<Request, ConnectorError> {
    let o: Options = options(conn)?;
    let key = conn.secret("api_key").ok_or_else(|| ConnectorError::Option {
        connector: conn.name.clone(),
        message: "provider datadog needs `api_key_env`".into(),
    })?;
    let url = match &conn.url {
        Some(u) => u.expose().to_string(),
        None => {
            let site = o.site.as_deref().unwrap_or("datadoghq.com");
            if !SITES.contains(&site) {
                return Err(ConnectorError::Option {
                    connector: conn.name.clone(),
                    message: format!("unknown Datadog site {site:?} (known: {})", SITES.join(", ")),
                });
            }
            format!("https://http-intake.logs.{site}/api/v2/logs")
        }
    };
    let tags = tags(o.tags.as_ref());
    let hostname = o.hostname.as_deref().unwrap_or("cavra");
    let service = o.service.as_deref().unwrap_or("cavra");
    // Keys in order: the bytes of the same entry as a `Value`.
    let entry = |e: &Event, out: &mut Vec<u8>| {
        ObjectWriter::new(out)
            .content("cavra", &e.value)
            .member("ddsource", &"cavra")
            .member("ddtags", &tags)
            .member("event_id", &e.id)
            .member("event_type", &e.event_type)
            .member("hostname", &hostname)
            .member("message", &e.summary())
            .member("service", &service)
            .member("status", &status(e.severity()))
            .end();
    };
    let headers = vec![("DD-API-KEY".into(), key.expose().to_string())];
    json_array_request(conn, url, headers, events, MAX_LOG_BYTES, entry)
}

/// `tags` as `k:v,k:v` (an object or a list of strings in the configuration).
fn tags(tags: Option<&Value>) -> String {
    let mut out: Vec<String> = match tags {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| format!("{k}:{}", v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    out.insert(0, "source:cavra".into());
    out.join(",")
}

fn status(severity: Option<&str>) -> &'static str {
    match severity {
        Some("critical") => "critical",
        Some("high") => "error",
        Some("medium") => "warn",
        _ => "info",
    }
}
