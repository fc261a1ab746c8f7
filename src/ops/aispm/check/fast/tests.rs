//! The fast path against the full one: a hand-made corpus around the
//! contract's example (every field good, bad, missing, repeated, spelled
//! otherwise) and a property test over random envelopes within the schema
//! (every enum value, optional members present or not, extreme
//! timestamps) and just outside it. Both must give the same verdict and,
//! when they accept, the same record.

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::super::{KeyEntry, Keyring, Method, inspect};
use super::shape::*;
use super::*;

const KEY_ID: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
const RECEIVED: &str = "2026-03-01T12:00:00Z";
const REF: &str = "tenant:opaque-public-contract-sample";
/// A signature's text as the record stores it (not checked here).
const SIG: &str = "c2lnbmF0dXJl";

fn ring() -> Keyring {
    ring_allowing(vec!["codex".into(), "mcp_server".into()])
}

/// acme's collector, allowed `connector_types` (empty: any).
fn ring_allowing(connector_types: Vec<String>) -> Keyring {
    let key = KeyEntry {
        tenant: "acme".into(),
        collector: "codex-ci".into(),
        key_id: KEY_ID.into(),
        method: Method::Hmac(Some(b"s".to_vec())),
        revoked: false,
        allow: Allow {
            connector_ids: vec![],
            connector_types,
            environments: vec![],
            event_types: vec![],
            repositories: vec![],
        },
    };
    Keyring {
        by_id: HashMap::from([(KEY_ID.to_string(), key)]),
        refs: HashMap::from([
            (REF.to_string(), "acme".to_string()),
            ("acme".to_string(), "acme".to_string()),
            ("globex".to_string(), "globex".to_string()),
        ]),
    }
}

fn base() -> Value {
    let text =
        include_str!("../../../../../examples/aispm/enterprise-live-ingestion-envelope-public-contract.example.json");
    serde_json::from_str(text).unwrap()
}

/// The verdict of both paths on `payload`: they agree (asserted), and
/// whether it was accepted.
fn agree(ring: &Keyring, payload: &[u8]) -> bool {
    let key = &ring.by_id[KEY_ID];
    let shown = String::from_utf8_lossy(payload).into_owned();
    let payload_text = dsse::b64_encode(payload);
    let full = inspect(ring, key, payload).map(|i| i.candidate(RECEIVED, &payload_text, SIG));
    let Some(fast) = accept(ring, key, payload, &payload_text, SIG, RECEIVED) else {
        assert!(full.is_err(), "fast path refused what the full path accepts: {shown}");
        return false;
    };
    let full = full.unwrap_or_else(|r| panic!("fast path accepted what the full path refuses ({r:?}): {shown}"));
    let text = |c: &Candidate| match &c.record {
        Ok(checked) => checked.text().to_string(),
        Err(value) => serde_json::to_string(value).unwrap(),
    };
    assert_eq!(text(&fast), text(&full), "{shown}");
    assert!(full.record.is_ok(), "{shown}");
    assert_eq!(
        (&fast.tenant, fast.dedupe, fast.redactions, fast.occurred, &fast.event),
        (&full.tenant, full.dedupe, full.redactions, full.occurred, &full.event),
        "{shown}"
    );
    let record: Value = serde_json::from_str(&text(&fast)).unwrap();
    assert_eq!(fast.event, Event::of(&record), "{shown}");
    true
}

