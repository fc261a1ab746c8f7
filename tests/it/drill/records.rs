//! Issue 25 (SPEC 10.2) and issue 24 findings 9 and 11: drill records and
//! history readiness, routing history, retries by connector, and schedule
//! dates, each finding as a test.

use super::original::{add_args, add_due};
use super::*;

fn show(env: &Env, now: &str, id: &str) -> Value {
    ok_at(env, now, &["drill", "schedule", "show", id, "--format", "json"])
}

/// `drill record`: completed drills with the first CAVRA's fields, a
/// schedule's latest_drill_id and its history readiness in show, list and
/// the dashboard; the first CAVRA's drill history file read beside.
#[test]
fn drill_records_give_latest_drill_id_and_history_readiness() {
    let r = receivers();
    let mut env = drill_env(&r);
    add_due(&env, "payments-prod", "sre", "webhook");
    let s = show(&env, "2026-10-02T00:00:00Z", "payments-prod");
    assert_eq!(s["latest_drill_id"], Value::Null);
    assert_eq!(s["drill_history_status"], "stale");
    let rec = |now: &str, id: &str, outcome: &str, extra: &[&str]| {
        let mut args = vec![
            "drill",
            "record",
            "payments-prod",
            "--drill-id",
            id,
            "--outcome",
            outcome,
            "--minutes",
            "7",
            "--target-minutes",
            "15",
            "--by",
            "release-agent",
            "--format",
            "json",
        ];
        args.extend(extra);
        at(&env, now, &args)
    };
    let run = rec("2026-11-05T00:00:00Z", "drill-1", "pass", &["--fallback-verified"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = json_of(&run);
    assert_eq!(out["schedule_updated"], true);
    assert_eq!(out["next_due_at"], "2026-12-05T00:00:00Z");
    let entry = env
        .ledger_records(".cavra/evidence/metadata.jsonl")
        .into_iter()
        .find(|e| e["metadata_kind"] == "go-backend-rollback-drill-record")
        .unwrap();
    for (k, v) in [
        ("drill_id", json!("drill-1")),
        ("schedule_id", json!("payments-prod")),
        ("executed_at", json!("2026-11-05T00:00:00Z")),
        ("actor", json!("release-agent")),
        ("status", json!("pass")),
        ("fallback_verified", json!(true)),
        ("recovery_minutes", json!(7)),
        ("max_recovery_minutes", json!(15)),
    ] {
        assert_eq!(entry[k], v, "{k}: {entry}");
    }
    let s = show(&env, "2026-11-06T00:00:00Z", "payments-prod");
    assert_eq!(s["latest_drill_id"], "drill-1");
    assert_eq!(s["drill_history_status"], "ready");
    assert_eq!(s["last_drill_at"], "2026-11-05T00:00:00Z");
    assert_eq!(s["status"], "on_track");
    let list = ok_at(
        &env,
        "2026-11-06T00:00:00Z",
        &["drill", "schedule", "list", "--format", "json"],
    );
    assert_eq!(list["items"][0]["latest_drill_id"], "drill-1");
    let dash = ok_at(
        &env,
        "2026-11-06T00:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["drill_record_count"], 1, "{dash}");
    assert_eq!(dash["drill_history_ready_count"], 1);
    assert_eq!(dash["drill_histories"][0]["latest_drill_id"], "drill-1");
    assert_eq!(dash["drill_histories"][0]["drill_history_status"], "ready");
    // 91 days on: stale.
    let s = show(&env, "2027-02-04T00:00:01Z", "payments-prod");
    assert_eq!(s["drill_history_status"], "stale");
    let dash = ok_at(
        &env,
        "2027-02-04T00:00:01Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["drill_history_stale_count"], 1);
    // A failed later drill: the latest, and stale; the due date stays.
    let out = json_of(&rec(
        "2026-11-10T00:00:00Z",
        "drill-2",
        "fail",
        &["--fallback-verified"],
    ));
    assert_eq!(out["schedule_updated"], false);
    let s = show(&env, "2026-11-10T00:00:00Z", "payments-prod");
    assert_eq!(s["latest_drill_id"], "drill-2");
    assert_eq!(s["drill_history_status"], "stale");
    assert!(s["drill_history_reason"].as_str().unwrap().contains("did not pass"));

    // Refused, nothing written: the same id again, a drill in the future,
    // an outcome the first CAVRA had not.
    let before = env.snapshot();
    let run = rec("2026-11-11T00:00:00Z", "drill-2", "pass", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("recorded already"), "{}", run.stderr);
    let run = rec(
        "2026-11-11T00:00:00Z",
        "drill-3",
        "pass",
        &["--executed-at", "2030-01-01T00:00:00Z"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("in the future"), "{}", run.stderr);
    assert_eq!(rec("2026-11-11T00:00:00Z", "drill-3", "maybe", &[]).code, 2);
    assert_eq!(env.snapshot(), before, "nothing written");

    // The first CAVRA's drill history file, as it wrote it.
    env.write(
        "drills.json",
        &json!({"schema_version": "cavra.go-backend-rollback-drill-history.v1", "environment": "production",
                "drills": [{"drill_id": "drill_go_backend_python_fallback", "executed_at": "2026-11-20T00:00:00+00:00",
                            "actor": "release-agent", "source_mode": "promoted", "target_mode": "disabled",
                            "status": "pass", "fallback_verified": true, "recovery_minutes": 7,
                            "max_recovery_minutes": 15}]})
        .to_string(),
    );
    env.set("CAVRA_GO_ROLLBACK_DRILL_HISTORY", "drills.json");
    let s = show(&env, "2026-11-21T00:00:00Z", "payments-prod");
    assert_eq!(s["latest_drill_id"], "drill_go_backend_python_fallback");
    assert_eq!(s["drill_history_status"], "ready");
    env.write("drills.json", r#"{"drills": [{"drill_id": "x"}]}"#);
    let run = at(
        &env,
        "2026-11-21T00:00:00Z",
        &["drill", "schedule", "show", "payments-prod"],
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("drills.json"), "{}", run.stderr);
}

/// `drill routing-history`: delivered, maintenance-window, owner-calendar
/// and escalation decisions by owner, category and window id, with the
/// trend; the dashboard's `category_counts`.
#[test]
fn routing_history_by_owner_category_and_window_with_the_trend() {
    let r = receivers();
    let env = drill_env(&r);
    add_due(&env, "checkout-prod", "payments-sre", "webhook,splunk,jira");
    add_due(&env, "ledger-prod", "dba", "webhook");
    let t0 = "2026-10-01T00:00:00Z";
    jira_freeze(&env, t0);
    ok_at(
        &env,
        t0,
        &[
            "drill",
            "policy",
            "gap",
            "--owner",
            "dba",
            "--start",
            "2026-11-04T00:00:00Z",
            "--end",
            "2026-11-07T00:00:00Z",
            "--reason",
            "offsite",
        ],
    );
    ok_at(&env, "2026-11-05T00:00:00Z", &["drill", "notify"]);
    // Past the default 60-minute SLO: the two delivered routes escalate.
    ok_at(&env, "2026-11-05T02:00:00Z", &["drill", "escalate"]);

    let h = |args: &[&str]| {
        let mut full = vec!["drill", "routing-history"];
        full.extend(args);
        full.extend(["--format", "json"]);
        ok_at(&env, "2026-11-05T03:00:00Z", &full)
    };
    let all = h(&[]);
    assert_eq!(all["total"], 6, "{all}");
    assert_eq!(all["suppression_event_count"], 2);
    assert_eq!(
        all["category_counts"],
        json!({"delivered": 2, "maintenance_window": 1, "owner_calendar": 1, "escalation": 2})
    );
    assert_eq!(all["trend"][0]["date"], "2026-11-05");
    assert_eq!(all["trend"][0]["suppression_event_count"], 2);
    assert_eq!(all["items"][0]["category"], "escalation", "newest first");

    let w = h(&["--window-id", "jira-freeze"]);
    assert_eq!(w["total"], 1);
    assert_eq!(w["items"][0]["provider"], "jira");
    assert_eq!(w["items"][0]["owner"], "payments-sre");
    assert_eq!(w["items"][0]["reason"], "Jira upgrade");
    let dba = h(&["--owner", "dba"]);
    assert_eq!(dba["total"], 1);
    assert_eq!(dba["items"][0]["category"], "owner_calendar");
    assert_eq!(dba["items"][0]["reason"], "offsite");
    let esc = h(&["--category", "escalation", "--owner", "payments-sre"]);
    assert_eq!(esc["total"], 2);
    assert_eq!(esc["items"][0]["escalation_owner"], "payments-sre");
    let both = h(&["--category", "maintenance_window,owner_calendar"]);
    assert_eq!(both["total"], 2);
    assert_eq!(both["suppression_event_count"], 2);
    assert_eq!(h(&["--owner", "nobody"])["total"], 0);
    let page = h(&["--limit", "1"]);
    assert_eq!(
        (page["total"].as_u64(), page["items"].as_array().unwrap().len()),
        (Some(6), 1)
    );
    assert_eq!(
        at(
            &env,
            "2026-11-05T03:00:00Z",
            &["drill", "routing-history", "--category", "holiday"]
        )
        .code,
        2
    );

    let dash = ok_at(
        &env,
        "2026-11-05T03:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["category_counts"], all["category_counts"], "{dash}");
    assert_eq!(dash["suppression_event_count"], 2);
}

/// Issue 24, finding 9: `drill retry` re-sends only to the connectors whose
/// delivery failed (two connectors of one provider are two deliveries),
/// recorded like `delivery retry`.
#[test]
fn drill_retry_resends_only_to_the_connectors_that_failed() {
    let fail_a = Arc::new(AtomicBool::new(false));
    let f = fail_a.clone();
    let rx = Receiver::routed(
        Box::new(|_| Ok(())),
        Box::new(move |h, _| {
            Some(match h.url.as_str() {
                "/hook-a" if f.load(Ordering::SeqCst) => status(500, "down"),
                _ => status(204, ""),
            })
        }),
    );
    let mut env = Env::new();
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {
            "hook-a": {"provider": "webhook", "url": format!("{}/hook-a", rx.base)},
            "hook-b": {"provider": "webhook", "url": format!("{}/hook-b", rx.base)},
        }})
        .to_string(),
    );
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    add_due(&env, "payments-prod", "sre", "webhook");
    ok_at(&env, "2026-11-04T00:00:00Z", &["drill", "notify", "--force"]);
    fail_a.store(true, Ordering::SeqCst);
    let audit = ok_at(&env, "2026-11-05T00:00:00Z", &["drill", "audit", "--format", "json"]);
    let id = audit["audit_id"].as_str().unwrap().to_string();
    let run = at(
        &env,
        "2026-11-05T01:00:00Z",
        &[
            "drill",
            "audit-deliver",
            "--audit-id",
            &id,
            "--provider",
            "webhook",
            "--retries",
            "0",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let before = rx.hits().len();
    fail_a.store(false, Ordering::SeqCst);
    ok_at(&env, "2026-11-05T02:00:00Z", &["drill", "retry"]);
    let urls: Vec<String> = rx.hits().into_iter().skip(before).map(|h| h.url).collect();
    assert_eq!(urls, ["/hook-a"], "hook-b had succeeded");
    let last = env.ledger_records(".cavra/evidence/metadata.jsonl").pop().unwrap();
    assert!(last["retry_of"].as_u64().is_some(), "{last}");
    assert_eq!(last["connectors"], json!(["hook-a"]));
    assert_eq!(last["delivery_success"], true);
    let dash = ok_at(
        &env,
        "2026-11-05T03:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["acknowledgement_audit_delivery_health"], "healthy", "{dash}");
    // Nothing open: a second retry sends nothing.
    let before = rx.hits().len();
    ok_at(&env, "2026-11-05T04:00:00Z", &["drill", "retry"]);
    assert_eq!(rx.hits().len(), before);
}

/// Issue 24, finding 11: schedule dates are sanity-checked — a last drill
/// in the future or a due date before the last drill is refused (exit 2
/// for flags, 4 for a stored record, which `update` can still repair), and
/// the end of the calendar is never reached by saturation.
#[test]
fn schedule_dates_are_sanity_checked() {
    let r = receivers();
    let env = drill_env(&r);
    let add = |now: &str, extra: &[&str]| at(&env, now, &add_args("p", extra));
    let before = env.snapshot();
    let run = add("2026-10-01T00:00:00Z", &["--last-drill-at", "2030-01-01T00:00:00Z"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--last-drill-at") && run.stderr.contains("in the future"),
        "{}",
        run.stderr
    );
    let run = add(
        "2026-10-01T00:00:00Z",
        &[
            "--last-drill-at",
            "2026-09-01T00:00:00Z",
            "--next-due-at",
            "2026-08-01T00:00:00Z",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--next-due-at") && run.stderr.contains("before the last drill"),
        "{}",
        run.stderr
    );
    let run = add("9999-12-31T00:00:00Z", &["--last-drill-at", "9999-12-30T00:00:00Z"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("9999-12-31T23:59:59Z"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before, "nothing written");
    // Given outright, the end of the calendar is kept as given.
    let run = add(
        "9999-12-31T00:00:00Z",
        &[
            "--last-drill-at",
            "9999-12-30T00:00:00Z",
            "--next-due-at",
            "9999-12-31T23:59:59Z",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        at(&env, "9999-12-31T00:00:00Z", &["drill", "schedule", "remove", "p"]).code,
        0
    );

    assert_eq!(
        add("2026-10-01T00:00:00Z", &["--last-drill-at", "2026-10-01T00:00:00Z"]).code,
        0
    );
    let before = env.snapshot();
    let run = at(
        &env,
        "2026-10-02T00:00:00Z",
        &[
            "drill",
            "schedule",
            "update",
            "p",
            "--next-due-at",
            "2026-09-01T00:00:00Z",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(env.snapshot(), before, "nothing written");
    // The clock behind the stored last drill: the record is refused, named.
    let run = at(&env, "2026-09-01T00:00:00Z", &["drill", "schedule", "list"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    for needle in ["schedules.json", "p", "last_drill_at", "in the future"] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    assert_eq!(at(&env, "2026-09-01T00:00:00Z", &["drill", "notify"]).code, 4);
    // The dashboard still shows everything, the schedule as a critical
    // finding that needs attention (never silenced until the date).
    let dash = ok_at(
        &env,
        "2026-09-01T00:00:00Z",
        &["drill", "dashboard", "--format", "json"],
    );
    assert_eq!(dash["alert_level"], "critical", "{dash}");
    assert_eq!(dash["schedules_by_status"]["needs_attention"], 1);
    assert!(dash.to_string().contains("in the future"), "{dash}");
    // update repairs it.
    let run = at(
        &env,
        "2026-09-01T00:00:00Z",
        &[
            "drill",
            "schedule",
            "update",
            "p",
            "--last-drill-at",
            "2026-08-01T00:00:00Z",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(at(&env, "2026-09-01T00:00:00Z", &["drill", "schedule", "list"]).code, 0);
}

/// A secret given as a drill record's actor or id is refused before
/// anything is written, and never printed back.
#[test]
fn a_secret_in_a_drill_record_is_refused_and_never_printed() {
    let r = receivers();
    let env = drill_env(&r);
    add_due(&env, "payments-prod", "sre", "webhook");
    let secret = "AKIAIOSFODNN7EXAMPLE";
    let before = env.snapshot();
    for (flag, id, by) in [("--by", "drill-1", secret), ("--drill-id", secret, "alice")] {
        let run = at(
            &env,
            "2026-11-05T00:00:00Z",
            &[
                "drill",
                "record",
                "payments-prod",
                "--drill-id",
                id,
                "--outcome",
                "pass",
                "--minutes",
                "7",
                "--target-minutes",
                "15",
                "--by",
                by,
            ],
        );
        assert_ne!(run.code, 0, "{flag}: {}", run.stdout);
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{flag}: {}{}",
            run.stdout,
            run.stderr
        );
        assert_eq!(env.snapshot(), before, "{flag}: nothing written");
    }
}
