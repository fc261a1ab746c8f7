//! Every JSON output names its schema: a `schema` member naming a file of
//! `schemas/` that `cavra schema list` lists and `cavra schema show`
//! prints, and the output passes it. One table, [`ROWS`], runs every
//! command that prints JSON against one demo repository; a command that
//! takes `--format json` and is neither in it nor in [`EXEMPT`] fails
//! `every_command_printing_json_is_in_the_table`, so adding a command means
//! adding a row.

use std::collections::BTreeSet;

use crate::common;

use common::Env;
use common::http::{Receiver, status};
use serde_json::{Value, json};

/// Every command that prints JSON, in the order they run against the demo
/// repository (later rows use what earlier ones wrote). `{audit_id}` is the
/// package `drill audit` recorded. `ledger resolve` runs with a merge in
/// progress (see `run_row`).
const ROWS: &[&[&str]] = &[
    &["init"],
    &["integration", "list"],
    &["integration", "show", "splunk-prod"],
    &[
        "integration",
        "add",
        "--provider",
        "webhook",
        "--integration-id",
        "hook-two",
        "--category",
        "security",
        "--owner",
        "appsec",
    ],
    &["integration", "update", "hook-two", "--health-status", "healthy"],
    &["integration", "import", "examples/integrations/more.ndjson"],
    &["integration", "remove", "hook-two"],
    &["validate"],
    &["reseal", "integrations"],
    &["diff", "HEAD~1", "HEAD"],
    &[
        "ledger",
        "prune",
        "evidence-metadata",
        "--before",
        "2020-01-01",
        "--dry-run",
    ],
    &["ledger", "migrate"],
    &["ledger", "verify"],
    &["ledger", "resolve"],
    &[
        "integration",
        "deliver",
        "examples/connectors/event.json",
        "--provider",
        "splunk,webhook",
        "--dry-run",
    ],
    &[
        "integration",
        "deliver",
        "examples/connectors/event.json",
        "--provider",
        "splunk,webhook",
    ],
    &[
        "release",
        "deliver-promotion-audit",
        "examples/release/promotion-execution.json",
        "--provider",
        "splunk",
    ],
    &[
        "release",
        "deliver-rollback-execution",
        "examples/release/rollback-execution.json",
        "--provider",
        "splunk,release-hook",
    ],
    &["release", "deliver-endpoint-export", "endpoint-export/manifest.json"],
    &["release", "connector-delivery-history"],
    &["release", "connector-delivery-dashboard"],
    &["release", "endpoint-publication-history"],
    &["release", "endpoint-publication-dashboard"],
    &["delivery", "history"],
    &["delivery", "dashboard"],
    &["delivery", "retry", "--failed"],
    &["connector", "list"],
    &["connector", "check"],
    &["git", "install"],
    &["ops", "stores"],
    &["ops", "backup", "--output", "backup2"],
    &["ops", "restore", "backup2/manifest.json", "--verify"],
    &[
        "ops",
        "retention-plan",
        "--output",
        "retention2",
        "--retention-days",
        "365",
    ],
    &["ops", "hold", "set", "--reason", "audit-2026"],
    &["ops", "hold", "lift", "--reason", "audit-done"],
    &["ops", "repair"],
    &["ops", "migrate"],
    &["schema", "list"],
    &["secrets", "rules"],
    &["evidence", "migrate", "--sqlite", "inventory2.sqlite"],
    &[
        "drill",
        "schedule",
        "add",
        "--schedule-id",
        "orders-prod",
        "--service",
        "orders",
        "--environment",
        "production",
        "--owner",
        "sre",
        "--cadence-days",
        "30",
        "--last-drill-at",
        "2026-11-01T00:00:00Z",
        "--acknowledgement-required-provider",
        "webhook",
    ],
    &["drill", "schedule", "update", "orders-prod", "--notes", "quarterly"],
    &["drill", "schedule", "list"],
    &["drill", "schedule", "show", "orders-prod"],
    &[
        "drill",
        "policy",
        "route",
        "--owner",
        "sre",
        "--provider",
        "webhook",
        "--acknowledgement-minutes",
        "30",
        "--escalation-owner",
        "sre-lead",
    ],
    &[
        "drill",
        "policy",
        "window",
        "--window-id",
        "freeze",
        "--start",
        "2026-12-20T00:00:00Z",
        "--end",
        "2026-12-27T00:00:00Z",
        "--reason",
        "freeze",
    ],
    &[
        "drill",
        "policy",
        "gap",
        "--owner",
        "sre",
        "--start",
        "2026-12-24T00:00:00Z",
        "--end",
        "2026-12-26T00:00:00Z",
        "--reason",
        "holiday",
    ],
    &["drill", "policy", "list"],
    &["drill", "policy", "remove", "window:freeze"],
    &["drill", "notify"],
    &[
        "drill",
        "ack",
        "payments-prod",
        "--provider",
        "webhook",
        "--by",
        "alice",
    ],
    &[
        "drill",
        "record",
        "payments-prod",
        "--drill-id",
        "d1",
        "--outcome",
        "pass",
        "--minutes",
        "10",
        "--target-minutes",
        "30",
        "--by",
        "alice",
    ],
    &["drill", "escalate", "--dry-run"],
    &["drill", "audit", "--schedule-id", "payments-prod"],
    &[
        "drill",
        "audit-deliver",
        "--audit-id",
        "{audit_id}",
        "--provider",
        "webhook",
        "--cadence",
        "daily",
    ],
    &["drill", "retry"],
    &["drill", "history"],
    &["drill", "routing-history"],
    &["drill", "dashboard"],
    &["drill", "schedule", "remove", "orders-prod"],
    &["aispm", "keygen", "--out", "initech.key"],
    &["aispm", "tenant", "add", "initech"],
    &["aispm", "tenant", "update", "initech", "--retention-days", "90"],
    &["aispm", "tenant", "list"],
    &["aispm", "tenant", "show", "acme"],
    &[
        "aispm",
        "collector",
        "add",
        "initech",
        "c1",
        "--ed25519-public-key-file",
        "initech.key.pub",
    ],
    &[
        "aispm",
        "collector",
        "update",
        "initech",
        "c1",
        "--allow-event-type",
        "tool_call",
    ],
    &["aispm", "collector", "revoke", "initech", "c1"],
    &["aispm", "tenant", "remove", "initech"],
    &["aispm", "ingest", "signed.ndjson"],
    &["aispm", "posture", "--tenant", "acme"],
    &["aispm", "replay", "--tenant", "acme", "--verify"],
    &[
        "aispm",
        "forward",
        "--tenant",
        "acme",
        "--provider",
        "splunk",
        "--dry-run",
    ],
    &["aispm", "forward", "--tenant", "acme", "--provider", "splunk"],
    &["aispm", "health", "--tenant", "acme"],
    &["aispm", "quarantine", "list", "--tenant", "acme"],
    &["aispm", "quarantine", "show", "1", "--tenant", "acme"],
    &["aispm", "tenants"],
    &["aispm", "retention-plan", "--tenant", "acme"],
    &["console", "build", "--output", "console2"],
];

