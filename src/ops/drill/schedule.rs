//! Drill schedules: a committed table store (`.cavra/drills/schedules.json`,
//! records `cavra.drill.schedule.v1`), read and written only through the
//! table store's public functions, as the integration inventory is.
//!
//! Policy: `next_due_at` is `last_drill_at + cadence_days` (or, with no
//! drill yet, the time given or the clock: due now). The status is derived
//! on every read from the clock (`CAVRA_NOW`), never stored: overdue, or no
//! drill within the stale window (90 days) → `needs_attention`; due within
//! the due-soon window (14 days) → `due_soon`; else `on_track`. Every
//! change is also an entry of the evidence metadata ledger, so history
//! shows when a schedule changed. A change that changes nothing writes
//! nothing.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{DrillError, KIND_SCHEDULE};
use crate::clock::Timestamp;
use crate::error::{Problem, StoreError};
use crate::ops::workspace::Workspace;
use crate::store::registry::DRILL_SCHEDULES;
use crate::store::{schema, table};

/// One schedule (fields in alphabetical order: the typed serialization is
/// the canonical form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub acknowledgement_required_providers: Vec<String>,
    pub cadence_days: u32,
    pub created_at: String,
    pub environment: String,
    pub last_drill_at: Option<String>,
    pub next_due_at: String,
    pub notes: Option<String>,
    pub owner: String,
    pub schedule_id: String,
    pub service: String,
    pub updated_at: String,
}

impl table::Record for Schedule {
    fn key(&self) -> &str {
        &self.schedule_id
    }
    fn conforms(&self) -> bool {
        let chars = |s: &str, max: usize| (1..=max).contains(&s.chars().count());
        let id = |s: &str, max: usize, extra: &[u8]| {
            let b = s.as_bytes();
            let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
            !b.is_empty() && b.len() <= max && ok(&b[0]) && b[1..].iter().all(|c| ok(c) || extra.contains(c))
        };
        let time = |s: &str| s.ends_with('Z') && Timestamp::parse(s).is_some();
        let providers = &self.acknowledgement_required_providers;
        id(&self.schedule_id, 128, b"._-")
            && chars(&self.service, 256)
            && chars(&self.environment, 128)
            && chars(&self.owner, 256)
            && (1..=3660).contains(&self.cadence_days)
            && self.last_drill_at.as_deref().is_none_or(time)
            && time(&self.next_due_at)
            && time(&self.created_at)
            && time(&self.updated_at)
            && self.notes.as_deref().is_none_or(|n| n.chars().count() <= 4096)
            && providers.iter().all(|p| id(p, 64, b"_-"))
            && providers.iter().enumerate().all(|(i, p)| !providers[..i].contains(p))
    }
}

/// The windows a status is judged by.
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    pub due_soon_days: u32,
    pub stale_days: u32,
}

impl Default for Windows {
    fn default() -> Windows {
        Windows {
            due_soon_days: 14,
            stale_days: 90,
        }
    }
}

/// A schedule's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    DueSoon,
    NeedsAttention,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::DueSoon => "due_soon",
            Status::NeedsAttention => "needs_attention",
        }
    }
    /// The notification's alert level.
    pub fn alert_level(self) -> super::AlertLevel {
        match self {
            Status::NeedsAttention => super::AlertLevel::Critical,
            Status::DueSoon => super::AlertLevel::Warning,
            Status::OnTrack => super::AlertLevel::Healthy,
        }
    }
}

const DAY: i64 = 86_400;

impl Schedule {
    /// The status at `now`.
    pub fn status(&self, now: &Timestamp, w: Windows) -> Status {
        let due = Timestamp::parse(&self.next_due_at).unwrap_or(*now);
        // A last drill in the future is no drill yet: it never silences
        // `needs_attention` until then.
        let stale = match self.last_drill_at.as_deref().and_then(Timestamp::parse) {
            Some(last) => last > *now || now.unix() - last.unix() > i64::from(w.stale_days) * DAY,
            None => true,
        };
        if due <= *now || stale {
            Status::NeedsAttention
        } else if due.unix() - now.unix() <= i64::from(w.due_soon_days) * DAY {
            Status::DueSoon
        } else {
            Status::OnTrack
        }
    }
}

/// A schedule with its status, as list and show print it.
#[derive(Debug, Serialize)]
pub struct WithStatus {
    #[serde(flatten)]
    pub schedule: Schedule,
    pub status: Status,
    pub days_until_due: i64,
}

