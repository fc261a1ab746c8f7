//! Datadog Logs v2: `POST https://http-intake.logs.{site}/api/v2/logs`
//! (`url` overrides), a JSON array of `{ddsource, ddtags, hostname, service,
//! message, status, …attributes}`, `DD-API-KEY`. Delivered on HTTP 202.
//! Limits: 1000 entries and 5 MB per request, 1 MB per log.

use serde_json::{Value, json};

use super::{Event, json_array_request};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

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

pub fn build(conn: &Connector, events: &[Event]) -> Result<Request, ConnectorError> {
    let key = conn.secret("api_key").ok_or_else(|| ConnectorError::Option {
        connector: conn.name.clone(),
        message: "provider datadog needs `api_key_env`".into(),
    })?;
    let url = match &conn.url {
        Some(u) => u.expose().to_string(),
        None => {
            let site = conn.option_str("site").unwrap_or("datadoghq.com");
            if !SITES.contains(&site) {
                return Err(ConnectorError::Option {
                    connector: conn.name.clone(),
                    message: format!("unknown Datadog site {site:?} (known: {})", SITES.join(", ")),
                });
            }
            format!("https://http-intake.logs.{site}/api/v2/logs")
        }
    };
    let tags = tags(conn);
    let entry = |e: &Event| {
        json!({
            "ddsource": "cavra",
            "ddtags": tags,
            "hostname": conn.option_str("hostname").unwrap_or("cavra"),
            "service": conn.option_str("service").unwrap_or("cavra"),
            "message": e.summary(),
            "status": status(e.severity()),
            "event_id": e.id,
            "event_type": e.event_type,
            "cavra": e.value,
        })
    };
    let headers = vec![("DD-API-KEY".into(), key.expose().to_string())];
    json_array_request(conn, url, headers, events, MAX_LOG_BYTES, entry)
}

/// `tags` as `k:v,k:v` (an object or a list of strings in the configuration).
fn tags(conn: &Connector) -> String {
    let mut out: Vec<String> = match conn.options.get("tags") {
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
