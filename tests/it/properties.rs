//! Property tests of the table reader and the merge driver on mutated store
//! files: byte flips, truncations, reordered and duplicated records, number
//! and nesting edge cases, stray conflict markers. Neither panics; the
//! reader accepts only files that verify (checked here independently); a
//! clean merge never holds a record that no verified side had.

use crate::common;

use std::collections::BTreeSet;

use cavra::store::registry::{INTEGRATIONS, StoreLocation};
use cavra::store::table;
use proptest::prelude::*;
use serde_json::Value;

fn loc() -> StoreLocation {
    StoreLocation::at(&INTEGRATIONS, ".cavra/api/integrations.json".into(), "test")
}

/// A valid table file of records `(id, owner)` (ids deduplicated, sorted).
fn valid_file(records: &[(String, String)]) -> String {
    let mut seen = BTreeSet::new();
    let mut values: Vec<Value> = Vec::new();
    for (id, owner) in records {
        if seen.insert(id.clone()) {
            let mut r = common::record(id, "splunk");
            r["owner"] = Value::String(owner.clone());
            values.push(r);
        }
    }
    values.sort_by(|a, b| a["integration_id"].as_str().cmp(&b["integration_id"].as_str()));
    common::table_file(&values)
}

fn records() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("[a-f]{1,2}", "[a-z]{1,6}"), 0..5)
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: usize,
        bit: u8,
    },
    Truncate {
        at: usize,
    },
    /// The first two records trade places; `reseal`: behind a correct checksum.
    SwapFirstTwo {
        reseal: bool,
    },
    /// Repeats the first record after itself.
    DuplicateFirst {
        reseal: bool,
    },
    /// Replaces the first owner's value.
    Owner(String),
    /// Inserts a marker line before line `at`.
    Marker {
        at: usize,
        which: usize,
    },
    None,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        any::<bool>().prop_map(|reseal| Mutation::SwapFirstTwo { reseal }),
        any::<bool>().prop_map(|reseal| Mutation::DuplicateFirst { reseal }),
        prop_oneof![
            Just("1e400".to_string()),
            Just("-1e999".to_string()),
            Just("1e308".to_string()),
            Just("18446744073709551616".to_string()),
            Just("-0".to_string()),
            Just("\"\\u0000\"".to_string()),
            Just("{\"owner\": 1, \"owner\": 2}".to_string()),
            (1usize..200).prop_map(|d| format!("{}{}", "[".repeat(d), "]".repeat(d))),
            Just(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))),
        ]
        .prop_map(Mutation::Owner),
        (any::<usize>(), 0usize..4).prop_map(|(at, which)| Mutation::Marker { at, which }),
        Just(Mutation::None),
    ]
}

/// The record texts of a canonical file, split out (the text between
/// `"records": [` and the closing `]`).
fn record_texts(file: &str) -> Option<(String, Vec<String>, String)> {
    let start = file.find("\"records\": [\n")? + "\"records\": [\n".len();
    let end = file.rfind("\n  ],\n")?;
    let items = file[start..end]
        .split("\n    },\n")
        .map(str::to_string)
        .collect::<Vec<_>>();
    let mut texts: Vec<String> = items.iter().map(|t| format!("{t}\n    }}")).collect();
    if let Some(last) = texts.last_mut() {
        last.truncate(last.len() - "\n    }".len());
    }
    Some((file[..start].to_string(), texts, file[end..].to_string()))
}

fn mutate(file: &str, m: &Mutation) -> Vec<u8> {
    let mut bytes = file.as_bytes().to_vec();
    match m {
        Mutation::Flip { at, bit } if !bytes.is_empty() => {
            let i = at % bytes.len();
            bytes[i] ^= 1 << bit;
        }
        Mutation::Truncate { at } => bytes.truncate(at % (bytes.len() + 1)),
        Mutation::SwapFirstTwo { reseal } | Mutation::DuplicateFirst { reseal } => {
            let swap = matches!(m, Mutation::SwapFirstTwo { .. });
            if *reseal {
                let value: Value = serde_json::from_str(file).unwrap();
                let mut records = value["records"].as_array().cloned().unwrap_or_default();
                if swap && records.len() >= 2 {
                    records.swap(0, 1);
                } else if !swap && !records.is_empty() {
                    records.insert(1, records[0].clone());
                }
                bytes = common::table_file(&records).into_bytes();
            } else if let Some((head, mut texts, tail)) = record_texts(file)
                && texts.len() >= 2
            {
                if swap {
                    texts.swap(0, 1);
                } else {
                    texts.insert(1, texts[0].clone());
                }
                bytes = format!("{head}{}{tail}", texts.join(",\n")).into_bytes();
            }
        }
        Mutation::Owner(value) => {
            let text = file.replacen("\"owner\": \"", &format!("\"owner\": {value}, \"was\": \""), 1);
            bytes = text.into_bytes();
        }
        Mutation::Marker { at, which } => {
            let marker = ["<<<<<<< ours", "=======", ">>>>>>> theirs", "||||||| base"][*which];
            let mut lines: Vec<&str> = file.split('\n').collect();
            let i = at % (lines.len() + 1);
            lines.insert(i, marker);
            bytes = lines.join("\n").into_bytes();
        }
        _ => {}
    }
    bytes
}

