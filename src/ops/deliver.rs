//! `cavra integration deliver`: send evidence events to the selected
//! connectors and keep a credential-free record of what happened.
//!
//! Order, so that bad input never sends anything: read the events, load the
//! configuration, select connectors, resolve only those (a variable missing
//! for another connector is no error), build every request; only then send.
//! Connectors are delivered concurrently (one thread each); within one
//! connector, requests go in order. Providers that accept batches (Splunk HEC
//! concatenation, Datadog and Sentinel arrays) get events in batches within
//! their limits. Afterwards: the evidence file (never overwriting an older
//! one), one entry in the evidence metadata ledger, and the integrations'
//! `health_status`/`last_checked_at` (410 Gone → `status: disabled`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::inventory::{Backend, Inventory};
use super::workspace::Workspace;
use crate::clock::Timestamp;
use crate::connector::config::{self, Connector, ConnectorDef, Provider};
use crate::connector::providers::{self, Event};
use crate::connector::retry::Policy;
use crate::connector::secret::{Redactor, Secret};
use crate::connector::send::{self, Delivery, RequestRecord};
use crate::connector::{ConnectorError, Request, transport};
use crate::error::{CliError, ExitCode};
use crate::store::registry::{EVIDENCE_METADATA, StoreLocation};
use crate::store::{ledger, sha256_hex};

/// The metadata kind and source of a delivery ledger entry.
pub const METADATA_KIND: &str = "connector-delivery";
pub const DELIVERY_SOURCE: &str = "cli_integration_deliver";

/// What a delivery is asked to do.
#[derive(Debug, Clone)]
pub struct DeliverOptions {
    pub event_file: PathBuf,
    pub config: Option<PathBuf>,
    /// Connector names (or provider names); empty means every enabled one.
    pub select: Vec<String>,
    pub integration: Option<String>,
    pub retries: u32,
    pub timeout: Duration,
    pub output: Option<PathBuf>,
    pub metadata_json: Option<PathBuf>,
    pub dry_run: bool,
    pub now: Timestamp,
}

/// The `cavra.connector.delivery.v1` record (SPEC section 2). Fields are in
/// alphabetical order, so it serializes as canonical JSON without a detour
/// through `Value`; `evidence_serializes_canonically` guards that.
#[derive(Debug, Serialize)]
pub struct Evidence {
    pub deliveries: Vec<Delivery>,
    pub event_count: usize,
    pub event_id: String,
    pub event_type: String,
    pub generated_at: String,
    pub product: &'static str,
    pub schema: &'static str,
    pub session_id: Option<String>,
    pub success: bool,
}

