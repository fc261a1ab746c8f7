//! The integration inventory through the real binary, on both backends.

use crate::common;

use common::{Env, NOW};
use serde_json::json;

/// One scenario; returns every step's (exit status, stdout) so the two
/// backends can be compared.
fn scenario(env: &Env) -> Vec<(i32, String)> {
    let steps: &[&[&str]] = &[
        &[
            "integration",
            "add",
            "--provider",
            "splunk",
            "--integration-id",
            "splunk-prod",
            "--category",
            "siem",
            "--status",
            "active",
            "--owner",
            "soc",
            "--environment",
            "production",
            "--health-status",
            "healthy",
            "--auth-mode",
            "token_env",
            "--capability",
            "event_delivery",
            "--capability",
            "search",
        ],
        &["integration", "add", "--provider", "slack", "--category", "chatops"],
        &[
            "integration",
            "add",
            "--provider",
            "jira",
            "--environment",
            "Prod EU",
            "--owner",
            "governance",
        ],
        &[
            "integration",
            "add",
            "--provider",
            "splunk",
            "--integration-id",
            "splunk-prod",
        ],
        &[
            "integration",
            "update",
            "slack-global",
            "--status",
            "paused",
            "--repository",
            "acme/app",
        ],
        &["integration", "list"],
        &["integration", "list", "--provider", "splunk"],
        &["integration", "list", "--category", "chatops", "--status", "paused"],
        &["integration", "list", "--owner", "nobody"],
        &["integration", "list", "--format", "ndjson"],
        &["integration", "list", "--format", "table"],
        &["integration", "show", "jira-prod-eu"],
        &["integration", "show", "splunk"],
        &["integration", "remove", "jira-prod-eu"],
        &["integration", "remove", "jira-prod-eu"],
        &["integration", "import", "import.ndjson"],
        &["integration", "list", "--environment", "staging"],
        &["integration", "list", "--format", "markdown"],
    ];
    env.write("import.ndjson", "{\"provider\":\"datadog\",\"environment\":\"staging\",\"category\":\"observability\"}\n{\"provider\":\"teams\",\"environment\":\"staging\"}\n");
    steps
        .iter()
        .map(|args| {
            let run = env.run(args);
            (run.code, run.stdout)
        })
        .collect()
}

#[test]
fn json_and_sqlite_backends_give_the_same_output() {
    let json_env = Env::new();
    let json_out = scenario(&json_env);
    let mut sqlite_env = Env::new();
    let db = sqlite_env.path("inventory.sqlite").display().to_string();
    sqlite_env.set("CAVRA_INTEGRATION_DB", &db);
    let sqlite_out = scenario(&sqlite_env);
    for (i, (a, b)) in json_out.iter().zip(&sqlite_out).enumerate() {
        assert_eq!(a, b, "step {i} differs between backends");
    }
    let codes: Vec<i32> = json_out.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, vec![0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0, 0, 0]);
    // The SQLite run left the JSON store alone.
    assert!(!sqlite_env.store().exists());
    assert!(json_env.store().exists());

    let list: serde_json::Value = serde_json::from_str(&json_out[5].1).unwrap();
    assert_eq!(list["total"], 3);
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["integration_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["jira-prod-eu", "slack-global", "splunk-prod"]);
    let splunk: serde_json::Value = serde_json::from_str(&json_out[6].1).unwrap();
    assert_eq!(splunk["total"], 1);
    assert_eq!(splunk["items"][0]["capabilities"], json!(["event_delivery", "search"]));
    let paused: serde_json::Value = serde_json::from_str(&json_out[7].1).unwrap();
    assert_eq!(paused["items"][0]["repositories"], json!(["acme/app"]));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json_out[8].1).unwrap(),
        json!({"schema": "cavra.integration.list.v1", "items": [], "total": 0})
    );
    assert_eq!(json_out[9].1.lines().count(), 3);
    assert!(json_out[10].1.contains("splunk-prod"));
    assert!(json_out[17].1.starts_with("| integration_id "), "{}", json_out[17].1);
    assert!(json_out[17].1.lines().nth(1).unwrap().starts_with("|----"));
}

#[test]
fn defaults_follow_the_spec() {
    let env = Env::new();
    let r = env.json(&["integration", "add", "--provider", "servicenow"]);
    assert_eq!(r["change"], "added");
    let r = &r["integration"];
    assert_eq!(r["integration_id"], "servicenow-global");
    assert_eq!(r["name"], "servicenow");
    assert_eq!(r["category"], "security");
    assert_eq!(r["status"], "planned");
    assert_eq!(r["health_status"], "not_checked");
    assert_eq!(r["owner"], "platform-security");
    assert_eq!(r["environment"], "global");
    assert_eq!(r["created_at"], NOW);
    assert_eq!(r["updated_at"], NOW);
    assert_eq!(r["capabilities"], json!([]));
    assert_eq!(r["last_checked_at"], json!(null));
}

