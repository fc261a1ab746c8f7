//! `cavra delivery retry`: re-sends failed release deliveries to the
//! providers that failed, and only those.
//!
//! Policy: the input is re-read from the path the ledger recorded and
//! refused when its sha256 changed (a retry re-sends what was approved,
//! never something else); the event is rebuilt from it, so every provider
//! gets the same idempotency key as the first time. A failure is still
//! open until a retry of the same delivery succeeds for that connector;
//! the new ledger entry says `retry_of` (the original's seq) and keeps the
//! original's kind and source, so histories and dashboards count it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{ReleaseError, ReleaseKind, ReleaseOutcome, prepare, send};
use crate::ops::deliver::DeliverOptions;
use crate::ops::history::{Filter, History, HistoryError, Item};
use crate::ops::workspace::Workspace;
use crate::progress::Progress;
use crate::store::sha256_hex;

/// What a retry is asked to do.
#[derive(Debug, Clone)]
pub enum Which {
    /// The open failures of this event id.
    EventId(String),
    /// Every open failure of a release delivery (in the window of the
    /// filter's `since`/`until`); other sources record no input to re-read.
    Failed(Filter),
}

#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    #[error("no delivery of event {event_id} in the evidence metadata ledger")]
    UnknownEvent { event_id: String, nearest: Vec<String> },
    #[error("event {event_id} has no failed delivery left to retry (every provider succeeded or was recovered)")]
    NothingOpen { event_id: String },
    #[error("the delivery at seq {seq} ({source_name}) cannot be retried: {reason}")]
    NotRetryable {
        seq: u64,
        source_name: String,
        reason: String,
    },
    #[error("{}: changed since the delivery at seq {seq} (recorded sha256 {recorded}, now {now}): refusing to re-send something else", path.display())]
    InputChanged {
        path: PathBuf,
        seq: u64,
        recorded: String,
        now: String,
    },
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Release(#[from] ReleaseError),
}

impl crate::error::Diagnostic for RetryError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            RetryError::UnknownEvent { .. } | RetryError::NothingOpen { .. } | RetryError::NotRetryable { .. } => {
                ExitCode::Conflict
            }
            RetryError::InputChanged { .. } => ExitCode::Data,
            RetryError::History(e) => e.exit_code(),
            RetryError::Release(e) => e.exit_code(),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            RetryError::UnknownEvent { nearest, .. } => match crate::suggest::did_you_mean(nearest) {
                Some(q) => q,
                None => "`cavra delivery history --no-success` lists the failed deliveries".to_string(),
            },
            RetryError::NothingOpen { .. } => {
                "`cavra delivery history --event-id ID` shows its deliveries and retries".to_string()
            }
            RetryError::NotRetryable { .. } => "deliver it again with the command that sent it".to_string(),
            RetryError::InputChanged { .. } => {
                "restore the recorded input (`git log -p -- <file>`), or deliver the changed input as a new delivery"
                    .to_string()
            }
            RetryError::History(_) | RetryError::Release(_) => return Vec::new(),
        };
        vec![hint]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            RetryError::History(e) => Some(e),
            RetryError::Release(e) => Some(e),
            _ => None,
        }
    }
}

/// One retried delivery.
#[derive(Debug, Serialize)]
pub struct Retried {
    pub retry_of: u64,
    pub event_id: String,
    pub connectors: Vec<String>,
    #[serde(flatten)]
    pub outcome: ReleaseOutcome,
}

/// The retries made.
#[derive(Debug, Serialize)]
pub struct RetryOutcome {
    pub retried: Vec<Retried>,
    /// Every retry delivered.
    pub success: bool,
}

/// The connectors of `root` whose failure no later retry recovered.
fn open_failures(history: &History, root: &Item) -> Vec<String> {
    let names = |i: &Item, field: &str| -> BTreeSet<String> {
        i.record
            .get(field)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    };
    let mut open = names(root, "failed_connectors");
    for retry in history.items.iter().filter(|i| i.retry_of == Some(root.seq)) {
        let failed = names(retry, "failed_connectors");
        for c in names(retry, "connectors").difference(&failed) {
            open.remove(c);
        }
    }
    open.into_iter().collect()
}

/// Retries the open failures `which` names, in ledger order.
pub fn retry(
    ws: &Workspace,
    history: &History,
    which: &Which,
    opts: &DeliverOptions,
    progress: &dyn Progress,
) -> Result<RetryOutcome, RetryError> {
    let originals: Vec<&Item> = match which {
        Which::EventId(id) => {
            let of_event: Vec<&Item> = history
                .items
                .iter()
                .filter(|i| i.retry_of.is_none() && i.event_id() == id)
                .collect();
            if of_event.is_empty() {
                let known: BTreeSet<&str> = history.items.iter().map(Item::event_id).collect();
                return Err(RetryError::UnknownEvent {
                    event_id: id.clone(),
                    nearest: crate::suggest::nearest(id, known.iter().copied()),
                });
            }
            let open: Vec<&Item> = of_event
                .into_iter()
                .filter(|i| !open_failures(history, i).is_empty())
                .collect();
            if open.is_empty() {
                return Err(RetryError::NothingOpen { event_id: id.clone() });
            }
            open
        }
        Which::Failed(filter) => history
            .matching(filter)
            .filter(|i| {
                i.retry_of.is_none()
                    && i.str("connector_delivery_source")
                        .and_then(ReleaseKind::from_source)
                        .is_some()
                    && !open_failures(history, i).is_empty()
            })
            .collect(),
    };
    // Every input is checked before anything is sent.
    let mut planned = Vec::new();
    for item in originals {
        let source_name = item.str("connector_delivery_source").unwrap_or_default().to_string();
        let not_retryable = |reason: &str| RetryError::NotRetryable {
            seq: item.seq,
            source_name: source_name.clone(),
            reason: reason.to_string(),
        };
        let kind = ReleaseKind::from_source(&source_name)
            .ok_or_else(|| not_retryable("only release deliveries record their input for a retry"))?;
        let (Some(input), Some(recorded)) = (item.str("input_path"), item.str("input_sha256")) else {
            return Err(not_retryable("the entry records no input path and sha256"));
        };
        let path = ws.root.join(input);
        let (bytes, _) = super::read_json(&path)?;
        let now = sha256_hex(&bytes);
        if now != recorded {
            return Err(RetryError::InputChanged {
                path,
                seq: item.seq,
                recorded: recorded.to_string(),
                now,
            });
        }
        let selection: Vec<String> = match item.record.get("publication_providers") {
            Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
            _ => Vec::new(),
        };
        let prepared = prepare(ws, kind, &path, &selection, &opts.now)?;
        planned.push((item, path, prepared, open_failures(history, item)));
    }
    let mut retried = Vec::new();
    for (item, path, prepared, connectors) in planned {
        let mut extra = Map::new();
        extra.insert("retry_of".into(), json!(item.seq));
        let mut opts = opts.clone();
        opts.event_file = path;
        let outcome = send(ws, prepared, &opts, progress, extra, Some(connectors.clone()))?;
        retried.push(Retried {
            retry_of: item.seq,
            event_id: item.event_id().to_string(),
            connectors,
            outcome,
        });
    }
    Ok(RetryOutcome {
        success: retried.iter().all(|r| r.outcome.delivery.evidence.success),
        retried,
    })
}
