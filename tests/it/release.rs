//! Release governance delivery (issue 13): promotion audits, rollbacks and
//! endpoint exports on real loopback receivers, the one delivery history
//! and its dashboards, `--fail-on`, retries, and bad input.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::Env;
use common::http::{Receiver, status};
use serde_json::{Value, json};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/release");
const EXECUTION_ID: &str = "rpe_b926e17f3012";
const ROLLBACK_ID: &str = "rre_1d14f0b26855";
const SPLUNK_OK: &str = r#"{"text":"Success","code":0}"#;

/// One receiver for every connector: `/hook` (webhook), `/hec` (Splunk),
/// `/jamf`, `/intune`. `fail_hook`/`fail_hec`/`fail_jamf` make that path
/// answer 500.
struct Rig {
    rx: Receiver,
    fail_hook: Arc<AtomicBool>,
    fail_hec: Arc<AtomicBool>,
    fail_jamf: Arc<AtomicBool>,
    env: Env,
}

fn rig() -> Rig {
    let fail_hook = Arc::new(AtomicBool::new(false));
    let fail_hec = Arc::new(AtomicBool::new(false));
    let fail_jamf = Arc::new(AtomicBool::new(false));
    let (fh, fs, fj) = (fail_hook.clone(), fail_hec.clone(), fail_jamf.clone());
    let rx = Receiver::routed(
        Box::new(|_| Ok(())),
        Box::new(move |h, _| {
            let fail = |f: &AtomicBool| f.load(Ordering::SeqCst);
            // Splunk's path is the HEC endpoint under /hec.
            let path = if h.url.starts_with("/hec/") {
                "/hec"
            } else {
                h.url.as_str()
            };
            Some(match path {
                "/hook" if fail(&fh) => status(500, "down"),
                "/hook" => status(204, ""),
                "/hec" if fail(&fs) => status(500, "down"),
                "/hec" => status(200, SPLUNK_OK),
                "/jamf" if fail(&fj) => status(500, "down"),
                "/jamf" | "/intune" => status(201, "{}"),
                _ => return None,
            })
        }),
    );
    let mut env = Env::new();
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {
            "hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)},
            "splunk": {"provider": "splunk", "url": format!("{}/hec", rx.base), "token_env": "HEC_TOKEN"},
            "jamf": {"provider": "jamf", "url": format!("{}/jamf", rx.base), "token_env": "EP_TOKEN"},
            "intune": {"provider": "intune", "url": format!("{}/intune", rx.base), "token_env": "EP_TOKEN"},
        }})
        .to_string(),
    );
    env.set("HEC_TOKEN", "hec-secret-token-1");
    env.set("EP_TOKEN", "ep-secret-token-1");
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    for f in ["promotion-execution.json", "rollback-execution.json"] {
        env.write(f, &std::fs::read_to_string(format!("{EXAMPLES}/{f}")).unwrap());
    }
    std::fs::create_dir_all(env.path("export")).unwrap();
    for f in [
        "manifest.json",
        "checksums.txt",
        "jamf-policy.json",
        "intune-win32-app.json",
    ] {
        env.write(
            &format!("export/{f}"),
            &std::fs::read_to_string(format!("{EXAMPLES}/endpoint-export/{f}")).unwrap(),
        );
    }
    Rig {
        rx,
        fail_hook,
        fail_hec,
        fail_jamf,
        env,
    }
}

fn out(run: &common::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr))
}

/// The evidence metadata ledger's records.
fn ledger(env: &Env) -> Vec<Value> {
    env.ledger_records(".cavra/evidence/metadata.jsonl")
}

fn hits_on(rx: &Receiver, path: &str) -> Vec<common::http::Hit> {
    rx.hits()
        .into_iter()
        .filter(|h| h.url == path || h.url.starts_with(&format!("{path}/")))
        .collect()
}

const PROMOTE: &[&str] = &[
    "release",
    "deliver-promotion-audit",
    "promotion-execution.json",
    "--provider",
    "hook,splunk",
    "--format",
    "json",
];
const ROLLBACK: &[&str] = &[
    "release",
    "deliver-rollback-execution",
    "rollback-execution.json",
    "--provider",
    "hook",
    "--provider",
    "splunk",
    "--retries",
    "0",
    "--format",
    "json",
];

