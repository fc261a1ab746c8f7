//! Delivery evidence, the ledger, batching, dry runs, bad input (clear
//! error, exit code, nothing sent) and the secret-leak test.

use crate::common;

use common::http::{Receiver, refused_port, status};
use common::{Env, env_with, out};
use serde_json::{Value, json};

const EVENT: &str = r#"{"event_id":"evt-7","event_type":"policy.decision","severity":"critical"}"#;

fn webhook_env(rx: &Receiver) -> Env {
    env_with(
        json!({"webhook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}),
        EVENT,
    )
}

#[test]
fn evidence_is_written_without_overwriting_and_the_ledger_grows() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = webhook_env(&rx);
    let args = [
        "integration",
        "deliver",
        "event.json",
        "--output",
        "evidence",
        "--format",
        "json",
    ];
    let first = out(&env.ok(&args));
    assert_eq!(first["evidence_path"], "evidence/evt-7-connector-delivery.json");
    let first_text = env.read("evidence/evt-7-connector-delivery.json");
    env.ok(&args);
    assert_eq!(
        env.read("evidence/evt-7-connector-delivery.json"),
        first_text,
        "older record untouched"
    );
    let second: Value = serde_json::from_str(&env.read("evidence/evt-7-connector-delivery-2.json")).unwrap();
    // Every field of the record (SPEC section 2).
    for k in [
        "product",
        "event_type",
        "event_id",
        "session_id",
        "generated_at",
        "success",
        "deliveries",
    ] {
        assert!(second.get(k).is_some(), "{k}");
    }
    let d = &second["deliveries"][0];
    for k in [
        "provider",
        "success",
        "status_code",
        "attempt_count",
        "attempts",
        "started_at",
        "completed_at",
        "error",
        "idempotency_key",
        "request",
    ] {
        assert!(d.get(k).is_some(), "{k}");
    }
    for k in ["started_at", "completed_at", "status_code", "error", "retry_after"] {
        assert!(d["attempts"][0].get(k).is_some(), "attempt {k}");
    }
    assert_eq!(d["request"]["url_sha256"].as_str().unwrap().len(), 16);

    let lines = env.ledger_records(".cavra/evidence/metadata.jsonl");
    assert_eq!(lines.len(), 2);
    let r = &lines[0];
    assert_eq!(r["metadata_kind"], "connector-delivery");
    assert_eq!(r["connector_delivery_source"], "cli_integration_deliver");
    assert_eq!(r["delivery_success"], true);
    assert_eq!(r["providers"], json!(["webhook"]));
    assert_eq!(r["failed_providers"], json!([]));
    assert_eq!(r["status_codes"], json!([204]));
    assert_eq!(r["created_at"], common::NOW);
    env.ok(&["validate"]);
}

#[test]
fn metadata_json_overrides_the_ledger_path() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = webhook_env(&rx);
    env.ok(&["integration", "deliver", "event.json", "--metadata-json", "other.jsonl"]);
    assert_eq!(
        env.ledger_records("other.jsonl")[0]["metadata_kind"],
        "connector-delivery"
    );
    assert!(!env.path(".cavra/evidence/metadata.jsonl").exists());
    assert!(!env.path(".cavra/evidence/metadata").exists());
}

#[test]
fn dry_run_shows_exact_requests_masked_and_sends_nothing() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let mut env = webhook_env(&rx);
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"splunk": {"provider": "splunk", "url": rx.base, "token_env": "HEC"}}}).to_string(),
    );
    env.set("HEC", "dry-run-secret-token");
    let run = env.ok(&["integration", "deliver", "event.json", "--dry-run", "--format", "json"]);
    let o = out(&run);
    assert_eq!(o["dry_run"][0]["headers"]["authorization"], "[REDACTED]");
    assert_eq!(o["dry_run"][0]["url"], format!("{}/services/collector/event", rx.base));
    assert_eq!(o["dry_run"][0]["body"]["event"]["event_id"], "evt-7");
    assert!(!run.stdout.contains("dry-run-secret-token"));
    assert!(rx.hits().is_empty());
    assert!(!env.path(".cavra/evidence/metadata.jsonl").exists());
}

