//! The delivery dashboard: figures over every matching delivery of a
//! [`History`], and the alert level a CI gate (`--fail-on`) judges.
//!
//! Policy: a delivery to two providers is two deliveries in every count,
//! each by that provider's own outcome (never a batch's failure counted
//! against every provider in it). A failure is recovered when a later
//! retry of the same delivery (`retry_of`) succeeded for that provider;
//! recovered failures still count as failed deliveries but raise no alert.
//! What raises an alert, and how loud, is the caller's [`AlertRules`] (a
//! failed rollback is critical for release governance; a drill has its own
//! rules). Nothing is sampled or capped: every matching entry is counted.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Filter, History, Item};

/// How loud a dashboard is, ordered `none < warning < critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    None,
    Warning,
    Critical,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Warning => "warning",
            Level::Critical => "critical",
        }
    }
}

/// Whether a dashboard at `level` fails a gate set at `fail_on`: at or
/// above it (`--fail-on`, as grype and trivy mean it); no gate never fails.
pub fn fails(level: Level, fail_on: Option<Level>) -> bool {
    fail_on.is_some_and(|f| f != Level::None && level >= f)
}

/// What raises an alert.
pub struct AlertRules<'a> {
    /// The level of a failed delivery to one provider that no retry recovered.
    pub failure: &'a (dyn Fn(&Item) -> Level + Sync),
    /// The level when nothing matched in a history where the feature the
    /// dashboard watches was used (no recent delivery is itself a finding).
    /// A feature never used at all (no entry of the view's metadata kinds
    /// in the whole ledger) raises nothing: the dashboard is healthy and
    /// says so in a note.
    pub empty: Level,
}

/// The one rule for a delivery failure no retry recovered, in every
/// delivery and release dashboard: a failed rollback is critical (what a
/// release falls back on did not reach its providers); any other failure
/// is a warning.
pub fn failure_level(item: &Item) -> Level {
    if item.event_type() == crate::ops::release::ROLLBACK_EVENT {
        Level::Critical
    } else {
        Level::Warning
    }
}

/// [`failure_level`]; no delivery in a window of a feature in use is a warning.
pub const DEFAULT_RULES: AlertRules<'static> = AlertRules {
    failure: &failure_level,
    empty: Level::Warning,
};

/// One provider's figures, by its own outcome.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ProviderFigures {
    pub provider: String,
    pub total: u64,
    pub success: u64,
    pub failed: u64,
    /// Failed deliveries a later retry recovered.
    pub recovered: u64,
    /// Attempts (the entry's `attempt_counts` for this provider; the
    /// entry's `attempt_count` when it delivered to this provider alone).
    pub attempt_count: u64,
    pub last_delivery_at: Option<String>,
}

/// One alert: the unrecovered failures of one provider and event type at
/// one level, or the absence of any delivery.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alert {
    pub level: Level,
    pub message: String,
    pub provider: Option<String>,
    pub event_type: Option<String>,
    pub failures: u64,
    /// The newest failed event and when it was delivered.
    pub last_event_id: Option<String>,
    pub last_failed_at: Option<String>,
}

/// The dashboard of a filtered history.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub alert_level: Level,
    pub total_deliveries: u64,
    pub successful_deliveries: u64,
    pub failed_deliveries: u64,
    /// Failed deliveries a later retry recovered.
    pub recovered_deliveries: u64,
    /// `successful / total`, rounded to 4 places; null when nothing was sent.
    pub success_rate: Option<f64>,
    pub providers: Vec<ProviderFigures>,
    /// Deliveries per event type.
    pub event_types: BTreeMap<String, u64>,
    pub alerts: Vec<Alert>,
    /// How many ledger entries (each one delivery event, to one or more
    /// providers) matched.
    pub entries: u64,
    pub since: Option<String>,
    pub until: Option<String>,
    /// What a reader should know that is no alert (a feature never used).
    pub notes: Vec<String>,
    /// Figures a named view adds (`latest`, a drill's own counts).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The attempts of `provider` in `item`.
fn attempts_of(item: &Item, provider: &str) -> u64 {
    match item.attempts_counted(provider) {
        Some(n) => n.unwrap_or(0),
        None if item.providers.len() == 1 => item.attempt_count(),
        None => 0,
    }
}

