//! ServiceNow: `POST {instance}/api/now/table/change_request` with field
//! values; `correlation_id` is the delivery's idempotency key (stable for
//! the event and connector: two events of one session are two change
//! requests, one event re-sent is one). Basic auth (`username` and
//! `password_env`) or `Bearer`. Delivered on HTTP 201 with
//! `{"result":{"sys_id","number",…}}`; the `number` is kept in the evidence.
//!
//! No second change request for one event: before every create attempt,
//! `GET …/change_request?sysparm_query=correlation_id=<id>` looks for the one
//! an earlier attempt (whose answer was lost) or run created; a hit is this
//! delivery's record, as Jira's label search is.

use serde_json::{Value, json};

use super::{Event, Lookup, ProviderApi, Verdict, json_request, options, url};
use crate::connector::config::Connector;
use crate::connector::secret::percent_encode;
use crate::connector::{ConnectorError, Request};

pub struct ServiceNow;

#[derive(Debug, serde::Deserialize)]
struct Options {
    username: Option<String>,
    category: Option<String>,
    change_type: Option<String>,
}

impl ProviderApi for ServiceNow {
    fn build(&self, conn: &Connector, events: &[Event], key: &str) -> Result<Request, ConnectorError> {
        build(conn, &events[0], key)
    }
    fn lookup(&self, conn: &Connector, _events: &[Event], key: &str) -> Result<Option<Lookup>, ConnectorError> {
        let query = percent_encode(&format!("correlation_id={key}"));
        Ok(Some(Lookup {
            request: Request {
                method: "GET",
                url: format!(
                    "{}?sysparm_query={query}&sysparm_fields=number,sys_id&sysparm_limit=1",
                    table_url(conn)?
                ),
                headers: vec![auth(conn)?, ("Accept".into(), "application/json".into())],
                body: Vec::new(),
            },
            found,
        }))
    }
    fn judge(&self, status: u16, body: &str) -> Verdict {
        judge(status, body)
    }
}

fn table_url(conn: &Connector) -> Result<String, ConnectorError> {
    Ok(format!(
        "{}/api/now/table/change_request",
        url(conn)?.trim_end_matches('/')
    ))
}

fn auth(conn: &Connector) -> Result<(String, String), ConnectorError> {
    let o: Options = options(conn)?;
    match (&o.username, conn.secret("password")) {
        (Some(user), Some(pw)) => Ok(super::basic(user, pw)),
        _ => super::bearer(conn).map_err(|_| ConnectorError::Option {
            connector: conn.name.clone(),
            message: "provider servicenow needs `username` and `password_env`, or `token_env`".into(),
        }),
    }
}

fn build(conn: &Connector, e: &Event, key: &str) -> Result<Request, ConnectorError> {
    let o: Options = options(conn)?;
    let short: String = e.summary().chars().take(160).collect();
    let body = json!({
        "short_description": short,
        "description": serde_json::to_string_pretty(&e.value).expect("values serialize"),
        "category": o.category.as_deref().unwrap_or("Security"),
        "type": o.change_type.as_deref().unwrap_or("normal"),
        "correlation_id": key,
        "correlation_display": "cavra",
    });
    let mut req = json_request(table_url(conn)?, vec![auth(conn)?], &body);
    req.headers.push(("Accept".into(), "application/json".into()));
    Ok(req)
}

/// The `number` of the change request a look-up answer found, if any.
fn found(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    v["result"].as_array()?.first()?["number"].as_str().map(str::to_string)
}

fn judge(status: u16, body: &str) -> Verdict {
    let v: Option<Value> = serde_json::from_str(body).ok();
    match (status, v.as_ref().and_then(|v| v["result"]["number"].as_str())) {
        (201, Some(n)) => Verdict {
            reference: Some(n.to_string()),
            ..Verdict::ok()
        },
        (201, None) => Verdict::failed("HTTP 201 without result.number"),
        _ => {
            let msg = v
                .as_ref()
                .and_then(|v| v["error"]["message"].as_str())
                .unwrap_or_default()
                .to_string();
            Verdict::failed(format!("HTTP {status} {msg}").trim().to_string())
        }
    }
}
