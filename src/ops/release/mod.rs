//! Release governance delivery: promotion audits, rollback executions and
//! endpoint-management exports, sent through the one delivery engine
//! ([`crate::ops::deliver::run_recorded`]) as their own sources.
//!
//! Policy: the input is checked completely before anything is sent — its
//! schema, its deterministic ids (the first CAVRA's: `rpe_`, `rre_`,
//! `eme_`, `emp_` + a sha256 prefix), and for an export every artifact
//! against `checksums.txt`. An export goes only to the jamf/intune/linux
//! connectors it names; asking for another provider is an error, never a
//! fan-out to unrelated connectors. The ledger entry records metadata only:
//! the input's repository path and sha256 (so `cavra delivery retry` can
//! re-read it and refuse a changed one), the ids, and an export's artifact
//! digests; never a credential, URL, header or payload. The event is built
//! from the input alone (no clock), so a retry builds the same event and
//! sends the same idempotency key.

pub mod export;
pub mod retry;
pub mod views;

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::deliver::{self, DeliverError, DeliverOptions, DeliverOutcome, DeliverySource};
use super::workspace::Workspace;
use crate::clock::Timestamp;
use crate::connector::providers::Event;
use crate::error::Problem;
use crate::progress::Progress;
use crate::store::sha256_hex;

/// The three release inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKind {
    Promotion,
    Rollback,
    EndpointExport,
}

pub const PROMOTION_SOURCE: DeliverySource = DeliverySource {
    metadata_kind: "release-connector-delivery",
    connector_delivery_source: "release_governance_promotion",
    file_suffix: "promotion-audit-delivery",
};
pub const ROLLBACK_SOURCE: DeliverySource = DeliverySource {
    metadata_kind: "release-connector-delivery",
    connector_delivery_source: "release_governance_rollback",
    file_suffix: "rollback-execution-delivery",
};
pub const EXPORT_SOURCE: DeliverySource = DeliverySource {
    metadata_kind: "endpoint-management-publication-delivery",
    connector_delivery_source: "release_governance_endpoint_export",
    file_suffix: "endpoint-publication-delivery",
};

pub const PROMOTION_EVENT: &str = "cavra.rollout_promotion_execution";
pub const ROLLBACK_EVENT: &str = "cavra.rollout_rollback_execution";
pub const PUBLICATION_EVENT: &str = "cavra.endpoint-management-publication.v1";

impl ReleaseKind {
    pub fn schema(self) -> &'static str {
        match self {
            ReleaseKind::Promotion => "cavra.go-runtime.endpoint-rollout-promotion-execution.v1",
            ReleaseKind::Rollback => "cavra.go-runtime.endpoint-rollout-rollback-execution.v1",
            ReleaseKind::EndpointExport => "cavra.endpoint-management-export.v1",
        }
    }
    pub fn source(self) -> &'static DeliverySource {
        match self {
            ReleaseKind::Promotion => &PROMOTION_SOURCE,
            ReleaseKind::Rollback => &ROLLBACK_SOURCE,
            ReleaseKind::EndpointExport => &EXPORT_SOURCE,
        }
    }
    /// The kind a ledger entry's `connector_delivery_source` names.
    pub fn from_source(source: &str) -> Option<ReleaseKind> {
        [
            ReleaseKind::Promotion,
            ReleaseKind::Rollback,
            ReleaseKind::EndpointExport,
        ]
        .into_iter()
        .find(|k| k.source().connector_delivery_source == source)
    }
}

/// What stops a release delivery before anything is sent.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    #[error("cannot read {}: {reason}", path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{} is not valid JSON (line {line}, column {column}): {reason}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{} is not a valid {schema}: {}", path.display(), problems.first().map(ToString::to_string).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        schema: &'static str,
        problems: Vec<Problem>,
    },
    #[error("{}: field {field} is {found}, but its inputs give {expected}", path.display())]
    IdMismatch {
        path: PathBuf,
        field: &'static str,
        found: String,
        expected: String,
    },
    #[error("{}: no checksums.txt beside the manifest (expected {})", manifest.display(), checksums.display())]
    ChecksumsMissing { manifest: PathBuf, checksums: PathBuf },
    #[error("{} line {line}: {reason}", path.display())]
    ChecksumsMalformed { path: PathBuf, line: usize, reason: String },
    #[error("{}: artifacts: {artifact} (for {provider}) is not listed in {}", manifest.display(), checksums.display())]
    NotListed {
        manifest: PathBuf,
        checksums: PathBuf,
        artifact: String,
        provider: String,
    },
    #[error("{}: artifacts: {artifact} (for {provider}) is missing: {}", manifest.display(), path.display())]
    ArtifactMissing {
        manifest: PathBuf,
        path: PathBuf,
        artifact: String,
        provider: String,
    },
    #[error("{}: checksum mismatch: checksums.txt says {expected}, the file's sha256 is {computed}", path.display())]
    ChecksumMismatch {
        path: PathBuf,
        expected: String,
        computed: String,
    },
    #[error("{}: the artifact is not a JSON object: {reason}", path.display())]
    ArtifactNotJson { path: PathBuf, reason: String },
    #[error("{}: artifacts: {provider} is in providers but has no artifact", manifest.display())]
    NoArtifact { manifest: PathBuf, provider: String },
    #[error("{}: providers: the export does not contain {provider} (it contains {})", manifest.display(), contains.join(", "))]
    ProviderNotInExport {
        manifest: PathBuf,
        provider: String,
        contains: Vec<String>,
    },
    #[error(transparent)]
    Deliver(#[from] DeliverError),
}

