//! Every retry rule, for every provider, against real loopback servers:
//! 503 then success; 429 with Retry-After then success; 400 (never
//! retried); connection refused; 410 Gone (the integration is disabled).
//! The same idempotency key is sent on every attempt. One test waits in
//! real time (backoff and Retry-After honoured, the retry signed afresh);
//! the timeout test is proved by the peer, not a clock.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::Env;
use common::http::{Receiver, Reply, refused_port, status, with_header};
use serde_json::{Value, json};

/// The connector, its variables and the provider's own success answer.
fn spec(provider: &str, base: &str) -> (Value, Vec<(&'static str, String)>, Reply) {
    let tok = vec![("CONN_TOKEN", "tok-abcdef-123".to_string())];
    match provider {
        "splunk" => (
            json!({"provider": "splunk", "url": base, "token_env": "CONN_TOKEN"}),
            tok,
            status(200, r#"{"text":"Success","code":0}"#),
        ),
        "sentinel" => (
            json!({"provider": "sentinel", "url": base, "token_env": "CONN_TOKEN", "dcr_immutable_id": "dcr-1", "stream_name": "Custom-C_CL"}),
            tok,
            status(204, ""),
        ),
        "datadog" => (
            json!({"provider": "datadog", "url": format!("{base}/api/v2/logs"), "api_key_env": "CONN_TOKEN"}),
            tok,
            status(202, "{}"),
        ),
        "slack" => (
            json!({"provider": "slack", "url_env": "CONN_URL"}),
            vec![("CONN_URL", format!("{base}/services/T/B/x"))],
            status(200, "ok"),
        ),
        "teams" => (
            json!({"provider": "teams", "url_env": "CONN_URL"}),
            vec![("CONN_URL", format!("{base}/workflows/1?sig=s"))],
            status(202, ""),
        ),
        "jira" => (
            json!({"provider": "jira", "url": base, "token_env": "CONN_TOKEN", "project_key": "SEC"}),
            tok,
            status(201, r#"{"id":"1","key":"SEC-1","self":"x"}"#),
        ),
        "servicenow" => (
            json!({"provider": "servicenow", "url": base, "token_env": "CONN_TOKEN"}),
            tok,
            status(201, r#"{"result":{"sys_id":"1","number":"CHG1"}}"#),
        ),
        "webhook" => (
            json!({"provider": "webhook", "url": format!("{base}/hook"), "secret_env": "CONN_TOKEN", "secret_encoding": "raw"}),
            tok,
            status(204, ""),
        ),
        p => (
            json!({"provider": p, "url": format!("{base}/publish"), "token_env": "CONN_TOKEN"}),
            tok,
            status(201, "{}"),
        ),
    }
}

/// A server that answers Jira's label search with "none" and every other
/// request from `script`.
fn server(script: Vec<Reply>) -> Receiver {
    let n = Arc::new(AtomicUsize::new(0));
    Receiver::routed(
        Box::new(|_| Ok(())),
        Box::new(move |h, _| {
            if h.method == "GET" {
                return Some(status(200, r#"{"issues":[]}"#));
            }
            let i = n.fetch_add(1, Ordering::SeqCst);
            Some(script[i.min(script.len() - 1)].clone())
        }),
    )
}

fn env_for(provider: &str, base: &str) -> Env {
    let (mut conn, vars, _) = spec(provider, base);
    conn["integration_id"] = json!(format!("{provider}-prod"));
    let mut env = Env::new();
    for (k, v) in vars {
        env.set(k, &v);
    }
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {provider: conn}}).to_string(),
    );
    env.write(
        "event.json",
        r#"{"event_id":"evt-1","event_type":"policy.decision","severity":"low"}"#,
    );
    env.ok(&[
        "integration",
        "add",
        "--provider",
        provider,
        "--integration-id",
        &format!("{provider}-prod"),
        "--status",
        "active",
    ]);
    env
}

fn deliver(env: &Env, extra: &[&str], code: i32) -> Value {
    let mut args = vec!["integration", "deliver", "event.json", "--format", "json"];
    args.extend(extra);
    let run = env.fails(&args, code);
    serde_json::from_str(&run.stdout).unwrap()
}

fn integration(env: &Env, provider: &str) -> Value {
    env.json(&["integration", "show", &format!("{provider}-prod")])
}

fn posts(rx: &Receiver) -> Vec<common::http::Hit> {
    rx.hits().into_iter().filter(|h| h.method != "GET").collect()
}

fn key_of(h: &common::http::Hit) -> String {
    h.header("webhook-id")
        .or(h.header("idempotency-key"))
        .unwrap_or_default()
        .to_string()
}

fn all_rules(provider: &str) {
    let success = spec(provider, "http://x").2;

    // 503 then success: retried once, the same idempotency key both times.
    let busy = if provider == "splunk" {
        status(503, r#"{"text":"Server is busy","code":9}"#)
    } else {
        status(503, "busy")
    };
    let rx = server(vec![busy, success.clone()]);
    let env = env_for(provider, &rx.base);
    let out = deliver(&env, &[], 0);
    let d = &out["deliveries"][0];
    assert_eq!(
        (d["success"].clone(), d["attempt_count"].clone()),
        (json!(true), json!(2)),
        "{provider}: {out:#}"
    );
    let hits = posts(&rx);
    assert_eq!(hits.len(), 2, "{provider}");
    assert!(!key_of(&hits[0]).is_empty(), "{provider}: idempotency key sent");
    assert_eq!(
        key_of(&hits[0]),
        key_of(&hits[1]),
        "{provider}: same key on every attempt"
    );
    assert_eq!(d["idempotency_key"], json!(key_of(&hits[0])));
    let rec = integration(&env, provider);
    assert_eq!(rec["health_status"], "healthy", "{provider}");
    assert_eq!(rec["last_checked_at"], common::NOW);
    drop(rx);

    // 429 with Retry-After, then success: retried, the header recorded.
    // (That the wait is honoured is proved once, in real time, by
    // `retry_after_and_backoff_are_waited_for`.)
    let rx = server(vec![with_header(429, "slow down", "Retry-After", "0"), success.clone()]);
    let env = env_for(provider, &rx.base);
    let out = deliver(&env, &[], 0);
    assert_eq!(out["deliveries"][0]["attempt_count"], 2, "{provider}");
    assert_eq!(out["deliveries"][0]["attempts"][0]["retry_after"], "0");
    drop(rx);

    // 400: never retried.
    let rx = server(vec![status(400, "bad"), success.clone()]);
    let env = env_for(provider, &rx.base);
    let out = deliver(&env, &[], 1);
    assert_eq!(out["deliveries"][0]["attempt_count"], 1, "{provider}");
    assert_eq!(out["deliveries"][0]["status_code"], 400);
    assert_eq!(posts(&rx).len(), 1);
    assert_eq!(integration(&env, provider)["health_status"], "failed");
    drop(rx);

    // Connection refused: a transport error, retried up to --retries.
    let base = format!("http://127.0.0.1:{}", refused_port());
    let env = env_for(provider, &base);
    let out = deliver(&env, &["--retries", "2"], 1);
    assert_eq!(out["deliveries"][0]["attempt_count"], 3, "{provider}");
    assert_eq!(out["deliveries"][0]["status_code"], Value::Null);
    assert_eq!(out["success"], false);

    // 410 Gone: not retried, and the integration is disabled.
    let rx = server(vec![status(410, "gone"), success]);
    let env = env_for(provider, &rx.base);
    let out = deliver(&env, &[], 1);
    assert_eq!(out["deliveries"][0]["attempt_count"], 1, "{provider}");
    assert_eq!(out["deliveries"][0]["integration_disabled"], true);
    let rec = integration(&env, provider);
    assert_eq!(
        (rec["status"].clone(), rec["health_status"].clone()),
        (json!("disabled"), json!("failed"))
    );
}

macro_rules! providers {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            all_rules(stringify!($name));
        }
    )*};
}

providers!(
    splunk, sentinel, datadog, slack, teams, jira, servicenow, webhook, jamf, intune, linux
);

/// The one test that waits in real time: a backoff (test switch off) and a
/// `Retry-After: 1` are both waited for before the next attempt, and the
/// attempt after the wait is signed afresh (a new `webhook-timestamp`, the
/// same `webhook-id`, a signature that verifies).
#[test]
fn retry_after_and_backoff_are_waited_for() {
    let rx = server(vec![
        status(503, "busy"),
        with_header(429, "slow down", "Retry-After", "1"),
        status(204, ""),
    ]);
    let mut env = env_for("webhook", &rx.base);
    env.vars.retain(|(k, _)| k != "CAVRA_TEST_NO_RETRY_DELAY");
    let out = deliver(&env, &[], 0);
    let attempts = &out["deliveries"][0]["attempts"];
    let backoff = attempts[0]["wait_ms"].as_u64().unwrap();
    assert!(backoff <= 500, "first backoff is at most the base: {backoff}");
    assert_eq!(attempts[1]["retry_after"], "1");
    assert!(attempts[1]["wait_ms"].as_u64().unwrap() >= 1000);
    let hits = posts(&rx);
    assert_eq!(hits.len(), 3);
    assert!(hits[1].at.duration_since(hits[0].at) >= Duration::from_millis(backoff));
    assert!(hits[2].at.duration_since(hits[1].at) >= Duration::from_millis(1000));
    let header = |i: usize, k: &str| hits[i].header(k).unwrap().to_string();
    assert_eq!(header(0, "webhook-id"), header(2, "webhook-id"));
    let (t0, t2): (u64, u64) = (
        header(0, "webhook-timestamp").parse().unwrap(),
        header(2, "webhook-timestamp").parse().unwrap(),
    );
    assert!(t2 > t0, "the retry carries its own time: {t0} then {t2}");
    for h in &hits {
        // The connector signs with CONN_TOKEN's bytes (`secret_encoding: raw`).
        use base64::Engine;
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"tok-abcdef-123").unwrap();
        mac.update(
            format!(
                "{}.{}.",
                h.header("webhook-id").unwrap(),
                h.header("webhook-timestamp").unwrap()
            )
            .as_bytes(),
        );
        mac.update(&h.body);
        let expected = format!(
            "v1,{}",
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        );
        assert_eq!(h.header("webhook-signature"), Some(expected.as_str()));
    }
}