/// The outcome: the evidence record and where it went.
#[derive(Debug, Serialize)]
pub struct DeliverOutcome {
    #[serde(flatten)]
    pub evidence: Evidence,
    pub evidence_path: Option<String>,
    pub metadata_seq: Option<u64>,
    /// `--dry-run`: the exact requests, secrets masked; nothing was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<Vec<DryRequest>>,
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

/// One connector's work: its requests, each with its key and event count,
/// and the agent that sends them.
struct Plan {
    conn: Connector,
    agent: ureq::Agent,
    requests: Vec<(Request, String, usize)>,
}

/// Runs a delivery.
pub fn deliver(ws: &Workspace, opts: &DeliverOptions) -> Result<DeliverOutcome, CliError> {
    let events = read_events(&opts.event_file, &opts.now)?;
    let source = source_name(&opts.event_file);
    let path = config::locate(&ws.root, opts.config.as_deref());
    let all = config::load(&path)?;
    let selected = select(&all, &opts.select)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let inventory = Inventory::new(ws, Backend::from_env(ws), &opts.now.rfc3339());
    if let Some(id) = &opts.integration {
        inventory.show(id)?;
    }
    let mut plans = Vec::new();
    for def in &selected {
        let mut conn = config::resolve(def, &dir, &ws.root)?;
        let agent = transport::agent(&conn, conn.timeout.unwrap_or(opts.timeout))?;
        if needs_oauth(&conn) {
            if opts.dry_run {
                conn.secrets
                    .insert("token".into(), Secret::new("oauth-token-fetched-at-delivery"));
            } else {
                fetch_token(&agent, &mut conn)?;
            }
        }
        let requests = plan_requests(&conn, &events, source)?;
        // Credentials built into headers (Basic base64, Bearer) are scrubbed too.
        for (req, _, _) in requests.iter().take(1) {
            for (k, v) in &req.headers {
                if k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("dd-api-key") {
                    conn.redactor.add(&Secret::new(v.clone()));
                    if let Some((_, cred)) = v.split_once(' ') {
                        conn.redactor.add(&Secret::new(cred));
                    }
                }
            }
        }
        plans.push(Plan { conn, agent, requests });
    }
    let mut redactor = Redactor::default();
    for p in &plans {
        redactor.extend(&p.conn.redactor);
    }
    if opts.dry_run {
        let mut shown = Vec::new();
        for p in &plans {
            for (req, key, n) in &p.requests {
                let mut body = body_value(req);
                redactor.scrub_json(&mut body);
                shown.push(DryRequest {
                    connector: p.conn.name.clone(),
                    provider: p.conn.provider,
                    idempotency_key: key.clone(),
                    events: *n,
                    request: RequestRecord::of(req, p.conn.provider, &redactor),
                    body,
                });
            }
        }
        let evidence = evidence(&events, Vec::new(), opts, &redactor);
        return Ok(DeliverOutcome {
            evidence,
            evidence_path: None,
            metadata_seq: None,
            dry_run: Some(shown),
        });
    }
    let policy = Policy {
        max_retries: opts.retries,
        // Tests skip the backoff (a `Retry-After` is still honoured).
        base: match crate::env::var(crate::env::CAVRA_TEST_NO_RETRY_DELAY) {
            Some(_) => Duration::ZERO,
            None => Policy::default().base,
        },
        ..Policy::default()
    };
    let run = |p: &Plan| -> Vec<Delivery> {
        p.requests
            .iter()
            .map(|(req, key, n)| send::deliver(&p.agent, &p.conn, req, key, *n, &policy))
            .collect()
    };
    // The first connector runs on this thread, each further one on its own.
    // (One connector, the common case, then spawns nothing: a thread's
    // allocator arena grows page by page, which cost sequential runs 10%.)
    let deliveries: Vec<Delivery> = std::thread::scope(|s| {
        let Some((first, rest)) = plans.split_first() else {
            return Vec::new();
        };
        let others: Vec<_> = rest.iter().map(|plan| s.spawn(|| run(plan))).collect();
        let mut all = run(first);
        for h in others {
            all.extend(h.join().expect("delivery threads do not panic"));
        }
        all
    });
    let evidence = evidence(&events, deliveries, opts, &redactor);
    if cfg!(debug_assertions) {
        // The evidence is built from typed values that cannot hold anything
        // else; every test run (a debug build) checks it against the schema.
        let value = serde_json::to_value(&evidence).expect("evidence serializes");
        let problems = crate::store::schema::check("cavra.connector.delivery.v1", &value, Path::new("evidence"), None);
        if let Some(p) = problems.first() {
            return Err(CliError::internal(format!(
                "delivery evidence does not match its schema: {p}"
            )));
        }
    }
    let evidence_path = match &opts.output {
        Some(dir) => Some(write_evidence(dir, &evidence)?),
        None => None,
    };
    let loc = match &opts.metadata_json {
        Some(p) => StoreLocation::at(&EVIDENCE_METADATA, p.clone(), "--metadata-json"),
        None => ws.locate(&EVIDENCE_METADATA),
    };
    let entry = ledger_entry(&evidence, evidence_path.as_deref(), &opts.now);
    let seq = ledger::append(&loc, &[entry])?.first().copied();
    update_health(&inventory, opts, &plans, &evidence.deliveries)?;
    Ok(DeliverOutcome {
        evidence,
        evidence_path: evidence_path.map(|p| p.display().to_string()),
        metadata_seq: seq,
        dry_run: None,
    })
}

/// How the event file is named in messages: `-` is standard input.
fn source_name(path: &Path) -> &Path {
    if path == Path::new("-") {
        Path::new("<stdin>")
    } else {
        path
    }
}

const SHAPE_HINT: &str = "deliver one JSON object, or NDJSON with one object per line";

/// Reads one JSON object, or NDJSON of objects; `-` reads standard input.
pub fn read_events(path: &Path, now: &Timestamp) -> Result<Vec<Event>, CliError> {
    let hint = "give the path of an event JSON object or an NDJSON file of them (or - for standard input)";
    let name = source_name(path);
    let text = if name != path {
        crate::store::fsio::read_stdin_text()
    } else {
        crate::store::fsio::read_input_text(path)
    }
    .map_err(|e| CliError::io(name, "read", &e).hint(hint))?;
    let path = name;
    let not_object = |line: Option<usize>| {
        let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
        CliError::data(format!("{}{at}: an event must be a JSON object", path.display())).hint(SHAPE_HINT)
    };
    let values: Vec<Value> = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => vec![Value::Object(m)],
        Ok(_) => return Err(not_object(None)),
        Err(first) => {
            let mut out = Vec::new();
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                match serde_json::from_str::<Value>(line) {
                    Ok(v @ Value::Object(_)) => out.push(v),
                    Ok(_) => return Err(not_object(Some(i + 1))),
                    Err(_) if out.is_empty() && i == 0 => {
                        return Err(CliError::data(format!(
                            "{} is not valid JSON (line {}, column {}): {}",
                            path.display(),
                            first.line(),
                            first.column(),
                            crate::error::strip_position(&first.to_string())
                        ))
                        .hint(SHAPE_HINT));
                    }
                    Err(e) => {
                        return Err(CliError::data(format!(
                            "{} line {}: not valid JSON: {}",
                            path.display(),
                            i + 1,
                            crate::error::strip_position(&e.to_string())
                        )));
                    }
                }
            }
            if out.is_empty() {
                return Err(CliError::data(format!("{} holds no event", path.display())));
            }
            out
        }
    };
    Ok(values.into_iter().map(|v| event(v, now)).collect())
}

