//! Restores and paths (issue 9): a restore writes only its own stores,
//! nothing is written through a symlink, all or nothing on a kill or a full
//! disk, file modes, the SQLite row and the first CAVRA's stores.

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use common::Env;

fn populated() -> Env {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    env.ok(&["integration", "add", "--provider", "jira", "--integration-id", "b"]);
    env.append_evidence(&["e1", "e2"]);
    env
}

fn backup_to(env: &Env, dir: &Path) -> PathBuf {
    env.ok(&["ops", "backup", "--output", dir.to_str().unwrap()]);
    dir.join("manifest.json")
}

fn edit_manifest(path: &Path, edit: impl FnOnce(&mut cavra::ops::backup::Manifest)) {
    let mut m: cavra::ops::backup::Manifest = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    edit(&mut m);
    m.checksum = m.compute_checksum();
    std::fs::write(path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_forged_manifest_writes_nothing_outside_its_stores() {
    for (target, file) in [
        (".git/config", "config"),
        (".git/hooks/pre-commit", "pre-commit"),
        ("src/main.rs", "main.rs"),
        // The store's own file name with a foreign path, and the reverse.
        (".git/config", "integrations.json"),
        (".cavra/api/integrations.json", "../../../.git/config"),
    ] {
        let env = populated();
        let backup = tempfile::tempdir().unwrap();
        let manifest = backup_to(&env, backup.path());
        // The payload: a git config whose fsmonitor runs a command.
        let payload = b"[core]\n\tfsmonitor = touch pwned\n";
        std::fs::write(backup.path().join("stores/integrations.json"), payload).unwrap();
        edit_manifest(&manifest, |m| {
            let e = &mut m.stores[0];
            e.source_path = target.into();
            e.file = file.into();
            e.size_bytes = payload.len() as u64;
            e.sha256 = cavra::store::sha256_tagged(payload);
        });
        let git_config = env.read(".git/config");
        let before = env.snapshot();
        let run = env.run(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"]);
        assert_eq!(run.code, 4, "{target} {file}: {}", run.stderr);
        assert!(run.stderr.contains("integrations"), "{}", run.stderr);
        let tried = if file.contains("..") || file == "integrations.json" && target != ".git/config" {
            file
        } else {
            target
        };
        assert!(run.stderr.contains(tried), "names {tried}: {}", run.stderr);
        assert_eq!(env.read(".git/config"), git_config);
        assert!(!env.path(".git/hooks/pre-commit").exists());
        assert!(!env.path("src/main.rs").exists());
        assert_eq!(env.snapshot(), before);
    }
}

#[test]
fn a_copy_that_is_not_a_valid_store_is_never_written() {
    let env = populated();
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    let payload = b"{\"not\": \"a store\"}\n";
    std::fs::write(backup.path().join("stores/integrations.json"), payload).unwrap();
    edit_manifest(&manifest, |m| {
        m.stores[0].size_bytes = payload.len() as u64;
        m.stores[0].sha256 = cavra::store::sha256_tagged(payload);
    });
    let before = env.snapshot();
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"], 4);
    assert!(run.stderr.contains("integrations.json"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn no_command_writes_through_a_symlink() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("api-token");
    let check_untouched = |what: &str| {
        assert_eq!(std::fs::read_to_string(&secret).unwrap(), "s3cret\n", "{what}");
    };
    // 1. `.cavra` itself, 2. `.cavra/api`, 3. the table file, 4. the ledger file.
    type Setup = fn(&Env, &Path);
    let cases: [(&str, Setup); 4] = [
        (".cavra", |env, outside| {
            let real = outside.join("cavra-dir");
            std::fs::rename(env.path(".cavra"), &real).unwrap();
            symlink(&real, env.path(".cavra")).unwrap();
        }),
        (".cavra/api", |env, outside| {
            let real = outside.join("api-dir");
            std::fs::rename(env.path(".cavra/api"), &real).unwrap();
            symlink(&real, env.path(".cavra/api")).unwrap();
        }),
        (".cavra/api/integrations.json", |env, outside| {
            std::fs::remove_file(env.store()).unwrap();
            symlink(outside.join("api-token"), env.store()).unwrap();
        }),
        (".cavra/evidence/metadata.jsonl", |env, outside| {
            std::fs::remove_file(env.path(".cavra/evidence/metadata.jsonl")).unwrap();
            symlink(outside.join("api-token"), env.path(".cavra/evidence/metadata.jsonl")).unwrap();
        }),
    ];
    for (link, setup) in cases {
        let env = populated();
        let backup = tempfile::tempdir().unwrap();
        let manifest = backup_to(&env, backup.path());
        std::fs::write(&secret, "s3cret\n").unwrap();
        let _ = std::fs::remove_dir_all(outside.path().join("cavra-dir"));
        let _ = std::fs::remove_dir_all(outside.path().join("api-dir"));
        setup(&env, outside.path());
        let linked_dir = [outside.path().join("cavra-dir"), outside.path().join("api-dir")]
            .into_iter()
            .find(|d| d.exists());
        let dir_before = linked_dir.as_ref().map(|d| snapshot(d));

        let add = env.run(&["integration", "add", "--provider", "okta", "--integration-id", "c"]);
        if link != ".cavra/evidence/metadata.jsonl" {
            assert_ne!(add.code, 0, "{link}: add went through");
            assert!(add.stderr.contains("is a symlink"), "{link}: {}", add.stderr);
        }
        let repair = env.run(&["ops", "repair"]);
        if link != ".cavra/api" && link != ".cavra/api/integrations.json" {
            assert_ne!(repair.code, 0, "{link}: repair went through: {}", repair.stdout);
            assert!(
                repair.stderr.contains("symlink") || repair.stdout.contains("symlink"),
                "{link}: {}",
                repair.stderr
            );
        }
        let restore = env.run(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"]);
        assert_ne!(restore.code, 0, "{link}: restore went through: {}", restore.stdout);
        assert!(restore.stderr.contains("symlink"), "{link}: {}", restore.stderr);
        check_untouched(link);
        if let (Some(dir), Some(before)) = (&linked_dir, &dir_before) {
            assert_eq!(&snapshot(dir), before, "{link}: written through");
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_name() == ".locks" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_restore_killed_between_renames_is_finished_by_the_next_command() {
    let env = populated();
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    let wanted = env.snapshot();
    env.ok(&["integration", "add", "--provider", "okta", "--integration-id", "c"]);
    env.append_evidence(&["e3"]);
    let mut child = env
        .command()
        .args(["ops", "restore", manifest.to_str().unwrap(), "--overwrite"])
        .env("CAVRA_TEST_ONLY_RESTORE_PAUSE_MS", "60000")
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first rename is done (the table is back), then kill.
    let journal = env.path(".cavra/.locks/restore-journal.json");
    let start = std::time::Instant::now();
    while !(journal.exists() && env.read(".cavra/api/integrations.json") == read(&wanted, "api/integrations.json")) {
        assert!(start.elapsed().as_secs() < 60, "the restore never reached its renames");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(journal.exists());
    assert_ne!(env.snapshot(), wanted, "half done: the ledger is not restored yet");
    // The next command, whatever it is, finishes the restore and says so.
    let run = env.ok(&["ops", "stores"]);
    assert!(
        run.stderr.contains("was interrupted between its renames"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("evidence-metadata"), "{}", run.stderr);
    assert!(!journal.exists());
    assert_eq!(env.snapshot(), wanted);
    env.ok(&["validate"]);
}

fn read(snapshot: &[(String, Vec<u8>)], rel: &str) -> String {
    let (_, bytes) = snapshot.iter().find(|(p, _)| p == rel).unwrap();
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn a_journal_cannot_aim_a_rename_elsewhere() {
    let env = populated();
    let staged = env.path(".git/.config.tmpX");
    std::fs::write(&staged, "[core]\n\tfsmonitor = touch pwned\n").unwrap();
    let journal = serde_json::json!({"schema": "cavra.restore-journal.v1", "renames": [
        {"file": "config", "staged": staged, "store": "integrations", "target": env.path(".git/config")}
    ]});
    env.write(".cavra/.locks/restore-journal.json", &journal.to_string());
    let git_config = env.read(".git/config");
    let run = env.fails(&["ops", "stores"], 4);
    assert!(run.stderr.contains("not that store's file here"), "{}", run.stderr);
    assert_eq!(env.read(".git/config"), git_config);
    // A committed "staged copy" beside the store is checked like a backup's.
    let staged = env.path(".cavra/api/.integrations.json.tmpX");
    std::fs::write(&staged, "{\"forged\": true}\n").unwrap();
    let journal = serde_json::json!({"schema": "cavra.restore-journal.v1", "renames": [
        {"file": "integrations.json", "staged": staged, "store": "integrations", "target": env.store()}
    ]});
    env.write(".cavra/.locks/restore-journal.json", &journal.to_string());
    let before = env.read(".cavra/api/integrations.json");
    let run = env.fails(&["integration", "list"], 4);
    assert!(run.stderr.contains("is not a valid store"), "{}", run.stderr);
    assert_eq!(env.read(".cavra/api/integrations.json"), before);
}

#[test]
fn a_manifest_listing_a_store_twice_is_refused() {
    let env = populated();
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    edit_manifest(&manifest, |m| {
        let first = m.stores[0].clone();
        m.stores.push(first);
    });
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"], 4);
    assert!(run.stderr.contains("listed twice"), "{}", run.stderr);
}

/// Root only: a small tmpfs holds the repository, so the disk really fills.
#[test]
fn a_restore_on_a_full_disk_leaves_everything_as_it_was() {
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    }
    let mnt = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
        .arg(mnt.path())
        .status()
        .unwrap();
    if !mounted.success() {
        eprintln!("skipped: this root cannot mount a tmpfs here");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let done = std::process::Command::new("umount").arg(&self.0).status();
            if !done.is_ok_and(|s| s.success()) {
                // Busy (a panic left a file open): detach it instead.
                let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
            }
        }
    }
    let _unmount = Unmount(mnt.path().to_path_buf());
    let env = Env {
        dir: tempfile::Builder::new().tempdir_in(mnt.path()).unwrap(),
        vars: Vec::new(),
    };
    git2::Repository::init(env.root()).unwrap();
    env.ok(&["init"]);
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    env.append_evidence(&["e1"]);
    let live = env.snapshot();
    // A backup (outside the tmpfs) whose ledger is much larger than the live one.
    let big = populated();
    let kinds: Vec<String> = (0..1500).map(|i| format!("event-{i}")).collect();
    big.append_evidence(&kinds.iter().map(String::as_str).collect::<Vec<_>>());
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&big, backup.path());
    // Fill the disk, leaving room for the small table copy but not the ledger.
    let filler = mnt.path().join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![b'x'; 4096];
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
    drop(f);
    let free = std::fs::metadata(&filler).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(free - 32 * 1024)
        .unwrap();
    let run = env.run(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(env.snapshot(), live, "nothing changed");
    assert!(!env.path(".cavra/.locks/restore-journal.json").exists());
    let leftovers: Vec<_> = snapshot(&env.path(".cavra"))
        .into_iter()
        .filter(|(p, _)| p.file_name().unwrap().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn files_keep_their_mode_and_new_files_follow_the_umask() {
    for (umask, new_mode) in [("022", 0o644), ("077", 0o600)] {
        let env = Env::new();
        let cavra = env!("CARGO_BIN_EXE_cavra");
        let run = |args: &str| {
            let out = shell(&env, &format!("umask {umask}; exec {cavra} {args}"));
            assert!(out.status.success(), "{args}: {}", String::from_utf8_lossy(&out.stderr));
        };
        run("integration add --provider splunk --integration-id a");
        assert_eq!(mode(&env.store()), new_mode, "umask {umask}: a new store");
        std::fs::set_permissions(env.store(), std::fs::Permissions::from_mode(0o640)).unwrap();
        run("integration update a --owner sec");
        assert_eq!(mode(&env.store()), 0o640, "umask {umask}: a rewrite keeps the mode");
        let backup = env.path("backup");
        run(&format!("ops backup --output {}", backup.display()));
        assert_eq!(mode(&backup.join("manifest.json")), new_mode);
        assert_eq!(mode(&backup.join("stores/integrations.json")), new_mode);
        std::fs::remove_file(env.store()).unwrap();
        run(&format!("ops restore {}", backup.join("manifest.json").display()));
        assert_eq!(mode(&env.store()), new_mode, "umask {umask}: a restored store is new");
    }
}

/// Runs `script` under `sh -c` with `env`'s environment and directory
/// (umask is per process: it is set in the child shell).
fn shell(env: &Env, script: &str) -> std::process::Output {
    let cmd = env.command();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c").arg(script).current_dir(env.root()).env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    sh.output().unwrap()
}

#[test]
fn the_sqlite_row_is_the_store_in_every_ops_command() {
    let mut env = Env::new();
    let outside = tempfile::tempdir().unwrap();
    let db = outside.path().join("inv.sqlite");
    env.set("CAVRA_INTEGRATION_DB", db.to_str().unwrap());
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    // ops stores
    let s = env.json(&["ops", "stores"]);
    assert_eq!(s["stores"][0]["kind"], "sqlite");
    assert_eq!(s["stores"][0]["path"], db.to_str().unwrap());
    assert_eq!(s["stores"][0]["configured_by"], "CAVRA_INTEGRATION_DB");
    assert_eq!(s["stores"][0]["records"], 1);
    assert_eq!(s["stores"][0]["checksum_state"], "ok");
    // retention-plan
    let plans = env.path("plans");
    let r = env.json(&[
        "ops",
        "retention-plan",
        "--output",
        plans.to_str().unwrap(),
        "--retention-days",
        "30",
    ]);
    assert_eq!(r["plan"]["stores"][0]["kind"], "sqlite", "{r}");
    assert_eq!(r["plan"]["stores"][0]["records"], 1);
    // validate
    let v = env.json(&["validate"]);
    assert_eq!(v["stores"][0]["kind"], "sqlite", "{v}");
    // diff: not in git, listed without record-level changes
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-qm", "init"]);
    let d = env.json(&["diff"]);
    assert_eq!(d["changed"], false, "{d}");
    assert!(
        !d["stores"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "integrations" && s["kind"] == "table"),
        "diff compares the SQLite row, not the JSON file: {d}"
    );
    // backup: the SQLite copy; restore: an unchanged database is a no-op
    let backup = env.path("backup");
    let manifest = backup_to(&env, &backup);
    let r = env.json(&["ops", "restore", manifest.to_str().unwrap(), "--to-live-path"]);
    assert_eq!(r["files"][0]["action"], "unchanged", "{r}");
    // Outside the repository: refused without a flag, into --target-dir by name.
    env.ok(&["integration", "add", "--provider", "jira", "--integration-id", "b"]);
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap()], 4);
    assert!(run.stderr.contains("--to-live-path"), "{}", run.stderr);
    let target = env.path("restored");
    env.ok(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--target-dir",
        target.to_str().unwrap(),
    ]);
    assert!(target.join("integrations/inv.sqlite").exists());
    let r = env.json(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--to-live-path",
        "--dry-run",
    ]);
    assert_eq!(r["needs_overwrite"][0], db.to_str().unwrap(), "{r}");
    env.ok(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--to-live-path",
        "--overwrite",
    ]);
    assert_eq!(env.json(&["integration", "list"])["total"], 1);
}

#[test]
fn each_first_cavra_store_is_backed_up_and_restored() {
    let mut env = populated();
    let outside = tempfile::tempdir().unwrap();
    let activity_db = outside.path().join("activity.db");
    std::fs::write(&activity_db, b"SQLite format 3\0 opaque pages").unwrap();
    env.set("CAVRA_ACTIVITY_DB", activity_db.to_str().unwrap());
    let ledger = outside.path().join("ledger.jsonl");
    std::fs::copy(env.path(".cavra/evidence/metadata.jsonl"), &ledger).unwrap();
    env.set("CAVRA_EVIDENCE_METADATA_STORE", ledger.to_str().unwrap());
    env.write(".cavra/api/approvals.json", "{\"approvals\": [1, 2]}\n");
    env.write(".cavra/api/registry.json", "not even json: opaque\n");
    env.write(".cavra/api/inventory.json", "[]\n");
    let s = env.json(&["ops", "stores"]);
    let names: Vec<_> = s["stores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_string(),
                x["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for name in ["approvals", "registry", "activity", "inventory"] {
        assert!(names.contains(&(name.to_string(), "external".to_string())), "{names:?}");
    }
    env.ok(&["validate"]);
    let backup = env.path("backup");
    let manifest = backup_to(&env, &backup);
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let backed: Vec<_> = m["stores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    for name in ["approvals", "registry", "activity", "inventory", "evidence-metadata"] {
        assert!(backed.contains(&serde_json::json!(name)), "{name}: {backed:?}");
    }
    let before = env.snapshot();
    for rel in [
        ".cavra/api/approvals.json",
        ".cavra/api/registry.json",
        ".cavra/api/inventory.json",
    ] {
        std::fs::remove_file(env.path(rel)).unwrap();
    }
    std::fs::remove_file(&activity_db).unwrap();
    std::fs::remove_file(&ledger).unwrap();
    env.ok(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--to-live-path",
        "--verify",
    ]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(std::fs::read(&activity_db).unwrap(), b"SQLite format 3\0 opaque pages");
    env.ok(&["validate"]);
}

#[test]
fn a_store_moved_by_a_relative_variable_restores_in_place() {
    let mut env = Env::new();
    env.set("CAVRA_INTEGRATION_STORE", "custom/inv.json");
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    let store = env.path("custom/inv.json");
    let before = std::fs::read(&store).unwrap();
    std::fs::remove_file(&store).unwrap();
    env.ok(&["ops", "restore", manifest.to_str().unwrap()]);
    assert_eq!(std::fs::read(&store).unwrap(), before);
    // `..` in the variable is outside the repository, even if it comes back in.
    let mut env = Env::new();
    let name = env.root().file_name().unwrap().to_string_lossy().into_owned();
    env.set("CAVRA_INTEGRATION_STORE", &format!("../{name}/inv.json"));
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "a"]);
    let manifest = backup_to(&env, backup.path());
    let target = tempfile::tempdir().unwrap();
    env.ok(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--target-dir",
        target.path().to_str().unwrap(),
    ]);
    assert!(target.path().join("integrations/inv.json").exists());
}
