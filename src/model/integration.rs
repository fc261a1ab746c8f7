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

/// One integration. The key field comes first, the others in alphabetical
/// order, all always serialized, so the typed form is the canonical
/// key-first form (see `store::table`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    pub integration_id: String,
    pub auth_mode: Option<String>,
    pub capabilities: Vec<String>,
    pub category: Category,
    pub created_at: String,
    pub endpoint_ref: Option<String>,
    pub environment: String,
    pub evidence_refs: Vec<String>,
    pub health_status: HealthStatus,
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

    fn conforms(&self) -> bool {
        let chars = |s: &str, max: usize| (1..=max).contains(&s.chars().count());
        let list = |items: &[String]| {
            items.iter().all(|s| chars(s, 512)) && items.iter().enumerate().all(|(i, s)| !items[..i].contains(s))
        };
        is_id(&self.integration_id, 128, b"._-")
            && is_id(&self.provider, 64, b"_-")
            && chars(&self.name, 256)
            && chars(&self.owner, 256)
            && chars(&self.environment, 128)
            && self.auth_mode.as_deref().is_none_or(is_auth_mode)
            && self
                .endpoint_ref
                .as_deref()
                .is_none_or(|e| chars(e, 512) && !is_secret_bearing_url(e))
            && list(&self.capabilities)
            && list(&self.repositories)
            && list(&self.evidence_refs)
            && is_timestamp(&self.created_at)
            && is_timestamp(&self.updated_at)
            && self.last_checked_at.as_deref().is_none_or(is_timestamp)
    }
}

impl Integration {
    /// Every string the record holds, for the secret scan.
    fn strings(&self) -> impl Iterator<Item = &str> {
        [
            &self.integration_id,
            &self.name,
            &self.provider,
            &self.owner,
            &self.environment,
            &self.created_at,
            &self.updated_at,
        ]
        .into_iter()
        .map(String::as_str)
        .chain(
            [&self.auth_mode, &self.endpoint_ref, &self.last_checked_at]
                .into_iter()
                .filter_map(|o| o.as_deref()),
        )
        .chain(
            self.capabilities
                .iter()
                .chain(&self.repositories)
                .chain(&self.evidence_refs)
                .map(String::as_str),
        )
    }
}

/// The SQLite inventory's row: the record's fields in the table's column
/// order, lists as JSON text (`CAVRA_INTEGRATION_DB`).
impl crate::store::sqlite::Row for Integration {
    fn columns(&self) -> Vec<rusqlite::types::Value> {
        use rusqlite::types::Value as V;
        let text = |s: &str| V::Text(s.to_string());
        let optional = |s: &Option<String>| s.as_deref().map_or(V::Null, text);
        let list = |v: &Vec<String>| V::Text(serde_json::to_string(v).expect("strings serialize"));
        vec![
            text(&self.integration_id),
            text(&self.name),
            text(&self.provider),
            text(self.category.as_str()),
            text(self.status.as_str()),
            text(self.health_status.as_str()),
            text(&self.owner),
            text(&self.environment),
            optional(&self.auth_mode),
            optional(&self.endpoint_ref),
            list(&self.capabilities),
            list(&self.repositories),
            list(&self.evidence_refs),
            optional(&self.last_checked_at),
            text(&self.created_at),
            text(&self.updated_at),
        ]
    }

    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Integration> {
        fn parsed<T: serde::de::DeserializeOwned>(i: usize, text: String) -> rusqlite::Result<T> {
            serde_json::from_str(&text)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
        }
        let quoted = |i: usize| -> rusqlite::Result<String> {
            Ok(serde_json::to_string(&row.get::<_, String>(i)?).unwrap_or_default())
        };
        Ok(Integration {
            integration_id: row.get(0)?,
            name: row.get(1)?,
            provider: row.get(2)?,
            category: parsed(3, quoted(3)?)?,
            status: parsed(4, quoted(4)?)?,
            health_status: parsed(5, quoted(5)?)?,
            owner: row.get(6)?,
            environment: row.get(7)?,
            auth_mode: row.get(8)?,
            endpoint_ref: row.get(9)?,
            capabilities: parsed(10, row.get(10)?)?,
            repositories: parsed(11, row.get(11)?)?,
            evidence_refs: parsed(12, row.get(12)?)?,
            last_checked_at: row.get(13)?,
            created_at: row.get(14)?,
            updated_at: row.get(15)?,
        })
    }

    fn filter_value(&self, column: &str) -> &str {
        match column {
            "provider" => self.provider.as_str(),
            "category" => self.category.as_str(),
            "status" => self.status.as_str(),
            "owner" => self.owner.as_str(),
            "environment" => self.environment.as_str(),
            _ => self.health_status.as_str(),
        }
    }
}

/// The registry's compiled check of one record's text in a table file: the
/// record's key when it conforms to the schema, holds no secret and (with
/// `layout`) is laid out canonically; `None` sends it to the full check.
pub fn fast_check(text: &str, layout: bool) -> Option<String> {
    let record: Integration = serde_json::from_str(text).ok()?;
    let canonical = !layout
        || crate::store::canonical::is_indented_record(
            &serde_json::to_vec_pretty(&record).expect("records serialize"),
            text.as_bytes(),
        );
    (canonical && record.conforms() && record.strings().all(|s| crate::secrets::detect(s).is_none()))
        .then_some(record.integration_id)
}