#[test]
fn a_promotion_audit_reaches_webhook_and_splunk_and_the_ledger_records_metadata_only() {
    let r = rig();
    let o = out(&r.env.ok(PROMOTE));
    assert_eq!(o["success"], true);
    assert_eq!(o["event_id"], EXECUTION_ID);
    assert_eq!(o["release"]["execution_id"], EXECUTION_ID);
    let hook = hits_on(&r.rx, "/hook");
    assert_eq!(hook.len(), 1);
    let body = hook[0].json();
    assert_eq!(body["type"], "cavra.rollout_promotion_execution");
    assert_eq!(body["timestamp"], "2026-03-01T10:00:00Z", "the execution's created_at");
    let event = &body["data"];
    assert_eq!(event["event_type"], "cavra.rollout_promotion_execution");
    assert_eq!(event["severity"], "high");
    assert_eq!(event["timestamp"], "2026-03-01T10:00:00Z");
    assert_eq!(event["execution_id"], EXECUTION_ID);
    let hec = hits_on(&r.rx, "/hec");
    assert_eq!(hec.len(), 1);
    assert!(hec[0].text().contains(EXECUTION_ID));
    let entries = ledger(&r.env);
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e["metadata_kind"], "release-connector-delivery");
    assert_eq!(e["connector_delivery_source"], "release_governance_promotion");
    assert_eq!(e["event_id"], EXECUTION_ID);
    assert_eq!(e["event_type"], "cavra.rollout_promotion_execution");
    assert_eq!(e["delivery_success"], true);
    assert_eq!(e["providers"], json!(["splunk", "webhook"]));
    assert_eq!(e["failed_providers"], json!([]));
    assert_eq!(e["attempt_count"], 2);
    assert_eq!(e["status_codes"].as_array().unwrap().len(), 2);
    assert_eq!(e["created_at"], common::NOW);
    assert_eq!(e["input_path"], "promotion-execution.json");
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(r.env.read("promotion-execution.json").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(e["input_sha256"], sha);
    let text = r.env.ledger_text(".cavra/evidence/metadata.jsonl");
    for leak in [r.rx.base.as_str(), "hec-secret-token-1", "CHG0031337", "authorization"] {
        assert!(!text.contains(leak), "the ledger holds {leak}");
    }
    r.env.ok(&["validate"]);
}

#[test]
fn a_rollback_failing_on_one_provider_is_critical_and_the_other_counts_as_success() {
    let r = rig();
    r.fail_hec.store(true, Ordering::SeqCst);
    let run = r.env.fails(ROLLBACK, 1);
    let o = out(&run);
    assert_eq!(o["success"], false);
    assert_eq!(o["event_id"], ROLLBACK_ID);
    assert_eq!(hits_on(&r.rx, "/hook")[0].json()["data"]["severity"], "critical");
    let e = &ledger(&r.env)[0];
    assert_eq!(e["connector_delivery_source"], "release_governance_rollback");
    assert_eq!(e["failed_providers"], json!(["splunk"]));
    assert_eq!(e["rollback_id"], ROLLBACK_ID);
    // --allow-failure keeps CI going; the ledger still says it failed.
    let mut allow = ROLLBACK.to_vec();
    allow.push("--allow-failure");
    r.env.ok(&allow);
    let d = out(&r.env.fails(
        &[
            "release",
            "connector-delivery-dashboard",
            "--fail-on",
            "critical",
            "--format",
            "json",
        ],
        1,
    ));
    assert_eq!(d["alert_level"], "critical");
    assert_eq!(d["total_deliveries"], 4);
    assert_eq!(d["successful_deliveries"], 2);
    assert_eq!(d["failed_deliveries"], 2);
    assert_eq!(d["recovered_deliveries"], 0);
    assert_eq!(d["success_rate"], 0.5);
    assert_eq!(
        d["providers"],
        json!([
            {"provider": "splunk", "total": 2, "success": 0, "failed": 2, "recovered": 0, "attempt_count": 2, "last_delivery_at": common::NOW},
            {"provider": "webhook", "total": 2, "success": 2, "failed": 0, "recovered": 0, "attempt_count": 2, "last_delivery_at": common::NOW},
        ])
    );
    assert_eq!(d["event_types"], json!({"cavra.rollout_rollback_execution": 4}));
    assert_eq!(d["alerts"].as_array().unwrap().len(), 1);
    assert_eq!(d["alerts"][0]["level"], "critical");
    assert_eq!(d["alerts"][0]["failures"], 2);
    assert_eq!(d["alerts"][0]["provider"], "splunk");
    r.env
        .fails(&["release", "connector-delivery-dashboard", "--fail-on", "warning"], 1);
    // Without --fail-on a dashboard reports and exits 0.
    let md = r
        .env
        .ok(&["release", "connector-delivery-dashboard", "--format", "markdown"]);
    assert!(
        md.stdout
            .starts_with("## Release connector delivery dashboard: CRITICAL")
    );
    assert!(md.stdout.contains("| splunk "));
}