/// An independent check that `bytes` verify: strict JSON, the envelope,
/// records sorted by a unique key, each valid, and the checksum of their
/// canonical compact form.
fn verifies(bytes: &[u8]) -> bool {
    let Ok(value) = cavra::store::json::parse(bytes) else {
        return false;
    };
    let Some(obj) = value.as_object() else { return false };
    if obj.len() != 3 || obj.get("schema") != Some(&Value::from("cavra.integrations.v1")) {
        return false;
    }
    let Some(records) = obj.get("records").and_then(Value::as_array) else {
        return false;
    };
    let ids: Vec<Option<&str>> = records.iter().map(|r| r["integration_id"].as_str()).collect();
    if ids.iter().any(Option::is_none) || ids.windows(2).any(|w| w[0] >= w[1]) {
        return false;
    }
    let path = std::path::Path::new("x");
    if records
        .iter()
        .any(|r| !cavra::store::schema::check_record("cavra.integration.v1", r, path, None).is_empty())
    {
        return false;
    }
    obj.get("checksum").and_then(Value::as_str) == Some(key_first_checksum(records).as_str())
}

/// sha256 over `[r1,r2,…]`, each record compact with `integration_id` first
/// and the other fields sorted (written out here, independently of cavra).
fn key_first_checksum(records: &[Value]) -> String {
    use sha2::Digest;
    let texts: Vec<String> = records
        .iter()
        .map(|r| {
            let mut rest = r.as_object().unwrap().clone();
            let id = rest.remove("integration_id").unwrap();
            let rest = serde_json::to_string(&rest).unwrap();
            let sep = if rest == "{}" { "" } else { "," };
            format!("{{\"integration_id\":{id}{sep}{}", &rest[1..])
        })
        .collect();
    let digest = sha2::Sha256::digest(format!("[{}]", texts.join(",")).as_bytes());
    format!(
        "sha256:{}",
        digest.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn verified_records(bytes: &[u8]) -> Option<Vec<Value>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some(Vec::new());
    }
    let loc = loc();
    table::verify_bytes(&loc, bytes).ok()?.values().ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_and_accepts_only_what_verifies(recs in records(), m in mutation()) {
        let file = valid_file(&recs);
        let bytes = mutate(&file, &m);
        let loc = loc();
        let accepted = table::verify_bytes(&loc, &bytes).is_ok();
        prop_assert_eq!(accepted, verifies(&bytes), "mutation {:?}", m);
        if matches!(m, Mutation::None) {
            prop_assert!(accepted);
        }
        // The inspection (validate) agrees that something is wrong.
        let inspected = table::inspect_bytes(&loc, &bytes);
        if !accepted {
            prop_assert!(!inspected.problems.is_empty());
        }
    }

    #[test]
    fn a_clean_merge_holds_only_records_a_verified_side_had(
        base in records(), ours in records(), theirs in records(),
        mo in mutation(), mt in mutation(),
    ) {
        let base = valid_file(&base).into_bytes();
        let ours = mutate(&valid_file(&ours), &mo);
        let theirs = mutate(&valid_file(&theirs), &mt);
        let merged = cavra::git::merge::merge(&INTEGRATIONS, ".cavra/api/integrations.json", &base, &ours, &theirs);
        let Ok(merged) = merged else { return Ok(()) };
        let sides: Vec<Option<Vec<Value>>> = [&base, &ours, &theirs].iter().map(|b| verified_records(b)).collect();
        if merged.conflicts.is_empty() {
            prop_assert!(sides.iter().all(Option::is_some), "a clean merge with an unverified side");
            let result = verified_records(&merged.text);
            prop_assert!(result.is_some(), "a clean merge that does not verify");
            for record in result.unwrap_or_default() {
                prop_assert!(
                    sides.iter().flatten().any(|side| side.contains(&record)),
                    "a record no verified side had: {}", record
                );
            }
        } else if sides.iter().any(Option::is_none) {
            // Nothing resealed: ours is left as it was.
            prop_assert_eq!(&merged.text, &ours);
        }
    }
}

