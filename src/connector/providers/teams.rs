//! Microsoft Teams through a Workflows webhook: `POST {workflow_url}` (the
//! URL with `sig=` is the secret), a `message` with one Adaptive Card 1.4
//! attachment. Delivered on HTTP 202 (some flows answer 200). The retired
//! Office 365 connector MessageCard is never sent.
//!
//! Adaptive Card TextBlock and FactSet text is markdown: event text is
//! backslash-escaped so it shows as written, and the title is cut at
//! [`TITLE_LIMIT`] characters after escaping.

use serde_json::{Value, json};

use super::text::{cut, markdown};
use super::{Event, ProviderApi, Verdict, expect, json_request, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub struct Teams;

/// The longest title cavra sends (a card title is one line in the channel).
pub const TITLE_LIMIT: usize = 256;
/// The longest fact value (Teams cards are limited to about 28 KB in all).
const FACT_LIMIT: usize = 2000;

impl ProviderApi for Teams {
    fn url_is_secret(&self) -> bool {
        true
    }
    fn build(&self, conn: &Connector, events: &[Event], _key: &str) -> Result<Request, ConnectorError> {
        build(conn, &events[0])
    }
    fn judge(&self, status: u16, _body: &str) -> Verdict {
        expect(status, &[200, 202])
    }
}

fn fact(title: &str, value: &str) -> Value {
    json!({"title": title, "value": cut(&markdown(value), FACT_LIMIT)})
}

fn build(conn: &Connector, e: &Event) -> Result<Request, ConnectorError> {
    let mut facts = vec![fact("Event type", &e.event_type), fact("Event id", &e.id)];
    if let Some(s) = e.severity() {
        facts.push(fact("Severity", s));
    }
    if let Some(s) = &e.session_id {
        facts.push(fact("Session", s));
    }
    let title = cut(&markdown(&e.summary()), TITLE_LIMIT);
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
                    {"type": "TextBlock", "size": "Medium", "weight": "Bolder", "text": title, "wrap": true},
                    {"type": "FactSet", "facts": facts},
                ],
            },
        }],
    });
    Ok(json_request(url(conn)?, Vec::new(), &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::providers::testing::{connector, event};

    #[test]
    fn event_text_is_not_markdown() {
        let c = connector(json!({"provider": "teams", "url": "https://x.logic.azure.com/w?sig=s"}));
        let mut e = event();
        e.value = json!({"summary": format!("[click](https://evil.example) **now** {}", "x".repeat(400))}).into();
        let v: Value = serde_json::from_slice(&build(&c, &e).unwrap().body).unwrap();
        let title = v["attachments"][0]["content"]["body"][0]["text"].as_str().unwrap();
        assert!(
            title.contains("\\[click\\]\\(https://evil\\.example\\) \\*\\*now\\*\\*"),
            "{title}"
        );
        assert_eq!(title.chars().count(), TITLE_LIMIT);
    }
}
