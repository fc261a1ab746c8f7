//! Jira: Cloud (`api_version` 3, the default) `POST {base}/rest/api/3/issue`
//! with an Atlassian Document Format description and basic auth
//! `email:api_token`; Data Center (`api_version` 2) `/rest/api/2/issue` with a
//! plain-text description and `Bearer <PAT>`. Delivered on HTTP 201 with
//! `{"id","key","self"}`; the `key` is kept in the evidence.
//!
//! No duplicate ticket on retry: the issue is labelled with the delivery's
//! idempotency key (`cavra-<hash>`), and every attempt first searches for that
//! label; a hit is the ticket an earlier attempt created.

use serde_json::{Value, json};

use super::{Event, Lookup, ProviderApi, Verdict, json_request, need, options, url};
use crate::connector::config::Connector;
use crate::connector::secret::percent_encode;
use crate::connector::{ConnectorError, Request};

pub struct Jira;

#[derive(Debug, serde::Deserialize)]
struct Options {
    project_key: Option<String>,
    issue_type: Option<String>,
    /// 3 (Cloud, the default) or 2 (Data Center), as a number or a string.
    api_version: Option<Value>,
    email: Option<String>,
}

impl Options {
    fn api_version(&self) -> u64 {
        match &self.api_version {
            Some(Value::Number(n)) => n.as_u64().unwrap_or(3),
            Some(Value::String(s)) => s.parse().unwrap_or(3),
            _ => 3,
        }
    }
}

impl ProviderApi for Jira {
    fn build(&self, conn: &Connector, events: &[Event], key: &str) -> Result<Request, ConnectorError> {
        build(conn, &events[0], key)
    }
    fn lookup(&self, conn: &Connector, _events: &[Event], key: &str) -> Result<Option<Lookup>, ConnectorError> {
        Ok(Some(Lookup {
            request: search(conn, key)?,
            found,
        }))
    }
    fn judge(&self, status: u16, body: &str) -> Verdict {
        judge(status, body)
    }
}

/// The label that marks this delivery's ticket.
pub fn label(key: &str) -> String {
    format!("cavra-{}", key.trim_start_matches("dlv_"))
}

fn auth(conn: &Connector, o: &Options) -> Result<(String, String), ConnectorError> {
    if let (Some(email), Some(token)) = (&o.email, conn.secret("api_token")) {
        return Ok(super::basic(email, token));
    }
    super::bearer(conn).map_err(|_| ConnectorError::Option {
        connector: conn.name.clone(),
        message: "provider jira needs `email` and `api_token_env` (Cloud) or `token_env` (Data Center PAT)".into(),
    })
}

fn build(conn: &Connector, e: &Event, key: &str) -> Result<Request, ConnectorError> {
    let o: Options = options(conn)?;
    let version = o.api_version();
    let issue_type = o.issue_type.as_deref().unwrap_or("Task");
    let project = need(conn, "project_key", o.project_key.as_deref())?;
    let text = format!(
        "cavra evidence event {} ({}).\n\n{}",
        e.id,
        e.event_type,
        serde_json::to_string_pretty(&e.value).expect("values serialize")
    );
    let description = if version >= 3 {
        json!({"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": text}]}
        ]})
    } else {
        Value::String(text)
    };
    let summary: String = e.summary().chars().take(250).collect();
    let body = json!({"fields": {
        "project": {"key": project},
        "issuetype": {"name": issue_type},
        "summary": summary,
        "description": description,
        "labels": ["cavra", label(key)],
    }});
    let url = format!("{}/rest/api/{version}/issue", url(conn)?.trim_end_matches('/'));
    let mut req = json_request(url, vec![auth(conn, &o)?], &body);
    req.headers.push(("Accept".into(), "application/json".into()));
    Ok(req)
}

/// The search that finds a ticket an earlier attempt already created.
fn search(conn: &Connector, key: &str) -> Result<Request, ConnectorError> {
    let o: Options = options(conn)?;
    let version = o.api_version();
    let jql = percent_encode(&format!("labels = \"{}\"", label(key)));
    let path = if version >= 3 { "search/jql" } else { "search" };
    Ok(Request {
        method: "GET",
        url: format!(
            "{}/rest/api/{version}/{path}?jql={jql}&fields=key&maxResults=1",
            url(conn)?.trim_end_matches('/')
        ),
        headers: vec![auth(conn, &o)?, ("Accept".into(), "application/json".into())],
        body: Vec::new(),
    })
}

/// The key of the issue a search answer found, if any.
fn found(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    v["issues"].as_array()?.first()?["key"].as_str().map(str::to_string)
}

fn judge(status: u16, body: &str) -> Verdict {
    let v: Option<Value> = serde_json::from_str(body).ok();
    match (status, v.as_ref().and_then(|v| v["key"].as_str())) {
        (201, Some(key)) => Verdict {
            reference: Some(key.to_string()),
            ..Verdict::ok()
        },
        (201, None) => Verdict::failed("HTTP 201 without an issue key"),
        _ => {
            let detail = v
                .as_ref()
                .map(|v| format!("{} {}", v["errorMessages"], v["errors"]))
                .unwrap_or_default();
            Verdict::failed(format!("HTTP {status} {detail}").trim().to_string())
        }
    }
}