#[test]
fn ndjson_is_batched_within_provider_limits() {
    let rx = Receiver::routed(
        Box::new(|_| Ok(())),
        Box::new(|h, _| {
            Some(if h.url.starts_with("/services") {
                status(200, r#"{"text":"Success","code":0}"#)
            } else if h.url.starts_with("/api/v2/logs") {
                status(202, "{}")
            } else {
                status(204, "")
            })
        }),
    );
    let mut env = Env::new();
    env.set("T", "tok-1234567");
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {
            "splunk": {"provider": "splunk", "url": rx.base, "token_env": "T"},
            "datadog": {"provider": "datadog", "url": format!("{}/api/v2/logs", rx.base), "api_key_env": "T"},
            "sentinel": {"provider": "sentinel", "url": rx.base, "token_env": "T", "dcr_immutable_id": "d", "stream_name": "Custom-S_CL"},
        }})
        .to_string(),
    );
    let ndjson: String = (0..2500)
        .map(|i| format!("{{\"event_id\":\"e{i}\",\"event_type\":\"agent.action\"}}\n"))
        .collect();
    env.write("events.ndjson", &ndjson);
    let o = out(&env.ok(&["integration", "deliver", "events.ndjson", "--format", "json"]));
    assert_eq!(o["event_count"], 2500);
    assert_eq!(o["deliveries"].as_array().unwrap().len(), 9, "3 batches per provider");
    let hits = rx.hits();
    let mut splunk_events = 0;
    for h in &hits {
        if h.url.starts_with("/services") {
            let n = serde_json::Deserializer::from_slice(&h.body)
                .into_iter::<Value>()
                .count();
            assert!(n <= 1000);
            splunk_events += n;
        } else {
            let n = h.json().as_array().unwrap().len();
            assert!(n <= 1000, "{} carried {n}", h.url);
        }
    }
    assert_eq!(splunk_events, 2500);

    // A provider without batches gets one request per event.
    let rx2 = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env2 = webhook_env(&rx2);
    env2.write(
        "three.ndjson",
        "{\"event_id\":\"a\"}\n{\"event_id\":\"b\"}\n\n{\"event_id\":\"c\"}\n",
    );
    env2.ok(&["integration", "deliver", "three.ndjson"]);
    assert_eq!(rx2.hits().len(), 3);
}

#[test]
fn a_host_name_url_is_delivered_to() {
    // A host name goes through the resolver cache (IP literals skip it).
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = Env::new();
    let port = rx.base.rsplit(':').next().unwrap();
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"webhook": {"provider": "webhook", "url": format!("http://localhost:{port}/hook")}}})
            .to_string(),
    );
    env.write(
        "three.ndjson",
        "{\"event_id\":\"a\"}\n{\"event_id\":\"b\"}\n{\"event_id\":\"c\"}\n",
    );
    let o = out(&env.ok(&["integration", "deliver", "three.ndjson", "--format", "json"]));
    assert_eq!(o["success"], true, "{o}");
    assert_eq!(rx.hits().len(), 3);
}

#[test]
fn events_can_come_from_standard_input() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = webhook_env(&rx);
    let run = env.run_stdin(
        &["integration", "deliver", "-", "--format", "json"],
        "{\"event_id\":\"a\"}\n{\"event_id\":\"b\"}\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(out(&run)["event_count"], 2);
    assert_eq!(rx.hits().len(), 2);
    // Bad input on stdin is named as such.
    let run = env.run_stdin(&["integration", "deliver", "-"], "[1, 2]");
    assert_eq!(run.code, 4);
    assert!(
        run.stderr.contains("<stdin>: an event must be a JSON object"),
        "{}",
        run.stderr
    );
    assert_eq!(rx.hits().len(), 2, "nothing more sent");
}

#[test]
fn an_empty_delivery_list_is_not_success() {
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"w": {"provider": "webhook", "url": "https://example.com/x", "enabled": false}}}"#,
    );
    env.write("event.json", EVENT);
    let o = out(&env.fails(&["integration", "deliver", "event.json", "--format", "json"], 1));
    assert_eq!(o["success"], false);
}

