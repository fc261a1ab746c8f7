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
