//! Store operations: stores, backup, restore, retention plans, repair.

use crate::common;

use common::Env;
use serde_json::json;

/// Two integrations and a two-entry evidence ledger kept as one file (the
/// layout before segments, which backups here copy as one file).
fn populated() -> Env {
    let env = Env::new();
    env.write(".cavra/evidence/metadata.jsonl", "");
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    env.ok(&["integration", "add", "--provider", "jira", "--integration-id", "b"]);
    env.append_evidence(&["e1", "e2"]);
    env
}

fn backup(env: &Env) -> std::path::PathBuf {
    let dir = env.path("backup");
    env.ok(&["ops", "backup", "--output", dir.to_str().unwrap()]);
    dir.join("manifest.json")
}

fn wipe(env: &Env) {
    std::fs::remove_file(env.store()).unwrap();
    std::fs::remove_file(env.path(".cavra/evidence/metadata.jsonl")).unwrap();
}

/// Rewrites a manifest through `edit` and reseals its own checksum, so
/// only the edit itself can be refused.
fn edit_manifest(path: &std::path::Path, edit: impl FnOnce(&mut cavra::ops::backup::Manifest)) {
    let mut m: cavra::ops::backup::Manifest = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    edit(&mut m);
    m.checksum = m.compute_checksum();
    std::fs::write(path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

#[test]
fn ops_stores_lists_every_store() {
    let env = populated();
    let v = env.json(&["ops", "stores"]);
    assert_eq!(v["schema"], "cavra.persistent_api.stores.v1");
    let s = &v["stores"];
    assert_eq!(s[0]["name"], "integrations");
    assert_eq!(s[0]["kind"], "table");
    assert_eq!(s[0]["path"], ".cavra/api/integrations.json");
    assert_eq!(s[0]["configured_by"], "default");
    assert_eq!(s[0]["records"], 2);
    assert_eq!(s[0]["checksum_state"], "ok");
    assert_eq!(s[1]["name"], "evidence-metadata");
    assert_eq!(s[1]["records"], 2);
    assert_eq!(s[1]["checksum_state"], "ok");
    env.write(
        ".cavra/api/integrations.json",
        &env.read(".cavra/api/integrations.json").replace("\"jira\"", "\"jura\""),
    );
    assert_eq!(
        env.json(&["ops", "stores"])["stores"][0]["checksum_state"],
        "checksum_mismatch"
    );
    // The ledger's states: a torn last line, then a broken chain.
    let ledger = env.read(".cavra/evidence/metadata.jsonl");
    let state = |env: &Env| env.json(&["ops", "stores"])["stores"][1]["checksum_state"].clone();
    env.write(".cavra/evidence/metadata.jsonl", &format!("{ledger}{{\"seq\":3"));
    assert_eq!(state(&env), "torn_tail");
    env.write(
        ".cavra/evidence/metadata.jsonl",
        &ledger.replacen("\"seq\":1", "\"seq\":7", 1),
    );
    assert_eq!(state(&env), "chain_broken");
    env.write(".cavra/evidence/metadata.jsonl", &ledger);
    assert_eq!(state(&env), "ok");
}

#[test]
fn backup_wipe_restore_gives_identical_stores() {
    let env = populated();
    let before = env.snapshot();
    let manifest = backup(&env);
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    assert_eq!(m["schema"], "cavra.persistent_api.backup.v1");
    assert_eq!(m["created_at"], common::NOW);
    assert_eq!(m["git"]["dirty"], false);
    assert_eq!(m["stores"][0]["backup_path"], "stores/integrations.json");
    assert_eq!(m["stores"][1]["source_path"], ".cavra/evidence/metadata.jsonl");
    wipe(&env);
    let r = env.json(&["ops", "restore", manifest.to_str().unwrap(), "--verify"]);
    assert_eq!(r["files"][0]["action"], "create");
    assert_eq!(r["files"][0]["verified"], true);
    assert_eq!(env.snapshot(), before);
    env.ok(&["validate"]);
}

#[test]
fn backups_are_deterministic() {
    let env = populated();
    let a = std::fs::read(backup(&env)).unwrap();
    std::fs::remove_dir_all(env.path("backup")).unwrap();
    let b = std::fs::read(backup(&env)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_backup_with_one_changed_byte_restores_nothing() {
    let env = populated();
    let manifest = backup(&env);
    let copy = env.path("backup/stores/evidence-metadata.jsonl");
    let mut bytes = std::fs::read(&copy).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&copy, bytes).unwrap();
    wipe(&env);
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap()], 4);
    assert!(
        run.stderr
            .contains("stores/evidence-metadata.jsonl does not match the manifest"),
        "{}",
        run.stderr
    );
    assert!(!env.store().exists(), "the intact store was not restored either");
}

#[test]
fn a_manifest_with_a_changed_byte_is_refused() {
    let env = populated();
    let manifest = backup(&env);
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("\"dirty\": false", "\"dirty\": true");
    std::fs::write(&manifest, text).unwrap();
    wipe(&env);
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap()], 4);
    assert!(
        run.stderr.contains("the manifest's checksum does not match"),
        "{}",
        run.stderr
    );
    assert!(!env.store().exists());
}

