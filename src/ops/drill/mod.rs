//! Rollback drills (SPEC section 4): schedules, due-date notifications,
//! acknowledgements, acknowledgement audit packages and their delivery.
//!
//! Policy: the schedules and the routing policy are committed table stores
//! ([`schedule`], [`routing`]); everything that happens — a notification
//! plan, an acknowledgement, an audit package, an audit delivery plan, an
//! escalation plan — is an entry of the evidence metadata ledger with its
//! own `metadata_kind`, so the history is append-only and diffable. A
//! schedule's status is derived from the clock, never stored, so it cannot
//! go stale. Notifications and audit packages are *sources* of the one
//! delivery engine ([`crate::ops::deliver::run_recorded`]): they build their
//! event and tags; selection, sending, evidence, ledger and health are the
//! engine's. Ids are content-derived (prefix + sha256 prefix) so the same
//! input gives the same id. Nothing delivered carries an acknowledgement's
//! note, and no entry holds a credential, URL or payload.

pub mod audit;
pub mod delivery;
pub mod notify;
pub mod record;
pub mod routing;
pub mod routing_history;
pub mod schedule;
pub mod views;

use serde_json::Value;

use crate::error::StoreError;
use crate::ops::deliver::{DeliverError, DeliverySource};
use crate::ops::workspace::Workspace;
use crate::store::ledger;
use crate::store::registry::EVIDENCE_METADATA;

/// The ledger's `metadata_kind` of each drill record. The notification
/// plan, acknowledgement, audit package and audit delivery plan are written
/// under the first CAVRA's names (SPEC 10.2); [`LEGACY_KINDS`] maps the
/// names cavra wrote before to them, so older ledger entries still count.
pub const KIND_SCHEDULE: &str = "rollback-drill-schedule";
pub const KIND_NOTIFICATION_PLAN: &str = "go-backend-rollback-drill-notification-plan";
pub const KIND_NOTIFICATION_DELIVERY: &str = "rollback-drill-notification-delivery";
pub const KIND_ACKNOWLEDGEMENT: &str = "go-backend-rollback-drill-notification-ack";
pub const KIND_AUDIT: &str = "go-backend-rollback-drill-acknowledgement-audit-package";
pub const KIND_AUDIT_PLAN: &str = "go-backend-rollback-drill-acknowledgement-audit-delivery-plan";
pub const KIND_AUDIT_DELIVERY: &str = "rollback-drill-acknowledgement-audit-delivery";
pub const KIND_ESCALATION: &str = "rollback-drill-escalation-plan";
pub const KIND_DRILL_RECORD: &str = "go-backend-rollback-drill-record";

/// The kinds cavra wrote before it took the first CAVRA's names → the
/// names written now. Ledgers are never rewritten: readers and filters
/// take either.
pub const LEGACY_KINDS: &[(&str, &str)] = &[
    ("rollback-drill-notification-plan", KIND_NOTIFICATION_PLAN),
    ("rollback-drill-acknowledgement", KIND_ACKNOWLEDGEMENT),
    ("rollback-drill-acknowledgement-audit", KIND_AUDIT),
    ("rollback-drill-acknowledgement-audit-delivery-plan", KIND_AUDIT_PLAN),
];

/// Every drill kind written now.
pub const KINDS: &[&str] = &[
    KIND_SCHEDULE,
    KIND_NOTIFICATION_PLAN,
    KIND_NOTIFICATION_DELIVERY,
    KIND_ACKNOWLEDGEMENT,
    KIND_AUDIT,
    KIND_AUDIT_PLAN,
    KIND_AUDIT_DELIVERY,
    KIND_ESCALATION,
    KIND_DRILL_RECORD,
];

/// Every kind `--metadata-kind` and the drill views take: [`KINDS`], then
/// the legacy names of [`LEGACY_KINDS`] (each name written once, above).
pub const ACCEPTED_KINDS: &[&str] = &{
    let mut all = [""; KINDS.len() + LEGACY_KINDS.len()];
    let mut i = 0;
    while i < all.len() {
        all[i] = if i < KINDS.len() {
            KINDS[i]
        } else {
            LEGACY_KINDS[i - KINDS.len()].0
        };
        i += 1;
    }
    all
};

/// The kind `kind` is read as: a legacy name is its present name.
pub fn canonical_kind(kind: &str) -> &str {
    LEGACY_KINDS
        .iter()
        .find(|(old, _)| *old == kind)
        .map_or(kind, |(_, new)| new)
}

/// Whether a record of kind `found` is a record of kind `kind` (present
/// name or its legacy alias).
pub fn is_kind(found: Option<&str>, kind: &str) -> bool {
    found.is_some_and(|f| canonical_kind(f) == kind)
}

