//! The plan of a delivery: which connectors, resolved, with every request
//! built (and so every event checked against the destination's limits)
//! before anything is sent.
//!
//! Policy: only the selected connectors are resolved (a variable missing
//! for another one is no error); a disabled connector, or one whose
//! integration is disabled, is planned as skipped (not resolved, nothing
//! sent) unless `--include-disabled`. A connector that needs an OAuth token
//! gets it here (a dry run uses a stand-in); when the token request fails,
//! the requests are built with the stand-in (so they are still checked and
//! recorded) and the plan carries the failure: that connector's failed
//! delivery, not everyone's.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::DeliverError;
use crate::connector::config::{self, Connector, ConnectorDef, Provider};
use crate::connector::providers::{self, Event};
use crate::connector::secret::Secret;
use crate::connector::send::{Planned, RequestRecord};
use crate::connector::{ConnectorError, transport};
use crate::store::sha256_hex;

/// The token a request is built with before the real one is fetched.
pub const TOKEN_STAND_IN: &str = "oauth-token-fetched-at-delivery";

/// One connector's work: its requests, each with its key and event count,
/// and the agent that sends them.
pub struct Plan {
    pub conn: Connector,
    pub agent: ureq::Agent,
    pub requests: Vec<Planned>,
    /// The OAuth token request failed: nothing is sent to this connector,
    /// and each request is a failed delivery with this error.
    pub token_error: Option<String>,
}

/// A connector that is not sent to, and why.
pub struct Skip {
    pub def: ConnectorDef,
    pub reason: String,
}

/// The connectors `names` select: every one when empty or `all`.
pub fn select(all: &[ConnectorDef], names: &[String]) -> Result<Vec<ConnectorDef>, ConnectorError> {
    if names.is_empty() || names.iter().any(|n| n == "all") {
        return Ok(all.to_vec());
    }
    let mut out: Vec<ConnectorDef> = Vec::new();
    for name in names {
        let by_name: Vec<&ConnectorDef> = all.iter().filter(|c| &c.name == name).collect();
        let found: Vec<&ConnectorDef> = if by_name.is_empty() {
            all.iter().filter(|c| c.provider.as_str() == name).collect()
        } else {
            by_name
        };
        if found.is_empty() {
            return Err(ConnectorError::UnknownConnector {
                name: name.clone(),
                known: all.iter().map(|c| c.name.clone()).collect(),
            });
        }
        for c in found {
            if !out.iter().any(|o| o.name == c.name) {
                out.push(c.clone());
            }
        }
    }
    Ok(out)
}

/// The plan of `def`, built against `events` under `opts` (its timeout; a
/// dry run resolves unset variables to placeholders and fetches no token; a
/// stream is batched in the provider's bulk batches).
pub fn plan(
    def: &ConnectorDef,
    dir: &Path,
    root: &Path,
    events: &[Event],
    file: &Path,
    opts: &super::DeliverOptions,
) -> Result<Plan, DeliverError> {
    let (timeout, dry_run) = (opts.timeout, opts.dry_run);
    let mut conn = config::resolve_as(def, dir, root, dry_run)?;
    let agent = transport::agent(&conn, conn.timeout.unwrap_or(timeout))?;
    let needs_token = crate::connector::send::token_endpoint(&conn)
        .map_err(|message| ConnectorError::Option {
            connector: conn.name.clone(),
            message,
        })?
        .is_some();
    let mut token_error = None;
    if needs_token && !dry_run {
        token_error = crate::connector::send::fetch_token(&agent, &mut conn)
            .err()
            .map(|m| format!("OAuth token request failed: {m}"));
    }
    if needs_token && (dry_run || token_error.is_some()) {
        conn.secrets.insert("token".into(), Secret::new(TOKEN_STAND_IN));
    }
    let requests = requests(&conn, events, file, opts.stream)?;
    scrub_built_credentials(&mut conn, &requests);
    Ok(Plan {
        conn,
        agent,
        requests,
        token_error,
    })
}

/// Credentials built into headers (Basic base64, Bearer) are scrubbed too.
pub fn scrub_built_credentials(conn: &mut Connector, requests: &[Planned]) {
    let Some(first) = requests.first() else {
        return;
    };
    let lookup = first.lookup.iter().map(|l| &l.request);
    for req in std::iter::once(&first.request).chain(lookup) {
        for (k, v) in &req.headers {
            if k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("dd-api-key") {
                if v.contains(TOKEN_STAND_IN) || !conn.unset.is_empty() && v.contains("${") {
                    continue;
                }
                conn.redactor.add(&Secret::new(v.clone()));
                if let Some((_, cred)) = v.split_once(' ') {
                    conn.redactor.add(&Secret::new(cred));
                }
            }
        }
    }
}

/// Requests for `conn`: batches within the provider's limits (its bulk
/// limits when `bulk`), else one per event. `file` is where the events came
/// from, for errors. The batches depend only on the events: the same
/// events make the same batches, with the same keys.
pub fn requests(conn: &Connector, events: &[Event], file: &Path, bulk: bool) -> Result<Vec<Planned>, DeliverError> {
    let api = providers::api(conn.provider);
    let (max_events, max_bytes) = if bulk { api.bulk_limits() } else { api.batch_limits() };
    let in_file = |e: ConnectorError| match e {
        e @ ConnectorError::EventTooLarge { .. } => DeliverError::TooLarge {
            path: file.to_path_buf(),
            source: e,
        },
        e => DeliverError::Connector(e),
    };
    // A body carrying its events whole is at least as long as their known
    // contents: a batch whose contents alone pass the limit is halved
    // without building it (the same batches, one build each).
    let floor = |batch: &[Event]| match api.carries_contents() {
        true => batch.iter().map(|e| e.value.known_len()).sum(),
        false => 0,
    };
    let mut out = Vec::new();
    let mut start = 0;
    while start < events.len() {
        let mut end = (start + max_events).min(events.len());
        let (request, key) = loop {
            if end - start > 1 && floor(&events[start..end]) > max_bytes {
                end = start + (end - start) / 2;
                continue;
            }
            let key = key_for(conn, &events[start..end]);
            let req = api.build(conn, &events[start..end], &key).map_err(in_file)?;
            if req.body.len() <= max_bytes || end - start == 1 {
                break (providers::finish(conn, req, &key), key);
            }
            end = start + (end - start) / 2;
        };
        let lookup = api.lookup(conn, &events[start..end], &key).map_err(in_file)?;
        out.push(Planned {
            request,
            lookup,
            key,
            events: end - start,
        });
        start = end;
    }
    Ok(out)
}

/// One key per delivery, derived from the connector and the events'
/// content, so the same delivery retried (or re-run) carries the same key.
fn key_for(conn: &Connector, events: &[Event]) -> String {
    let mut text = conn.name.clone();
    for e in events {
        text.push('\n');
        text.push_str(&e.digest);
    }
    format!("msg_{}", &sha256_hex(text.as_bytes())[..24])
}

/// A request as a dry run shows it.
#[derive(Debug, Serialize)]
pub struct DryRequest {
    pub connector: String,
    pub provider: Provider,
    pub idempotency_key: String,
    pub events: usize,
    #[serde(flatten)]
    pub request: RequestRecord,
    pub body: Value,
}

/// The body as a dry run shows it: JSON, or Splunk's concatenated objects
/// as an array.
pub fn body_value(body: &[u8]) -> Value {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return v;
    }
    let text = String::from_utf8_lossy(body);
    let items: Vec<Value> = serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .filter_map(Result::ok)
        .collect();
    if items.is_empty() {
        Value::String(text.into_owned())
    } else {
        Value::Array(items)
    }
}