/// Commands that take `--format json` but print no JSON document naming
/// a schema, and why.
const EXEMPT: &[(&str, &str)] = &[
    (
        "schema show",
        "prints a JSON Schema itself, which names its meta-schema in `$schema`",
    ),
    (
        "aispm sign",
        "prints signed DSSE lines (each a stored envelope record), or nothing with --output",
    ),
];

/// The demo repository with its connectors pointed at a receiver that
/// takes every request, the endpoint export beside it, and the clock after
/// the demo's drills.
fn demo(rx: &Receiver) -> Env {
    let mut env = crate::console::demo_env();
    env.set("CAVRA_NOW", "2026-12-01T00:00:00Z");
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    env.set("DEMO_HEC_TOKEN", "demo-hec-token-0000");
    env.set("DEMO_WEBHOOK_SECRET", "whsec_ZGVtby13ZWJob29rLXNpZ25pbmcta2V5");
    let base = &rx.base;
    env.write(
        "demo/.cavra/connectors.json",
        &json!({"connectors": {
            "splunk": {"provider": "splunk", "url": base, "token_env": "DEMO_HEC_TOKEN", "index": "security",
                       "integration_id": "splunk-prod"},
            "webhook": {"provider": "webhook", "url": format!("{base}/hooks/cavra"), "secret_env": "DEMO_WEBHOOK_SECRET"},
            "release-hook": {"provider": "webhook", "url": format!("{base}/hooks/release"), "secret_env": "DEMO_WEBHOOK_SECRET"},
            "jamf": {"provider": "jamf", "url": format!("{base}/jamf"), "token_env": "DEMO_HEC_TOKEN"},
            "intune": {"provider": "intune", "url": format!("{base}/intune"), "token_env": "DEMO_HEC_TOKEN"},
        }})
        .to_string(),
    );
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/release/endpoint-export");
    for entry in std::fs::read_dir(&export).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        env.write(
            &format!("demo/endpoint-export/{name}"),
            &std::fs::read_to_string(&path).unwrap(),
        );
    }
    env.ok(&["-C", "demo", "validate", "--format", "json"]);
    env
}

/// Runs one row in the demo repository with `--format json`: its stdout,
/// parsed. A negative verdict (exit 1, such as an ingest of duplicates)
/// still prints its outcome.
fn run_row(env: &Env, row: &[&str], audit_id: &str) -> Value {
    let resolving = row == ["ledger", "resolve"];
    if resolving {
        // A merge in progress: `ledger resolve` reads MERGE_HEAD.
        let git = |args: &[&str]| {
            let mut full = vec!["-C", "demo"];
            full.extend(args);
            env.git_ok(&full);
        };
        git(&["checkout", "-q", "-b", "side"]);
        git(&["commit", "-q", "--no-verify", "--allow-empty", "-m", "side"]);
        git(&["checkout", "-q", "-"]);
        git(&["commit", "-q", "--no-verify", "--allow-empty", "-m", "main"]);
        git(&["merge", "-q", "--no-commit", "--no-ff", "side"]);
    }
    let mut args = vec!["-C", "demo"];
    args.extend(row.iter().map(|a| if *a == "{audit_id}" { audit_id } else { *a }));
    args.extend(["--format", "json"]);
    let run = env.run(&args);
    if resolving {
        env.git_ok(&["-C", "demo", "merge", "--abort"]);
    }
    assert!(
        run.code == 0 || run.code == 1,
        "cavra {row:?}: exit {}\n{}",
        run.code,
        run.stderr
    );
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("cavra {row:?}: {e}\n{}", run.stdout))
}