pub fn with_status(schedule: Schedule, now: &Timestamp, w: Windows) -> WithStatus {
    let due = Timestamp::parse(&schedule.next_due_at).unwrap_or(*now);
    WithStatus {
        status: schedule.status(now, w),
        days_until_due: (due.unix() - now.unix()).div_euclid(DAY),
        schedule,
    }
}

/// The fields `add` and `update` take (`None`: not given).
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub service: Option<String>,
    pub environment: Option<String>,
    pub owner: Option<String>,
    pub cadence_days: Option<u32>,
    pub last_drill_at: Option<String>,
    pub next_due_at: Option<String>,
    pub providers: Option<Vec<String>>,
    pub notes: Option<String>,
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Updated,
    Unchanged,
    Removed,
}

#[derive(Debug, Serialize)]
pub struct WriteOutcome {
    pub change: Change,
    pub schedule: Schedule,
}

/// Every schedule, sorted by id, for the commands that judge a status
/// (list, show, notify; the dashboard reports it as a critical alert
/// instead): each one's dates checked against the clock. A last drill in the future (it would silence
/// `needs_attention` until then) or a due date before the last drill is
/// refused, naming the file, schedule and field (`update` can repair it).
pub fn load_checked(ws: &Workspace, now: &Timestamp) -> Result<Vec<Schedule>, DrillError> {
    let all = load(ws)?;
    check_stored(ws, &all, now)?;
    Ok(all)
}

