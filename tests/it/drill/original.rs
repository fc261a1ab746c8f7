//! Issue 25 (SPEC 10.2): the first CAVRA's drill contracts — event types on
//! the wire, metadata kinds (cavra's earlier names still read), routes,
//! audit routes, provider selection — each finding as a test (drill
//! records, routing history, retries and dates: [`super::records`]).

use super::*;

const NOTIFICATION_TYPE: &str = "cavra.go_backend.rollback_drill.notification";
const AUDIT_TYPE: &str = "cavra.go_backend.rollback_drill.acknowledgement_audit_delivery";
const AUDIT_SOURCE: &str = "go_backend_rollback_drill_acknowledgement_audit";

/// `drill schedule add` of schedule `id` (service s in prod, owned by
/// sre, every 30 days) with `extra`.
pub(super) fn add_args<'a>(id: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "drill",
        "schedule",
        "add",
        "--schedule-id",
        id,
        "--service",
        "s",
        "--environment",
        "prod",
        "--owner",
        "sre",
        "--cadence-days",
        "30",
    ];
    args.extend(extra);
    args
}

/// A schedule due now with `providers` acknowledgement-required.
pub(super) fn add_due(env: &Env, id: &str, owner: &str, providers: &str) {
    ok_at(
        env,
        "2026-10-01T00:00:00Z",
        &[
            "drill",
            "schedule",
            "add",
            "--schedule-id",
            id,
            "--service",
            "payments",
            "--environment",
            "production",
            "--owner",
            owner,
            "--cadence-days",
            "30",
            "--last-drill-at",
            "2026-10-01T00:00:00Z",
            "--acknowledgement-required-provider",
            providers,
        ],
    );
}

pub(super) fn body(h: &common::http::Hit) -> Value {
    h.json()
}

/// The SIEM-facing strings, pinned on the exact request bodies: the
/// webhook's `type` and data, Splunk's `sourcetype` and indexed
/// `event_type`, Jira's labels and description.
#[test]
fn request_bodies_carry_the_first_cavras_event_types() {
    let r = receivers();
    let env = drill_env(&r);
    add_due(&env, "payments-prod", "sre", "webhook,splunk,jira");
    let n = ok_at(&env, "2026-11-05T00:00:00Z", &["drill", "notify", "--format", "json"]);
    assert_eq!(n["items"][0]["delivery_success"], true, "{n}");
    let hits = r.rx.hits();
    let hook = hits.iter().find(|h| h.url == "/hook").unwrap();
    let b = body(hook);
    assert_eq!(b["type"], NOTIFICATION_TYPE);
    assert_eq!(b["data"]["event_type"], NOTIFICATION_TYPE);
    assert_eq!(b["data"]["schedule_id"], "payments-prod");
    let hec = hits.iter().find(|h| h.url.starts_with("/services")).unwrap();
    let b = body(hec);
    assert_eq!(b["fields"]["event_type"], NOTIFICATION_TYPE);
    assert_eq!(b["event"]["event_type"], NOTIFICATION_TYPE);
    assert_eq!(
        b["sourcetype"], "cavra:evidence",
        "notifications keep the connector's sourcetype"
    );
    let jira = hits
        .iter()
        .find(|h| h.url.starts_with("/rest/api") && h.method == "POST")
        .unwrap();
    let b = body(jira);
    let labels = b["fields"]["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert_eq!(labels[0], "cavra");
    assert!(labels[1].as_str().unwrap().starts_with("cavra-"), "{labels:?}");
    assert!(
        b["fields"]["description"].to_string().contains(NOTIFICATION_TYPE),
        "{b}"
    );

    ack(&env, "2026-11-05T01:00:00Z", "payments-prod", "webhook", "alice", &[]);
    let audit = ok_at(&env, "2026-11-05T02:00:00Z", &["drill", "audit", "--format", "json"]);
    let audit_id = audit["audit_id"].as_str().unwrap().to_string();
    let before = r.rx.hits().len();
    let d = ok_at(
        &env,
        "2026-11-05T03:00:00Z",
        &[
            "drill",
            "audit-deliver",
            "--audit-id",
            &audit_id,
            "--provider",
            "webhook,splunk,jira",
            "--format",
            "json",
        ],
    );
    let delivery_id = d["items"][0]["delivery_id"].as_str().unwrap().to_string();
    let hits: Vec<_> = r.rx.hits().into_iter().skip(before).collect();
    let b = body(hits.iter().find(|h| h.url == "/hook").unwrap());
    assert_eq!(b["type"], AUDIT_TYPE);
    assert_eq!(b["data"]["event_type"], AUDIT_TYPE);
    assert_eq!(
        b["data"]["session_id"],
        delivery_id.as_str(),
        "session_id is the delivery id"
    );
    let b = body(hits.iter().find(|h| h.url.starts_with("/services")).unwrap());
    assert_eq!(b["sourcetype"], "cavra:rollback_drill_ack_audit");
    assert_eq!(b["fields"]["event_type"], AUDIT_TYPE);
    let jira = hits
        .iter()
        .find(|h| h.url.starts_with("/rest/api") && h.method == "POST")
        .unwrap();
    let b = body(jira);
    assert_eq!(b["fields"]["labels"][0], "cavra");
    assert!(b["fields"]["description"].to_string().contains(AUDIT_TYPE), "{b}");

    // The ledger says the same event types.
    let ledger = env.ledger_records(".cavra/evidence/metadata.jsonl");
    let types: Vec<&str> = ledger
        .iter()
        .filter(|e| e.get("delivery_success").is_some())
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, [NOTIFICATION_TYPE, AUDIT_TYPE]);
}

