//! `cavra integration deliver`: send evidence events to the selected
//! connectors and keep a credential-free record of what happened.
//!
//! Order, so that bad input never sends anything: read the events (and check
//! their ids), load the configuration, select connectors, resolve only
//! those (a variable missing for another connector is no error), build
//! every request; only then send. Connectors are delivered concurrently
//! (one thread each); within one connector, requests go in order. Providers
//! that accept batches (Splunk HEC concatenation, Datadog and Sentinel
//! arrays) get events in batches within their limits. Before the first
//! request: the claim on the record ([`evidence::claim`]: ledger lock,
//! reservation, the evidence file's name); afterwards the evidence file and
//! its one entry in the evidence metadata ledger ([`evidence::record`], so
//! nothing sent is ever unrecorded), then the integrations' health
//! ([`health`]).
//!
//! The engine is shared: [`run`] takes the events from any source and a
//! [`DeliverySource`] (the ledger's `metadata_kind`, its
//! `connector_delivery_source` and the evidence file suffix). `cavra
//! integration deliver` is [`deliver`]: events read by [`events`] from a
//! file, with [`CLI_SOURCE`]. Release, drill and AISPM-replay deliveries
//! build their own events and call [`run`] with their own source; plan,
//! sending, evidence, ledger and health come with it.

pub mod events;
pub mod evidence;
pub mod health;
pub mod plan;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use self::evidence::Evidence;
use self::plan::{DryRequest, Plan, Skip};
use super::inventory::{Backend, Inventory};
use super::workspace::Workspace;
use crate::clock::Timestamp;
use crate::connector::ConnectorError;
use crate::connector::config;
use crate::connector::providers::Event;
use crate::connector::retry::Policy;
use crate::connector::secret::Redactor;
use crate::connector::send::{self, Attempt, Delivery, RequestRecord, Stamper};
use crate::error::StoreError;
use crate::progress::Progress;
use crate::store::registry::{EVIDENCE_METADATA, StoreLocation};

/// Where a delivery comes from, as its records name it.
#[derive(Debug, Clone, Copy)]
pub struct DeliverySource {
    /// The ledger entry's `metadata_kind`.
    pub metadata_kind: &'static str,
    /// The ledger entry's `connector_delivery_source`.
    pub connector_delivery_source: &'static str,
    /// The evidence file is `{event id}-{file_suffix}.json`.
    pub file_suffix: &'static str,
}

/// `cavra integration deliver`.
pub const CLI_SOURCE: DeliverySource = DeliverySource {
    metadata_kind: "connector-delivery",
    connector_delivery_source: "cli_integration_deliver",
    file_suffix: "connector-delivery",
};

