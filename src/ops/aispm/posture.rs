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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    pub first_seen: Option<String>,
    pub inventory: Inventory,
    pub last_received_at: Option<String>,
    pub last_seen: Option<String>,
    /// Open approval requests (`require_approval`), by `connector_id/event_id`.
    pub open_approvals: BTreeMap<String, OpenItem>,
    /// Open high and critical blocks, by `connector_id/event_id`.
    pub open_blocks: BTreeMap<String, OpenItem>,
    /// Events whose id a later event resolved (kept so the order of
    /// arrival does not matter).
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
        let env = &record["envelope"];
        let s = |p: &str| env.pointer(p).and_then(Value::as_str).unwrap_or_default();
        let at = normalise(s("/event/occurred_at"));
        self.events += 1;
        self.ledger_entries += 1;
        min_max(&mut self.first_seen, &mut self.last_seen, &at);
        let received = record["received_at"].as_str().unwrap_or_default();
        if self.last_received_at.as_deref().is_none_or(|r| r < received) {
            self.last_received_at = Some(received.to_string());
        }
        self.redactions += record["redactions"].as_u64().unwrap_or(0);
        let c = &mut self.counts;
        for (map, p) in [
            (&mut c.by_event_type, "/event/event_type"),
            (&mut c.by_decision, "/event/decision"),
            (&mut c.by_severity, "/event/severity"),
            (&mut c.by_connector, "/source/connector_id"),
            (&mut c.by_environment, "/source/environment"),
            (&mut c.by_repository, "/source/repository"),
        ] {
            // Look up before inserting: a new key is rare, its allocation too.
            match map.get_mut(s(p)) {
                Some(n) => *n += 1,
                None => {
                    map.insert(s(p).to_string(), 1);
                }
            }
        }
        let inv = &mut self.inventory;
        for (map, p) in [
            (&mut inv.agents, "/event/agent_id"),
            (&mut inv.collectors, "/source/collector_id"),
            (&mut inv.connectors, "/source/connector_id"),
            (&mut inv.repositories, "/source/repository"),
            (&mut inv.tools, "/event/tool"),
        ] {
            let name = s(p);
            if name.is_empty() {
                continue;
            }
            let Some(seen) = map.get_mut(name) else {
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
        let connector = s("/source/connector_id");
        let id = format!("{connector}/{}", s("/event/event_id"));
        let resolves = s("/event/resolves_event_id");
        if !resolves.is_empty() {
            let target = format!("{connector}/{resolves}");
            self.open_blocks.remove(&target);
            self.open_approvals.remove(&target);
            self.resolved.insert(target, id.clone());
        }
        if self.resolved.contains_key(&id) {
            return;
        }
        let item = || OpenItem {
            agent_id: s("/event/agent_id").to_string(),
            event_id: s("/event/event_id").to_string(),
            occurred_at: at.clone(),
            repository: s("/source/repository").to_string(),
            severity: s("/event/severity").to_string(),
        };
        match (s("/event/decision"), s("/event/severity")) {
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
    fn a_resolution_closes_a_block_in_either_order() {
        let ev = |id: &str, decision: &str, resolves: Option<&str>| {
            let mut e = serde_json::json!({"envelope": {"event": {"event_id": id, "decision": decision,
                "severity": "critical", "occurred_at": "2026-03-01T12:00:00Z", "agent_id": "a"},
                "source": {"connector_id": "c", "repository": "o/r"}}, "received_at": "2026-03-01T12:00:00Z"});
            if let Some(r) = resolves {
                e["envelope"]["event"]["resolves_event_id"] = r.into();
            }
            e
        };
        let (block, fix) = (ev("b1", "block", None), ev("f1", "approved", Some("b1")));
        let mut one = Posture::new("t");
        one.apply(&block);
        assert_eq!(one.open_blocks.len(), 1);
        one.apply(&fix);
        let mut two = Posture::new("t");
        two.apply(&fix);
        two.apply(&block);
        assert!(one.open_blocks.is_empty() && two.open_blocks.is_empty());
        assert_eq!(one, two);
    }
}
