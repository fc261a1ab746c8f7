//! Microsoft Teams through a Workflows webhook: `POST {workflow_url}` (the
//! URL with `sig=` is the secret), a `message` with one Adaptive Card 1.4
//! attachment. Delivered on HTTP 202 (some flows answer 200). The retired
//! Office 365 connector MessageCard is never sent.

use serde_json::{Value, json};

use super::{Event, json_request, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub fn build(conn: &Connector, e: &Event) -> Result<Request, ConnectorError> {
    let mut facts = vec![
        json!({"title": "Event type", "value": e.event_type}),
        json!({"title": "Event id", "value": e.id}),
    ];
    if let Some(s) = e.severity() {
        facts.push(json!({"title": "Severity", "value": s}));
    }
    if let Some(s) = &e.session_id {
        facts.push(json!({"title": "Session", "value": s}));
    }
    let body = json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": Value::Null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [
                    {"type": "TextBlock", "size": "Medium", "weight": "Bolder", "text": e.summary(), "wrap": true},
                    {"type": "FactSet", "facts": facts},
                ],
            },
        }],
    });
    Ok(json_request(url(conn)?, Vec::new(), &body))
}
