//! A tenant's posture: a projection of its event ledger, updated event by
//! event on ingestion and committed, so reading it costs one small file
//! whatever the ledger's size. `replay --verify` rebuilds it from the ledger
//! and compares; [`Posture::apply`] is the one function both use, so the
//! two cannot disagree by construction, only by tampering or loss.
//!
//! Everything in it is a count, a minimum or a maximum over the events, so
//! the same set of events gives the same posture whatever order two merged
//! branches appended them in (except open items resolved before they
//! were opened, which stay resolved either way).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::ledger::record::Json;

/// `cavra.aispm.posture.v1`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Posture {
    pub counts: Counts,
    pub events: u64,
    /// Entries of the tenant's event ledger this projection folds in
    /// (duplicates a merge left included): a projection whose count is not
    /// the ledger's checkpoint size is stale (a merge brought entries in)
    /// and is rebuilt.
    #[serde(default)]
    pub ledger_entries: u64,
    /// The hash of the last entry of the ledger this projection folds in
    /// (null: none yet). A reader serves the projection only when the
    /// ledger's checkpoint names the same head: another history of the same
    /// length (a checkout, a restore) is not taken for this one.
    #[serde(default)]
    pub ledger_head: Option<String>,
    pub first_seen: Option<String>,
    pub inventory: Inventory,
    pub last_received_at: Option<String>,
    pub last_seen: Option<String>,
    /// Open approval requests (`require_approval`), by
    /// `collector_id/connector_id/event_id`.
    pub open_approvals: BTreeMap<String, OpenItem>,
    /// Open high and critical blocks, by `collector_id/connector_id/event_id`.
    pub open_blocks: BTreeMap<String, OpenItem>,
    /// Events an approval of the same collector and connector resolved
    /// (kept so the order of arrival does not matter).
    pub resolved: BTreeMap<String, String>,
    pub redactions: u64,
    pub schema: String,
    pub tenant: String,
}

/// Counts by dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub by_connector: BTreeMap<String, u64>,
    pub by_decision: BTreeMap<String, u64>,
    pub by_environment: BTreeMap<String, u64>,
    pub by_event_type: BTreeMap<String, u64>,
    pub by_repository: BTreeMap<String, u64>,
    pub by_severity: BTreeMap<String, u64>,
}

/// Everything seen, with when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    pub agents: BTreeMap<String, Seen>,
    pub collectors: BTreeMap<String, Seen>,
    pub connectors: BTreeMap<String, Seen>,
    pub repositories: BTreeMap<String, Seen>,
    pub tools: BTreeMap<String, Seen>,
}

/// First and last occurrence and how many events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    pub events: u64,
    pub first_seen: String,
    pub last_seen: String,
}

/// An open block or approval request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenItem {
    pub agent_id: String,
    pub event_id: String,
    pub occurred_at: String,
    pub repository: String,
    pub severity: String,
}

pub const SCHEMA: &str = "cavra.aispm.posture.v1";

impl Posture {
    pub fn new(tenant: &str) -> Posture {
        Posture {
            schema: SCHEMA.to_string(),
            tenant: tenant.to_string(),
            ..Posture::default()
        }
    }

    /// Folds one stored event (a `cavra.aispm.event.v1` record) in.
    pub fn apply(&mut self, record: &Value) {
        self.apply_event(&Event::of(record));
    }