/// An RFC 3339 time (or a bare date) near the ends of the calendar, with
/// any offset: what a user or a record may hand any time-taking flag.
fn extreme_time() -> impl Strategy<Value = String> {
    let year = prop_oneof![Just(0u32), Just(1), Just(9998), Just(9999), 0u32..=9999];
    let offset = prop_oneof![
        Just("Z".to_string()),
        (prop::bool::ANY, 0u32..=23, 0u32..=59)
            .prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
    ];
    let edge = |lo: u32, hi: u32| prop_oneof![Just(lo), Just(hi), lo..=hi];
    (
        year,
        edge(1, 12),
        edge(1, 28),
        edge(0, 23),
        edge(0, 59),
        edge(0, 59),
        offset,
        prop::bool::ANY,
        prop::bool::ANY,
    )
        .prop_map(|(y, mo, d, h, mi, s, off, fraction, bare)| {
            let d = if mo == 12 && d == 28 { 31 } else { d };
            if bare {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                let frac = if fraction { ".999999999" } else { "" };
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}")
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// Issue 24, finding 4: every time-taking flag and `CAVRA_NOW`, given
    /// any such time, either works or refuses it (exit 2 or 4); never an
    /// internal error. Stores dated at the extremes are read the same way.
    #[test]
    fn no_time_is_an_internal_error(t in extreme_time()) {
        let mut env = common::Env::new();
        let schedule = ["drill", "schedule", "add", "--schedule-id", "s", "--service", "svc", "--environment", "prod", "--owner", "o", "--cadence-days", "30"];
        let runs: Vec<(Vec<&str>, bool)> = vec![
            (vec!["integration", "add", "--provider", "splunk", "--integration-id", "a", "--last-checked-at", &t], false),
            (vec!["integration", "add", "--provider", "jira", "--integration-id", "b"], true),
            (vec!["ops", "retention-plan", "--output", "plan", "--retention-days", "1", "--as-of", &t], false),
            (vec!["ops", "retention-plan", "--output", "plan", "--retention-days", "36500"], false),
            (vec!["ledger", "prune", "evidence-metadata", "--before", &t, "--dry-run"], false),
            (vec!["delivery", "history", "--since", &t], false),
            (vec!["delivery", "history", "--until", &t], false),
            ([&schedule[..], &["--last-drill-at", &t]].concat(), false),
            ([&schedule[..], &["--schedule-id", "s2", "--next-due-at", &t]].concat(), false),
            (vec!["drill", "schedule", "list"], true),
            (vec!["drill", "policy", "window", "--window-id", "w", "--start", &t, "--end", &t], false),
            (vec!["drill", "policy", "gap", "--owner", "o", "--start", &t, "--end", &t], false),
            (vec!["drill", "dashboard", "--since", &t], false),
            (vec!["aispm", "posture", "--tenant", "t", "--new-since", &t], false),
            (vec!["aispm", "replay", "--tenant", "t", "--since", &t], false),
            (vec!["integration", "list"], true),
            (vec!["ops", "retention-plan", "--output", "plan", "--retention-days", "30"], false),
        ];
        for (args, with_now) in runs {
            env.vars.retain(|(k, _)| k != "CAVRA_NOW");
            if with_now {
                env.set("CAVRA_NOW", &t);
            }
            let run = env.run(&args);
            prop_assert!(
                run.code != 6 && !run.stderr.contains("internal error"),
                "{t}: cavra {args:?} (CAVRA_NOW given: {with_now}) exited {}: {}", run.code, run.stderr
            );
        }
    }
}

/// The values the finding named: refused with exit 2 and the range on every
/// flag and `CAVRA_NOW`; a store updated at 9999-12-31 is planned.
#[test]
fn offsets_past_the_calendar_are_refused_with_the_range() {
    let mut env = common::Env::new();
    for t in ["9999-12-31T23:59:59-01:00", "0000-01-01T00:00:00+01:00"] {
        for args in [
            &["integration", "add", "--provider", "splunk", "--last-checked-at", t][..],
            &[
                "ops",
                "retention-plan",
                "--output",
                "plan",
                "--retention-days",
                "1",
                "--as-of",
                t,
            ][..],
            &["ledger", "prune", "evidence-metadata", "--before", t][..],
            &[
                "drill",
                "policy",
                "window",
                "--window-id",
                "w",
                "--start",
                t,
                "--end",
                t,
            ][..],
            &[
                "drill",
                "schedule",
                "add",
                "--schedule-id",
                "s",
                "--service",
                "x",
                "--environment",
                "prod",
                "--owner",
                "o",
                "--cadence-days",
                "30",
                "--last-drill-at",
                t,
            ][..],
        ] {
            let run = env.fails(args, 2);
            assert!(
                run.stderr.contains("0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z"),
                "{args:?}: {}",
                run.stderr
            );
        }
        env.set("CAVRA_NOW", t);
        let run = env.fails(&["integration", "list"], 2);
        assert!(run.stderr.contains("CAVRA_NOW"), "{}", run.stderr);
        env.vars.clear();
    }
    env.set("CAVRA_NOW", "9999-12-31T00:00:00Z");
    env.ok(&["integration", "add", "--provider", "jira", "--integration-id", "late"]);
    env.vars.clear();
    env.ok(&["ops", "retention-plan", "--output", "plan", "--retention-days", "365"]);
}
