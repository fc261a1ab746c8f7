//! Every bad input of the foundation issue: a clear error naming file,
//! record and field, the documented exit code, and the store unchanged.

use crate::common;

use common::{Env, record, table_file};

const STORE: &str = ".cavra/api/integrations.json";

/// Each write command that must leave a broken store alone.
const WRITES: &[&[&str]] = &[
    &["integration", "add", "--provider", "new"],
    &["integration", "update", "a", "--owner", "x"],
    &["integration", "remove", "a"],
];

fn assert_unchanged_by_writes(env: &Env, code: i32) {
    let before = env.snapshot();
    for args in WRITES {
        env.fails(args, code);
    }
    assert_eq!(env.snapshot(), before, "a failed write changed .cavra/");
}

#[test]
fn malformed_json_in_the_store() {
    let env = Env::new();
    env.write(
        STORE,
        "{\n  \"checksum\": \"sha256:00\",\n  \"records\": [\n    {\"integration_id\": \"a\",\n",
    );
    let run = env.fails(&["integration", "list"], 4);
    assert!(
        run.stderr
            .contains("error: .cavra/api/integrations.json is not valid JSON (line 5"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_unchanged_by_writes(&env, 4);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains(".cavra/api/integrations.json:5: not valid JSON"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_record_with_an_unknown_enum_value() {
    let env = Env::new();
    let mut bad = record("a", "splunk");
    bad["category"] = "bogus".into();
    env.write(STORE, &table_file(&[bad]));
    let run = env.fails(&["integration", "list"], 4);
    assert!(
        run.stderr
            .contains(".cavra/api/integrations.json: record a: field category: \"bogus\" is not one of"),
        "{}",
        run.stderr
    );
    assert_unchanged_by_writes(&env, 4);
    let run = env.fails(&["validate"], 1);
    assert!(run.stdout.contains("record a: field category"), "{}", run.stdout);
}

#[test]
fn a_record_without_a_provider() {
    let env = Env::new();
    let mut bad = record("a", "splunk");
    bad.as_object_mut().unwrap().remove("provider");
    env.write(STORE, &table_file(&[bad]));
    let run = env.fails(&["integration", "show", "a"], 4);
    assert!(
        run.stderr.contains("record a: field provider: is required"),
        "{}",
        run.stderr
    );
    assert_unchanged_by_writes(&env, 4);
}

#[test]
fn a_record_with_bad_id_characters() {
    let env = Env::new();
    env.write(STORE, &table_file(&[record("Bad Id!", "splunk")]));
    let run = env.fails(&["integration", "list"], 4);
    assert!(
        run.stderr
            .contains("record Bad Id!: field integration_id: \"Bad Id!\" is not allowed: use 1 to 128 characters"),
        "{}",
        run.stderr
    );
    assert_unchanged_by_writes(&env, 4);
    // The same from the command line and from an import file.
    let run = env.fails(
        &["integration", "add", "--provider", "x", "--integration-id", "UPPER"],
        4,
    );
    assert!(run.stderr.contains("field integration_id"), "{}", run.stderr);
}

#[test]
fn a_hand_edit_that_breaks_the_checksum() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let text = env
        .read(STORE)
        .replace("\"owner\": \"platform-security\"", "\"owner\": \"mallory\"");
    env.write(STORE, &text);
    let run = env.fails(&["integration", "list"], 4);
    assert!(
        run.stderr.contains("checksum does not match the records"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: review the change with `git diff -- .cavra/api/integrations.json`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: if it is intended, reseal the store with `cavra reseal integrations`"),
        "{}",
        run.stderr
    );
    assert_unchanged_by_writes(&env, 4);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains("field checksum: does not match the records"),
        "{}",
        run.stdout
    );
    // After review, reseal accepts the edit.
    env.ok(&["reseal", "integrations"]);
    env.ok(&["validate"]);
    assert_eq!(env.json(&["integration", "show", "a"])["owner"], "mallory");
}

#[test]
fn reseal_refuses_an_invalid_edit() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    env.write(
        STORE,
        &env.read(STORE)
            .replace("\"status\": \"planned\"", "\"status\": \"sideways\""),
    );
    let before = env.snapshot();
    let run = env.fails(&["reseal", "integrations"], 4);
    assert!(run.stderr.contains("record a: field status"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn adding_an_existing_id() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let before = env.snapshot();
    let run = env.fails(
        &["integration", "add", "--provider", "jira", "--integration-id", "a"],
        3,
    );
    assert!(run.stderr.contains("integration a already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("--upsert"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
    env.ok(&[
        "integration",
        "add",
        "--provider",
        "jira",
        "--integration-id",
        "a",
        "--upsert",
    ]);
}

#[test]
fn show_and_remove_of_an_unknown_id() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let before = env.snapshot();
    for verb in ["show", "remove"] {
        let run = env.fails(&["integration", verb, "nope"], 3);
        assert!(
            run.stderr
                .contains("no integration nope in .cavra/api/integrations.json"),
            "{}",
            run.stderr
        );
    }
    env.fails(&["integration", "update", "nope", "--owner", "x"], 3);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_unreadable_store_file() {
    let env = Env::new();
    // A directory where the file should be cannot be read, even by root.
    std::fs::create_dir_all(env.path(STORE)).unwrap();
    let run = env.fails(&["integration", "list"], 5);
    assert!(
        run.stderr.contains("cannot read .cavra/api/integrations.json"),
        "{}",
        run.stderr
    );
    let before = env.snapshot();
    for args in WRITES {
        env.fails(args, 5);
    }
    assert_eq!(env.snapshot(), before);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains(".cavra/api/integrations.json: cannot read"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_store_locked_by_another_process() {
    let mut env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(env.path(".cavra/api/.locks/integrations.json.lock"))
        .unwrap();
    lock.lock().unwrap();
    env.set("CAVRA_LOCK_TIMEOUT", "0.3");
    let before = env.snapshot();
    let started = std::time::Instant::now();
    let run = env.fails(&["integration", "add", "--provider", "jira"], 5);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert!(
        run.stderr.contains("timed out after 0.3s waiting for the lock on"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("CAVRA_LOCK_TIMEOUT"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
    // Reads do not wait for writers.
    env.ok(&["integration", "list"]);
    lock.unlock().unwrap();
    env.ok(&["integration", "add", "--provider", "jira"]);
}

#[test]
fn a_truncated_last_ledger_line() {
    let env = Env::new();
    let good = ledger_lines(2);
    let torn = &good[..good.len() - 20];
    env.write(".cavra/evidence/metadata.jsonl", torn);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains(".cavra/evidence/metadata.jsonl:2: the last line is torn"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("never acknowledged"), "{}", run.stdout);
    let run = env.fails(&["validate", "--format", "json"], 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["problems"][0]["line"], 2);
    assert_eq!(v["stores"][1]["records"], 1);
}

#[test]
fn an_edited_ledger_line() {
    let env = Env::new();
    let text = ledger_lines(3).replace("\"n\":1", "\"n\":7");
    env.write(".cavra/evidence/metadata.jsonl", &text);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains("metadata.jsonl:2: field hash: does not match the line"),
        "{}",
        run.stdout
    );
}

/// `n` chained ledger lines (a single-file ledger), built with the library.
fn ledger_lines(n: u32) -> String {
    let records: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"metadata_kind": "test", "created_at": common::NOW, "n": i}))
        .collect();
    String::from_utf8(cavra::store::ledger::chain(&records)).unwrap()
}

#[test]
fn a_missing_store_is_an_empty_inventory() {
    let env = Env::bare();
    assert_eq!(
        env.json(&["integration", "list"]),
        serde_json::json!({"schema": "cavra.integration.list.v1", "items": [], "total": 0})
    );
    // validate is a gate: in a repository never set up it does not pass (issue 27).
    env.fails(&["validate"], 2);
    assert!(!env.path(".cavra").exists(), "reads create nothing");
}

#[test]
fn import_files_that_are_not_records() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let before = env.snapshot();
    env.write("bad.ndjson", "{\"provider\":\"jira\"}\n{\"provider\": \n");
    let run = env.fails(&["integration", "import", "bad.ndjson"], 4);
    assert!(
        run.stderr.contains("bad.ndjson is not JSON or NDJSON (line 2"),
        "{}",
        run.stderr
    );
    env.write("scalars.json", "[{\"provider\":\"jira\"}, 42]");
    let run = env.fails(&["integration", "import", "scalars.json"], 4);
    assert!(
        run.stderr
            .contains("scalars.json: record item 2: is a number, expected an object"),
        "{}",
        run.stderr
    );
    // One bad record among good ones: nothing is written.
    env.write(
        "mixed.json",
        r#"[{"provider":"jira"},{"provider":"slack","status":"sideways"},{"provider":"okta","colour":"red"}]"#,
    );
    let run = env.fails(&["integration", "import", "mixed.json"], 4);
    assert!(run.stderr.contains("2 problems in mixed.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("record slack-global (item 2): field status"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("record okta-global (item 3): field colour: is not a known field"),
        "{}",
        run.stderr
    );
    env.fails(&["integration", "import", "missing.json"], 5);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn secrets_are_refused_and_never_echoed() {
    let env = Env::new();
    let secret = "xoxb-1234567890-SECRETVALUE";
    let before = env.snapshot();
    let run = env.fails(
        &["integration", "add", "--provider", "slack", "--endpoint-ref", secret],
        4,
    );
    assert!(
        run.stderr
            .contains("field endpoint_ref: looks like a secret (Slack bot token)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("SECRETVALUE") && !run.stdout.contains("SECRETVALUE"));
    let run = env.fails(
        &[
            "integration",
            "add",
            "--provider",
            "jira",
            "--endpoint-ref",
            "https://bot:hunter2secret@jira.example.com",
        ],
        4,
    );
    assert!(!run.stderr.contains("hunter2secret"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
    // A secret committed by hand is reported by validate, by field only.
    let mut r = record("a", "slack");
    r["capabilities"] = serde_json::json!([secret]);
    env.write(STORE, &table_file(&[r]));
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains("record a: field capabilities/0: looks like a secret"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("SECRETVALUE"));
}

#[test]
fn validate_speaks_github_annotations_and_json() {
    let env = Env::new();
    let mut bad = record("a", "splunk");
    bad["health_status"] = "great".into();
    env.write(STORE, &table_file(&[bad]));
    let run = env.fails(&["validate", "--format", "github"], 1);
    // The annotation is placed on the line the record starts on.
    let line = record_line(&env.read(STORE), "a");
    assert!(
        run.stdout.starts_with(&format!(
            "::error file=.cavra/api/integrations.json,line={line},title=cavra validate::record a: field health_status:"
        )),
        "{}",
        run.stdout
    );
    let run = env.fails(&["validate", "--format", "json"], 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][0]["record"], "a");
    assert_eq!(v["problems"][0]["field"], "health_status");
    assert_eq!(v["problems"][0]["file"], ".cavra/api/integrations.json");
}

#[test]
fn validate_reports_unsorted_duplicate_and_noncanonical_tables() {
    let env = Env::new();
    env.write(
        STORE,
        &table_file(&[record("b", "x"), record("a", "y"), record("a", "z")]),
    );
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains("record a: field integration_id: is out of order (after b)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("record a: field integration_id: appears twice"),
        "{}",
        run.stdout
    );
    env.write(STORE, &table_file(&[record("a", "x")]).replace("  ", "    "));
    let run = env.fails(&["validate"], 1);
    assert!(run.stdout.contains("is not in canonical form"), "{}", run.stdout);
    env.ok(&["reseal", "integrations"]);
    env.ok(&["validate"]);
}

#[test]
fn bad_cavra_now_is_a_usage_error() {
    let mut env = Env::new();
    env.set("CAVRA_NOW", "yesterday");
    let run = env.fails(&["integration", "add", "--provider", "x"], 2);
    assert!(
        run.stderr.contains("CAVRA_NOW is not an RFC 3339 time"),
        "{}",
        run.stderr
    );
}

/// Issue 24, finding 8: a repeated key is refused with the key and where
/// it is, in every input (never "the last one wins"), before anything is
/// sent or written; and in a ledger line whose hash still verifies.
#[test]
fn a_repeated_key_is_refused_in_every_input_and_in_a_hash_valid_ledger_line() {
    let rx = common::http::Receiver::start(vec![common::http::status(204, "")], |_| Ok(()));
    let env = Env::new();
    let hook = serde_json::json!({"connectors": {"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}});
    env.write(".cavra/connectors.json", &hook.to_string());
    let before = env.snapshot();
    let refused = |file: &str, text: &str, args: &[&str], needle: &str| {
        env.write(file, text);
        let run = env.fails(args, 4);
        assert!(run.stderr.contains(needle), "{args:?}: {needle} not in {}", run.stderr);
        assert!(run.stderr.contains(file), "{args:?}: {}", run.stderr);
    };
    let deliver = ["integration", "deliver", "ev.json"];
    refused(
        "ev.json",
        r#"{"event_id":"evt-1","event_type":"a","event_type":"b"}"#,
        &deliver,
        r#"duplicate key "event_type" at /event_type"#,
    );
    refused(
        "ev.json",
        "{\n  \"event_id\": \"evt-1\",\n  \"event_id\": \"evt-2\"\n}\n",
        &deliver,
        "line 3",
    );
    refused(
        "ev.json",
        "{\"event_id\":\"evt-1\"}\n{\"event_id\":\"evt-2\",\"x\":{\"a\":1,\"a\":2}}\n",
        &deliver,
        r#"line 2: not valid JSON: duplicate key "a" at /x/a"#,
    );
    let import = ["integration", "import", "in.json"];
    let rec = record("a", "splunk").to_string();
    let dup = rec.replacen('{', r#"{"owner":"someone-else","#, 1);
    refused(
        "in.json",
        &format!("[{dup}]"),
        &import,
        r#"duplicate key "owner" at /0/owner"#,
    );
    refused("in.json", &format!("{rec}\n{dup}\n"), &import, "line 2");
    let promo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/release/promotion-execution.json"
    ))
    .unwrap()
    .replacen('{', r#"{"approval_id":"apr_forged","#, 1);
    refused(
        "promo.json",
        &promo,
        &["release", "deliver-promotion-audit", "promo.json"],
        r#"duplicate key "approval_id""#,
    );
    assert!(rx.hits().is_empty(), "nothing was sent");
    let after: Vec<_> = env.snapshot();
    assert_eq!(after, before, "nothing was written");

    // A ledger line repeating a key, its hash over the value the last one gives.
    env.write("ev.json", r#"{"event_id":"evt-1","event_type":"policy.decision"}"#);
    env.ok(&deliver);
    let file = env.ledger_files(".cavra/evidence/metadata.jsonl").pop().unwrap();
    let text = env.read(&file);
    let forged = text.replacen(
        r#""event_id":"evt-1""#,
        r#""event_id":"evt-forged","event_id":"evt-1""#,
        1,
    );
    assert_ne!(forged, text);
    env.write(&file, &forged);
    let run = env.fails(&["validate"], 1);
    assert!(run.stdout.contains(r#"duplicate key "event_id""#), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("{file}:1")), "{}", run.stdout);
    let run = env.fails(&["delivery", "history"], 4);
    assert!(run.stderr.contains(r#"duplicate key "event_id""#), "{}", run.stderr);
}

/// The line (from 1) on which record `id` of a table file opens (`{`).
fn record_line(text: &str, id: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let key = lines
        .iter()
        .position(|l| l.contains(&format!("\"integration_id\": \"{id}\"")))
        .unwrap();
    assert_eq!(lines[key - 1].trim(), "{", "{text}");
    key
}

/// The official SARIF 2.1.0 JSON Schema (OASIS), compiled once per test.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_sarif(validator: &jsonschema::Validator, log: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not SARIF 2.1.0: {errors:?}\n{log:#}");
}

#[test]
fn validate_writes_sarif_with_one_rule_per_kind_and_located_results() {
    let env = Env::new();
    let validator = sarif_validator();
    // The schema is really checked: a run without its tool's driver is refused.
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"tool": {}}]})));
    // Nothing wrong: a valid log with no results, exit 0.
    let run = env.ok(&["validate", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_sarif(&validator, &log);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));

    // A schema problem, a secret and an out-of-order record.
    let mut bad = record("b", "splunk");
    bad["health_status"] = "great".into();
    let mut secret = record("c", "slack");
    secret["capabilities"] = serde_json::json!(["AKIAIOSFODNN7EXAMPLE"]);
    let text = table_file(&[record("d", "x"), bad, secret]);
    env.write(STORE, &text);
    let run = env.fails(&["validate", "--format", "sarif"], 1);
    assert!(!run.stdout.contains("AKIAIOSFODNN7EXAMPLE"), "{}", run.stdout);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_sarif(&validator, &log);
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "cavra");
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = rules.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), rules.len(), "one rule per kind: {rules:?}");
    let line_of = |id: &str| record_line(&text, id);
    let results = run0["results"].as_array().unwrap();
    let find = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} result in {results:#?}"))
    };
    for (rule, id) in [("cavra/schema", "b"), ("cavra/secret", "c"), ("cavra/layout", "b")] {
        let result = find(rule);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], rule);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], STORE);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(location["region"]["startLine"], line_of(id), "{rule}: {result:#}");
        assert!(
            result["message"]["text"]
                .as_str()
                .unwrap()
                .contains(&format!("record {id}")),
            "{result:#}"
        );
    }
    assert_eq!(find("cavra/schema")["properties"]["field"], "health_status");

    // A store that is not JSON at all: located at the line of the syntax error.
    env.write(
        STORE,
        "{\n  \"checksum\": \"sha256:00\",\n  \"records\": [\n    {\"integration_id\": \"a\",\n",
    );
    let run = env.fails(&["validate", "--format", "sarif"], 1);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_sarif(&validator, &log);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "cavra/json-syntax");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 5);
}

#[test]
fn validate_in_a_repository_never_initialised_is_a_usage_error() {
    let env = Env::bare();
    for format in ["text", "json", "sarif", "github"] {
        let run = env.fails(&["validate", "--format", format], 2);
        assert!(run.stderr.contains("run `cavra init`"), "{}", run.stderr);
        assert_eq!(run.stdout, "", "{format}");
    }
    env.ok(&["init"]);
    let run = env.ok(&["validate"]);
    assert!(run.stdout.starts_with("ok"), "{}", run.stdout);
}
