//! AISPM live ingestion through the real binary: the documented sequence,
//! the bad-input corpus (each line quarantined with its reason code, counts
//! exact), tenants kept apart, streams, keys, the projection checked
//! against the ledger after every test, and DSSE interop.

use crate::common;

use std::path::{Path, PathBuf};

use cavra::ops::aispm::dsse::{self, SignWith};
use common::{Env, committed};
use serde_json::{Value, json};

/// A repository with tenants acme (collector codex-ci, Ed25519) and globex
/// (collector globex-ci), and the key files outside the repository.
struct Aispm {
    env: Env,
    keys: tempfile::TempDir,
}

impl Aispm {
    fn new() -> Aispm {
        let env = Env::new();
        let keys = tempfile::tempdir().unwrap();
        let a = Aispm { env, keys };
        a.keygen("acme.key");
        a.keygen("globex.key");
        a.env.ok(&[
            "aispm",
            "tenant",
            "add",
            "acme",
            "--tenant-ref",
            "tenant:opaque-public-contract-sample",
        ]);
        a.env.ok(&["aispm", "tenant", "add", "globex"]);
        a.env.ok(&[
            "aispm",
            "collector",
            "add",
            "acme",
            "codex-ci",
            "--ed25519-public-key-file",
            a.key("acme.key.pub").to_str().unwrap(),
            "--allow-connector-type",
            "codex",
            "--allow-event-type",
            "tool_call",
            "--allow-event-type",
            "policy_decision",
            "--allow-repository",
            "acme/payments",
            "--allow-environment",
            "production",
        ]);
        a.env.ok(&[
            "aispm",
            "collector",
            "add",
            "globex",
            "globex-ci",
            "--ed25519-public-key-file",
            a.key("globex.key.pub").to_str().unwrap(),
        ]);
        a
    }

    fn key(&self, name: &str) -> PathBuf {
        self.keys.path().join(name)
    }

    fn keygen(&self, name: &str) -> String {
        let out = self
            .env
            .json(&["aispm", "keygen", "--out", self.key(name).to_str().unwrap()]);
        out["key_id"].as_str().unwrap().to_string()
    }

    fn signing_key(&self, name: &str) -> ed25519_dalek::SigningKey {
        cavra::ops::aispm::keys::read_key(&self.key(name)).unwrap()
    }

    /// A line signed by key file `key` over `envelope`.
    fn signed(&self, key: &str, envelope: &Value) -> Vec<u8> {
        let k = self.signing_key(key);
        let id = dsse::ed25519_key_id(&k.verifying_key());
        dsse::sign_line(&serde_json::to_vec(envelope).unwrap(), &id, &SignWith::Ed25519(&k)).into_bytes()
    }

    /// Ingests `lines` (joined by newlines) from a file; the outcome.
    fn ingest(&self, lines: &[Vec<u8>]) -> Value {
        let mut bytes = Vec::new();
        for l in lines {
            bytes.extend_from_slice(l);
            bytes.push(b'\n');
        }
        let file = self.keys.path().join("input.ndjson");
        std::fs::write(&file, &bytes).unwrap();
        let run = self
            .env
            .run(&["aispm", "ingest", file.to_str().unwrap(), "--format", "json"]);
        let out: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}", run.stderr));
        let expected = if out["rejected"].as_u64().unwrap() > 0 { 1 } else { 0 };
        assert_eq!(run.code, expected, "{}", run.stderr);
        out
    }

    fn quarantine(&self, tenant: Option<&str>) -> Vec<Value> {
        let rel = match tenant {
            Some(t) => format!(".cavra/aispm/tenants/{t}/quarantine.jsonl"),
            None => ".cavra/aispm/quarantine.jsonl".to_string(),
        };
        records(&self.env.ledger_text(&rel))
    }

    /// `replay --verify` agrees with the projection for every tenant
    /// still registered.
    fn verify_all(&self) {
        let list = self.env.json(&["aispm", "tenant", "list"]).to_string();
        for t in ["acme", "globex"]
            .into_iter()
            .filter(|t| list.contains(&format!("\"{t}\"")))
        {
            let out = self.env.json(&["aispm", "replay", "--tenant", t, "--verify"]);
            assert_eq!(out["verify"]["posture_matches"], true, "{t}: {out}");
            assert_eq!(out["verify"]["index_matches"], true, "{t}");
        }
    }
}

impl Drop for Aispm {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.verify_all();
        }
    }
}

/// An envelope acme's codex-ci may send: the first CAVRA's public
/// example, with its own event id and no idempotency key.
fn envelope(event_id: &str) -> Value {
    let text = include_str!("../../examples/aispm/enterprise-live-ingestion-envelope-public-contract.example.json");
    let mut e: Value = serde_json::from_str(text).unwrap();
    e["event"]["event_id"] = json!(event_id);
    e["transport"] = json!({ "ingress_mode": "https", "delivery_semantics": "at_least_once" });
    e
}

/// The records of a ledger's lines (seal lines have none).
fn records(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter_map(|l| l.get("record").cloned())
        .collect()
}

fn counts(out: &Value) -> (u64, u64, u64) {
    (
        out["accepted"].as_u64().unwrap(),
        out["duplicates"].as_u64().unwrap(),
        out["rejected"].as_u64().unwrap(),
    )
}

fn sha(bytes: &[u8]) -> String {
    cavra::store::sha256_tagged(bytes)
}

/// Asserts one bad line among two good ones: 2 accepted, 1 rejected with
/// `reason`, quarantined (unattributed unless `tenant`) with its sha256.
fn one_bad_line(a: &Aispm, bad: Vec<u8>, reason: &str, tenant: Option<&str>) {
    let good1 = a.signed("acme.key", &envelope("good-1"));
    let good2 = a.signed("acme.key", &envelope("good-2"));
    let out = a.ingest(&[good1, bad.clone(), good2]);
    assert_eq!(counts(&out), (2, 0, 1), "{out}");
    assert_eq!(out["rejected_by_reason"], json!({ reason: 1 }));
    let q = a.quarantine(tenant);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0]["reason"], reason);
    assert_eq!(q[0]["line"], 2);
    assert_eq!(q[0]["line_sha256"], sha(&bad));
    assert_eq!(q[0]["received_at"], common::NOW);
    if tenant.is_some() {
        let collector = if tenant == Some("globex") {
            "globex-ci"
        } else {
            "codex-ci"
        };
        assert_eq!(q[0]["collector_id"], collector);
    } else {
        assert!(a.quarantine(Some("acme")).is_empty());
    }
}

#[test]
fn the_documented_sequence_works_as_written() {
    let env = Env::new();
    let keys = tempfile::tempdir().unwrap();
    let keyfile = keys.path().join("KEYFILE");
    let k = keyfile.to_str().unwrap();
    let run = env.ok(&["aispm", "keygen", "--out", k, "--format", "text"]);
    let key_id = run.stdout.trim().to_string();
    let public = std::fs::read_to_string(format!("{k}.pub")).unwrap();
    let public = dsse::public_key(public.trim()).unwrap();
    assert_eq!(key_id, dsse::ed25519_key_id(&public));
    assert_eq!(key_id, cavra::store::sha256_tagged(public.as_bytes()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&keyfile).unwrap().permissions().mode() & 0o777, 0o600);
    }
    env.ok(&["aispm", "tenant", "add", "acme", "--tenant-ref", "tenant:acme-prod"]);
    env.ok(&[
        "aispm",
        "collector",
        "add",
        "acme",
        "codex-ci",
        "--ed25519-public-key-file",
        &format!("{k}.pub"),
        "--allow-connector-type",
        "codex",
        "--allow-event-type",
        "tool_call,policy_decision,approval_event",
        "--allow-repository",
        "acme/payments",
        "--allow-environment",
        "production",
    ]);
    let envelopes = include_str!("../../examples/aispm/envelopes.ndjson");
    let signed = env.run_stdin(&["aispm", "sign", "--key", k], envelopes);
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    assert_eq!(signed.stdout.lines().count(), 6);
    // The exact bytes are signed: each payload is its input line.
    for (line, input) in signed.stdout.lines().zip(envelopes.lines()) {
        let line: Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            dsse::b64_decode(line["payload"].as_str().unwrap()).unwrap(),
            input.as_bytes()
        );
    }
    env.write("signed.ndjson", &signed.stdout);
    let out = env.json(&["aispm", "ingest", "signed.ndjson"]);
    assert_eq!(counts(&out), (6, 0, 0));
    assert_eq!(out["rejected_by_reason"], json!({}));
    let posture = env.json(&["aispm", "posture", "--tenant", "acme"]);
    assert_eq!(posture["events"], 6);
    assert_eq!(
        posture["counts"]["by_event_type"],
        json!({"approval_event": 1, "policy_decision": 2, "tool_call": 3})
    );
    assert_eq!(
        posture["counts"]["by_decision"],
        json!({"allow": 3, "block": 1, "require_approval": 1, "warn": 1})
    );
    assert_eq!(
        posture["counts"]["by_severity"],
        json!({"critical": 1, "low": 1, "medium": 2, "none": 2})
    );
    assert_eq!(posture["counts"]["by_environment"], json!({"production": 6}));
    assert_eq!(posture["counts"]["by_repository"], json!({"acme/payments": 6}));
    // The critical block is resolved by the approval that names it.
    assert_eq!(posture["open_blocks"].as_array().unwrap().len(), 0);
    assert_eq!(posture["open_approvals"].as_array().unwrap().len(), 1);
    assert_eq!(posture["collectors"][0]["reporting"], true);
    env.fails(&["aispm", "posture", "--tenant", "acme", "--fail-on", "warning"], 1);
    env.ok(&["aispm", "posture", "--tenant", "acme", "--fail-on", "critical"]);
    let replay = env.json(&["aispm", "replay", "--tenant", "acme", "--verify"]);
    assert_eq!(replay["verify"]["posture_matches"], true);
    assert_eq!(replay["events"].as_array().unwrap().len(), 6);
    let summary = replay["events"][4]["envelope"]["event"]["target_summary"]
        .as_str()
        .unwrap();
    // Stored as signed, byte for byte.
    assert_eq!(summary, "used a deploy token from the vault in a command");
    let health = env.json(&["aispm", "health", "--tenant", "acme"]);
    assert_eq!(health["tenants"][0]["accepted"], 6);
    assert_eq!(health["tenants"][0]["lag_seconds"]["p50"], 600);
    // Each output names a schema `cavra schema show` prints and it passes
    // (env.json checks the files in schemas/, this the binary's copies).
    let all = env.json(&["aispm", "health", "--all-tenants"]);
    for output in [&out, &health, &all] {
        common::assert_fits_schema(output);
        let name = output["schema"].as_str().unwrap();
        let shown = env.ok(&["schema", "show", name]);
        assert_eq!(shown.stdout, env_schema_text(name));
    }
    // The same file again: all duplicates, exit 0.
    let again = env.json(&["aispm", "ingest", "signed.ndjson"]);
    assert_eq!(counts(&again), (0, 6, 0));
    let replay = env.json(&[
        "aispm",
        "replay",
        "--tenant",
        "acme",
        "--verify",
        "--event-type",
        "tool_call",
    ]);
    assert_eq!(replay["events"].as_array().unwrap().len(), 3);
}

