//! Issue 24: delivery evidence is exactly what was sent, and output cannot
//! be turned against its reader. Webhook tokens quoted alone by a receiver,
//! concurrent and killed deliveries that must each be recorded once, hostile
//! values in human formats, and `--output` through symlinks. Real binary,
//! real loopback servers.

use crate::common;

use common::http::{Receiver, status};
use common::{Env, env_with, out};
use serde_json::{Value, json};

const EVENT: &str = r#"{"event_id":"evt-7","event_type":"policy.decision","severity":"critical"}"#;
const DELIVER: &[&str] = &["integration", "deliver", "event.json", "--format", "json"];

/// `integration add` of integration `id` of `provider`, owned by `owner`.
fn add_integration(env: &Env, provider: &str, id: &str, owner: &str) {
    env.ok(&[
        "integration",
        "add",
        "--provider",
        provider,
        "--integration-id",
        id,
        "--owner",
        owner,
    ]);
}

// ---- 7: secrets are registered with their parts ----

#[test]
fn a_webhook_token_quoted_alone_by_the_receiver_never_reaches_any_output() {
    const TOKEN: &str = "q1W2e3R4t5Y6u7I8o9P0aSdF";
    const ENCODED: &str = "tok%2Bq1W2e3R4t5%2F99";
    for (path, quoted) in [
        (format!("/services/T0AB12CD3/B0EF45GH6/{TOKEN}"), TOKEN.to_string()),
        (
            format!("/services/T0AB12CD3/B0EF45GH6/{ENCODED}"),
            "tok+q1W2e3R4t5/99".to_string(),
        ),
    ] {
        let rx = Receiver::start(
            vec![status(404, &format!("no_service: token {quoted} (team T0AB12CD3)"))],
            |_| Ok(()),
        );
        let mut env = env_with(json!({"slack": {"provider": "slack", "url_env": "SLACK_URL"}}), EVENT);
        env.set("SLACK_URL", &format!("{}{path}", rx.base));
        let run = env.fails(&[DELIVER, &["--output", "ev", "--retries", "0"]].concat(), 1);
        let o = out(&run);
        let evidence = env.read(o["evidence_path"].as_str().unwrap());
        let ledger = env.ledger_records(".cavra/evidence/metadata.jsonl");
        for text in [&run.stdout, &run.stderr, &evidence, &format!("{ledger:?}")] {
            assert!(!text.contains(&quoted) && !text.contains("T0AB12CD3"), "{path}: {text}");
        }
        assert!(
            o["deliveries"][0]["error"].as_str().unwrap().contains("no_service"),
            "{o}"
        );
    }
}

// ---- 6: `--output` never goes through a symlink ----

#[test]
fn every_output_refuses_a_symlink_on_its_path_before_creating_or_sending_anything() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = env_with(
        json!({"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}),
        EVENT,
    );
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), env.path("link")).unwrap();
    std::fs::create_dir_all(env.path("sub")).unwrap();
    std::os::unix::fs::symlink(outside.path(), env.path("sub/deep")).unwrap();
    let before = env.snapshot();
    for out in ["link", "link/ev", "sub/deep/ev"] {
        for args in [
            &["integration", "deliver", "event.json", "--output", out][..],
            &["ops", "backup", "--output", out][..],
            &["ops", "retention-plan", "--output", out, "--retention-days", "30"][..],
            &["console", "build", "--output", out][..],
        ] {
            let run = env.fails(args, 4);
            assert!(run.stderr.contains("is a symlink"), "{args:?}: {}", run.stderr);
        }
    }
    // From a subdirectory, a relative path is checked up to the root too.
    let mut cmd = env.command();
    let run = cmd
        .current_dir(env.path("sub"))
        .args(["integration", "deliver", "../event.json", "--output", "deep"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(4), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(rx.hits().is_empty(), "nothing was sent");
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing behind the link"
    );
    assert_eq!(env.snapshot(), before, "nothing recorded");
}

// ---- 3: reserve, then send, then record ----

const PENDING: &str = ".cavra/evidence/.locks/metadata.jsonl.pending";