impl crate::error::Diagnostic for ReleaseError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            ReleaseError::Read { .. } => ExitCode::Io,
            ReleaseError::ProviderNotInExport { .. } => ExitCode::Usage,
            ReleaseError::Deliver(e) => e.exit_code(),
            _ => ExitCode::Data,
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            ReleaseError::Invalid { problems, .. } => crate::error::problem_causes(problems, 1, 10),
            ReleaseError::ChecksumMismatch { .. } => {
                vec!["the artifact is not the one the export was approved with; nothing was sent".to_string()]
            }
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            ReleaseError::Read { .. } => "give the path of the release input (a JSON file)".to_string(),
            ReleaseError::Invalid { schema, .. } => {
                format!("`cavra schema show {schema}` prints the schema; examples/release/ has worked examples")
            }
            ReleaseError::IdMismatch { .. } => "ids are derived from the input (rpe_/rre_/eme_ + sha256 prefix): fix the id or the fields it is derived from".to_string(),
            ReleaseError::ChecksumsMissing { .. } => {
                "write it beside the manifest: `sha256sum jamf-policy.json intune-win32-app.json > checksums.txt`"
                    .to_string()
            }
            ReleaseError::ChecksumsMalformed { .. } | ReleaseError::NotListed { .. } => {
                "checksums.txt holds one `<sha256>  <name>` line per artifact, as `sha256sum` writes it".to_string()
            }
            ReleaseError::ChecksumMismatch { .. } => {
                "rebuild the export, or regenerate checksums.txt if the change is intended (and approved)".to_string()
            }
            ReleaseError::ProviderNotInExport { contains, .. } => format!(
                "an export is published only to its own providers: --provider {}",
                contains.join(",")
            ),
            _ => return Vec::new(),
        };
        vec![hint]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            ReleaseError::Deliver(e) => Some(e),
            _ => None,
        }
    }
}

/// A release input, checked and turned into its event.
#[derive(Debug)]
pub struct Prepared {
    pub kind: ReleaseKind,
    pub event: Event,
    /// The connectors (by name or provider) the event goes to.
    pub select: Vec<String>,
    /// The ledger entry's release fields (ids, input path and digest).
    pub metadata: Map<String, Value>,
}

/// `prefix` + the first 12 hex digits of sha256(`text`).
pub fn derived_id(prefix: &str, text: &str) -> String {
    format!("{prefix}{}", &sha256_hex(text.as_bytes())[..12])
}

/// Reads a JSON object input (size limit, regular files only).
pub(crate) fn read_json(path: &Path) -> Result<(Vec<u8>, Value), ReleaseError> {
    let bytes = crate::store::fsio::read_input(path).map_err(|e| ReleaseError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| ReleaseError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        reason: crate::error::strip_position(&e.to_string()),
    })?;
    Ok((bytes, value))
}

/// `path` as the ledger records it: relative to the repository when inside it.
pub(crate) fn repo_path(ws: &Workspace, path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::path::absolute(&ws.root).unwrap_or_else(|_| ws.root.clone());
    abs.strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or(abs)
        .display()
        .to_string()
}

/// The event of a release input: `value` as its payload, with `fields`
/// added; named `id`. The digest (and so the idempotency key) is of the
/// canonical text, so the same input always gives the same event.
fn release_event(
    id: &str,
    mut value: Map<String, Value>,
    fields: Value,
    now: &Timestamp,
) -> Result<Event, ReleaseError> {
    if let Value::Object(f) = fields {
        value.extend(f);
    }
    let value = Value::Object(value);
    let raw = serde_json::to_string(&value).expect("values serialize");
    // The event's own time is its `timestamp` (an input's `created_at`);
    // `now` only when it has none (the digest is of `raw`, which has no clock).
    let mut event = deliver::events::event(value, &raw, now).map_err(|(field, reason)| DeliverError::BadEventId {
        path: PathBuf::from("<release event>"),
        line: None,
        field,
        reason,
    })?;
    event.id = id.to_string();
    Ok(event)
}