#[test]
fn paths_leaving_the_backup_or_the_target_are_refused() {
    for (field, value) in [
        ("backup", "../../etc/passwd"),
        ("backup", "/etc/passwd"),
        ("source", "../../outside.json"),
        ("source", "/tmp/cavra-absolute-target.json"),
    ] {
        let env = populated();
        let manifest = backup(&env);
        edit_manifest(&manifest, |m| {
            if field == "backup" {
                m.stores[0].backup_path = value.into();
            } else {
                m.stores[0].source_path = value.into();
            }
        });
        wipe(&env);
        let run = env.fails(&["ops", "restore", manifest.to_str().unwrap()], 4);
        let refused = if field == "backup" {
            "leaves the"
        } else {
            "may only be restored to its own path"
        };
        assert!(run.stderr.contains(refused), "{field} {value}: {}", run.stderr);
        assert!(!env.store().exists(), "{field} {value}: nothing restored");
        assert!(!std::path::Path::new("/tmp/cavra-absolute-target.json").exists());
    }
}

#[test]
fn a_symlink_in_the_backup_folder_is_refused() {
    let env = populated();
    let manifest = backup(&env);
    let copy = env.path("backup/stores/integrations.json");
    let elsewhere = env.path("elsewhere.json");
    std::fs::rename(&copy, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &copy).unwrap();
    wipe(&env);
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap()], 4);
    assert!(run.stderr.contains("goes through a symlink"), "{}", run.stderr);
    assert!(!env.store().exists());
}