    /// Folds one event in, given as what [`Posture::apply`] reads of its
    /// record (so ingestion, which has the fields at hand, and a rebuild
    /// from the ledger fold the same way).
    pub fn apply_event(&mut self, e: &Event<'_>) {
        let at = normalise(&e.occurred_at);
        self.events += 1;
        self.ledger_entries += 1;
        min_max(&mut self.first_seen, &mut self.last_seen, &at);
        let received: &str = &e.received_at;
        if self.last_received_at.as_deref().is_none_or(|r| r < received) {
            self.last_received_at = Some(received.to_string());
        }
        self.redactions += e.redactions;
        let c = &mut self.counts;
        // Optional dimensions (decision, severity, repository) count only
        // when given.
        for (map, name) in [
            (&mut c.by_event_type, &e.event_type),
            (&mut c.by_decision, &e.decision),
            (&mut c.by_severity, &e.severity),
            (&mut c.by_connector, &e.connector_id),
            (&mut c.by_environment, &e.environment),
            (&mut c.by_repository, &e.repository),
        ] {
            if name.is_empty() {
                continue;
            }
            // Look up before inserting: a new key is rare, its allocation too.
            match map.get_mut(name.as_ref()) {
                Some(n) => *n += 1,
                None => {
                    map.insert(name.to_string(), 1);
                }
            }
        }
        let inv = &mut self.inventory;
        for (map, name) in [
            (&mut inv.agents, &e.agent_id),
            (&mut inv.collectors, &e.collector_id),
            (&mut inv.connectors, &e.connector_id),
            (&mut inv.repositories, &e.repository),
            (&mut inv.tools, &e.tool),
        ] {
            if name.is_empty() {
                continue;
            }
            let Some(seen) = map.get_mut(name.as_ref()) else {
                map.insert(
                    name.to_string(),
                    Seen {
                        events: 1,
                        first_seen: at.clone(),
                        last_seen: at.clone(),
                    },
                );
                continue;
            };
            seen.events += 1;
            if at < seen.first_seen {
                seen.first_seen.clone_from(&at);
            }
            if at > seen.last_seen {
                seen.last_seen.clone_from(&at);
            }
        }
        // Scoped to the collector and connector: nobody closes another
        // collector's blocks.
        let scope = format!("{}/{}", e.collector_id, e.connector_id);
        let id = format!("{scope}/{}", e.event_id);
        for resolved in &e.resolves {
            let target = format!("{scope}/{resolved}");
            self.open_blocks.remove(&target);
            self.open_approvals.remove(&target);
            self.resolved.insert(target, id.clone());
        }
        if self.resolved.contains_key(&id) {
            return;
        }
        let item = || OpenItem {
            agent_id: e.agent_id.to_string(),
            event_id: e.event_id.to_string(),
            occurred_at: at.clone(),
            repository: e.repository.to_string(),
            severity: e.severity.to_string(),
        };
        match (e.decision.as_ref(), e.severity.as_ref()) {
            ("block", "high" | "critical") => {
                self.open_blocks.insert(id, item());
            }
            ("require_approval", _) => {
                self.open_approvals.insert(id, item());
            }
            _ => {}
        }
    }
}

/// What [`Posture::apply`] reads of a stored event: its envelope's strings
/// (`""` when absent or not a string), the collector whose key verified it,
/// `received_at` and `redactions`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event<'a> {
    pub agent_id: Cow<'a, str>,
    pub collector_id: Cow<'a, str>,
    pub connector_id: Cow<'a, str>,
    pub decision: Cow<'a, str>,
    pub environment: Cow<'a, str>,
    pub event_id: Cow<'a, str>,
    pub event_type: Cow<'a, str>,
    pub occurred_at: Cow<'a, str>,
    pub received_at: Cow<'a, str>,
    pub redactions: u64,
    pub repository: Cow<'a, str>,
    /// The event ids this event resolves ([`Event::resolving`]).
    pub resolves: Vec<Cow<'a, str>>,
    pub severity: Cow<'a, str>,
    pub tool: Cow<'a, str>,
}

