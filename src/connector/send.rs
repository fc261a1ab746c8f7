//! One delivery: the attempts of one request to one connector, under the
//! retry policy, and what they came to. The idempotency key is fixed before
//! the first attempt and reused on every one.
//!
//! Policy: this file knows no provider. It asks the provider's
//! [`ProviderApi`] to prepare each attempt (webhook re-signing), sends the
//! provider's look-up before each create attempt (a record an earlier
//! attempt created is this delivery's), judges every answer by the
//! provider's rule, and stops at the provider's "gone". OAuth tokens are
//! fetched here too, from the endpoint the provider names.

use std::time::{Instant, SystemTime};

use serde::Serialize;
use ureq::Agent;

use super::config::{Connector, Provider};
use super::providers::{self, Lookup, ProviderApi, Verdict};
use super::retry::{self, Decision, Failure, Jitter, Policy};
use super::secret::{Redactor, Secret};
use super::{Request, redact, transport};

/// One request of a delivery plan: what to send, what to look up before
/// creating, its idempotency key and how many events it carries.
pub struct Planned {
    pub request: Request,
    pub lookup: Option<Lookup>,
    pub key: String,
    pub events: usize,
}

/// The clock of attempt timestamps: the run's `now` (pinned by
/// `CAVRA_NOW`, or the system clock) plus the time elapsed since, in
/// milliseconds, so attempts stay ordered and reproducible runs stay so.
#[derive(Debug, Clone, Copy)]
pub struct Stamper {
    anchor: time::OffsetDateTime,
    started: Instant,
}

impl Stamper {
    pub fn new(now: &crate::clock::Timestamp) -> Stamper {
        let anchor = time::OffsetDateTime::from_unix_timestamp(now.unix()).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        // An unpinned clock keeps its sub-second part.
        let anchor = if crate::env::var(crate::env::CAVRA_NOW).is_none() {
            time::OffsetDateTime::now_utc()
        } else {
            anchor
        };
        Stamper {
            anchor,
            started: Instant::now(),
        }
    }
    /// Now, RFC 3339 UTC, always with three digits of milliseconds (so
    /// stamps sort as text).
    pub fn stamp(&self) -> String {
        let t = self.anchor + self.started.elapsed();
        t.format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        ))
        .unwrap_or_default()
    }
}

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
            // A dry run's placeholder URL (`${VAR}`) is shown as it is.
            url: if req.url.starts_with("${") {
                req.url.clone()
            } else {
                redactor.scrub(&redact::url(&req.url, provider.url_is_secret()))
            },
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
    /// The record was found by the provider's look-up (Jira label,
    /// ServiceNow `correlation_id`): an earlier attempt or run created it.
    pub found_existing: bool,
    pub idempotency_key: String,
    /// 410 Gone: the destination is no more; the integration is disabled.
    pub integration_disabled: bool,
    pub provider: Provider,
    /// What the destination created (Jira key, ServiceNow number).
    pub reference: Option<String>,
    pub request: RequestRecord,
    /// Why nothing was sent (a disabled connector or integration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    pub started_at: String,
    pub status_code: Option<u16>,
    pub success: bool,
}