#[test]
fn not_json_is_quarantined() {
    let a = Aispm::new();
    one_bad_line(&a, b"this is not json".to_vec(), "not_json", None);
}

#[test]
fn not_a_dsse_envelope_is_quarantined() {
    let a = Aispm::new();
    one_bad_line(&a, br#"{"hello":"world"}"#.to_vec(), "not_dsse", None);
}

#[test]
fn a_payload_that_is_not_base64_is_quarantined() {
    let a = Aispm::new();
    let line = format!(
        r#"{{"payloadType":"{}","payload":"%%%not base64%%%","signatures":[{{"keyid":"x","sig":"AAAA"}}]}}"#,
        dsse::PAYLOAD_TYPE
    );
    one_bad_line(&a, line.into_bytes(), "payload_not_base64", None);
}

#[test]
fn schema_violations_are_quarantined_each_with_its_reason() {
    let a = Aispm::new();
    let mut unknown = envelope("v-1");
    unknown["event"]["surprise"] = json!("x");
    let mut raw = envelope("v-2");
    raw["redaction"]["raw_prompt_included"] = json!(true);
    let mut bad_enum = envelope("v-3");
    bad_enum["event"]["severity"] = json!("apocalyptic");
    let mut float = envelope("v-4");
    float["transport"]["retry_count"] = json!(1.5);
    let mut big = envelope("v-5");
    big["transport"]["retry_count"] = json!(9_007_199_254_740_992u64);
    let lines: Vec<Vec<u8>> = [unknown, raw, bad_enum, float, big, envelope("ok")]
        .iter()
        .map(|e| a.signed("acme.key", e))
        .collect();
    let out = a.ingest(&lines);
    assert_eq!(counts(&out), (1, 0, 5));
    assert_eq!(
        out["rejected_by_reason"],
        json!({"schema_violation": 3, "number_not_allowed": 2})
    );
    let q = a.quarantine(Some("acme"));
    let reasons: Vec<&str> = q.iter().map(|r| r["reason"].as_str().unwrap()).collect();
    assert_eq!(
        reasons,
        [
            "schema_violation",
            "schema_violation",
            "schema_violation",
            "number_not_allowed",
            "number_not_allowed"
        ]
    );
    // The reason and where, never the sender's text (not even a member name).
    assert_eq!(q[0]["detail"], "/event: 1 unknown member(s)");
    assert!(q.iter().all(|r| !r.to_string().contains("surprise")), "{q:?}");
    assert!(q.iter().all(|r| r.get("envelope").is_none()));
}

#[test]
fn a_bad_or_missing_signature_is_quarantined() {
    let a = Aispm::new();
    let good = a.signed("acme.key", &envelope("e-1"));
    let mut forged: Value = serde_json::from_slice(&good).unwrap();
    let mut other = envelope("e-1");
    other["event"]["target_summary"] = json!("a forged summary");
    forged["payload"] = json!(dsse::b64_encode(&serde_json::to_vec(&other).unwrap()));
    let mut missing: Value = serde_json::from_slice(&good).unwrap();
    missing["signatures"] = json!([]);
    let out = a.ingest(&[
        serde_json::to_vec(&forged).unwrap(),
        serde_json::to_vec(&missing).unwrap(),
        a.signed("acme.key", &envelope("e-2")),
    ]);
    assert_eq!(counts(&out), (1, 0, 2));
    assert_eq!(
        out["rejected_by_reason"],
        json!({"bad_signature": 1, "missing_signature": 1})
    );
    assert_eq!(a.quarantine(None).len(), 2);
    assert!(a.quarantine(Some("acme")).is_empty());
}

#[test]
fn a_valid_signature_by_another_tenants_key_is_refused_and_kept_with_that_tenant() {
    let a = Aispm::new();
    let bad = a.signed("globex.key", &envelope("x-1"));
    one_bad_line(&a, bad, "tenant_mismatch", Some("globex"));
    assert!(a.quarantine(Some("acme")).is_empty());
    let globex = a.env.json(&["aispm", "posture", "--tenant", "globex"]);
    assert_eq!(globex["events"], 0);
}

#[test]
fn a_revoked_key_is_refused() {
    let a = Aispm::new();
    a.env.ok(&["aispm", "collector", "revoke", "acme", "codex-ci"]);
    let out = a.ingest(&[a.signed("acme.key", &envelope("r-1"))]);
    assert_eq!(counts(&out), (0, 0, 1));
    assert_eq!(out["rejected_by_reason"], json!({"revoked_key": 1}));
    assert_eq!(a.quarantine(Some("acme"))[0]["reason"], "revoked_key");
}

#[test]
fn a_collector_sending_what_it_may_not_is_refused() {
    let a = Aispm::new();
    let mut ty = envelope("n-1");
    ty["event"]["event_type"] = json!("mcp_activity");
    let mut repo = envelope("n-2");
    repo["event"]["repository"] = json!("acme/secret-project");
    let mut environment = envelope("n-3");
    environment["tenant"]["environment"] = json!("staging");
    let mut connector = envelope("n-4");
    connector["source"]["connector_type"] = json!("cursor");
    let lines: Vec<Vec<u8>> = [ty, repo, environment, connector]
        .iter()
        .map(|e| a.signed("acme.key", e))
        .collect();
    let out = a.ingest(&lines);
    assert_eq!(counts(&out), (0, 0, 4));
    assert_eq!(
        out["rejected_by_reason"],
        json!({"not_allowed_event_type": 1, "not_allowed_repository": 1, "not_allowed_environment": 1, "not_allowed_connector_type": 1})
    );
    // Authenticated and clean: the redacted envelope is kept for review.
    let q = a.quarantine(Some("acme"));
    assert_eq!(q[1]["envelope"]["event"]["repository"], "acme/secret-project");
}

#[test]
fn an_unknown_tenant_is_refused() {
    let a = Aispm::new();
    let mut e = envelope("u-1");
    e["tenant"]["tenant_ref"] = json!("initech");
    one_bad_line(&a, a.signed("acme.key", &e), "unknown_tenant", Some("acme"));
}

/// A tenant_ref is an opaque reference: one no tenant answers to is an
/// unknown tenant, whatever it spells, and never becomes a directory.
#[test]
fn tenant_refs_with_dot_dot_or_upper_case_name_no_tenant() {
    let a = Aispm::new();
    let mut up = envelope("t-1");
    up["tenant"]["tenant_ref"] = json!("Acme");
    let mut dots = envelope("t-2");
    dots["tenant"]["tenant_ref"] = json!("../globex");
    let out = a.ingest(&[a.signed("acme.key", &up), a.signed("acme.key", &dots)]);
    assert_eq!(counts(&out), (0, 0, 2));
    assert_eq!(out["rejected_by_reason"], json!({"unknown_tenant": 2}));
    assert!(!a.env.path(".cavra/aispm/globex").exists());
    assert!(!a.env.path(".cavra/aispm/tenants/Acme").exists());
    a.env.fails(&["aispm", "tenant", "add", "../evil"], 2);
    a.env.fails(&["aispm", "posture", "--tenant", "../acme"], 2);
}

#[test]
fn the_same_event_twice_in_one_run_and_across_runs_is_one_event() {
    let a = Aispm::new();
    let line = a.signed("acme.key", &envelope("d-1"));
    let out = a.ingest(&[line.clone(), line.clone()]);
    assert_eq!(counts(&out), (1, 1, 0));
    let out = a.ingest(&[line]);
    assert_eq!(counts(&out), (0, 1, 0));
    // The idempotency key wins over the event id.
    let mut k1 = envelope("d-2");
    k1["transport"]["idempotency_key"] = json!("same");
    let mut k2 = envelope("d-3");
    k2["transport"]["idempotency_key"] = json!("same");
    let out = a.ingest(&[a.signed("acme.key", &k1), a.signed("acme.key", &k2)]);
    assert_eq!(counts(&out), (1, 1, 0));
    let health = a.env.json(&["aispm", "health", "--tenant", "acme"]);
    assert_eq!(health["tenants"][0]["accepted"], 2);
    assert_eq!(health["tenants"][0]["duplicates"], 3);
}

#[test]
fn a_ten_megabyte_line_is_refused_and_the_run_goes_on() {
    let a = Aispm::new();
    one_bad_line(&a, vec![b'x'; 10 * 1024 * 1024], "line_too_large", None);
}

#[test]
fn invalid_utf8_is_refused() {
    let a = Aispm::new();
    one_bad_line(&a, b"{\"payload\":\"\xff\xfe\"}".to_vec(), "invalid_utf8", None);
}

#[test]
fn a_stream_cut_mid_line_loses_no_accepted_event() {
    let a = Aispm::new();
    let mut input = Vec::new();
    for i in 0..3 {
        input.extend(a.signed("acme.key", &envelope(&format!("s-{i}"))));
        input.push(b'\n');
    }
    let cut = a.signed("acme.key", &envelope("s-cut"));
    input.extend_from_slice(&cut[..cut.len() / 2]);
    let run = a.env.run_stdin(
        &["aispm", "ingest", "-", "--format", "json"],
        &String::from_utf8(input).unwrap(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(counts(&out), (3, 0, 1));
    assert_eq!(out["rejected_by_reason"], json!({"truncated_line": 1}));
    let replay = a.env.json(&["aispm", "replay", "--tenant", "acme"]);
    assert_eq!(replay["events"].as_array().unwrap().len(), 3);
    // The collector resends the whole line: accepted once.
    let out = a.ingest(&[cut]);
    assert_eq!(counts(&out), (1, 0, 0));
}

#[test]
fn a_secret_in_a_field_other_than_the_summary_is_refused() {
    let a = Aispm::new();
    let mut e = envelope("sec-1");
    e["event"]["tool_name"] = json!("ghp_abcdefghijklmnopqrstuvwxyz0123");
    one_bad_line(&a, a.signed("acme.key", &e), "secret_in_field", Some("acme"));
    let text = a.env.ledger_text(".cavra/aispm/tenants/acme/quarantine.jsonl");
    assert!(!text.contains("ghp_abcdefghijklmnopqrstuvwxyz0123"));
}

/// Issue 26: the keys an AI coding agent is likeliest to paste are
/// redacted from summaries (built from pieces: no key-shaped literal here).
#[test]
fn ai_provider_keys_in_a_summary_are_refused_and_stored_nowhere() {
    // The signed bytes are stored as they came (entries carry their proof),
    // so a summary holding a key cannot be scrubbed: the line is rejected,
    // and the key reaches no file.
    let a = Aispm::new();
    let body: String = (0..60).map(|i| (b'A' + (i * 7 % 26) as u8) as char).collect::<String>() + "x9Q2";
    let keys = [
        format!("{}-ant-api03-{body}AA", "sk"),
        format!("{}-proj-{body}", "sk"),
        format!("AIza{}", &body[..35]),
    ];
    let lines: Vec<Vec<u8>> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let mut e = envelope(&format!("ai-{i}"));
            e["event"]["target_summary"] = json!(format!("exported {k} to the shell"));
            a.signed("acme.key", &e)
        })
        .collect();
    let out = a.ingest(&lines);
    assert_eq!(counts(&out), (0, 0, 3), "{out}");
    assert!(!out.to_string().contains(&body[..35]), "{out}");
    let mut stack = vec![a.env.path(".cavra")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                assert!(!text.contains(&body[..35]), "{} holds the key", path.display());
            }
        }
    }
}

