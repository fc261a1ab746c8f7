//! The git-native workflow in real repositories: validate --staged, diff,
//! the merge driver through `git merge`, and `cavra git install`.

use crate::common;

use common::Env;
use serde_json::json;

fn committed(env: &Env, message: &str) {
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "--no-verify", "-m", message]);
}

#[test]
fn validate_staged_checks_the_index_not_the_work_tree() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let good = env.read(".cavra/api/integrations.json");
    env.write(
        ".cavra/api/integrations.json",
        &good.replace("\"splunk\"", "\"splonk\""),
    );
    env.git_ok(&["add", ".cavra"]);
    env.write(".cavra/api/integrations.json", &good);
    env.ok(&["validate"]);
    let run = env.fails(&["validate", "--staged"], 1);
    assert!(
        run.stdout.contains(".cavra/api/integrations.json: field checksum"),
        "{}",
        run.stdout
    );
    env.git_ok(&["add", ".cavra"]);
    env.ok(&["validate", "--staged"]);
}

#[test]
fn diff_across_three_commits() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    env.ok(&["integration", "add", "--provider", "jira", "--integration-id", "b"]);
    committed(&env, "one");
    env.ok(&["integration", "update", "a", "--owner", "soc", "--capability", "search"]);
    env.ok(&["integration", "add", "--provider", "slack", "--integration-id", "c"]);
    committed(&env, "two");
    env.ok(&["integration", "remove", "b"]);
    env.append_evidence(&["e1"]);
    committed(&env, "three");

    let d = env.json(&["diff", "HEAD~2", "HEAD~1"]);
    assert_eq!(d["base"], "HEAD~2");
    assert_eq!(d["head"], "HEAD~1");
    assert_eq!(d["changed"], true);
    let inv = &d["stores"][0];
    assert_eq!(inv["store"], "integrations");
    assert_eq!(inv["added"].as_array().unwrap().len(), 1);
    assert_eq!(inv["added"][0]["key"], "c");
    assert_eq!(inv["added"][0]["record"]["provider"], "slack");
    assert_eq!(inv["removed"], json!([]));
    assert_eq!(
        inv["changed"],
        json!([{"key": "a", "fields": [
            {"field": "capabilities", "before": [], "after": ["search"]},
            {"field": "owner", "before": "platform-security", "after": "soc"},
        ]}])
    );
    assert_eq!(
        d["stores"][1],
        json!({"store": "evidence-metadata", "kind": "ledger", "path": ".cavra/evidence/metadata.jsonl", "added": [], "removed": [], "changed": []})
    );

    let d = env.json(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(d["stores"][0]["removed"][0]["key"], "b");
    assert_eq!(d["stores"][0]["added"], json!([]));
    assert_eq!(d["stores"][0]["changed"], json!([]));
    assert_eq!(d["stores"][1]["added"][0]["key"], "seq 1");
    assert_eq!(d["stores"][1]["added"][0]["record"]["event_id"], "e1");

    // Default: HEAD against the working tree.
    env.ok(&["diff", "--exit-code"]);
    assert_eq!(env.json(&["diff"])["changed"], false);
    env.ok(&["integration", "update", "c", "--status", "active"]);
    let run = env.fails(&["diff", "--exit-code", "--format", "json"], 1);
    let d: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(d["head"], "working tree");
    assert_eq!(
        d["stores"][0]["changed"][0]["fields"][0],
        json!({"field": "status", "before": "planned", "after": "active"})
    );
    let md = env.ok(&["diff", "--format", "markdown"]).stdout;
    assert!(md.starts_with("### cavra: store changes (HEAD → working tree)"), "{md}");
    assert!(md.contains("| `.cavra/api/integrations.json` | 0 | 0 | 1 |"), "{md}");
    assert!(md.contains("| integrations | changed | c"), "{md}");
    let table = env.ok(&["diff", "--format", "table"]).stdout;
    assert!(
        table.contains("changed   c        status   planned   active"),
        "{table}"
    );
    env.fails(&["diff", "nope"], 2);
}

fn install(env: &Env) {
    let r = env.json(&["git", "install"]);
    assert!(
        r["steps"].as_array().unwrap().iter().all(|s| s["action"] != "skipped"),
        "{r}"
    );
}

