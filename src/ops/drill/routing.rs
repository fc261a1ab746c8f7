//! The drill routing policy, as the first CAVRA had it: a committed table
//! store (`.cavra/drills/routing.json`, records `cavra.drill.routing.v1`)
//! of three kinds of rule, read and written through the table store's
//! public functions.
//!
//! - `route` (`route:{owner}:{provider}`): the owner's acknowledgement SLO
//!   in minutes on that provider and who is escalated to when it is missed.
//! - `maintenance_window` (`window:{id}`): from `start` to `end`, routes of
//!   its providers and owners (empty: all) are suppressed.
//! - `calendar_gap` (`gap:{owner}:{start}`): the owner is away from `start`
//!   to `end`, for `reason`; their routes are suppressed.
//!
//! A route with no `route` rule keeps [`DEFAULT_ACK_MINUTES`] and escalates
//! to the schedule's owner. Suppression is judged at the clock's time and
//! always carries the rule and its reason, so a notification says why a
//! route was not sent.

use serde::{Deserialize, Serialize};

use super::DrillError;
use crate::clock::Timestamp;
use crate::ops::workspace::Workspace;
use crate::store::registry::DRILL_ROUTING;
use crate::store::{schema, table};

/// The acknowledgement SLO of a route without a `route` rule.
pub const DEFAULT_ACK_MINUTES: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Route,
    MaintenanceWindow,
    CalendarGap,
}

/// One rule (fields in alphabetical order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub acknowledgement_minutes: Option<u32>,
    pub end: Option<String>,
    pub escalation_owner: Option<String>,
    pub kind: Kind,
    pub owners: Vec<String>,
    pub policy_id: String,
    pub providers: Vec<String>,
    pub reason: Option<String>,
    pub start: Option<String>,
}

impl table::Record for Rule {
    fn key(&self) -> &str {
        &self.policy_id
    }
    fn conforms(&self) -> bool {
        let time = |s: &str| s.ends_with('Z') && Timestamp::parse(s).is_some();
        let b = self.policy_id.as_bytes();
        let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty()
            && b.len() <= 256
            && ok(&b[0])
            && b[1..].iter().all(|c| ok(c) || b"._:-".contains(c))
            && self.start.as_deref().is_none_or(time)
            && self.end.as_deref().is_none_or(time)
            && self.acknowledgement_minutes.is_none_or(|m| m >= 1)
            && self.owners.iter().all(|o| (1..=256).contains(&o.chars().count()))
            && self.providers.iter().all(|p| {
                let b = p.as_bytes();
                !b.is_empty() && b.len() <= 64 && ok(&b[0]) && b[1..].iter().all(|c| ok(c) || b"_-".contains(c))
            })
    }
}

/// Every rule, sorted by id.
pub fn load(ws: &Workspace) -> Result<Vec<Rule>, DrillError> {
    Ok(table::load(&ws.locate(&DRILL_ROUTING))?)
}

/// Adds or replaces a rule (after its schema check); whether it changed.
pub fn put(ws: &Workspace, rule: &Rule) -> Result<bool, DrillError> {
    let loc = ws.locate(&DRILL_ROUTING);
    if let (Some(s), Some(e)) = (&rule.start, &rule.end)
        && Timestamp::parse(e) <= Timestamp::parse(s)
    {
        return Err(DrillError::BadField {
            field: "--end",
            reason: format!("{e} is not after --start {s}"),
        });
    }
    let value = serde_json::to_value(rule).expect("records serialize");
    let problems = schema::check_record(DRILL_ROUTING.record_schema, &value, &loc.display, Some(&rule.policy_id));
    if !problems.is_empty() {
        return Err(crate::error::StoreError::Invalid { problems }.into());
    }
    Ok(table::modify(&loc, |rows| {
        if rows.get::<Rule>(&rule.policy_id)?.as_ref() == Some(rule) {
            return Ok(false);
        }
        rows.put(rule);
        Ok(true)
    })?)
}

/// Removes the rule `id`.
pub fn remove(ws: &Workspace, id: &str) -> Result<Rule, DrillError> {
    let loc = ws.locate(&DRILL_ROUTING);
    let removed = table::modify(&loc, |rows| {
        let old = rows.get::<Rule>(id)?;
        rows.remove(id);
        Ok(old)
    })?;
    removed.ok_or_else(|| DrillError::UnknownPolicy {
        store: loc.display.display().to_string(),
        id: id.to_string(),
    })
}