/// Checks a release input and builds its event. `providers` is `--provider`
/// (for an export: the providers to publish to; empty or `all`: every one
/// it contains).
pub fn prepare(
    ws: &Workspace,
    kind: ReleaseKind,
    path: &Path,
    providers: &[String],
    now: &Timestamp,
) -> Result<Prepared, ReleaseError> {
    let (bytes, value) = read_json(path)?;
    let problems = crate::store::schema::check(kind.schema(), &value, path, None);
    if !problems.is_empty() {
        return Err(ReleaseError::Invalid {
            path: path.to_path_buf(),
            schema: kind.schema(),
            problems,
        });
    }
    let Value::Object(obj) = value else {
        unreachable!("the schema requires an object")
    };
    let s = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let mut metadata = Map::new();
    metadata.insert("input_path".into(), json!(repo_path(ws, path)));
    metadata.insert("input_sha256".into(), json!(sha256_hex(&bytes)));
    let check = |field: &'static str, expected: String| {
        let found = s(field);
        if found == expected {
            Ok(expected)
        } else {
            Err(ReleaseError::IdMismatch {
                path: path.to_path_buf(),
                field,
                found,
                expected,
            })
        }
    };
    match kind {
        ReleaseKind::Promotion => {
            let id = check(
                "execution_id",
                derived_id("rpe_", &format!("{}:{}", s("request_id"), s("approval_id"))),
            )?;
            metadata.insert("execution_id".into(), json!(id));
            metadata.insert("approval_id".into(), json!(s("approval_id")));
            let fields = json!({"event_type": PROMOTION_EVENT, "severity": "high", "timestamp": s("created_at")});
            Ok(Prepared {
                kind,
                event: release_event(&id, obj, fields, now)?,
                select: providers.to_vec(),
                metadata,
            })
        }
        ReleaseKind::Rollback => {
            let id = check(
                "rollback_id",
                derived_id("rre_", &format!("{}:{}", s("promotion_execution_id"), s("approval_id"))),
            )?;
            metadata.insert("rollback_id".into(), json!(id));
            metadata.insert("promotion_execution_id".into(), json!(s("promotion_execution_id")));
            metadata.insert("approval_id".into(), json!(s("approval_id")));
            let fields = json!({"event_type": ROLLBACK_EVENT, "severity": "critical", "timestamp": s("created_at")});
            Ok(Prepared {
                kind,
                event: release_event(&id, obj, fields, now)?,
                select: providers.to_vec(),
                metadata,
            })
        }
        ReleaseKind::EndpointExport => export::prepare(path, obj, providers, metadata, now),
    }
}

/// What a release delivery did: the engine's outcome and the release's ids.
#[derive(Debug, Serialize)]
pub struct ReleaseOutcome {
    #[serde(flatten)]
    pub delivery: DeliverOutcome,
    pub release: Map<String, Value>,
}

/// Delivers the release input `opts.event_file` as `kind` to the connectors
/// `opts.select` names (for an export: the providers it contains).
pub fn deliver(
    ws: &Workspace,
    kind: ReleaseKind,
    opts: &DeliverOptions,
    progress: &dyn Progress,
) -> Result<ReleaseOutcome, ReleaseError> {
    let prepared = prepare(ws, kind, &opts.event_file, &opts.select, &opts.now)?;
    send(ws, prepared, opts, progress, Map::new(), None)
}

/// Sends a prepared release event through the engine, to `connectors`
/// (a retry's) or else to the ones the input selects.
pub(crate) fn send(
    ws: &Workspace,
    prepared: Prepared,
    opts: &DeliverOptions,
    progress: &dyn Progress,
    extra: Map<String, Value>,
    connectors: Option<Vec<String>>,
) -> Result<ReleaseOutcome, ReleaseError> {
    let mut opts = opts.clone();
    opts.select = connectors.unwrap_or_else(|| prepared.select.clone());
    let mut metadata = prepared.metadata;
    metadata.extend(extra);
    let delivery = deliver::run_recorded(
        ws,
        prepared.kind.source(),
        std::slice::from_ref(&prepared.event),
        &opts.event_file,
        &opts,
        progress,
        &metadata,
    )?;
    metadata.remove("retry_of");
    Ok(ReleaseOutcome {
        delivery,
        release: metadata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_first_cavras() {
        let export = derived_id("eme_", "stable:v0.2.0:intune,jamf:apr_0001");
        assert_eq!(export, "eme_9ce6f5280e62");
        assert_eq!(
            derived_id("emp_", &format!("{export}:stable:v0.2.0:jamf")),
            "emp_01ccc7fcb72e"
        );
    }
}