#[test]
fn connector_list_and_check() {
    let mut env = Env::new();
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {
            "slack": {"provider": "slack", "url": "https://hooks.example.com/services/T1/B2/abcdefghijklmnopqrstu1234"},
            "splunk": {"provider": "splunk", "url": "https://splunk.example.com:8088", "token_env": "HEC_TOKEN"}}}"#,
    );
    let list = env.json(&["connector", "list"]);
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["url"], "https://hooks.example.com/[REDACTED]");
    assert_eq!(list["items"][1]["references"]["token_env"], "HEC_TOKEN");
    let check = out(&env.fails(&["connector", "check", "--format", "json"], 1));
    assert_eq!(check["items"][1]["resolves"], false);
    assert!(check["items"][1]["problem"].as_str().unwrap().contains("HEC_TOKEN"));
    env.set("HEC_TOKEN", "x-123456789");
    env.ok(&["connector", "check"]);
}

// ---- bad input: clear error, exit code, nothing sent ----

fn bad(env: &Env, args: &[&str], code: i32, needle: &str, rx: &Receiver) {
    let run = env.fails(args, code);
    assert!(run.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", run.stderr);
    assert!(rx.hits().is_empty(), "something was sent");
    assert!(!env.path(".cavra/evidence/metadata.jsonl").exists());
}

#[test]
fn an_event_over_the_destinations_limit_is_refused_before_anything_is_sent() {
    // Datadog takes at most 1 MB per log, Sentinel 1 MB per call: the big
    // event would be rejected or truncated, so none of the file is sent.
    let rx = Receiver::start(vec![status(202, "")], |_| Ok(()));
    let mut env = Env::new();
    env.set("T", "tok-1234567");
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {
            "datadog": {"provider": "datadog", "url": format!("{}/api/v2/logs", rx.base), "api_key_env": "T"},
            "sentinel": {"provider": "sentinel", "url": rx.base, "token_env": "T", "dcr_immutable_id": "d", "stream_name": "Custom-S_CL"},
        }})
        .to_string(),
    );
    let big = "x".repeat(1_100_000);
    env.write(
        "events.ndjson",
        &format!("{{\"event_id\":\"small\"}}\n{{\"event_id\":\"huge\",\"blob\":\"{big}\"}}\n"),
    );
    for provider in ["datadog", "sentinel"] {
        let args = ["integration", "deliver", "events.ndjson", "--provider", provider];
        bad(&env, &args, 4, "events.ndjson: event huge is", &rx);
        bad(&env, &args, 4, "over the destination's limit of 1000000", &rx);
    }
    // Within the limit, the same file minus the blob goes through.
    env.write("events.ndjson", "{\"event_id\":\"small\"}\n{\"event_id\":\"huge\"}\n");
    env.ok(&["integration", "deliver", "events.ndjson", "--provider", "datadog"]);
    assert_eq!(rx.hits().len(), 1, "one batch");
}

