//! Store integrity through the real binary: every path reads tables through
//! the one verified reader, and the merge driver cannot be walked past.

use crate::common;

use common::{Env, record, table_file};

const STORE: &str = ".cavra/api/integrations.json";

fn committed(env: &Env, message: &str) {
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "--no-verify", "-m", message]);
}

fn install(env: &Env) {
    env.ok(&["git", "install"]);
}

/// Every write command on a store `env` holds, with what it must exit.
fn writes_fail(env: &Env, code: i32, needle: &str) {
    env.write(
        "one.ndjson",
        "{\"provider\":\"jira\",\"integration_id\":\"imported\"}\n",
    );
    let before = env.snapshot();
    for args in [
        &["integration", "add", "--provider", "jira", "--integration-id", "new"][..],
        &["integration", "update", "a", "--owner", "x"],
        &["integration", "remove", "a"],
        &["integration", "import", "one.ndjson"],
        &["integration", "list"],
    ] {
        let run = env.fails(args, code);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    }
    assert_eq!(env.snapshot(), before, "a refused write changed the repository");
}

#[test]
fn numbers_that_do_not_fit_and_deep_nesting_are_data_errors_never_panics() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    for (value, needle) in [
        ("1e400", "a number does not fit"),
        ("-1e999", "a number does not fit"),
        (deep.as_str(), "nested deeper than 64 levels"),
    ] {
        let env = Env::new();
        let mut text = table_file(&[record("a", "splunk")]);
        text = text.replace("\"owner\": \"soc\"", &format!("\"owner\": {value}"));
        env.write(STORE, &text);
        writes_fail(&env, 4, needle);
        let run = env.fails(&["validate"], 1);
        assert!(run.stdout.contains(needle), "{}", run.stdout);
        assert!(run.stdout.contains("record a"), "{}", run.stdout);
        // A long pointer is named by its length, never quoted (issue 26:
        // a message names how long a value is, not what it holds).
        assert!(
            run.stdout.contains("field /owner") || run.stdout.contains("field [a name of "),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn unsorted_or_duplicate_records_behind_a_correct_checksum_are_refused() {
    for (records, needle) in [
        (vec![record("c", "x"), record("a", "x")], "is out of order (after c)"),
        (vec![record("a", "x"), record("a", "x")], "appears twice"),
    ] {
        let env = Env::new();
        env.write(STORE, &table_file(&records));
        writes_fail(&env, 4, needle);
        let run = env.fails(&["validate"], 1);
        assert!(run.stdout.contains(needle), "{}", run.stdout);
    }
    // A repeated field inside a record is refused too (the last one would win).
    let env = Env::new();
    let text = table_file(&[record("a", "splunk")]).replace(
        "\"owner\": \"soc\",",
        "\"owner\": \"soc\",\n      \"owner\": \"mallory\",",
    );
    env.write(STORE, &text);
    writes_fail(&env, 4, "duplicate key \"owner\"");
}

#[test]
fn a_merge_of_an_unresealed_hand_edit_is_a_conflict_naming_side_and_file() {
    let env = Env::new();
    install(&env);
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    committed(&env, "base");
    env.git_ok(&["checkout", "-q", "-b", "feature"]);
    // Hand edit, committed past the hook, never resealed.
    let edited = env
        .read(STORE)
        .replace("\"owner\": \"platform-security\"", "\"owner\": \"mallory\"");
    assert_ne!(edited, env.read(STORE), "the fixture must change the owner");
    env.write(STORE, &edited);
    committed(&env, "hand edit");
    env.git_ok(&["checkout", "-q", "-"]);
    env.ok(&["integration", "add", "--provider", "jira", "--integration-id", "b"]);
    committed(&env, "main");
    let ours = env.read(STORE);

    let merge = env.git(&["merge", "--no-edit", "feature"]);
    assert_ne!(merge.code, 0, "{}\n{}", merge.stdout, merge.stderr);
    assert!(
        merge
            .stderr
            .contains("theirs side does not verify: .cavra/api/integrations.json: field checksum"),
        "{}",
        merge.stderr
    );
    assert!(merge.stderr.contains("ours is left as it was"), "{}", merge.stderr);
    assert!(!merge.stderr.contains("resolve the markers"), "no markers were written");
    assert_eq!(env.read(STORE), ours, "nothing resealed: ours is left as it was");
    assert!(!env.read(STORE).contains("mallory"));
    env.ok(&["validate"]);
}

#[test]
fn leftover_conflict_markers_are_named_and_either_side_resolves_to_valid_json() {
    let env = Env::new();
    install(&env);
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "m"]);
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "z"]);
    committed(&env, "base");
    env.git_ok(&["checkout", "-q", "-b", "feature"]);
    env.ok(&["integration", "update", "m", "--owner", "feature-team"]);
    env.ok(&["integration", "remove", "z"]);
    env.git_ok(&["commit", "-qam", "feature"]);
    env.git_ok(&["checkout", "-q", "-"]);
    env.ok(&["integration", "update", "m", "--owner", "main-team"]);
    env.ok(&["integration", "update", "z", "--owner", "main-team"]);
    env.git_ok(&["commit", "-qam", "main"]);
    assert_ne!(env.git(&["merge", "--no-edit", "feature"]).code, 0);

    let text = env.read(STORE);
    assert!(!text.contains(">>>>>>> theirs,"), "{text}");
    let marker = text.lines().position(|l| l.starts_with("<<<<<<<")).unwrap() + 1;
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains(&format!("unresolved merge conflict marker `<<<<<<<` at line {marker}")),
        "{}",
        run.stdout
    );
    let run = env.fails(&["reseal", "integrations"], 4);
    assert!(run.stderr.contains("conflict marker"), "{}", run.stderr);

    // Keep theirs everywhere: valid JSON, then reseal after review.
    let mut kept = String::new();
    let mut side = None;
    for line in text.lines() {
        match line {
            l if l.starts_with("<<<<<<<") => side = Some("ours"),
            "=======" => side = Some("theirs"),
            l if l.starts_with(">>>>>>>") => side = None,
            l if side.is_none() || side == Some("theirs") => {
                kept.push_str(l);
                kept.push('\n');
            }
            _ => {}
        }
    }
    serde_json::from_str::<serde_json::Value>(&kept).unwrap_or_else(|e| panic!("{e}:\n{kept}"));
    env.write(STORE, &kept);
    env.ok(&["reseal", "integrations"]);
    env.ok(&["validate"]);
    assert_eq!(env.json(&["integration", "show", "m"])["owner"], "feature-team");
    env.fails(&["integration", "show", "z"], 3);
}

