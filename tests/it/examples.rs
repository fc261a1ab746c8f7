//! Every shipped example imports cleanly and validates; every invalid
//! fixture is refused.

use crate::common;

use common::Env;

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    out.sort();
    out
}

#[test]
fn shipped_integration_examples_import_and_validate() {
    let env = Env::new();
    let examples = files("examples/integrations");
    assert!(!examples.is_empty());
    for path in &examples {
        env.ok(&["integration", "import", path.to_str().unwrap()]);
    }
    env.ok(&["validate"]);
    assert!(env.json(&["integration", "list"])["total"].as_u64().unwrap() >= 10);
}

#[test]
fn invalid_fixtures_are_refused() {
    let fixtures = files("tests/fixtures/invalid");
    assert!(!fixtures.is_empty());
    for path in &fixtures {
        let env = Env::new();
        let run = env.run(&["integration", "import", path.to_str().unwrap()]);
        assert_eq!(run.code, 4, "{} was accepted:\n{}", path.display(), run.stderr);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(run.stderr.contains(name), "the error names the file: {}", run.stderr);
        assert!(!env.store().exists(), "nothing was written for {}", path.display());
    }
}

#[test]
fn the_demo_runs_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cavra"));
    cmd.args(["demo", "--dir", target.to_str().unwrap()])
        .env_remove("CAVRA_INTEGRATION_DB")
        .env_remove("CAVRA_INTEGRATION_STORE");
    common::hermetic_git(&mut cmd, dir.path());
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Demo complete."));
    assert!(!stdout.contains("!! expected"));
    let repo = common::open_repo(&target);
    assert!(
        repo.head().unwrap().peel_to_commit().unwrap().parent_count() == 1,
        "two commits"
    );
    let mut opts = git2::StatusOptions::new();
    opts.include_ignored(false).include_untracked(true);
    let dirty: Vec<String> = repo
        .statuses(Some(&mut opts))
        .unwrap()
        .iter()
        .map(|s| s.path().unwrap_or("?").to_string())
        .collect();
    assert!(dirty.is_empty(), "the demo leaves a clean work tree: {dirty:?}");
    // The closing hint is a command that runs as printed (no `cavra` on PATH
    // is assumed: `cargo run` puts none there).
    let hint = stdout
        .lines()
        .find(|l| l.trim_end().ends_with("integration list"))
        .expect("the demo ends with a command to look around");
    let words: Vec<&str> = hint.split_whitespace().collect();
    assert_eq!(words[0], env!("CARGO_BIN_EXE_cavra"), "{hint}");
    let listed = std::process::Command::new(words[0])
        .args(&words[1..])
        .args(["--format", "json"])
        .env_remove("CAVRA_INTEGRATION_DB")
        .env_remove("CAVRA_INTEGRATION_STORE")
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("splunk-prod"));
}

#[test]
fn the_connector_example_validates_and_resolves_with_its_variables() {
    let mut env = Env::new();
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/connectors/connectors.json"),
    )
    .unwrap();
    env.write(".cavra/connectors.json", &example);
    env.ok(&["validate"]);
    let list = env.json(&["connector", "list"]);
    assert_eq!(list["total"], 11, "every provider has an example");
    // Each connector's dry run needs only its own variables.
    env.set("SPLUNK_HEC_TOKEN", "x-0123456789");
    env.write("event.json", r#"{"event_id":"e1","event_type":"policy.decision"}"#);
    env.ok(&[
        "integration",
        "deliver",
        "event.json",
        "--provider",
        "splunk",
        "--dry-run",
    ]);
}

/// Every release example (examples/release/) passes its schema, its id
/// checks and (for the export) its checksums: a dry run of its delivery
/// command accepts it.
#[test]
fn shipped_release_examples_validate() {
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"hook": {"provider": "webhook", "url": "http://127.0.0.1:9/hook"},
            "jamf": {"provider": "jamf", "url": "http://127.0.0.1:9/jamf", "token_env": "EP_TOKEN"},
            "intune": {"provider": "intune", "url": "http://127.0.0.1:9/intune", "token_env": "EP_TOKEN"}}}"#,
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/release");
    let mut seen = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&path).unwrap()) else {
                continue;
            };
            let command = match value["schema_version"].as_str() {
                Some("cavra.go-runtime.endpoint-rollout-promotion-execution.v1") => "deliver-promotion-audit",
                Some("cavra.go-runtime.endpoint-rollout-rollback-execution.v1") => "deliver-rollback-execution",
                Some("cavra.endpoint-management-export.v1") => "deliver-endpoint-export",
                _ => continue, // an artifact
            };
            let p = path.to_str().unwrap();
            env.ok(&["release", command, p, "--dry-run", "--format", "json"]);
            seen.push(command);
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "deliver-endpoint-export",
            "deliver-promotion-audit",
            "deliver-rollback-execution"
        ]
    );
}
