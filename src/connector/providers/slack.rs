//! Slack incoming webhook: `POST {webhook_url}` (the URL is the secret),
//! `{"text": fallback, "blocks": [header, section with fields]}`. Delivered
//! on HTTP 200 with body `ok`; 429 carries `Retry-After`; 404 `no_service`
//! and 410 `channel_is_archived` mean the webhook is gone.
//!
//! Event text is data: `&`, `<`, `>` are escaped in `text` and in the
//! mrkdwn fields (an event must not ping `<!channel>` or forge a link), and
//! in the `plain_text` header too (Slack decodes exactly those three
//! entities everywhere). Lengths are cut at Slack's limits (header 150,
//! field 2000, text 40000) after escaping, never inside an entity.

use serde_json::{Value, json};

use super::text::{self, cut};
use super::{Event, ProviderApi, Verdict, json_request, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub struct Slack;

const HEADER_LIMIT: usize = 150;
const FIELD_LIMIT: usize = 2000;
const TEXT_LIMIT: usize = 40_000;

impl ProviderApi for Slack {
    fn url_is_secret(&self) -> bool {
        true
    }
    fn build(&self, conn: &Connector, events: &[Event], _key: &str) -> Result<Request, ConnectorError> {
        build(conn, &events[0])
    }
    fn judge(&self, status: u16, body: &str) -> Verdict {
        judge(status, body)
    }
    fn gone(&self, status: u16) -> bool {
        matches!(status, 404 | 410)
    }
}

fn build(conn: &Connector, e: &Event) -> Result<Request, ConnectorError> {
    let mut fields = vec![field("Event type", &e.event_type), field("Event id", &e.id)];
    if let Some(s) = e.severity() {
        fields.push(field("Severity", s));
    }
    if let Some(s) = &e.session_id {
        fields.push(field("Session", s));
    }
    let summary = text::slack(&e.summary());
    let body = json!({
        "text": cut(&summary, TEXT_LIMIT),
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": cut(&summary, HEADER_LIMIT)}},
            {"type": "section", "fields": fields},
        ],
    });
    Ok(json_request(url(conn)?, Vec::new(), &body))
}

fn field(label: &str, value: &str) -> Value {
    json!({"type": "mrkdwn", "text": cut(&format!("*{label}*\n{}", text::slack(value)), FIELD_LIMIT)})
}

fn judge(status: u16, body: &str) -> Verdict {
    match status {
        200 if body.trim() == "ok" => Verdict::ok(),
        200 => Verdict {
            final_failure: true,
            ..Verdict::failed(format!("HTTP 200 without `ok`: {}", body.trim()))
        },
        _ => Verdict::failed(format!("HTTP {status} {}", body.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::providers::testing::{connector, event};

    #[test]
    fn event_text_cannot_ping_or_link() {
        let c = connector(json!({"provider": "slack", "url": "https://hooks.slack.com/services/T/B/x"}));
        let mut e = event();
        e.value = json!({"summary": "<!channel> & <https://evil.example|click here>"}).into();
        e.id = "<@U123>".into();
        let v: Value = serde_json::from_slice(&build(&c, &e).unwrap().body).unwrap();
        let all = v.to_string();
        assert!(
            !all.contains("<!channel>") && !all.contains("<https://") && !all.contains("<@U123>"),
            "{all}"
        );
        assert!(
            v["text"]
                .as_str()
                .unwrap()
                .contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;")
        );
    }
}