#[test]
fn every_json_output_names_a_schema_it_fits() {
    let rx = Receiver::start(vec![status(200, r#"{"text":"Success","code":0}"#)], |_| Ok(()));
    let env = demo(&rx);
    let listed = env.json(&["schema", "list"]);
    let listed: BTreeSet<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    let mut audit_id = String::new();
    let mut named = BTreeSet::new();
    for row in ROWS {
        let out = run_row(&env, row, &audit_id);
        let name = out["schema"]
            .as_str()
            .unwrap_or_else(|| panic!("cavra {row:?} names no schema: {out:#}"));
        assert!(
            listed.contains(name),
            "cavra {row:?}: {name} is not in `cavra schema list`"
        );
        common::assert_fits_schema(&out);
        if *row == ["drill", "audit", "--schedule-id", "payments-prod"] {
            audit_id = out["audit_id"].as_str().unwrap().to_string();
        }
        named.insert(name.to_string());
    }
    assert!(named.len() > 50, "{named:?}");
}

/// NDJSON of a whole outcome (one line) names its schema as JSON does; a
/// list's lines are its items.
#[test]
fn ndjson_of_a_whole_outcome_names_its_schema() {
    let env = Env::new();
    let run = env.ok(&["init", "--format", "ndjson"]);
    let line: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(line["schema"], "cavra.init.v1");
    common::assert_fits_schema(&line);
    let run = env.ok(&["schema", "list", "--format", "ndjson"]);
    assert!(run.stdout.lines().all(|l| l.contains("\"name\"")), "{}", run.stdout);
}

/// The leaf commands under `cmd` (space-separated paths).
fn leaves(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    if subs.is_empty() {
        out.push(path.to_string());
    }
    for sub in subs {
        let sub_path = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        leaves(sub, &sub_path, out);
    }
}

#[test]
fn every_command_printing_json_is_in_the_table() {
    let mut cmd = cavra::commands::command();
    cmd.build();
    let mut all = Vec::new();
    leaves(&cmd, "", &mut all);
    let printing_json: Vec<&String> = all
        .iter()
        .filter(|p| cavra::commands::formats_of(p).contains(&cavra::output::Format::Json))
        .collect();
    assert!(printing_json.len() > 70, "{printing_json:?}");
    let in_table = |path: &str| {
        let words: Vec<&str> = path.split(' ').collect();
        ROWS.iter().any(|row| row.starts_with(&words))
    };
    let exempt = |path: &str| EXEMPT.iter().any(|(p, _)| *p == path);
    let missing: Vec<&&String> = printing_json.iter().filter(|p| !in_table(p) && !exempt(p)).collect();
    assert!(
        missing.is_empty(),
        "commands printing JSON with no row in tests/it/schemas.rs ROWS (or EXEMPT): {missing:?}"
    );
    // Every row and exemption names a command that prints JSON.
    for row in ROWS {
        assert!(
            printing_json
                .iter()
                .any(|p| row.starts_with(&p.split(' ').collect::<Vec<_>>())),
            "{row:?} names no command printing JSON"
        );
    }
    for (path, _) in EXEMPT {
        assert!(printing_json.iter().any(|p| p == path), "{path} prints no JSON");
    }
}

#[test]
fn every_schema_file_is_listed_and_shown() {
    let env = Env::new();
    let listed = env.json(&["schema", "list"]);
    assert_eq!(listed["total"], listed["items"].as_array().unwrap().len());
    let listed: BTreeSet<String> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .map(|f| {
            f.strip_suffix(".schema.json")
                .unwrap_or_else(|| panic!("schemas/{f} is not NAME.schema.json"))
                .to_string()
        })
        .collect();
    assert_eq!(listed, files, "`cavra schema list` and schemas/ differ");
    for name in &listed {
        let shown = env.ok(&["schema", "show", name]).stdout;
        let file = std::fs::read_to_string(dir.join(format!("{name}.schema.json"))).unwrap();
        assert_eq!(shown, file, "{name}");
        let schema: Value = serde_json::from_str(&file).unwrap();
        assert!(
            schema["$id"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/{name}.schema.json")),
            "{name}: $id"
        );
        jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
        // An output schema requires its own name in `schema`.
        if schema["properties"]["schema"]["const"].is_string() {
            assert_eq!(schema["properties"]["schema"]["const"], name.as_str());
            assert!(
                schema["required"].as_array().unwrap().contains(&json!("schema")),
                "{name}: `schema` is required"
            );
        }
    }
}
