//! Helpers for `benches/aispm.sh` (built as the `aispm-bench` example):
//!
//!   aispm-bench gen N OUT KEYFILE           N Ed25519-signed DSSE lines of tenant
//!                                           `bench`, collector `bench-ci`, signed
//!                                           on every core; KEYFILE.pub gets the
//!                                           public key (as `cavra aispm keygen`)
//!   aispm-bench gen-hmac N OUT SECRET       N HMAC-SHA256 lines of collector `hmac-ci`
//!   aispm-bench verify-loop FILE PUBFILE    the baseline: a bare ed25519-dalek
//!                                           `verify_strict` loop over the lines'
//!                                           signatures (base64 decode + PAE + verify),
//!                                           one thread, then every core; prints
//!                                           `<single>/s <all-cores>/s`
//!   aispm-bench verify-batch FILE PUBFILE [CHUNK]
//!                                           the batch yardstick: the same decode and
//!                                           PAE, then ed25519-dalek `verify_batch` in
//!                                           chunks of CHUNK (64: the issue's
//!                                           yardstick), one thread and every core;
//!                                           prints `batch <single>/s <all-cores>/s`

use std::io::{BufRead, BufWriter, Write};

use cavra::ops::aispm::dsse::{self, SignWith};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => gen_ed25519(args[2].parse().unwrap(), &args[3], &args[4]),
        Some("gen-hmac") => gen_hmac(args[2].parse().unwrap(), &args[3], &args[4]),
        Some("verify-loop") => verify_loop(&args[2], &args[3]),
        Some("verify-batch") => verify_batch(&args[2], &args[3], args.get(4).map_or(64, |n| n.parse().unwrap())),
        _ => {
            eprintln!(
                "usage: aispm-bench gen N OUT KEYFILE | gen-hmac N OUT SECRET | verify-loop|verify-batch FILE PUBFILE"
            );
            std::process::exit(2);
        }
    }
}

fn envelope(i: u64) -> Vec<u8> {
    let types = ["tool_call", "policy_decision", "mcp_activity", "ci_runner_event"];
    let decisions = ["allow", "allow", "warn", "block", "require_approval"];
    let severities = ["none", "low", "medium", "high", "critical"];
    let boundary = "requires_cavra_enterprise";
    let e = serde_json::json!({
        "schema_version": "cavra.aispm.enterprise_live_ingestion_envelope.v1",
        "product": "CAVRA", "edition": "enterprise", "contract_visibility": "public_contract",
        "event": {
            "event_id": format!("evt-{i:09}"),
            "event_type": types[(i % 4) as usize],
            "occurred_at": format!("2026-03-01T{:02}:{:02}:{:02}Z", (i / 3600) % 24, (i / 60) % 60, i % 60),
            "session_id": format!("sess-{}", i / 100),
            // Blocks and approval requests are rare, as in a real estate.
            "decision": decisions[if i % 1000 < 2 { 3 + (i % 1000) as usize } else { (i % 3) as usize }],
            "severity": severities[(i % 5) as usize],
            "target_summary": format!("agent ran tool number {i} in the payments service"),
            "agent_id": format!("agent-{}", i % 50),
            "tool_name": format!("tool-{}", i % 20),
            "repository": format!("bench/repo-{}", i % 30)
        },
        "source": { "connector_type": "codex", "connector_id": format!("codex-{}", i % 10) },
        "tenant": { "tenant_ref": "tenant:bench", "environment": "production" },
        "redaction": { "payload_handling": "metadata_only", "raw_prompt_included": false,
            "reasoning_included": false, "tool_output_included": false },
        "integrity": { "signature_required": true, "hash_algorithm": "sha256" },
        "transport": { "ingress_mode": "batch", "delivery_semantics": "at_least_once", "retry_count": 0 },
        "enterprise_boundaries": {
            "collector_implementation": boundary, "tenant_persistence": boundary,
            "streaming_transport": boundary, "raw_payload_storage": boundary,
            "license_enforcement": boundary
        }
    });
    serde_json::to_vec(&e).unwrap()
}

fn write_lines(n: u64, out: &str, line: impl Fn(u64) -> String + Sync) {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(out).unwrap());
    let chunk = 16_384u64;
    let mut start = 0;
    while start < n {
        let end = (start + chunk).min(n);
        let lines: Vec<String> = (start..end).into_par_iter().map(&line).collect();
        for l in lines {
            w.write_all(l.as_bytes()).unwrap();
            w.write_all(b"\n").unwrap();
        }
        start = end;
    }
    w.flush().unwrap();
}

fn gen_ed25519(n: u64, out: &str, keyfile: &str) {
    let key = ed25519_dalek::SigningKey::from_bytes(&[42u8; 32]);
    let id = dsse::ed25519_key_id(&key.verifying_key());
    std::fs::write(
        format!("{keyfile}.pub"),
        format!("{}\n", dsse::b64_encode(key.verifying_key().as_bytes())),
    )
    .unwrap();
    write_lines(n, out, |i| dsse::sign_line(&envelope(i), &id, &SignWith::Ed25519(&key)));
}

fn gen_hmac(n: u64, out: &str, secret: &str) {
    let id = dsse::hmac_key_id("bench", "hmac-ci");
    write_lines(n, out, |i| {
        dsse::sign_line(&envelope(i), &id, &SignWith::Hmac(secret.as_bytes()))
    });
}

fn verify_loop(file: &str, pubfile: &str) {
    let public = dsse::public_key(std::fs::read_to_string(pubfile).unwrap().trim()).unwrap();
    let reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(file).unwrap());
    let lines: Vec<String> = reader.lines().map(Result::unwrap).collect();
    let check = |l: &String| {
        let line: dsse::Line<'_> = serde_json::from_str(l).unwrap();
        let payload = dsse::b64_decode(&line.payload).unwrap();
        let sig = dsse::ed25519_signature(&dsse::b64_decode(&line.signatures[0].sig).unwrap()).unwrap();
        assert!(dsse::ed25519_verify(
            &public,
            &dsse::pae(dsse::PAYLOAD_TYPE, &payload),
            &sig
        ));
    };
    let t = std::time::Instant::now();
    lines.iter().for_each(check);
    let single = lines.len() as f64 / t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    lines.par_iter().for_each(check);
    let all = lines.len() as f64 / t.elapsed().as_secs_f64();
    println!("{single:.0} {all:.0}");
}

fn verify_batch(file: &str, pubfile: &str, chunk: usize) {
    let public = dsse::public_key(std::fs::read_to_string(pubfile).unwrap().trim()).unwrap();
    let reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(file).unwrap());
    let lines: Vec<String> = reader.lines().map(Result::unwrap).collect();
    let check = |chunk: &[String]| {
        let mut messages = Vec::with_capacity(chunk.len());
        let mut sigs = Vec::with_capacity(chunk.len());
        for l in chunk {
            let line: dsse::Line<'_> = serde_json::from_str(l).unwrap();
            let payload = dsse::b64_decode(&line.payload).unwrap();
            messages.push(dsse::pae(dsse::PAYLOAD_TYPE, &payload));
            sigs.push(dsse::ed25519_signature(&dsse::b64_decode(&line.signatures[0].sig).unwrap()).unwrap());
        }
        let refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
        assert!(dsse::ed25519_verify_batch(&refs, &sigs, &vec![public; chunk.len()]));
    };
    let t = std::time::Instant::now();
    lines.chunks(chunk).for_each(check);
    let single = lines.len() as f64 / t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    lines.par_chunks(chunk).for_each(check);
    let all = lines.len() as f64 / t.elapsed().as_secs_f64();
    println!("batch {single:.0} {all:.0}");
}
