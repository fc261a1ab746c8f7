//! Routing history (SPEC 10.2): every route decision the drill commands
//! recorded — delivered, suppressed by a maintenance window or an owner's
//! calendar, escalated — queryable by owner, category and window id, with
//! a trend (`suppression_event_count`, `category_counts`, per day).
//!
//! Policy: decisions are read from the entries that made them, never
//! recorded twice: a notification plan's deliverable providers are
//! `delivered`, its `suppressed` routes are `maintenance_window` or
//! `owner_calendar` (the rule's id without its `window:` prefix is the
//! window id), and an escalation plan's breached routes are `escalation`.
//! A ledger an earlier cavra wrote reads the same (its kinds are aliases).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{KIND_ESCALATION, KIND_NOTIFICATION_PLAN, is_kind};
use crate::ops::history::Item;

/// What a route decision was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Category {
    Delivered,
    MaintenanceWindow,
    OwnerCalendar,
    Escalation,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Delivered => "delivered",
            Category::MaintenanceWindow => "maintenance_window",
            Category::OwnerCalendar => "owner_calendar",
            Category::Escalation => "escalation",
        }
    }
    fn suppression(self) -> bool {
        matches!(self, Category::MaintenanceWindow | Category::OwnerCalendar)
    }
}

/// One route decision.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub created_at: String,
    pub category: Category,
    pub schedule_id: String,
    pub owner: String,
    pub provider: String,
    pub window_id: Option<String>,
    pub policy_id: Option<String>,
    pub reason: Option<String>,
    pub escalation_owner: Option<String>,
    /// The plan (`plan_id`) or escalation plan (`escalation_id`) that decided.
    pub decided_by: Option<String>,
}

/// The decisions of drill history `items`, oldest first.
pub fn decisions<'a>(items: impl Iterator<Item = &'a Item>) -> Vec<Decision> {
    let mut out = Vec::new();
    for i in items {
        let plan = is_kind(i.metadata_kind(), KIND_NOTIFICATION_PLAN);
        if !plan && !is_kind(i.metadata_kind(), KIND_ESCALATION) {
            continue;
        }
        let v = i.record.value();
        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let created_at = i.created_at().to_string();
        let list = |k: &str| v.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
        if plan {
            let (Some(schedule_id), Some(owner)) = (s(v, "schedule_id"), s(v, "owner")) else {
                continue;
            };
            let base = Decision {
                created_at,
                category: Category::Delivered,
                schedule_id,
                owner,
                provider: String::new(),
                window_id: None,
                policy_id: None,
                reason: None,
                escalation_owner: None,
                decided_by: s(v, "plan_id"),
            };
            for p in list("deliverable_providers").iter().filter_map(Value::as_str) {
                out.push(Decision {
                    provider: p.to_string(),
                    ..base.clone()
                });
            }
            for x in list("suppressed") {
                let policy = s(&x, "policy_id");
                let (category, window_id) = match s(&x, "suppressed_by").as_deref() {
                    Some("maintenance_window") => (
                        Category::MaintenanceWindow,
                        policy
                            .as_deref()
                            .map(|p| p.strip_prefix("window:").unwrap_or(p).to_string()),
                    ),
                    Some("calendar_gap") | Some("owner_calendar") => (Category::OwnerCalendar, policy.clone()),
                    _ => continue,
                };
                out.push(Decision {
                    category,
                    provider: s(&x, "provider").unwrap_or_default(),
                    window_id,
                    policy_id: policy,
                    reason: s(&x, "reason"),
                    ..base.clone()
                });
            }
        } else {
            for r in list("routes") {
                if s(&r, "alert_level").as_deref() != Some("critical") {
                    continue;
                }
                out.push(Decision {
                    created_at: created_at.clone(),
                    category: Category::Escalation,
                    schedule_id: s(&r, "schedule_id").unwrap_or_default(),
                    owner: s(&r, "owner").unwrap_or_default(),
                    provider: s(&r, "provider").unwrap_or_default(),
                    window_id: None,
                    policy_id: None,
                    reason: s(&r, "recommended_action"),
                    escalation_owner: s(&r, "escalation_owner"),
                    decided_by: s(v, "escalation_id"),
                });
            }
        }
    }
    out
}

/// Which decisions `routing-history` shows (each list: any of; empty: all).
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub owners: Vec<String>,
    pub categories: Vec<Category>,
    pub window_ids: Vec<String>,
    pub schedule_ids: Vec<String>,
    pub since: Option<i128>,
    pub until: Option<i128>,
}

impl Query {
    fn matches(&self, d: &Decision) -> bool {
        let any = |list: &[String], v: Option<&str>| list.is_empty() || v.is_some_and(|v| list.iter().any(|x| x == v));
        let at = crate::ops::history::instant(&d.created_at).unwrap_or(0);
        any(&self.owners, Some(&d.owner))
            && (self.categories.is_empty() || self.categories.contains(&d.category))
            && any(&self.window_ids, d.window_id.as_deref())
            && any(&self.schedule_ids, Some(&d.schedule_id))
            && self.since.is_none_or(|s| at >= s)
            && self.until.is_none_or(|u| at <= u)
    }
}

/// The counts of a set of decisions.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub suppression_event_count: usize,
    pub category_counts: BTreeMap<&'static str, usize>,
}

impl Default for Counts {
    /// Every category, at zero.
    fn default() -> Counts {
        Counts {
            suppression_event_count: 0,
            category_counts: [
                Category::Delivered,
                Category::MaintenanceWindow,
                Category::OwnerCalendar,
                Category::Escalation,
            ]
            .into_iter()
            .map(|c| (c.as_str(), 0))
            .collect(),
        }
    }
}

impl Counts {
    fn add(&mut self, d: &Decision) {
        *self.category_counts.entry(d.category.as_str()).or_default() += 1;
        if d.category.suppression() {
            self.suppression_event_count += 1;
        }
    }
}

/// The counts of `decisions`.
pub fn counts<'a>(decisions: impl Iterator<Item = &'a Decision>) -> Counts {
    let mut c = Counts::default();
    for d in decisions {
        c.add(d);
    }
    c
}

/// One day of the trend.
#[derive(Debug, Serialize)]
pub struct Day {
    pub date: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// `cavra drill routing-history`: newest first, paged, with the trend of
/// every match.
#[derive(Debug, Serialize)]
pub struct RoutingHistory {
    pub items: Vec<Decision>,
    pub total: usize,
    #[serde(flatten)]
    pub counts: Counts,
    pub trend: Vec<Day>,
}

pub fn query(all: Vec<Decision>, q: &Query, limit: Option<usize>, offset: usize) -> RoutingHistory {
    let matched: Vec<Decision> = all.into_iter().filter(|d| q.matches(d)).collect();
    let mut days: BTreeMap<String, Counts> = BTreeMap::new();
    for d in &matched {
        let date = d.created_at.get(..10).unwrap_or_default().to_string();
        days.entry(date).or_default().add(d);
    }
    let total = matched.len();
    RoutingHistory {
        counts: counts(matched.iter()),
        trend: days.into_iter().map(|(date, counts)| Day { date, counts }).collect(),
        items: matched
            .into_iter()
            .rev()
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .collect(),
        total,
    }
}
