//! Drill records: completed rollback drills, and each schedule's drill
//! history readiness (SPEC 10.2).
//!
//! Policy: `drill record` appends one ledger entry per completed drill,
//! under the first CAVRA's field names (`drill_id`, `executed_at`,
//! `actor`, `status` pass|fail, `fallback_verified`, `recovery_minutes`,
//! `max_recovery_minutes`); a drill id is recorded once per schedule. A
//! passing drill moves the schedule's `last_drill_at` (and so its due
//! date) when it is later. The first CAVRA's drill history file
//! (`CAVRA_GO_ROLLBACK_DRILL_HISTORY`, `cavra.go-backend-rollback-drill-
//! history.v1`, `{drills: […]}`) is read beside the ledger: a drill naming
//! a `schedule_id` counts for that schedule, one naming none for every
//! schedule. A schedule's history is `ready` when its latest drill passed,
//! verified the fallback, took no longer than its target and ran within
//! the max age (`CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS`, default 90 days);
//! else `stale`, with the reason.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Value, json};

use super::schedule::{self, Fields, Schedule};
use super::{DrillError, KIND_DRILL_RECORD, is_kind, of_kind, text};
use crate::clock::Timestamp;
use crate::error::{Problem, StoreError};
use crate::ops::workspace::Workspace;
use crate::store::ledger;
use crate::store::registry::EVIDENCE_METADATA;

/// The default of `CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS`.
pub const MAX_AGE_DAYS: u32 = 90;

/// A drill's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
        }
    }
}

/// A completed drill, as recorded or read from the first CAVRA's file.
#[derive(Debug, Clone, Serialize)]
pub struct Drill {
    pub drill_id: String,
    pub schedule_id: Option<String>,
    pub executed_at: String,
    pub actor: Option<String>,
    pub status: String,
    pub fallback_verified: bool,
    pub recovery_minutes: Option<u64>,
    pub max_recovery_minutes: Option<u64>,
}

impl Drill {
    /// Of a ledger entry or a drill of the first CAVRA's file.
    fn of(v: &Value) -> Option<Drill> {
        let s = |k: &str| text(v, k).map(str::to_string);
        Some(Drill {
            drill_id: s("drill_id")?,
            schedule_id: s("schedule_id"),
            executed_at: s("executed_at")?,
            actor: s("actor"),
            status: s("status").unwrap_or_default(),
            fallback_verified: v.get("fallback_verified").and_then(Value::as_bool).unwrap_or(false),
            recovery_minutes: v.get("recovery_minutes").and_then(Value::as_u64),
            max_recovery_minutes: v.get("max_recovery_minutes").and_then(Value::as_u64),
        })
    }
    fn applies_to(&self, schedule_id: &str) -> bool {
        self.schedule_id.as_deref().is_none_or(|s| s == schedule_id)
    }
}

