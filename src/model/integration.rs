//! The integration inventory record (`cavra.integration.v1`) and how a
//! record is built from user input: defaults, the derived id, and what an
//! update may change.
//!
//! Input arrives as a JSON object (from flags or an import file); defaults
//! fill what is missing, then the whole record is checked against the schema
//! before it can reach a store, so every backend stores the same records and
//! every problem names its field.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::store::table::Record;

/// One integration. Fields are in alphabetical order and always serialized,
/// so the typed form is the canonical form (see `store::table`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    pub auth_mode: Option<String>,
    pub capabilities: Vec<String>,
    pub category: Category,
    pub created_at: String,
    pub endpoint_ref: Option<String>,
    pub environment: String,
    pub evidence_refs: Vec<String>,
    pub health_status: HealthStatus,
    pub integration_id: String,
    pub last_checked_at: Option<String>,
    pub name: String,
    pub owner: String,
    pub provider: String,
    pub repositories: Vec<String>,
    pub status: Status,
    pub updated_at: String,
}

impl Record for Integration {
    fn key(&self) -> &str {
        &self.integration_id
    }

    fn is_plausible(&self) -> bool {
        is_id(&self.integration_id, 128, b"._-")
            && is_id(&self.provider, 64, b"_-")
            && !self.name.is_empty()
            && !self.owner.is_empty()
            && !self.environment.is_empty()
            && is_timestamp(&self.created_at)
            && is_timestamp(&self.updated_at)
            && self.last_checked_at.as_deref().is_none_or(is_timestamp)
    }
}

/// `^[a-z0-9][a-z0-9<extra>]{0,max-1}$`
fn is_id(s: &str, max: usize, extra: &[u8]) -> bool {
    let b = s.as_bytes();
    let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty() && b.len() <= max && ok(&b[0]) && b[1..].iter().all(|c| ok(c) || extra.contains(c))
}

/// The shape of an RFC 3339 UTC timestamp, `YYYY-MM-DDTHH:MM:SS[.f]Z`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b.ends_with(b"Z")
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[..19]
            .iter()
            .enumerate()
            .all(|(i, c)| matches!(i, 4 | 7 | 10 | 13 | 16) || c.is_ascii_digit())
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, clap::ValueEnum)]
        #[serde(rename_all = "snake_case")]
        #[clap(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// What kind of system an integration connects to.
    Category {
        /// Source control (GitHub, GitLab)
        SourceControl => "source_control",
        /// CI/CD pipelines
        CiCd => "ci_cd",
        /// Security information and event management (Splunk, Sentinel)
        Siem => "siem",
        /// IT service management (Jira, ServiceNow)
        Itsm => "itsm",
        /// Chat operations (Slack, Teams)
        Chatops => "chatops",
        /// Identity providers (Okta)
        Identity => "identity",
        /// Cloud platforms (AWS)
        Cloud => "cloud",
        /// Storage
        Storage => "storage",
        /// Other security tooling (the default)
        Security => "security",
        /// Observability (Datadog)
        Observability => "observability",
    }
);

string_enum!(
    /// Where an integration is in its life.
    Status {
        /// Wanted, not set up yet (the default)
        Planned => "planned",
        /// Set up, not in use yet
        Configured => "configured",
        /// In use
        Active => "active",
        /// Temporarily stopped
        Paused => "paused",
        /// Switched off (also set when a destination answers 410 Gone)
        Disabled => "disabled",
    }
);

string_enum!(
    /// The integration's last known health.
    HealthStatus {
        /// Checked, but the result is unknown
        Unknown => "unknown",
        /// The last check or delivery succeeded
        Healthy => "healthy",
        /// Working with problems
        Degraded => "degraded",
        /// The last check or delivery failed
        Failed => "failed",
        /// Never checked (the default)
        NotChecked => "not_checked",
    }
);

/// Default owner of a new integration.
pub const DEFAULT_OWNER: &str = "platform-security";
/// Default environment of a new integration.
pub const DEFAULT_ENVIRONMENT: &str = "global";

/// The id derived when none is given: the slug of `provider-environment`.
pub fn default_id(provider: &str, environment: &str) -> String {
    slug(&format!("{provider}-{environment}"))
}

