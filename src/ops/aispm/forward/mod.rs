//! `cavra aispm forward`: every event of a tenant, in ledger order, to a
//! SIEM connector (Splunk HEC, Sentinel Logs Ingestion, Datadog logs, a
//! webhook), each event accepted once, resumable after a failure or a kill.
//!
//! A source of the one delivery engine ([`crate::ops::deliver::run_with`]):
//! the events are the tenant's ledger records as the ledger holds them, sent
//! as a stream (the provider's bulk batches; a connector stops at its first
//! failed batch).
//!
//! The ledger is read in one streaming pass per (tenant, connector), through
//! its one reader ([`crate::store::ledger::for_each`]: every line verified),
//! on a thread of its own one window ahead of the sending ([`window`]).
//! Memory is that of a window, whatever the ledger's length: entries up to
//! the cursor are skipped (only their dedupe keys are kept), and each event
//! carries its record's canonical text, which the bulk providers copy into
//! their bodies as it stands rather than parse and serialise it again. A
//! ledger that fails verification part-way stops the pass there, with the
//! read's error: the windows before the damaged entry were verified, sent
//! and recorded, and the cursor says how far.
//!
//! Policy: a cursor per (tenant, connector) names the ledger position
//! (`seq` and entry hash) of the last event the destination acknowledged.
//! It lives in the evidence metadata ledger, in the same entry as the
//! evidence of the batches that moved it, so evidence and cursor are never
//! apart. The ledger is cut into windows of [`WINDOW`] entries at fixed
//! `seq` boundaries; each window is one engine run and one entry. A batch is
//! fixed by its first event and its window, so a batch that failed (or
//! whose answer was lost, or whose run was killed) is rebuilt whole on the
//! next run, with the same idempotency key (`webhook-id`,
//! `Idempotency-Key`), and a destination that did accept it can drop it.
//! Nothing crosses tenants: a connector with `tenant` in its configuration
//! takes only that tenant's events.

mod window;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{AispmError, load_tenant, load_tenants};
use crate::clock::Timestamp;
use crate::connector::config::{self, ConnectorDef, Provider};
use crate::connector::send::Delivery;
use crate::error::{ExitCode, StoreError};
use crate::ops::deliver::plan::DryRequest;
use crate::ops::deliver::{self, DeliverError, DeliverOptions, DeliverySource};
use crate::ops::workspace::Workspace;
use crate::store::aispm::TenantFiles;
use crate::store::registry::{EVIDENCE_METADATA, StoreLocation};

/// How forwarding is recorded.
pub const SOURCE: DeliverySource = DeliverySource {
    metadata_kind: "aispm-forward",
    connector_delivery_source: "cli_aispm_forward",
    file_suffix: "aispm-forward",
};

/// Ledger entries per window (one engine run, one evidence entry).
pub const WINDOW: u64 = 25_000;

/// The Splunk `sourcetype` of a forwarded event.
pub const SOURCETYPE: &str = "cavra:aispm";

/// A position in a tenant's event ledger: it survives appends, and a ledger
/// rewritten under it (another history) no longer matches its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub seq: u64,
    pub entry_hash: String,
}

