//! Issue 24: delivery evidence is exactly what was sent, and output cannot
//! be turned against its reader. Webhook tokens quoted alone by a receiver,
//! concurrent and killed deliveries that must each be recorded once, hostile
//! values in human formats, and `--output` through symlinks. Real binary,
//! real loopback servers.

mod common;

use common::Env;
use common::http::{Receiver, status};
use serde_json::{Value, json};

const EVENT: &str = r#"{"event_id":"evt-7","event_type":"policy.decision","severity":"critical"}"#;
const DELIVER: &[&str] = &["integration", "deliver", "event.json", "--format", "json"];

fn env_with(connectors: Value, event: &str) -> Env {
    let env = Env::new();
    env.write(".cavra/connectors.json", &json!({"connectors": connectors}).to_string());
    env.write("event.json", event);
    env
}

fn out(run: &common::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or(Value::Null)
}

// ---- 7: secrets are registered with their parts ----

#[test]
fn a_webhook_token_quoted_alone_by_the_receiver_never_reaches_any_output() {
    const TOKEN: &str = "q1W2e3R4t5Y6u7I8o9P0aSdF";
    const ENCODED: &str = "tok%2Bq1W2e3R4t5%2F99";
    for (path, quoted) in [
        (format!("/services/T0AB12CD3/B0EF45GH6/{TOKEN}"), TOKEN.to_string()),
        (format!("/services/T0AB12CD3/B0EF45GH6/{ENCODED}"), "tok+q1W2e3R4t5/99".to_string()),
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
        assert!(o["deliveries"][0]["error"].as_str().unwrap().contains("no_service"), "{o}");
    }
}

// ---- 6: `--output` never goes through a symlink ----

#[test]
fn every_output_refuses_a_symlink_on_its_path_before_creating_or_sending_anything() {
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = env_with(json!({"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}), EVENT);
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
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing behind the link");
    assert_eq!(env.snapshot(), before, "nothing recorded");
}