/// A store as cavra wrote it before the key-first layout: every object's
/// keys sorted, the checksum over that compact form.
fn sorted_layout_file(records: &[serde_json::Value]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(serde_json::to_string(records).unwrap().as_bytes());
    let sum: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let file =
        serde_json::json!({"checksum": format!("sha256:{sum}"), "records": records, "schema": "cavra.integrations.v1"});
    serde_json::to_string_pretty(&file).unwrap() + "\n"
}

#[test]
fn ops_migrate_rewrites_a_sorted_layout_store_key_first_once() {
    let env = Env::new();
    let records = [record("a", "splunk"), record("b", "jira")];
    env.write(STORE, &sorted_layout_file(&records));
    // The old layout still verifies for reads, and validate says what to run.
    assert_eq!(env.json(&["integration", "list"])["total"], 2);
    let run = env.fails(&["validate"], 1);
    assert!(run.stdout.contains("cavra ops migrate"), "{}", run.stdout);

    let out = env.json(&["ops", "migrate"]);
    assert_eq!(out["stores"][0]["store"], "integrations");
    assert_eq!(out["stores"][0]["action"], "rewritten");
    assert_eq!(out["stores"][0]["records"], 2);
    env.ok(&["validate"]);
    let text = env.read(STORE);
    assert!(
        text.contains("    {\n      \"integration_id\": \"a\",\n      \"auth_mode\": null,"),
        "{text}"
    );
    assert_eq!(env.json(&["ops", "migrate"])["stores"][0]["action"], "current");
    assert_eq!(env.read(STORE), text);

    // A hand edit of an old-layout store is refused, not blessed.
    let env = Env::new();
    env.write(
        STORE,
        &sorted_layout_file(&records).replace("\"owner\": \"soc\"", "\"owner\": \"mallory\""),
    );
    let run = env.fails(&["ops", "migrate"], 4);
    assert!(run.stderr.contains("checksum"), "{}", run.stderr);
    assert!(env.read(STORE).contains("mallory") && !env.read(STORE).starts_with("{\n  \"checksum\": \"sha256:0"));
}

#[test]
fn git_diff_hunk_headers_name_the_record() {
    let env = Env::new();
    install(&env);
    for id in ["alpha", "bravo", "charlie"] {
        env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", id]);
    }
    committed(&env, "base");
    env.ok(&["integration", "update", "bravo", "--status", "active"]);
    let diff = env.git_ok(&["diff", "-U1", "--", STORE]).stdout;
    let headers: Vec<&str> = diff.lines().filter(|l| l.starts_with("@@")).collect();
    assert!(
        headers
            .iter()
            .any(|h| h.ends_with("@@       \"integration_id\": \"bravo\",")),
        "{diff}"
    );
}
