//! `cavra aispm forward` through the real binary against a receiver on raw
//! TCP that fails midway every way a network does (503, a timeout, a cut
//! connection, a lost answer, a SIGKILL of cavra): after the reruns each
//! event was accepted exactly once, and a batch sent again carried the key
//! it had the first time. Also: batch body limits, tenant binding, the
//! cursor per (tenant, connector), health and console lag, `replay --deliver`.

use crate::common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use cavra::ops::aispm::dsse::{self, SignWith};
use common::Env;
use common::siem::{Fault, Siem};
use serde_json::{Value, json};

const SECRET: &str = "hmac-secret-of-acme-collector";
const WEBHOOK_SECRET: &str = "whsec_c2VjcmV0LXdlYmhvb2sta2V5LWZvci1mb3J3YXJk";

/// A repository with tenants acme and globex, an HMAC collector each, and
/// `n` events ingested for acme (and `g` for globex).
fn setup(n: usize, g: usize, padding: usize) -> Env {
    let mut env = Env::new();
    env.set("ACME_HMAC", SECRET);
    env.set("GLOBEX_HMAC", SECRET);
    env.set("WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.set("SPLUNK_TOKEN", "splunk-token-value-0123456789");
    env.set("SENTINEL_TOKEN", "sentinel-token-value-0123456789");
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    for t in ["acme", "globex"] {
        env.ok(&["aispm", "tenant", "add", t]);
        let var = format!("{}_HMAC", t.to_uppercase());
        env.ok(&["aispm", "collector", "add", t, "hmac-ci", "--hmac-secret-env", &var]);
    }
    ingest(&env, "acme", 0..n, padding);
    ingest(&env, "globex", 0..g, padding);
    env
}

/// Ingests events `ids` (their number in the event id) for `tenant`.
fn ingest(env: &Env, tenant: &str, ids: std::ops::Range<usize>, padding: usize) {
    let n = ids.len();
    if n == 0 {
        return;
    }
    let text = include_str!("../../examples/aispm/enterprise-live-ingestion-envelope-public-contract.example.json");
    let mut e: Value = serde_json::from_str(text).unwrap();
    e["tenant"]["tenant_ref"] = json!(tenant);
    let id = dsse::hmac_key_id(tenant, "hmac-ci");
    e["integrity"]["signature_ref"] = json!(id);
    if padding > 0 {
        e["event"]["target_summary"] = json!("s".repeat(padding));
    }
    let mut bytes = Vec::new();
    for i in ids {
        e["event"]["event_id"] = json!(format!("evt-{tenant}-{i}"));
        // One second apart from 11:00:00, within the hour before NOW.
        let s = i % 3000;
        e["event"]["occurred_at"] = json!(format!("2026-03-01T11:{:02}:{:02}Z", s / 60, s % 60));
        e["transport"] = json!({
            "ingress_mode": "batch",
            "delivery_semantics": "at_least_once",
            "idempotency_key": format!("{tenant}:{i}"),
            "retry_count": 0,
        });
        let payload = serde_json::to_vec(&e).unwrap();
        bytes.extend_from_slice(dsse::sign_line(&payload, &id, &SignWith::Hmac(SECRET.as_bytes())).as_bytes());
        bytes.push(b'\n');
    }
    let file = env.root().join(format!(
        "../{}-{tenant}.ndjson",
        env.root().file_name().unwrap().to_str().unwrap()
    ));
    std::fs::write(&file, &bytes).unwrap();
    let out = env.json(&["aispm", "ingest", file.to_str().unwrap()]);
    assert_eq!(out["accepted"], n, "{out}");
    std::fs::remove_file(&file).unwrap();
}

/// Every dedupe key of a tenant's ledger, in order.
fn ledger_keys(env: &Env, tenant: &str) -> Vec<String> {
    let out = env.json(&["aispm", "replay", "--tenant", tenant]);
    out["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["dedupe_key"].as_str().unwrap().to_string())
        .collect()
}

/// The connector configuration: `name → (provider, url, extra)`.
fn connectors(env: &Env, list: &[(&str, &str, &str, Value)]) {
    let mut m = serde_json::Map::new();
    for (name, provider, url, extra) in list {
        let mut c = json!({"provider": provider, "url": url, "allow_insecure_http": true});
        match *provider {
            "webhook" => c["secret_env"] = json!("WEBHOOK_SECRET"),
            "splunk" => c["token_env"] = json!("SPLUNK_TOKEN"),
            "sentinel" => {
                c["token_env"] = json!("SENTINEL_TOKEN");
                c["dcr_immutable_id"] = json!("dcr-0123");
                c["stream_name"] = json!("Custom-CavraAispm");
            }
            _ => {}
        }
        for (k, v) in extra.as_object().into_iter().flatten() {
            c[k] = v.clone();
        }
        m.insert(name.to_string(), c);
    }
    env.write(".cavra/connectors.json", &json!({ "connectors": m }).to_string());
}

/// Asserts the receiver accepted exactly `keys`, each once.
fn accepted_exactly_once(siem: &Siem, keys: &[String]) {
    let accepted = siem.accepted();
    let twice: Vec<_> = accepted.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        twice.is_empty(),
        "accepted more than once: {:?}",
        &twice[..twice.len().min(5)]
    );
    assert_eq!(accepted.len(), keys.len(), "accepted events");
    let want: HashSet<&String> = keys.iter().collect();
    assert!(accepted.keys().all(|k| want.contains(k)));
}

/// The forwarding entries of the evidence metadata ledger.
fn forward_entries(env: &Env) -> Vec<Value> {
    env.ledger_text(".cavra/evidence/metadata.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok()?.get("record").cloned())
        .filter(|r| r["metadata_kind"] == "aispm-forward")
        .collect()
}

fn forward(env: &Env, args: &[&str]) -> common::Run {
    let mut all = vec!["aispm", "forward"];
    all.extend_from_slice(args);
    env.run(&all)
}

#[test]
fn forwarding_40k_events_survives_a_503_a_timeout_and_a_cut_connection() {
    const N: usize = 40_000;
    let env = setup(N, 0, 0);
    let keys = ledger_keys(&env, "acme");
    assert_eq!(keys.len(), N);
    // Full batches (500 events, or fewer when the stored envelopes reach the
    // body limit first): the 61st request fails with 503 (past the first
    // window), the 131st gets no answer before the client's timeout, the
    // 171st has its connection cut.
    let faults = [
        (60, Fault::Status(503)),
        (130, Fault::Hang(Duration::from_secs(4))),
        (170, Fault::Cut),
    ];
    let siem = Siem::start(Duration::ZERO, move |n| {
        faults
            .iter()
            .find(|(at, _)| *at == n)
            .map_or(Fault::Accept, |(_, f)| *f)
    });
    connectors(&env, &[("siem", "webhook", &siem.base, json!({}))]);
    let args = [
        "--tenant",
        "acme",
        "--provider",
        "webhook",
        "--retries",
        "0",
        "--timeout-seconds",
        "1",
    ];
    for (k, (at, fault)) in faults.iter().enumerate() {
        // A batch fails: exit 1; what was acknowledged is recorded.
        let run = forward(&env, &args);
        assert_eq!(run.code, 1, "{fault:?}: {}", run.stderr);
        assert!(run.stderr.contains("the next run resumes"), "{}", run.stderr);
        let r = siem.requests();
        assert_eq!(r.len(), at + 1, "{fault:?}: the run stopped at the failed batch");
        assert_eq!(r[*at].fault, *fault);
        // Every batch answered before the fault was accepted, once.
        let answered: usize = r
            .iter()
            .filter(|q| q.fault == Fault::Accept && !q.duplicate)
            .map(|q| q.events.len())
            .sum();
        assert_eq!(r.iter().filter(|q| q.fault != Fault::Accept).count(), k + 1);
        assert!(r.iter().all(|q| (1..=500).contains(&q.events.len())));
        assert_eq!(siem.accepted_events(), answered, "{fault:?}");
    }
    // The rerun resumes at the failed batch, sent whole with the same key.
    let run = forward(&env, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = siem.requests();
    let keys_sent: std::collections::HashSet<&str> = r.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(
        r.len(),
        keys_sent.len() + faults.len(),
        "only the failed batches were sent twice"
    );
    for (at, fault) in faults {
        let again = at + 1;
        assert_eq!(r[again].key, r[at].key, "{fault:?}: the re-sent batch keeps its key");
        assert_eq!(r[again].events, r[at].events, "{fault:?}: the batch is sent whole");
    }
    assert!(r.iter().all(|r| !r.duplicate), "nothing acknowledged was sent again");
    accepted_exactly_once(&siem, &keys);
    // Nothing left: sends nothing.
    let run = forward(&env, &["--tenant", "acme", "--provider", "webhook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("nothing left to forward"), "{}", run.stderr);
    assert_eq!(siem.requests().len(), r.len(), "the last run sent nothing");
    // The webhook secret never reached an output or a record.
    let ledger = env.ledger_text(".cavra/evidence/metadata.jsonl");
    assert!(!ledger.contains("c2VjcmV0LXdlYmhvb2sta2V5") && !run.stdout.contains("c2VjcmV0LXdlYmhvb2sta2V5"));
    let h = env.json(&["aispm", "health", "--tenant", "acme"]);
    let lag = &h["tenants"][0]["forwarding"][0];
    assert_eq!(
        (lag["behind_events"].clone(), lag["cursor_seq"].clone()),
        (json!(0), json!(N))
    );
}

#[test]
fn a_batch_whose_answer_was_lost_is_sent_again_with_the_same_key() {
    let env = setup(3_000, 0, 0);
    let keys = ledger_keys(&env, "acme");
    let siem = Siem::start(
        Duration::ZERO,
        |n| if n == 2 { Fault::LostAnswer } else { Fault::Accept },
    );
    connectors(&env, &[("hook", "webhook", &siem.base, json!({}))]);
    let args = ["--tenant", "acme", "--provider", "webhook", "--retries", "0"];
    assert_eq!(forward(&env, &args).code, 1);
    assert_eq!(forward(&env, &args).code, 0);
    let r = siem.requests();
    assert_eq!(r[2].fault, Fault::LostAnswer);
    assert_eq!(r[3].key, r[2].key, "the rerun's duplicate has the same idempotency key");
    assert!(r[3].duplicate, "and the destination dropped it");
    assert_eq!(r.iter().filter(|r| r.duplicate).count(), 1);
    accepted_exactly_once(&siem, &keys);
    // With retries, the same batch is re-sent within the run, same key.
    let env = setup(1_200, 0, 0);
    let keys = ledger_keys(&env, "acme");
    let siem = Siem::start(
        Duration::ZERO,
        |n| if n == 1 { Fault::LostAnswer } else { Fault::Accept },
    );
    connectors(&env, &[("hook", "webhook", &siem.base, json!({}))]);
    let run = forward(&env, &["--tenant", "acme", "--provider", "webhook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = siem.requests();
    assert_eq!((r[2].key.as_str(), r[2].duplicate), (r[1].key.as_str(), true));
    accepted_exactly_once(&siem, &keys);
}

#[test]
fn a_sigkill_during_forwarding_loses_nothing_and_resends_only_with_the_same_keys() {
    const N: usize = 40_000;
    let env = setup(N, 0, 0);
    let keys = ledger_keys(&env, "acme");
    // Slow enough that the kill lands mid-stream.
    let siem = Siem::start(Duration::from_millis(40), |_| Fault::Accept);
    connectors(&env, &[("hook", "webhook", &siem.base, json!({}))]);
    let mut child = env
        .command()
        .args(["aispm", "forward", "--tenant", "acme", "--provider", "webhook"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    // Past the first window (25,000 events): its cursor is recorded.
    while siem.accepted_events() < 27_000 {
        assert!(t0.elapsed() < Duration::from_secs(900), "forwarding stalled");
        assert!(child.try_wait().unwrap().is_none(), "forwarding ended before the kill");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before: HashSet<String> = siem.requests().iter().map(|r| r.key.clone()).collect();
    let sent_before = siem.requests().len();
    let run = forward(&env, &["--tenant", "acme", "--provider", "webhook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = siem.requests();
    // The rerun resumed at the recorded cursor (not at the start), and what
    // it sent again went with the keys it had.
    assert!(after[sent_before].events[0] != keys[0], "the rerun started over");
    for r in &after[sent_before..] {
        assert_eq!(r.duplicate, before.contains(&r.key), "{}", r.key);
    }
    assert!(after[sent_before..].iter().filter(|r| r.duplicate).count() <= 50);
    accepted_exactly_once(&siem, &keys);
}

#[test]
fn batches_stay_within_the_hec_and_logs_ingestion_body_limits() {
    // ~3 KB per record: 1,000 events would make a 3 MB body.
    let env = setup(2_500, 0, 2_000);
    let keys = ledger_keys(&env, "acme");
    let hec = Siem::start(Duration::ZERO, |_| Fault::Accept);
    let dcr = Siem::start(Duration::ZERO, |_| Fault::Accept);
    connectors(
        &env,
        &[
            ("hec", "splunk", &hec.base, json!({})),
            ("la", "sentinel", &dcr.base, json!({})),
        ],
    );
    for (provider, siem, limit) in [("splunk", &hec, 1_000_000), ("sentinel", &dcr, 1_000_000)] {
        let run = forward(&env, &["--tenant", "acme", "--provider", provider]);
        assert_eq!(run.code, 0, "{provider}: {}", run.stderr);
        let r = siem.requests();
        assert!(r.len() >= 8, "{provider}: {} requests", r.len());
        for q in &r {
            assert!(q.bytes <= limit, "{provider}: a body of {} bytes", q.bytes);
            assert!(q.bytes <= 900_000, "{provider}: a body of {} bytes", q.bytes);
        }
        accepted_exactly_once(siem, &keys);
    }
}

#[test]
fn a_connector_bound_to_a_tenant_takes_no_other_tenants_events() {
    let env = setup(700, 300, 0);
    let acme = ledger_keys(&env, "acme");
    let globex = ledger_keys(&env, "globex");
    let bound = Siem::start(Duration::ZERO, |_| Fault::Accept);
    let shared = Siem::start(Duration::ZERO, |_| Fault::Accept);
    connectors(
        &env,
        &[
            ("acme-siem", "webhook", &bound.base, json!({"tenant": "acme"})),
            ("shared", "webhook", &shared.base, json!({})),
        ],
    );
    let run = forward(
        &env,
        &[
            "--tenant",
            "globex",
            "--provider",
            "webhook",
            "--connector",
            "acme-siem",
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("bound to tenant acme"), "{}", run.stderr);
    assert!(bound.requests().is_empty());
    // Every tenant, each into its own cursor; the bound connector gets acme only.
    let run = forward(&env, &["--all-tenants", "--provider", "webhook", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    accepted_exactly_once(&bound, &acme);
    accepted_exactly_once(&shared, &[acme.clone(), globex.clone()].concat());
    let mut pairs: Vec<(String, String, u64)> = forward_entries(&env)
        .iter()
        .map(|r| {
            (
                r["tenant"].as_str().unwrap().to_string(),
                r["forward_connector"].as_str().unwrap().to_string(),
                r["forward_cursor"]["seq"].as_u64().unwrap(),
            )
        })
        .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("acme".into(), "acme-siem".into(), 700),
            ("acme".into(), "shared".into(), 700),
            ("globex".into(), "shared".into(), 300)
        ]
    );
    // A binding to a tenant id that cannot be is a configuration error.
    connectors(&env, &[("bad", "webhook", &bound.base, json!({"tenant": "../acme"}))]);
    let run = forward(&env, &["--tenant", "acme", "--provider", "webhook"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("tenant"), "{}", run.stderr);
}

#[test]
fn health_and_the_console_show_how_far_forwarding_is_behind() {
    let env = setup(1_500, 0, 0);
    let siem = Siem::start(
        Duration::ZERO,
        |n| if n == 1 { Fault::Status(503) } else { Fault::Accept },
    );
    connectors(
        &env,
        &[
            ("hook", "webhook", &siem.base, json!({})),
            (
                "later",
                "webhook",
                &siem.base,
                json!({"tenant": "acme", "enabled": false}),
            ),
        ],
    );
    assert_eq!(
        forward(
            &env,
            &[
                "--tenant",
                "acme",
                "--provider",
                "webhook",
                "--connector",
                "hook",
                "--retries",
                "0"
            ]
        )
        .code,
        1
    );
    let h = env.json(&["aispm", "health", "--tenant", "acme"]);
    let lags = h["tenants"][0]["forwarding"].as_array().unwrap().clone();
    let hook = lags.iter().find(|l| l["connector"] == "hook").unwrap();
    // The first batch was accepted, the second refused: the cursor stands
    // at the first batch's last event (its size is the body limit's, given
    // the stored envelopes), and events are one second apart.
    let cursor = hook["cursor_seq"].as_u64().unwrap();
    assert!(cursor > 0 && cursor < 1_500, "{hook}");
    let behind = 1_500 - cursor;
    assert_eq!(hook["behind_events"], behind, "{hook}");
    assert_eq!(hook["behind_seconds"], behind, "{hook}");
    let later = lags.iter().find(|l| l["connector"] == "later").unwrap();
    assert_eq!(
        (later["behind_events"].clone(), later["cursor_seq"].clone()),
        (json!(1_500), Value::Null)
    );
    let table = env.run(&["aispm", "health", "--tenant", "acme", "--format", "table"]);
    assert!(
        table.stdout.contains(&format!("hook: {behind} events, {behind}s")),
        "{}",
        table.stdout
    );
    env.ok(&["console", "build"]);
    let page = std::fs::read_to_string(env.path(".cavra/console/index.html")).unwrap();
    assert!(page.contains(r#"data-table="aispm.acme.forwarding""#));
    assert!(page.contains(&format!(r#"<th scope="row">hook</th><td class="num">{behind}</td>"#)));
}

#[test]
fn replay_deliver_is_forward_and_dry_run_sends_nothing() {
    let env = setup(800, 0, 0);
    let keys = ledger_keys(&env, "acme");
    let siem = Siem::start(Duration::ZERO, |_| Fault::Accept);
    connectors(&env, &[("hook", "webhook", &siem.base, json!({}))]);
    let dry = env.json(&[
        "aispm",
        "forward",
        "--tenant",
        "acme",
        "--provider",
        "webhook",
        "--dry-run",
    ]);
    assert_eq!(dry["forwards"][0]["pending"], 800);
    // At least two batches (at most 500 events each; more when the stored
    // envelopes make a batch reach the body limit first), and the dry run
    // plans exactly the requests the real run sends.
    let planned = dry["forwards"][0]["requests"].as_array().unwrap().len();
    assert!(planned >= 2, "{dry}");
    assert!(!dry.to_string().contains("c2VjcmV0LXdlYmhvb2sta2V5"));
    assert!(siem.requests().is_empty() && forward_entries(&env).is_empty());
    env.ok(&["aispm", "replay", "--tenant", "acme", "--deliver", "webhook"]);
    accepted_exactly_once(&siem, &keys);
    assert_eq!(siem.requests().len(), planned, "the dry run planned what was sent");
    // The same cursor: forward finds nothing left.
    let run = forward(&env, &["--tenant", "acme", "--provider", "webhook"]);
    assert!(run.stderr.contains("nothing left"), "{}", run.stderr);
    // Events ingested later are forwarded from the cursor on.
    ingest(&env, "acme", 800..810, 0);
    let before = siem.requests().len();
    let run = forward(&env, &["--tenant", "acme", "--provider", "webhook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(siem.requests().len(), before + 1);
    assert_eq!(siem.accepted_events(), 810);
}

#[test]
fn a_cursor_the_ledger_no_longer_holds_is_refused() {
    let env = setup(300, 0, 0);
    let siem = Siem::start(Duration::ZERO, |_| Fault::Accept);
    connectors(&env, &[("hook", "webhook", &siem.base, json!({}))]);
    env.ok(&["aispm", "forward", "--tenant", "acme", "--provider", "webhook"]);
    // Another history under the cursor: the ledger replaced by other events.
    std::fs::remove_dir_all(env.path(".cavra/aispm/tenants/acme")).unwrap();
    ingest(&env, "acme", 1000..1400, 0);
    let sent = siem.requests().len();
    let run = forward(&env, &["--tenant", "acme", "--provider", "webhook"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("names entry 300"), "{}", run.stderr);
    assert_eq!(siem.requests().len(), sent, "nothing was sent");
}
