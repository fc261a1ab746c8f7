//! Rollback drills (issue 14, SPEC section 4): schedules, notifications,
//! acknowledgements, audit packages, their delivery and the drill views, on
//! real loopback receivers with the real binary and a moving clock.

mod common;

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

    ok_at(
        &env,
        "2026-11-05T01:00:00Z",
        &[
            "drill",
            "ack",
            "payments-prod",
            "--provider",
            "webhook",
            "--state",
            "acknowledged",
            "--by",
            "alice",
        ],
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
            .filter(|h| h.url.starts_with("/services"))
            .last()
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