/// What `drill record` is given.
#[derive(Debug, Clone)]
pub struct Given {
    pub drill_id: String,
    pub outcome: Outcome,
    pub fallback_verified: bool,
    pub minutes: u32,
    pub target_minutes: u32,
    pub executed_at: Option<String>,
    pub actor: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RecordOutcome {
    #[serde(flatten)]
    pub drill: Drill,
    /// Whether the schedule's last drill moved to this one.
    pub schedule_updated: bool,
    pub next_due_at: String,
}

fn bad(field: &'static str, reason: String) -> DrillError {
    DrillError::BadField { field, reason }
}

/// `cavra drill record SCHEDULE`.
pub fn record(ws: &Workspace, schedule_id: &str, g: &Given, now: &Timestamp) -> Result<RecordOutcome, DrillError> {
    let s = schedule::show(ws, schedule_id)?;
    let id = g.drill_id.trim();
    if id.is_empty() || id.chars().count() > 128 || id.chars().any(char::is_control) {
        return Err(bad(
            "--drill-id",
            "must be 1 to 128 characters without control characters".into(),
        ));
    }
    if g.minutes == 0 {
        return Err(bad("--minutes", "must be at least 1".into()));
    }
    if g.target_minutes == 0 {
        return Err(bad("--target-minutes", "must be at least 1".into()));
    }
    let executed = match &g.executed_at {
        Some(t) => Timestamp::parse(t).ok_or_else(|| bad("--executed-at", format!("{t} is not an RFC 3339 time")))?,
        None => *now,
    };
    if executed > *now {
        return Err(bad(
            "--executed-at",
            format!("{} is in the future (now {})", executed.rfc3339(), now.rfc3339()),
        ));
    }
    let records = drill_records(ws)?;
    if of_kind(&records, KIND_DRILL_RECORD)
        .any(|r| text(r, "schedule_id") == Some(schedule_id) && text(r, "drill_id") == Some(id))
    {
        return Err(bad(
            "--drill-id",
            format!("drill {id} of schedule {schedule_id} is recorded already"),
        ));
    }
    let drill = Drill {
        drill_id: id.to_string(),
        schedule_id: Some(schedule_id.to_string()),
        executed_at: executed.rfc3339(),
        actor: g.actor.clone(),
        status: g.outcome.as_str().to_string(),
        fallback_verified: g.fallback_verified,
        recovery_minutes: Some(u64::from(g.minutes)),
        max_recovery_minutes: Some(u64::from(g.target_minutes)),
    };
    let mut entry = serde_json::to_value(&drill).expect("drills serialize");
    entry["metadata_kind"] = json!(KIND_DRILL_RECORD);
    entry["created_at"] = json!(now.rfc3339());
    entry["owner"] = json!(s.owner);
    super::append(ws, &[entry])?;
    let later = s
        .last_drill_at
        .as_deref()
        .and_then(Timestamp::parse)
        .is_none_or(|last| executed > last);
    let (schedule_updated, next_due_at) = if g.outcome == Outcome::Pass && later {
        let f = Fields {
            last_drill_at: Some(executed.rfc3339()),
            ..Fields::default()
        };
        let out = schedule::update(ws, schedule_id, &f, now)?;
        (true, out.schedule.next_due_at)
    } else {
        (false, s.next_due_at)
    };
    Ok(RecordOutcome {
        drill,
        schedule_updated,
        next_due_at,
    })
}

/// A schedule's drill history readiness.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub latest_drill_id: Option<String>,
    pub latest_drill_at: Option<String>,
    pub drill_count: usize,
    /// `ready` or `stale`.
    pub drill_history_status: &'static str,
    pub drill_history_reason: Option<String>,
}

/// The readiness of `s` from `drills` at `now`.
pub fn readiness(s: &Schedule, drills: &[Drill], now: &Timestamp, max_age_days: u32) -> Readiness {
    let mine: Vec<&Drill> = drills.iter().filter(|d| d.applies_to(&s.schedule_id)).collect();
    let latest = mine
        .iter()
        .copied()
        .max_by_key(|d| Timestamp::parse(&d.executed_at).map(|t| t.unix()).unwrap_or(i64::MIN));
    let reason = match latest {
        None => Some("no drill recorded".to_string()),
        Some(d) => {
            let age = Timestamp::parse(&d.executed_at).map(|t| now.unix() - t.unix());
            if d.status != "pass" {
                Some(format!("the latest drill {} did not pass", d.drill_id))
            } else if !d.fallback_verified {
                Some(format!("the latest drill {} did not verify the fallback", d.drill_id))
            } else if let (Some(m), Some(max)) = (d.recovery_minutes, d.max_recovery_minutes)
                && m > max
            {
                Some(format!(
                    "the latest drill {} took {m} minutes, over its target of {max}",
                    d.drill_id
                ))
            } else if age.is_none_or(|a| a > i64::from(max_age_days) * 86_400) {
                Some(format!(
                    "the latest drill {} is older than {max_age_days} days",
                    d.drill_id
                ))
            } else {
                None
            }
        }
    };
    Readiness {
        latest_drill_id: latest.map(|d| d.drill_id.clone()),
        latest_drill_at: latest.map(|d| d.executed_at.clone()),
        drill_count: mine.len(),
        drill_history_status: if reason.is_none() { "ready" } else { "stale" },
        drill_history_reason: reason,
    }
}

/// The max age of a ready history (`CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS`,
/// checked when the command starts).
pub fn max_age_days() -> u32 {
    crate::env::number(crate::env::CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS)
        .ok()
        .flatten()
        .map_or(MAX_AGE_DAYS, |n| n as u32)
}

