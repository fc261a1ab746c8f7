//! Microsoft Sentinel through the Azure Monitor Logs Ingestion API:
//! `POST {endpoint}/dataCollectionRules/{dcr_immutable_id}/streams/{stream_name}?api-version=2023-01-01`,
//! a JSON array of rows (`TimeGenerated` first), `Authorization: Bearer`
//! (a token, or OAuth client credentials with scope
//! `https://monitor.azure.com/.default`). Delivered on HTTP 204. The retired
//! Data Collector API (SharedKey) is not offered.

use serde_json::Value;

use super::{
    Event, OAuthOptions, ObjectWriter, ProviderApi, TokenEndpoint, Verdict, bearer, json_array_request, need, options,
    url,
};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub struct Sentinel;

#[derive(Debug, serde::Deserialize)]
struct Options {
    dcr_immutable_id: Option<String>,
    stream_name: Option<String>,
}

impl ProviderApi for Sentinel {
    fn batch_limits(&self) -> (usize, usize) {
        // Logs Ingestion API: 1 MB per call.
        (1000, 900_000)
    }
    fn carries_contents(&self) -> bool {
        true
    }
    fn build(&self, conn: &Connector, events: &[Event], _key: &str) -> Result<Request, ConnectorError> {
        build(conn, events)
    }
    fn token_endpoint(&self, conn: &Connector) -> Result<Option<TokenEndpoint>, ConnectorError> {
        OAuthOptions::microsoft(conn, SCOPE)
    }
    fn judge(&self, status: u16, body: &str) -> Verdict {
        judge(status, body)
    }
}

pub const SCOPE: &str = "https://monitor.azure.com/.default";

/// The Logs Ingestion API's limit for one call (1 MB): a row that alone
/// exceeds it cannot be sent and is refused.
pub const MAX_CALL_BYTES: usize = 1_000_000;

fn build(conn: &Connector, events: &[Event]) -> Result<Request, ConnectorError> {
    let o: Options = options(conn)?;
    let dcr = need(conn, "dcr_immutable_id", o.dcr_immutable_id)?;
    let stream = need(conn, "stream_name", o.stream_name)?;
    let url = format!(
        "{}/dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01",
        url(conn)?.trim_end_matches('/')
    );
    json_array_request(conn, url, vec![bearer(conn)?], events, MAX_CALL_BYTES, row)
}

/// One row of the custom stream (columns documented in the README), its
/// keys in order (the bytes of the same row as a `Value`).
fn row(e: &Event, out: &mut Vec<u8>) {
    ObjectWriter::new(out)
        .content("Event", &e.value)
        .member("EventId", &e.id)
        .member("EventType", &e.event_type)
        .member("Product", &"cavra")
        .member("SessionId", &e.session_id)
        .member("Severity", &e.severity())
        .member("TimeGenerated", &e.time)
        .end();
}

fn judge(status: u16, body: &str) -> Verdict {
    match status {
        204 => Verdict::ok(),
        401 => Verdict::failed("HTTP 401: the token was rejected (is its scope https://monitor.azure.com/.default?)"),
        403 => Verdict::failed(
            "HTTP 403: the identity lacks the Monitoring Metrics Publisher role on the data collection rule",
        ),
        _ => {
            let msg = serde_json::from_str::<Value>(body)
                .ok()
                .and_then(|v| v["error"]["message"].as_str().map(str::to_string));
            Verdict::failed(match msg {
                Some(m) => format!("HTTP {status}: {m}"),
                None => format!("HTTP {status}"),
            })
        }
    }
}
