//! The JSON Schemas, embedded from `schemas/` at build time, and the one
//! place records are checked against them.
//!
//! Every record is validated before any write, so a store on disk only ever
//! holds what its schema accepts; `cavra validate` uses the same validators to
//! find what a hand edit broke. Validators compile once per process, lazily,
//! so commands that never validate never pay for it.

use std::path::Path;
use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::error::{Problem, ProblemKind};
use crate::secrets::{excerpt_json, label};

/// A schema shipped inside the binary.
pub struct EmbeddedSchema {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(EmbeddedSchema {
            name: $name,
            text: include_str!(concat!("../../schemas/", $name, ".schema.json")),
        }),*]
    };
}

/// Every embedded schema, sorted by name.
pub const SCHEMAS: &[EmbeddedSchema] = embed![
    "aispm-enterprise-live-ingestion-envelope",
    "cavra.aispm.event.v1",
    "cavra.aispm.forward.v1",
    "cavra.aispm.health.v1",
    "cavra.aispm.ingest.v1",
    "cavra.aispm.keygen.v1",
    "cavra.aispm.posture_report.v1",
    "cavra.aispm.quarantine.list.v1",
    "cavra.aispm.quarantine.record.v1",
    "cavra.aispm.quarantine.v1",
    "cavra.aispm.replay.v1",
    "cavra.aispm.retention_plan.v1",
    "cavra.aispm.run.v1",
    "cavra.aispm.tenant.list.v1",
    "cavra.aispm.tenant.record.v1",
    "cavra.aispm.tenant.v1",
    "cavra.aispm.tenants.v1",
    "cavra.connector.check.v1",
    "cavra.connector.delivery.v1",
    "cavra.connector.list.v1",
    "cavra.connectors.v1",
    "cavra.console.build.v1",
    "cavra.delivery.dashboard.v1",
    "cavra.delivery.history.v1",
    "cavra.delivery.retry.v1",
    "cavra.diff.v1",
    "cavra.drill.ack.v1",
    "cavra.drill.audit.v1",
    "cavra.drill.audit_deliver.v1",
    "cavra.drill.escalate.v1",
    "cavra.drill.notify.v1",
    "cavra.drill.policy.list.v1",
    "cavra.drill.record.v1",
    "cavra.drill.routing.v1",
    "cavra.drill.routing_history.v1",
    "cavra.drill.schedule.change.v1",
    "cavra.drill.schedule.list.v1",
    "cavra.drill.schedule.record.v1",
    "cavra.drill.schedule.v1",
    "cavra.endpoint-management-export.v1",
    "cavra.evidence.metadata.v1",
    "cavra.evidence.migrate.v1",
    "cavra.git.install.v1",
    "cavra.go-runtime.endpoint-rollout-promotion-execution.v1",
    "cavra.go-runtime.endpoint-rollout-rollback-execution.v1",
    "cavra.init.v1",
    "cavra.integration.change.v1",
    "cavra.integration.import.v1",
    "cavra.integration.list.v1",
    "cavra.integration.record.v1",
    "cavra.integration.v1",
    "cavra.ledger-entry.v1",
    "cavra.ledger-prune.v1",
    "cavra.ledger.migrate.v1",
    "cavra.ledger.prune.v1",
    "cavra.ledger.resolve.v1",
    "cavra.ledger.verify.v1",
    "cavra.persistent_api.backup.v1",
    "cavra.persistent_api.hold.v1",
    "cavra.persistent_api.migrate.v1",
    "cavra.persistent_api.repair.v1",
    "cavra.persistent_api.restore.v1",
    "cavra.persistent_api.retention_plan.v1",
    "cavra.persistent_api.stores.v1",
    "cavra.reseal.v1",
    "cavra.schema.list.v1",
    "cavra.secrets.rules.v1",
    "cavra.table.v1",
    "cavra.validate.v1",
];

static VALIDATORS: [OnceLock<Validator>; SCHEMAS.len()] = [const { OnceLock::new() }; SCHEMAS.len()];

