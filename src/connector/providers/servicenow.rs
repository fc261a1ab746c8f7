//! ServiceNow: `POST {instance}/api/now/table/change_request` with field
//! values; `correlation_id` is the event's stable id so a retry can be matched
//! to the first attempt. Basic auth (`username` + `password_env`) or
//! `Bearer`. Delivered on HTTP 201 with `{"result":{"sys_id","number",…}}`;
//! the `number` is kept in the evidence.

use serde_json::{Value, json};

use super::{Event, Verdict, json_request, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub fn build(conn: &Connector, e: &Event) -> Result<Request, ConnectorError> {
    let auth = match (conn.option_str("username"), conn.secret("password")) {
        (Some(user), Some(pw)) => super::basic(user, pw),
        _ => super::bearer(conn).map_err(|_| ConnectorError::Option {
            connector: conn.name.clone(),
            message: "provider servicenow needs `username` and `password_env`, or `token_env`".into(),
        })?,
    };
    let short: String = e.summary().chars().take(160).collect();
    let body = json!({
        "short_description": short,
        "description": serde_json::to_string_pretty(&e.value).expect("values serialize"),
        "category": conn.option_str("category").unwrap_or("Security"),
        "type": conn.option_str("change_type").unwrap_or("normal"),
        "correlation_id": e.id,
        "correlation_display": "cavra",
    });
    let url = format!("{}/api/now/table/change_request", url(conn)?.trim_end_matches('/'));
    let mut req = json_request(url, vec![auth], &body);
    req.headers.push(("Accept".into(), "application/json".into()));
    Ok(req)
}

pub fn judge(status: u16, body: &str) -> Verdict {
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