/// The route rule of `owner` on `provider`: (SLO minutes, escalation owner).
pub fn route(rules: &[Rule], owner: &str, provider: &str) -> (u32, String) {
    rules
        .iter()
        .find(|r| {
            r.kind == Kind::Route && r.owners.iter().any(|o| o == owner) && r.providers.iter().any(|p| p == provider)
        })
        .map(|r| {
            (
                r.acknowledgement_minutes.unwrap_or(DEFAULT_ACK_MINUTES),
                r.escalation_owner.clone().unwrap_or_else(|| owner.to_string()),
            )
        })
        .unwrap_or((DEFAULT_ACK_MINUTES, owner.to_string()))
}

/// Why the route (`owner`, `provider`) is suppressed at `now`, if it is.
#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    pub provider: String,
    pub suppressed_by: &'static str,
    pub policy_id: String,
    pub reason: String,
}

pub fn suppression(rules: &[Rule], owner: &str, provider: &str, now: &Timestamp) -> Option<Suppression> {
    let active = |r: &Rule| {
        let start = r.start.as_deref().and_then(Timestamp::parse);
        let end = r.end.as_deref().and_then(Timestamp::parse);
        start.is_some_and(|s| s <= *now) && end.is_some_and(|e| *now < e)
    };
    rules.iter().filter(|r| active(r)).find_map(|r| {
        let by = match r.kind {
            Kind::MaintenanceWindow
                if (r.providers.is_empty() || r.providers.iter().any(|p| p == provider))
                    && (r.owners.is_empty() || r.owners.iter().any(|o| o == owner)) =>
            {
                "maintenance_window"
            }
            Kind::CalendarGap if r.owners.iter().any(|o| o == owner) => "calendar_gap",
            _ => return None,
        };
        Some(Suppression {
            provider: provider.to_string(),
            suppressed_by: by,
            policy_id: r.policy_id.clone(),
            reason: r
                .reason
                .clone()
                .unwrap_or_else(|| format!("{} {}", by.replace('_', " "), r.policy_id)),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::table::Record;

    fn window() -> Rule {
        Rule {
            acknowledgement_minutes: None,
            end: Some("2026-11-06T00:00:00Z".into()),
            escalation_owner: None,
            kind: Kind::MaintenanceWindow,
            owners: vec![],
            policy_id: "window:jira-freeze".into(),
            providers: vec!["jira".into()],
            reason: Some("upgrade".into()),
            start: Some("2026-11-04T00:00:00Z".into()),
        }
    }

    #[test]
    fn windows_and_gaps_suppress_only_while_they_last() {
        let t = |s: &str| Timestamp::parse(s).unwrap();
        let gap = Rule {
            kind: Kind::CalendarGap,
            owners: vec!["sre".into()],
            providers: vec![],
            policy_id: "gap:sre:x".into(),
            reason: Some("offsite".into()),
            start: Some("2026-12-01T00:00:00Z".into()),
            end: Some("2026-12-02T00:00:00Z".into()),
            ..window()
        };
        let rules = vec![window(), gap];
        let s = suppression(&rules, "sre", "jira", &t("2026-11-05T00:00:00Z")).unwrap();
        assert_eq!((s.suppressed_by, s.reason.as_str()), ("maintenance_window", "upgrade"));
        assert!(suppression(&rules, "sre", "splunk", &t("2026-11-05T00:00:00Z")).is_none());
        assert!(
            suppression(&rules, "sre", "jira", &t("2026-11-06T00:00:00Z")).is_none(),
            "end is exclusive"
        );
        let g = suppression(&rules, "sre", "splunk", &t("2026-12-01T12:00:00Z")).unwrap();
        assert_eq!((g.suppressed_by, g.reason.as_str()), ("calendar_gap", "offsite"));
        assert!(suppression(&rules, "dba", "splunk", &t("2026-12-01T12:00:00Z")).is_none());
        assert_eq!(route(&rules, "sre", "jira"), (DEFAULT_ACK_MINUTES, "sre".to_string()));
    }

    #[test]
    fn conforms_agrees_with_the_schema() {
        let mut bad_id = window();
        bad_id.policy_id = "Window X".into();
        let mut bad_time = window();
        bad_time.start = Some("yesterday".into());
        let mut bad_minutes = window();
        bad_minutes.acknowledgement_minutes = Some(0);
        for (r, ok) in [
            (window(), true),
            (bad_id, false),
            (bad_time, false),
            (bad_minutes, false),
        ] {
            let v = serde_json::to_value(&r).unwrap();
            let problems = schema::check_record(DRILL_ROUTING.record_schema, &v, std::path::Path::new("r.json"), None);
            assert_eq!(problems.is_empty(), ok, "{r:?}: {problems:?}");
            assert_eq!(r.conforms(), ok, "{r:?}");
        }
    }
}