#[test]
fn keygen_refuses_inside_the_store_and_never_overwrites() {
    let a = Aispm::new();
    a.env.fails(&["aispm", "keygen", "--out", ".cavra/collector.key"], 2);
    assert!(!a.env.path(".cavra/collector.key").exists());
    a.env
        .fails(&["aispm", "keygen", "--out", a.key("acme.key").to_str().unwrap()], 3);
}

#[test]
fn weak_and_malformed_public_keys_are_refused() {
    let a = Aispm::new();
    let mut identity = [0u8; 32];
    identity[0] = 1;
    std::fs::write(a.key("weak.pub"), dsse::b64_encode(&identity)).unwrap();
    let run = a.env.fails(
        &[
            "aispm",
            "collector",
            "add",
            "acme",
            "weak",
            "--ed25519-public-key-file",
            a.key("weak.pub").to_str().unwrap(),
        ],
        2,
    );
    assert!(run.stderr.contains("weak"), "{}", run.stderr);
    std::fs::write(a.key("short.pub"), "AAAA").unwrap();
    a.env.fails(
        &[
            "aispm",
            "collector",
            "add",
            "acme",
            "short",
            "--ed25519-public-key-file",
            a.key("short.pub").to_str().unwrap(),
        ],
        2,
    );
    // One key, one collector of one tenant.
    a.env.fails(
        &[
            "aispm",
            "collector",
            "add",
            "globex",
            "again",
            "--ed25519-public-key-file",
            a.key("acme.key.pub").to_str().unwrap(),
        ],
        2,
    );
}

#[test]
fn hmac_collectors_verify_in_constant_time_under_their_secret_only() {
    let mut a = Aispm::new();
    a.env.ok(&[
        "aispm",
        "collector",
        "add",
        "globex",
        "hmac-ci",
        "--hmac-secret-env",
        "GLOBEX_HMAC",
    ]);
    let show = a.env.json(&["aispm", "tenant", "show", "globex"]);
    assert!(!show.to_string().contains("s3cret-value"));
    a.env.set("GLOBEX_HMAC", "s3cret-value-of-globex");
    let mut e = envelope("h-1");
    e["tenant"]["tenant_ref"] = json!("globex");
    let id = dsse::hmac_key_id("globex", "hmac-ci");
    let payload = serde_json::to_vec(&e).unwrap();
    let good = dsse::sign_line(&payload, &id, &SignWith::Hmac(b"s3cret-value-of-globex"));
    let bad = dsse::sign_line(&payload, &id, &SignWith::Hmac(b"guessed"));
    let out = a.ingest(&[bad.into_bytes(), good.into_bytes()]);
    assert_eq!(counts(&out), (1, 0, 1));
    assert_eq!(out["rejected_by_reason"], json!({"bad_signature": 1}));
    assert_eq!(out["tenants"]["globex"]["accepted"], 1);
}

#[test]
fn the_aispm_dir_moves_event_segments_out_of_the_repository() {
    let bulk = tempfile::tempdir().unwrap();
    let mut a = Aispm::new();
    a.env.set("CAVRA_AISPM_DIR", bulk.path().to_str().unwrap());
    let out = a.ingest(&[a.signed("acme.key", &envelope("b-1"))]);
    assert_eq!(counts(&out), (1, 0, 0));
    assert!(bulk.path().join("acme/events").is_dir());
    assert!(!a.env.path(".cavra/aispm/tenants/acme/events").exists());
    assert!(!a.env.path(".cavra/aispm/tenants/acme/events.jsonl").exists());
    assert!(a.env.path(".cavra/aispm/tenants/acme/posture.json").exists());
    a.verify_all();
    let stores = a.env.json(&["ops", "stores"]);
    let events = stores["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "aispm-events/acme")
        .unwrap()
        .clone();
    assert_eq!(events["configured_by"], "CAVRA_AISPM_DIR");
    assert_eq!(events["records"], 1);
}

#[test]
fn nothing_crosses_tenants_without_all_tenants() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("c-1"))]);
    a.env.fails(&["aispm", "health"], 2);
    let all = a.env.json(&["aispm", "health", "--all-tenants"]);
    assert_eq!(all["tenants"].as_array().unwrap().len(), 2);
    let one = a.env.json(&["aispm", "health", "--tenant", "globex"]);
    assert_eq!(one["tenants"].as_array().unwrap().len(), 1);
    assert_eq!(one["tenants"][0]["accepted"], 0);
    let tenants = a.env.json(&["aispm", "tenants"]);
    assert_eq!(tenants["total"], 2);
    assert_eq!(tenants["items"][0]["events"], 1);
    assert_eq!(tenants["items"][1]["events"], 0);
}

#[test]
fn a_missing_dedupe_index_is_rebuilt_from_the_ledger() {
    let a = Aispm::new();
    let line = a.signed("acme.key", &envelope("i-1"));
    a.ingest(std::slice::from_ref(&line));
    std::fs::remove_file(a.env.path(".cavra/aispm/tenants/acme/dedupe.idx")).unwrap();
    let run = a.env.run(&[
        "aispm",
        "ingest",
        a.keys.path().join("input.ndjson").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("rebuilt from the event ledger"), "{}", run.stderr);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(counts(&out), (0, 1, 0));
}

#[test]
fn replay_verify_finds_a_tampered_projection_and_rebuild_repairs_it() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("p-1"))]);
    let path = ".cavra/aispm/tenants/acme/posture.json";
    let mut posture: Value = serde_json::from_str(&a.env.read(path)).unwrap();
    posture["events"] = json!(7);
    a.env.write(path, &serde_json::to_string_pretty(&posture).unwrap());
    let run = a.env.fails(
        &["aispm", "replay", "--tenant", "acme", "--verify", "--format", "json"],
        1,
    );
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["verify"]["differences"], json!(["events"]));
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
}

#[test]
fn validate_and_ops_stores_see_every_tenant_store() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("v-1")), b"junk".to_vec()]);
    let stores = a.env.json(&["ops", "stores"]);
    let names: Vec<&str> = stores["stores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for n in [
        "aispm-tenants",
        "aispm-quarantine-unattributed",
        "aispm-events/acme",
        "aispm-quarantine/acme",
        "aispm-runs/acme",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    a.env.ok(&["validate"]);
    // An edited event line breaks its chain, and validate says so.
    let path = &a.env.ledger_files(".cavra/aispm/tenants/acme/events.jsonl")[0];
    let (was, edited) = ("\"collector_id\":\"codex-ci\"", "\"collector_id\":\"codex-cj\"");
    assert!(a.env.read(path).contains(was));
    a.env.write(path, &a.env.read(path).replace(was, edited));
    a.env.fails(&["validate"], 1);
    a.env.write(path, &a.env.read(path).replace(edited, was));
}

#[test]
fn the_hook_refuses_a_forged_line_staged_in_a_tenant_ledger() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("h-1"))]);
    a.env.git(&["add", "-A"]);
    a.env.git(&["commit", "-qm", "ingested"]);
    // A line appended by hand after the committed ones: HEAD is still a
    // prefix, but the line is not a hash-valid entry.
    let path = a.env.ledger_files(".cavra/aispm/tenants/acme/events.jsonl")[0].clone();
    let text = a.env.read(&path);
    let mut forged: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    forged["seq"] = json!(forged["seq"].as_u64().unwrap() + 1);
    forged["record"]["key_id"] = json!("forged-1");
    a.env.write(&path, &format!("{text}{forged}\n"));
    a.env.git(&["add", "-A"]);
    let run = a.env.fails(&["validate", "--staged"], 1);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains(&format!("{path}:2: field hash")), "{said}");
    a.env.write(&path, &text);
}

#[test]
fn retention_plan_honours_the_legal_hold() {
    let mut a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("old-1"))]);
    a.env.set("CAVRA_NOW", "2027-06-01T00:00:00Z");
    let plan = a.env.json(&["aispm", "retention-plan", "--tenant", "acme"]);
    assert_eq!((plan["events"].as_u64(), plan["prunable"].as_u64()), (Some(1), Some(1)));
    a.env.ok(&["aispm", "tenant", "update", "acme", "--legal-hold", "true"]);
    let plan = a.env.json(&["aispm", "retention-plan", "--tenant", "acme"]);
    assert_eq!((plan["prunable"].as_u64(), plan["held"].as_u64()), (Some(0), Some(1)));
    // The removal is the ledger's prune, refused under the tenant's hold.
    let prune = ["ledger", "prune", "aispm-events/acme", "--before", "2027-01-01"];
    let run = a.env.fails(&prune, 3);
    assert!(run.stderr.contains("tenant acme's"), "{}", run.stderr);
    a.env
        .ok(&["aispm", "tenant", "update", "acme", "--legal-hold", "false"]);
    let dry = a.env.json(&[
        "ledger",
        "prune",
        "aispm-events/acme",
        "--before",
        // The latest the tenant's 365 days allow (a later one is refused).
        "2026-06-01",
        "--dry-run",
    ]);
    assert_eq!(dry["ledger"], "aispm-events/acme");
    // One event: its segment is the active one, which a prune never removes.
    assert_eq!(dry["segments"], json!([]));
}

