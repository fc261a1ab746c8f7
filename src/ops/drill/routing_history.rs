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
//! Each plan is read in one walk over its text ([`plan`]), which the drill
//! dashboard shares for its route and suppression counts.

use std::collections::BTreeMap;

use super::{KIND_ESCALATION, KIND_NOTIFICATION_PLAN, is_kind};
use crate::ops::history::{Item, any_of, fields};
use serde::Serialize;

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
    /// `created_at` in Unix nanoseconds (the item's, parsed once).
    #[serde(skip)]
    pub created: i128,
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

/// A notification or escalation plan, read in one walk over its record's
/// text (no `Value` is built): what the drill dashboard counts and the
/// decisions routing history lists, so both read each plan once.
#[derive(Debug, Default)]
pub struct Plan {
    /// An escalation plan (else a notification plan).
    pub escalation: bool,
    /// A notification plan's `schedule_id` and `owner`.
    pub schedule_id: Option<String>,
    pub owner: Option<String>,
    /// A notification plan's `selected_providers` (its routes).
    pub selected: Vec<String>,
    /// How many routes a notification plan's `suppressed` lists.
    pub suppressed: usize,
    /// An escalation plan's `breached_count`.
    pub breached_count: Option<u64>,
    pub decisions: Vec<Decision>,
}

impl Plan {
    /// A string field [`super::audit::routes_by`] reads.
    pub fn text(&self, field: &str) -> Option<&str> {
        match field {
            "schedule_id" => self.schedule_id.as_deref(),
            "owner" => self.owner.as_deref(),
            _ => None,
        }
    }
}

/// The plan of a drill history item (`None` for any other kind).
pub fn plan(i: &Item) -> Option<Plan> {
    let escalation = is_kind(i.metadata_kind(), KIND_ESCALATION);
    if !escalation && !is_kind(i.metadata_kind(), KIND_NOTIFICATION_PLAN) {
        return None;
    }
    let mut p = Plan {
        escalation,
        ..Plan::default()
    };
    let (mut decided_by, mut deliverable, mut suppressed, mut routes) = (None, None, None, None);
    // A canonical key is spelled plainly, so field names compare as written.
    for (key, value) in fields::members(i.record.text()) {
        match (escalation, key) {
            (false, "schedule_id") => p.schedule_id = fields::string(value),
            (false, "owner") => p.owner = fields::string(value),
            (false, "plan_id") | (true, "escalation_id") => decided_by = fields::string(value),
            (false, "selected_providers") => p.selected = fields::strings(value),
            (false, "deliverable_providers") => deliverable = Some(value),
            (false, "suppressed") => {
                p.suppressed = fields::array_len(value).unwrap_or(0);
                suppressed = Some(value);
            }
            (true, "breached_count") => p.breached_count = fields::as_u64(value),
            (true, "routes") => routes = Some(value),
            _ => {}
        }
    }
    let s = |x: &str, k: &str| fields::member(x, k).and_then(fields::string);
    let created_at = i.created_at().to_string();
    if escalation {
        for r in routes.into_iter().flat_map(fields::elements) {
            if s(r, "alert_level").as_deref() != Some("critical") {
                continue;
            }
            p.decisions.push(Decision {
                created_at: created_at.clone(),
                created: i.created,
                category: Category::Escalation,
                schedule_id: s(r, "schedule_id").unwrap_or_default(),
                owner: s(r, "owner").unwrap_or_default(),
                provider: s(r, "provider").unwrap_or_default(),
                window_id: None,
                policy_id: None,
                reason: s(r, "recommended_action"),
                escalation_owner: s(r, "escalation_owner"),
                decided_by: decided_by.clone(),
            });
        }
        return Some(p);
    }
    let (Some(schedule_id), Some(owner)) = (p.schedule_id.clone(), p.owner.clone()) else {
        return Some(p);
    };
    let base = Decision {
        created_at,
        created: i.created,
        category: Category::Delivered,
        schedule_id,
        owner,
        provider: String::new(),
        window_id: None,
        policy_id: None,
        reason: None,
        escalation_owner: None,
        decided_by,
    };
    for provider in deliverable.map(fields::strings).unwrap_or_default() {
        p.decisions.push(Decision {
            provider,
            ..base.clone()
        });
    }
    for x in suppressed.into_iter().flat_map(fields::elements) {
        let policy = s(x, "policy_id");
        let (category, window_id) = match s(x, "suppressed_by").as_deref() {
            Some("maintenance_window") => (
                Category::MaintenanceWindow,
                policy
                    .as_deref()
                    .map(|p| p.strip_prefix("window:").unwrap_or(p).to_string()),
            ),
            Some("calendar_gap") | Some("owner_calendar") => (Category::OwnerCalendar, policy.clone()),
            _ => continue,
        };
        p.decisions.push(Decision {
            category,
            provider: s(x, "provider").unwrap_or_default(),
            window_id,
            policy_id: policy,
            reason: s(x, "reason"),
            ..base.clone()
        });
    }
    Some(p)
}