/// What stops forwarding before anything is sent.
#[derive(Debug, thiserror::Error)]
pub enum ForwardError {
    #[error("no enabled connector of provider {provider}{} in {config}", named.as_ref().map(|n| format!(" named {n}")).unwrap_or_default())]
    NoConnector {
        provider: &'static str,
        named: Option<String>,
        config: String,
    },
    #[error("connector {connector} is bound to tenant {bound}: refusing to forward tenant {tenant}'s events to it")]
    CrossTenant {
        connector: String,
        bound: String,
        tenant: String,
    },
    #[error(
        "the forwarding cursor of connector {connector} names entry {seq} ({hash}) of tenant {tenant}'s ledger, which the ledger does not hold"
    )]
    CursorLost {
        tenant: String,
        connector: String,
        seq: u64,
        hash: String,
    },
    #[error(transparent)]
    Deliver(#[from] DeliverError),
    #[error(transparent)]
    Aispm(#[from] AispmError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for ForwardError {
    fn exit_code(&self) -> ExitCode {
        match self {
            ForwardError::NoConnector { .. } => ExitCode::Usage,
            ForwardError::CrossTenant { .. } => ExitCode::Conflict,
            ForwardError::CursorLost { .. } => ExitCode::Data,
            _ => self.wrapped().map_or(ExitCode::Internal, |w| w.exit_code()),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            ForwardError::NoConnector { .. } => {
                "add a connector of that provider to the connector configuration (see examples/connectors/connectors.json)".to_string()
            }
            ForwardError::CrossTenant { connector, .. } => format!(
                "forward that tenant to a connector bound to it, or remove `tenant` from connector {connector}"
            ),
            ForwardError::CursorLost { .. } => {
                "the ledger was replaced under the cursor (a restore or another branch): check it with `cavra validate`".to_string()
            }
            _ => return Vec::new(),
        };
        vec![hint]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            ForwardError::Deliver(e) => Some(e),
            ForwardError::Aispm(e) => Some(e),
            ForwardError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// What `cavra aispm forward` is asked to do.
#[derive(Debug, Clone)]
pub struct ForwardOptions {
    /// One tenant; `None`: every tenant, each into its own cursor.
    pub tenant: Option<String>,
    pub provider: Provider,
    pub connector: Option<String>,
    /// Only events that occurred at or after this time (the cursor still
    /// moves past the others).
    pub since: Option<String>,
    pub event_types: Vec<String>,
    pub retries: u32,
    pub timeout: Duration,
    pub dry_run: bool,
    pub now: Timestamp,
}

/// `cavra.aispm.forward.v1`.
#[derive(Debug, Serialize)]
pub struct ForwardOutcome {
    pub schema: &'static str,
    pub dry_run: bool,
    /// Every (tenant, connector) reached its ledger's end.
    pub success: bool,
    pub forwards: Vec<Forward>,
}

/// One (tenant, connector).
#[derive(Debug, Serialize)]
pub struct Forward {
    pub tenant: String,
    pub connector: String,
    pub provider: Provider,
    pub cursor_before: Option<Position>,
    pub cursor: Option<Position>,
    /// Events to send when the run began (after the cursor and filters).
    pub pending: u64,
    /// Events acknowledged in this run.
    pub acknowledged: u64,
    /// Batches acknowledged in this run.
    pub batches: u64,
    /// The failed batch's error; the next run sends it again.
    pub error: Option<String>,
    /// The evidence metadata ledger entries this run appended.
    pub metadata_seqs: Vec<u64>,
    /// `--dry-run`: the requests of the first window, secrets masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<Vec<DryRequest>>,
}

/// `cavra aispm forward`.
pub fn forward(ws: &Workspace, opts: &ForwardOptions) -> Result<ForwardOutcome, ForwardError> {
    let tenants: Vec<String> = match &opts.tenant {
        Some(t) => vec![load_tenant(&ws.root, t)?.tenant_id],
        None => load_tenants(&ws.root)?.into_iter().map(|t| t.tenant_id).collect(),
    };
    let path = config::locate(&ws.root, None);
    let defs: Vec<ConnectorDef> = config::load(&path)
        .map_err(DeliverError::from)?
        .into_iter()
        .filter(|d| d.provider == opts.provider)
        .filter(|d| opts.connector.as_ref().is_none_or(|n| &d.name == n))
        .filter(|d| d.enabled() || opts.connector.is_some())
        .collect();
    if defs.is_empty() {
        return Err(ForwardError::NoConnector {
            provider: opts.provider.as_str(),
            named: opts.connector.clone(),
            config: path.display().to_string(),
        });
    }
    let mut pairs = Vec::new();
    for tenant in &tenants {
        for def in &defs {
            match bound_tenant(def) {
                Some(bound) if bound != tenant => {
                    // Named both ways, the user asked to cross: refuse. Picked
                    // by provider or by --all-tenants: not this tenant's.
                    if opts.tenant.is_some() && (opts.connector.is_some() || defs.len() == 1) {
                        return Err(ForwardError::CrossTenant {
                            connector: def.name.clone(),
                            bound: bound.to_string(),
                            tenant: tenant.clone(),
                        });
                    }
                }
                _ => pairs.push((tenant.clone(), def.clone())),
            }
        }
    }
    if opts.tenant.is_some() && pairs.is_empty() {
        let def = &defs[0];
        return Err(ForwardError::CrossTenant {
            connector: def.name.clone(),
            bound: bound_tenant(def).unwrap_or_default().to_string(),
            tenant: tenants[0].clone(),
        });
    }
    let mut forwards = Vec::new();
    for (tenant, def) in pairs {
        let files = TenantFiles::new(&ws.root, &tenant);
        // Two runs forwarding one tenant would both send what neither has
        // recorded yet.
        let lock = crate::store::fsio::lock(
            &files.index.with_file_name("forward"),
            crate::store::fsio::lock_timeout(),
        )?;
        forwards.push(forward_one(ws, opts, &tenant, &def, &files.events)?);
        drop(lock);
    }
    Ok(ForwardOutcome {
        schema: "cavra.aispm.forward.v1",
        dry_run: opts.dry_run,
        success: forwards.iter().all(|f| f.error.is_none()),
        forwards,
    })
}

/// The tenant a connector is bound to (`tenant` in its configuration).
pub fn bound_tenant(def: &ConnectorDef) -> Option<&str> {
    def.raw.get("tenant").and_then(Value::as_str)
}

/// The cursor of every connector that forwarded `tenant`, from the evidence
/// metadata ledger: (connector, cursor, the last forwarded event's time).
pub fn cursors(metadata: &StoreLocation, tenant: &str) -> Result<Vec<(String, Position, Option<String>)>, StoreError> {
    let mut out: Vec<(String, Position, Option<String>)> = Vec::new();
    for e in crate::store::ledger::read(metadata)? {
        let r = &e.record;
        if r["metadata_kind"] != SOURCE.metadata_kind || r["tenant"] != tenant {
            continue;
        }
        let (Some(conn), Ok(pos)) = (
            r["forward_connector"].as_str(),
            serde_json::from_value::<Position>(r["forward_cursor"].clone()),
        ) else {
            continue;
        };
        let at = r["forward_last_event_at"].as_str().map(str::to_string);
        match out.iter_mut().find(|(c, ..)| c == conn) {
            Some(slot) => *slot = (conn.to_string(), pos, at),
            None => out.push((conn.to_string(), pos, at)),
        }
    }
    Ok(out)
}

/// How many events the deliveries acknowledged, in order (a stream stops at
/// its first failure), and in how many batches.
fn acknowledged(deliveries: &[Delivery]) -> (usize, u64, Option<String>) {
    let mut events = 0;
    let mut batches = 0;
    for d in deliveries {
        if let Some(reason) = &d.skipped {
            return (events, batches, Some(format!("skipped: {reason}")));
        }
        if !d.success {
            return (
                events,
                batches,
                Some(d.error.clone().unwrap_or_else(|| "failed".into())),
            );
        }
        events += d.events;
        batches += 1;
    }
    (events, batches, None)
}

fn forward_one(
    ws: &Workspace,
    opts: &ForwardOptions,
    tenant: &str,
    def: &ConnectorDef,
    events: &StoreLocation,
) -> Result<Forward, ForwardError> {
    let cursor_before = cursors(&ws.locate(&EVIDENCE_METADATA), tenant)?
        .into_iter()
        .find(|(c, ..)| *c == def.name)
        .map(|(_, p, _)| p);
    let filter = window::Filter {
        since: opts.since.as_deref().map(super::posture::normalise),
        event_types: opts.event_types.clone(),
    };
    let mut f = Forward {
        tenant: tenant.to_string(),
        connector: def.name.clone(),
        provider: def.provider,
        cursor: cursor_before.clone(),
        cursor_before,
        pending: 0,
        acknowledged: 0,
        batches: 0,
        error: None,
        metadata_seqs: Vec::new(),
        requests: None,
    };
    let deliver_opts = DeliverOptions {
        event_file: "aispm-forward".into(),
        config: None,
        select: vec![def.name.clone()],
        integration: None,
        retries: opts.retries,
        timeout: opts.timeout,
        output: None,
        metadata_json: None,
        dry_run: opts.dry_run,
        include_disabled: false,
        stream: true,
        now: opts.now,
    };
    let origin = Path::new("aispm-forward");
    let mut recorded = f.cursor_before.clone();
    // One pass over the ledger on its own thread, a window ahead of the
    // sending here: it hands over each window when this side takes it, and
    // reads on to count what is pending once this side stops taking (a
    // failed batch, a dry run). An error here abandons it.
    let abandon = &AtomicBool::new(false);
    let (filter, cursor_before) = (&filter, f.cursor_before.clone());
    let (scanned, sent) = std::thread::scope(|s| {
        let (give, windows) = std::sync::mpsc::sync_channel::<window::Window>(0);
        let scan = s.spawn(move || {
            window::scan(
                events,
                WINDOW,
                cursor_before.as_ref(),
                filter,
                &opts.now,
                &mut |w| give.send(w).is_ok(),
                &|| abandon.load(Ordering::Relaxed),
            )
        });
        let sent = (|| -> Result<(), ForwardError> {
            for window in &windows {
                if window.events.is_empty() {
                    // Nothing to send here: the cursor passes it (recorded with
                    // the next window that sends, or at the end).
                    f.cursor = Some(window.last);
                    continue;
                }
                let before = f.cursor.clone();
                let record = |ds: &[Delivery]| -> Map<String, Value> {
                    let (acked, _, _) = acknowledged(ds);
                    cursor_fields(
                        tenant,
                        &def.name,
                        &before,
                        &window.cursor_after(acked, &before),
                        window.last_event_at(acked),
                        acked,
                        opts,
                    )
                };
                let out = deliver::run_with(
                    ws,
                    &SOURCE,
                    &window.events,
                    origin,
                    &deliver_opts,
                    &crate::progress::Silent,
                    &record,
                )?;
                if opts.dry_run {
                    // The first window's requests; a dry run records nothing.
                    f.requests = out.dry_run;
                    return Ok(());
                }
                let (acked, batches, error) = acknowledged(&out.evidence.deliveries);
                f.cursor = window.cursor_after(acked, &before);
                recorded = f.cursor.clone();
                f.acknowledged += acked as u64;
                f.batches += batches;
                f.metadata_seqs.extend(out.metadata_seq);
                if error.is_some() {
                    f.error = error;
                    return Ok(());
                }
            }
            Ok(())
        })();
        if sent.is_err() {
            abandon.store(true, Ordering::Relaxed);
        }
        // The pass ends once it reads no more windows from here.
        drop(windows);
        (scan.join().expect("the ledger pass does not panic"), sent)
    });
    // A ledger problem is what stopped the windows; else a delivery error.
    f.pending = match scanned {
        Ok(pending) => pending,
        Err(window::ScanError::Store(e)) => return Err(AispmError::from(e).into()),
        Err(window::ScanError::CursorLost) => {
            let p = f.cursor_before.clone().expect("only a cursor is lost");
            return Err(ForwardError::CursorLost {
                tenant: tenant.to_string(),
                connector: def.name.clone(),
                seq: p.seq,
                hash: p.entry_hash,
            });
        }
    };
    sent?;
    if opts.dry_run {
        return Ok(f);
    }
    // Trailing entries nothing was sent for: their passing is recorded too.
    if f.error.is_none() && f.cursor != recorded {
        let mut m = cursor_fields(tenant, &def.name, &recorded, &f.cursor, None, 0, opts);
        m.insert("metadata_kind".into(), json!(SOURCE.metadata_kind));
        m.insert(
            "connector_delivery_source".into(),
            json!(SOURCE.connector_delivery_source),
        );
        m.insert("created_at".into(), json!(opts.now.rfc3339()));
        m.insert("event_count".into(), json!(0));
        m.insert("delivery_success".into(), json!(true));
        let seqs = crate::store::ledger::append(&ws.locate(&EVIDENCE_METADATA), &[Value::Object(m)])?;
        f.metadata_seqs.extend(seqs);
    }
    Ok(f)
}

/// The forwarding fields of an evidence metadata entry.
fn cursor_fields(
    tenant: &str,
    connector: &str,
    before: &Option<Position>,
    after: &Option<Position>,
    last_event_at: Option<String>,
    acked: usize,
    opts: &ForwardOptions,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("tenant".into(), json!(tenant));
    m.insert("forward_connector".into(), json!(connector));
    m.insert("forward_cursor_before".into(), json!(before));
    m.insert("forward_cursor".into(), json!(after));
    m.insert("forward_events_acknowledged".into(), json!(acked));
    if let Some(at) = last_event_at {
        m.insert("forward_last_event_at".into(), json!(at));
    }
    if opts.since.is_some() || !opts.event_types.is_empty() {
        m.insert(
            "forward_filter".into(),
            json!({"since": opts.since, "event_types": opts.event_types}),
        );
    }
    m
}

/// How far one connector's forwarding of a tenant is behind its ledger.
#[derive(Debug, Clone, Serialize)]
pub struct Lag {
    pub connector: String,
    /// The cursor's `seq` (none: nothing forwarded yet).
    pub cursor_seq: Option<u64>,
    /// Ledger entries after the cursor.
    pub behind_events: u64,
    /// The newest event's time minus the last forwarded event's (none when
    /// not known: nothing forwarded yet).
    pub behind_seconds: Option<i64>,
    /// When the last forwarded event occurred.
    pub last_forwarded_event_at: Option<String>,
}

/// The lag of every connector that forwarded `tenant` or is bound to it:
/// `entries` is the ledger's size, `newest` its newest event's time.
pub fn lags(root: &Path, tenant: &str, entries: u64, newest: Option<&str>) -> Result<Vec<Lag>, StoreError> {
    let metadata = StoreLocation::resolve(&EVIDENCE_METADATA, root);
    let mut out: Vec<Lag> = cursors(&metadata, tenant)?
        .into_iter()
        .map(|(connector, pos, at)| {
            let behind_events = entries.saturating_sub(pos.seq);
            let behind_seconds = match (
                behind_events,
                newest.and_then(Timestamp::parse),
                at.as_deref().and_then(Timestamp::parse),
            ) {
                (0, ..) => Some(0),
                (_, Some(n), Some(a)) => Some((n.unix() - a.unix()).max(0)),
                _ => None,
            };
            Lag {
                connector,
                cursor_seq: Some(pos.seq),
                behind_events,
                behind_seconds,
                last_forwarded_event_at: at,
            }
        })
        .collect();
    // Bound to the tenant but never forwarded: everything is behind. (A
    // configuration that does not load is `connector check`'s to report.)
    let config = config::locate(root, None);
    for def in config::load(&config).unwrap_or_default() {
        if bound_tenant(&def) == Some(tenant) && !out.iter().any(|l| l.connector == def.name) {
            out.push(Lag {
                connector: def.name,
                cursor_seq: None,
                behind_events: entries,
                behind_seconds: if entries == 0 { Some(0) } else { None },
                last_forwarded_event_at: None,
            });
        }
    }
    Ok(out)
}
