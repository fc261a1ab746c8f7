//! One delivery: the attempts of one request to one connector, under the
//! retry policy, and what they came to. The idempotency key is fixed before
//! the first attempt and reused on every one.

use std::time::SystemTime;

use serde::Serialize;
use ureq::Agent;

use super::config::{Connector, Provider};
use super::providers::{self, Verdict};
use super::retry::{self, Decision, Failure, Jitter, Policy};
use super::secret::Redactor;
use super::{Request, redact, transport};

/// One attempt, as the evidence lists it. Fields are in alphabetical order,
/// so the evidence serializes as canonical JSON straight from these types.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub completed_at: String,
    pub error: Option<String>,
    pub retry_after: Option<String>,
    pub started_at: String,
    pub status_code: Option<u16>,
    /// How long cavra waited before the next attempt (none after the last).
    pub wait_ms: Option<u64>,
}

/// The request as it may be written down.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    pub headers: std::collections::BTreeMap<String, String>,
    pub method: String,
    pub url: String,
    pub url_sha256: String,
}

impl RequestRecord {
    /// The record of `req`: URL masked, headers allow-listed, and what is
    /// left scrubbed of every secret `redactor` knows.
    pub fn of(req: &Request, provider: Provider, redactor: &Redactor) -> RequestRecord {
        RequestRecord {
            method: req.method.to_string(),
            url: redactor.scrub(&redact::url(&req.url, provider.url_is_secret())),
            url_sha256: redact::url_sha256(&req.url),
            headers: redact::headers(&req.headers)
                .into_iter()
                .map(|(k, v)| (k, redactor.scrub(&v)))
                .collect(),
        }
    }
}

/// What one delivery came to (fields in alphabetical order, as [`Attempt`]).
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub attempt_count: usize,
    pub attempts: Vec<Attempt>,
    pub completed_at: String,
    pub connector: String,
    pub error: Option<String>,
    /// How many events the request carried.
    pub events: usize,
    pub idempotency_key: String,
    /// 410 Gone: the destination is no more; the integration is disabled.
    pub integration_disabled: bool,
    pub provider: Provider,
    /// What the destination created (Jira key, ServiceNow number).
    pub reference: Option<String>,
    pub request: RequestRecord,
    pub started_at: String,
    pub status_code: Option<u16>,
    pub success: bool,
}

/// Wall-clock time with milliseconds, RFC 3339 UTC.
pub fn stamp() -> String {
    let t = time::OffsetDateTime::now_utc();
    let t = t.replace_nanosecond(t.millisecond() as u32 * 1_000_000).unwrap_or(t);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Sends `req` with retries; never fails: failures are in the outcome.
pub fn deliver(agent: &Agent, conn: &Connector, req: &Request, key: &str, events: usize, policy: &Policy) -> Delivery {
    let mut jitter: Option<Jitter> = None;
    let mut attempts = Vec::new();
    let mut verdict;
    let mut last_status;
    let mut gone = false;
    // Each attempt goes out freshly signed (webhooks): a request planned a
    // while ago, or retried after a wait, must not carry a stale timestamp.
    let mut req = std::borrow::Cow::Borrowed(req);
    loop {
        if conn.provider == Provider::Webhook && providers::webhook::signature_is_stale(&req) {
            // Signing succeeded when the request was built; it cannot fail now.
            let _ = providers::webhook::sign_now(conn, req.to_mut(), key);
        }
        let attempt_start = stamp();
        let (result, status, retry_after) = attempt(agent, conn, &req, key);
        let failure = match &result {
            Ok(v) if v.success => None,
            Ok(v) if v.final_failure => Some(Failure::Final),
            Ok(_) => Some(Failure::Status(status.unwrap_or_default())),
            Err(_) => Some(Failure::Transport),
        };
        verdict = match result {
            Ok(v) => v,
            Err(msg) => Verdict::failed(msg),
        };
        last_status = status;
        let mut record = Attempt {
            started_at: attempt_start,
            completed_at: stamp(),
            status_code: status,
            error: verdict.error.as_deref().map(|e| conn.redactor.scrub(e)),
            retry_after: retry_after.as_deref().map(|r| conn.redactor.scrub(r)),
            wait_ms: None,
        };
        let Some(failure) = failure else {
            attempts.push(record);
            break;
        };
        if status == Some(410) || (conn.provider == Provider::Slack && status == Some(404)) {
            gone = true;
            attempts.push(record);
            break;
        }
        let n = attempts.len() as u32 + 1;
        match retry::decide(
            policy,
            n,
            failure,
            retry_after.as_deref(),
            SystemTime::now(),
            &mut || jitter.get_or_insert_with(Jitter::seeded).sample(),
        ) {
            Decision::Retry { wait, .. } => {
                record.wait_ms = Some(wait.as_millis() as u64);
                attempts.push(record);
                std::thread::sleep(wait);
            }
            Decision::Stop => {
                attempts.push(record);
                break;
            }
        }
    }
    let error = if verdict.success {
        None
    } else {
        let base = verdict.error.clone().unwrap_or_else(|| "failed".into());
        let text = if gone {
            format!("{base} (gone: the integration is disabled)")
        } else if attempts.len() > 1 {
            format!("{base} after {} attempts", attempts.len())
        } else {
            base
        };
        Some(conn.redactor.scrub(&text))
    };
    Delivery {
        connector: conn.name.clone(),
        provider: conn.provider,
        success: verdict.success,
        status_code: last_status,
        attempt_count: attempts.len(),
        // The delivery spans its attempts (there is always one).
        started_at: attempts.first().map(|a| a.started_at.clone()).unwrap_or_default(),
        completed_at: attempts.last().map(|a| a.completed_at.clone()).unwrap_or_default(),
        attempts,
        error,
        idempotency_key: key.to_string(),
        request: RequestRecord::of(&req, conn.provider, &conn.redactor),
        events,
        reference: verdict.reference.as_deref().map(|r| conn.redactor.scrub(r)),
        integration_disabled: gone,
    }
}

/// One attempt: the verdict (or a transport error), the status, `Retry-After`.
fn attempt(
    agent: &Agent,
    conn: &Connector,
    req: &Request,
    key: &str,
) -> (Result<Verdict, String>, Option<u16>, Option<String>) {
    if conn.provider == Provider::Jira {
        // A ticket an earlier attempt (or run) created is this delivery's.
        let search = match providers::jira::search(conn, key) {
            Ok(s) => s,
            Err(e) => return (Err(e.to_string()), None, None),
        };
        match transport::send(agent, &search) {
            Ok(a) if a.status == 200 => {
                if let Some(found) = providers::jira::found(&a.body) {
                    return (
                        Ok(Verdict {
                            reference: Some(found),
                            ..Verdict::ok()
                        }),
                        Some(200),
                        None,
                    );
                }
            }
            Ok(a) => {
                let v = Verdict::failed(format!("issue search answered HTTP {}", a.status));
                return (Ok(v), Some(a.status), a.retry_after);
            }
            Err(e) => return (Err(e), None, None),
        }
    }
    match transport::send(agent, req) {
        Ok(a) => (
            Ok(providers::judge(conn.provider, a.status, &a.body)),
            Some(a.status),
            a.retry_after,
        ),
        Err(e) => (Err(e), None, None),
    }
}