impl<'a> Event<'a> {
    /// The fields of a stored record: its envelope decoded from the proof
    /// it carries ([`super::proof::envelope`]; an entry whose payload does not
    /// parse reads as an envelope without fields).
    pub fn of(record: &Value) -> Event<'static> {
        let env = super::proof::envelope(record).unwrap_or(Value::Null);
        Event::read(record, &env).into_owned()
    }

    /// [`Event::of`] of a record read on a borrowed parse of its text.
    pub fn of_stored(record: &super::proof::Stored<'_>) -> Event<'static> {
        Event::of_parts(record, &record.envelope().unwrap_or(Value::Null))
    }

    /// [`Event::of_stored`] of a record whose envelope was decoded already.
    pub fn of_parts(record: &super::proof::Stored<'_>, env: &Value) -> Event<'static> {
        let (collector, received) = (&record.collector_id, &record.received_at);
        Event::parts(
            collector.as_deref().unwrap_or_default(),
            received.as_deref().unwrap_or_default(),
            env,
        )
        .into_owned()
    }

    /// The fields of a stored record whose envelope is `env`, borrowed.
    pub fn read(record: &'a Value, env: &'a Value) -> Event<'a> {
        let s = |k: &str| record[k].as_str().unwrap_or_default();
        Event::parts(s("collector_id"), s("received_at"), env)
    }

    /// The fields of an event its collector's key verified, received at
    /// `received_at`, whose envelope is `env`.
    fn parts(collector_id: &'a str, received_at: &'a str, env: &'a Value) -> Event<'a> {
        let refs = env.pointer("/event/evidence_refs").and_then(Value::as_array);
        let refs = refs.into_iter().flatten().filter_map(Value::as_str);
        Event::fields(
            collector_id,
            received_at,
            |object, key| env.get(object)?.get(key)?.as_str(),
            refs,
        )
    }

    /// [`Event::of_parts`] of an envelope read on a borrowed parse.
    pub(crate) fn of_json(record: &super::proof::Stored<'_>, env: &Json<'_>) -> Event<'static> {
        let refs = env.get("event").and_then(|e| e.get("evidence_refs"));
        let refs = match refs {
            Some(Json::Array(items)) => items.as_slice(),
            _ => &[],
        };
        Event::fields(
            record.collector_id.as_deref().unwrap_or_default(),
            record.received_at.as_deref().unwrap_or_default(),
            |object, key| env.get(object)?.get(key)?.as_str(),
            refs.iter().filter_map(Json::as_str),
        )
        .into_owned()
    }

    /// The fields, each `at(object, member)` of the envelope (a string, or
    /// empty), and the `event.evidence_refs` that are strings.
    fn fields<'e>(
        collector_id: &'a str,
        received_at: &'a str,
        at: impl Fn(&str, &str) -> Option<&'e str>,
        refs: impl Iterator<Item = &'e str>,
    ) -> Event<'a>
    where
        'e: 'a,
    {
        let s = |object: &str, key: &str| Cow::Borrowed(at(object, key).unwrap_or_default());
        let decision = s("event", "decision");
        let event_type = s("event", "event_type");
        Event {
            agent_id: s("event", "agent_id"),
            collector_id: Cow::Borrowed(collector_id),
            connector_id: s("source", "connector_id"),
            resolves: Event::resolving(&event_type, &decision, refs.map(Cow::Borrowed)),
            decision,
            environment: s("tenant", "environment"),
            event_id: s("event", "event_id"),
            event_type,
            occurred_at: s("event", "occurred_at"),
            received_at: Cow::Borrowed(received_at),
            // The signed bytes are stored as sent (a secret is a reject,
            // never scrubbed), so an entry holds no redaction.
            redactions: 0,
            repository: s("event", "repository"),
            severity: s("event", "severity"),
            tool: s("event", "tool_name"),
        }
    }

    /// What an event resolves: an `approval_event` that allows
    /// (`allow`, `allow_with_attestation`) closes the open blocks and
    /// approval requests its `evidence_refs` name by event id (of the same
    /// collector and connector); any other event resolves nothing.
    pub fn resolving<I: Iterator<Item = Cow<'a, str>>>(event_type: &str, decision: &str, refs: I) -> Vec<Cow<'a, str>> {
        match (event_type, decision) {
            ("approval_event", "allow" | "allow_with_attestation") => refs.collect(),
            _ => Vec::new(),
        }
    }

    /// The same fields, owned.
    pub fn into_owned(self) -> Event<'static> {
        let o = |c: Cow<'a, str>| Cow::Owned(c.into_owned());
        Event {
            agent_id: o(self.agent_id),
            collector_id: o(self.collector_id),
            connector_id: o(self.connector_id),
            decision: o(self.decision),
            environment: o(self.environment),
            event_id: o(self.event_id),
            event_type: o(self.event_type),
            occurred_at: o(self.occurred_at),
            received_at: o(self.received_at),
            redactions: self.redactions,
            repository: o(self.repository),
            resolves: self.resolves.into_iter().map(o).collect(),
            severity: o(self.severity),
            tool: o(self.tool),
        }
    }
}