/// Payloads around the example: every field given good and bad values,
/// missing, repeated, unknown, spelled with escapes, spaces and in another
/// key order, secrets, and what the collector may not send.
fn corpus() -> Vec<Vec<u8>> {
    let mut values = vec![base()];
    let fields: &[(&str, &[Value])] = &[
        (
            "/schema_version",
            &[json!("cavra.aispm.enterprise_live_ingestion_envelope.v2"), json!(1)],
        ),
        ("/product", &[json!("cavra"), json!(null)]),
        ("/edition", &[json!("community")]),
        ("/contract_visibility", &[json!("public")]),
        (
            "/event/event_id",
            &[json!("a"), json!("a b é"), json!(""), json!("x".repeat(1000)), json!(7)],
        ),
        ("/event/session_id", &[json!("s"), json!("")]),
        (
            "/event/event_type",
            &[json!("approval_event"), json!("prompt"), json!("Tool_call"), json!("")],
        ),
        (
            "/event/occurred_at",
            &[
                json!("2026-03-01T11:59:30.123456789Z"),
                json!("2026-03-01T11:59:30.1234567890Z"),
                json!("2026-03-01T13:59:30+02:00"),
                json!("9999-12-31T23:59:59-01:00"),
                json!("0000-01-01T00:00:00+01:00"),
                json!("2026-03-01T13:59:30+0200"),
                json!("2026-03-01T13:59:30z"),
                json!("2026-03-01 13:59:30Z"),
                json!("2026-03-01T13:59:30.Z"),
                json!("2026-03-01T13:59:30Z\n"),
                json!("99999-03-01T13:59:30Z"),
                json!("2026-13-45T99:99:99Z"),
                json!(""),
            ],
        ),
        ("/event/received_at", &[json!("2026-03-01T11:59:31Z"), json!("later")]),
        (
            "/event/decision",
            &[
                json!("allow"),
                json!("allow_with_attestation"),
                json!("approved"),
                json!(null),
            ],
        ),
        ("/event/severity", &[json!("critical"), json!("none"), json!("info")]),
        (
            "/event/target_summary",
            &[
                json!(""),
                json!("é".repeat(5000)),
                json!("pushed with ghp_abcdefghijklmnop1234 to main"),
                json!("header Bearer abcdefghijklmnop was sent"),
                json!("quote \" backslash \\ control \u{1} tab \t unicode \u{2028} é"),
                json!(null),
            ],
        ),
        ("/event/agent_id", &[json!("agent 1"), json!("")]),
        (
            "/event/tool_name",
            &[json!(""), json!(1), json!("ghp_abcdefghijklmnop1234")],
        ),
        ("/event/repository", &[json!("other/repo"), json!("")]),
        (
            "/event/evidence_refs",
            &[json!([]), json!(["a", "b"]), json!([1]), json!("a"), json!(null)],
        ),
        ("/event/unknown", &[json!("x")]),
        (
            "/source/connector_type",
            &[json!("mcp_server"), json!("aws"), json!("nope")],
        ),
        ("/source/connector_id", &[json!("c 1"), json!("")]),
        ("/source/collector_id", &[json!("codex-ci")]),
        ("/source/runtime_version", &[json!("2"), json!(2)]),
        (
            "/tenant/tenant_ref",
            &[
                json!("acme"),
                json!("globex"),
                json!("initech"),
                json!("Acme"),
                json!(""),
                json!(1),
            ],
        ),
        ("/tenant/environment", &[json!("dev"), json!("ci")]),
        ("/tenant/extra", &[json!(1)]),
        (
            "/redaction/payload_handling",
            &[json!("private_payload_ref"), json!("raw")],
        ),
        ("/redaction/raw_prompt_included", &[json!(true), json!(0)]),
        ("/redaction/reasoning_included", &[json!(true)]),
        ("/redaction/tool_output_included", &[json!(true)]),
        ("/redaction/private_payload_required", &[json!(true), json!("yes")]),
        ("/integrity/signature_ref", &[json!("anything at all"), json!(null)]),
        ("/integrity/signature_required", &[json!(false), json!("true")]),
        ("/integrity/hash_algorithm", &[json!("sha512"), json!("md5")]),
        (
            "/transport/idempotency_key",
            &[json!(""), json!("k".repeat(300)), json!(null)],
        ),
        ("/transport/ingress_mode", &[json!("queue"), json!("smtp")]),
        (
            "/transport/delivery_semantics",
            &[json!("best_effort"), json!("exactly_once")],
        ),
        (
            "/transport/retry_count",
            &[
                json!(0),
                json!(9007199254740991u64),
                json!(9007199254740992u64),
                json!(-1),
                json!(1.5),
                json!(1.0),
                json!("1"),
                json!(null),
            ],
        ),
        (
            "/enterprise_boundaries/license_enforcement",
            &[json!("requires_cavra"), json!(true)],
        ),
        ("/extra", &[json!({})]),
    ];
    for (pointer, alternatives) in fields {
        let (parent, name) = pointer.rsplit_once('/').unwrap();
        for v in *alternatives {
            let mut e = base();
            e.pointer_mut(parent).unwrap()[name] = v.clone();
            values.push(e);
        }
        let mut e = base();
        if let Some(o) = e.pointer_mut(parent).and_then(Value::as_object_mut) {
            o.remove(name);
        }
        values.push(e);
    }
    // A token in each string of the envelope in turn, arrays included:
    // the fast path's scan must reach every one.
    fn string_pointers(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::String(_) => out.push(at),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| string_pointers(v, format!("{at}/{i}"), out)),
            Value::Object(members) => members
                .iter()
                .for_each(|(k, v)| string_pointers(v, format!("{at}/{k}"), out)),
            _ => {}
        }
    }
    let mut pointers = Vec::new();
    string_pointers(&base(), String::new(), &mut pointers);
    assert!(pointers.len() > 20, "{pointers:?}");
    for pointer in pointers {
        let mut e = base();
        *e.pointer_mut(&pointer).unwrap() = json!("ghp_abcdefghijklmnop1234");
        values.push(e);
    }
    let b = base();
    let top: Vec<Value> = b.as_object().unwrap().values().cloned().collect();
    values.push(Value::Array(top));
    for part in [
        "event",
        "source",
        "transport",
        "redaction",
        "integrity",
        "tenant",
        "enterprise_boundaries",
    ] {
        for v in [json!(null), json!([]), json!({})] {
            let mut e = base();
            e[part] = v;
            values.push(e);
        }
    }
    let mut payloads: Vec<Vec<u8>> = values.iter().map(|v| serde_json::to_vec(v).unwrap()).collect();
    let text = serde_json::to_string(&base()).unwrap();
    payloads.push(serde_json::to_vec_pretty(&base()).unwrap());
    for (from, to) in [
        // escapes, a repeated key, another key order, numbers spelled otherwise
        ("\"evt-0001\"", "\"\\u0065vt-0001\""),
        ("\"codex\"", "\"cod\\u0065x\""),
        ("\"tool_name\":\"git\"", "\"tool_name\":\"git\",\"tool_name\":\"git\""),
        ("\"product\":\"CAVRA\"", "\"product\":\"CAVRA\",\"product\":\"CAVRA\""),
        ("\"retry_count\":0", "\"retry_count\":0.0"),
        ("\"retry_count\":0", "\"retry_count\":-0"),
        ("\"retry_count\":0", "\"retry_count\":0e0"),
        ("\"retry_count\":0", "\"retry_count\":00"),
        ("}}", "}} "),
        ("}}", "}}x"),
    ] {
        assert!(text.contains(from), "{from}");
        payloads.push(text.replacen(from, to, 1).into_bytes());
    }
    let mut reordered = text.replacen("\"product\":\"CAVRA\",", "", 1);
    reordered.insert_str(1, "\"product\":\"CAVRA\",");
    payloads.push(reordered.into_bytes());
    payloads.push(b"not json".to_vec());
    payloads.push(vec![0xff, 0xfe]);
    payloads
}