/// Sends `plan` with retries; never fails: failures are in the outcome.
pub fn deliver(agent: &Agent, conn: &Connector, plan: &Planned, policy: &Policy, clock: &Stamper) -> Delivery {
    let api = providers::api(conn.provider);
    let key = plan.key.as_str();
    let mut jitter: Option<Jitter> = None;
    let mut attempts = Vec::new();
    let mut verdict;
    let mut last_status;
    let mut gone = false;
    let mut found_existing = false;
    let mut req = std::borrow::Cow::Borrowed(&plan.request);
    loop {
        api.before_attempt(conn, req.to_mut(), key);
        let attempt_start = clock.stamp();
        let (result, status, retry_after) = attempt(agent, api, plan.lookup.as_ref(), &req);
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
        found_existing |= verdict.found_existing;
        // The receiver's words, scrubbed then cut once, here: the evidence
        // keeps an excerpt, never a whole (possibly hostile) body.
        verdict.error = verdict.error.as_deref().map(|e| receiver_words(conn, e));
        last_status = status;
        let mut record = Attempt {
            started_at: attempt_start,
            completed_at: clock.stamp(),
            status_code: status,
            error: verdict.error.clone(),
            retry_after: retry_after.as_deref().map(|r| conn.redactor.scrub(r)),
            wait_ms: None,
        };
        let Some(failure) = failure else {
            attempts.push(record);
            break;
        };
        if status.is_some_and(|s| api.gone(s)) {
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
        Some(text)
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
        events: plan.events,
        found_existing,
        reference: verdict.reference.as_deref().map(|r| conn.redactor.scrub(r)),
        integration_disabled: gone,
        skipped: None,
    }
}

/// The record of a connector that was not sent to, and why.
pub fn skipped(def: &super::config::ConnectorDef, reason: String, clock: &Stamper) -> Delivery {
    let url = def.display_url().unwrap_or_default();
    let at = clock.stamp();
    Delivery {
        attempt_count: 0,
        attempts: Vec::new(),
        completed_at: at.clone(),
        connector: def.name.clone(),
        error: None,
        events: 0,
        found_existing: false,
        idempotency_key: String::new(),
        integration_disabled: false,
        provider: def.provider,
        reference: None,
        request: RequestRecord {
            headers: Default::default(),
            method: "POST".into(),
            url_sha256: redact::url_sha256(&url),
            url,
        },
        skipped: Some(reason),
        started_at: at,
        status_code: None,
        success: true,
    }
}

/// One attempt: the verdict (or a transport error), the status, `Retry-After`.
/// The look-up goes first: a record it finds is this delivery's.
fn attempt(
    agent: &Agent,
    api: &dyn ProviderApi,
    lookup: Option<&Lookup>,
    req: &Request,
) -> (Result<Verdict, String>, Option<u16>, Option<String>) {
    if let Some(lookup) = lookup {
        match transport::send(agent, &lookup.request) {
            Ok(a) if a.status == 200 => {
                if let Some(found) = (lookup.found)(&a.body) {
                    let v = Verdict {
                        reference: Some(found),
                        found_existing: true,
                        ..Verdict::ok()
                    };
                    return (Ok(v), Some(200), None);
                }
            }
            Ok(a) => {
                let v = Verdict::failed(format!("look-up before create answered HTTP {}", a.status));
                return (Ok(v), Some(a.status), a.retry_after);
            }
            Err(e) => return (Err(e), None, None),
        }
    }
    match transport::send(agent, req) {
        Ok(a) => (Ok(api.judge(a.status, &a.body)), Some(a.status), a.retry_after),
        Err(e) => (Err(e), None, None),
    }
}

/// Fetches an OAuth client-credentials token for `conn` when it needs one
/// (a `client_secret` and no token, and a provider that offers OAuth) and
/// keeps it as the connector's `token`. `Err` is a message, secrets scrubbed.
pub fn fetch_token(agent: &Agent, conn: &mut Connector) -> Result<(), String> {
    let Some(endpoint) = token_endpoint(conn)? else {
        return Ok(());
    };
    super::config::check_scheme(&conn.name, &endpoint.url, conn.allow_insecure_http, conn.provider)
        .map_err(|e| e.to_string())?;
    let secret = conn
        .secret("client_secret")
        .map(|s| s.expose().to_string())
        .unwrap_or_default();
    let token = transport::client_credentials(agent, &endpoint.url, &endpoint.client_id, &secret, endpoint.scope)
        .map_err(|m| conn.redactor.scrub(&m))?;
    let token = Secret::new(token);
    conn.redactor.add(&token);
    conn.secrets.insert("token".into(), token);
    Ok(())
}

/// The token endpoint when `conn` needs OAuth.
pub fn token_endpoint(conn: &Connector) -> Result<Option<providers::TokenEndpoint>, String> {
    if conn.secret("token").is_some()
        || conn.secret("authorization").is_some()
        || conn.secret("client_secret").is_none()
    {
        return Ok(None);
    }
    providers::api(conn.provider)
        .token_endpoint(conn)
        .map_err(|e| e.to_string())
}

/// How much of a receiver's answer an error keeps (bytes).
pub const ERROR_EXCERPT: usize = 300;

/// `text` (a verdict's error, which may quote the receiver's body) with
/// every secret of the connector and every token the scanner recognises
/// scrubbed, then cut to [`ERROR_EXCERPT`] bytes with its full length noted.
/// Scrubbed before the cut, so a cut cannot leave part of a secret unmatched.
pub fn receiver_words(conn: &Connector, text: &str) -> String {
    let s = super::secret::scrub_detected(&conn.redactor.scrub(text));
    if s.len() <= ERROR_EXCERPT {
        return s;
    }
    let mut cut = ERROR_EXCERPT;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… ({} bytes in all)", &s[..cut], s.len())
}