/// The date check of [`load_checked`] on `all`, at the command's `now`.
pub fn check_stored(ws: &Workspace, all: &[Schedule], now: &Timestamp) -> Result<(), DrillError> {
    let file = ws.locate(&DRILL_SCHEDULES).display;
    let problems: Vec<Problem> = all
        .iter()
        .filter_map(|s| {
            dates_problem(s, now).map(|(field, message)| {
                Problem::new(&file, message)
                    .record(s.schedule_id.clone())
                    .field(field)
                    .hint(format!(
                        "fix it with `cavra drill schedule update {} --last-drill-at … --next-due-at …`",
                        s.schedule_id
                    ))
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid { problems }.into())
    }
}

/// Every schedule as stored, sorted by id (dates unchecked: see
/// [`load_checked`]).
pub fn load(ws: &Workspace) -> Result<Vec<Schedule>, DrillError> {
    Ok(table::load(&ws.locate(&DRILL_SCHEDULES))?)
}

/// What is wrong with a schedule's dates at `now`: (field, message).
pub fn dates_problem(s: &Schedule, now: &Timestamp) -> Option<(&'static str, String)> {
    let last = s.last_drill_at.as_deref().and_then(Timestamp::parse);
    let due = Timestamp::parse(&s.next_due_at);
    if let Some(last) = last
        && last > *now
    {
        return Some((
            "last_drill_at",
            format!("last drill {} is in the future (now {})", last.rfc3339(), now.rfc3339()),
        ));
    }
    if let (Some(last), Some(due)) = (last, due)
        && due < last
    {
        return Some((
            "next_due_at",
            format!(
                "next_due_at {} is before the last drill {}",
                due.rfc3339(),
                last.rfc3339()
            ),
        ));
    }
    None
}

/// [`dates_problem`] of a schedule built from flags: a usage error naming
/// the flag.
fn check_dates(s: &Schedule, now: &Timestamp) -> Result<(), DrillError> {
    match dates_problem(s, now) {
        None => Ok(()),
        Some((field, message)) => Err(DrillError::BadField {
            field: if field == "last_drill_at" {
                "--last-drill-at"
            } else {
                "--next-due-at"
            },
            reason: message,
        }),
    }
}

/// The schedule `id`, or an error naming the nearest ids.
pub fn find(all: &[Schedule], ws: &Workspace, id: &str) -> Result<Schedule, DrillError> {
    all.iter().find(|s| s.schedule_id == id).cloned().ok_or_else(|| {
        let ids: Vec<String> = all.iter().map(|s| s.schedule_id.clone()).collect();
        DrillError::UnknownSchedule {
            store: ws.locate(&DRILL_SCHEDULES).display.display().to_string(),
            id: id.to_string(),
            nearest: crate::suggest::nearest(id, ids.iter().map(String::as_str)),
        }
    })
}

/// `drill schedule show`.
pub fn show(ws: &Workspace, id: &str) -> Result<Schedule, DrillError> {
    find(&load(ws)?, ws, id)
}

/// `drill schedule add`.
pub fn add(ws: &Workspace, id: &str, f: &Fields, now: &Timestamp) -> Result<WriteOutcome, DrillError> {
    let loc = ws.locate(&DRILL_SCHEDULES);
    let missing = |field: &'static str| DrillError::BadField {
        field,
        reason: "is required to add a schedule".into(),
    };
    let record = Schedule {
        acknowledgement_required_providers: f.providers.clone().unwrap_or_default(),
        cadence_days: f.cadence_days.ok_or_else(|| missing("--cadence-days"))?,
        created_at: now.rfc3339(),
        environment: f.environment.clone().ok_or_else(|| missing("--environment"))?,
        last_drill_at: f.last_drill_at.clone(),
        next_due_at: String::new(),
        notes: f.notes.clone(),
        owner: f.owner.clone().ok_or_else(|| missing("--owner"))?,
        schedule_id: id.to_string(),
        service: f.service.clone().ok_or_else(|| missing("--service"))?,
        updated_at: now.rfc3339(),
    };
    let record = derive_due(record, f.next_due_at.clone(), now)?;
    check_dates(&record, now)?;
    check(&loc.display, &record)?;
    let exists = table::modify(&loc, |rows| {
        if rows.get::<Schedule>(id)?.is_some() {
            return Ok(true);
        }
        rows.put(&record);
        Ok(false)
    })?;
    if exists {
        return Err(DrillError::ScheduleExists {
            store: loc.display.display().to_string(),
            id: id.to_string(),
        });
    }
    log(ws, "added", &record, now)?;
    Ok(WriteOutcome {
        change: Change::Added,
        schedule: record,
    })
}

/// `drill schedule update`: the given fields replace the record's; a new
/// `last_drill_at` or cadence moves `next_due_at` unless it is given.
pub fn update(ws: &Workspace, id: &str, f: &Fields, now: &Timestamp) -> Result<WriteOutcome, DrillError> {
    let loc = ws.locate(&DRILL_SCHEDULES);
    let old = show(ws, id)?;
    let mut new = old.clone();
    if let Some(v) = &f.service {
        new.service = v.clone();
    }
    if let Some(v) = &f.environment {
        new.environment = v.clone();
    }
    if let Some(v) = &f.owner {
        new.owner = v.clone();
    }
    if let Some(v) = f.cadence_days {
        new.cadence_days = v;
    }
    if let Some(v) = &f.last_drill_at {
        new.last_drill_at = Some(v.clone());
    }
    if let Some(v) = &f.providers {
        new.acknowledgement_required_providers = v.clone();
    }
    if let Some(v) = &f.notes {
        new.notes = Some(v.clone());
    }
    let moved = f.cadence_days.is_some() || f.last_drill_at.is_some() || f.next_due_at.is_some();
    if moved {
        new = derive_due(new, f.next_due_at.clone(), now)?;
    }
    check_dates(&new, now)?;
    if new == old {
        return Ok(WriteOutcome {
            change: Change::Unchanged,
            schedule: old,
        });
    }
    new.updated_at = now.rfc3339();
    check(&loc.display, &new)?;
    table::modify(&loc, |rows| {
        rows.put(&new);
        Ok(())
    })?;
    log(ws, "updated", &new, now)?;
    Ok(WriteOutcome {
        change: Change::Updated,
        schedule: new,
    })
}

/// `drill schedule remove`.
pub fn remove(ws: &Workspace, id: &str, now: &Timestamp) -> Result<WriteOutcome, DrillError> {
    let loc = ws.locate(&DRILL_SCHEDULES);
    let old = show(ws, id)?;
    table::modify(&loc, |rows| {
        rows.remove(id);
        Ok(())
    })?;
    log(ws, "removed", &old, now)?;
    Ok(WriteOutcome {
        change: Change::Removed,
        schedule: old,
    })
}

/// The last second a date can name (9999-12-31T23:59:59Z).
const LAST_SECOND: i64 = 253_402_300_799;

fn derive_due(mut s: Schedule, given: Option<String>, now: &Timestamp) -> Result<Schedule, DrillError> {
    s.next_due_at = match (given, s.last_drill_at.as_deref().and_then(Timestamp::parse)) {
        (Some(t), _) => t,
        (None, Some(last)) => {
            let step = i64::from(s.cadence_days) * DAY;
            if last.unix() > LAST_SECOND - step {
                // Never saturated silently to the end of the calendar.
                return Err(DrillError::BadField {
                    field: "--cadence-days",
                    reason: format!(
                        "last drill {} plus {} days is after 9999-12-31T23:59:59Z; give --next-due-at",
                        last.rfc3339(),
                        s.cadence_days
                    ),
                });
            }
            last.plus_seconds(step).rfc3339()
        }
        (None, None) => now.rfc3339(),
    };
    Ok(s)
}

fn check(file: &std::path::Path, record: &Schedule) -> Result<(), DrillError> {
    let value = serde_json::to_value(record).expect("records serialize");
    let problems = schema::check_record(DRILL_SCHEDULES.record_schema, &value, file, Some(&record.schedule_id));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(crate::error::StoreError::Invalid { problems }.into())
    }
}