#[test]
fn a_line_signed_by_cavra_verifies_with_securesystemslib() {
    let a = Aispm::new();
    let line = a.signed("acme.key", &envelope("interop-1"));
    let public = std::fs::read_to_string(a.key("acme.key.pub")).unwrap();
    let public_hex: String = dsse::b64_decode(public.trim())
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let Some(python) = python_with_securesystemslib() else {
        eprintln!("SKIPPED: python3 with securesystemslib could not be found or installed with pip");
        return;
    };
    let script = r#"
import json, sys
from securesystemslib.dsse import Envelope
from securesystemslib.signer import SSlibKey
line, keyid, public = sys.argv[1], sys.argv[2], sys.argv[3]
env = Envelope.from_dict(json.loads(line))
key = SSlibKey(keyid, "ed25519", "ed25519", {"public": public})
ok = env.verify([key], 1)
assert keyid in ok, ok
env.payload = env.payload + b" "
try:
    env.verify([key], 1)
    sys.exit("a changed payload verified")
except Exception:
    pass
print("verified")
"#;
    let keyid = serde_json::from_slice::<Value>(&line).unwrap()["signatures"][0]["keyid"]
        .as_str()
        .unwrap()
        .to_string();
    let out = std::process::Command::new(&python)
        .args(["-c", script, std::str::from_utf8(&line).unwrap(), &keyid, &public_hex])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "verified");
}

/// A python with securesystemslib (and cryptography): the system one, else a
/// virtual environment under target/ where pip installs it.
fn python_with_securesystemslib() -> Option<PathBuf> {
    let has = |p: &Path| {
        std::process::Command::new(p)
            .args([
                "-c",
                "import securesystemslib.dsse, securesystemslib.signer, cryptography",
            ])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let system = PathBuf::from("python3");
    if has(&system) {
        return Some(system);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/interop-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        let made = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status();
        if !made.is_ok_and(|s| s.success()) {
            return None;
        }
    }
    if !has(&python) {
        let _ = std::process::Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "securesystemslib[crypto]"])
            .status();
    }
    has(&python).then_some(python)
}

#[test]
fn two_branches_ingesting_overlapping_streams_merge_to_the_union() {
    let a = Aispm::new();
    a.env.ok(&["git", "install"]);
    a.env.git(&["add", "-A"]);
    a.env.git(&["commit", "-qm", "tenants"]);
    let lines: Vec<Vec<u8>> = (0..6)
        .map(|i| a.signed("acme.key", &envelope(&format!("m-{i}"))))
        .collect();
    a.env.git(&["checkout", "-qb", "side"]);
    a.ingest(&lines[0..4]);
    a.env.git(&["add", "-A"]);
    a.env.git(&["commit", "-qm", "side"]);
    a.env.git(&["checkout", "-q", "-"]);
    a.ingest(&lines[2..6]);
    a.env.git(&["add", "-A"]);
    a.env.git(&["commit", "-qm", "main"]);
    // The kept projection is stale: the merge-commit hook refuses it, and
    // the driver said how to bring it up to date.
    let merged = a.env.git(&["merge", "--no-edit", "side"]);
    let said = format!("{}\n{}", merged.stdout, merged.stderr);
    assert_ne!(merged.code, 0, "{said}");
    assert!(said.contains("cavra aispm replay --tenant acme --rebuild"), "{said}");
    // The merged ledger holds entries the local index and the kept posture
    // never saw: both are rebuilt before anything is counted or deduplicated.
    let p = a.env.json(&["aispm", "posture", "--tenant", "acme"]);
    assert_eq!(p["events"], 6, "{p}");
    let again = a.ingest(&lines[0..1]);
    assert_eq!(
        counts(&again),
        (0, 1, 0),
        "an event only the other branch ingested is a duplicate"
    );
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-q", "--no-edit"]);
    let replay = a.env.json(&["aispm", "replay", "--tenant", "acme", "--verify"]);
    assert_eq!(replay["events"].as_array().unwrap().len(), 6);
    // Health counts the events the merged ledger holds, each once; the
    // runs accepted eight lines between them.
    let health = a.env.json(&["aispm", "health", "--tenant", "acme"]);
    assert_eq!(health["tenants"][0]["events"], 6, "{health}");
    assert_eq!(health["tenants"][0]["accepted"], 8, "{health}");
    // One ingest of the union gives the same posture.
    let b = Aispm::new();
    b.env
        .write(".cavra/aispm/tenants.json", &a.env.read(".cavra/aispm/tenants.json"));
    b.ingest(&lines);
    let pa = a.env.json(&["aispm", "posture", "--tenant", "acme"]);
    let pb = b.env.json(&["aispm", "posture", "--tenant", "acme"]);
    assert_eq!(pa["counts"], pb["counts"]);
    assert_eq!(pa["inventory"], pb["inventory"]);
}

#[test]
fn a_ledger_holding_an_event_twice_counts_and_replays_it_once() {
    // What merging two branches that ingested the same event leaves behind.
    let a = Aispm::new();
    a.ingest(&[
        a.signed("acme.key", &envelope("twice-1")),
        a.signed("acme.key", &envelope("twice-2")),
    ]);
    // The first event appended again, as a merge of two branches that both
    // ingested it leaves it.
    let path = ".cavra/aispm/tenants/acme/events.jsonl";
    let first = records(&a.env.ledger_text(path))[0].clone();
    let loc = cavra::store::registry::tenant_location(&cavra::store::registry::AISPM_EVENTS, a.env.root(), "acme");
    cavra::store::ledger::append(&loc, &[first]).unwrap();
    // Read before any rebuild: counted once (the stale projection is not served).
    let posture = a.env.json(&["aispm", "posture", "--tenant", "acme"]);
    assert_eq!(posture["events"], 2);
    // The committed projection is stale until rebuilt, and verify says so.
    let stale = a
        .env
        .run(&["aispm", "replay", "--tenant", "acme", "--verify", "--format", "json"]);
    assert_ne!(stale.code, 0);
    assert!(stale.stderr.contains("ledger_entries"), "{}", stale.stderr);
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
    let replay = a.env.json(&["aispm", "replay", "--tenant", "acme", "--verify"]);
    assert_eq!(replay["events"].as_array().unwrap().len(), 2);
    assert_eq!(replay["verify"]["posture_matches"], true);
    let posture = a.env.json(&["aispm", "posture", "--tenant", "acme"]);
    assert_eq!(posture["events"], 2);
    let out = a.ingest(&[a.signed("acme.key", &envelope("twice-1"))]);
    assert_eq!(counts(&out), (0, 1, 0));
}

#[test]
fn the_shipped_signed_sample_ingests_with_the_shipped_public_key() {
    let env = Env::new();
    let root = env!("CARGO_MANIFEST_DIR");
    env.ok(&["aispm", "tenant", "add", "acme", "--tenant-ref", "tenant:acme-prod"]);
    env.ok(&[
        "aispm",
        "collector",
        "add",
        "acme",
        "codex-ci",
        "--ed25519-public-key-file",
        &format!("{root}/examples/aispm/sample-collector.pub"),
    ]);
    let out = env.json(&[
        "aispm",
        "ingest",
        &format!("{root}/examples/aispm/signed-sample.ndjson"),
    ]);
    assert_eq!(counts(&out), (6, 0, 0));
    let stream = env.run_stdin(
        &["aispm", "ingest", "-", "--format", "json"],
        include_str!("../../examples/aispm/signed-sample.ndjson"),
    );
    assert_eq!(stream.code, 0, "{}", stream.stderr);
    let again: Value = serde_json::from_str(&stream.stdout).unwrap();
    assert_eq!(counts(&again), (0, 6, 0));
}

/// The commands of the README block after the `<!-- aispm-tour:` marker
/// (a trailing `\` continues a line).
fn readme_aispm_block() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut lines = readme.lines().skip_while(|l| !l.starts_with("<!-- aispm-tour:"));
    assert!(lines.next().is_some(), "the README marks its AISPM block");
    assert_eq!(lines.next(), Some("```sh"));
    let mut commands: Vec<String> = Vec::new();
    let mut continued = false;
    for line in lines.take_while(|l| *l != "```") {
        let text = line.trim_end().trim_end_matches('\\').to_string();
        match commands.last_mut() {
            Some(last) if continued => last.push_str(&format!(" {}", text.trim())),
            _ => commands.push(text),
        }
        continued = line.trim_end().ends_with('\\');
    }
    commands
}