fn event(value: Value, now: &Timestamp) -> Event {
    let s = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    let id = s("event_id").or_else(|| s("id")).unwrap_or_else(|| {
        let text = serde_json::to_string(&value).expect("values serialize");
        format!("evt_{}", &sha256_hex(text.as_bytes())[..16])
    });
    let event_type = s("event_type")
        .or_else(|| s("type"))
        .unwrap_or_else(|| "cavra.evidence".into());
    let time = ["timestamp", "occurred_at", "generated_at", "created_at"]
        .iter()
        .find_map(|k| s(k).and_then(|t| Timestamp::parse(&t)))
        .unwrap_or(*now);
    Event {
        id,
        event_type,
        session_id: s("session_id"),
        time: time.rfc3339(),
        unix_time: time.unix() as f64,
        value,
    }
}

/// The connectors `names` select: every enabled one when empty or `all`.
fn select(all: &[ConnectorDef], names: &[String]) -> Result<Vec<ConnectorDef>, ConnectorError> {
    if names.is_empty() || names.iter().any(|n| n == "all") {
        return Ok(all.iter().filter(|c| c.enabled()).cloned().collect());
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

fn needs_oauth(conn: &Connector) -> bool {
    conn.secret("token").is_none()
        && conn.secret("authorization").is_none()
        && conn.secret("client_secret").is_some()
        && matches!(conn.provider, Provider::Sentinel | Provider::Intune | Provider::Jamf)
}

fn fetch_token(agent: &ureq::Agent, conn: &mut Connector) -> Result<(), CliError> {
    let opt = |k: &str| conn.option_str(k).map(str::to_string);
    let fail = |m: String| {
        CliError::new(
            ExitCode::Verdict,
            format!("connector {}: OAuth token request failed: {m}", conn.name),
        )
    };
    let client_id = opt("client_id").ok_or_else(|| fail("`client_id` is missing".into()))?;
    let (token_url, scope) = match conn.provider {
        Provider::Jamf => {
            let base = conn.url.as_ref().map(|u| origin(u.expose())).unwrap_or_default();
            (opt("token_url").unwrap_or(format!("{base}/api/oauth/token")), None)
        }
        p => {
            let tenant = opt("tenant_id").unwrap_or_default();
            let scope = if p == Provider::Sentinel {
                providers::sentinel::SCOPE
            } else {
                providers::endpoint::INTUNE_SCOPE
            };
            (
                opt("token_url").unwrap_or(format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")),
                Some(scope),
            )
        }
    };
    config::check_scheme(&conn.name, &token_url, conn.allow_insecure_http, conn.provider)?;
    let secret = conn
        .secret("client_secret")
        .expect("checked by needs_oauth")
        .expose()
        .to_string();
    let token = transport::client_credentials(agent, &token_url, &client_id, &secret, scope)
        .map_err(|m| fail(conn.redactor.scrub(&m)))?;
    let token = Secret::new(token);
    conn.redactor.add(&token);
    conn.secrets.insert("token".into(), token);
    Ok(())
}

fn origin(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or_default()),
        None => url.to_string(),
    }
}

/// Requests for `conn`: batches within the provider's limits, else one per
/// event. `file` is where the events came from, for errors.
fn plan_requests(conn: &Connector, events: &[Event], file: &Path) -> Result<Vec<(Request, String, usize)>, CliError> {
    let (max_events, max_bytes) = providers::batch_limits(conn.provider);
    let mut out = Vec::new();
    let mut start = 0;
    while start < events.len() {
        let mut end = (start + max_events).min(events.len());
        let req = loop {
            let key = key_for(conn, &events[start..end]);
            let req = providers::build(conn, &events[start..end], &key).map_err(|e| {
                let too_large = matches!(e, ConnectorError::EventTooLarge { .. });
                let mut err = CliError::from(e);
                if too_large {
                    err.message = format!("{}: {}", file.display(), err.message);
                }
                err
            })?;
            if req.body.len() <= max_bytes || end - start == 1 {
                break (req, key);
            }
            end = start + (end - start) / 2;
        };
        out.push((req.0, req.1, end - start));
        start = end;
    }
    Ok(out)
}

/// One key per delivery, derived from the connector and the events, so the
/// same delivery retried (or re-run) carries the same key.
fn key_for(conn: &Connector, events: &[Event]) -> String {
    let mut text = conn.name.clone();
    for e in events {
        text.push('\n');
        text.push_str(&e.id);
    }
    format!("msg_{}", &sha256_hex(text.as_bytes())[..24])
}

fn body_value(req: &Request) -> Value {
    if let Ok(v) = serde_json::from_slice::<Value>(&req.body) {
        return v;
    }
    // Splunk HEC: concatenated objects.
    let text = String::from_utf8_lossy(&req.body);
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

/// The evidence of `deliveries`. What came from the event or a response is
/// scrubbed of every resolved secret here (errors already are).
fn evidence(events: &[Event], deliveries: Vec<Delivery>, opts: &DeliverOptions, redactor: &Redactor) -> Evidence {
    let (event_id, event_type, session_id) = match events {
        [one] => (one.id.clone(), one.event_type.clone(), one.session_id.clone()),
        many => {
            let ids: Vec<&str> = many.iter().map(|e| e.id.as_str()).collect();
            let first = &many[0];
            let same_type = many.iter().all(|e| e.event_type == first.event_type);
            (
                format!("batch_{}", &sha256_hex(ids.join("\n").as_bytes())[..16]),
                if same_type {
                    first.event_type.clone()
                } else {
                    "cavra.batch".into()
                },
                None,
            )
        }
    };
    Evidence {
        success: !deliveries.is_empty() && deliveries.iter().all(|d| d.success),
        deliveries,
        event_count: events.len(),
        event_id: redactor.scrub(&event_id),
        event_type: redactor.scrub(&event_type),
        generated_at: opts.now.rfc3339(),
        product: "cavra",
        schema: "cavra.connector.delivery.v1",
        session_id: session_id.map(|s| redactor.scrub(&s)),
    }
}

/// Writes `{event_id}-connector-delivery.json` in `dir`, or `…-2.json`, `…-3.json`
/// when an older record is there: never overwrites.
fn write_evidence(dir: &Path, evidence: &Evidence) -> Result<PathBuf, CliError> {
    std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, "create", &e))?;
    let id = &evidence.event_id;
    let bytes = crate::store::to_canonical_pretty(evidence);
    for n in 1u32.. {
        let name = if n == 1 {
            format!("{id}-connector-delivery.json")
        } else {
            format!("{id}-connector-delivery-{n}.json")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(&bytes)
                    .and_then(|_| f.sync_all())
                    .map_err(|e| CliError::io(&path, "write", &e))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(CliError::io(&path, "create", &e)),
        }
    }
    unreachable!("some file name is free")
}

