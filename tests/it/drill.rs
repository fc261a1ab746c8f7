//! Rollback drills (issue 14, SPEC section 4): schedules, notifications,
//! acknowledgements, audit packages, their delivery and the drill views, on
//! real loopback receivers with the real binary and a moving clock.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::http::{Receiver, status};
use common::{Env, Run};
use serde_json::{Value, json};

const WEBHOOK_SECRET: &str = "whsec-drill-webhook-secret-0001";
const SPLUNK_TOKEN: &str = "drill-splunk-hec-token-0002";
const JIRA_TOKEN: &str = "drill-jira-api-token-0003";

/// A receiver for webhook, Splunk and Jira; each fails while its switch is on.
struct Receivers {
    rx: Receiver,
    splunk_fails: Arc<AtomicBool>,
    jira_fails: Arc<AtomicBool>,
}

fn receivers() -> Receivers {
    let splunk_fails = Arc::new(AtomicBool::new(false));
    let jira_fails = Arc::new(AtomicBool::new(false));
    let (s, j) = (splunk_fails.clone(), jira_fails.clone());
    let rx = Receiver::routed(
        Box::new(|_| Ok(())),
        Box::new(move |h, _| {
            Some(if h.url.starts_with("/services") {
                if s.load(Ordering::SeqCst) {
                    status(403, r#"{"text":"Invalid token","code":4}"#)
                } else {
                    status(200, r#"{"text":"Success","code":0}"#)
                }
            } else if h.url.starts_with("/rest/api") {
                if h.method == "GET" {
                    status(200, r#"{"issues":[]}"#)
                } else if j.load(Ordering::SeqCst) {
                    status(400, r#"{"errorMessages":["project SEC is closed"]}"#)
                } else {
                    status(
                        201,
                        r#"{"id":"10001","key":"SEC-1","self":"https://x/rest/api/3/issue/10001"}"#,
                    )
                }
            } else {
                status(204, "")
            })
        }),
    );
    Receivers {
        rx,
        splunk_fails,
        jira_fails,
    }
}

fn drill_env(r: &Receivers) -> Env {
    let mut env = Env::new();
    let b = &r.rx.base;
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {
            "webhook": {"provider": "webhook", "url": format!("{b}/hook"), "secret_env": "DRILL_WEBHOOK_SECRET", "secret_encoding": "raw"},
            "splunk": {"provider": "splunk", "url": b, "token_env": "DRILL_HEC"},
            "jira": {"provider": "jira", "url": b, "email": "soc@example.com", "api_token_env": "DRILL_JIRA", "project_key": "SEC"}
        }})
        .to_string(),
    );
    env.set("DRILL_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.set("DRILL_HEC", SPLUNK_TOKEN);
    env.set("DRILL_JIRA", JIRA_TOKEN);
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    env
}

/// Runs at `now` (CAVRA_NOW).
fn at(env: &Env, now: &str, args: &[&str]) -> Run {
    Run::from(env.command().env("CAVRA_NOW", now).args(args).output().unwrap())
}

fn ok_at(env: &Env, now: &str, args: &[&str]) -> Value {
    let run = at(env, now, args);
    assert_eq!(run.code, 0, "cavra {args:?}: {}\n{}", run.stderr, run.stdout);
    serde_json::from_str(&run.stdout).unwrap_or(Value::Null)
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// `drill ack SCHEDULE --provider PROVIDER --by BY` and `extra`, at `now`.
fn ack(env: &Env, now: &str, schedule: &str, provider: &str, by: &str, extra: &[&str]) -> Value {
    let mut args = vec!["drill", "ack", schedule, "--provider", provider, "--by", by];
    args.extend(extra);
    ok_at(env, now, &args)
}

/// The maintenance window `jira-freeze` (Jira, 2026-11-04 to 11-06), set at `now`.
fn jira_freeze(env: &Env, now: &str) {
    ok_at(
        env,
        now,
        &[
            "drill",
            "policy",
            "window",
            "--window-id",
            "jira-freeze",
            "--start",
            "2026-11-04T00:00:00Z",
            "--end",
            "2026-11-06T00:00:00Z",
            "--provider",
            "jira",
            "--reason",
            "Jira upgrade",
        ],
    );
}

const ADD: &[&str] = &[
    "drill",
    "schedule",
    "add",
    "--schedule-id",
    "payments-prod",
    "--service",
    "payments",
    "--environment",
    "production",
    "--owner",
    "sre",
    "--cadence-days",
    "30",
    "--last-drill-at",
    "2026-10-01T00:00:00Z",
    "--acknowledgement-required-provider",
    "webhook",
    "--acknowledgement-required-provider",
    "splunk",
];

/// The issue's "must work as written" sequence, verbatim.
#[test]
fn the_issue_sequence_works_as_written() {
    let r = receivers();
    let env = drill_env(&r);
    ok_at(&env, "2026-10-01T00:00:00Z", ADD);
    let list = ok_at(
        &env,
        "2026-10-20T00:00:00Z",
        &["drill", "schedule", "list", "--format", "json"],
    );
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["status"], "due_soon");
    assert_eq!(list["items"][0]["next_due_at"], "2026-10-31T00:00:00Z");

    let n = ok_at(
        &env,
        "2026-11-05T00:00:00Z",
        &["drill", "notify", "--schedule-id", "payments-prod", "--format", "json"],
    );
    let plan = &n["items"][0];
    assert_eq!(plan["alert_level"], "critical");
    assert_eq!(plan["status"], "needs_attention");
    assert_eq!(plan["selected_providers"], json!(["webhook", "splunk"]));
    assert_eq!(plan["delivery_success"], true);
    let hits = r.rx.hits();
    assert_eq!(hits.len(), 2, "one request to each provider");
    assert!(hits.iter().any(|h| h.url == "/hook"));
    assert!(hits.iter().any(|h| h.url.starts_with("/services/collector")));

    ack(
        &env,
        "2026-11-05T01:00:00Z",
        "payments-prod",
        "webhook",
        "alice",
        &["--state", "acknowledged"],
    );
    let audit = ok_at(
        &env,
        "2026-11-05T02:00:00Z",
        &["drill", "audit", "--schedule-id", "payments-prod", "--format", "json"],
    );
    assert_eq!(audit["outstanding_count"], 1);
    assert_eq!(audit["alert_level"], "critical");
    let audit_id = audit["audit_id"].as_str().unwrap().to_string();
    assert!(audit_id.starts_with("rda_"));

    r.splunk_fails.store(true, Ordering::SeqCst);
    let run = at(
        &env,
        "2026-11-05T03:00:00Z",
        &[
            "drill",
            "audit-deliver",
            "--audit-id",
            &audit_id,
            "--provider",
            "webhook,splunk",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = json_of(&run);
    assert_eq!(d["items"][0]["selected_providers"], json!(["webhook", "splunk"]));
    assert_eq!(d["items"][0]["failed_providers"], json!(["splunk"]));
    let hec =
        r.rx.hits()
            .into_iter()
            .rfind(|h| h.url.starts_with("/services"))
            .unwrap();
    assert_eq!(hec.json()["sourcetype"], "cavra:rollback_drill_ack_audit");

    let run = at(
        &env,
        "2026-11-05T04:00:00Z",
        &["drill", "dashboard", "--format", "json", "--fail-on", "critical"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let dash = json_of(&run);
    assert_eq!(dash["acknowledgement_audit_delivery_count"], 2);
    assert_eq!(dash["failed_acknowledgement_audit_delivery_count"], 1);
    assert_eq!(dash["acknowledgement_audit_delivery_success_count"], 1);
    assert_eq!(dash["acknowledgement_audit_delivery_success_rate"], 0.5);
    assert_eq!(dash["acknowledgement_audit_delivery_health"], "critical");
    assert_eq!(dash["alert_level"], "critical");

    let h = ok_at(
        &env,
        "2026-11-05T04:00:00Z",
        &[
            "drill",
            "history",
            "--connector-delivery-source",
            "go_backend_rollback_drill_acknowledgement_audit",
            "--delivery-success",
            "false",
            "--format",
            "json",
        ],
    );
    assert_eq!(h["total"], 1);
    assert_eq!(h["items"].as_array().unwrap().len(), 1);
    assert_eq!(h["items"][0]["audit_id"], audit_id.as_str());
    assert_eq!(h["items"][0]["failed_providers"], json!(["splunk"]));
}

fn total(v: &Value) -> u64 {
    v["total"].as_u64().unwrap()
}

fn kinds(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata_kind"].as_str().unwrap().to_string())
        .collect()
}

/// The issue's test scenario: the clock moves, a window suppresses a route,
/// acknowledgements, an audit package, a delivery failing on Jira, exact
/// figures, every history filter, a retry, and health back to healthy.
#[test]
fn drill_scenario_end_to_end_with_every_filter_and_a_retry() {
    let r = receivers();
    let env = drill_env(&r);
    let t0 = "2026-10-01T00:00:00Z";
    ok_at(
        &env,
        t0,
        &[
            "drill",
            "schedule",
            "add",
            "--schedule-id",
            "checkout-prod",
            "--service",
            "checkout",
            "--environment",
            "production",
            "--owner",
            "payments-sre",
            "--cadence-days",
            "30",
            "--last-drill-at",
            t0,
            "--acknowledgement-required-provider",
            "webhook,splunk",
            "--acknowledgement-required-provider",
            "jira",
        ],
    );
    jira_freeze(&env, t0);
    ok_at(
        &env,
        t0,
        &[
            "drill",
            "policy",
            "route",
            "--owner",
            "payments-sre",
            "--provider",
            "webhook",
            "--acknowledgement-minutes",
            "30",
            "--escalation-owner",
            "sre-lead",
        ],
    );
    let status = |now: &str| {
        ok_at(
            &env,
            now,
            &["drill", "schedule", "show", "checkout-prod", "--format", "json"],
        )["status"]
            .clone()
    };
    assert_eq!(status("2026-10-10T00:00:00Z"), "on_track");
    assert_eq!(status("2026-10-20T00:00:00Z"), "due_soon");
    assert_eq!(status("2026-11-05T00:00:00Z"), "needs_attention");

    // Due soon: a warning plan (dry run: nothing recorded or sent).
    let n = ok_at(
        &env,
        "2026-10-20T00:00:00Z",
        &["drill", "notify", "--dry-run", "--format", "json"],
    );
    assert_eq!(n["items"][0]["alert_level"], "warning");
    assert!(r.rx.hits().is_empty());
    assert!(
        !env.ledger_text(".cavra/evidence/metadata.jsonl")
            .contains("notification-plan")
    );

    // Overdue: critical, Jira suppressed by the window, two providers delivered.
    let n = ok_at(&env, "2026-11-05T00:00:00Z", &["drill", "notify", "--format", "json"]);
    let plan = &n["items"][0];
    let plan_id = plan["plan_id"].as_str().unwrap().to_string();
    assert_eq!(plan["alert_level"], "critical");
    assert_eq!(plan["selected_providers"], json!(["webhook", "splunk", "jira"]));
    assert_eq!(plan["deliverable_providers"], json!(["webhook", "splunk"]));
    assert_eq!(plan["suppressed"][0]["provider"], "jira");
    assert_eq!(plan["suppressed"][0]["suppressed_by"], "maintenance_window");
    assert_eq!(plan["suppressed"][0]["reason"], "Jira upgrade");
    assert_eq!(plan["delivery_success"], true);
    assert_eq!(r.rx.hits().len(), 2);

    // Escalation within the SLO: a warning for each unacknowledged route.
    let e = ok_at(
        &env,
        "2026-11-05T00:10:00Z",
        &[
            "drill",
            "escalate",
            "--schedule-id",
            "checkout-prod",
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert_eq!(e["alert_level"], "warning");
    let e = ok_at(
        &env,
        "2026-11-05T00:45:00Z",
        &["drill", "escalate", "--dry-run", "--format", "json"],
    );
    assert_eq!(e["breached_count"], 1, "webhook's SLO is 30 minutes: {e}");
    let breached = e["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["provider"] == "webhook")
        .unwrap()
        .clone();
    assert_eq!(breached["recommended_action"], "escalate_missed_drill_notification");
    assert_eq!(breached["escalation_owner"], "sre-lead");

    ack(
        &env,
        "2026-11-05T01:00:00Z",
        "checkout-prod",
        "webhook",
        "alice",
        &["--note", "NOTE-STAYS-HOME"],
    );
    ack(
        &env,
        "2026-11-05T01:10:00Z",
        "checkout-prod",
        "splunk",
        "bob",
        &["--state", "resolved", "--external-ref", "INC-9"],
    );
    let e = ok_at(
        &env,
        "2026-11-05T01:20:00Z",
        &[
            "drill",
            "escalate",
            "--schedule-id",
            "checkout-prod",
            "--format",
            "json",
        ],
    );
    assert_eq!(e["alert_level"], "none".replace("none", "healthy"));

    let audit = ok_at(
        &env,
        "2026-11-05T02:00:00Z",
        &["drill", "audit", "--schedule-id", "checkout-prod", "--format", "json"],
    );
    assert_eq!(audit["route_count"], 3);
    assert_eq!(audit["acknowledgement_count"], 2);
    assert_eq!(audit["acknowledged_count"], 1);
    assert_eq!(audit["resolved_count"], 1);
    assert_eq!(audit["outstanding_count"], 1);
    assert_eq!(audit["alert_level"], "critical");
    let audit_id = audit["audit_id"].as_str().unwrap().to_string();
    // The same state is the same package, recorded once.
    let again = ok_at(
        &env,
        "2026-11-05T02:05:00Z",
        &["drill", "audit", "--schedule-id", "checkout-prod", "--format", "json"],
    );
    assert_eq!(again["audit_id"], audit_id.as_str());
    assert_eq!(again["recorded"], false);

    r.jira_fails.store(true, Ordering::SeqCst);
    let run = at(
        &env,
        "2026-11-05T03:00:00Z",
        &[
            "drill",
            "audit-deliver",
            "--audit-id",
            &audit_id,
            "--provider",
            "splunk",
            "--provider",
            "jira",
            "--cadence",
            "daily",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = json_of(&run);
    let delivery_id = d["items"][0]["delivery_id"].as_str().unwrap().to_string();
    assert_eq!(d["items"][0]["next_delivery_at"], "2026-11-06T03:00:00Z");
    assert_eq!(d["items"][0]["failed_providers"], json!(["jira"]));
    let hits = r.rx.hits();
    assert!(
        !hits.iter().any(|h| h.text().contains("NOTE-STAYS-HOME")),
        "a note was delivered"
    );

    let dash = ok_at(
        &env,
        "2026-11-05T04:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    for (k, v) in [
        ("acknowledgement_audit_package_count", json!(1)),
        ("acknowledgement_audit_delivery_plan_count", json!(1)),
        ("acknowledgement_audit_delivery_count", json!(2)),
        ("failed_acknowledgement_audit_delivery_count", json!(1)),
        ("acknowledgement_audit_delivery_success_count", json!(1)),
        ("acknowledgement_audit_delivery_success_rate", json!(0.5)),
        ("acknowledgement_audit_delivery_health", json!("critical")),
        ("notification_plan_count", json!(1)),
        ("notification_delivery_count", json!(2)),
        ("failed_notification_delivery_count", json!(0)),
        ("suppressed_route_count", json!(1)),
        ("acknowledgement_count", json!(2)),
        ("outstanding_route_count", json!(1)),
        ("escalation_plan_count", json!(1)),
        ("breached_route_count", json!(0)),
        ("schedule_count", json!(1)),
        ("alert_level", json!("critical")),
    ] {
        assert_eq!(dash[k], v, "{k}: {dash}");
    }
    assert_eq!(dash["schedules_by_status"]["needs_attention"], 1);
    let providers = &dash["acknowledgement_audit_delivery_providers"];
    assert_eq!(providers[0]["provider"], "jira");
    assert_eq!(
        (providers[0]["total"].clone(), providers[0]["failed"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(providers[1]["provider"], "splunk");
    assert_eq!(
        (providers[1]["total"].clone(), providers[1]["success"].clone()),
        (json!(1), json!(1))
    );
    let md = at(
        &env,
        "2026-11-05T04:00:00Z",
        &["drill", "dashboard", "--format", "markdown"],
    );
    assert!(
        md.stdout.contains("acknowledgement audit delivery count"),
        "{}",
        md.stdout
    );
    assert_eq!(
        at(
            &env,
            "2026-11-05T04:00:00Z",
            &["drill", "dashboard", "--fail-on", "warning", "--format", "json"]
        )
        .code,
        1
    );

    // Every history filter, exact.
    let h = |args: &[&str]| {
        let mut full = vec!["drill", "history"];
        full.extend(args);
        full.extend(["--format", "json"]);
        ok_at(&env, "2026-11-05T04:00:00Z", &full)
    };
    let all = h(&[]);
    assert_eq!(total(&all), 9, "{:?}", kinds(&all));
    assert_eq!(total(&h(&["--schedule-id", "checkout-prod"])), 9);
    assert_eq!(total(&h(&["--schedule-id", "checkout"])), 0, "exact, never a substring");
    let jira = h(&["--provider", "jira"]);
    assert_eq!(
        kinds(&jira),
        [
            "rollback-drill-acknowledgement-audit-delivery",
            "go-backend-rollback-drill-acknowledgement-audit-delivery-plan",
            "go-backend-rollback-drill-acknowledgement-audit-package",
            "go-backend-rollback-drill-notification-plan",
        ]
    );
    assert_eq!(
        total(&h(&["--metadata-kind", "go-backend-rollback-drill-notification-ack"])),
        2
    );
    // cavra's earlier name is an alias of the same kind.
    assert_eq!(total(&h(&["--metadata-kind", "rollback-drill-acknowledgement"])), 2);
    assert_eq!(total(&h(&["--acknowledgement-state", "resolved"])), 1);
    assert_eq!(total(&h(&["--acknowledgement-state", "resolved,acknowledged"])), 2);
    assert_eq!(
        total(&h(&[
            "--connector-delivery-source",
            "go_backend_rollback_drill_notification"
        ])),
        1
    );
    assert_eq!(total(&h(&["--delivery-success", "false"])), 1);
    assert_eq!(total(&h(&["--delivery-success", "true"])), 1);
    assert_eq!(
        total(&h(&["--provider", "splunk", "--delivery-success", "true"])),
        2,
        "splunk's own outcome"
    );
    assert_eq!(total(&h(&["--provider", "jira", "--delivery-success", "true"])), 0);
    assert_eq!(total(&h(&["--alert-level", "critical"])), 4);
    assert_eq!(total(&h(&["--audit-id", &audit_id])), 3);
    assert_eq!(total(&h(&["--delivery-id", &delivery_id])), 2);
    assert_eq!(
        total(&h(&["--delivery-id", &plan_id])),
        1,
        "the notification delivery, by its event id"
    );
    assert_eq!(total(&h(&["--cadence", "daily"])), 2);
    assert_eq!(total(&h(&["--since", "2026-11-05T02:30:00Z"])), 2);
    assert_eq!(total(&h(&["--until", "2026-10-01T00:00:00Z"])), 1);
    let page = h(&["--limit", "2", "--offset", "1"]);
    assert_eq!((total(&page), page["items"].as_array().unwrap().len()), (9, 2));
    assert_eq!(
        page["items"][0]["metadata_kind"],
        "go-backend-rollback-drill-acknowledgement-audit-delivery-plan"
    );

    // A retry recovers Jira without re-sending to Splunk.
    r.jira_fails.store(false, Ordering::SeqCst);
    let hec_before = r.rx.hits().iter().filter(|h| h.url.starts_with("/services")).count();
    ok_at(
        &env,
        "2026-11-05T05:00:00Z",
        &["drill", "retry", "--delivery-id", &delivery_id, "--format", "json"],
    );
    assert_eq!(
        r.rx.hits().iter().filter(|h| h.url.starts_with("/services")).count(),
        hec_before
    );
    let dash = ok_at(
        &env,
        "2026-11-05T05:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["acknowledgement_audit_delivery_health"], "healthy");
    assert_eq!(dash["acknowledgement_audit_delivery_recovered_count"], 1);
    assert_eq!(dash["alert_level"], "critical", "the Jira route is still outstanding");

    // The route acknowledged and the drill done: healthy.
    ack(&env, "2026-11-05T06:00:00Z", "checkout-prod", "jira", "carol", &[]);
    ok_at(
        &env,
        "2026-11-05T06:00:00Z",
        &[
            "drill",
            "schedule",
            "update",
            "checkout-prod",
            "--last-drill-at",
            "2026-11-05T06:00:00Z",
        ],
    );
    let run = at(
        &env,
        "2026-11-05T07:00:00Z",
        &["drill", "dashboard", "--format", "json", "--fail-on", "warning"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let dash = json_of(&run);
    assert_eq!(dash["acknowledgement_audit_delivery_health"], "healthy");
    assert_eq!(dash["outstanding_route_count"], 0);
    assert_eq!(dash["alert_level"], "none");

    // --due: a daily plan past its next_delivery_at is sent and moved on.
    let due = ok_at(
        &env,
        "2026-11-06T03:30:00Z",
        &["drill", "audit-deliver", "--due", "--format", "json"],
    );
    assert_eq!(due["total"], 1);
    assert_eq!(due["items"][0]["next_delivery_at"], "2026-11-07T03:00:00Z");
    let none_due = ok_at(
        &env,
        "2026-11-06T04:00:00Z",
        &["drill", "audit-deliver", "--due", "--format", "json"],
    );
    assert_eq!(none_due["total"], 0);
}

/// Neither the dashboard (any format) nor the ledger holds a connector's
/// secret or URL.
#[test]
fn dashboard_and_ledger_hold_no_secret() {
    let r = receivers();
    let env = drill_env(&r);
    ok_at(&env, "2026-10-01T00:00:00Z", ADD);
    ok_at(&env, "2026-11-05T00:00:00Z", &["drill", "notify"]);
    let audit = ok_at(&env, "2026-11-05T01:00:00Z", &["drill", "audit", "--format", "json"]);
    r.splunk_fails.store(true, Ordering::SeqCst);
    at(
        &env,
        "2026-11-05T02:00:00Z",
        &[
            "drill",
            "audit-deliver",
            "--audit-id",
            audit["audit_id"].as_str().unwrap(),
        ],
    );
    let mut seen = String::new();
    for format in ["json", "table", "markdown"] {
        seen.push_str(
            &at(
                &env,
                "2026-11-05T03:00:00Z",
                &["drill", "dashboard", "--format", format],
            )
            .stdout,
        );
        seen.push_str(&at(&env, "2026-11-05T03:00:00Z", &["drill", "history", "--format", format]).stdout);
    }
    // Each history row names its entry's kind.
    let history: serde_json::Value =
        serde_json::from_str(&at(&env, "2026-11-05T03:00:00Z", &["drill", "history", "--format", "json"]).stdout)
            .unwrap();
    let table = at(&env, "2026-11-05T03:00:00Z", &["drill", "history", "--format", "table"]).stdout;
    for item in history["items"].as_array().unwrap() {
        let kind = item["metadata_kind"].as_str().unwrap();
        assert!(table.contains(kind), "{kind} not in:\n{table}");
    }
    seen.push_str(&env.ledger_text(".cavra/evidence/metadata.jsonl"));
    assert!(seen.contains("acknowledgement_audit"), "the outputs were read");
    for secret in [WEBHOOK_SECRET, SPLUNK_TOKEN, JIRA_TOKEN, r.rx.base.as_str()] {
        assert!(!seen.contains(secret), "{secret} leaked");
    }
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let r = receivers();
    let env = drill_env(&r);
    ok_at(&env, "2026-10-01T00:00:00Z", ADD);
    ok_at(&env, "2026-11-05T00:00:00Z", &["drill", "notify"]);
    let audit = ok_at(&env, "2026-11-05T01:00:00Z", &["drill", "audit", "--format", "json"]);
    let audit_id = audit["audit_id"].as_str().unwrap().to_string();
    let before = env.snapshot();
    let hits = r.rx.hits().len();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec![
                "drill",
                "ack",
                "payments-prod",
                "--provider",
                "webhook",
                "--state",
                "ignored",
                "--by",
                "a",
            ],
            2,
            "ignored",
        ),
        (
            vec!["drill", "ack", "payments-pord", "--provider", "webhook", "--by", "a"],
            3,
            "did you mean",
        ),
        (vec!["drill", "notify", "--schedule-id", "nope"], 3, "no drill schedule"),
        (vec!["drill", "audit", "--schedule-id", "nope"], 3, "no drill schedule"),
        (
            vec!["drill", "ack", "payments-prod", "--provider", "jira", "--by", "a"],
            2,
            "not on drill schedule",
        ),
        (
            vec![
                "drill",
                "audit-deliver",
                "--audit-id",
                &audit_id,
                "--cadence",
                "monthly",
            ],
            2,
            "monthly",
        ),
        (
            vec![
                "drill",
                "audit-deliver",
                "--audit-id",
                &audit_id,
                "--next-delivery-at",
                "tomorrow",
            ],
            2,
            "RFC 3339",
        ),
        (
            vec!["drill", "audit-deliver", "--audit-id", "rda_000000000000"],
            3,
            "no acknowledgement audit package",
        ),
        (
            vec![
                "drill",
                "schedule",
                "add",
                "--schedule-id",
                "payments-prod",
                "--service",
                "s",
                "--environment",
                "e",
                "--owner",
                "o",
                "--cadence-days",
                "7",
            ],
            3,
            "already exists",
        ),
        (
            vec![
                "drill",
                "schedule",
                "add",
                "--schedule-id",
                "Bad Id",
                "--service",
                "s",
                "--environment",
                "e",
                "--owner",
                "o",
                "--cadence-days",
                "7",
            ],
            4,
            "schedule_id",
        ),
    ];
    for (args, code, says) in cases {
        let run = env.fails(&args, code);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(env.snapshot() == before, "{args:?} wrote something");
    }
    assert_eq!(r.rx.hits().len(), hits, "nothing was sent");

    // An edited chain: the views refuse, with a hint.
    let path = &env.ledger_files(".cavra/evidence/metadata.jsonl")[0];
    let text = env.read(path);
    assert!(text.contains("needs_attention"));
    env.write(path, &text.replacen("needs_attention", "on_track", 1));
    for view in [["drill", "dashboard"], ["drill", "history"]] {
        let run = env.fails(&view, 4);
        assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    }
}

#[path = "drill/original.rs"]
mod original;
#[path = "drill/records.rs"]
mod records;