/// Runs `script` with bash in `env`'s repository, the binary first on
/// PATH as `cavra` and HOME at `home`; its exit code, stdout and stderr.
fn bash(env: &Env, home: &Path, script: &str) -> (i32, String, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_cavra")).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let out = std::process::Command::new("bash")
        .args(["-c", script])
        .current_dir(env.root())
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("CAVRA_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_readme_aispm_block_runs_as_written() {
    let env = Env::new();
    let home = tempfile::tempdir().unwrap();
    env.write(
        "envelopes.ndjson",
        include_str!("../../examples/aispm/envelopes.ndjson"),
    );
    let commands = readme_aispm_block();
    assert_eq!(commands.len(), 8, "{commands:?}");
    for command in &commands {
        let (code, stdout, stderr) = bash(&env, home.path(), command);
        assert_eq!(code, 0, "README step failed:\n$ {command}\n{stdout}\n{stderr}");
    }
    let posture = env.json(&["aispm", "posture", "--tenant", "acme"]);
    assert_eq!(posture["events"], 6, "{posture}");
    assert_eq!(posture["open_blocks"], json!([]), "{posture}");
}

/// The envelopes of the first CAVRA's contract a collector allowed only
/// codex tool calls sends: the public example and two more of its kind.
fn original_contract_envelopes() -> String {
    let mut out = String::new();
    for (i, id) in ["evt-0001", "evt-0002", "evt-0003"].iter().enumerate() {
        let mut e = envelope(id);
        e["transport"]["idempotency_key"] = json!(format!("codex-payments:{id}"));
        e["transport"]["retry_count"] = json!(i);
        out.push_str(&serde_json::to_string(&e).unwrap());
        out.push('\n');
    }
    out
}

#[test]
fn the_original_contract_is_ingested_and_its_tenant_cannot_be_deleted_by_git_rm() {
    let env = Env::new();
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("KEY");
    let k = key.to_str().unwrap();
    env.ok(&["git", "install"]);
    env.ok(&["aispm", "keygen", "--out", k]);
    env.ok(&[
        "aispm",
        "tenant",
        "add",
        "acme",
        "--tenant-ref",
        "tenant:opaque-public-contract-sample",
    ]);
    env.ok(&[
        "aispm",
        "collector",
        "add",
        "acme",
        "codex-ci",
        "--ed25519-public-key-file",
        &format!("{k}.pub"),
        "--allow-connector-type",
        "codex",
        "--allow-event-type",
        "tool_call",
    ]);
    let signed = env.run_stdin(&["aispm", "sign", "--key", k], &original_contract_envelopes());
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    env.write("signed.ndjson", &signed.stdout);
    let out = env.json(&["aispm", "ingest", "signed.ndjson"]);
    assert_eq!(counts(&out), (3, 0, 0), "{out}");
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-qm", "acme events"]);
    env.git_ok(&["rm", "-r", "-q", ".cavra/aispm/tenants/acme"]);
    let refused = env.git(&["commit", "-m", "drop acme"]);
    assert_eq!(refused.code, 1, "{}\n{}", refused.stdout, refused.stderr);
    assert!(
        said(&refused).contains(".cavra/aispm/tenants/acme/events.jsonl: entry 1 committed"),
        "{}",
        said(&refused)
    );
}

/// A repository whose HEAD holds tenant acme with three events, the hook
/// installed; the key directory.
fn committed_acme() -> (Aispm, Vec<Vec<u8>>) {
    let a = Aispm::new();
    a.env.ok(&["git", "install"]);
    let lines: Vec<Vec<u8>> = (0..3)
        .map(|i| a.signed("acme.key", &envelope(&format!("k-{i}"))))
        .collect();
    assert_eq!(counts(&a.ingest(&lines)), (3, 0, 0));
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-qm", "acme events"]);
    (a, lines)
}

#[test]
fn deleting_a_tenant_directory_is_refused_whatever_is_left_on_disk() {
    let (a, _) = committed_acme();
    // git rm, then nothing left of the directory (not even the git-ignored index).
    a.env.git_ok(&["rm", "-r", "-q", ".cavra/aispm/tenants/acme"]);
    std::fs::remove_dir_all(a.env.path(".cavra/aispm/tenants/acme")).ok();
    let refused = a.env.git(&["commit", "-m", "drop acme"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        said(&refused).contains("tenants/acme/events.jsonl"),
        "{}",
        said(&refused)
    );
    a.env.fails(&["validate"], 1);
    // Forced past the hook: the base still says what must be there.
    a.env.git_ok(&["commit", "-qm", "drop acme", "--no-verify"]);
    let base = a.env.run(&["validate", "--base", "HEAD~1"]);
    assert_eq!(base.code, 1, "{}", base.stderr);
    assert!(said(&base).contains("tenants/acme/events.jsonl"), "{}", said(&base));
    // The history says it too (what a fresh clone can run).
    let verify = a.env.run(&["ledger", "verify"]);
    assert_ne!(verify.code, 0, "{}", verify.stdout);
    // Undo, so the fixture's own check runs (the index was deleted too).
    a.env.git_ok(&["reset", "-q", "--hard", "HEAD~1"]);
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
}

/// A tenant registry written by cavra in another repository: tenant
/// globex, and acme only when `acme_removed` (then recorded as removed).
fn foreign_registry(acme_removed: bool) -> String {
    let other = Env::new();
    other.ok(&["aispm", "tenant", "add", "globex"]);
    if acme_removed {
        other.ok(&["aispm", "tenant", "add", "acme"]);
        other.ok(&["aispm", "tenant", "remove", "acme"]);
    }
    other.read(".cavra/aispm/tenants.json")
}

#[test]
fn dropping_a_tenant_from_the_registry_by_hand_is_refused() {
    let (a, _) = committed_acme();
    a.env.git_ok(&["rm", "-r", "-q", ".cavra/aispm/tenants/acme"]);
    std::fs::remove_dir_all(a.env.path(".cavra/aispm/tenants/acme")).ok();
    // A valid registry without acme (its checksum right), as a hand edit
    // or a script would leave it.
    a.env.write(".cavra/aispm/tenants.json", &foreign_registry(false));
    a.env.fails(&["validate"], 1);
    let refused = a.env.git(&["commit", "-qam", "drop acme"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        said(&refused).contains("tenants/acme/events.jsonl"),
        "{}",
        said(&refused)
    );
    a.env.git_ok(&["reset", "-q", "--hard", "HEAD"]);
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
}

#[test]
fn a_removal_over_a_legal_hold_is_refused() {
    let a = Aispm::new();
    a.env.ok(&["git", "install"]);
    assert_eq!(counts(&a.ingest(&[a.signed("acme.key", &envelope("h-1"))])), (1, 0, 0));
    a.env.ok(&["aispm", "tenant", "update", "acme", "--legal-hold", "true"]);
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-qm", "acme under hold"]);
    let refused = a.env.fails(&["aispm", "tenant", "remove", "acme"], 3);
    assert!(said(&refused).contains("legal hold"), "{}", said(&refused));
    assert!(a.env.path(".cavra/aispm/tenants/acme/posture.json").exists());
    // The registry says removed, by hand: the committed hold refuses it.
    a.env.git_ok(&["rm", "-r", "-q", ".cavra/aispm/tenants/acme"]);
    a.env.write(".cavra/aispm/tenants.json", &foreign_registry(true));
    let refused = a.env.git(&["commit", "-qam", "drop acme"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(said(&refused).contains("under legal hold"), "{}", said(&refused));
    a.env.git_ok(&["reset", "-q", "--hard", "HEAD"]);
}

#[test]
fn tenant_remove_is_the_way_a_tenant_goes_and_is_recorded() {
    let (a, _) = committed_acme();
    a.env.write(".cavra/legal-hold", "litigation 2026-17\n");
    a.env.fails(&["aispm", "tenant", "remove", "acme"], 3);
    std::fs::remove_file(a.env.path(".cavra/legal-hold")).unwrap();
    let out = a.env.json(&["aispm", "tenant", "remove", "acme"]);
    assert_eq!(out["removed_at"], common::NOW, "{out}");
    assert!(!a.env.path(".cavra/aispm/tenants/acme").exists());
    a.env.fails(&["aispm", "posture", "--tenant", "acme"], 3);
    a.env.ok(&["validate"]);
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-qm", "remove acme"]);
    a.env.ok(&["validate", "--base", "HEAD~1"]);
    let list = a.env.json(&["aispm", "tenant", "list"]);
    assert!(!list.to_string().contains("\"acme\""), "{list}");
}

#[test]
fn deleting_a_tenants_events_under_the_aispm_dir_is_found() {
    let bulk = tempfile::tempdir().unwrap();
    let mut a = Aispm::new();
    a.env.set("CAVRA_AISPM_DIR", bulk.path().to_str().unwrap());
    a.env.ok(&["git", "install"]);
    assert_eq!(counts(&a.ingest(&[a.signed("acme.key", &envelope("b-1"))])), (1, 0, 0));
    a.env.git_ok(&["add", "-A"]);
    // (git's hook would not see CAVRA_AISPM_DIR, which only cavra's runs here get.)
    a.env.git_ok(&["commit", "-qm", "acme", "--no-verify"]);
    a.env.ok(&["validate"]);
    std::fs::remove_dir_all(bulk.path().join("acme")).unwrap();
    let found = a.env.run(&["validate"]);
    assert_eq!(found.code, 1, "{}", found.stderr);
    assert!(said(&found).contains("evidence was removed"), "{}", said(&found));
    // Put it back for the fixture's own check.
    a.ingest(&[a.signed("acme.key", &envelope("b-1"))]);
}

/// What a run printed, stdout then stderr.
fn said(run: &common::Run) -> String {
    format!("{}{}", run.stdout, run.stderr)
}

#[test]
fn a_junk_line_is_one_reject_that_quotes_nothing_and_the_run_goes_on() {
    let a = Aispm::new();
    let token = "ghp_abcdefghijklmnopqrstuvwxyz0123";
    let prompt = "please summarise the private board minutes";
    let lines = vec![
        a.signed("acme.key", &envelope("j-1")),
        format!(
            r#"{{"payloadType":"{}","payload":"","signatures":[],"{token}":1}}"#,
            dsse::PAYLOAD_TYPE
        )
        .into_bytes(),
        format!(
            r#"{{"payloadType":"{}","payload":"","signatures":[],"{prompt}":"{token}"}}"#,
            dsse::PAYLOAD_TYPE
        )
        .into_bytes(),
        format!(r#"{{"payloadType":{{"{token}":1}},"payload":"","signatures":[]}}"#).into_bytes(),
        a.signed("acme.key", &envelope("j-2")),
    ];
    let out = a.ingest(&lines);
    assert_eq!(counts(&out), (2, 0, 3), "{out}");
    assert_eq!(out["rejected_by_reason"], json!({"not_dsse": 3}));
    let q = a.quarantine(None);
    assert_eq!(q.len(), 3);
    let text = serde_json::to_string(&q).unwrap();
    assert!(!text.contains(token) && !text.contains(prompt), "{text}");
    assert_eq!(
        q.iter().map(|r| r["line"].as_u64().unwrap()).collect::<Vec<_>>(),
        [2, 3, 4]
    );
}

#[test]
fn a_quarantine_record_that_cannot_be_stored_does_not_stop_the_run() {
    let a = Aispm::new();
    // Authenticated, not allowed, and clean enough to keep its envelope;
    // then the unattributed quarantine is made unwritable.
    std::fs::create_dir_all(a.env.path(".cavra/aispm/quarantine.jsonl")).unwrap();
    let lines = vec![
        a.signed("acme.key", &envelope("w-1")),
        b"not json at all".to_vec(),
        a.signed("acme.key", &envelope("w-2")),
    ];
    let out = a.ingest(&lines);
    assert_eq!(counts(&out), (2, 0, 1), "{out}");
    let health = a.env.json(&["aispm", "health", "--all-tenants"]);
    assert_eq!(health["tenants"][0]["accepted"], 2, "{health}");
    std::fs::remove_dir(a.env.path(".cavra/aispm/quarantine.jsonl")).unwrap();
}

#[test]
fn an_hmac_secret_variable_belongs_to_one_collector_of_one_tenant() {
    let a = Aispm::new();
    a.env.ok(&[
        "aispm",
        "collector",
        "add",
        "globex",
        "hmac-ci",
        "--hmac-secret-env",
        "SHARED_HMAC",
    ]);
    let refused = a.env.fails(
        &[
            "aispm",
            "collector",
            "add",
            "acme",
            "hmac-ci",
            "--hmac-secret-env",
            "SHARED_HMAC",
        ],
        2,
    );
    assert!(said(&refused).contains("SHARED_HMAC"), "{}", said(&refused));
    a.env.fails(
        &[
            "aispm",
            "collector",
            "add",
            "globex",
            "hmac-two",
            "--hmac-secret-env",
            "SHARED_HMAC",
        ],
        2,
    );
}

#[test]
fn lags_of_years_and_extreme_timestamps_are_handled() {
    let a = Aispm::new();
    let mut old = envelope("lag-1");
    old["event"]["occurred_at"] = json!("2024-03-01T12:00:00Z");
    let mut far = envelope("lag-2");
    far["event"]["occurred_at"] = json!("9999-12-31T23:59:59-01:00");
    let mut first = envelope("lag-3");
    first["event"]["occurred_at"] = json!("0000-01-01T00:00:00+23:59");
    let lines: Vec<Vec<u8>> = [old, far, first].iter().map(|e| a.signed("acme.key", e)).collect();
    let out = a.ingest(&lines);
    assert_eq!(counts(&out), (3, 0, 0), "{out}");
    let health = a.env.json(&["aispm", "health", "--tenant", "acme"]);
    let hist = &health["tenants"][0]["lag_histogram"];
    assert_eq!(hist["315360000"], 1, "{health}");
    assert_eq!(health["tenants"][0]["lag_seconds"]["p99"], 315_360_000u64, "{health}");
    a.env.ok(&["aispm", "posture", "--tenant", "acme"]);
}

/// Runs `cavra args` in `env`, killed after 30 seconds; its exit code.
fn run_within_30s(env: &Env, args: &[&str]) -> i32 {
    let mut child = env
        .command()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..300 {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("cavra {args:?} still ran after 30 s");
}

#[test]
fn ingest_reads_only_regular_files_within_the_input_limit() {
    let mut a = Aispm::new();
    let fifo = a.keys.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    assert_eq!(run_within_30s(&a.env, &["aispm", "ingest", fifo.to_str().unwrap()]), 5);
    assert_eq!(run_within_30s(&a.env, &["aispm", "ingest", "/dev/zero"]), 5);
    let line = a.signed("acme.key", &envelope("big-1"));
    let file = a.keys.path().join("one.ndjson");
    std::fs::write(&file, [line.as_slice(), b"\n"].concat()).unwrap();
    a.env.set("CAVRA_MAX_INPUT_BYTES", "100");
    let refused = a.env.fails(&["aispm", "ingest", file.to_str().unwrap()], 5);
    assert!(said(&refused).contains("CAVRA_MAX_INPUT_BYTES"), "{}", said(&refused));
    let stream = a
        .env
        .run_stdin(&["aispm", "ingest", "-"], &String::from_utf8(line).unwrap());
    assert_eq!(stream.code, 5, "{}", stream.stderr);
    // Signing reads its --input the same way.
    let key = a.key("acme.key");
    let sign = |env: &Env, input: &str| {
        run_within_30s(
            env,
            &["aispm", "sign", "--key", key.to_str().unwrap(), "--input", input],
        )
    };
    assert_eq!(sign(&a.env, file.to_str().unwrap()), 5);
    a.env.vars.retain(|(k, _)| k != "CAVRA_MAX_INPUT_BYTES");
    assert_eq!(sign(&a.env, fifo.to_str().unwrap()), 5);
    assert_eq!(sign(&a.env, "/dev/zero"), 5);
}

/// Appends `record` to tenant `tenant`'s event ledger as a hash-valid
/// entry after its last one (what anyone who can commit can do).
fn append_by_hand(a: &Aispm, tenant: &str, record: &Value) {
    let path = last_segment(a, tenant);
    let text = a.env.read(&path);
    let last: Value = serde_json::from_str(text.lines().rfind(|l| l.contains("\"record\"")).unwrap()).unwrap();
    let seq = last["seq"].as_u64().unwrap() + 1;
    let prev = last["hash"].as_str().unwrap();
    let hash = cavra::store::ledger::entry_hash(seq, prev, record);
    let line = cavra::store::ledger::entry_line(seq, prev, &hash, record);
    a.env.write(&path, &format!("{text}{line}"));
    // And the checkpoint brought up to it, as `ops repair` does for anyone.
    a.env.run(&["ops", "repair"]);
}

/// Takes back what [`append_by_hand`] added: the lines of tenant
/// `tenant`'s last event segment holding `needle` go, and its projection
/// is rebuilt from what is left.
fn remove_by_hand(a: &Aispm, tenant: &str, needle: &str) {
    let path = last_segment(a, tenant);
    let text = a.env.read(&path);
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains(needle)).collect();
    a.env.write(&path, &(kept.join("\n") + "\n"));
    a.env.ok(&["aispm", "replay", "--tenant", tenant, "--rebuild"]);
}

/// The last segment of tenant `tenant`'s event ledger (its active one).
fn last_segment(a: &Aispm, tenant: &str) -> String {
    let rel = format!(".cavra/aispm/tenants/{tenant}/events.jsonl");
    a.env.ledger_files(&rel).pop().unwrap()
}

/// The last record of tenant `tenant`'s event ledger.
fn last_event(a: &Aispm, tenant: &str) -> Value {
    records(
        &a.env
            .ledger_text(&format!(".cavra/aispm/tenants/{tenant}/events.jsonl")),
    )
    .pop()
    .unwrap()
}

/// The envelope an event entry's `record` holds (its payload, decoded).
fn payload_of(record: &Value) -> Value {
    serde_json::from_slice(&dsse::b64_decode(record["dsse"]["payload"].as_str().unwrap()).unwrap()).unwrap()
}

/// `record` holding `envelope` as its payload, signatures unchanged.
fn with_payload(record: &Value, envelope: &Value) -> Value {
    let mut r = record.clone();
    r["dsse"]["payload"] = json!(dsse::b64_encode(&serde_json::to_vec(envelope).unwrap()));
    r
}

#[test]
fn an_entry_appended_by_hand_without_a_valid_signature_is_found() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("p-1"))]);
    a.env.ok(&["validate"]);
    let last = last_event(&a, "acme");
    // An allowing approval that names the critical block, with acme's key
    // id and a made-up signature: no signed bytes behind it.
    let mut approval = payload_of(&last);
    approval["event"]["event_id"] = json!("p-forged");
    approval["event"]["event_type"] = json!("approval_event");
    approval["event"]["decision"] = json!("allow");
    approval["event"]["evidence_refs"] = json!(["p-1"]);
    let mut forged = with_payload(&last, &approval);
    forged["dsse"]["signatures"][0]["sig"] = json!(dsse::b64_encode(&[7u8; 64]));
    forged["dedupe_key"] = json!("f".repeat(32));
    append_by_hand(&a, "acme", &forged);
    let run = a.env.fails(&["validate"], 1);
    assert!(said(&run).contains("carries no valid proof"), "{}", said(&run));
    a.env.git_ok(&["add", "-A"]);
    let hook = a.env.fails(&["validate", "--staged"], 1);
    assert!(said(&hook).contains("carries no valid proof"), "{}", said(&hook));
    // Committed past the hook: `ledger verify` re-verifies what HEAD holds.
    a.env.git_ok(&["commit", "-q", "--no-verify", "-m", "forged"]);
    let run = a.env.fails(&["ledger", "verify", "--format", "text"], 1);
    assert!(said(&run).contains("entry 2 carries no valid proof"), "{}", said(&run));
    remove_by_hand(&a, "acme", &"f".repeat(32));
}

#[test]
fn an_entry_whose_payload_was_swapped_under_its_signature_is_found() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("sw-1"))]);
    let last = last_event(&a, "acme");
    // The entry's own signature, key and collector over other bytes (the
    // payload re-encoded with another severity), in a hash-valid entry.
    let mut other = payload_of(&last);
    other["event"]["severity"] = json!("none");
    let mut swapped = with_payload(&last, &other);
    swapped["dedupe_key"] = json!("d".repeat(32));
    append_by_hand(&a, "acme", &swapped);
    // The same bytes, one space added: not what was signed either.
    let mut spaced = last.clone();
    let text = String::from_utf8(dsse::b64_decode(last["dsse"]["payload"].as_str().unwrap()).unwrap()).unwrap();
    spaced["dsse"]["payload"] = json!(dsse::b64_encode(format!("{text} ").as_bytes()));
    spaced["dedupe_key"] = json!("c".repeat(32));
    append_by_hand(&a, "acme", &spaced);
    let validate = a.env.fails(&["validate"], 1);
    // Committed past the hook: `ledger verify` re-verifies what HEAD holds.
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-q", "--no-verify", "-m", "swapped"]);
    let verify = a.env.fails(&["ledger", "verify", "--format", "text"], 1);
    for run in [validate, verify] {
        let out = said(&run);
        for seq in [2, 3] {
            assert!(
                out.contains(&format!(
                    "entry {seq} carries no valid proof: the signature does not verify with its key"
                )),
                "{out}"
            );
        }
        assert!(!out.contains("entry 1 "), "{out}");
    }
    remove_by_hand(&a, "acme", &"c".repeat(32));
    remove_by_hand(&a, "acme", &"d".repeat(32));
}