#[test]
fn update_and_upsert_keep_created_at() {
    let mut env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "s1"]);
    env.set("CAVRA_NOW", "2026-04-01T00:00:00Z");
    let r = env.json(&[
        "integration",
        "update",
        "s1",
        "--owner",
        "soc",
        "--last-checked-at",
        "2026-03-31T23:00:00+01:00",
    ]);
    assert_eq!(r["integration"]["created_at"], NOW);
    assert_eq!(r["integration"]["updated_at"], "2026-04-01T00:00:00Z");
    assert_eq!(r["integration"]["last_checked_at"], "2026-03-31T22:00:00Z");
    env.set("CAVRA_NOW", "2026-05-01T00:00:00Z");
    let r = env.json(&[
        "integration",
        "add",
        "--provider",
        "splunk",
        "--integration-id",
        "s1",
        "--upsert",
        "--owner",
        "x",
    ]);
    assert_eq!(r["change"], "updated");
    assert_eq!(r["integration"]["created_at"], NOW);
    assert_eq!(r["integration"]["updated_at"], "2026-05-01T00:00:00Z");
    // An update that changes nothing writes nothing.
    let before = env.read(".cavra/api/integrations.json");
    env.set("CAVRA_NOW", "2026-06-01T00:00:00Z");
    let r = env.json(&["integration", "update", "s1", "--owner", "x"]);
    assert_eq!(r["change"], "unchanged");
    assert_eq!(env.read(".cavra/api/integrations.json"), before);
}