#[test]
fn allow_failure_exits_zero_but_records_the_failure() {
    let rx = server(vec![status(400, "bad")]);
    let env = env_for("webhook", &rx.base);
    let out = deliver(&env, &["--allow-failure"], 0);
    assert_eq!(out["success"], false);
}

#[test]
fn the_timeout_bounds_the_whole_request_not_each_read() {
    // A peer that trickles its answer one byte every 50 ms never lets a
    // single read wait long. If the request as a whole ends at the limit
    // (0.5 s), cavra hangs up while the trickle is still going, and the
    // peer's writes start failing before its last byte: the peer, not a
    // clock, says when the client gave up.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    const ANSWER: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut conn, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = conn.read(&mut buf);
        for (i, b) in ANSWER.iter().enumerate() {
            if conn.write_all(&[*b]).and_then(|_| conn.flush()).is_err() {
                return i;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        ANSWER.len()
    });
    let env = env_for("webhook", &base);
    let out = deliver(&env, &["--timeout-seconds", "0.5", "--retries", "0"], 1);
    let err = out["deliveries"][0]["error"].as_str().unwrap().to_string();
    assert!(err.contains("timed out"), "{err}");
    let sent = server.join().unwrap();
    assert!(
        sent < ANSWER.len(),
        "the peer wrote its whole answer ({sent} bytes): cavra kept reading"
    );
}