fn ledger_entry(evidence: &Evidence, path: Option<&Path>, now: &Timestamp) -> Value {
    let deliveries = &evidence.deliveries;
    let names = |failed_only: bool, f: fn(&Delivery) -> String| {
        let set: std::collections::BTreeSet<String> = deliveries
            .iter()
            .filter(|d| !failed_only || !d.success)
            .map(f)
            .collect();
        set.into_iter().collect::<Vec<_>>()
    };
    let providers = names(false, |d| d.provider.as_str().to_string());
    let failed = names(true, |d| d.provider.as_str().to_string());
    let connectors = names(false, |d| d.connector.clone());
    let failed_connectors = names(true, |d| d.connector.clone());
    let mut m = Map::new();
    m.insert("metadata_kind".into(), json!(METADATA_KIND));
    m.insert("connector_delivery_source".into(), json!(DELIVERY_SOURCE));
    m.insert("created_at".into(), json!(now.rfc3339()));
    m.insert("event_id".into(), json!(evidence.event_id));
    m.insert("event_type".into(), json!(evidence.event_type));
    m.insert("event_count".into(), json!(evidence.event_count));
    m.insert("delivery_success".into(), json!(evidence.success));
    m.insert("providers".into(), json!(providers));
    m.insert("failed_providers".into(), json!(failed));
    m.insert("connectors".into(), json!(connectors));
    m.insert("failed_connectors".into(), json!(failed_connectors));
    m.insert(
        "attempt_count".into(),
        json!(deliveries.iter().map(|d| d.attempt_count).sum::<usize>()),
    );
    m.insert(
        "status_codes".into(),
        json!(deliveries.iter().map(|d| d.status_code).collect::<Vec<_>>()),
    );
    if let Some(p) = path {
        m.insert("evidence_path".into(), json!(p.display().to_string()));
    }
    Value::Object(m)
}