#[test]
fn the_public_example_is_accepted_as_is() {
    let payload =
        include_bytes!("../../../../../examples/aispm/enterprise-live-ingestion-envelope-public-contract.example.json");
    assert!(agree(&ring(), payload));
}

#[test]
fn fast_path_agrees_with_the_full_path() {
    let ring = ring();
    let accepted = corpus().iter().filter(|p| agree(&ring, p)).count();
    assert!(accepted > 40, "the corpus exercises the fast path: {accepted}");
}

/// A value from `list`, or (rarely) one outside it.
fn pick(list: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        30 => proptest::sample::select(list).prop_map(|s| json!(s)),
        1 => Just(json!("not-in-the-enum")),
    ]
}

/// An optional member: absent (`None`) or one of `value`.
fn maybe<S: Strategy<Value = Value>>(value: S) -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(value)
}

fn timestamp() -> impl Strategy<Value = Value> {
    let offset = prop_oneof![
        Just("Z".to_string()),
        (0u8..24, 0u8..60, any::<bool>())
            .prop_map(|(h, m, neg)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
    ];
    prop_oneof![
        8 => (0u16..=9999, 1u8..=12, 1u8..=31, 0u8..24, 0u8..60, 0u8..60, proptest::option::of(1u32..=999_999_999), offset)
            .prop_map(|(y, mo, d, h, mi, s, frac, off)| {
                let frac = frac.map_or(String::new(), |f| format!(".{f}"));
                json!(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}"))
            }),
        1 => Just(json!("9999-12-31T23:59:59-01:00")),
        1 => Just(json!("2026-02-30T25:61:61+23:59")),
        1 => Just(json!("2026-03-01T12:00:00")),
    ]
}

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(json!("")),
        2 => Just(json!("acme/payments")),
        1 => Just(json!("ghp_abcdefghijklmnop1234")),
        12 => "[a-z é/:_-]{1,12}".prop_map(|s| json!(s)),
    ]
}

/// Sets `key` of `object` when `value` is given.
fn put(object: &mut Value, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        object[key] = v;
    }
}