#[test]
fn fail_on_exits_at_or_above_its_level_only() {
    let r = rig();
    // Never used: healthy with a note, so `--fail-on warning` passes (issue 27).
    let d = out(&r.env.ok(&[
        "release",
        "connector-delivery-dashboard",
        "--fail-on",
        "warning",
        "--format",
        "json",
    ]));
    assert_eq!(d["alert_level"], "none");
    assert_eq!(d["alerts"], json!([]));
    assert!(d["notes"][0].as_str().unwrap().contains("not in use"), "{d}");
    assert_eq!(d["success_rate"], Value::Null);
    assert_eq!(d["total_deliveries"], 0);
    for view in ["endpoint-publication-dashboard", "connector-delivery-dashboard"] {
        r.env.ok(&["release", view, "--fail-on", "warning"]);
    }
    r.env.ok(&["delivery", "dashboard", "--fail-on", "warning"]);
    // All delivered: no alert, both gates pass.
    r.env.ok(PROMOTE);
    for level in ["warning", "critical"] {
        let d = out(&r.env.ok(&[
            "release",
            "connector-delivery-dashboard",
            "--fail-on",
            level,
            "--format",
            "json",
        ]));
        assert_eq!(d["alert_level"], "none");
        assert_eq!(d["success_rate"], 1.0);
    }
    // A failed promotion (not a rollback): a warning.
    r.fail_hook.store(true, Ordering::SeqCst);
    let mut promote = PROMOTE.to_vec();
    promote.extend(["--retries", "0"]);
    r.env.fails(&promote, 1);
    r.env
        .ok(&["release", "connector-delivery-dashboard", "--fail-on", "critical"]);
    r.env
        .fails(&["release", "connector-delivery-dashboard", "--fail-on", "warning"], 1);
    // The same rule on the general dashboard; --since after it: a window without history.
    r.env.fails(&["delivery", "dashboard", "--fail-on", "warning"], 1);
    let d = out(&r
        .env
        .ok(&["delivery", "dashboard", "--since", "2026-03-02", "--format", "json"]));
    assert_eq!(
        (d["total_deliveries"].as_u64(), d["alert_level"].as_str()),
        (Some(0), Some("warning"))
    );
    r.env.fails(&["delivery", "dashboard", "--fail-on", "fatal"], 2);
}