/// The embedded schema called `name`.
pub fn find(name: &str) -> Option<&'static EmbeddedSchema> {
    SCHEMAS.iter().find(|s| s.name == name)
}

/// The compiled validator of an embedded schema. Panics on an unknown name:
/// names come from the store registry, a table in code.
pub fn validator(name: &str) -> &'static Validator {
    let index = SCHEMAS
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("no embedded schema {name}"));
    VALIDATORS[index].get_or_init(|| {
        let schema: Value = serde_json::from_str(SCHEMAS[index].text).expect("embedded schemas are valid JSON");
        jsonschema::validator_for(&schema).expect("embedded schemas compile")
    })
}

/// Checks `value` against schema `name`; each violation becomes a [`Problem`]
/// naming `file`, the record label and the field.
pub fn check(name: &str, value: &Value, file: &Path, record: Option<&str>) -> Vec<Problem> {
    if conforms(name, value) {
        return Vec::new();
    }
    let validator = validator(name);
    if validator.is_valid(value) {
        return Vec::new();
    }
    let mut problems: Vec<Problem> = validator
        .iter_errors(value)
        .map(|err| {
            let pointer = err.instance_path().to_string();
            let mut field = pointer.trim_start_matches('/').to_string();
            let message = match err.kind() {
                ValidationErrorKind::Required { property } => {
                    let property = property.as_str().unwrap_or_default().to_string();
                    field = join_field(&field, &property);
                    "is required".to_string()
                }
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    let names: Vec<String> = unexpected.iter().map(|n| label(n)).collect();
                    field = join_field(&field, &names.join(", "));
                    "is not a known field".to_string()
                }
                // Never the instance: what a `not` rule refuses (a URL with
                // credentials, say) is what must not be repeated.
                ValidationErrorKind::Not { .. } => rule_description(name, &err.schema_path().to_string())
                    .unwrap_or_else(|| "is not allowed here".to_string()),
                ValidationErrorKind::Pattern { pattern } => match pattern_in_words(pattern) {
                    Some(words) => format!(
                        "{} is not allowed: use {words} (pattern {pattern})",
                        shown(err.instance())
                    ),
                    None => format!("{} does not match {pattern}", shown(err.instance())),
                },
                ValidationErrorKind::Enum { options } => enum_message(err.instance(), options),
                // The length, never the value: a value refused for its
                // length is as likely a pasted key as a long name.
                ValidationErrorKind::MaxLength { limit } => format!(
                    "is {} characters long, longer than {limit} (the value is not shown)",
                    err.instance().as_str().map_or(0, |s| s.chars().count())
                ),
                // The instance only as an excerpt: it may be a whole file
                // (an array where an object belongs) or hold a secret.
                _ => err.masked_with(excerpt_json(err.instance())).to_string(),
            };
            let mut p = Problem::new(file, message).kind(ProblemKind::Schema);
            if let Some(record) = record {
                p = p.record(record);
            }
            if !field.is_empty() {
                p = p.field(label(&field));
            }
            p
        })
        .collect();
    problems.dedup();
    problems
}

/// Hand-written equivalents of small schemas, for the records that conform:
/// `true` only when the schema accepts `value`; anything else goes to the
/// compiled validator, which words the problems. Compiling a draft 2020-12
/// validator (and the meta-schema it checks the schema against) costs
/// milliseconds, more than a whole ledger append; these cost nanoseconds.
/// Each is tested against its schema (`fast_checks_agree_with_the_schemas`).
fn conforms(name: &str, value: &Value) -> bool {
    match name {
        "cavra.evidence.metadata.v1" => evidence_metadata_conforms(value),
        "cavra.aispm.event.v1" => aispm_event_conforms(value),
        _ => false,
    }
}

/// [`conforms`] on a borrowed parse of a canonical record (a ledger
/// read's, after `record::is_canonical`: its keys are sorted).
pub(crate) fn conforms_json(name: &str, value: &crate::store::ledger::record::Json<'_>) -> bool {
    match name {
        "cavra.evidence.metadata.v1" => evidence_metadata_conforms(value),
        "cavra.aispm.event.v1" => aispm_event_conforms(value),
        _ => false,
    }
}