#[test]
fn a_signed_entry_whose_payload_repeats_a_key_is_found() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("dk-1"))]);
    a.env.ok(&["validate"]);
    let last = last_event(&a, "acme");
    // acme's key signs bytes that say two things: a parser keeping the
    // first `event` reads an approval closing dk-1, one keeping the last
    // reads the original event. The signature is genuine.
    let text = serde_json::to_string(&payload_of(&last)).unwrap();
    let approval = json!({"event_id": "dk-forged", "event_type": "approval_event", "decision": "allow", "evidence_refs": ["dk-1"]});
    let twice = format!("{{\"event\":{approval},{}", &text[1..]);
    let k = a.signing_key("acme.key");
    let id = dsse::ed25519_key_id(&k.verifying_key());
    let line: Value = serde_json::from_str(&dsse::sign_line(twice.as_bytes(), &id, &SignWith::Ed25519(&k))).unwrap();
    let mut forged = last.clone();
    forged["dsse"] = line;
    forged["dedupe_key"] = json!("e".repeat(32));
    append_by_hand(&a, "acme", &forged);
    let run = a.env.fails(&["validate"], 1);
    assert!(
        said(&run).contains("entry 2 carries no valid proof: dsse.payload is not strict JSON"),
        "{}",
        said(&run)
    );
    remove_by_hand(&a, "acme", &"e".repeat(32));
}