#[test]
fn bad_input_is_refused_before_anything_is_sent() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = webhook_env(&rx);
    let deliver = ["integration", "deliver", "event.json"];

    // Missing config file.
    bad(
        &env,
        &["integration", "deliver", "event.json", "--config", "nope.json"],
        2,
        "cannot read the connector configuration",
        &rx,
    );
    // A connector without url.
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"w": {"provider": "webhook"}}}"#,
    );
    bad(&env, &deliver, 4, "no `url` or `url_env`", &rx);
    // An unknown provider name, in the file and on the command line.
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"p": {"provider": "pagerduty", "url": "https://x.example"}}}"#,
    );
    bad(&env, &deliver, 4, "pagerduty", &rx);
    let two = json!({"connectors": {
        "good": {"provider": "webhook", "url": format!("{}/hook", rx.base)},
        "needs-env": {"provider": "webhook", "url": format!("{}/hook", rx.base), "secret_env": "UNSET_SECRET"}}});
    env.write(".cavra/connectors.json", &two.to_string());
    bad(
        &env,
        &["integration", "deliver", "event.json", "--provider", "nosuch"],
        2,
        "no connector \"nosuch\"",
        &rx,
    );
    // A referenced variable unset: an error for the selected connector only.
    bad(&env, &deliver, 2, "UNSET_SECRET", &rx);
    bad(
        &env,
        &["integration", "deliver", "event.json", "--provider", "needs-env"],
        2,
        "UNSET_SECRET, which is not set",
        &rx,
    );
    env.ok(&[
        "integration",
        "deliver",
        "event.json",
        "--provider",
        "good",
        "--dry-run",
    ]);
    // Event file not JSON, or not an object.
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"good": two["connectors"]["good"]}}).to_string(),
    );
    env.write("bad.json", "{not json");
    bad(&env, &["integration", "deliver", "bad.json"], 4, "not valid JSON", &rx);
    env.write("array.json", "[1, 2]");
    bad(
        &env,
        &["integration", "deliver", "array.json"],
        4,
        "must be a JSON object",
        &rx,
    );
    // A `*_file` secret inside the repository (one `git add` from a commit).
    env.write("hook-secret.txt", "s3cr3t-in-the-repo\n");
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"w": {"provider": "webhook", "url": format!("{}/hook", rx.base), "secret_file": "../hook-secret.txt"}}}).to_string(),
    );
    bad(&env, &deliver, 2, "`secret_file` is inside the repository", &rx);
    let validate = env.fails(&["validate"], 1);
    assert!(
        validate
            .stdout
            .contains("record w: field secret_file: a secret file inside the repository"),
        "{}",
        validate.stdout
    );
    let check = env.fails(&["connector", "check"], 1);
    assert!(check.stdout.contains("inside the repository"), "{}", check.stdout);
    assert!(!check.stdout.contains("s3cr3t") && !check.stderr.contains("s3cr3t"));
    // ca_file missing.
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"w": {"provider": "webhook", "url": format!("{}/hook", rx.base), "ca_file": "missing-ca.pem"}}}).to_string(),
    );
    bad(&env, &deliver, 2, "ca_file", &rx);
    // Plain http to a host that is not loopback.
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"w": {"provider": "webhook", "url": "http://example.com/hook"}}}"#,
    );
    bad(&env, &deliver, 2, "plain http", &rx);
    // A literal secret in the configuration.
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"s": {"provider": "splunk", "url": "https://s.example", "token": "abc"}}}"#,
    );
    bad(&env, &deliver, 4, "secret", &rx);
    let v = env.fails(&["validate"], 1);
    assert!(
        v.stdout.contains("connectors.json") && v.stdout.contains("token"),
        "{}",
        v.stdout
    );
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"w": {"provider": "webhook", "url": "https://w.example", "headers": {"X-Api-Key": "k1"}}}}"#,
    );
    bad(&env, &deliver, 4, "credential header", &rx);
    let v = env.fails(&["validate"], 1);
    assert!(v.stdout.contains("headers/X-Api-Key"), "{}", v.stdout);
}

#[test]
fn the_ca_file_replaces_the_built_in_roots() {
    let env = Env::new();
    env.write("ca.pem", "not a certificate\n");
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"w": {"provider": "webhook", "url": "https://127.0.0.1:1/hook", "ca_file": "../ca.pem"}}}"#,
    );
    env.write("event.json", EVENT);
    let run = env.fails(&["integration", "deliver", "event.json"], 2);
    assert!(run.stderr.contains("no PEM certificate"), "{}", run.stderr);
}

// ---- the secret-leak test ----

const SECRETS: &[(&str, &str)] = &[
    ("LEAK_SPLUNK_TOKEN", "LEAKSPLUNK-9f1c2e"),
    ("LEAK_SENTINEL_CLIENT_SECRET", "LEAKSENTCS-77aa01"),
    ("LEAK_DD_KEY", "LEAKDDKEY-31c0ff"),
    ("LEAK_SLACK_URL_PATH", "LEAKSLACKPATH-0a9b8c"),
    ("LEAK_TEAMS_SIG", "LEAKTEAMSSIG-5d4e3f"),
    ("LEAK_JIRA_TOKEN", "LEAKJIRA-1234ab"),
    ("LEAK_SNOW_PASSWORD", "LEAKSNOWPW-c0ffee"),
    ("LEAK_WEBHOOK_SECRET", "LEAKWHSEC-beef42"),
    ("LEAK_WEBHOOK_AUTH", "LEAKWHAUTH-abc999"),
    ("LEAK_JAMF_CLIENT_SECRET", "LEAKJAMFCS-4242aa"),
    ("LEAK_INTUNE_TOKEN", "LEAKINTUNE-8888bb"),
    ("LEAK_LINUX_FILE_TOKEN", "LEAKLINUXFILE-77cc"),
    ("LEAK_OAUTH_ACCESS_TOKEN", "LEAKACCESS-issued-1"),
];

fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
        }
    }
}

#[test]
fn no_secret_reaches_any_file_stdout_or_stderr() {
    for fail in [false, true] {
        // The receiver echoes every header, the path and the body back in
        // its answers, so a failure message that repeated the response
        // would carry every secret.
        let rx = Receiver::routed(
            Box::new(|_| Ok(())),
            Box::new(move |h, _| {
                let echo = format!("{} {} {:?} {}", h.method, h.url, h.headers, h.text());
                if h.url.contains("oauth") {
                    return Some(status(200, &json!({"access_token": "LEAKACCESS-issued-1"}).to_string()));
                }
                if h.method == "GET" {
                    return Some(status(200, r#"{"issues":[]}"#));
                }
                if fail {
                    return Some(status(
                        400,
                        &json!({"text": echo, "code": 6, "errorMessages": [echo], "error": {"message": echo}})
                            .to_string(),
                    ));
                }
                Some(if h.url.starts_with("/services/collector") {
                    status(200, r#"{"text":"Success","code":0}"#)
                } else if h.url.contains("dataCollectionRules") {
                    status(204, "")
                } else if h.url.starts_with("/services/") {
                    status(200, "ok")
                } else if h.url.contains("/rest/api/3/issue") {
                    status(201, r#"{"id":"1","key":"SEC-1","self":"x"}"#)
                } else if h.url.contains("change_request") {
                    status(201, r#"{"result":{"sys_id":"1","number":"CHG1"}}"#)
                } else {
                    status(202, "{}")
                })
            }),
        );
        let b = &rx.base;
        let outside = tempfile::tempdir().unwrap();
        let token_file = outside.path().join("linux-token");
        std::fs::write(&token_file, "LEAKLINUXFILE-77cc\n").unwrap();
        let mut env = Env::new();
        for (k, v) in SECRETS {
            env.set(k, v);
        }
        env.set("LEAK_SLACK_URL", &format!("{b}/services/T0/B0/LEAKSLACKPATH-0a9b8c"));
        env.set(
            "LEAK_TEAMS_URL",
            &format!("{b}/workflows/1/invoke?api-version=1&sig=LEAKTEAMSSIG-5d4e3f"),
        );
        env.set("LEAK_WEBHOOK_SECRET", "LEAKWHSEC-beef42");
        env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
        env.write(
            ".cavra/connectors.json",
            &json!({"connectors": {
                "splunk": {"provider": "splunk", "url": b, "token_env": "LEAK_SPLUNK_TOKEN", "headers": {"X-Trace": "t1"}},
                "sentinel": {"provider": "sentinel", "url": b, "tenant_id": "t", "client_id": "c",
                    "client_secret_env": "LEAK_SENTINEL_CLIENT_SECRET", "token_url": format!("{b}/t/oauth2/v2.0/token"),
                    "dcr_immutable_id": "d", "stream_name": "Custom-S_CL"},
                "datadog": {"provider": "datadog", "url": format!("{b}/api/v2/logs"), "api_key_env": "LEAK_DD_KEY"},
                "slack": {"provider": "slack", "url_env": "LEAK_SLACK_URL"},
                "teams": {"provider": "teams", "url_env": "LEAK_TEAMS_URL"},
                "jira": {"provider": "jira", "url": b, "email": "soc@example.com", "api_token_env": "LEAK_JIRA_TOKEN", "project_key": "SEC"},
                "servicenow": {"provider": "servicenow", "url": b, "username": "bot", "password_env": "LEAK_SNOW_PASSWORD"},
                "webhook": {"provider": "webhook", "url": format!("{b}/hook"), "secret_env": "LEAK_WEBHOOK_SECRET", "secret_encoding": "raw",
                    "authorization_env": "LEAK_WEBHOOK_AUTH"},
                "jamf": {"provider": "jamf", "url": format!("{b}/jamf"), "client_id": "c",
                    "client_secret_env": "LEAK_JAMF_CLIENT_SECRET", "token_url": format!("{b}/api/oauth/token")},
                "intune": {"provider": "intune", "url": format!("{b}/intune"), "token_env": "LEAK_INTUNE_TOKEN"},
                "linux": {"provider": "linux", "url": format!("{b}/linux"), "token_file": token_file.display().to_string()},
            }})
            .to_string(),
        );
        env.write("event.json", EVENT);
        let mut outputs = Vec::new();
        for args in [
            vec![
                "integration",
                "deliver",
                "event.json",
                "--output",
                "evidence",
                "--retries",
                "1",
                "--format",
                "json",
            ],
            vec!["integration", "deliver", "event.json", "--dry-run", "--format", "json"],
            vec!["integration", "deliver", "event.json", "--dry-run", "--format", "table"],
            vec![
                "integration",
                "deliver",
                "event.json",
                "--output",
                "evidence",
                "--format",
                "table",
                "-v",
            ],
            vec!["connector", "list", "--format", "json"],
            vec!["connector", "check", "--format", "json"],
        ] {
            let run = env.run(&args);
            if args.contains(&"--output") {
                assert_eq!(
                    run.code,
                    if fail { 1 } else { 0 },
                    "{args:?}: {}\n{}",
                    run.stderr,
                    run.stdout
                );
            }
            outputs.push(run.stdout);
            outputs.push(run.stderr);
        }
        let o: Value = serde_json::from_str(&outputs[0]).unwrap();
        assert_eq!(
            o["deliveries"].as_array().unwrap().len(),
            11,
            "every provider delivered"
        );
        assert_eq!(o["success"], !fail);
        if fail {
            let deliveries = o["deliveries"].as_array().unwrap();
            assert!(deliveries.iter().all(|d| d["error"].is_string()));
            // The echoed credentials were there, and were scrubbed.
            let splunk = deliveries.iter().find(|d| d["provider"] == "splunk").unwrap();
            assert!(splunk["error"].as_str().unwrap().contains("[REDACTED]"), "{splunk:#}");
        }
        let mut files = Vec::new();
        walk(env.root(), &mut files);
        for (_, value) in SECRETS {
            for text in &outputs {
                assert!(!text.contains(value), "{value} leaked to output:\n{text}");
            }
            for (path, bytes) in &files {
                assert!(
                    !String::from_utf8_lossy(bytes).contains(value),
                    "{value} leaked into {}",
                    path.display()
                );
            }
        }
        assert!(files.iter().any(|(p, _)| p.ends_with("evt-7-connector-delivery.json")));
        let _ = refused_port;
    }
}

#[test]
fn https_proxy_and_no_proxy_are_honoured() {
    let target = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let proxy = Receiver::start(vec![status(502, "proxy says no")], |_| Ok(()));
    let mut env = webhook_env(&target);
    env.set("HTTPS_PROXY", &proxy.base);
    env.set("ALL_PROXY", &proxy.base);
    env.fails(&["integration", "deliver", "event.json", "--retries", "0"], 1);
    assert!(!proxy.hits().is_empty(), "the request went to the proxy");
    assert!(target.hits().is_empty());
    env.set("NO_PROXY", "127.0.0.1,localhost");
    env.ok(&["integration", "deliver", "event.json"]);
    assert_eq!(target.hits().len(), 1, "NO_PROXY bypasses the proxy");
}

#[test]
fn redirects_are_not_followed() {
    let other = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let location = format!("{}/elsewhere", other.base);
    let rx = Receiver::start(vec![common::http::with_header(307, "", "Location", &location)], |_| {
        Ok(())
    });
    let env = webhook_env(&rx);
    let o = out(&env.fails(&["integration", "deliver", "event.json", "--format", "json"], 1));
    assert_eq!(o["deliveries"][0]["status_code"], 307);
    assert!(other.hits().is_empty(), "the redirect was not followed");
}

#[test]
fn an_unknown_integration_is_refused_before_sending() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = webhook_env(&rx);
    bad(
        &env,
        &["integration", "deliver", "event.json", "--integration", "nope"],
        3,
        "no integration nope",
        &rx,
    );
}

#[test]
fn several_connectors_are_delivered_concurrently() {
    // Each receiver answers only once the other connector's request has
    // arrived: delivered one after the other, the first would wait for a
    // request that comes only after its own answer, and give up (503).
    use std::sync::{Arc, Condvar, Mutex};
    let arrived = Arc::new((Mutex::new([false, false]), Condvar::new()));
    let waiting = |me: usize| {
        let arrived = arrived.clone();
        Receiver::routed(
            Box::new(|_| Ok(())),
            Box::new(move |_, _| {
                let (lock, cv) = &*arrived;
                let mut seen = lock.lock().unwrap();
                seen[me] = true;
                cv.notify_all();
                // The bound only ends a failing run; it proves nothing.
                let (seen, _) = cv
                    .wait_timeout_while(seen, std::time::Duration::from_secs(5), |s| !s[1 - me])
                    .unwrap();
                Some(if seen[1 - me] {
                    status(202, "{}")
                } else {
                    status(503, "the other connector's request never arrived")
                })
            }),
        )
    };
    let (a, b) = (waiting(0), waiting(1));
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {
            "a": {"provider": "webhook", "url": format!("{}/a", a.base)},
            "b": {"provider": "linux", "url": format!("{}/b", b.base), "token_env": "T"}}})
        .to_string(),
    );
    let mut env = env;
    env.set("T", "linux-token-123");
    env.write("event.json", EVENT);
    let o = out(&env.ok(&[
        "integration",
        "deliver",
        "event.json",
        "--retries",
        "0",
        "--format",
        "json",
    ]));
    assert_eq!(o["deliveries"].as_array().unwrap().len(), 2);
    assert_eq!(o["success"], true, "{o:#}");
    let rec = env.ledger_records(".cavra/evidence/metadata.jsonl")[0].clone();
    assert_eq!(rec["providers"], json!(["linux", "webhook"]));
    assert_eq!(rec["connectors"], json!(["a", "b"]));
}

/// A one-request HTTPS server on 127.0.0.1 with the test certificate
/// (tests/fixtures/tls); answers 204 and returns what it received.
fn tls_server() -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read, Write};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let cert_pem = std::fs::read(dir.join("ca.pem")).unwrap();
    let key_pem = std::fs::read(dir.join("server.key")).unwrap();
    let cert = ureq::tls::parse_pem(&cert_pem)
        .find_map(|i| match i {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(rustls::pki_types::CertificateDer::from(c.der().to_vec())),
            _ => None,
        })
        .unwrap();
    let key = ureq::tls::parse_pem(&key_pem)
        .find_map(|i| match i {
            Ok(ureq::tls::PemItem::PrivateKey(k)) => {
                Some(rustls::pki_types::PrivateKeyDer::Pkcs8(k.der().to_vec().into()))
            }
            _ => None,
        })
        .unwrap();
    let config =
        rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (tcp, _) = listener.accept().unwrap();
        tcp.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
        let conn = rustls::ServerConnection::new(std::sync::Arc::new(config)).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        // Read the head and the body (Content-Length).
        loop {
            match tls.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
            let text = String::from_utf8_lossy(&got).to_string();
            if let Some(i) = text.find("\r\n\r\n") {
                let len = text[..i]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if got.len() >= i + 4 + len {
                    break;
                }
            }
        }
        let _ = tls.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n");
        let _ = tls.flush();
        tls.conn.send_close_notify();
        let _ = tls.flush();
        String::from_utf8_lossy(&got).into_owned()
    });
    (base, handle)
}

#[test]
fn https_with_a_custom_ca_file() {
    let ca = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls/ca.pem");
    let (base, server) = tls_server();
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"w": {"provider": "webhook", "url": format!("{base}/hook"), "ca_file": ca.display().to_string()}}})
            .to_string(),
    );
    env.write("event.json", EVENT);
    let o = out(&env.ok(&["integration", "deliver", "event.json", "--format", "json"]));
    assert_eq!(o["deliveries"][0]["status_code"], 204);
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /hook HTTP/1.1"), "{request}");

    // Without the CA file the built-in roots do not trust the test certificate.
    let (base, _server) = tls_server();
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"w": {"provider": "webhook", "url": format!("{base}/hook")}}}).to_string(),
    );
    let o = out(&env.fails(
        &[
            "integration",
            "deliver",
            "event.json",
            "--retries",
            "0",
            "--format",
            "json",
        ],
        1,
    ));
    assert_eq!(o["deliveries"][0]["status_code"], Value::Null, "{o:#}");
}