/// RFC 3339 in UTC (so text order is time order); as given when unparsable.
pub fn normalise(at: &str) -> String {
    // The common case, `YYYY-MM-DDTHH:MM:SSZ`, is already its own normal form.
    let b = at.as_bytes();
    let plain = b.len() == 20
        && b[19] == b'Z'
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => true,
            _ => c.is_ascii_digit(),
        });
    if plain {
        // Parsing would give the same text back, or fail and keep it as given.
        return at.to_string();
    }
    crate::clock::Timestamp::parse(at).map_or_else(|| at.to_string(), |t| t.rfc3339())
}

fn min_max(first: &mut Option<String>, last: &mut Option<String>, at: &str) {
    if first.as_deref().is_none_or(|f| at < f) {
        *first = Some(at.to_string());
    }
    if last.as_deref().is_none_or(|l| at > l) {
        *last = Some(at.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_normalise_to_utc_and_plain_utc_stays_as_is() {
        assert_eq!(normalise("2026-03-01T12:00:00+02:00"), "2026-03-01T10:00:00Z");
        assert_eq!(normalise("2026-03-01T12:00:00Z"), "2026-03-01T12:00:00Z");
        assert_eq!(normalise("2026-03-01T12:00:00.5Z"), "2026-03-01T12:00:00.5Z");
        assert_eq!(normalise("not a time"), "not a time");
    }

    #[test]
    fn a_resolution_closes_a_block_in_either_order_and_only_its_collectors() {
        let ev = |collector: &str, id: &str, kind: &str, decision: &str, refs: &[&str]| {
            let envelope = serde_json::json!({"event": {"event_id": id,
                "event_type": kind, "decision": decision, "severity": "critical",
                "occurred_at": "2026-03-01T12:00:00Z", "agent_id": "a", "evidence_refs": refs},
                "source": {"connector_id": "c"}});
            let payload = crate::ops::aispm::dsse::b64_encode(envelope.to_string().as_bytes());
            serde_json::json!({"collector_id": collector, "dsse": {"payload": payload},
                "received_at": "2026-03-01T12:00:00Z"})
        };
        let block = ev("ci", "b1", "policy_decision", "block", &[]);
        let fix = ev("ci", "f1", "approval_event", "allow", &["b1"]);
        let mut one = Posture::new("t");
        one.apply(&block);
        assert_eq!(one.open_blocks.len(), 1);
        one.apply(&fix);
        let mut two = Posture::new("t");
        two.apply(&fix);
        two.apply(&block);
        assert!(one.open_blocks.is_empty() && two.open_blocks.is_empty());
        assert_eq!(one, two);
        // Another collector's approval, sent first, closes nothing.
        let mut three = Posture::new("t");
        three.apply(&ev("other", "f1", "approval_event", "allow", &["b1"]));
        three.apply(&block);
        assert_eq!(three.open_blocks.len(), 1);
        // Nor does a denial.
        let mut four = Posture::new("t");
        four.apply(&block);
        four.apply(&ev("ci", "f2", "approval_event", "warn", &["b1"]));
        assert_eq!(four.open_blocks.len(), 1);
    }
}