/// The dashboard of the deliveries of `history` that match `filter`.
pub fn dashboard(history: &History, filter: &Filter, rules: &AlertRules) -> Dashboard {
    let mut fold = DashboardFold::new(filter, rules);
    history.items.iter().for_each(|item| fold.push(item));
    fold.finish()
}

/// A failure to one provider no retry has recovered yet (names interned
/// in [`DashboardFold::names`]).
struct Pending {
    seq: u64,
    provider: u32,
    event_type: u32,
    level: Level,
    event_id: Box<str>,
    created_at: Box<str>,
    /// The failure before it of the same delivery and provider.
    earlier: Option<u32>,
}

/// [`dashboard`] as a fold over a history streaming by, oldest first.
/// Every item is pushed, matching or not (a retry outside the window still
/// recovers a failure inside it); memory holds the figures and the failures
/// no retry has recovered yet, never the history.
pub struct DashboardFold<'f> {
    filter: &'f Filter,
    rules: &'f AlertRules<'f>,
    providers: BTreeMap<String, ProviderFigures>,
    event_types: HashMap<String, u64>,
    /// Matching failures no retry has recovered (`None` once one did), and
    /// the newest of each (retried delivery, provider): a later successful
    /// retry of that delivery to that provider recovers it and every
    /// failure before it ([`Pending::earlier`]).
    pending: Vec<Option<Pending>>,
    newest_failure: HashMap<(u64, u32), u32>,
    /// Provider and event type names, interned.
    names: Vec<String>,
    ids: HashMap<String, u32>,
    totals: [u64; 5],
    /// Whether the history held any item, and any of the filter's kinds.
    any: bool,
    any_of_kind: bool,
}

impl<'f> DashboardFold<'f> {
    pub fn new(filter: &'f Filter, rules: &'f AlertRules<'f>) -> Self {
        DashboardFold {
            filter,
            rules,
            providers: BTreeMap::new(),
            event_types: HashMap::new(),
            pending: Vec::new(),
            newest_failure: HashMap::new(),
            names: Vec::new(),
            ids: HashMap::new(),
            totals: [0; 5],
            any: false,
            any_of_kind: false,
        }
    }

    pub fn push(&mut self, item: &Item) {
        let [total, success, failed, recovered, entries] = &mut self.totals;
        self.any = true;
        self.any_of_kind |= item
            .metadata_kind()
            .is_some_and(|k| self.filter.metadata_kinds.iter().any(|m| m == k));
        if item.retry_of.is_some() {
            for p in &item.providers {
                if item.provider_success(p) != Some(true) {
                    continue;
                }
                let Some(&id) = self.ids.get(p.as_str()) else { continue };
                let mut next = self.newest_failure.remove(&(item.root(), id));
                let mut gone = 0;
                while let Some(at) = next {
                    next = self.pending[at as usize].take().and_then(|f| f.earlier);
                    gone += 1;
                }
                if gone > 0 {
                    let f = self
                        .providers
                        .get_mut(p.as_str())
                        .expect("a pending failure was counted");
                    f.recovered += gone;
                    *recovered += gone;
                }
            }
        }
        if !self.filter.matches(item) {
            return;
        }
        *entries += 1;
        for p in &item.providers {
            if !self.filter.providers.is_empty() && !self.filter.providers.contains(p) {
                continue;
            }
            let own = item.provider_success(p) == Some(true);
            if self.filter.success.is_some_and(|s| s != own) {
                continue;
            }
            if !self.providers.contains_key(p.as_str()) {
                let figures = ProviderFigures {
                    provider: p.clone(),
                    ..ProviderFigures::default()
                };
                self.providers.insert(p.clone(), figures);
            }
            let f = self.providers.get_mut(p.as_str()).expect("inserted above");
            f.total += 1;
            f.attempt_count += attempts_of(item, p);
            if f.last_delivery_at.as_deref() < Some(item.created_at()) {
                // In the buffer it had: the newest moves with almost every item.
                let at = f.last_delivery_at.get_or_insert_with(String::new);
                at.clear();
                at.push_str(item.created_at());
            }
            *total += 1;
            match self.event_types.get_mut(item.event_type()) {
                Some(n) => *n += 1,
                None => {
                    self.event_types.insert(item.event_type().to_string(), 1);
                }
            }
            if own {
                f.success += 1;
                *success += 1;
                continue;
            }
            f.failed += 1;
            *failed += 1;
            let provider = intern(&mut self.ids, &mut self.names, p);
            let event_type = intern(&mut self.ids, &mut self.names, item.event_type());
            let at = self.pending.len() as u32;
            let earlier = self.newest_failure.insert((item.root(), provider), at);
            self.pending.push(Some(Pending {
                seq: item.seq,
                provider,
                event_type,
                level: (self.rules.failure)(item),
                event_id: item.event_id().into(),
                created_at: item.created_at().into(),
                earlier,
            }));
        }
    }