#[test]
fn history_filters_are_exact_and_newest_first() {
    let mut r = rig();
    r.env.ok(PROMOTE);
    r.fail_hec.store(true, Ordering::SeqCst);
    r.env.set("CAVRA_NOW", "2026-03-01T13:00:00Z");
    r.env.fails(ROLLBACK, 1);
    r.env.set("CAVRA_NOW", "2026-03-01T14:00:00Z");
    r.env
        .write("event.json", r#"{"event_id":"evt-1","event_type":"policy.decision"}"#);
    r.env.ok(&[
        "integration",
        "deliver",
        "event.json",
        "--provider",
        "hook",
        "--format",
        "json",
    ]);
    let h = |args: &[&str]| -> Value {
        let mut all = vec!["release", "connector-delivery-history", "--format", "json"];
        all.extend(args);
        out(&r.env.ok(&all))
    };
    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["event_id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = h(&[]);
    assert_eq!(
        ids(&all),
        [ROLLBACK_ID, EXECUTION_ID],
        "newest first; the plain delivery is not a release one"
    );
    assert_eq!(all["total"], 2);
    assert_eq!(ids(&h(&["--event-id", ROLLBACK_ID])), [ROLLBACK_ID]);
    assert_eq!(h(&["--event-id", "rre_"])["total"], 0, "no substring match");
    assert_eq!(
        ids(&h(&["--event-type", "cavra.rollout_promotion_execution"])),
        [EXECUTION_ID]
    );
    assert_eq!(ids(&h(&["--no-success"])), [ROLLBACK_ID]);
    assert_eq!(ids(&h(&["--success"])), [EXECUTION_ID]);
    // By each provider's own outcome: splunk failed the rollback, webhook did not.
    assert_eq!(ids(&h(&["--provider", "splunk", "--success"])), [EXECUTION_ID]);
    assert_eq!(
        ids(&h(&["--provider", "webhook", "--success"])),
        [ROLLBACK_ID, EXECUTION_ID]
    );
    assert_eq!(ids(&h(&["--since", "2026-03-01T12:30:00Z"])), [ROLLBACK_ID]);
    assert_eq!(ids(&h(&["--until", "2026-03-01T12:30:00Z"])), [EXECUTION_ID]);
    assert_eq!(
        ids(&h(&["--since", "90m"])),
        [ROLLBACK_ID],
        "an age counts back from CAVRA_NOW"
    );
    let page = h(&["--limit", "1", "--offset", "1"]);
    assert_eq!(
        (ids(&page), page["total"].as_u64()),
        (vec![EXECUTION_ID.to_string()], Some(2))
    );
    // The general history holds every kind.
    let general = out(&r.env.ok(&["delivery", "history", "--format", "json"]));
    assert_eq!(general["total"], 3);
    let cli = out(&r.env.ok(&[
        "delivery",
        "history",
        "--source",
        "cli_integration_deliver",
        "--format",
        "json",
    ]));
    assert_eq!(ids(&cli), ["evt-1"]);
    r.env.fails(
        &["delivery", "history", "--since", "2026-03-02", "--until", "2026-03-01"],
        2,
    );
}

#[test]
fn an_endpoint_export_goes_to_its_providers_with_pinned_ids() {
    let r = rig();
    let o = out(&r.env.ok(&[
        "release",
        "deliver-endpoint-export",
        "export/manifest.json",
        "--format",
        "json",
    ]));
    assert_eq!(o["release"]["export_id"], "eme_9ce6f5280e62");
    assert_eq!(o["release"]["publication_id"], "emp_c439542399ac");
    assert_eq!(hits_on(&r.rx, "/jamf").len(), 1);
    assert_eq!(hits_on(&r.rx, "/intune").len(), 1);
    assert!(
        hits_on(&r.rx, "/hook").is_empty() && hits_on(&r.rx, "/hec").is_empty(),
        "no fan-out to other connectors"
    );
    let body = hits_on(&r.rx, "/jamf")[0].json();
    assert_eq!(body["artifact_name"], "jamf-policy.json");
    assert_eq!(body["artifact"]["policy"]["name"], "cavra agent runtime v0.2.0");
    let o = out(&r.env.ok(&[
        "release",
        "deliver-endpoint-export",
        "export/manifest.json",
        "--provider",
        "jamf",
        "--format",
        "json",
    ]));
    assert_eq!(o["release"]["publication_id"], "emp_01ccc7fcb72e");
    assert_eq!(o["event_id"], "emp_01ccc7fcb72e");
    let e = ledger(&r.env).pop().unwrap();
    assert_eq!(e["metadata_kind"], "endpoint-management-publication-delivery");
    assert_eq!(e["connector_delivery_source"], "release_governance_endpoint_export");
    assert_eq!(e["channel"], "stable");
    assert_eq!(e["approval_id"], "apr_0001");
    assert_eq!(e["providers"], json!(["jamf"]));
    let sha = r.env.read("export/checksums.txt");
    let jamf_sha = sha.lines().find(|l| l.ends_with("jamf-policy.json")).unwrap()[..64].to_string();
    assert_eq!(
        e["artifacts"],
        json!([{"artifact": "jamf-policy.json", "sha256": jamf_sha, "bytes": r.env.read("export/jamf-policy.json").len()}])
    );
    // Views: history by export, channel and provider; dashboard with latest.
    let h = out(&r.env.ok(&[
        "release",
        "endpoint-publication-history",
        "--export-id",
        "eme_9ce6f5280e62",
        "--channel",
        "stable",
        "--provider",
        "intune",
        "--format",
        "json",
    ]));
    assert_eq!(h["total"], 1);
    assert_eq!(h["items"][0]["publication_id"], "emp_c439542399ac");
    let none = out(&r.env.ok(&[
        "release",
        "endpoint-publication-history",
        "--channel",
        "beta",
        "--format",
        "json",
    ]));
    assert_eq!(none["total"], 0);
    let d = out(&r.env.ok(&[
        "release",
        "endpoint-publication-dashboard",
        "--fail-on",
        "warning",
        "--format",
        "json",
    ]));
    assert_eq!(d["total_deliveries"], 3);
    assert_eq!(d["alert_level"], "none");
    let latest = d["latest"].as_array().unwrap();
    assert_eq!(latest.len(), 2);
    assert_eq!(latest[0]["provider"], "intune");
    assert_eq!(latest[1]["provider"], "jamf");
    assert_eq!(latest[1]["event_id"], "emp_01ccc7fcb72e");
    assert_eq!(latest[1]["channel"], "stable");
}

#[test]
fn a_retry_recovers_the_failed_provider_only_with_the_same_key() {
    let r = rig();
    r.fail_hook.store(true, Ordering::SeqCst);
    r.env.fails(ROLLBACK, 1);
    let first_key = hits_on(&r.rx, "/hook")[0].header("webhook-id").unwrap().to_string();
    assert_eq!(hits_on(&r.rx, "/hec").len(), 1);
    r.env
        .fails(&["release", "connector-delivery-dashboard", "--fail-on", "critical"], 1);
    r.fail_hook.store(false, Ordering::SeqCst);
    let o = out(&r
        .env
        .ok(&["delivery", "retry", "--event-id", ROLLBACK_ID, "--format", "json"]));
    assert_eq!(o["success"], true);
    assert_eq!(o["retried"][0]["retry_of"], 1);
    assert_eq!(o["retried"][0]["connectors"], json!(["hook"]));
    assert_eq!(
        hits_on(&r.rx, "/hec").len(),
        1,
        "splunk, which succeeded, is not sent to again"
    );
    let hook = hits_on(&r.rx, "/hook");
    assert_eq!(hook.len(), 2);
    assert_eq!(
        hook[1].header("webhook-id").unwrap(),
        first_key,
        "the same idempotency key"
    );
    let e = ledger(&r.env).pop().unwrap();
    assert_eq!(e["retry_of"], 1);
    assert_eq!(e["connector_delivery_source"], "release_governance_rollback");
    assert_eq!(e["providers"], json!(["webhook"]));
    let d = out(&r.env.ok(&[
        "release",
        "connector-delivery-dashboard",
        "--fail-on",
        "warning",
        "--format",
        "json",
    ]));
    assert_eq!(d["alert_level"], "none");
    assert_eq!(d["recovered_deliveries"], 1);
    assert_eq!(d["failed_deliveries"], 1);
    assert_eq!(d["total_deliveries"], 3);
    // Nothing is left to retry.
    r.env.fails(&["delivery", "retry", "--event-id", ROLLBACK_ID], 3);
    let none = out(&r.env.ok(&["delivery", "retry", "--failed", "--format", "json"]));
    assert_eq!(none["retried"], json!([]));
    r.env.fails(&["delivery", "retry", "--event-id", "rre_nope"], 3);
}

#[test]
fn a_retry_refuses_an_input_changed_since_the_delivery() {
    let r = rig();
    r.fail_hook.store(true, Ordering::SeqCst);
    r.env.fails(ROLLBACK, 1);
    let before = r.rx.hits().len();
    let text = r.env.read("rollback-execution.json").replace("error rate", "latency");
    r.env.write("rollback-execution.json", &text);
    r.fail_hook.store(false, Ordering::SeqCst);
    let run = r.env.fails(&["delivery", "retry", "--failed"], 4);
    assert!(run.stderr.contains("rollback-execution.json"), "{}", run.stderr);
    assert!(run.stderr.contains("changed since the delivery"), "{}", run.stderr);
    assert_eq!(r.rx.hits().len(), before, "nothing sent");
}

/// Runs `args`, expects `code`, the file and `needle` in the message,
/// nothing sent and the ledger untouched.
fn refused(r: &Rig, args: &[&str], code: i32, needle: &str) {
    let before = r.env.snapshot();
    let run = r.env.fails(args, code);
    assert!(run.stderr.contains(needle), "{needle} not in: {}", run.stderr);
    assert!(r.rx.hits().is_empty(), "sent despite: {}", run.stderr);
    assert_eq!(r.env.snapshot(), before, "something was written");
}

#[test]
fn bad_release_input_is_refused_before_anything_is_sent() {
    let r = rig();
    let export = ["release", "deliver-endpoint-export", "export/manifest.json"];
    let manifest: Value = serde_json::from_str(&r.env.read("export/manifest.json")).unwrap();
    let set = |f: &dyn Fn(&mut Value)| {
        let mut m = manifest.clone();
        f(&mut m);
        r.env.write("export/manifest.json", &m.to_string());
    };
    // Wrong schema_version.
    let promo = r.env.read("promotion-execution.json");
    r.env.write(
        "promotion-execution.json",
        &promo.replace("promotion-execution.v1", "promotion-execution.v2"),
    );
    refused(&r, PROMOTE, 4, "schema_version");
    r.env.write(
        "promotion-execution.json",
        &promo.replace(EXECUTION_ID, "rpe_000000000000"),
    );
    refused(&r, PROMOTE, 4, "execution_id");
    // An export with no providers.
    set(&|m| m["providers"] = json!([]));
    refused(&r, &export, 4, "providers");
    set(&|m| {
        m.as_object_mut().unwrap().remove("export_id");
    });
    // A provider not in the export.
    let mut linux = export.to_vec();
    linux.extend(["--provider", "linux"]);
    refused(&r, &linux, 2, "does not contain linux");
    let mut splunk = export.to_vec();
    splunk.extend(["--provider", "splunk"]);
    refused(&r, &splunk, 2, "does not contain splunk");
    // A checksum mismatch.
    let jamf = r.env.read("export/jamf-policy.json");
    r.env
        .write("export/jamf-policy.json", &jamf.replace("Once per computer", "Ongoing"));
    refused(&r, &export, 4, "checksum mismatch");
    r.env.write("export/jamf-policy.json", &jamf);
    // A missing artifact.
    std::fs::remove_file(r.env.path("export/intune-win32-app.json")).unwrap();
    refused(&r, &export, 4, "intune-win32-app.json");
    // checksums.txt missing, then malformed.
    let sums = r.env.read("export/checksums.txt");
    std::fs::remove_file(r.env.path("export/checksums.txt")).unwrap();
    refused(&r, &export, 4, "checksums.txt");
    r.env.write("export/checksums.txt", &sums.replace("  ", " "));
    refused(&r, &export, 4, "checksums.txt line 1");
    r.env
        .write("export/checksums.txt", &format!("xyz  jamf-policy.json\n{sums}"));
    refused(&r, &export, 4, "64 hexadecimal digits");
}

#[test]
fn a_ledger_whose_chain_was_edited_is_refused_with_a_hint() {
    let r = rig();
    r.env.ok(PROMOTE);
    r.env.ok(PROMOTE);
    let path = &r.env.ledger_files(".cavra/evidence/metadata.jsonl")[0];
    let text = r.env.read(path);
    r.env.write(
        path,
        &text.replacen("\"delivery_success\":true", "\"delivery_success\":false", 1),
    );
    r.env.fails(&["validate"], 1);
    for args in [
        &["release", "connector-delivery-dashboard"][..],
        &["delivery", "dashboard"][..],
        &["release", "connector-delivery-history"][..],
        &["delivery", "retry", "--failed"][..],
    ] {
        let run = r.env.fails(args, 4);
        assert!(run.stderr.contains(&format!("{path}:1")), "{}", run.stderr);
        assert!(run.stderr.contains("cavra validate"), "{}", run.stderr);
    }
}

#[test]
fn retry_failed_takes_release_deliveries_only() {
    let r = rig();
    r.fail_hook.store(true, Ordering::SeqCst);
    r.env
        .write("event.json", r#"{"event_id":"evt-cli","event_type":"policy.decision"}"#);
    r.env.fails(
        &[
            "integration",
            "deliver",
            "event.json",
            "--provider",
            "hook",
            "--retries",
            "0",
        ],
        1,
    );
    r.env.fails(ROLLBACK, 1);
    r.fail_hook.store(false, Ordering::SeqCst);
    let run = r.env.fails(&["delivery", "retry", "--event-id", "evt-cli"], 3);
    assert!(run.stderr.contains("cannot be retried"), "{}", run.stderr);
    let o = out(&r.env.ok(&["delivery", "retry", "--failed", "--format", "json"]));
    let retried = o["retried"].as_array().unwrap();
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0]["event_id"], ROLLBACK_ID);
    assert_eq!(retried[0]["retry_of"], 2);
}

/// SPEC 10.3: a rollback execution with the first CAVRA's statuses
/// (`executed`, which it writes, and `rolled_back`) is delivered; a status
/// neither used is still refused before anything is sent.
#[test]
fn a_rollback_execution_with_the_first_cavras_statuses_is_delivered() {
    let r = rig();
    let original = r.env.read("rollback-execution.json");
    assert!(original.contains(r#""rollback_status": "succeeded""#));
    for status in ["rolled_back", "executed"] {
        let text = original.replace(
            r#""rollback_status": "succeeded""#,
            &format!(r#""rollback_status": "{status}""#),
        );
        r.env.write("rollback-execution.json", &text);
        let run = r.env.run(ROLLBACK);
        assert_eq!(run.code, 0, "{status}: {}", run.stderr);
        assert_eq!(out(&run)["success"], true, "{status}: {}", run.stdout);
    }
    assert_eq!(hits_on(&r.rx, "/hook").len(), 2, "one webhook request per status");
    let text = original.replace(r#""rollback_status": "succeeded""#, r#""rollback_status": "done""#);
    r.env.write("rollback-execution.json", &text);
    let before = r.rx.hits().len();
    let run = r.env.fails(ROLLBACK, 4);
    assert!(run.stderr.contains("rollback_status"), "{}", run.stderr);
    assert_eq!(r.rx.hits().len(), before, "nothing sent");
}

#[test]
fn a_retry_refuses_an_artifact_changed_with_its_checksum() {
    let r = rig();
    r.fail_jamf.store(true, Ordering::SeqCst);
    let export = [
        "release",
        "deliver-endpoint-export",
        "export/manifest.json",
        "--retries",
        "0",
    ];
    r.env.fails(&export, 1);
    let publication = ledger(&r.env).pop().unwrap()["event_id"].as_str().unwrap().to_string();
    r.fail_jamf.store(false, Ordering::SeqCst);
    // The artifact is edited and checksums.txt made to agree with it: the
    // manifest (the recorded input) is unchanged.
    let jamf = r
        .env
        .read("export/jamf-policy.json")
        .replace("Once per computer", "Ongoing");
    r.env.write("export/jamf-policy.json", &jamf);
    let sums = r.env.read("export/checksums.txt");
    let old = &sums.lines().find(|l| l.ends_with("jamf-policy.json")).unwrap()[..64];
    let new = common::sha256_hex(jamf.as_bytes());
    r.env.write("export/checksums.txt", &sums.replace(old, &new));
    let before = (r.rx.hits().len(), ledger(&r.env).len());
    for args in [
        &["delivery", "retry", "--event-id", &publication][..],
        &["delivery", "retry", "--failed"][..],
    ] {
        let run = r.env.fails(args, 4);
        assert!(run.stderr.contains("jamf-policy.json"), "{}", run.stderr);
        assert!(run.stderr.contains(old) && run.stderr.contains(&new), "{}", run.stderr);
        assert_eq!(
            (r.rx.hits().len(), ledger(&r.env).len()),
            before,
            "nothing sent or recorded"
        );
    }
    // The failure stays open: the publication dashboard does not count it
    // as recovered.
    r.env.fails(
        &["release", "endpoint-publication-dashboard", "--fail-on", "warning"],
        1,
    );
}

#[test]
fn an_export_sends_each_provider_its_own_artifact_with_the_checksums_digest() {
    let r = rig();
    let sums = r.env.read("export/checksums.txt");
    let digest = |name: &str| sums.lines().find(|l| l.ends_with(name)).unwrap()[..64].to_string();
    r.env
        .ok(&["release", "deliver-endpoint-export", "export/manifest.json"]);
    for (path, name) in [("/jamf", "jamf-policy.json"), ("/intune", "intune-win32-app.json")] {
        let body = hits_on(&r.rx, path)[0].json();
        assert_eq!(body["artifact_name"], name);
        let file: Value = serde_json::from_str(&r.env.read(&format!("export/{name}"))).unwrap();
        assert_eq!(body["artifact"], file, "{path} gets exactly its artifact");
        assert_eq!(
            body["publication_context"]["artifact_sha256"],
            json!({name: digest(name)}),
            "the digest checksums.txt and the ledger hold"
        );
    }
    // A manifest handing jamf the Intune artifact is refused, nothing sent.
    let r = rig();
    let mut m: Value = serde_json::from_str(&r.env.read("export/manifest.json")).unwrap();
    m["artifacts"][0]["artifact"] = json!("intune-win32-app.json");
    r.env.write("export/manifest.json", &m.to_string());
    let export = ["release", "deliver-endpoint-export", "export/manifest.json"];
    refused(
        &r,
        &export,
        4,
        "artifacts/0/artifact: jamf is given intune-win32-app.json, the intune artifact",
    );
    // A provider mapped twice.
    m["artifacts"][0]["artifact"] = json!("jamf-policy.json");
    m["artifacts"][1] = json!({"provider": "jamf", "artifact": "jamf-policy.json"});
    r.env.write("export/manifest.json", &m.to_string());
    refused(
        &r,
        &export,
        4,
        "artifacts/1/provider: jamf is mapped to an artifact twice",
    );
}

#[test]
fn a_failed_rollback_is_critical_in_every_dashboard() {
    let r = rig();
    r.fail_hook.store(true, Ordering::SeqCst);
    r.env.fails(ROLLBACK, 1);
    let release = out(&r
        .env
        .ok(&["release", "connector-delivery-dashboard", "--format", "json"]));
    let general = out(&r.env.ok(&["delivery", "dashboard", "--format", "json"]));
    assert_eq!(release["alert_level"], "critical");
    assert_eq!(general["alert_level"], "critical");
    assert_eq!(release["alerts"], general["alerts"]);
    for args in [
        &["release", "connector-delivery-dashboard", "--fail-on", "critical"][..],
        &["delivery", "dashboard", "--fail-on", "critical"][..],
    ] {
        r.env.fails(args, 1);
    }
    // The endpoint publications were never used here: healthy, with a note,
    // although the ledger holds release deliveries.
    let endpoint = out(&r.env.ok(&[
        "release",
        "endpoint-publication-dashboard",
        "--fail-on",
        "warning",
        "--format",
        "json",
    ]));
    assert_eq!(endpoint["alert_level"], "none");
    assert!(
        endpoint["notes"][0].as_str().unwrap().contains("not in use"),
        "{endpoint}"
    );
    let text = r
        .env
        .ok(&["release", "endpoint-publication-dashboard", "--format", "table"]);
    assert!(text.stdout.contains("not in use"), "{}", text.stdout);
}