fn evidence_files(env: &Env, dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(env.path(dir))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn twenty_concurrent_deliveries_and_a_kill_after_sending_are_each_recorded_once() {
    // The fifth request is answered late: its sender is killed meanwhile.
    let mut script = vec![status(204, ""); 20];
    script[4] = common::http::Reply::Hang(std::time::Duration::from_secs(3));
    let rx = Receiver::start(script, |_| Ok(()));
    let env = env_with(
        json!({"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}),
        EVENT,
    );
    let args = [
        "integration",
        "deliver",
        "event.json",
        "--output",
        "out",
        "--retries",
        "0",
        "-q",
    ];
    let mut children: Vec<_> = (0..20)
        .map(|_| {
            env.command()
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let started = std::time::Instant::now();
    while rx.hits().len() < 5 {
        assert!(started.elapsed().as_secs() < 60, "the fifth request never came");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // The one reservation is the hanging sender's (its pid leads the name).
    let pending = evidence_files(&env, PENDING);
    let pending: Vec<&String> = pending.iter().filter(|f| f.ends_with(".json")).collect();
    assert_eq!(pending.len(), 1, "{pending:?}");
    let pid: u32 = pending[0].split('-').next().unwrap().parse().unwrap();
    let i = children.iter().position(|c| c.id() == pid).expect("a child reserved");
    let mut killed = children.remove(i);
    killed.kill().unwrap(); // SIGKILL, after its request left, before its record
    killed.wait().unwrap();
    for mut c in children {
        assert_eq!(c.wait().unwrap().code(), Some(0), "every other delivery succeeds");
    }
    assert_eq!(rx.hits().len(), 20, "each process sent once");
    assert_eq!(env.ledger_records(".cavra/evidence/metadata.jsonl").len(), 19);
    let run = env.ok(&["ops", "repair", "--format", "json"]);
    let repaired = out(&run)["repaired"].to_string();
    assert!(
        repaired.contains("recorded the interrupted delivery of evt-7"),
        "{repaired}"
    );
    let entries = env.ledger_records(".cavra/evidence/metadata.jsonl");
    assert_eq!(entries.len(), 20, "no delivery is sent without an entry");
    let interrupted: Vec<&Value> = entries.iter().filter(|e| e.get("interrupted").is_some()).collect();
    assert_eq!(interrupted.len(), 1);
    assert_eq!(interrupted[0]["delivery_success"], false);
    assert_eq!(interrupted[0]["failed_connectors"], json!(["hook"]));
    let mut named: Vec<String> = entries
        .iter()
        .map(|e| {
            e["evidence_path"]
                .as_str()
                .unwrap()
                .trim_start_matches("out/")
                .to_string()
        })
        .collect();
    named.sort();
    assert_eq!(
        named,
        evidence_files(&env, "out"),
        "one entry per evidence file, one file per entry"
    );
    assert!(evidence_files(&env, PENDING).is_empty());
    env.ok(&["validate"]);
    // Nothing is left for a second repair.
    let again = out(&env.ok(&["ops", "repair", "--format", "json"]));
    assert_eq!(again["repaired"], json!([]));
}

/// Reservations are files beside the lock, outside git: one planted there
/// that is not JSON, holds no entry, or holds an entry the ledger's schema
/// refuses (with a token in it) is reported, never recorded, and its token
/// reaches no output.
#[test]
fn a_planted_reservation_that_does_not_verify_is_reported_and_never_recorded() {
    let env = Env::new();
    env.append_evidence(&["evt-1"]);
    let token = "xoxb-1234567890-ABCDEFGHIJKLmnop";
    let dir = env.path(PENDING);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("1-1-0.json"), "not json").unwrap();
    std::fs::write(dir.join("1-1-1.json"), json!({"claimed": null}).to_string()).unwrap();
    std::fs::write(
        dir.join("1-1-2.json"),
        json!({"entry": {"metadata_kind": "connector-delivery", "event_id": token}, "claimed": null}).to_string(),
    )
    .unwrap();
    let ledger = env.ledger_text(".cavra/evidence/metadata.jsonl");
    let run = env.fails(&["ops", "repair", "--format", "json"], 1);
    let o = out(&run);
    assert_eq!(o["repaired"], json!([]), "{o}");
    let remaining = o["remaining"].as_array().unwrap();
    let refused = remaining
        .iter()
        .filter(|p| p.to_string().contains("a delivery reservation that cannot be recorded"))
        .count();
    assert_eq!(refused, 3, "{o}");
    assert!(
        !run.stdout.contains(token) && !run.stderr.contains(token),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(env.ledger_text(".cavra/evidence/metadata.jsonl"), ledger);
    assert_eq!(evidence_files(&env, PENDING).len(), 3, "left for a person");
}

#[test]
fn a_ledger_lock_held_elsewhere_fails_the_delivery_before_anything_is_sent() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let mut env = env_with(
        json!({"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}),
        EVENT,
    );
    env.set("CAVRA_LOCK_TIMEOUT", "1");
    let lock = env.path(".cavra/evidence/.locks/metadata.jsonl.lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    let held = std::fs::File::create(&lock).unwrap();
    held.lock().unwrap();
    let run = env.fails(&["integration", "deliver", "event.json", "--output", "out"], 5);
    assert!(run.stderr.contains("lock"), "{}", run.stderr);
    assert!(rx.hits().is_empty(), "nothing was sent");
    assert!(evidence_files(&env, "out").is_empty());
    held.unlock().unwrap();
    env.ok(&["integration", "deliver", "event.json", "--output", "out"]);
    assert_eq!(rx.hits().len(), 1);
}

// ---- 5: output that cannot be turned against its reader ----

const HOSTILE: &str = "ops\u{1b}]0;pwned\u{7}\u{1b}[31m";

#[test]
fn control_characters_in_values_are_escapes_in_table_and_text() {
    let rx = Receiver::start(vec![status(500, &format!("{HOSTILE} {}", "x".repeat(65_000)))], |_| {
        Ok(())
    });
    let event = json!({"event_id": "evt-1", "event_type": format!("policy.{HOSTILE}")}).to_string();
    let env = env_with(
        json!({"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}),
        &event,
    );
    add_integration(&env, "splunk", "a", HOSTILE);
    let mut outputs = Vec::new();
    for format in ["table", "text"] {
        outputs.push(env.ok(&["integration", "list", "--format", format]).stdout);
        outputs.push(env.ok(&["integration", "show", "a", "--format", format]).stdout);
        let run = env.fails(
            &[
                "integration",
                "deliver",
                "event.json",
                "--retries",
                "0",
                "--format",
                format,
            ],
            1,
        );
        outputs.push(run.stdout);
        outputs.push(env.ok(&["delivery", "history", "--format", format]).stdout);
    }
    for text in &outputs {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "raw control characters: {text:?}"
        );
    }
    assert!(
        outputs[0].contains(r"ops\u{1b}]0;pwned\u{7}\u{1b}[31m"),
        "{}",
        outputs[0]
    );
    assert!(outputs[3].contains(r"policy.ops\u{1b}"), "{}", outputs[3]);
}

#[test]
fn a_receivers_body_is_kept_as_one_short_scrubbed_excerpt() {
    let body = format!(
        "{HOSTILE} token xoxb-1234567890-ABCDEFGHIJKLmnop {}",
        "y".repeat(65_000)
    );
    let rx = Receiver::start(vec![status(500, &body)], |_| Ok(()));
    let env = env_with(
        json!({"slack": {"provider": "slack", "url": format!("{}/services/T/B/x", rx.base)}}),
        EVENT,
    );
    let run = env.fails(&[DELIVER, &["--output", "ev", "--retries", "0"]].concat(), 1);
    let o = out(&run);
    let evidence = env.read(o["evidence_path"].as_str().unwrap());
    assert!(evidence.len() < 4_000, "{} bytes of evidence", evidence.len());
    let error = o["deliveries"][0]["error"].as_str().unwrap();
    assert!(error.len() < 400 && error.contains("bytes in all)"), "{error}");
    assert!(error.starts_with("HTTP 500 ops\u{1b}]0;pwned"), "{error}");
    assert!(!evidence.contains("xoxb-1234567890"), "{evidence}");
}

#[test]
fn markdown_escapes_html_and_keeps_each_record_on_one_row() {
    let env = Env::new();
    let owner = "team<img src=https://evil.example/x.png>\n# Approved by security\n![x](https://evil.example/y.png)";
    add_integration(&env, "splunk", "a", owner);
    add_integration(&env, "jira", "b", "ops");
    let md = env.ok(&["integration", "list", "--format", "markdown"]).stdout;
    assert!(!md.contains("<img"), "{md}");
    assert!(md.contains("&lt;img src=https://evil.example/x.png&gt;"), "{md}");
    assert!(!md.contains("![x]("), "{md}");
    assert!(!md.lines().any(|l| l.starts_with('#')), "a value added a heading: {md}");
    // Header, separator, one row per record.
    assert_eq!(md.lines().filter(|l| l.starts_with('|')).count(), 4, "{md}");
}
