//! Issue 11: delivery hardening. Untrusted event ids, 410 that stops,
//! escaped chat text, Standard Webhooks secrets, 2xx webhooks, dry runs
//! without secrets, per-connector token failures, progress, URL masking,
//! killed deliveries, natural ids, and the small ones. Real binary, real
//! loopback servers.

use crate::common;

use base64::Engine;
use common::http::{Hit, Receiver, status};
use common::{Env, env_with, out};
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

const EVENT: &str = r#"{"event_id":"evt-7","event_type":"policy.decision","severity":"critical"}"#;

/// The evidence metadata ledger's records, through the store's reader.
fn ledger(env: &Env) -> Vec<Value> {
    let loc = cavra::store::registry::StoreLocation::at(
        &cavra::store::registry::EVIDENCE_METADATA,
        env.path(".cavra/evidence/metadata.jsonl"),
        "test",
    );
    cavra::store::ledger::read(&loc)
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.record.into_value())
        .collect()
}

fn hook(rx: &Receiver) -> Value {
    json!({"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}})
}

const DELIVER: &[&str] = &["integration", "deliver", "event.json", "--format", "json"];

// ---- 1: event ids are data, never paths ----

#[test]
fn an_event_id_never_leaves_the_output_directory_and_is_always_recorded() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    for id in ["../../escape", "a/b"] {
        let env = env_with(hook(&rx), &json!({"event_id": id}).to_string());
        let o = out(&env.ok(&[DELIVER, &["--output", "out/x"]].concat()));
        let path = o["evidence_path"].as_str().unwrap().to_string();
        assert!(
            path.starts_with("out/x/") && !path["out/x/".len()..].contains('/'),
            "{path}"
        );
        assert!(env.path(&path).is_file(), "{path}");
        assert!(!env.path("escape-connector-delivery.json").exists());
        assert!(!env.path("out/escape-connector-delivery.json").exists());
        let records = ledger(&env);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["event_id"], id);
        assert_eq!(records[0]["evidence_path"], path.as_str());
    }
}

#[test]
fn a_bad_event_id_is_refused_before_anything_is_sent() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    for event in [
        json!({"event_id": "x".repeat(100_000)}),
        json!({"event_id": "a\u{0}b"}),
        json!({"session_id": "s\nx", "event_id": "fine"}),
    ] {
        let env = env_with(hook(&rx), &event.to_string());
        let run = env.fails(DELIVER, 4);
        assert!(run.stderr.contains("event.json"), "{}", run.stderr);
        assert!(run.stderr.len() < 2000, "the id is not echoed whole");
    }
    assert!(rx.hits().is_empty(), "nothing was sent");
}

// ---- 2: gone stops sending; disabled is skipped ----