    pub fn finish(self) -> Dashboard {
        let [total, success, failed, recovered, entries] = self.totals;
        let (filter, rules) = (self.filter, self.rules);
        // (level, provider, event type) → failures and the newest failed one.
        let mut failures: BTreeMap<(Level, &str, &str), (u64, &Pending)> = BTreeMap::new();
        let name = |id: u32| self.names[id as usize].as_str();
        for f in self.pending.iter().flatten().filter(|f| f.level > Level::None) {
            let a = failures
                .entry((f.level, name(f.provider), name(f.event_type)))
                .or_insert((0, f));
            a.0 += 1;
            if f.seq > a.1.seq {
                a.1 = f;
            }
        }
        let mut alerts: Vec<Alert> = failures
            .into_iter()
            .rev()
            .map(|((level, provider, event_type), (n, newest))| Alert {
                level,
                message: format!(
                    "{n} failed {event_type} deliver{} to {provider} not recovered (newest: {})",
                    if n == 1 { "y" } else { "ies" },
                    newest.event_id
                ),
                provider: Some(provider.to_string()),
                event_type: Some(event_type.to_string()),
                failures: n,
                last_event_id: Some(newest.event_id.to_string()),
                last_failed_at: Some(newest.created_at.to_string()),
            })
            .collect();
        let mut notes = Vec::new();
        let used = filter.metadata_kinds.is_empty() && self.any || self.any_of_kind;
        if total == 0 && rules.empty > Level::None && !used {
            notes.push(if filter.metadata_kinds.is_empty() {
                "no delivery has been recorded yet: nothing to alert on".to_string()
            } else {
                format!(
                    "no {} has been recorded yet (the feature is not in use here): nothing to alert on",
                    filter.metadata_kinds.join(" or ")
                )
            });
        } else if total == 0 && rules.empty > Level::None {
            alerts.push(Alert {
                level: rules.empty,
                message: "no delivery in this history: nothing shows the deliveries work".into(),
                provider: None,
                event_type: None,
                failures: 0,
                last_event_id: None,
                last_failed_at: None,
            });
        }
        let show = |n: Option<i128>| {
            n.and_then(|n| time::OffsetDateTime::from_unix_timestamp_nanos(n).ok())
                .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        };
        Dashboard {
            alert_level: alerts.iter().map(|a| a.level).max().unwrap_or(Level::None),
            total_deliveries: total,
            successful_deliveries: success,
            failed_deliveries: failed,
            recovered_deliveries: recovered,
            success_rate: (total > 0).then(|| (success as f64 / total as f64 * 10_000.0).round() / 10_000.0),
            providers: self.providers.into_values().collect(),
            event_types: self.event_types.into_iter().collect(),
            alerts,
            entries,
            since: show(filter.since),
            until: show(filter.until),
            notes,
            extra: Map::new(),
        }
    }
}

/// The id of `name` in `names`, added when new.
fn intern(ids: &mut HashMap<String, u32>, names: &mut Vec<String>, name: &str) -> u32 {
    if let Some(&id) = ids.get(name) {
        return id;
    }
    let id = names.len() as u32;
    names.push(name.to_string());
    ids.insert(name.to_string(), id);
    id
}