#[test]
fn show_matches_the_id_only() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "okta", "--integration-id", "idp"]);
    let run = env.fails(&["integration", "show", "okta"], 3);
    assert!(run.stderr.contains("no integration okta"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: `cavra integration list`"), "{}", run.stderr);
    assert_eq!(env.json(&["integration", "show", "idp"])["provider"], "okta");
}

#[test]
fn the_same_commands_give_the_same_bytes() {
    let a = Env::new();
    let b = Env::new();
    for env in [&a, &b] {
        env.ok(&[
            "integration",
            "add",
            "--provider",
            "zeta",
            "--capability",
            "b",
            "--capability",
            "a",
        ]);
        env.ok(&["integration", "add", "--provider", "alpha"]);
    }
    let text = a.read(".cavra/api/integrations.json");
    assert_eq!(text, b.read(".cavra/api/integrations.json"));
    assert!(text.ends_with("}\n"));
    let alpha = text.find("alpha-global").unwrap();
    assert!(alpha < text.find("zeta-global").unwrap(), "records sorted by key");
    assert!(text.starts_with("{\n  \"checksum\": \"sha256:"), "{text}");
    assert!(text.contains("\"schema\": \"cavra.integrations.v1\""));
}

#[test]
fn import_accepts_arrays_ndjson_and_store_files_and_is_idempotent() {
    let env = Env::new();
    env.write(
        "a.json",
        r#"[{"provider":"splunk","integration_id":"s"},{"provider":"jira"}]"#,
    );
    let r = env.json(&["integration", "import", "a.json"]);
    assert_eq!(r["added"], json!(["s", "jira-global"]));
    let before = env.read(".cavra/api/integrations.json");
    let r = env.json(&["integration", "import", "a.json"]);
    assert_eq!(r["unchanged"], json!(["s", "jira-global"]));
    assert_eq!(env.read(".cavra/api/integrations.json"), before);
    // A store file from another repository imports as it is.
    let other = Env::new();
    std::fs::copy(env.store(), other.path("store.json")).unwrap();
    other.ok(&["integration", "import", "store.json"]);
    assert_eq!(other.read(".cavra/api/integrations.json"), before);
    // Changed values need --upsert: a conflict, as for add.
    env.write(
        "b.ndjson",
        "{\"provider\":\"splunk\",\"integration_id\":\"s\",\"owner\":\"soc\"}\n",
    );
    let run = env.fails(&["integration", "import", "b.ndjson"], 3);
    assert!(
        run.stderr
            .contains("1 integration already exists in .cavra/api/integrations.json with other values: s"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--upsert"));
    let r = env.json(&["integration", "import", "b.ndjson", "--upsert"]);
    assert_eq!(r["updated"], json!(["s"]));
    // Standard input.
    let run = env.run_stdin(&["integration", "import", "-"], "{\"provider\":\"linux\"}\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.json(&["integration", "show", "linux-global"])["provider"], "linux");
}

#[test]
fn store_path_can_be_overridden() {
    let mut env = Env::new();
    let path = env.path("elsewhere/inv.json");
    env.set("CAVRA_INTEGRATION_STORE", &path.display().to_string());
    env.ok(&["integration", "add", "--provider", "aws"]);
    assert!(path.exists());
    assert!(!env.store().exists());
    assert_eq!(env.json(&["integration", "list"])["total"], 1);
}

#[test]
fn works_from_a_subdirectory_and_with_dash_c() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("src/deep")).unwrap();
    let out = env
        .command()
        .current_dir(env.path("src/deep"))
        .args(["integration", "add", "--provider", "gitlab"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(env.store().exists());
    let elsewhere = tempfile::tempdir().unwrap();
    let out = env
        .command()
        .current_dir(elsewhere.path())
        .args([
            "-C",
            env.root().to_str().unwrap(),
            "integration",
            "list",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 1);
}

#[test]
fn init_is_idempotent_and_ignores_locks() {
    let env = Env::new();
    let ignore = env.read(".cavra/.gitignore");
    assert!(ignore.contains(".locks/"));
    let r = env.json(&["init"]);
    assert_eq!(r["created"], json!([]));
    assert_eq!(env.read(".cavra/.gitignore"), ignore);
    env.ok(&["integration", "add", "--provider", "aws"]);
    let repo = common::open_repo(env.root());
    assert!(
        repo.is_path_ignored(std::path::Path::new(".cavra/api/.locks/integrations.json.lock"))
            .unwrap()
    );
    assert!(
        !repo
            .is_path_ignored(std::path::Path::new(".cavra/api/integrations.json"))
            .unwrap()
    );
}

#[test]
fn schema_commands_print_the_embedded_schemas() {
    let env = Env::new();
    let list = env.json(&["schema", "list"]);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"cavra.integration.v1"));
    let shown = env.ok(&["schema", "show", "cavra.integration.v1"]).stdout;
    let on_disk = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/cavra.integration.v1.schema.json"
    ))
    .unwrap();
    assert_eq!(shown, on_disk);
    env.fails(&["schema", "show", "nope"], 2);
}

#[test]
fn sqlite_migrations_are_recorded_and_idempotent() {
    let env = Env::new();
    let db = env.path("evidence.sqlite");
    let db_s = db.display().to_string();
    let r = env.json(&["evidence", "migrate", "--sqlite", &db_s]);
    assert_eq!(r["applied"], json!(["006_integrations_inventory"]));
    let r = env.json(&["evidence", "migrate", "--sqlite", &db_s]);
    assert_eq!(r["applied"], json!([]));
    assert_eq!(r["already_applied"], json!(["006_integrations_inventory"]));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (version, applied_at): (String, String) = conn
        .query_row("SELECT version, applied_at FROM schema_migrations", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((version.as_str(), applied_at.as_str()), ("006", NOW));
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'integrations' AND name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
    let indexes: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(
        indexes,
        [
            "integrations_category",
            "integrations_health_status",
            "integrations_owner",
            "integrations_provider",
            "integrations_status"
        ]
    );
}

#[test]
fn validate_reads_the_sqlite_inventory_when_selected() {
    let mut env = Env::new();
    let db = env.path("inv.sqlite").display().to_string();
    env.set("CAVRA_INTEGRATION_DB", &db);
    env.ok(&["integration", "add", "--provider", "splunk"]);
    let r = env.ok(&["validate", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["stores"][0]["kind"], "sqlite");
    assert_eq!(v["stores"][0]["records"], 1);
    let conn = rusqlite::Connection::open(env.path("inv.sqlite")).unwrap();
    conn.execute("UPDATE integrations SET category = 'bogus'", []).unwrap();
    drop(conn);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains("record splunk-global: field category"),
        "{}",
        run.stdout
    );
}

#[test]
fn version_and_help_work() {
    let env = Env::bare();
    let run = env.ok(&["--version"]);
    assert!(run.stdout.starts_with("cavra "));
    // The commit and its date, from the checkout the binary was built in
    // (build.rs; "no git commit recorded" outside one).
    let detail = run
        .stdout
        .trim()
        .strip_prefix(concat!("cavra ", env!("CARGO_PKG_VERSION"), " ("))
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    if std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists() {
        let (commit, date) = detail.split_once(' ').unwrap();
        assert!(
            commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
            "{detail}"
        );
        assert!(
            cavra::clock::Timestamp::parse(&format!("{date}T00:00:00Z")).is_some(),
            "{detail}"
        );
    } else {
        assert_eq!(detail, "no git commit recorded");
    }
    let help = env.ok(&["--help"]).stdout;
    assert!(help.contains("Exit status:"));
    assert!(help.contains("CAVRA_INTEGRATION_DB"));
    env.fails(&["integration", "list", "--category", "bogus"], 2);
    env.fails(&["integration", "list", "--format", "github"], 2);
}

#[test]
fn broken_pipe_ends_quietly() {
    let env = Env::new();
    for i in 0..300 {
        env.write(&format!("i{i}.json"), "");
    }
    let lines: String = (0..3000).map(|i| format!("{{\"provider\":\"p{i}\"}}\n")).collect();
    env.write("many.ndjson", &lines);
    env.ok(&["integration", "import", "many.ndjson"]);
    let mut child = env
        .command()
        .args(["integration", "list", "--format", "ndjson"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