/// What the hand-written checks read of a JSON value.
trait JsonLike {
    fn is_object(&self) -> bool;
    fn member(&self, key: &str) -> Option<&Self>;
    fn string(&self) -> Option<&str>;
    /// The number of members of an object (0 for anything else).
    fn members(&self) -> usize;
}

impl JsonLike for Value {
    fn is_object(&self) -> bool {
        self.is_object()
    }
    fn member(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|o| o.get(key))
    }
    fn string(&self) -> Option<&str> {
        self.as_str()
    }
    fn members(&self) -> usize {
        self.as_object().map_or(0, serde_json::Map::len)
    }
}

impl<'a> JsonLike for crate::store::ledger::record::Json<'a> {
    fn is_object(&self) -> bool {
        matches!(self, crate::store::ledger::record::Json::Object(_))
    }
    fn member(&self, key: &str) -> Option<&Self> {
        // Only canonical records come here (see `conforms_json`).
        self.get_sorted(key)
    }
    fn string(&self) -> Option<&str> {
        self.as_str()
    }
    fn members(&self) -> usize {
        match self {
            crate::store::ledger::record::Json::Object(m) => m.len(),
            _ => 0,
        }
    }
}

/// `cavra.aispm.event.v1`: an object of exactly `collector_id`,
/// `dedupe_key` (32 lower-case hex digits), `dsse` (an object), `key_id`
/// and `received_at` (strings): five members that are all found are
/// exactly these, even with a repeated key.
fn aispm_event_conforms<J: JsonLike>(o: &J) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let string = |k: &str| o.member(k).and_then(J::string).is_some();
    o.is_object()
        && o.members() == 5
        && string("collector_id")
        && o.member("dedupe_key").and_then(J::string).is_some_and(|s| hex(s, 32))
        && o.member("dsse").is_some_and(J::is_object)
        && string("key_id")
        && string("received_at")
}

/// `cavra.evidence.metadata.v1`: an object; `metadata_kind` matching
/// `^[a-z0-9][a-z0-9_-]{0,63}$`; `created_at` an RFC 3339 UTC time as the
/// schema's pattern spells it; `event_id` and `event_type`, when present,
/// non-empty strings; any other field.
fn evidence_metadata_conforms<J: JsonLike>(o: &J) -> bool {
    o.is_object() && evidence_metadata_conforms_by(&|k| o.member(k).map(J::string))
}

/// [`evidence_metadata_conforms`] of an object whose top-level member `k`
/// `member(k)` gives: absent, or present as a string (or not one).
fn evidence_metadata_conforms_by<'a>(member: &dyn Fn(&str) -> Option<Option<&'a str>>) -> bool {
    let string = |k: &str| member(k).flatten();
    let kind = string("metadata_kind").is_some_and(|s| {
        let b = s.as_bytes();
        let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty() && b.len() <= 64 && ok(&b[0]) && b[1..].iter().all(|c| ok(c) || matches!(c, b'_' | b'-'))
    });
    let optional = |k: &str| member(k).is_none_or(|v| v.is_some_and(|s| !s.is_empty()));
    kind && string("created_at").is_some_and(crate::clock::is_timestamp)
        && optional("event_id")
        && optional("event_type")
}

/// [`conforms`] of a canonical record known by its top-level members,
/// sorted by key, each a string or not (`None`): what
/// `record::scan_canonical` gives. `None` when `name`'s check reads more
/// than top-level strings (then [`conforms_json`] decides).
pub(crate) fn conforms_members(name: &str, members: &[(&str, Option<&str>)]) -> Option<bool> {
    let member = |k: &str| {
        members
            .binary_search_by(|(key, _)| (*key).cmp(k))
            .ok()
            .map(|i| members[i].1)
    };
    match name {
        "cavra.evidence.metadata.v1" => Some(evidence_metadata_conforms_by(&member)),
        "cavra.aispm.event.v1" => None,
        _ => Some(false),
    }
}