/// `kinds` with each one's other name added (a filter on either name
/// finds the entries written under both).
pub fn with_aliases(kinds: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in kinds {
        let present = canonical_kind(k);
        let names = std::iter::once(present).chain(
            LEGACY_KINDS
                .iter()
                .filter(|(_, new)| *new == present)
                .map(|(old, _)| *old),
        );
        for n in names {
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
    }
    out
}

/// The event type of drill notifications on the wire (the first CAVRA's).
pub const NOTIFICATION_EVENT_TYPE: &str = "cavra.go_backend.rollback_drill.notification";
/// The event type of acknowledgement audit deliveries on the wire.
pub const AUDIT_EVENT_TYPE: &str = "cavra.go_backend.rollback_drill.acknowledgement_audit_delivery";

/// A drill notification, as the delivery engine records it.
pub const NOTIFICATION_SOURCE: DeliverySource = DeliverySource {
    metadata_kind: KIND_NOTIFICATION_DELIVERY,
    connector_delivery_source: "go_backend_rollback_drill_notification",
    file_suffix: "rollback-drill-notification",
};

/// An acknowledgement audit package, as the delivery engine records it.
pub const AUDIT_SOURCE: DeliverySource = DeliverySource {
    metadata_kind: KIND_AUDIT_DELIVERY,
    connector_delivery_source: "go_backend_rollback_drill_acknowledgement_audit",
    file_suffix: "rollback-drill-acknowledgement-audit",
};

/// The Splunk `sourcetype` of audit package deliveries.
pub const AUDIT_SOURCETYPE: &str = "cavra:rollback_drill_ack_audit";

/// What stops a drill command; nothing is written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum DrillError {
    #[error("no drill schedule {} in {store}", crate::secrets::label(id))]
    UnknownSchedule {
        store: String,
        id: String,
        nearest: Vec<String>,
    },
    #[error("drill schedule {} already exists in {store}", crate::secrets::label(id))]
    ScheduleExists { store: String, id: String },
    #[error("provider {} is not on drill schedule {schedule} (acknowledgement_required_providers: {})", crate::secrets::label(provider), providers.join(", "))]
    ProviderNotOnSchedule {
        schedule: String,
        provider: String,
        providers: Vec<String>,
    },
    #[error("no acknowledgement audit package {} in {ledger}", crate::secrets::label(id))]
    UnknownAudit { ledger: String, id: String },
    #[error(
        "no acknowledgement audit delivery {} in the evidence metadata ledger",
        crate::secrets::label(id)
    )]
    UnknownDelivery { id: String },
    #[error("no routing policy rule {} in {store}", crate::secrets::label(id))]
    UnknownPolicy { store: String, id: String },
    #[error("{field}: {reason}")]
    BadField { field: &'static str, reason: String },
    #[error("no provider to deliver audit package {audit_id} to")]
    NoProvider { audit_id: String },
    #[error(transparent)]
    Deliver(#[from] DeliverError),
    #[error(transparent)]
    History(#[from] crate::ops::history::HistoryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for DrillError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            DrillError::UnknownSchedule { .. }
            | DrillError::ScheduleExists { .. }
            | DrillError::UnknownAudit { .. }
            | DrillError::UnknownDelivery { .. }
            | DrillError::UnknownPolicy { .. } => ExitCode::Conflict,
            DrillError::ProviderNotOnSchedule { .. } | DrillError::BadField { .. } | DrillError::NoProvider { .. } => {
                ExitCode::Usage
            }
            DrillError::Deliver(e) => e.exit_code(),
            DrillError::History(e) => e.exit_code(),
            DrillError::Store(e) => e.exit_code(),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            DrillError::UnknownSchedule { nearest, .. } => match crate::suggest::did_you_mean(nearest) {
                Some(question) => question,
                None => "`cavra drill schedule list` shows the known schedules".to_string(),
            },
            DrillError::ScheduleExists { id, .. } => format!(
                "change it with `cavra drill schedule update {} …`",
                crate::secrets::label(id)
            ),
            DrillError::ProviderNotOnSchedule { schedule, .. } => format!(
                "acknowledge one of its providers, or add the provider with `cavra drill schedule update {schedule} --acknowledgement-required-provider …`"
            ),
            DrillError::UnknownAudit { .. } => "`cavra drill audit` builds a package and prints its audit_id; `cavra drill history --metadata-kind go-backend-rollback-drill-acknowledgement-audit-package` lists them".to_string(),
            DrillError::UnknownDelivery { .. } => "`cavra drill history --metadata-kind rollback-drill-acknowledgement-audit-delivery` lists the deliveries".to_string(),
            DrillError::UnknownPolicy { .. } => "`cavra drill policy list` shows the rules".to_string(),
            DrillError::NoProvider { .. } => "name providers with --provider".to_string(),
            DrillError::BadField { .. } | DrillError::Deliver(_) | DrillError::History(_) | DrillError::Store(_) => {
                return Vec::new();
            }
        };
        vec![hint]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            DrillError::Deliver(e) => Some(e),
            DrillError::History(e) => Some(e),
            DrillError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// `prefix` + the first 12 hex digits of sha256(`text`).
pub fn derived_id(prefix: &str, text: &str) -> String {
    format!("{prefix}{}", &crate::store::sha256_hex(text.as_bytes())[..12])
}

/// Every record of the evidence metadata ledger, in order (the chain and
/// anchors verified by the one ledger reader).
pub fn ledger_records(ws: &Workspace) -> Result<Vec<Value>, StoreError> {
    Ok(ledger::read(&ws.locate(&EVIDENCE_METADATA))?
        .into_iter()
        .map(|e| e.record.into_value())
        .collect())
}

/// Appends drill records to the evidence metadata ledger.
pub fn append(ws: &Workspace, records: &[Value]) -> Result<Vec<u64>, StoreError> {
    ledger::append(&ws.locate(&EVIDENCE_METADATA), records)
}

/// The records of one `kind` (written under its present or legacy name).
pub fn of_kind<'a>(records: &'a [Value], kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    records
        .iter()
        .filter(move |r| is_kind(r.get("metadata_kind").and_then(Value::as_str), kind))
}

/// A string field of a record.
pub fn text<'a>(record: &'a Value, field: &str) -> Option<&'a str> {
    record.get(field).and_then(Value::as_str)
}

/// The alert levels, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum AlertLevel {
    Healthy,
    Warning,
    Critical,
}

impl AlertLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertLevel::Healthy => "healthy",
            AlertLevel::Warning => "warning",
            AlertLevel::Critical => "critical",
        }
    }
}