#[test]
fn an_entry_of_another_tenant_relabelled_into_a_ledger_is_found() {
    let a = Aispm::new();
    let mut e = envelope("g-1");
    e["tenant"]["tenant_ref"] = json!("globex");
    assert_eq!(counts(&a.ingest(&[a.signed("globex.key", &e)])), (1, 0, 0));
    a.ingest(&[a.signed("acme.key", &envelope("a-1"))]);
    let globex = last_event(&a, "globex");
    // The same bytes under acme's own key id and collector: the tenant_ref
    // is not acme's (and the signature is globex's).
    let mut relabelled = globex.clone();
    let acme_key = last_event(&a, "acme")["key_id"].clone();
    relabelled["key_id"] = acme_key.clone();
    relabelled["collector_id"] = json!("codex-ci");
    relabelled["dsse"]["signatures"][0]["keyid"] = acme_key;
    append_by_hand(&a, "acme", &relabelled);
    // As it was, under globex's key: not a key of acme.
    append_by_hand(&a, "acme", &globex);
    let run = a.env.fails(&["validate"], 1);
    let out = said(&run);
    assert!(
        out.contains("entry 2 carries no valid proof: tenant.tenant_ref is not a ref of this ledger's tenant"),
        "{out}"
    );
    assert!(out.contains("entry 3 carries no valid proof: key sha256:"), "{out}");
    assert!(out.contains("is not registered for this tenant"), "{out}");
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
}

#[test]
fn a_revoked_key_verifies_only_what_it_signed_before_its_revocation() {
    let mut a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("rv-1"))]);
    // Revoked a day later: what it signed before still verifies.
    a.env.set("CAVRA_NOW", "2026-03-02T12:00:00Z");
    a.env.ok(&["aispm", "collector", "revoke", "acme", "codex-ci"]);
    a.env.ok(&["validate"]);
    // An entry stamped after the revocation does not.
    let mut late = last_event(&a, "acme");
    late["received_at"] = json!("2026-03-03T12:00:00Z");
    late["dedupe_key"] = json!("e".repeat(32));
    append_by_hand(&a, "acme", &late);
    let run = a.env.fails(&["validate"], 1);
    assert!(
        said(&run).contains("was revoked at 2026-03-02T12:00:00Z"),
        "{}",
        said(&run)
    );
    remove_by_hand(&a, "acme", "2026-03-03T12:00:00Z");
}

#[test]
fn a_tenant_ledger_pruned_within_its_retention_still_validates() {
    let mut a = Aispm::new();
    // Enough events for sealed segments (a segment is cut at 1 MiB).
    let lines: Vec<Vec<u8>> = (0..600)
        .map(|i| a.signed("acme.key", &envelope(&format!("pr-{i}"))))
        .collect();
    assert_eq!(counts(&a.ingest(&lines)), (600, 0, 0));
    let segments = a.env.ledger_files(".cavra/aispm/tenants/acme/events.jsonl").len();
    assert!(segments > 1, "{segments} segment(s)");
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-qm", "acme events"]);
    // Past acme's retention (365 days): every sealed segment may go.
    a.env.set("CAVRA_NOW", "2027-06-01T12:00:00Z");
    a.env.ok(&[
        "ledger",
        "prune",
        "aispm-events/acme",
        "--before",
        "2026-06-01T00:00:00Z",
    ]);
    assert_eq!(a.env.ledger_files(".cavra/aispm/tenants/acme/events.jsonl").len(), 1);
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
    // The prune entry the chain now holds is no event to re-verify.
    a.env.ok(&["validate"]);
}

#[test]
fn ops_repair_repairs_a_tenant_ledger_after_a_torn_write() {
    let a = Aispm::new();
    a.ingest(&[a.signed("acme.key", &envelope("t-1"))]);
    let path = last_segment(&a, "acme");
    let text = a.env.read(&path);
    // An append cut short (a full disk): half a line, no newline.
    let torn = &text.lines().last().unwrap()[..40];
    a.env.write(&path, &format!("{text}{torn}"));
    let out = a.env.json(&["ops", "repair"]);
    let repaired = out["repaired"].to_string();
    assert!(repaired.contains("aispm-events/acme"), "{out}");
    assert_eq!(a.env.read(&path), text);
    let next = a.ingest(&[a.signed("acme.key", &envelope("t-2"))]);
    assert_eq!(counts(&next), (1, 0, 0));
}

#[test]
fn a_hand_edited_projection_is_refused_by_validate_and_the_hook() {
    let a = Aispm::new();
    // The public example: a critical block.
    a.ingest(&[a.signed("acme.key", &envelope("pe-1"))]);
    a.env
        .fails(&["aispm", "posture", "--tenant", "acme", "--fail-on", "critical"], 1);
    a.env.ok(&["validate"]);
    let path = ".cavra/aispm/tenants/acme/posture.json";
    let original = a.env.read(path);
    let mut p: Value = serde_json::from_str(&original).unwrap();
    p["open_blocks"] = json!({});
    a.env.write(path, &serde_json::to_string_pretty(&p).unwrap());
    let run = a.env.fails(&["validate"], 1);
    assert!(
        said(&run).contains("is not what its event ledger (1 entries) folds into"),
        "{}",
        said(&run)
    );
    assert!(said(&run).contains("replay --tenant acme --rebuild"), "{}", said(&run));
    a.env.git_ok(&["add", "-A"]);
    let hook = a.env.fails(&["validate", "--staged"], 1);
    assert!(
        said(&hook).contains("posture projection of tenant acme"),
        "{}",
        said(&hook)
    );
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
    a.env.ok(&["validate"]);
}

#[test]
fn the_dedupe_index_follows_branch_checkouts() {
    let a = Aispm::new();
    a.env.ok(&["git", "install"]);
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-qm", "tenants"]);
    let (e1, e2) = (
        a.signed("acme.key", &envelope("x-1")),
        a.signed("acme.key", &envelope("y-1")),
    );
    a.env.git_ok(&["checkout", "-qb", "x"]);
    assert_eq!(counts(&a.ingest(std::slice::from_ref(&e1))), (1, 0, 0));
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-qm", "x"]);
    a.env.git_ok(&["checkout", "-q", "-"]);
    a.env.git_ok(&["checkout", "-qb", "y"]);
    assert_eq!(counts(&a.ingest(std::slice::from_ref(&e2))), (1, 0, 0));
    a.env.git_ok(&["add", "-A"]);
    a.env.git_ok(&["commit", "-qm", "y"]);
    a.env.git_ok(&["checkout", "-q", "x"]);
    // Back on x: its ledger holds E1 only, whatever the index saw on y.
    assert_eq!(counts(&a.ingest(std::slice::from_ref(&e2))), (1, 0, 0));
    assert_eq!(counts(&a.ingest(std::slice::from_ref(&e1))), (0, 1, 0));
    let replay = a.env.json(&["aispm", "replay", "--tenant", "acme"]);
    assert_eq!(replay["events"].as_array().unwrap().len(), 2);
}

#[test]
fn a_line_signed_by_securesystemslib_is_accepted_by_cavra() {
    let a = Aispm::new();
    let Some(python) = python_with_securesystemslib() else {
        eprintln!("SKIPPED: python3 with securesystemslib could not be found or installed with pip");
        return;
    };
    let payload = a.keys.path().join("payload.json");
    std::fs::write(&payload, serde_json::to_vec(&envelope("sslib-1")).unwrap()).unwrap();
    let script = r#"
import base64, hashlib, json, sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.dsse import Envelope
from securesystemslib.signer import CryptoSigner, SSlibKey
payload = open(sys.argv[1], "rb").read()
private = Ed25519PrivateKey.generate()
raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
keyid = "sha256:" + hashlib.sha256(raw).hexdigest()
signer = CryptoSigner(private, SSlibKey(keyid, "ed25519", "ed25519", {"public": raw.hex()}))
env = Envelope(payload, "application/vnd.cavra.aispm.envelope.v1+json", {})
env.sign(signer)
open(sys.argv[2], "w").write(json.dumps(env.to_dict()) + "\n")
open(sys.argv[3], "w").write(base64.b64encode(raw).decode() + "\n")
"#;
    let (line, public) = (a.keys.path().join("sslib.ndjson"), a.keys.path().join("sslib.pub"));
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .args([&payload, &line, &public])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    a.env.ok(&[
        "aispm",
        "collector",
        "add",
        "acme",
        "sslib-ci",
        "--ed25519-public-key-file",
        public.to_str().unwrap(),
    ]);
    let run = a.env.json(&["aispm", "ingest", line.to_str().unwrap()]);
    assert_eq!(counts(&run), (1, 0, 0), "{run}");
    a.env.ok(&["validate"]);
}

fn env_schema_text(name: &str) -> String {
    std::fs::read_to_string(common::schema_path(name)).unwrap()
}

#[test]
fn a_projection_of_another_history_of_the_same_length_is_not_served() {
    let a = Aispm::new();
    committed(&a.env, "tenants");
    // Branch x holds a critical block, branch y an allowed event: one
    // entry each, so their ledgers have the same length.
    a.env.git_ok(&["checkout", "-q", "-b", "x"]);
    a.ingest(&[a.signed("acme.key", &envelope("x-1"))]);
    committed(&a.env, "x");
    a.env.git_ok(&["checkout", "-q", "-b", "y", "HEAD~1"]);
    let mut allowed = envelope("y-1");
    allowed["event"]["decision"] = json!("allow");
    allowed["event"]["severity"] = json!("info");
    a.ingest(&[a.signed("acme.key", &allowed)]);
    committed(&a.env, "y");
    a.env
        .ok(&["aispm", "posture", "--tenant", "acme", "--fail-on", "critical"]);
    // x's ledger under y's projection (a restore or checkout of the ledger
    // alone): the projection says one entry, as the checkpoint does, but
    // of another head; it is not served.
    a.env.git_ok(&["checkout", "x", "--", ".cavra/aispm/tenants/acme"]);
    a.env
        .git_ok(&["checkout", "y", "--", ".cavra/aispm/tenants/acme/posture.json"]);
    let gate = a
        .env
        .run(&["aispm", "posture", "--tenant", "acme", "--fail-on", "critical"]);
    assert_eq!(
        gate.code, 1,
        "y's projection was served for x's ledger: {}",
        gate.stdout
    );
    // validate names it; a rebuild makes it current again.
    let run = a.env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains("posture projection of tenant acme"),
        "{}",
        run.stdout
    );
    a.env.ok(&["aispm", "replay", "--tenant", "acme", "--rebuild"]);
    let run = a.env.run(&["validate"]);
    assert!(!run.stdout.contains("posture projection"), "{}", run.stdout);
}

