//! Slack incoming webhook: `POST {webhook_url}` (the URL is the secret),
//! `{"text": fallback, "blocks": [header, section with fields]}`. Delivered
//! on HTTP 200 with body `ok`; 429 carries `Retry-After`; 404 `no_service`
//! and 410 `channel_is_archived` mean the webhook is gone.

use serde_json::{Value, json};

use super::{Event, Verdict, json_request, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub fn build(conn: &Connector, e: &Event) -> Result<Request, ConnectorError> {
    let mut fields = vec![field("Event type", &e.event_type), field("Event id", &e.id)];
    if let Some(s) = e.severity() {
        fields.push(field("Severity", s));
    }
    if let Some(s) = &e.session_id {
        fields.push(field("Session", s));
    }
    let header: String = e.summary().chars().take(150).collect();
    let body = json!({
        "text": e.summary(),
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": header}},
            {"type": "section", "fields": fields},
        ],
    });
    Ok(json_request(url(conn)?, Vec::new(), &body))
}

fn field(label: &str, value: &str) -> Value {
    let v: String = value.chars().take(1900).collect();
    json!({"type": "mrkdwn", "text": format!("*{label}*\n{v}")})
}

pub fn judge(status: u16, body: &str) -> Verdict {
    match status {
        200 if body.trim() == "ok" => Verdict::ok(),
        200 => Verdict {
            final_failure: true,
            ..Verdict::failed(format!("HTTP 200 without `ok`: {}", body.trim()))
        },
        _ => Verdict::failed(format!("HTTP {status} {}", body.trim())),
    }
}