prop_compose! {
    fn envelope()(
        event_type in pick(EVENT_TYPES),
        decision in maybe(pick(DECISIONS)),
        severity in maybe(pick(SEVERITIES)),
        occurred_at in timestamp(),
        received_at in maybe(timestamp()),
        ids in (text(), text(), text(), text()),
        optional in proptest::collection::vec(maybe(text()), 8),
        evidence in maybe(proptest::collection::vec(text(), 0..3).prop_map(Value::from)),
        connector_type in pick(CONNECTOR_TYPES),
        source_versions in (maybe(text()), maybe(text())),
        tenant_ref in prop_oneof![4 => Just(json!(REF)), 4 => Just(json!("acme")), 1 => Just(json!("globex")), 1 => text()],
        environment in pick(ENVIRONMENTS),
        tenant_extra in (maybe(text()), maybe(text())),
        handling in pick(PAYLOAD_HANDLING),
        flags in (any::<bool>(), maybe(any::<bool>().prop_map(Value::from)), maybe(text())),
        integrity in (pick(HASH_ALGORITHMS), maybe(text()), maybe(text()), maybe(text())),
        transport in (pick(INGRESS_MODES), pick(DELIVERY_SEMANTICS), maybe(text()),
            maybe(prop_oneof![Just(json!(0)), Just(json!(9007199254740991u64)), Just(json!(9007199254740992u64)), Just(json!(-1))])),
        boundary in prop_oneof![20 => Just(json!(BOUNDARY)), 1 => Just(json!("none"))],
        raw in prop_oneof![20 => Just(false), 1 => Just(true)],
    ) -> Value {
        let mut e = base();
        let ev = &mut e["event"];
        *ev = json!({
            "event_id": ids.0, "session_id": ids.1, "agent_id": ids.2,
            "event_type": event_type, "occurred_at": occurred_at,
        });
        put(ev, "decision", decision);
        put(ev, "severity", severity);
        put(ev, "received_at", received_at);
        put(ev, "evidence_refs", evidence);
        for (name, v) in ["repository", "actor_ref", "tool_name", "action_type", "target_summary",
            "risk_classification", "policy_pack", "payload_ref"].into_iter().zip(optional) {
            put(ev, name, v);
        }
        e["source"] = json!({"connector_type": connector_type, "connector_id": ids.3});
        put(&mut e["source"], "runtime_version", source_versions.0);
        put(&mut e["source"], "collector_version", source_versions.1);
        e["tenant"] = json!({"tenant_ref": tenant_ref, "environment": environment});
        put(&mut e["tenant"], "region", tenant_extra.0);
        put(&mut e["tenant"], "data_residency_ref", tenant_extra.1);
        e["redaction"] = json!({"payload_handling": handling, "raw_prompt_included": raw,
            "reasoning_included": false, "tool_output_included": false});
        put(&mut e["redaction"], "private_payload_required", flags.1);
        put(&mut e["redaction"], "redaction_profile", flags.2);
        e["integrity"] = json!({"signature_required": flags.0, "hash_algorithm": integrity.0});
        put(&mut e["integrity"], "signature_ref", integrity.1);
        put(&mut e["integrity"], "payload_hash", integrity.2);
        put(&mut e["integrity"], "chain_ref", integrity.3);
        e["transport"] = json!({"ingress_mode": transport.0, "delivery_semantics": transport.1});
        put(&mut e["transport"], "idempotency_key", transport.2);
        put(&mut e["transport"], "retry_count", transport.3);
        e["enterprise_boundaries"]["raw_payload_storage"] = boundary;
        e
    }
}

/// Runs `f` on a thread with room for the generator's deep strategy
/// types (an unoptimised build overflows the default test stack).
fn with_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

#[test]
fn fast_and_full_checks_give_the_same_verdict_on_generated_envelopes() {
    with_stack(|| {
        let config = ProptestConfig {
            cases: 2048,
            failure_persistence: None,
            ..Default::default()
        };
        let ring = ring_allowing(Vec::new());
        proptest::test_runner::TestRunner::new(config)
            .run(&envelope(), |e| {
                agree(&ring, &serde_json::to_vec(&e).unwrap());
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn the_generator_reaches_both_verdicts() {
    with_stack(|| {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let ring = ring_allowing(Vec::new());
        let accepted = (0..400)
            .filter(|_| {
                let e = envelope().new_tree(&mut runner).unwrap().current();
                agree(&ring, &serde_json::to_vec(&e).unwrap())
            })
            .count();
        assert!((20..380).contains(&accepted), "accepted {accepted} of 400");
    });
}