#[test]
fn a_backup_with_another_tenants_events_relabelled_is_not_restored() {
    let a = Aispm::new();
    let mut e = envelope("g-1");
    e["tenant"]["tenant_ref"] = json!("globex");
    assert_eq!(counts(&a.ingest(&[a.signed("globex.key", &e)])), (1, 0, 0));
    a.ingest(&[a.signed("acme.key", &envelope("a-1"))]);
    committed(&a.env, "events");
    let dir = tempfile::tempdir().unwrap();
    a.env.ok(&["ops", "backup", "--output", dir.path().to_str().unwrap()]);
    // globex's events listed as acme's (sizes and digests stay right).
    let path = dir.path().join("manifest.json");
    let mut m: cavra::ops::backup::Manifest = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m.stores.retain(|s| s.name != "aispm-events/acme");
    for s in m.stores.iter_mut().filter(|s| s.name == "aispm-events/globex") {
        s.name = "aispm-events/acme".into();
        s.source_path = s.source_path.replace("tenants/globex", "tenants/acme");
    }
    m.checksum = m.compute_checksum();
    std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let before = a.env.ledger_text(".cavra/aispm/tenants/acme/events.jsonl");
    let run = a
        .env
        .fails(&["ops", "restore", path.to_str().unwrap(), "--overwrite"], 4);
    assert!(said(&run).contains("carries no valid proof"), "{}", said(&run));
    assert_eq!(a.env.ledger_text(".cavra/aispm/tenants/acme/events.jsonl"), before);
}

#[test]
fn collector_update_widens_allow_lists_and_rotates_keys_keeping_old_proofs() {
    let mut a = Aispm::new();
    let mut approval = envelope("u-approval");
    approval["event"]["event_type"] = json!("approval_event");
    approval["event"]["decision"] = json!("allow");
    // Not on codex-ci's list of event types: refused.
    let out = a.ingest(&[a.signed("acme.key", &approval)]);
    assert_eq!(counts(&out), (0, 0, 1), "{out}");
    // Nothing to change, a list and --allow-any for it, an unknown collector.
    a.env.fails(&["aispm", "collector", "update", "acme", "codex-ci"], 2);
    a.env.fails(
        &[
            "aispm",
            "collector",
            "update",
            "acme",
            "codex-ci",
            "--allow-event-type",
            "x",
            "--allow-any",
            "event-type",
        ],
        2,
    );
    a.env.fails(
        &[
            "aispm",
            "collector",
            "update",
            "acme",
            "ghost",
            "--allow-any",
            "repository",
        ],
        3,
    );
    let widened = a.env.json(&[
        "aispm",
        "collector",
        "update",
        "acme",
        "codex-ci",
        "--allow-event-type",
        "tool_call,policy_decision,approval_event",
        "--allow-any",
        "repository",
    ]);
    let c = &widened["collectors"][0];
    assert_eq!(
        c["allow"]["event_types"],
        json!(["approval_event", "policy_decision", "tool_call"])
    );
    assert_eq!(c["allow"]["repositories"], json!([]));
    assert_eq!(
        c["allow"]["environments"],
        json!(["production"]),
        "a list not given is kept"
    );
    assert_eq!(counts(&a.ingest(&[a.signed("acme.key", &approval)])), (1, 0, 0));

    // Rotation a day later: the old key is revoked and kept, its earlier
    // entries still verify; only the new key is accepted from now on.
    a.keygen("acme-2.key");
    a.env.set("CAVRA_NOW", "2026-03-02T12:00:00Z");
    // A key another collector holds is refused.
    let globex = a.key("globex.key.pub");
    a.env.fails(
        &[
            "aispm",
            "collector",
            "update",
            "acme",
            "codex-ci",
            "--ed25519-public-key-file",
            globex.to_str().unwrap(),
        ],
        2,
    );
    let new = a.key("acme-2.key.pub");
    let rotated = a.env.json(&[
        "aispm",
        "collector",
        "update",
        "acme",
        "codex-ci",
        "--ed25519-public-key-file",
        new.to_str().unwrap(),
    ]);
    let rows = rotated["collectors"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rotated}");
    assert_eq!(
        (&rows[0]["status"], &rows[0]["revoked_at"]),
        (&json!("revoked"), &json!("2026-03-02T12:00:00Z"))
    );
    assert_eq!(rows[1]["status"], "active");
    assert_eq!(rows[1]["allow"], rows[0]["allow"]);
    let old = a.ingest(&[a.signed("acme.key", &envelope("u-old"))]);
    assert_eq!(counts(&old), (0, 0, 1), "{old}");
    assert_eq!(
        counts(&a.ingest(&[a.signed("acme-2.key", &envelope("u-new"))])),
        (1, 0, 0)
    );
    a.env.ok(&["validate"]);
    // Revoked, it is not changed again (its revocation cannot move later).
    a.env.ok(&["aispm", "collector", "revoke", "acme", "codex-ci"]);
    let run = a.env.fails(&["aispm", "collector", "revoke", "acme", "codex-ci"], 3);
    assert!(
        run.stderr.contains("was revoked at 2026-03-02T12:00:00Z"),
        "{}",
        run.stderr
    );
    a.env.fails(
        &[
            "aispm",
            "collector",
            "update",
            "acme",
            "codex-ci",
            "--allow-any",
            "repository",
        ],
        3,
    );
}

#[test]
fn quarantine_list_and_show_name_reason_position_and_digest_never_the_line() {
    let a = Aispm::new();
    // Not on codex-ci's list (an approval), with a token in its summary.
    let token = "ghp_abcdefghijklmnopqrstuvwxyz0123";
    let mut refused = envelope("q-1");
    refused["event"]["event_type"] = json!("approval_event");
    refused["event"]["target_summary"] = json!(format!("pushed with {token}"));
    let bad = a.signed("acme.key", &refused);
    let unsigned = serde_json::to_vec(&envelope("q-2")).unwrap();
    let out = a.ingest(&[a.signed("acme.key", &envelope("q-ok")), bad.clone(), unsigned.clone()]);
    assert_eq!(counts(&out), (1, 0, 2), "{out}");

    let listed = a.env.json(&["aispm", "quarantine", "list", "--tenant", "acme"]);
    let rows = listed["items"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["line_sha256"], sha(&bad));
    assert!(rows[0]["reason"].as_str().unwrap().len() > 3, "{listed}");
    let seq = rows[0]["seq"].as_u64().unwrap().to_string();
    let shown = a.env.json(&["aispm", "quarantine", "show", "--tenant", "acme", &seq]);
    assert_eq!(shown["line_sha256"], sha(&bad));
    assert_eq!(shown["seq"], rows[0]["seq"]);
    let unattributed = a.env.json(&["aispm", "quarantine", "list", "--unattributed"]);
    assert_eq!(
        unattributed["items"][0]["line_sha256"],
        sha(&unsigned),
        "{unattributed}"
    );
    assert_eq!(unattributed["items"][0]["line"], 3);
    for format in ["table", "json", "ndjson"] {
        for args in [
            vec!["aispm", "quarantine", "list", "--tenant", "acme", "--format", format],
            vec![
                "aispm",
                "quarantine",
                "show",
                "--tenant",
                "acme",
                &seq,
                "--format",
                format,
            ],
            vec!["aispm", "quarantine", "list", "--unattributed", "--format", format],
        ] {
            let run = a.env.ok(&args);
            assert!(!said(&run).contains(token), "{args:?}: {}", said(&run));
            assert!(
                !said(&run).contains("pushed with"),
                "{args:?}: the line's text is never shown"
            );
        }
    }
    a.env.fails(&["aispm", "quarantine", "list"], 2);
    a.env.fails(&["aispm", "quarantine", "list", "--tenant", "ghost"], 3);
    a.env
        .fails(&["aispm", "quarantine", "show", "--tenant", "acme", "99"], 4);
}

#[test]
fn a_quarantine_record_written_by_hand_with_a_token_is_shown_scrubbed() {
    let a = Aispm::new();
    let out = a.ingest(&[serde_json::to_vec(&envelope("h-1")).unwrap()]);
    assert_eq!(counts(&out), (0, 0, 1), "{out}");
    // A hash-valid line after the last, as anyone who can commit writes it.
    let token = "ghp_abcdefghijklmnopqrstuvwxyz0123";
    let path = a.env.ledger_files(".cavra/aispm/quarantine.jsonl").pop().unwrap();
    let text = a.env.read(&path);
    let last: Value = serde_json::from_str(text.lines().rfind(|l| l.contains("\"record\"")).unwrap()).unwrap();
    let mut record = last["record"].clone();
    record["detail"] = json!(format!("leaked {token}"));
    record[token] = json!("x");
    let seq = last["seq"].as_u64().unwrap() + 1;
    let prev = last["hash"].as_str().unwrap();
    let hash = cavra::store::ledger::entry_hash(seq, prev, &record);
    a.env.write(
        &path,
        &format!("{text}{}", cavra::store::ledger::entry_line(seq, prev, &hash, &record)),
    );
    a.env.run(&["ops", "repair"]);
    let seq = seq.to_string();
    for args in [
        vec!["aispm", "quarantine", "list", "--unattributed", "--format", "json"],
        vec![
            "aispm",
            "quarantine",
            "show",
            "--unattributed",
            &seq,
            "--format",
            "json",
        ],
        vec![
            "aispm",
            "quarantine",
            "show",
            "--unattributed",
            &seq,
            "--format",
            "table",
        ],
    ] {
        let run = a.env.run(&args);
        assert!(!said(&run).contains(token), "{args:?}: {}", said(&run));
    }
}

/// `aispm sign --output FILE` streams stdin into a staged copy beside FILE:
/// every line signed replaces FILE whole; a bad line partway leaves FILE as
/// it was and no staged copy behind.
#[test]
fn sign_from_stdin_to_an_output_file_replaces_it_whole_or_not_at_all() {
    let a = Aispm::new();
    let key = a.key("acme.key");
    let out = a.keys.path().join("signed.ndjson");
    let lines: String = (0..3)
        .map(|i| format!("{}\n", serde_json::to_string(&envelope(&format!("s-{i}"))).unwrap()))
        .collect();
    let args = [
        "aispm",
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    let run = a.env.run_stdin(&args, &lines);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = std::fs::read_to_string(&out).unwrap();
    assert_eq!(first.lines().count(), 3);
    let ingested = a.ingest(&first.lines().map(|l| l.as_bytes().to_vec()).collect::<Vec<_>>());
    assert_eq!(ingested["accepted"], 3, "{ingested}");
    let broken = format!("{lines}not json\n{lines}");
    let run = a.env.run_stdin(&args, &broken);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("line 4"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first, "the file is as it was");
    let left: Vec<_> = std::fs::read_dir(a.keys.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("signed") && n != "signed.ndjson")
        .collect();
    assert!(left.is_empty(), "staged copies left: {left:?}");
}