#[test]
fn restore_onto_existing_files_needs_overwrite() {
    let env = populated();
    let manifest = backup(&env);
    let m = manifest.to_str().unwrap();
    env.ok(&["integration", "add", "--provider", "okta", "--integration-id", "c"]);
    let changed = env.snapshot();
    let run = env.fails(&["ops", "restore", m], 3);
    assert!(
        run.stderr.contains("exists and differs from the backup"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--overwrite"), "{}", run.stderr);
    assert_eq!(env.snapshot(), changed);
    // A dry run never fails because files differ: it lists them.
    let r = env.json(&["ops", "restore", m, "--dry-run"]);
    assert_eq!(r["needs_overwrite"], json!([".cavra/api/integrations.json"]));
    assert_eq!(env.snapshot(), changed, "a dry run writes nothing");
    let r = env.json(&["ops", "restore", m, "--overwrite", "--dry-run"]);
    assert_eq!(r["needs_overwrite"], json!([]));
    assert_eq!(r["files"][0]["action"], "replace");
    assert_eq!(r["files"][1]["action"], "unchanged");
    assert_eq!(env.snapshot(), changed, "a dry run writes nothing");
    env.ok(&["ops", "restore", m, "--overwrite"]);
    assert_eq!(env.json(&["integration", "list"])["total"], 2);
}

#[test]
fn restore_into_another_directory_and_from_a_revision() {
    let env = populated();
    let manifest = backup(&env);
    let target = env.path("restored");
    env.ok(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--target-dir",
        target.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(target.join(".cavra/api/integrations.json")).unwrap(),
        std::fs::read(env.store()).unwrap()
    );

    env.git_ok(&["add", "-A", ".cavra"]);
    env.git_ok(&["commit", "-qm", "stores"]);
    let committed = env.snapshot();
    env.ok(&["integration", "remove", "a"]);
    let run = env.fails(&["ops", "restore", "--from-rev", "HEAD"], 3);
    assert!(run.stderr.contains("exists and differs"), "{}", run.stderr);
    env.ok(&["ops", "restore", "--from-rev", "HEAD", "--overwrite", "--verify"]);
    assert_eq!(env.snapshot(), committed);
    env.fails(&["ops", "restore", "--from-rev", "no-such-rev"], 2);
}

#[test]
fn the_sqlite_inventory_is_backed_up_through_sqlite() {
    let mut env = Env::new();
    let db = env.path("inv.sqlite").display().to_string();
    env.set("CAVRA_INTEGRATION_DB", &db);
    env.ok(&["integration", "add", "--provider", "splunk"]);
    let manifest = backup(&env);
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(m["stores"][0]["kind"], "sqlite");
    let copy = env.path("backup/stores/integrations.sqlite");
    let conn = rusqlite::Connection::open(copy).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM integrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn retention_plans_are_deterministic_and_complete() {
    let env = populated();
    let out = env.path("plan");
    let args = [
        "ops",
        "retention-plan",
        "--output",
        out.to_str().unwrap(),
        "--retention-days",
        "30",
        "--as-of",
        "2026-05-01",
    ];
    env.ok(&args);
    let json1 = std::fs::read(out.join("retention-plan.json")).unwrap();
    let md1 = std::fs::read(out.join("retention-plan.md")).unwrap();
    env.ok(&args);
    assert_eq!(std::fs::read(out.join("retention-plan.json")).unwrap(), json1);
    assert_eq!(std::fs::read(out.join("retention-plan.md")).unwrap(), md1);
    let plan: serde_json::Value = serde_json::from_slice(&json1).unwrap();
    assert_eq!(plan["schema"], "cavra.persistent_api.retention.v1");
    assert_eq!(plan["retain_until"], "2026-05-31T00:00:00Z");
    assert_eq!(plan["delete_protection"], json!({"protected": false, "reason": null}));
    assert_eq!(plan["backup_frequency"], "weekly");
    assert_eq!(plan["stores"][0]["records"], 2);
    assert_eq!(plan["stores"][0]["by_age"]["31-90"], 2);
    assert_eq!(
        plan["stores"][0]["expired"], 2,
        "records from 2026-03-01 are past 30 days on 2026-05-01"
    );

    // Plans into the same folder: the retention days, the date, and more.
    let plan_with = |days: &str, extra: &[&str]| {
        let mut args = vec!["ops", "retention-plan", "--output", out.to_str().unwrap()];
        args.extend(["--retention-days", days, "--as-of", "2026-03-15"]);
        args.extend(extra);
        env.json(&args)
    };
    let r = plan_with("400", &["--classification", "restricted"]);
    let plan = &r["plan"];
    assert_eq!(plan["delete_protection"]["reason"], "retention_at_least_365_days");
    assert_eq!(plan["restore_test_frequency"], "monthly");
    assert_eq!(plan["stores"][0]["expired"], 0);
    assert_eq!(
        plan["stores"][1]["expiring"],
        json!({}),
        "400 days is beyond the 12-month window"
    );
    let r = plan_with("30", &["--legal-hold"]);
    assert_eq!(r["plan"]["delete_protection"]["reason"], "legal_hold");
    assert_eq!(r["plan"]["stores"][0]["expiring"], json!({}));
    let r = plan_with("30", &[]);
    assert_eq!(r["plan"]["stores"][0]["expiring"], json!({"2026-03": 2}));

    for bad in ["0", "-5"] {
        let run = env.fails(
            &[
                "ops",
                "retention-plan",
                "--output",
                out.to_str().unwrap(),
                "--retention-days",
                bad,
            ],
            2,
        );
        assert!(
            run.stderr.contains("retention must be between 1 and 36500 days"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn repair_truncates_a_torn_tail_and_reports_the_rest() {
    let env = populated();
    let ledger = env.path(".cavra/evidence/metadata.jsonl");
    let good = std::fs::read(&ledger).unwrap();
    let mut torn = good.clone();
    torn.extend_from_slice(b"{\"hash\":\"sha256:12");
    std::fs::write(&ledger, &torn).unwrap();
    env.fails(&["validate"], 1);
    let r = env.json(&["ops", "repair"]);
    assert_eq!(r["repaired"][0]["bytes_removed"], 18);
    assert_eq!(r["remaining"], json!([]));
    assert_eq!(std::fs::read(&ledger).unwrap(), good);
    env.ok(&["validate"]);
    assert_eq!(
        env.run(&["ops", "repair", "--format", "text"]).stdout,
        "nothing to repair\n"
    );
    // A complete entry that lost only its newline verifies: kept, the newline added.
    std::fs::write(&ledger, &good[..good.len() - 1]).unwrap();
    env.ok(&["validate"]);
    let r = env.json(&["ops", "repair"]);
    assert_eq!(r["repaired"][0]["bytes_removed"], 0);
    assert_eq!(r["repaired"][0]["bytes_added"], 1);
    assert_eq!(std::fs::read(&ledger).unwrap(), good);
    // A hand edit is reported, never "repaired".
    let edited = env.read(".cavra/api/integrations.json").replace("\"jira\"", "\"jura\"");
    env.write(".cavra/api/integrations.json", &edited);
    let run = env.fails(&["ops", "repair", "--format", "json"], 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["remaining"][0]["field"], "checksum");
    assert_eq!(env.read(".cavra/api/integrations.json"), edited);
}

#[test]
fn the_connector_configuration_is_a_store_too() {
    let env = populated();
    let config =
        json!({"connectors": {"splunk": {"provider": "splunk", "url_env": "HEC_URL", "token_env": "HEC_TOKEN"}}});
    env.write(
        ".cavra/connectors.json",
        &serde_json::to_string_pretty(&config).unwrap(),
    );
    let s = env.json(&["ops", "stores"]);
    assert_eq!(s["stores"][2]["name"], "connectors");
    assert_eq!(s["stores"][2]["kind"], "config");
    assert_eq!(s["stores"][2]["records"], 1);
    assert_eq!(s["stores"][2]["checksum_state"], "ok");
    let manifest = backup(&env);
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(m["stores"][2]["source_path"], ".cavra/connectors.json");
    env.git_ok(&["add", "-A", ".cavra"]);
    env.git_ok(&["commit", "-qm", "config"]);
    let changed =
        json!({"connectors": {"splunk": {"provider": "splunk", "url_env": "HEC_URL", "token_env": "HEC_TOKEN2"}}});
    env.write(
        ".cavra/connectors.json",
        &serde_json::to_string_pretty(&changed).unwrap(),
    );
    let d = env.json(&["diff"]);
    assert_eq!(
        d["stores"][2]["changed"],
        json!([{"key": "splunk", "fields": [{"field": "token_env", "before": "HEC_TOKEN", "after": "HEC_TOKEN2"}]}])
    );
    // A literal secret in it fails validation and marks it invalid.
    let secret =
        json!({"connectors": {"splunk": {"provider": "splunk", "url_env": "HEC_URL", "token": "abc-literal-77"}}});
    env.write(
        ".cavra/connectors.json",
        &serde_json::to_string_pretty(&secret).unwrap(),
    );
    assert_eq!(env.json(&["ops", "stores"])["stores"][2]["checksum_state"], "invalid");
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains("record splunk: field token: a secret must not be written"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("abc-literal-77") && !run.stderr.contains("abc-literal-77"),
        "the refused value is not repeated:\n{}",
        run.stdout
    );
}

#[test]
fn json_outputs_name_a_schema_that_schema_show_prints_and_they_pass_it() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--owner", "soc"]);
    let backup_dir = env.path("backup");
    let outputs = [
        env.json(&["ops", "stores"]),
        env.json(&["ops", "backup", "--output", backup_dir.to_str().unwrap()]),
        env.json(&["validate"]),
        serde_json::from_str(&env.read("backup/manifest.json")).unwrap(),
    ];
    let listed = env.json(&["schema", "list"]);
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    for output in &outputs {
        common::assert_fits_schema(output);
        let name = output["schema"].as_str().unwrap();
        assert!(names.contains(&name), "{name} not in `cavra schema list`");
        let shown = env.ok(&["schema", "show", name]);
        assert_eq!(
            shown.stdout,
            std::fs::read_to_string(common::schema_path(name)).unwrap()
        );
    }
    // A verdict with problems passes its schema too.
    env.write(".cavra/api/integrations.json", "{}\n");
    let run = env.fails(&["validate", "--format", "json"], 1);
    common::assert_fits_schema(&serde_json::from_str(&run.stdout).unwrap());
}

#[test]
fn outputs_name_the_segmented_evidence_ledger_where_it_is() {
    let env = Env::new();
    env.append_evidence(&["e1"]);
    assert!(env.path(".cavra/evidence/metadata").is_dir());
    let v = env.json(&["validate"]);
    let evidence = v["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["store"] == "evidence-metadata")
        .unwrap();
    assert_eq!(evidence["path"], ".cavra/evidence/metadata");
    let text = env.ok(&["validate", "--format", "text"]);
    assert!(
        text.stdout.contains(".cavra/evidence/metadata (1 records)"),
        "{}",
        text.stdout
    );
    let out = env.path("plan");
    env.ok(&[
        "ops",
        "retention-plan",
        "--output",
        out.to_str().unwrap(),
        "--retention-days",
        "30",
        "--format",
        "json",
    ]);
    let plan = env.read("plan/retention-plan.json");
    assert!(plan.contains("\".cavra/evidence/metadata\""), "{plan}");
    assert!(!plan.contains("metadata.jsonl"), "{plan}");
}

#[test]
fn verbose_prints_the_store_paths_and_the_time_taken_on_stderr() {
    let env = Env::new();
    for flag in ["-v", "-vv"] {
        let run = env.ok(&[flag, "integration", "list", "--format", "json"]);
        assert!(
            run.stderr.contains(&format!("repository: {}", env.root().display())),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("store integrations: .cavra/api/integrations.json"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("store evidence-metadata: .cavra/evidence/metadata\n"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.lines().last().unwrap().starts_with("took "),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, env.ok(&["integration", "list", "--format", "json"]).stdout);
    }
    let quiet = env.ok(&["integration", "list", "--format", "json"]);
    assert!(!quiet.stderr.contains("took "), "{}", quiet.stderr);
}

#[test]
fn a_health_status_update_records_when_it_was_checked() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "s"]);
    env.ok(&["integration", "update", "s", "--health-status", "degraded"]);
    let list = env.json(&["integration", "list"]);
    assert_eq!(list["items"][0]["health_status"], "degraded");
    assert_eq!(list["items"][0]["last_checked_at"], common::NOW);
    env.ok(&[
        "integration",
        "update",
        "s",
        "--health-status",
        "healthy",
        "--last-checked-at",
        "2026-02-01T00:00:00Z",
    ]);
    assert_eq!(
        env.json(&["integration", "list"])["items"][0]["last_checked_at"],
        "2026-02-01T00:00:00Z"
    );
    env.ok(&["integration", "update", "s", "--owner", "soc"]);
    assert_eq!(
        env.json(&["integration", "list"])["items"][0]["last_checked_at"],
        "2026-02-01T00:00:00Z"
    );
}