#[test]
fn two_branches_adding_records_and_ledger_lines_merge_cleanly() {
    let env = Env::new();
    install(&env);
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "base"]);
    env.append_evidence(&["e0"]);
    committed(&env, "base");
    env.git_ok(&["checkout", "-q", "-b", "feature"]);
    env.ok(&[
        "integration",
        "add",
        "--provider",
        "jira",
        "--integration-id",
        "from-feature",
    ]);
    env.append_evidence(&["feature-1", "feature-2"]);
    env.git_ok(&["commit", "-qam", "feature"]);
    env.git_ok(&["checkout", "-q", "-"]);
    env.ok(&[
        "integration",
        "add",
        "--provider",
        "slack",
        "--integration-id",
        "from-main",
    ]);
    env.ok(&["integration", "update", "base", "--owner", "soc"]);
    env.append_evidence(&["main-1"]);
    env.git_ok(&["commit", "-qam", "main"]);

    let merge = env.git(&["merge", "--no-edit", "feature"]);
    assert_eq!(merge.code, 0, "{}\n{}", merge.stdout, merge.stderr);
    env.ok(&["validate"]);
    let ids: Vec<String> = env.json(&["integration", "list"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["integration_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["base", "from-feature", "from-main"]);
    assert_eq!(env.json(&["integration", "show", "base"])["owner"], "soc");
    let events = ledger_events(&env);
    assert_eq!(events, ["e0", "main-1", "feature-1", "feature-2"]);
    assert!(env.git_ok(&["status", "--porcelain"]).stdout.is_empty());
}

/// The `event_id`s of the evidence ledger, in order.
fn ledger_events(env: &Env) -> Vec<String> {
    env.ledger_records(".cavra/evidence/metadata.jsonl")
        .iter()
        .map(|r| r["event_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_cherry_picked_entry_is_merged_once() {
    let env = Env::new();
    install(&env);
    env.append_evidence(&["e0"]);
    committed(&env, "base");
    env.git_ok(&["checkout", "-q", "-b", "feature"]);
    env.append_evidence(&["f1"]);
    committed(&env, "f1");
    let picked = env.git_ok(&["rev-parse", "HEAD"]).stdout;
    env.append_evidence(&["f2"]);
    committed(&env, "f2");
    env.git_ok(&["checkout", "-q", "-"]);
    env.git_ok(&["cherry-pick", picked.trim()]);
    env.append_evidence(&["m1"]);
    committed(&env, "m1");
    let merge = env.git(&["merge", "--no-edit", "feature"]);
    assert_eq!(merge.code, 0, "{}\n{}", merge.stdout, merge.stderr);
    env.ok(&["validate"]);
    assert_eq!(ledger_events(&env), ["e0", "f1", "m1", "f2"]);
    // A side that already holds the other's lines adds nothing twice.
    env.git_ok(&["checkout", "-q", "feature"]);
    env.append_evidence(&["f3"]);
    committed(&env, "f3");
    env.git_ok(&["checkout", "-q", "-"]);
    let merge = env.git(&["merge", "--no-edit", "feature"]);
    assert_eq!(merge.code, 0, "{}\n{}", merge.stdout, merge.stderr);
    env.ok(&["validate"]);
    assert_eq!(ledger_events(&env), ["e0", "f1", "m1", "f2", "f3"]);
}

#[test]
fn two_branches_editing_the_same_record_conflict() {
    let env = Env::new();
    install(&env);
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    committed(&env, "base");
    env.git_ok(&["checkout", "-q", "-b", "feature"]);
    env.ok(&["integration", "update", "a", "--owner", "feature-team"]);
    env.git_ok(&["commit", "-qam", "feature"]);
    env.git_ok(&["checkout", "-q", "-"]);
    env.ok(&["integration", "update", "a", "--owner", "main-team"]);
    env.git_ok(&["commit", "-qam", "main"]);

    let merge = env.git(&["merge", "--no-edit", "feature"]);
    assert_ne!(merge.code, 0);
    assert!(merge.stdout.contains("CONFLICT"), "{}\n{}", merge.stdout, merge.stderr);
    assert!(
        merge
            .stderr
            .contains("cavra: .cavra/api/integrations.json has 1 conflicting record(s): a"),
        "{}",
        merge.stderr
    );
    let text = env.read(".cavra/api/integrations.json");
    assert!(
        text.contains("<<<<<<< ours") && text.contains("=======") && text.contains(">>>>>>> theirs"),
        "{text}"
    );
    assert!(text.contains("main-team") && text.contains("feature-team"));
    assert!(
        env.git_ok(&["status", "--porcelain"])
            .stdout
            .contains("UU .cavra/api/integrations.json")
    );
    env.fails(&["validate"], 1);
}

#[test]
fn git_install_is_idempotent_and_respects_foreign_hooks() {
    let env = Env::new();
    install(&env);
    let attributes = env.read(".gitattributes");
    assert!(attributes.contains(".cavra/api/integrations.json merge=cavra"));
    assert!(attributes.contains(".cavra/evidence/metadata.jsonl merge=cavra"));
    let r = env.json(&["git", "install"]);
    assert!(
        r["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["action"] == "unchanged"),
        "{r}"
    );
    assert_eq!(env.read(".gitattributes"), attributes);
    let driver = env.git_ok(&["config", "merge.cavra.driver"]).stdout;
    assert!(driver.trim_end().ends_with("git merge-driver %O %A %B %P"), "{driver}");

    // The hook blocks a commit of a broken store.
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    env.write(
        ".cavra/api/integrations.json",
        &env.read(".cavra/api/integrations.json").replace("splunk", "splonk"),
    );
    env.git_ok(&["add", "-A"]);
    let commit = env.git(&["commit", "-qm", "broken"]);
    assert_ne!(commit.code, 0, "the pre-commit hook refused the commit");
    let said = format!("{}{}", commit.stdout, commit.stderr);
    assert!(said.contains("field checksum"), "{said}");

    let other = Env::new();
    other.write(".git/hooks/pre-commit", "#!/bin/sh\necho mine\n");
    let r = other.json(&["git", "install"]);
    assert_eq!(r["steps"][2]["action"], "skipped");
    assert_eq!(other.read(".git/hooks/pre-commit"), "#!/bin/sh\necho mine\n");

    // Files that are not UTF-8 are kept: a foreign binary hook is left
    // alone, a .gitattributes is appended to, never replaced.
    let binary = Env::new();
    let hook: &[u8] = b"\x7fELF\xff\xfe not a script";
    let attrs: &[u8] = b"*.bin binary # \xe9t\xe9\n";
    std::fs::write(binary.path(".git/hooks/pre-commit"), hook).unwrap();
    std::fs::write(binary.path(".gitattributes"), attrs).unwrap();
    let r = binary.json(&["git", "install"]);
    assert_eq!(r["steps"][2]["action"], "skipped");
    assert_eq!(std::fs::read(binary.path(".git/hooks/pre-commit")).unwrap(), hook);
    let after = std::fs::read(binary.path(".gitattributes")).unwrap();
    assert!(after.starts_with(attrs), "{after:?}");
    assert!(String::from_utf8_lossy(&after).contains(".cavra/api/integrations.json merge=cavra"));
}