/// The newest matching delivery per value of `keys` (e.g. channel and
/// provider), as `{key…, provider, event_id, created_at, success, seq}`
/// rows, for a view's `latest` figure. A key `provider` groups by each
/// provider the entry delivered to, by its own outcome. A fold over a
/// history streaming by, oldest first: one row per key, the newest
/// replacing the one before.
pub struct LatestFold<'f> {
    filter: &'f Filter,
    keys: &'f [&'f str],
    newest: BTreeMap<Vec<String>, Map<String, Value>>,
}

impl<'f> LatestFold<'f> {
    pub fn new(filter: &'f Filter, keys: &'f [&'f str]) -> Self {
        LatestFold {
            filter,
            keys,
            newest: BTreeMap::new(),
        }
    }

    pub fn push(&mut self, item: &Item) {
        if !self.filter.matches(item) {
            return;
        }
        for p in &item.providers {
            if !self.filter.providers.is_empty() && !self.filter.providers.contains(p) {
                continue;
            }
            let key: Vec<String> = self
                .keys
                .iter()
                .map(|k| match *k {
                    "provider" => p.clone(),
                    field => item.str(field).unwrap_or_default().to_string(),
                })
                .collect();
            let mut row = Map::new();
            for (k, v) in self.keys.iter().zip(&key) {
                row.insert(k.to_string(), Value::String(v.clone()));
            }
            row.insert("provider".into(), Value::String(p.to_string()));
            row.insert("event_id".into(), Value::String(item.event_id().to_string()));
            row.insert("created_at".into(), Value::String(item.created_at().to_string()));
            row.insert("success".into(), Value::Bool(item.provider_success(p) == Some(true)));
            row.insert("seq".into(), Value::from(item.seq));
            self.newest.insert(key, row);
        }
    }

    pub fn finish(self) -> Vec<Value> {
        self.newest.into_values().map(Value::Object).collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::Page;
    use super::*;
    use crate::store::ledger::Entry;

    fn history(records: Vec<Value>) -> History {
        let entries: Vec<Entry> = records
            .into_iter()
            .enumerate()
            .map(|(i, record)| Entry {
                seq: i as u64 + 1,
                prev_hash: String::new(),
                hash: String::new(),
                record: crate::store::ledger::Record::from_value(record),
            })
            .collect();
        History::from_entries(&entries)
    }

    fn rec(event: &str, ty: &str, providers: &[&str], failed: &[&str], at: &str) -> Value {
        json!({"metadata_kind": "connector-delivery", "created_at": at, "event_id": event,
               "event_type": ty, "delivery_success": failed.is_empty(), "providers": providers,
               "failed_providers": failed, "attempt_count": providers.len() + failed.len()})
    }

    #[test]
    fn each_provider_is_counted_by_its_own_outcome_and_retries_recover() {
        let mut retry = rec("e2", "rollback", &["splunk"], &[], "2026-01-01T00:00:03Z");
        retry["retry_of"] = json!(2);
        let h = history(vec![
            rec("e1", "promo", &["splunk", "webhook"], &[], "2026-01-01T00:00:01Z"),
            rec(
                "e2",
                "rollback",
                &["splunk", "webhook"],
                &["splunk"],
                "2026-01-01T00:00:02Z",
            ),
            json!({"metadata_kind": "plan", "created_at": "2026-01-01T00:00:02Z"}),
            retry,
            rec("e3", "rollback", &["webhook"], &["webhook"], "2026-01-01T00:00:04Z"),
        ]);
        assert_eq!(h.items.len(), 4, "the plan entry is no delivery");
        let rules = AlertRules {
            failure: &|i: &Item| {
                if i.event_type() == "rollback" {
                    Level::Critical
                } else {
                    Level::Warning
                }
            },
            empty: Level::Warning,
        };
        let d = dashboard(&h, &Filter::default(), &rules);
        assert_eq!(
            (
                d.total_deliveries,
                d.successful_deliveries,
                d.failed_deliveries,
                d.recovered_deliveries
            ),
            (6, 4, 2, 1)
        );
        assert_eq!(d.success_rate, Some(0.6667));
        assert_eq!(d.alert_level, Level::Critical);
        assert_eq!(d.alerts.len(), 1);
        assert_eq!(d.alerts[0].provider.as_deref(), Some("webhook"));
        assert_eq!(d.alerts[0].last_event_id.as_deref(), Some("e3"));
        let splunk = &d.providers[0];
        assert_eq!(
            (splunk.total, splunk.success, splunk.failed, splunk.recovered),
            (3, 2, 1, 1)
        );
        assert_eq!(d.event_types["rollback"], 4);
        // The window up to the failure: the retry after it still recovers it.
        let early = Filter {
            until: super::super::instant("2026-01-01T00:00:02Z"),
            ..Filter::default()
        };
        let d = dashboard(&h, &early, &rules);
        assert_eq!(
            (d.failed_deliveries, d.recovered_deliveries, d.alert_level),
            (1, 1, Level::None)
        );
        // Nothing matched: success_rate null, the empty rule's level.
        let none = Filter {
            event_ids: vec!["e".into()],
            ..Filter::default()
        };
        let d = dashboard(&h, &none, &rules);
        assert_eq!(
            (d.total_deliveries, d.success_rate, d.alert_level),
            (0, None, Level::Warning)
        );
    }

    /// Streaming, a success recovers every failure of its delivery to that
    /// provider before it (the first send and a failed retry), none after,
    /// and no other provider's.
    #[test]
    fn a_successful_retry_recovers_every_earlier_failure_of_its_delivery_and_provider() {
        let retry = |failed: &[&str], at: &str| {
            let providers: &[&str] = if failed.is_empty() { &["splunk"] } else { failed };
            let mut r = rec("e1", "rollback", providers, failed, at);
            r["retry_of"] = json!(1);
            r
        };
        let h = history(vec![
            rec(
                "e1",
                "rollback",
                &["splunk", "webhook"],
                &["splunk", "webhook"],
                "2026-01-01T00:00:01Z",
            ),
            retry(&["splunk"], "2026-01-01T00:00:02Z"),
            retry(&[], "2026-01-01T00:00:03Z"),
            retry(&["splunk"], "2026-01-01T00:00:04Z"),
        ]);
        let d = dashboard(&h, &Filter::default(), &DEFAULT_RULES);
        // splunk: failed at 1, 2 (recovered by 3) and 4 (not); webhook: failed at 1.
        assert_eq!((d.failed_deliveries, d.recovered_deliveries), (4, 2));
        let splunk = d.providers.iter().find(|p| p.provider == "splunk").unwrap();
        assert_eq!((splunk.failed, splunk.recovered), (3, 2));
        let alerts: Vec<_> = d
            .alerts
            .iter()
            .map(|a| (a.provider.clone().unwrap(), a.failures))
            .collect();
        assert_eq!(alerts, [("webhook".to_string(), 1), ("splunk".to_string(), 1)]);
        let newest = d
            .alerts
            .iter()
            .find(|a| a.provider.as_deref() == Some("splunk"))
            .unwrap();
        assert_eq!(newest.last_failed_at.as_deref(), Some("2026-01-01T00:00:04Z"));
    }

    /// An item reads its record's text as the `Value` would be read.
    #[test]
    fn items_read_their_fields_as_the_value_does() {
        let h = history(vec![
            json!({"metadata_kind": "k", "created_at": "2026-01-01T00:00:01Z", "event_id": "e\"1",
                   "event_type": "t\n", "delivery_success": false, "providers": ["a", "b", "c\\"],
                   "failed_providers": ["b", 7], "attempt_counts": {"a": 2, "b": "x", "c\\": 4}, "retry_of": 9,
                   "extra": {"created_at": "nested"}, "n": -1}),
            json!({"metadata_kind": "k", "created_at": "2026-01-01T00:00:02Z", "delivery_success": true,
                   "providers": ["a"], "attempt_count": 5}),
            json!({"metadata_kind": "k", "created_at": "x", "delivery_success": "yes", "providers": ["a"]}),
        ]);
        assert_eq!(h.items.len(), 2, "delivery_success must be a boolean");
        let (one, two) = (&h.items[0], &h.items[1]);
        assert_eq!((one.event_id(), one.event_type()), ("e\"1", "t\n"));
        assert_eq!(one.providers, ["a", "b", "c\\"]);
        assert_eq!(one.failed_providers, ["b"]);
        assert_eq!((one.retry_of, one.success), (Some(9), false));
        assert_eq!(one.created, super::super::instant("2026-01-01T00:00:01Z").unwrap());
        assert_eq!(
            ["a", "b", "c\\", "d"].map(|p| attempts_of(one, p)),
            [2, 0, 4, 0],
            "attempt_counts by provider"
        );
        assert_eq!(attempts_of(two, "a"), 5, "attempt_count of a single provider");
        assert_eq!((one.u64("n"), one.str("extra"), one.has("extra")), (None, None, true));
    }

    /// A hash-valid line whose record is spelled another way (escaped
    /// keys and values, spaces) is read as the record it spells: the
    /// ledger hands out its canonical text, so no field a view reads, and
    /// no prefilter on that text, can be dodged by spelling.
    #[test]
    fn a_record_spelled_another_way_reads_as_the_record_it_spells() {
        use crate::store::ledger::{self, GENESIS};
        use crate::store::registry::{EVIDENCE_METADATA, StoreLocation};
        let record = rec("e1", "t", &["splunk"], &["splunk"], "2026-01-01T00:00:01Z");
        let hash = ledger::entry_hash(1, GENESIS, &record);
        let spelled = r#"{ "attempt_count":2, "created_at":"2026-01-01T00:00:01Z", "delivery\u005fsuccess":false,
            "event_id":"\u0065\u0031", "event_type":"t", "failed_providers":["splunk"], "metadata_kind":"connector-delivery",
            "providers":["spl\u0075nk"] }"#
            .replace('\n', "");
        let line = format!(r#"{{"hash":"{hash}","prev_hash":"{GENESIS}","record":{spelled},"seq":1}}"#);
        let loc = StoreLocation::at(&EVIDENCE_METADATA, "metadata.jsonl".into(), "test");
        let entries = ledger::parse_bytes(&loc, format!("{line}\n").as_bytes()).unwrap();
        let h = History::from_entries(&entries);
        assert_eq!(h.items.len(), 1, "still a delivery");
        let item = &h.items[0];
        assert_eq!((item.event_id(), item.success), ("e1", false));
        assert_eq!(item.providers, ["splunk"]);
        assert_eq!(dashboard(&h, &Filter::default(), &DEFAULT_RULES).failed_deliveries, 1);
    }

    #[test]
    fn filters_are_exact_and_pages_say_their_total() {
        let h = history(
            (0..5)
                .map(|n| {
                    let failed: &[&str] = if n % 2 == 0 { &["jamf"] } else { &[] };
                    rec(
                        &format!("e{n}"),
                        "t",
                        &["jamf", "intune"],
                        failed,
                        "2026-01-01T00:00:00Z",
                    )
                })
                .collect(),
        );
        let ids = |p: &Page| p.items.iter().map(|i| i.event_id().to_string()).collect::<Vec<_>>();
        let all = h.page(&Filter::default(), Some(2), 1);
        assert_eq!((ids(&all), all.total), (vec!["e3".to_string(), "e2".into()], 5));
        let exact = h.page(
            &Filter {
                event_ids: vec!["e".into()],
                ..Filter::default()
            },
            None,
            0,
        );
        assert_eq!(exact.total, 0, "an id matches exactly, never as a substring");
        let jamf_failed = Filter {
            providers: vec!["jamf".into()],
            success: Some(false),
            ..Filter::default()
        };
        assert_eq!(ids(&h.page(&jamf_failed, None, 0)), ["e4", "e2", "e0"]);
        let intune_failed = Filter {
            providers: vec!["intune".into()],
            success: Some(false),
            ..Filter::default()
        };
        assert_eq!(h.page(&intune_failed, None, 0).total, 0, "intune's own outcome");
        let field = Filter {
            fields: vec![("event_id".into(), vec!["e1".into(), "e2".into()])],
            ..Filter::default()
        };
        assert_eq!(h.page(&field, None, 0).total, 2);
        assert!(fails(Level::Critical, Some(Level::Warning)));
        assert!(fails(Level::Warning, Some(Level::Warning)));
        assert!(!fails(Level::Warning, Some(Level::Critical)));
        assert!(!fails(Level::Critical, None));
    }
}