/// The ledger entry of a schedule change.
fn log(ws: &Workspace, change: &str, s: &Schedule, now: &Timestamp) -> Result<(), DrillError> {
    super::append(
        ws,
        &[json!({
            "metadata_kind": KIND_SCHEDULE,
            "created_at": now.rfc3339(),
            "change": change,
            "schedule_id": s.schedule_id,
            "owner": s.owner,
            "cadence_days": s.cadence_days,
            "last_drill_at": s.last_drill_at,
            "next_due_at": s.next_due_at,
            "acknowledgement_required_providers": s.acknowledgement_required_providers,
        })],
    )?;
    Ok(())
}

/// A schedule as JSON (views).
pub fn value(s: &Schedule) -> Value {
    serde_json::to_value(s).expect("records serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::table::Record;

    fn schedule() -> Schedule {
        Schedule {
            acknowledgement_required_providers: vec!["webhook".into(), "splunk".into()],
            cadence_days: 30,
            created_at: "2026-10-01T00:00:00Z".into(),
            environment: "production".into(),
            last_drill_at: Some("2026-10-01T00:00:00Z".into()),
            next_due_at: "2026-10-31T00:00:00Z".into(),
            notes: None,
            owner: "sre".into(),
            schedule_id: "payments-prod".into(),
            service: "payments".into(),
            updated_at: "2026-10-01T00:00:00Z".into(),
        }
    }

    fn at(t: &str) -> Timestamp {
        Timestamp::parse(t).unwrap()
    }

    #[test]
    fn status_follows_the_clock_and_the_windows() {
        let s = schedule();
        let w = Windows::default();
        assert_eq!(s.status(&at("2026-10-16T00:00:00Z"), w), Status::OnTrack, "15 days out");
        assert_eq!(s.status(&at("2026-10-17T00:00:00Z"), w), Status::DueSoon, "14 days out");
        assert_eq!(
            s.status(&at("2026-10-31T00:00:00Z"), w),
            Status::NeedsAttention,
            "due now"
        );
        let wide = Windows {
            due_soon_days: 20,
            stale_days: 90,
        };
        assert_eq!(s.status(&at("2026-10-12T00:00:00Z"), wide), Status::DueSoon);
        // No drill within the stale window, even with a far due date.
        let mut far = schedule();
        far.next_due_at = "2027-06-01T00:00:00Z".into();
        assert_eq!(far.status(&at("2027-01-01T00:00:00Z"), w), Status::NeedsAttention);
        far.last_drill_at = None;
        assert_eq!(
            far.status(&at("2026-10-02T00:00:00Z"), w),
            Status::NeedsAttention,
            "never drilled"
        );
        assert_eq!(Status::NeedsAttention.alert_level(), super::super::AlertLevel::Critical);
        assert_eq!(Status::DueSoon.alert_level(), super::super::AlertLevel::Warning);
    }

    /// The compiled check agrees with the JSON Schema, both ways.
    #[test]
    fn conforms_agrees_with_the_schema() {
        let mut cases = vec![(schedule(), true)];
        let mut bad = |f: fn(&mut Schedule)| {
            let mut s = schedule();
            f(&mut s);
            cases.push((s, false));
        };
        bad(|s| s.schedule_id = "Bad Id".into());
        bad(|s| s.cadence_days = 0);
        bad(|s| s.last_drill_at = Some("2026-10-01".into()));
        bad(|s| s.acknowledgement_required_providers = vec!["splunk".into(), "splunk".into()]);
        bad(|s| s.acknowledgement_required_providers = vec!["Splunk!".into()]);
        bad(|s| s.service = String::new());
        for (s, ok) in cases {
            let problems = schema::check_record(
                DRILL_SCHEDULES.record_schema,
                &value(&s),
                std::path::Path::new("s.json"),
                None,
            );
            assert_eq!(problems.is_empty(), ok, "schema on {s:?}: {problems:?}");
            assert_eq!(s.conforms(), ok, "conforms on {s:?}");
        }
    }

    /// The typed serialization is the canonical form (fields in order).
    #[test]
    fn schedules_serialize_canonically() {
        let s = schedule();
        let direct = crate::store::to_canonical_pretty(&s);
        let via_value = crate::store::to_canonical_pretty(&value(&s));
        assert_eq!(direct, via_value);
    }
}