/// `^[a-z0-9][a-z0-9<extra>]{0,max-1}$`
fn is_id(s: &str, max: usize, extra: &[u8]) -> bool {
    let b = s.as_bytes();
    let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty() && b.len() <= max && ok(&b[0]) && b[1..].iter().all(|c| ok(c) || extra.contains(c))
}

/// `^[a-z][a-z0-9_]{0,63}$`
fn is_auth_mode(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && is_id(s, 64, b"_")
}

/// The schema's `not` on endpoint_ref: `^scheme://[^/]*@` (credentials) or
/// `^scheme://.*[?#]` (a query or fragment before any line break).
fn is_secret_bearing_url(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_alphabetic() {
        return false;
    }
    let scheme = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-')));
    let Some(end) = scheme else { return false };
    if !b[end..].starts_with(b"://") {
        return false;
    }
    let rest = &b[end + 3..];
    let credentials = rest.iter().take_while(|c| **c != b'/').any(|c| *c == b'@');
    let query = rest
        .iter()
        .take_while(|c| **c != b'\n')
        .any(|c| matches!(c, b'?' | b'#'));
    credentials || query
}

pub(crate) use crate::clock::{is_timestamp, starts_with_datetime};

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
        let key_first = crate::store::canonical::KeyFirst {
            record: &r,
            key: "integration_id",
        };
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&key_first).unwrap()
        );
        assert_eq!(
            serde_json::to_string_pretty(&typed).unwrap(),
            serde_json::to_string_pretty(&key_first).unwrap()
        );
        assert!(
            serde_json::to_string(&typed)
                .unwrap()
                .starts_with("{\"integration_id\":")
        );
    }

    /// The compiled check must agree with the JSON Schema on every case.
    #[test]
    fn conforms_agrees_with_the_schema() {
        let base = new_record(
            json!({"provider": "splunk", "auth_mode": "token_env", "endpoint_ref": "vault://x"})
                .as_object()
                .unwrap(),
            "2026-01-01T00:00:00Z",
        );
        let long = |n: usize| "a".repeat(n);
        let cases: Vec<(&str, Value)> = vec![
            ("integration_id", json!("ok-1.2_3")),
            ("integration_id", json!("Upper")),
            ("integration_id", json!("-x")),
            ("integration_id", json!(long(128))),
            ("integration_id", json!(long(129))),
            ("integration_id", json!("")),
            ("integration_id", json!("a b")),
            ("provider", json!("a.b")),
            ("provider", json!("a_b-c")),
            ("provider", json!(long(65))),
            ("name", json!("")),
            ("name", json!(long(256))),
            ("name", json!(long(257))),
            ("name", json!("é".repeat(256))),
            ("owner", json!("")),
            ("environment", json!(long(129))),
            ("environment", json!(long(128))),
            ("auth_mode", json!(null)),
            ("auth_mode", json!("Token")),
            ("auth_mode", json!("_x")),
            ("auth_mode", json!("t")),
            ("auth_mode", json!(long(65))),
            ("auth_mode", json!("a-b")),
            ("endpoint_ref", json!(null)),
            ("endpoint_ref", json!("")),
            ("endpoint_ref", json!(long(512))),
            ("endpoint_ref", json!(long(513))),
            ("endpoint_ref", json!("https://u:p@h/x")),
            ("endpoint_ref", json!("https://h/x@y")),
            ("endpoint_ref", json!("https://h/p?q=1")),
            ("endpoint_ref", json!("https://h/#f")),
            ("endpoint_ref", json!("https://h\n?x")),
            ("endpoint_ref", json!("1https://h?x")),
            ("endpoint_ref", json!("see https://h?x")),
            ("endpoint_ref", json!("https://splunk.example.com:8088")),
            ("capabilities", json!(["a", "b"])),
            ("capabilities", json!(["a", "a"])),
            ("capabilities", json!([""])),
            ("repositories", json!([long(513)])),
            ("created_at", json!("2026-01-01T00:00:00.5Z")),
            ("created_at", json!("2026-01-01T00:00:00.1234567890Z")),
            ("created_at", json!("2026-01-01T00:00:00+00:00")),
            ("created_at", json!("2026-1-01T00:00:00Z")),
            ("created_at", json!("2026-01-01T00:00:00.Z")),
            ("updated_at", json!("2026-01-01 00:00:00Z")),
            ("last_checked_at", json!(null)),
            ("last_checked_at", json!("2026-01-01T00:00:00.123456789Z")),
        ];
        let validator = crate::store::schema::validator("cavra.integration.v1");
        for (field, value) in cases {
            let mut record = base.clone();
            record[field] = value.clone();
            let by_schema = validator.is_valid(&record);
            let by_code = serde_json::from_value::<Integration>(record).is_ok_and(|r| r.conforms());
            assert_eq!(by_code, by_schema, "{field} = {value}");
        }
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