/// What stops a delivery before anything is sent, or keeps it from being
/// recorded.
#[derive(Debug, thiserror::Error)]
pub enum DeliverError {
    #[error("cannot read {}: {reason}", path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{}{}: an event must be a JSON object", path.display(), line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    NotObject { path: PathBuf, line: Option<usize> },
    #[error("{} is not valid JSON (line {line}, column {column}): {reason}", path.display())]
    InvalidJson {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{} line {line}: not valid JSON: {reason}", path.display())]
    InvalidLine { path: PathBuf, line: usize, reason: String },
    #[error("{} holds no event", path.display())]
    NoEvent { path: PathBuf },
    #[error("{}{}: `{field}` {reason}", path.display(), line.map(|l| format!(" line {l}")).unwrap_or_default())]
    BadEventId {
        path: PathBuf,
        line: Option<usize>,
        field: &'static str,
        reason: String,
    },
    #[error("{}: {source}", path.display())]
    TooLarge { path: PathBuf, source: ConnectorError },
    #[error("delivery evidence does not match its schema: {0}")]
    Schema(String),
    #[error(transparent)]
    Connector(#[from] ConnectorError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for DeliverError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            DeliverError::Read { .. } => ExitCode::Io,
            DeliverError::NotObject { .. }
            | DeliverError::InvalidJson { .. }
            | DeliverError::InvalidLine { .. }
            | DeliverError::NoEvent { .. }
            | DeliverError::BadEventId { .. } => ExitCode::Data,
            DeliverError::TooLarge { source, .. } => source.exit_code(),
            DeliverError::Schema(_) => ExitCode::Internal,
            DeliverError::Connector(e) => e.exit_code(),
            DeliverError::Store(e) => e.exit_code(),
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            DeliverError::TooLarge { source, .. } => source.causes(),
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        const SHAPE_HINT: &str = "deliver one JSON object, or NDJSON with one object per line";
        let hint = match self {
            DeliverError::Read { .. } => {
                "give the path of an event JSON object or an NDJSON file of them (or - for standard input)".to_string()
            }
            DeliverError::NotObject { .. } | DeliverError::InvalidJson { .. } => SHAPE_HINT.to_string(),
            DeliverError::BadEventId { .. } => format!(
                "an event id names the delivery's records: at most {} characters, no control characters",
                events::MAX_ID_CHARS
            ),
            DeliverError::TooLarge { source, .. } => return source.hints(),
            _ => return Vec::new(),
        };
        vec![hint]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            DeliverError::Connector(e) => Some(e),
            DeliverError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// What a delivery is asked to do.
#[derive(Debug, Clone)]
pub struct DeliverOptions {
    pub event_file: PathBuf,
    pub config: Option<PathBuf>,
    /// Connector names (or provider names); empty means every one.
    pub select: Vec<String>,
    pub integration: Option<String>,
    pub retries: u32,
    pub timeout: Duration,
    pub output: Option<PathBuf>,
    pub metadata_json: Option<PathBuf>,
    pub dry_run: bool,
    /// Send to disabled connectors and integrations too.
    pub include_disabled: bool,
    /// The events are a stream whose order matters (AISPM forwarding):
    /// every provider gets them in its bulk batches
    /// ([`crate::connector::providers::ProviderApi::bulk_limits`]), and a
    /// connector stops at its first failed request, so nothing after an
    /// unacknowledged batch is sent.
    pub stream: bool,
    pub now: Timestamp,
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
    /// `--dry-run`: the `*_env` references that are unset (their values are
    /// shown as `${VAR}` placeholders), as `connector: key → VAR`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unset_references: Vec<String>,
    /// Things the command should say on stderr.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// `cavra integration deliver`: the events of `opts.event_file`, delivered.
pub fn deliver(ws: &Workspace, opts: &DeliverOptions, progress: &dyn Progress) -> Result<DeliverOutcome, DeliverError> {
    let events = events::read_events(&opts.event_file, &opts.now)?;
    run(
        ws,
        &CLI_SOURCE,
        &events,
        events::source_name(&opts.event_file),
        opts,
        progress,
    )
}

/// The engine: delivers `events` (which came from `origin`, for messages)
/// as `source`, under `opts` (its `event_file` is not read).
pub fn run(
    ws: &Workspace,
    source: &DeliverySource,
    events: &[Event],
    origin: &Path,
    opts: &DeliverOptions,
    progress: &dyn Progress,
) -> Result<DeliverOutcome, DeliverError> {
    run_recorded(ws, source, events, origin, opts, progress, &Map::new())
}

/// [`run`], with `extra` fields in the ledger entry (a source's own
/// metadata: its input file and digest, export ids, `retry_of`). Metadata
/// only: never a credential, URL, header or payload.
pub fn run_recorded(
    ws: &Workspace,
    source: &DeliverySource,
    events: &[Event],
    origin: &Path,
    opts: &DeliverOptions,
    progress: &dyn Progress,
    extra: &Map<String, Value>,
) -> Result<DeliverOutcome, DeliverError> {
    run_with(ws, source, events, origin, opts, progress, &|_| extra.clone())
}

/// [`run_recorded`], with the extra ledger fields computed from what was
/// delivered (a forwarding cursor names the last acknowledged event, in the
/// same ledger entry as the evidence of the batches that moved it).
pub fn run_with(
    ws: &Workspace,
    source: &DeliverySource,
    events: &[Event],
    origin: &Path,
    opts: &DeliverOptions,
    progress: &dyn Progress,
    extra: &dyn Fn(&[Delivery]) -> Map<String, Value>,
) -> Result<DeliverOutcome, DeliverError> {
    if let (Some(dir), false) = (&opts.output, opts.dry_run) {
        // Refused before anything is sent or created.
        crate::store::fsio::check_output(dir)?;
    }
    let path = config::locate(&ws.root, opts.config.as_deref());
    let all = config::load(&path)?;
    let selected = plan::select(&all, &opts.select)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let inventory = Inventory::new(ws, Backend::from_env(ws), &opts.now.rfc3339());
    if let Some(id) = &opts.integration {
        inventory.show(id)?;
    }
    let mut plans = Vec::new();
    let mut skips = Vec::new();
    for def in &selected {
        let integration_id = opts.integration.clone().or_else(|| def.integration_id());
        let reason = if opts.include_disabled {
            None
        } else if !def.enabled() {
            Some("the connector says `enabled: false`".to_string())
        } else {
            match integration_id.as_deref() {
                Some(id) if health::is_disabled(&inventory, id)? => Some(format!("integration {id} is disabled")),
                _ => None,
            }
        };
        match reason {
            Some(reason) => skips.push(Skip {
                def: def.clone(),
                reason: format!("{reason} (--include-disabled sends anyway)"),
            }),
            None => plans.push(plan::plan(def, &dir, &ws.root, events, origin, opts)?),
        }
    }
    let mut redactor = Redactor::default();
    for p in &plans {
        redactor.extend(&p.conn.redactor);
    }
    let clock = Stamper::new(&opts.now);
    if opts.dry_run {
        return Ok(dry_run(events, &plans, &redactor, opts, &clock, &skips));
    }
    let loc = match &opts.metadata_json {
        Some(p) => StoreLocation::at(&EVIDENCE_METADATA, p.clone(), "--metadata-json"),
        None => ws.locate(&EVIDENCE_METADATA),
    };
    // Reserve before anything is sent (see `evidence`).
    let planned: Vec<(String, &'static str)> = plans
        .iter()
        .filter(|p| !p.requests.is_empty())
        .map(|p| (p.conn.name.clone(), p.conn.provider.as_str()))
        .collect();
    let head = evidence::evidence(events, Vec::new(), &opts.now, &redactor);
    // The claim promises no acknowledgement: its fields are those of a
    // delivery that reached nobody (a forwarding cursor that has not moved).
    let claim = evidence::claim(
        &head,
        &planned,
        opts.output.as_deref(),
        &loc,
        source,
        &opts.now,
        &extra(&[]),
    )?;
    let policy = Policy {
        max_retries: opts.retries,
        // Tests skip the backoff (a `Retry-After` is still honoured).
        base: match crate::env::var(crate::env::CAVRA_TEST_NO_RETRY_DELAY) {
            Some(_) => Duration::ZERO,
            None => Policy::default().base,
        },
        ..Policy::default()
    };
    progress.start(plans.iter().map(|p| p.requests.len() as u64).sum());
    let run_one = |p: &Plan| -> Vec<Delivery> { send_plan(p, &policy, &clock, progress, opts.stream) };
    // The first connector runs on this thread, each further one on its own.
    // (One connector, the common case, then spawns nothing: a thread's
    // allocator arena grows page by page, which cost sequential runs 10%.)
    let mut deliveries: Vec<Delivery> = std::thread::scope(|s| {
        let Some((first, rest)) = plans.split_first() else {
            return Vec::new();
        };
        let others: Vec<_> = rest.iter().map(|plan| s.spawn(|| run_one(plan))).collect();
        let mut all = run_one(first);
        for h in others {
            all.extend(h.join().expect("delivery threads do not panic"));
        }
        all
    });
    progress.finish();
    for s in &skips {
        deliveries.push(send::skipped(&s.def, s.reason.clone(), &clock));
    }
    // Response text may hold secrets that are not the connector's own.
    for d in &mut deliveries {
        scrub_found_secrets(d);
    }
    let evidence = evidence::evidence(events, deliveries, &opts.now, &redactor);
    if cfg!(debug_assertions) {
        // The evidence is built from typed values that cannot hold anything
        // else; every test run (a debug build) checks it against the schema.
        let value = serde_json::to_value(&evidence).expect("evidence serializes");
        let problems = crate::store::schema::check("cavra.connector.delivery.v1", &value, Path::new("evidence"), None);
        if let Some(p) = problems.first() {
            return Err(DeliverError::Schema(p.to_string()));
        }
    }
    let extra = extra(&evidence.deliveries);
    let (evidence_path, seq) = evidence::record(&evidence, claim, &loc, source, &opts.now, &extra)?;
    let integration_of: BTreeMap<String, String> = plans
        .iter()
        .filter_map(|p| {
            let id = opts.integration.clone().or_else(|| p.conn.integration_id.clone())?;
            Some((p.conn.name.clone(), id))
        })
        .collect();
    let warnings = health::update(
        &inventory,
        &integration_of,
        &evidence.deliveries,
        &opts.now,
        opts.integration.is_some(),
    )?;
    Ok(DeliverOutcome {
        evidence,
        evidence_path: evidence_path.map(|p| p.display().to_string()),
        metadata_seq: seq,
        dry_run: None,
        unset_references: Vec::new(),
        warnings,
    })
}

/// One connector's requests, in order (or, when its OAuth token could not
/// be had, a failed delivery for each). A `stream` stops at the first
/// failed request: what follows it is not sent.
fn send_plan(p: &Plan, policy: &Policy, clock: &Stamper, progress: &dyn Progress, stream: bool) -> Vec<Delivery> {
    let mut out = Vec::with_capacity(p.requests.len());
    for r in &p.requests {
        let d = match &p.token_error {
            Some(error) => token_failure(p, r, error, clock),
            None => send::deliver(&p.agent, &p.conn, r, policy, clock),
        };
        progress.advance(1);
        let failed = !d.success;
        out.push(d);
        if stream && failed {
            break;
        }
    }
    out
}

/// The failed delivery of a request whose connector got no token.
fn token_failure(p: &Plan, r: &send::Planned, error: &str, clock: &Stamper) -> Delivery {
    let started_at = clock.stamp();
    let completed_at = started_at.clone();
    let error = p.conn.redactor.scrub(error);
    Delivery {
        attempt_count: 1,
        attempts: vec![Attempt {
            completed_at: completed_at.clone(),
            error: Some(error.clone()),
            retry_after: None,
            started_at: started_at.clone(),
            status_code: None,
            wait_ms: None,
        }],
        completed_at,
        connector: p.conn.name.clone(),
        error: Some(error),
        events: r.events,
        found_existing: false,
        idempotency_key: r.key.clone(),
        integration_disabled: false,
        provider: p.conn.provider,
        reference: None,
        request: RequestRecord::of(&r.request, p.conn.provider, &p.conn.redactor),
        skipped: None,
        started_at,
        status_code: None,
        success: false,
    }
}

/// Masks what the secret scanner recognises (tokens, keys) in the text a
/// receiver answered with, which the connector's own secrets do not cover.
fn scrub_found_secrets(d: &mut Delivery) {
    let scrub = |s: &mut Option<String>| {
        if let Some(text) = s {
            *text = crate::connector::secret::scrub_detected(text);
        }
    };
    scrub(&mut d.error);
    scrub(&mut d.reference);
    for a in &mut d.attempts {
        scrub(&mut a.error);
        scrub(&mut a.retry_after);
    }
}

/// The dry run: every request as it would go, redacted; nothing sent.
fn dry_run(
    events: &[Event],
    plans: &[Plan],
    redactor: &Redactor,
    opts: &DeliverOptions,
    clock: &Stamper,
    skips: &[Skip],
) -> DeliverOutcome {
    let mut shown = Vec::new();
    let mut unset = Vec::new();
    for p in plans {
        for (key, var) in &p.conn.unset {
            unset.push(format!("{}: {key} → {var}", p.conn.name));
        }
        for r in &p.requests {
            let mut body = plan::body_value(&r.request.body);
            redactor.scrub_json(&mut body);
            shown.push(DryRequest {
                connector: p.conn.name.clone(),
                provider: p.conn.provider,
                idempotency_key: r.key.clone(),
                events: r.events,
                request: RequestRecord::of(&r.request, p.conn.provider, redactor),
                body,
            });
        }
    }
    let skipped = skips
        .iter()
        .map(|s| send::skipped(&s.def, s.reason.clone(), clock))
        .collect();
    DeliverOutcome {
        evidence: evidence::evidence(events, skipped, &opts.now, redactor),
        evidence_path: None,
        metadata_seq: None,
        dry_run: Some(shown),
        unset_references: unset,
        warnings: Vec::new(),
    }
}