/// Lowercases and replaces anything outside `[a-z0-9._-]` with `-`,
/// collapsing runs, so the result matches the id pattern when non-empty.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            c
        } else {
            '-'
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut id: String = trimmed.chars().take(128).collect();
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// A new record from `input` over the defaults, stamped `now`. Fields the
/// input does not know are kept, so the schema check names them.
pub fn new_record(input: &Map<String, Value>, now: &str) -> Value {
    let provider = input.get("provider").and_then(Value::as_str).unwrap_or_default();
    let environment = input
        .get("environment")
        .and_then(Value::as_str)
        .unwrap_or(DEFAULT_ENVIRONMENT)
        .to_string();
    let mut record = json!({
        "auth_mode": null,
        "capabilities": [],
        "category": Category::Security.as_str(),
        "created_at": now,
        "endpoint_ref": null,
        "environment": DEFAULT_ENVIRONMENT,
        "evidence_refs": [],
        "health_status": HealthStatus::NotChecked.as_str(),
        "integration_id": default_id(provider, &environment),
        "last_checked_at": null,
        "owner": DEFAULT_OWNER,
        "repositories": [],
        "status": Status::Planned.as_str(),
        "updated_at": now,
    });
    if let Some(provider) = input.get("provider") {
        record["provider"] = provider.clone();
        record["name"] = Value::from(provider.as_str().unwrap_or_default());
    }
    overlay(&mut record, input);
    record
}

/// `existing` with the fields in `changes` replaced; `updated_at` becomes
/// `now` when anything changed. `created_at` is never taken from `changes`.
pub fn updated_record(existing: &Integration, changes: &Map<String, Value>, now: &str) -> Value {
    let mut record = serde_json::to_value(existing).expect("records serialize");
    let mut changes = changes.clone();
    changes.remove("created_at");
    let explicit_updated_at = changes.remove("updated_at");
    overlay(&mut record, &changes);
    if !same_content(&record, &serde_json::to_value(existing).expect("records serialize")) {
        record["updated_at"] = explicit_updated_at.unwrap_or_else(|| Value::from(now));
    }
    record
}

/// A replacement record (upsert, import) that keeps the original `created_at`.
pub fn replacement_record(existing: &Integration, input: &Map<String, Value>, now: &str) -> Value {
    let mut record = new_record(input, now);
    record["created_at"] = Value::from(existing.created_at.clone());
    let old = serde_json::to_value(existing).expect("records serialize");
    if same_content(&record, &old) {
        record["updated_at"] = old["updated_at"].clone();
    }
    record
}

/// Whether two records agree on everything but `updated_at`.
pub fn same_content(a: &Value, b: &Value) -> bool {
    match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => a.len() == b.len() && a.iter().all(|(k, v)| k == "updated_at" || b.get(k) == Some(v)),
        _ => a == b,
    }
}

fn overlay(record: &mut Value, input: &Map<String, Value>) {
    let object = record.as_object_mut().expect("records are objects");
    for (k, v) in input {
        object.insert(k.clone(), v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_makes_valid_ids() {
        assert_eq!(default_id("splunk", "Production EU"), "splunk-production-eu");
        assert_eq!(slug("--Ünïcode__x!!"), "n-code__x");
        assert_eq!(slug("a".repeat(300).as_str()).len(), 128);
    }

    #[test]
    fn defaults_follow_the_spec() {
        let input = json!({"provider": "splunk"});
        let r = new_record(input.as_object().unwrap(), "2026-01-01T00:00:00Z");
        assert_eq!(r["integration_id"], "splunk-global");
        assert_eq!(r["name"], "splunk");
        assert_eq!(r["category"], "security");
        assert_eq!(r["status"], "planned");
        assert_eq!(r["health_status"], "not_checked");
        assert_eq!(r["owner"], "platform-security");
        let typed: Integration = serde_json::from_value(r.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), r);
    }

    #[test]
    fn typed_serialization_is_canonical() {
        let input = json!({"provider": "jira", "capabilities": ["b", "a"], "auth_mode": "token_env"});
        let r = new_record(input.as_object().unwrap(), "2026-01-01T00:00:00Z");
        let typed: Integration = serde_json::from_value(r.clone()).unwrap();
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&r).unwrap()
        );
        assert_eq!(
            serde_json::to_string_pretty(&typed).unwrap(),
            serde_json::to_string_pretty(&r).unwrap()
        );
    }

    #[test]
    fn update_keeps_created_at_and_only_bumps_on_change() {
        let r = new_record(
            json!({"provider": "slack"}).as_object().unwrap(),
            "2026-01-01T00:00:00Z",
        );
        let existing: Integration = serde_json::from_value(r).unwrap();
        let same = updated_record(
            &existing,
            json!({"owner": "platform-security"}).as_object().unwrap(),
            "2026-02-01T00:00:00Z",
        );
        assert_eq!(same["updated_at"], "2026-01-01T00:00:00Z");
        let changed = updated_record(
            &existing,
            json!({"owner": "soc", "created_at": "2020-01-01T00:00:00Z"})
                .as_object()
                .unwrap(),
            "2026-02-01T00:00:00Z",
        );
        assert_eq!(changed["updated_at"], "2026-02-01T00:00:00Z");
        assert_eq!(changed["created_at"], "2026-01-01T00:00:00Z");
        let replaced = replacement_record(
            &existing,
            json!({"provider": "slack", "owner": "x"}).as_object().unwrap(),
            "2026-03-01T00:00:00Z",
        );
        assert_eq!(replaced["created_at"], "2026-01-01T00:00:00Z");
    }
}
