//! Splunk HTTP Event Collector: `POST {base}/services/collector/event`, one
//! JSON object per event, several concatenated back to back (not an array),
//! `Authorization: Splunk <token>`. Delivered when HTTP 200 **and** `code` 0;
//! codes 1–4 (auth) and 5–7 (bad data) are final, 9 (busy, 503) is retried.

use serde_json::Value;

use super::{Event, ObjectWriter, ProviderApi, Verdict, join, options, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub struct Splunk;

/// The connector's HEC options.
#[derive(Debug, serde::Deserialize)]
struct Options {
    host: Option<String>,
    source: Option<String>,
    sourcetype: Option<String>,
    index: Option<String>,
}

impl ProviderApi for Splunk {
    fn batch_limits(&self) -> (usize, usize) {
        // HEC: events concatenated; stay well under max_content_length.
        (1000, 900_000)
    }
    fn carries_contents(&self) -> bool {
        true
    }
    fn build(&self, conn: &Connector, events: &[Event], _key: &str) -> Result<Request, ConnectorError> {
        build(conn, events)
    }
    fn judge(&self, status: u16, body: &str) -> Verdict {
        judge(status, body)
    }
}

fn build(conn: &Connector, events: &[Event]) -> Result<Request, ConnectorError> {
    let o: Options = options(conn)?;
    let host = o.host.as_deref().unwrap_or("cavra");
    let source = o.source.as_deref().unwrap_or("cavra");
    let sourcetype = o.sourcetype.as_deref().unwrap_or("cavra:evidence");
    let token = conn.secret("token").ok_or_else(|| ConnectorError::Option {
        connector: conn.name.clone(),
        message: "provider splunk needs `token_env`".into(),
    })?;
    let mut body = Vec::with_capacity(events.iter().map(|e| e.value.known_len() + 256).sum());
    for e in events {
        // `{time, host, source, sourcetype, index, event, fields}` with its
        // keys in order: the bytes of the same object as a `Value`.
        let mut obj = ObjectWriter::new(&mut body);
        obj.content("event", &e.value).with("fields", |out| {
            ObjectWriter::new(out)
                .member("event_id", &e.id)
                .member("event_type", &e.event_type)
                .end()
        });
        obj.member("host", &host);
        if let Some(index) = &o.index {
            obj.member("index", index);
        }
        obj.member("source", &source)
            .member("sourcetype", &e.sourcetype.unwrap_or(sourcetype))
            .member("time", &e.unix_time)
            .end();
    }
    Ok(Request {
        method: "POST",
        url: join(&url(conn)?, "/services/collector/event"),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Authorization".into(), format!("Splunk {}", token.expose())),
        ],
        body,
    })
}

fn judge(status: u16, body: &str) -> Verdict {
    let answer = serde_json::from_str::<Value>(body).unwrap_or_default();
    let code = answer["code"].as_i64();
    let text = answer["text"].as_str().unwrap_or_default();
    match (status, code) {
        (200, Some(0)) => Verdict::ok(),
        (200, Some(c)) => Verdict {
            final_failure: true,
            ..Verdict::failed(format!("HEC answered 200 with code {c}: {text}"))
        },
        (200, None) => Verdict {
            final_failure: true,
            ..Verdict::failed("HEC answered 200 without a code")
        },
        (_, Some(c)) => Verdict::failed(format!("HTTP {status}, HEC code {c}: {text}")),
        _ => Verdict::failed(format!("HTTP {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::providers::testing::{connector, event};
    use serde_json::json;

    #[test]
    fn events_are_concatenated_objects() {
        let mut c = connector(json!({"provider": "splunk", "url": "https://h:8088", "index": "sec"}));
        c.secrets
            .insert("token".into(), crate::connector::secret::Secret::new("t0k"));
        let r = build(&c, &[event(), event()]).unwrap();
        assert_eq!(r.url, "https://h:8088/services/collector/event");
        let text = String::from_utf8(r.body).unwrap();
        let objs: Vec<Value> = serde_json::Deserializer::from_str(&text)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(objs.len(), 2);
        assert_eq!(objs[0]["index"], "sec");
        assert!(!text.starts_with('['));
        assert!(r.headers.contains(&("Authorization".into(), "Splunk t0k".into())));
    }

    #[test]
    fn success_needs_code_zero() {
        assert!(judge(200, r#"{"text":"Success","code":0}"#).success);
        let v = judge(200, r#"{"text":"Invalid data format","code":6}"#);
        assert!(!v.success && v.final_failure);
        assert_eq!(
            v.error.as_deref(),
            Some("HEC answered 200 with code 6: Invalid data format")
        );
        assert!(!judge(503, r#"{"text":"Server is busy","code":9}"#).success);
    }
}