/// Each integration's health follows its connectors' outcomes.
fn update_health(
    inventory: &Inventory,
    opts: &DeliverOptions,
    plans: &[Plan],
    deliveries: &[Delivery],
) -> Result<(), CliError> {
    // connector → its integration; integration id → (all ok, gone)
    let integration_of: BTreeMap<&str, String> = plans
        .iter()
        .filter_map(|p| {
            let id = opts.integration.clone().or_else(|| p.conn.integration_id.clone())?;
            Some((p.conn.name.as_str(), id))
        })
        .collect();
    let mut by_id: BTreeMap<String, (bool, bool)> =
        integration_of.values().map(|id| (id.clone(), (true, false))).collect();
    for d in deliveries {
        if let Some(entry) = integration_of
            .get(d.connector.as_str())
            .and_then(|id| by_id.get_mut(id))
        {
            entry.0 &= d.success;
            entry.1 |= d.integration_disabled;
        }
    }
    for (id, (ok, gone)) in by_id {
        let mut changes = Map::new();
        changes.insert("health_status".into(), json!(if ok { "healthy" } else { "failed" }));
        changes.insert("last_checked_at".into(), json!(opts.now.rfc3339()));
        if gone {
            changes.insert("status".into(), json!("disabled"));
        }
        match inventory.update(&id, &changes) {
            Ok(_) => {}
            Err(crate::error::StoreError::NotFound { .. }) if opts.integration.is_none() => {
                eprintln!("warning: connector names integration {id}, which is not in the inventory");
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::send::Attempt;

    #[test]
    fn evidence_serializes_canonically() {
        // The evidence is written and printed straight from its types; their
        // fields must stay in alphabetical order for that to be canonical.
        let attempt = Attempt {
            completed_at: "2026-01-01T00:00:01.000Z".into(),
            error: Some("HTTP 503".into()),
            retry_after: Some("1".into()),
            started_at: "2026-01-01T00:00:00.000Z".into(),
            status_code: Some(503),
            wait_ms: Some(1000),
        };
        let delivery = Delivery {
            attempt_count: 2,
            attempts: vec![attempt.clone(), attempt],
            completed_at: "2026-01-01T00:00:02.000Z".into(),
            connector: "hook".into(),
            error: None,
            events: 1,
            idempotency_key: "msg_1".into(),
            integration_disabled: false,
            provider: Provider::Webhook,
            reference: Some("OPS-1".into()),
            request: RequestRecord {
                headers: [("webhook-id".to_string(), "msg_1".to_string())].into(),
                method: "POST".into(),
                url: "https://example.test/[REDACTED]".into(),
                url_sha256: "00".into(),
            },
            started_at: "2026-01-01T00:00:00.000Z".into(),
            status_code: Some(204),
            success: true,
        };
        let evidence = Evidence {
            deliveries: vec![delivery],
            event_count: 1,
            event_id: "evt-1".into(),
            event_type: "policy.decision".into(),
            generated_at: "2026-01-01T00:00:00Z".into(),
            product: "cavra",
            schema: "cavra.connector.delivery.v1",
            session_id: None,
            success: true,
        };
        let direct = crate::store::to_canonical_pretty(&evidence);
        let via_value = crate::store::to_canonical_pretty(&serde_json::to_value(&evidence).unwrap());
        assert_eq!(
            String::from_utf8(direct).unwrap(),
            String::from_utf8(via_value).unwrap()
        );
    }
}