/// The drills of the first CAVRA's history file, when
/// `CAVRA_GO_ROLLBACK_DRILL_HISTORY` names one (relative to the repository).
pub fn file_drills(ws: &Workspace) -> Result<Vec<Drill>, DrillError> {
    let Some(path) = crate::env::var(crate::env::CAVRA_GO_ROLLBACK_DRILL_HISTORY) else {
        return Ok(Vec::new());
    };
    let path = ws.root.join(PathBuf::from(path));
    let problem = |message: String| -> DrillError {
        StoreError::Invalid {
            problems: vec![Problem::new(&path, message)],
        }
        .into()
    };
    let bytes = std::fs::read(&path).map_err(|e| problem(format!("cannot read the drill history: {e}")))?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|e| problem(format!("not JSON: {e}")))?;
    let Some(list) = v.get("drills").and_then(Value::as_array) else {
        return Err(problem("has no `drills` array".into()));
    };
    let mut out = Vec::new();
    for (i, d) in list.iter().enumerate() {
        let drill = Drill::of(d).ok_or_else(|| StoreError::Invalid {
            problems: vec![
                Problem::new(&path, "a drill needs a string drill_id and executed_at").record(format!("drills[{i}]")),
            ],
        })?;
        if Timestamp::parse(&drill.executed_at).is_none() {
            return Err(StoreError::Invalid {
                problems: vec![
                    Problem::new(&path, format!("{} is not an RFC 3339 time", drill.executed_at))
                        .record(format!("drills[{i}]"))
                        .field("executed_at"),
                ],
            }
            .into());
        }
        out.push(drill);
    }
    Ok(out)
}

/// Every drill: the recorded ones (ledger `records`) and the file's.
pub fn drills(ws: &Workspace, records: &[Value]) -> Result<Vec<Drill>, DrillError> {
    let mut all: Vec<Drill> = of_kind(records, KIND_DRILL_RECORD).filter_map(Drill::of).collect();
    all.extend(file_drills(ws)?);
    Ok(all)
}

/// Every drill, the ledger read for it.
pub fn load(ws: &Workspace) -> Result<Vec<Drill>, DrillError> {
    drills(ws, &drill_records(ws)?)
}

/// The drill records of the evidence metadata ledger (the whole ledger
/// read and verified, as [`super::ledger_records`] reads it, but only these
/// records parsed: `schedule list` and `show` read it for readiness).
fn drill_records(ws: &Workspace) -> Result<Vec<Value>, StoreError> {
    Ok(ledger::read(&ws.locate(&EVIDENCE_METADATA))?
        .into_iter()
        // A record's canonical text spells its kind as it is (it has no
        // legacy name): other records are passed over without a parse.
        .filter(|e| e.record.text().contains(KIND_DRILL_RECORD))
        .map(|e| e.record.into_value())
        .filter(|v| is_kind(text(v, "metadata_kind"), KIND_DRILL_RECORD))
        .collect())
}

/// Drills of history items (the dashboard's), and the file's.
pub fn of_items<'a>(
    ws: &Workspace,
    items: impl Iterator<Item = &'a crate::ops::history::Item>,
) -> Result<Vec<Drill>, DrillError> {
    let mut all: Vec<Drill> = items.filter_map(|i| Drill::of(i.record.value())).collect();
    all.extend(file_drills(ws)?);
    Ok(all)
}

/// A schedule as `schedule list` and `show` print it: its status and its
/// drill history readiness.
#[derive(Debug, Serialize)]
pub struct Shown {
    #[serde(flatten)]
    pub schedule: schedule::WithStatus,
    #[serde(flatten)]
    pub readiness: Readiness,
}

/// `schedules` with status and readiness at `now`.
pub fn shown(
    ws: &Workspace,
    schedules: Vec<Schedule>,
    now: &Timestamp,
    windows: schedule::Windows,
) -> Result<Vec<Shown>, DrillError> {
    let drills = if schedules.is_empty() { Vec::new() } else { load(ws)? };
    let max_age = max_age_days();
    Ok(schedules
        .into_iter()
        .map(|s| Shown {
            readiness: readiness(&s, &drills, now, max_age),
            schedule: schedule::with_status(s, now, windows),
        })
        .collect())
}