/// The decisions of drill history `items`, oldest first.
pub fn decisions<'a>(items: impl Iterator<Item = &'a Item>) -> Vec<Decision> {
    items.filter_map(plan).flat_map(|p| p.decisions).collect()
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
        any_of(&self.owners, || Some(&d.owner))
            && (self.categories.is_empty() || self.categories.contains(&d.category))
            && any_of(&self.window_ids, || d.window_id.as_deref())
            && any_of(&self.schedule_ids, || Some(&d.schedule_id))
            && self.since.is_none_or(|s| d.created >= s)
            && self.until.is_none_or(|u| d.created <= u)
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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::store::ledger::{Entry, Record};

    fn items(records: &[Value]) -> crate::ops::history::History {
        let entries: Vec<Entry> = records
            .iter()
            .enumerate()
            .map(|(i, r)| Entry {
                seq: i as u64 + 1,
                prev_hash: String::new(),
                hash: String::new(),
                record: Record::from_value(r.clone()),
            })
            .collect();
        super::super::views::from_entries(&entries)
    }

    /// The one walk reads what `Value` lookups read: escaped strings,
    /// elements that are not objects or strings, legacy kinds, and the
    /// dashboard's figures of the same plans.
    #[test]
    fn a_plan_is_read_in_one_walk_as_its_value_reads() {
        let h = items(&[
            json!({"metadata_kind": "rollback-drill-notification-plan", "created_at": "2026-11-05T00:00:00Z",
                   "plan_id": "rdn_1", "schedule_id": "s\"1", "owner": "o\nwner",
                   "selected_providers": ["webhook", 7, "jira\u{1b}"],
                   "deliverable_providers": ["webhook", null],
                   "suppressed": [
                       {"provider": "jira\u{1b}", "suppressed_by": "maintenance_window", "policy_id": "window:w\"1", "reason": "up\ngrade"},
                       {"provider": "splunk", "suppressed_by": "calendar_gap", "policy_id": "gap:1"},
                       {"provider": "x", "suppressed_by": "other"},
                       "not an object"]}),
            json!({"metadata_kind": "rollback-drill-escalation-plan", "created_at": "2026-11-05T02:00:00Z",
                   "escalation_id": "rde_1", "breached_count": 1, "schedule_id": "ignored", "owner": "ignored",
                   "selected_providers": ["ignored"], "suppressed": [{}],
                   "routes": [
                       {"alert_level": "critical", "schedule_id": "s\"1", "owner": "o\nwner", "provider": "webhook",
                        "recommended_action": "esc\talate", "escalation_owner": "lead"},
                       {"alert_level": "warning", "provider": "jira"}, 3]}),
            json!({"metadata_kind": "go-backend-rollback-drill-notification-plan", "created_at": "2026-11-06T00:00:00Z",
                   "plan_id": "rdn_2", "owner": "no schedule", "selected_providers": ["webhook"],
                   "deliverable_providers": ["webhook"], "suppressed": [{"suppressed_by": "owner_calendar"}]}),
        ]);
        let plans: Vec<Plan> = h.items.iter().filter_map(plan).collect();
        assert_eq!(plans.len(), 3);
        assert_eq!(
            (plans[0].text("schedule_id"), plans[0].text("owner")),
            (Some("s\"1"), Some("o\nwner"))
        );
        assert_eq!(plans[0].selected, ["webhook", "jira\u{1b}"]);
        assert_eq!(plans.iter().map(|p| p.suppressed).collect::<Vec<_>>(), [4, 0, 1]);
        assert!(plans[1].escalation && plans[1].text("schedule_id").is_none() && plans[1].selected.is_empty());
        assert_eq!(plans[1].breached_count, Some(1));
        assert!(
            plans[2].decisions.is_empty(),
            "a plan without its schedule decides nothing"
        );

        let d = serde_json::to_value(decisions(h.items.iter())).unwrap();
        let shared = json!({"created_at": "2026-11-05T00:00:00Z", "schedule_id": "s\"1", "owner": "o\nwner",
                            "escalation_owner": null, "decided_by": "rdn_1"});
        let with = |extra: Value| {
            let mut v = shared.clone();
            v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            v
        };
        assert_eq!(
            d,
            json!([
                with(json!({"category": "delivered", "provider": "webhook", "window_id": null, "policy_id": null, "reason": null})),
                with(json!({"category": "maintenance_window", "provider": "jira\u{1b}", "window_id": "w\"1",
                            "policy_id": "window:w\"1", "reason": "up\ngrade"})),
                with(json!({"category": "owner_calendar", "provider": "splunk", "window_id": "gap:1",
                            "policy_id": "gap:1", "reason": null})),
                {"created_at": "2026-11-05T02:00:00Z", "category": "escalation", "schedule_id": "s\"1",
                 "owner": "o\nwner", "provider": "webhook", "window_id": null, "policy_id": null,
                 "reason": "esc\talate", "escalation_owner": "lead", "decided_by": "rde_1"},
            ])
        );
        let c = counts(plans.iter().flat_map(|p| &p.decisions));
        assert_eq!(c.suppression_event_count, 2);
        assert_eq!(c.category_counts["escalation"], 1);
    }
}