/// What a schema pattern allows, said in words (the regex alone is not an
/// explanation); `None` for a pattern without words here.
fn pattern_in_words(pattern: &str) -> Option<&'static str> {
    Some(match pattern {
        "^[a-z0-9][a-z0-9._-]{0,127}$" => {
            "1 to 128 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"
        }
        "^[a-z0-9][a-z0-9_-]{0,63}$" => {
            "1 to 64 characters: lowercase letters, digits, '_' and '-', starting with a letter or digit"
        }
        "^[a-z][a-z0-9_]{0,63}$" => "1 to 64 characters: lowercase letters, digits and '_', starting with a letter",
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$" => {
            "an RFC 3339 time in UTC, such as 2026-01-01T00:00:00Z"
        }
        _ => return None,
    })
}

/// An enum violation: every allowed value, and the nearest as a question
/// (as clap says it for a flag's value).
fn enum_message(instance: &Value, options: &Value) -> String {
    let names: Vec<&str> = options
        .as_array()
        .map(|o| o.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut message = format!("{} is not one of {}", shown(instance), names.join(", "));
    if let Some(given) = instance.as_str()
        && let Some(question) = crate::suggest::did_you_mean(&crate::suggest::nearest(given, names.iter().copied()))
    {
        message.push_str("; ");
        message.push_str(&question);
    }
    message
}

/// A refused value as a message shows it: its [`excerpt_json`], or, when
/// it is too long to quote whole, its length only (a long value refused
/// is as likely a pasted key as a long name; a prefix of a key is still
/// part of it).
fn shown(instance: &Value) -> String {
    match instance.as_str() {
        Some(s) if s.len() > crate::secrets::EXCERPT_BYTES => {
            format!("a value of {} characters (not shown)", s.chars().count())
        }
        _ => excerpt_json(instance),
    }
}

/// The `description` of the subschema at `pointer` in embedded schema `name`:
/// how a rule explains itself.
fn rule_description(name: &str, pointer: &str) -> Option<String> {
    let schema: Value = serde_json::from_str(find(name)?.text).ok()?;
    schema
        .pointer(pointer)?
        .get("description")?
        .as_str()
        .map(str::to_string)
}

/// [`check`] plus the secret scan: what every record must pass before it
/// is written, and what `validate` reports.
pub fn check_record(name: &str, value: &Value, file: &Path, record: Option<&str>) -> Vec<Problem> {
    let mut problems = check(name, value, file, record);
    for (field, kind) in crate::secrets::scan(value) {
        let mut p = Problem::new(
            file,
            format!("looks like a secret ({kind}); stores are committed, so secrets never belong in them"),
        )
        .hint("name the secret by an environment variable (token_env, url_env) instead of writing its value")
        .kind(ProblemKind::Secret);
        if let Some(record) = record {
            p = p.record(record);
        }
        if !field.is_empty() {
            p = p.field(label(&field));
        }
        problems.push(p);
    }
    problems
}

fn join_field(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_schema_compiles() {
        for s in SCHEMAS {
            let _ = validator(s.name);
        }
        let names: Vec<_> = SCHEMAS.iter().map(|s| s.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn fast_checks_agree_with_the_schemas() {
        use serde_json::json;
        let name = "cavra.evidence.metadata.v1";
        let base = json!({"metadata_kind": "connector-delivery", "created_at": "2026-01-01T00:00:00Z"});
        let mut cases = vec![base.clone(), json!([]), json!("x"), json!(null), json!({})];
        let kinds = [
            json!("a"),
            json!("a_b-9"),
            json!("9"),
            json!(""),
            json!("-a"),
            json!("A"),
            json!("a b"),
            json!("a".repeat(64)),
            json!("a".repeat(65)),
            json!(7),
            json!(null),
            json!("é"),
        ];
        let times = [
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.1Z",
            "2026-01-01T00:00:00.123456789Z",
            "2026-01-01T00:00:00.1234567890Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00+00:00",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00z",
            "2026-01-01T00:00:00Zx",
            "x2026-01-01T00:00:00Z",
            "2026-1-01T00:00:00Z",
            "99999-01-01T00:00:00Z",
            "",
        ];
        for k in &kinds {
            let mut v = base.clone();
            v["metadata_kind"] = k.clone();
            cases.push(v);
        }
        for t in times {
            let mut v = base.clone();
            v["created_at"] = json!(t);
            cases.push(v);
        }
        for field in ["event_id", "event_type"] {
            for x in [json!(""), json!("e"), json!(1), json!(null), json!(["e"])] {
                let mut v = base.clone();
                v[field] = x;
                cases.push(v);
            }
        }
        for missing in ["metadata_kind", "created_at"] {
            let mut v = base.clone();
            v.as_object_mut().unwrap().remove(missing);
            cases.push(v);
        }
        let mut extra = base.clone();
        extra["anything"] = json!({"nested": [1, 2]});
        cases.push(extra);
        for v in &cases {
            let schema_says = validator(name).is_valid(v);
            let text = serde_json::to_string(v).unwrap();
            let borrowed: crate::store::ledger::record::Json<'_> = serde_json::from_str(&text).unwrap();
            assert_eq!(
                conforms_json(name, &borrowed),
                schema_says,
                "borrowed check and schema differ on {v}"
            );
            assert!(
                !conforms(name, v) || schema_says,
                "fast check accepts what the schema refuses: {v}"
            );
            assert_eq!(conforms(name, v), schema_says, "fast check and schema differ on {v}");
        }
    }

    #[test]
    fn the_aispm_event_fast_check_agrees_with_its_schema() {
        use serde_json::json;
        let name = "cavra.aispm.event.v1";
        let base = json!({
            "collector_id": "c", "dedupe_key": "0123456789abcdef0123456789abcdef", "dsse": {"payload": "e30="},
            "key_id": "k", "received_at": "2026-03-01T12:00:00Z",
        });
        let mut cases = vec![base.clone(), json!([]), json!(null), json!({})];
        let alternatives: &[(&str, &[serde_json::Value])] = &[
            ("collector_id", &[json!(""), json!(1), json!(null)]),
            (
                "dedupe_key",
                &[
                    json!("0123456789ABCDEF0123456789abcdef"),
                    json!("0123"),
                    json!("g123456789abcdef0123456789abcdef"),
                    json!("0123456789abcdef0123456789abcdef0"),
                    json!(1),
                ],
            ),
            ("dsse", &[json!({}), json!([]), json!("e"), json!(null)]),
            ("key_id", &[json!(""), json!(false)]),
            ("received_at", &[json!(""), json!(0)]),
            // The members an entry no longer carries (the envelope is its
            // payload; its hash and a redaction count derivable or always 0).
            ("envelope", &[json!({"a": 1})]),
            ("payload_sha256", &[json!(format!("sha256:{}", "ab".repeat(32)))]),
            ("redactions", &[json!(0)]),
            ("extra", &[json!("x")]),
        ];
        for (field, values) in alternatives {
            for x in *values {
                let mut v = base.clone();
                v[*field] = x.clone();
                cases.push(v);
            }
            let mut v = base.clone();
            v.as_object_mut().unwrap().remove(*field);
            cases.push(v);
        }
        for v in &cases {
            let schema_says = validator(name).is_valid(v);
            let text = serde_json::to_string(v).unwrap();
            let borrowed: crate::store::ledger::record::Json<'_> = serde_json::from_str(&text).unwrap();
            assert_eq!(conforms(name, v), schema_says, "fast check and schema differ on {v}");
            assert_eq!(
                conforms_json(name, &borrowed),
                schema_says,
                "borrowed check and schema differ on {v}"
            );
        }
    }

    #[test]
    fn problems_name_the_field() {
        let v = serde_json::json!({"integration_id": "Bad Id"});
        let problems = check("cavra.integration.v1", &v, Path::new("x.json"), Some("#1"));
        assert!(problems.iter().any(|p| p.field.as_deref() == Some("integration_id")));
        assert!(
            problems
                .iter()
                .any(|p| p.field.as_deref() == Some("provider") && p.message == "is required")
        );
    }
}