/// A line of a single-file ledger as cavra writes it (canonical compact
/// JSON, hash chained).
fn chain(records: &[Value]) -> String {
    use sha2::{Digest, Sha256};
    let mut prev = format!("sha256:{}", "0".repeat(64));
    let mut out = String::new();
    for (i, record) in records.iter().enumerate() {
        let seq = i as u64 + 1;
        let body = json!({"prev_hash": prev, "record": record, "seq": seq}).to_string();
        let digest = Sha256::digest(body.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let hash = format!("sha256:{hex}");
        out.push_str(&json!({"hash": hash, "prev_hash": prev, "record": record, "seq": seq}).to_string());
        out.push('\n');
        prev = hash;
    }
    out
}

/// The entries an earlier cavra wrote for one notified schedule: its kinds
/// and event types before it took the first CAVRA's names, a package and
/// a delivery plan without `connector_delivery_source`.
fn earlier_ledger() -> String {
    chain(&[
        json!({"metadata_kind": "rollback-drill-notification-plan", "created_at": "2026-11-05T00:00:00Z",
               "plan_id": "rdn_000000000001", "schedule_id": "payments-prod", "owner": "sre",
               "status": "needs_attention", "alert_level": "critical", "next_due_at": "2026-10-31T00:00:00Z",
               "selected_providers": ["webhook", "splunk"], "suppressed": [],
               "deliverable_providers": ["webhook", "splunk"]}),
        json!({"metadata_kind": "rollback-drill-acknowledgement", "created_at": "2026-11-05T01:00:00Z",
               "acknowledgement_id": "rdk_000000000001", "schedule_id": "payments-prod", "provider": "webhook",
               "acknowledgement_state": "acknowledged", "acknowledged_by": "alice", "external_ref": "CHG-7",
               "note": null}),
        json!({"metadata_kind": "rollback-drill-acknowledgement-audit", "created_at": "2026-11-05T02:00:00Z",
               "audit_id": "rda_000000000001", "schedule_id": null, "schedule_ref": null,
               "alert_level": "critical", "route_count": 2, "outstanding_count": 1,
               "route_providers": ["webhook", "splunk"], "routes": []}),
        json!({"metadata_kind": "rollback-drill-acknowledgement-audit-delivery-plan",
               "created_at": "2026-11-05T03:00:00Z", "delivery_id": "rdd_000000000001",
               "audit_id": "rda_000000000001", "cadence": "on_demand", "schedule_ref": null,
               "schedule_id": null, "next_delivery_at": null, "selected_providers": ["webhook"]}),
        json!({"metadata_kind": "rollback-drill-acknowledgement-audit-delivery",
               "connector_delivery_source": AUDIT_SOURCE, "created_at": "2026-11-05T03:00:01Z",
               "event_id": "rdd_000000000001", "event_type": "cavra.rollback_drill_acknowledgement_audit",
               "delivery_id": "rdd_000000000001", "audit_id": "rda_000000000001", "cadence": "on_demand",
               "delivery_success": true, "providers": ["webhook"], "failed_providers": [],
               "connectors": ["webhook"], "failed_connectors": [], "attempt_count": 1,
               "attempt_counts": {"webhook": 1}, "status_codes": [204]}),
    ])
}

/// Kinds are written under the first CAVRA's names; a ledger an earlier
/// cavra wrote is read unchanged, its names accepted by `--metadata-kind`
/// as aliases, and the audit source finds package, plan and delivery.
#[test]
fn the_first_cavras_kinds_are_written_and_earlier_names_still_read() {
    let r = receivers();
    let env = drill_env(&r);
    env.write(".cavra/evidence/metadata.jsonl", &earlier_ledger());
    add_due(&env, "payments-prod", "sre", "webhook,splunk");
    let h = |args: &[&str]| {
        let mut full = vec!["drill", "history"];
        full.extend(args);
        full.extend(["--format", "json"]);
        ok_at(&env, "2026-11-05T04:00:00Z", &full)
    };
    for (kind, earlier) in [
        (
            "go-backend-rollback-drill-notification-plan",
            "rollback-drill-notification-plan",
        ),
        (
            "go-backend-rollback-drill-notification-ack",
            "rollback-drill-acknowledgement",
        ),
        (
            "go-backend-rollback-drill-acknowledgement-audit-package",
            "rollback-drill-acknowledgement-audit",
        ),
        (
            "go-backend-rollback-drill-acknowledgement-audit-delivery-plan",
            "rollback-drill-acknowledgement-audit-delivery-plan",
        ),
    ] {
        assert_eq!(total(&h(&["--metadata-kind", kind])), 1, "{kind}");
        assert_eq!(total(&h(&["--metadata-kind", earlier])), 1, "{earlier}");
    }
    let source = h(&["--connector-delivery-source", AUDIT_SOURCE]);
    assert_eq!(
        kinds(&source),
        [
            "rollback-drill-acknowledgement-audit-delivery",
            "rollback-drill-acknowledgement-audit-delivery-plan",
            "rollback-drill-acknowledgement-audit",
        ],
        "the package and plan an earlier cavra wrote are found by the source too"
    );
    let dash = ok_at(
        &env,
        "2026-11-05T04:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["acknowledgement_audit_package_count"], 1, "{dash}");
    assert_eq!(dash["acknowledgement_audit_delivery_plan_count"], 1);
    assert_eq!(dash["acknowledgement_count"], 1);
    assert_eq!(dash["notification_plan_count"], 1);
    assert_eq!(dash["route_count"], 2);
    assert_eq!(dash["outstanding_route_count"], 1, "splunk; webhook was acknowledged");
    let audit = ok_at(&env, "2026-11-05T04:00:00Z", &["drill", "audit", "--format", "json"]);
    assert_eq!(audit["route_count"], 2);
    assert_eq!(audit["acknowledged_count"], 1);
    assert_eq!(audit["routes"][0]["acknowledged_by"], "alice");
    assert_eq!(audit["routes"][0]["external_ref"], "CHG-7");

    // What is recorded now carries the first CAVRA's names and the source.
    ack(&env, "2026-11-05T05:00:00Z", "payments-prod", "splunk", "bob", &[]);
    let audit = ok_at(&env, "2026-11-05T05:10:00Z", &["drill", "audit", "--format", "json"]);
    let id = audit["audit_id"].as_str().unwrap().to_string();
    ok_at(
        &env,
        "2026-11-05T05:20:00Z",
        &["drill", "audit-deliver", "--audit-id", &id, "--provider", "webhook"],
    );
    let ledger = env.ledger_records(".cavra/evidence/metadata.jsonl");
    let recorded: Vec<&str> = ledger[5..]
        .iter()
        .map(|e| e["metadata_kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        recorded,
        [
            "rollback-drill-schedule",
            "go-backend-rollback-drill-acknowledgement-audit-package",
            "go-backend-rollback-drill-notification-ack",
            "go-backend-rollback-drill-acknowledgement-audit-package",
            "go-backend-rollback-drill-acknowledgement-audit-delivery-plan",
            "rollback-drill-acknowledgement-audit-delivery",
        ]
    );
    for e in ledger[6..]
        .iter()
        .filter(|e| !e["metadata_kind"].as_str().unwrap().ends_with("-ack"))
    {
        assert_eq!(e["connector_delivery_source"], AUDIT_SOURCE, "{e}");
    }
    assert_eq!(total(&h(&["--connector-delivery-source", AUDIT_SOURCE])), 7);
}

/// Routes are what plans selected, per (schedule, owner, provider); only
/// acknowledged and resolved close one; a never-notified schedule is no
/// alert.
#[test]
fn only_notified_routes_are_outstanding_and_only_acknowledged_or_resolved_close_them() {
    let r = receivers();
    let mut env = drill_env(&r);
    // Only the webhook is configured.
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"webhook": {"provider": "webhook", "url": format!("{}/hook", r.rx.base),
            "secret_env": "DRILL_WEBHOOK_SECRET", "secret_encoding": "raw"}}})
        .to_string(),
    );
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    // A fresh, on-track schedule never notified: no alert.
    ok_at(
        &env,
        "2026-10-01T00:00:00Z",
        &add_args(
            "fresh",
            &[
                "--last-drill-at",
                "2026-10-01T00:00:00Z",
                "--acknowledgement-required-provider",
                "webhook,splunk",
            ],
        ),
    );
    let dash = ok_at(
        &env,
        "2026-10-02T00:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["outstanding_route_count"], 0, "{dash}");
    assert_ne!(dash["alert_level"], "critical", "{dash}");

    add_due(&env, "payments-prod", "sre", "webhook,splunk");
    ok_at(
        &env,
        "2026-11-05T00:00:00Z",
        &["drill", "notify", "--schedule-id", "payments-prod", "--format", "json"],
    );
    let dash = ok_at(
        &env,
        "2026-11-05T00:10:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["route_count"], 1, "{dash}");
    assert_eq!(
        dash["outstanding_route_count"], 1,
        "only the webhook route was notified: {dash}"
    );
    assert_eq!(dash["alert_level"], "critical");

    let state = |now: &str, s: &str| {
        ack(&env, now, "payments-prod", "webhook", "alice", &["--state", s]);
        let dash = ok_at(&env, now, &["drill", "dashboard", "--format", "json"]);
        let audit = ok_at(
            &env,
            now,
            &["drill", "audit", "--schedule-id", "payments-prod", "--format", "json"],
        );
        (
            dash["outstanding_route_count"].as_u64().unwrap(),
            audit["alert_level"].clone(),
        )
    };
    assert_eq!(state("2026-11-05T01:00:00Z", "escalated"), (1, json!("critical")));
    assert_eq!(state("2026-11-05T02:00:00Z", "dismissed"), (1, json!("critical")));
    assert_eq!(state("2026-11-05T03:00:00Z", "acknowledged"), (0, json!("healthy")));
    assert_eq!(state("2026-11-05T04:00:00Z", "resolved"), (0, json!("healthy")));
}

/// Audit routes say who acknowledged, when, the change record and the
/// acknowledgement id; `--owner` picks an owner's routes; notes stay home.
#[test]
fn audit_routes_carry_who_when_and_the_change_record() {
    let r = receivers();
    let env = drill_env(&r);
    add_due(&env, "payments-prod", "sre", "webhook");
    add_due(&env, "ledger-prod", "dba", "webhook");
    ok_at(&env, "2026-11-05T00:00:00Z", &["drill", "notify"]);
    ack(
        &env,
        "2026-11-05T01:00:00Z",
        "payments-prod",
        "webhook",
        "alice",
        &["--external-ref", "CHG-123", "--note", "NOTE-STAYS-HOME"],
    );
    let audit = ok_at(
        &env,
        "2026-11-05T02:00:00Z",
        &["drill", "audit", "--owner", "sre", "--format", "json"],
    );
    assert_eq!(audit["route_count"], 1, "{audit}");
    let route = &audit["routes"][0];
    assert_eq!(route["schedule_id"], "payments-prod");
    assert_eq!(route["owner"], "sre");
    assert_eq!(route["provider"], "webhook");
    assert_eq!(route["acknowledgement_state"], "acknowledged");
    assert_eq!(route["acknowledged_by"], "alice");
    assert_eq!(route["acknowledged_at"], "2026-11-05T01:00:00Z");
    assert_eq!(route["external_ref"], "CHG-123");
    assert!(route["acknowledgement_id"].as_str().unwrap().starts_with("rdk_"));
    assert_eq!(audit["alert_level"], "healthy");
    let dba = ok_at(
        &env,
        "2026-11-05T02:00:00Z",
        &["drill", "audit", "--owner", "dba", "--format", "json"],
    );
    assert_eq!(dba["route_count"], 1);
    assert_eq!(dba["routes"][0]["acknowledgement_state"], "outstanding");
    assert_eq!(dba["alert_level"], "critical");

    let id = audit["audit_id"].as_str().unwrap().to_string();
    let before = r.rx.hits().len();
    ok_at(
        &env,
        "2026-11-05T03:00:00Z",
        &["drill", "audit-deliver", "--audit-id", &id, "--provider", "webhook"],
    );
    let hit = r.rx.hits().into_iter().nth(before).unwrap();
    let b = body(&hit);
    assert_eq!(b["data"]["routes"][0]["external_ref"], "CHG-123");
    assert_eq!(b["data"]["routes"][0]["acknowledged_by"], "alice");
    assert!(!String::from_utf8_lossy(&hit.body).contains("NOTE-STAYS-HOME"));
}

/// `drill notify --provider`, repeatable and comma lists; a provider with
/// no connector is refused (exit 2) with nothing recorded or sent.
#[test]
fn notify_picks_providers() {
    let r = receivers();
    let env = drill_env(&r);
    add_due(&env, "payments-prod", "sre", "webhook,splunk,jira");
    let n = ok_at(
        &env,
        "2026-11-05T00:00:00Z",
        &["drill", "notify", "--provider", "splunk", "--format", "json"],
    );
    assert_eq!(n["items"][0]["selected_providers"], json!(["splunk"]), "{n}");
    let hits = r.rx.hits();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].url.starts_with("/services"));
    let n = ok_at(
        &env,
        "2026-11-05T00:01:00Z",
        &[
            "drill",
            "notify",
            "--provider",
            "webhook,jira",
            "--provider",
            "splunk",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        n["items"][0]["selected_providers"],
        json!(["webhook", "splunk", "jira"])
    );
    let before = env.snapshot();
    let sent = r.rx.hits().len();
    let run = at(
        &env,
        "2026-11-05T00:02:00Z",
        &["drill", "notify", "--provider", "slack"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("slack"), "{}", run.stderr);
    assert!(run.stderr.contains("--provider"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before, "nothing written");
    assert_eq!(r.rx.hits().len(), sent, "nothing sent");
}