#[test]
fn gone_disables_the_integration_and_later_deliveries_skip_it() {
    let rx = Receiver::start(vec![status(410, "gone")], |_| Ok(()));
    let env = env_with(
        json!({"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base), "integration_id": "hook-1"}}),
        EVENT,
    );
    env.ok(&[
        "integration",
        "add",
        "--provider",
        "webhook",
        "--integration-id",
        "hook-1",
        "--category",
        "security",
        "--status",
        "active",
        "--owner",
        "appsec",
    ]);
    let first = out(&env.fails(DELIVER, 1));
    assert_eq!(first["deliveries"][0]["integration_disabled"], true);
    assert_eq!(rx.hits().len(), 1);
    let second = env.fails(&[DELIVER, &["--output", "ev"]].concat(), 1);
    assert_eq!(rx.hits().len(), 1, "nothing sent to a disabled integration");
    let o = out(&second);
    let skipped = o["deliveries"][0]["skipped"].as_str().unwrap();
    assert!(skipped.contains("integration hook-1 is disabled"), "{skipped}");
    assert!(second.stderr.contains("Skipped hook"), "{}", second.stderr);
    let evidence: Value = serde_json::from_str(&env.read(o["evidence_path"].as_str().unwrap())).unwrap();
    assert!(evidence["deliveries"][0]["skipped"].is_string());
    assert_eq!(ledger(&env)[1]["skipped_connectors"], json!(["hook"]));
    env.fails(&[DELIVER, &["--include-disabled"]].concat(), 1);
    assert_eq!(rx.hits().len(), 2, "--include-disabled sends anyway");
}

#[test]
fn a_connector_that_says_disabled_is_skipped_and_check_says_disabled() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = env_with(
        json!({"off": {"provider": "webhook", "url": format!("{}/off", rx.base), "enabled": false,
                "secret_env": "UNSET_SECRET"},
               "on": {"provider": "webhook", "url": format!("{}/on", rx.base)}}),
        EVENT,
    );
    let o = out(&env.ok(DELIVER));
    let by_name = |n: &str| {
        o["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["connector"] == n)
            .unwrap()
            .clone()
    };
    assert!(by_name("off")["skipped"].as_str().unwrap().contains("enabled: false"));
    assert_eq!(by_name("on")["success"], true);
    assert!(rx.hits().iter().all(|h| h.url == "/on"));
    let check = env.json(&["connector", "check"]);
    let off = check["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "off")
        .unwrap()
        .clone();
    assert_eq!(off["state"], "disabled");
    assert!(off.get("resolves").is_none() && off.get("problem").is_none(), "{off}");
    assert_eq!(check["ok"], true);
}

// ---- 4: chat text is data ----

#[test]
fn slack_text_from_an_event_cannot_ping_or_link() {
    let rx = Receiver::start(vec![status(200, "ok")], |_| Ok(()));
    let event = json!({"event_id": "e1", "summary": "<!channel> & <https://evil.example|click here>"});
    let env = env_with(
        json!({"slack": {"provider": "slack", "url": format!("{}/services/T/B/x", rx.base)}}),
        &event.to_string(),
    );
    env.ok(DELIVER);
    let body = rx.hits()[0].json();
    let text = body.to_string();
    assert!(
        !text.contains("<!channel>") && !text.contains("<https://evil"),
        "{text}"
    );
    assert!(
        body["text"]
            .as_str()
            .unwrap()
            .contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;")
    );
}

// ---- 5, 6: Standard Webhooks secrets, any 2xx ----

/// The Standard Webhooks verification (the specification's algorithm,
/// written here independently of cavra): HMAC-SHA256 over
/// `{id}.{timestamp}.{body}` with `key`, base64, `v1,` prefix.
fn verify(h: &Hit, key: &[u8]) -> bool {
    let (Some(id), Some(ts), Some(sig)) = (
        h.header("webhook-id"),
        h.header("webhook-timestamp"),
        h.header("webhook-signature"),
    ) else {
        return false;
    };
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(format!("{id}.{ts}.").as_bytes());
    mac.update(&h.body);
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    sig.split(' ').any(|s| s == expected)
}

#[test]
fn webhook_secrets_are_read_as_the_standard_webhooks_libraries_read_them() {
    // 31 bytes: standard base64 of it ends in `=`, so padding matters.
    let key = b"0123456789abcdefghijklmnopqrstu".to_vec();
    let padded = base64::engine::general_purpose::STANDARD.encode(&key);
    assert!(padded.ends_with('='));
    let unpadded = padded.trim_end_matches('=').to_string();
    let cases = [
        (format!("whsec_{padded}"), None, key.clone()),
        (format!("whsec_{unpadded}"), None, key.clone()),
        (padded.clone(), None, key.clone()),
        (unpadded.clone(), Some("base64"), key.clone()),
        (
            "not-base64 raw secret".to_string(),
            Some("raw"),
            b"not-base64 raw secret".to_vec(),
        ),
    ];
    for (secret, encoding, expected_key) in cases {
        let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
        let mut conn = json!({"provider": "webhook", "url": format!("{}/hook", rx.base), "secret_env": "WH_SECRET"});
        if let Some(e) = encoding {
            conn["secret_encoding"] = json!(e);
        }
        let mut env = env_with(json!({"hook": conn}), EVENT);
        env.set("WH_SECRET", &secret);
        env.ok(DELIVER);
        assert!(verify(&rx.hits()[0], &expected_key), "{secret} {encoding:?}");
    }
}

#[test]
fn connector_check_says_when_a_webhook_secret_is_not_base64() {
    let mut env = env_with(
        json!({"hook": {"provider": "webhook", "url": "https://hooks.example.com/in", "secret_env": "WH_SECRET"},
               "raw": {"provider": "webhook", "url": "https://hooks.example.com/in", "secret_env": "WH_SECRET",
                       "secret_encoding": "raw"}}),
        EVENT,
    );
    env.set("WH_SECRET", "plain secret, not base64");
    let run = env.fails(&["connector", "check", "--format", "json"], 1);
    let o = out(&run);
    let item = |n: &str| {
        o["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(item("hook")["state"], "fails");
    assert!(
        item("hook")["problem"].as_str().unwrap().contains("secret_encoding"),
        "{o}"
    );
    assert_eq!(item("raw")["state"], "ok");
    assert!(!run.stdout.contains("plain secret"));
}

#[test]
fn any_2xx_is_a_webhook_success() {
    for code in [207u16, 226, 299] {
        let rx = Receiver::start(vec![status(code, "")], |_| Ok(()));
        let env = env_with(hook(&rx), EVENT);
        let o = out(&env.ok(DELIVER));
        assert_eq!(o["deliveries"][0]["success"], true, "{code}");
        assert_eq!(rx.hits().len(), 1, "{code}: not retried");
    }
}

// ---- 7: dry runs without secrets ----

#[test]
fn a_dry_run_needs_no_secret_and_shows_placeholders() {
    let env = env_with(
        json!({"splunk": {"provider": "splunk", "url_env": "SPLUNK_HEC_URL", "token_env": "SPLUNK_HEC_TOKEN"},
               "hook": {"provider": "webhook", "url": "https://hooks.example.com/in", "secret_env": "HOOK_SECRET"}}),
        EVENT,
    );
    let run = env.ok(&["integration", "deliver", "event.json", "--dry-run", "--format", "json"]);
    let o = out(&run);
    let dry = o["dry_run"].as_array().unwrap();
    let splunk = dry.iter().find(|r| r["connector"] == "splunk").unwrap();
    assert_eq!(splunk["url"], "${SPLUNK_HEC_URL}/services/collector/event");
    assert_eq!(splunk["headers"]["authorization"], "[REDACTED]");
    assert!(splunk["body"].is_array() || splunk["body"].is_object());
    let unset = o["unset_references"].as_array().unwrap();
    assert_eq!(unset.len(), 3, "{unset:?}");
    assert!(
        run.stderr.contains("SPLUNK_HEC_TOKEN") && run.stderr.contains("HOOK_SECRET"),
        "{}",
        run.stderr
    );
    // Table format: method, URL, headers and body too.
    let table = env
        .ok(&["integration", "deliver", "event.json", "--dry-run", "--format", "table"])
        .stdout;
    for needle in [
        "POST",
        "${SPLUNK_HEC_URL}",
        "content-type: application/json",
        "webhook-id:",
        "policy.decision",
    ] {
        assert!(table.contains(needle), "{needle} in\n{table}");
    }
}

// ---- 8: a token failure is one connector's ----

#[test]
fn a_token_failure_fails_only_its_connector() {
    let rx = Receiver::routed(
        Box::new(|_| Ok(())),
        Box::new(|h, _| {
            Some(if h.url.contains("oauth2") {
                status(500, "token service down")
            } else {
                status(204, "")
            })
        }),
    );
    let mut env = env_with(
        json!({
            "hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)},
            "sentinel": {"provider": "sentinel", "url": rx.base, "tenant_id": "t", "client_id": "c",
                "client_secret_env": "CS", "token_url": format!("{}/t/oauth2/v2.0/token", rx.base),
                "dcr_immutable_id": "d", "stream_name": "Custom-S_CL"}}),
        EVENT,
    );
    env.set("CS", "client-secret-value-1");
    let o = out(&env.fails(&[DELIVER, &["--output", "ev"]].concat(), 1));
    let ds = o["deliveries"].as_array().unwrap();
    let hook = ds.iter().find(|d| d["connector"] == "hook").unwrap();
    let sentinel = ds.iter().find(|d| d["connector"] == "sentinel").unwrap();
    assert_eq!(hook["success"], true);
    assert_eq!(sentinel["success"], false);
    assert_eq!(sentinel["attempt_count"], 1);
    assert!(
        sentinel["attempts"][0]["error"]
            .as_str()
            .unwrap()
            .contains("OAuth token request failed")
    );
    assert!(env.path(o["evidence_path"].as_str().unwrap()).is_file());
    assert_eq!(ledger(&env)[0]["failed_connectors"], json!(["sentinel"]));
    assert!(!rx.hits().iter().any(|h| h.url.contains("dataCollectionRules")));
}

// ---- 9: progress only on a terminal ----

#[test]
fn progress_shows_on_a_terminal_and_not_with_quiet_or_a_pipe() {
    // Each answer takes 15 ms, so the bar (drawn at most 20 times a
    // second) has time to show before the work ends.
    let rx = Receiver::start(
        vec![common::http::Reply::Hang(std::time::Duration::from_millis(15))],
        |_| Ok(()),
    );
    let events: String = (0..40).map(|i| format!("{{\"event_id\":\"e{i}\"}}\n")).collect();
    let env = env_with(hook(&rx), &events);
    let in_pty = |extra: &str| {
        let cmdline = format!(
            "{} integration deliver event.json --format json {extra}",
            env!("CARGO_BIN_EXE_cavra")
        );
        let mut cmd = env.command();
        // A terminal that says what it is (without TERM, indicatif draws nothing).
        cmd.env("SHELL", "/bin/sh").env("TERM", "xterm");
        let mut script = std::process::Command::new("script");
        script.args(["-qec", &cmdline, "/dev/null"]).current_dir(env.root());
        script.env_clear();
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                script.env(k, v);
            }
        }
        String::from_utf8_lossy(&script.output().unwrap().stdout).into_owned()
    };
    assert!(in_pty("").contains("Delivering"), "a bar on a terminal");
    assert!(!in_pty("-q").contains("Delivering"), "nothing with -q");
    let piped = env.ok(DELIVER);
    assert!(
        !piped.stderr.contains("Delivering"),
        "nothing when stderr is not a terminal"
    );
}

// ---- 10: URL masking, scrubbed answers, killed deliveries ----

#[test]
fn passwords_with_delimiters_never_reach_any_output() {
    for url in [
        "http://user:Sup3rLong/Passw0rd@127.0.0.1:9/hook?x=1",
        "https://user:Sup3rLong?Passw0rd@hooks.example.com/hook",
        "http://user:Sup3rLong%2FPassw0rd@example.com/hook",
    ] {
        let env = env_with(json!({"hook": {"provider": "webhook", "url": url}}), EVENT);
        let mut all = String::new();
        for args in [
            DELIVER.to_vec(),
            vec!["integration", "deliver", "event.json", "--dry-run", "--format", "json"],
            vec!["connector", "list", "--format", "json"],
            vec!["connector", "check", "--format", "json"],
        ] {
            let run = env.run(&args);
            all.push_str(&run.stdout);
            all.push_str(&run.stderr);
        }
        assert!(!all.contains("Sup3rLong") && !all.contains("Passw0rd"), "{url}:\n{all}");
    }
}

#[test]
fn a_token_in_a_receivers_answer_is_scrubbed() {
    let rx = Receiver::start(
        vec![status(
            400,
            "invalid_token: xoxb-1234567890-ABCDEFGHIJKLmnop is not allowed",
        )],
        |_| Ok(()),
    );
    let env = env_with(
        json!({"slack": {"provider": "slack", "url": format!("{}/services/T/B/x", rx.base)}}),
        EVENT,
    );
    let run = env.fails(&[DELIVER, &["--output", "ev"]].concat(), 1);
    let o = out(&run);
    let evidence = env.read(o["evidence_path"].as_str().unwrap());
    for text in [&run.stdout, &run.stderr, &evidence] {
        assert!(!text.contains("xoxb-1234567890"), "{text}");
    }
    assert!(o["deliveries"][0]["error"].as_str().unwrap().contains("invalid_token"));
}

#[test]
fn killing_a_delivery_never_leaves_evidence_without_its_ledger_entry() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = env_with(hook(&rx), EVENT);
    // Kills spread over the time one whole run takes (measured here, not
    // asserted), from before the first byte to after the last write.
    let started = std::time::Instant::now();
    env.ok(&["integration", "deliver", "event.json", "--output", "ev", "-q"]);
    let whole = started.elapsed();
    for i in 0..40u32 {
        let mut child = env
            .command()
            .args(["integration", "deliver", "event.json", "--output", "ev", "-q"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * i / 36);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    // A run killed after it claimed its evidence name left a reservation
    // (issue 24: reserve, send, record); repair records it.
    env.ok(&["ops", "repair"]);
    let named: Vec<String> = ledger(&env)
        .iter()
        .filter_map(|r| r["evidence_path"].as_str().map(str::to_string))
        .collect();
    let dir = env.path("ev");
    let files: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let evidence: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with(".json") && !f.starts_with('.'))
        .collect();
    for f in &evidence {
        let entries = named.iter().filter(|n| **n == format!("ev/{f}")).count();
        assert_eq!(entries, 1, "{f} is named by {entries} ledger entries ({named:?})");
    }
    // Some runs completed, so the test exercised both sides.
    assert!(!named.is_empty(), "no delivery completed");
}

// ---- 11: the natural id ----

#[test]
fn a_delivery_is_named_by_the_events_natural_id_and_keeps_its_session() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let event =
        json!({"event_id": "evt-1", "request_id": "req-1", "session_id": "sess-9", "event_type": "agent.session"});
    let env = env_with(hook(&rx), &event.to_string());
    let o = out(&env.ok(&[DELIVER, &["--output", "ev"]].concat()));
    assert_eq!(o["event_id"], "sess-9");
    assert_eq!(o["session_id"], "sess-9");
    assert_eq!(o["evidence_path"], "ev/sess-9-connector-delivery.json");
    let r = &ledger(&env)[0];
    assert_eq!((&r["event_id"], &r["session_id"]), (&json!("sess-9"), &json!("sess-9")));
    let env = env_with(hook(&rx), &json!({"approval_id": "apr-1", "event_id": "e"}).to_string());
    assert_eq!(out(&env.ok(DELIVER))["event_id"], "apr-1");
}

// ---- 12: the small ones ----

#[test]
fn attempt_times_follow_the_pinned_clock() {
    let rx = Receiver::start(vec![status(503, ""), status(204, "")], |_| Ok(()));
    let mut env = env_with(hook(&rx), EVENT);
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    let o = out(&env.ok(DELIVER));
    let d = &o["deliveries"][0];
    for a in d["attempts"].as_array().unwrap() {
        for k in ["started_at", "completed_at"] {
            assert!(a[k].as_str().unwrap().starts_with("2026-03-01T12:00:"), "{a}");
        }
    }
    assert!(d["started_at"].as_str().unwrap() <= d["completed_at"].as_str().unwrap());
}

#[test]
fn a_non_utf8_answer_is_still_judged() {
    // A HEC answering 200 with a non-UTF-8 byte in its text: still code 0.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut conn, _) = listener.accept().unwrap();
        let mut buf = vec![0u8; 65536];
        let _ = conn.read(&mut buf);
        let body: &[u8] = b"{\"text\":\"Succ\xffss\",\"code\":0}";
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        conn.write_all(head.as_bytes()).unwrap();
        conn.write_all(body).unwrap();
    });
    let mut env = env_with(
        json!({"splunk": {"provider": "splunk", "url": base, "token_env": "T"}}),
        EVENT,
    );
    env.set("T", "hec-token-1234");
    let o = out(&env.ok(&[DELIVER, &["--retries", "0"]].concat()));
    assert_eq!(o["deliveries"][0]["success"], true);
    server.join().unwrap();
}

#[test]
fn the_example_connectors_name_integrations_of_the_example_inventory() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let env = Env::new();
    for f in ["integrations/inventory.json", "integrations/more.ndjson"] {
        env.ok(&["integration", "import", root.join(f).to_str().unwrap()]);
    }
    let listed = env.json(&["integration", "list"]);
    let ids: Vec<&str> = listed
        .as_array()
        .or_else(|| listed["items"].as_array())
        .unwrap()
        .iter()
        .map(|i| i["integration_id"].as_str().unwrap())
        .collect();
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("connectors/connectors.json")).unwrap()).unwrap();
    for (name, c) in config["connectors"].as_object().unwrap() {
        if let Some(id) = c["integration_id"].as_str() {
            assert!(
                ids.contains(&id),
                "connector {name} names {id}, which the example inventory lacks ({ids:?})"
            );
        }
    }
}
