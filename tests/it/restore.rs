//! Restores and paths (issue 9): a restore writes only its own stores,
//! nothing is written through a symlink, all or nothing on a kill or a full
//! disk, file modes, the SQLite row and the first CAVRA's stores.

use crate::common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use common::Env;

/// The evidence ledger's directory, and its first segment (the month of
/// the pinned clock).
const LEDGER_DIR: &str = ".cavra/evidence/metadata";
const SEGMENT: &str = ".cavra/evidence/metadata/2026-03/000001.jsonl";

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
    // 1. `.cavra` itself, 2. `.cavra/api`, 3. the table file, 4. a ledger
    // segment, 5. the ledger's directory.
    type Setup = fn(&Env, &Path);
    let cases: [(&str, Setup); 5] = [
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
        (SEGMENT, |env, outside| {
            std::fs::remove_file(env.path(SEGMENT)).unwrap();
            symlink(outside.join("api-token"), env.path(SEGMENT)).unwrap();
        }),
        (LEDGER_DIR, |env, outside| {
            let real = outside.join("ledger-dir");
            std::fs::rename(env.path(LEDGER_DIR), &real).unwrap();
            symlink(&real, env.path(LEDGER_DIR)).unwrap();
        }),
    ];
    for (link, setup) in cases {
        let env = populated();
        let backup = tempfile::tempdir().unwrap();
        let manifest = backup_to(&env, backup.path());
        std::fs::write(&secret, "s3cret\n").unwrap();
        let _ = std::fs::remove_dir_all(outside.path().join("cavra-dir"));
        let _ = std::fs::remove_dir_all(outside.path().join("api-dir"));
        let _ = std::fs::remove_dir_all(outside.path().join("ledger-dir"));
        setup(&env, outside.path());
        let linked_dir = ["cavra-dir", "api-dir", "ledger-dir"]
            .into_iter()
            .map(|d| outside.path().join(d))
            .find(|d| d.exists());
        let dir_before = linked_dir.as_ref().map(|d| snapshot(d));

        let add = env.run(&["integration", "add", "--provider", "okta", "--integration-id", "c"]);
        if !link.starts_with(LEDGER_DIR) {
            assert_ne!(add.code, 0, "{link}: add went through");
            assert!(add.stderr.contains("is a symlink"), "{link}: {}", add.stderr);
        }
        let repair = env.run(&["ops", "repair"]);
        if link != ".cavra/api" && link != ".cavra/api/integrations.json" {
            assert_ne!(repair.code, 0, "{link}: repair went through: {}", repair.stdout);
            assert!(
                repair.stderr.contains("symlink") || repair.stdout.contains("symlink"),
                "{link}: exit {}\nstdout: {}\nstderr: {}",
                repair.code,
                repair.stdout,
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
    append_at(&ledger, &["o1", "o2"]);
    let ledger_dir = outside.path().join("ledger");
    let ledger_files = snapshot(&ledger_dir);
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
    std::fs::remove_dir_all(&ledger_dir).unwrap();
    env.ok(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--to-live-path",
        "--verify",
    ]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(std::fs::read(&activity_db).unwrap(), b"SQLite format 3\0 opaque pages");
    assert_eq!(snapshot(&ledger_dir), ledger_files);
    env.ok(&["validate"]);
}

/// Appends evidence entries to the ledger whose registry path is `path`
/// (created segmented), through the library.
fn append_at(path: &Path, kinds: &[&str]) {
    let loc = cavra::store::registry::StoreLocation::at(
        &cavra::store::registry::EVIDENCE_METADATA,
        path.to_path_buf(),
        "test",
    );
    let records: Vec<serde_json::Value> = kinds
        .iter()
        .map(|k| serde_json::json!({"metadata_kind": "connector-delivery", "created_at": common::NOW, "event_id": k}))
        .collect();
    cavra::store::ledger::append(&loc, &records).unwrap();
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

/// `populated()` with enough entries that its ledger is two segments
/// (rotation at 2,000 lines): 2,002 entries.
fn two_segments() -> Env {
    let env = populated();
    let kinds: Vec<String> = (0..2000).map(|i| format!("bulk-{i}")).collect();
    env.append_evidence(&kinds.iter().map(String::as_str).collect::<Vec<_>>());
    env
}

fn segment(n: u32) -> String {
    format!("{LEDGER_DIR}/2026-03/{n:06}.jsonl")
}

#[test]
fn a_segmented_ledger_is_backed_up_file_by_file_and_restored_whole() {
    let env = two_segments();
    assert!(env.path(&segment(2)).exists(), "the ledger rotated");
    let before = env.snapshot();
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    // The manifest lists every file of the ledger, each with its checksum.
    let m: cavra::ops::backup::Manifest = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let ledger: Vec<_> = m.stores.iter().filter(|e| e.name == "evidence-metadata").collect();
    let files: Vec<&str> = ledger.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files, ["2026-03/000001.jsonl", "2026-03/000002.jsonl", "checkpoint"]);
    for e in &ledger {
        assert_eq!(e.backup_path, format!("stores/evidence-metadata/{}", e.file));
        assert_eq!(e.source_path, ".cavra/evidence/metadata.jsonl");
        let live = std::fs::read(env.path(LEDGER_DIR).join(&e.file)).unwrap();
        assert_eq!(e.sha256, cavra::store::sha256_tagged(&live), "{}", e.file);
        assert_eq!(e.size_bytes, live.len() as u64);
    }
    // `ops stores` names the directory.
    let s = env.json(&["ops", "stores"]);
    assert_eq!(s["stores"][1]["path"], LEDGER_DIR);
    assert_eq!(s["stores"][1]["records"], 2002);
    assert_eq!(s["stores"][1]["checksum_state"], "ok");

    // Into another directory: the same ledger at its path there.
    let elsewhere = tempfile::tempdir().unwrap();
    env.ok(&[
        "ops",
        "restore",
        manifest.to_str().unwrap(),
        "--target-dir",
        elsewhere.path().to_str().unwrap(),
    ]);
    assert_eq!(
        snapshot(&elsewhere.path().join(LEDGER_DIR))
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(elsewhere.path()).unwrap().to_path_buf(), b))
            .collect::<Vec<_>>(),
        snapshot(&env.path(LEDGER_DIR))
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(env.root()).unwrap().to_path_buf(), b))
            .collect::<Vec<_>>()
    );

    // Wiped: every file created.
    std::fs::remove_dir_all(env.path(LEDGER_DIR)).unwrap();
    let r = env.json(&["ops", "restore", manifest.to_str().unwrap(), "--verify"]);
    let ledger_files: Vec<_> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["store"] == "evidence-metadata")
        .collect();
    assert_eq!(ledger_files.len(), 3, "{r}");
    assert!(
        ledger_files
            .iter()
            .all(|f| f["action"] == "create" && f["verified"] == true),
        "{r}"
    );
    assert_eq!(env.snapshot(), before);

    // Grown into a third segment the backup does not have: the restored
    // ledger replaces the ledger as a whole, only with --overwrite.
    let kinds: Vec<String> = (0..2000).map(|i| format!("later-{i}")).collect();
    env.append_evidence(&kinds.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(env.path(&segment(3)).exists());
    let grown = env.snapshot();
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap()], 3);
    assert!(run.stderr.contains(&segment(3)), "{}", run.stderr);
    assert!(run.stderr.contains("not in the backup"), "{}", run.stderr);
    assert_eq!(env.snapshot(), grown);
    let dry = env.json(&["ops", "restore", manifest.to_str().unwrap(), "--dry-run"]);
    let needs: Vec<&str> = dry["needs_overwrite"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let checkpoint = format!("{LEDGER_DIR}/checkpoint");
    for f in [segment(2), segment(3), checkpoint] {
        assert!(needs.contains(&f.as_str()), "{f}: {dry}");
    }
    assert!(
        !needs.contains(&segment(1).as_str()),
        "a sealed segment is unchanged: {dry}"
    );
    assert_eq!(env.snapshot(), grown);
    let r = env.json(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite", "--verify"]);
    let action = |target: &str| {
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["target"] == target)
            .map(|f| f["action"].as_str().unwrap().to_string())
    };
    assert_eq!(action(&segment(1)).as_deref(), Some("unchanged"), "{r}");
    assert_eq!(action(&segment(2)).as_deref(), Some("replace"), "{r}");
    assert_eq!(action(&segment(3)).as_deref(), Some("remove"), "{r}");
    assert_eq!(
        env.snapshot(),
        before,
        "the backup's ledger, nothing else (no staging left)"
    );
    assert!(!env.path(&segment(3)).exists());
    env.ok(&["validate"]);
    assert_eq!(env.ledger_records(".cavra/evidence/metadata.jsonl").len(), 2002);
    // Appends continue the restored chain.
    env.append_evidence(&["after-restore"]);
    env.ok(&["validate"]);
}

#[test]
fn a_restore_replaces_a_ledger_kept_in_the_other_layout() {
    // A segmented backup over a ledger still kept as one file: the file goes.
    let env = populated();
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    let segmented = env.snapshot();
    std::fs::remove_dir_all(env.path(LEDGER_DIR)).unwrap();
    env.write(".cavra/evidence/metadata.jsonl", "");
    env.append_evidence(&["single-1"]);
    assert!(!env.path(LEDGER_DIR).exists(), "kept as one file");
    env.fails(&["ops", "restore", manifest.to_str().unwrap()], 3);
    let r = env.json(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite", "--verify"]);
    assert!(
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["target"] == ".cavra/evidence/metadata.jsonl" && f["action"] == "remove"),
        "{r}"
    );
    assert_eq!(env.snapshot(), segmented);
    env.ok(&["validate"]);

    // A single-file backup over a segmented ledger: the directory goes.
    let env = populated();
    std::fs::remove_dir_all(env.path(LEDGER_DIR)).unwrap();
    env.write(".cavra/evidence/metadata.jsonl", "");
    env.append_evidence(&["single-1", "single-2"]);
    let single = env.snapshot();
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    std::fs::remove_file(env.path(".cavra/evidence/metadata.jsonl")).unwrap();
    env.append_evidence(&["segmented-1"]);
    assert!(env.path(&segment(1)).exists());
    env.ok(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"]);
    assert_eq!(env.snapshot(), single);
    assert!(!env.path(LEDGER_DIR).exists());
    assert_eq!(env.ledger_records(".cavra/evidence/metadata.jsonl").len(), 2);
    // `ops migrate` moves it into segments, as `ledger migrate` does.
    let m = env.json(&["ops", "migrate"]);
    let row = m["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["store"] == "evidence-metadata")
        .unwrap()
        .clone();
    assert_eq!(row["action"], "rewritten", "{m}");
    assert_eq!(row["records"], 2);
    assert_eq!(row["path"], LEDGER_DIR);
    assert!(!env.path(".cavra/evidence/metadata.jsonl").exists());
    assert!(env.path(&segment(1)).exists());
    env.ok(&["validate"]);
    let again = env.json(&["ops", "migrate"]);
    assert_eq!(again["stores"][1]["action"], "current", "{again}");
}

#[test]
fn a_manifest_naming_a_file_outside_the_ledger_is_refused() {
    for file in [
        "../x",
        "2026-03/../../y",
        "2026-03/../../../../.git/config",
        "/etc/passwd",
        "notes.txt",
        "2026-03/000001.json",
        "2026-3/000001.jsonl",
        "2026-03/1.jsonl",
        "2026-03/000001.jsonl/x",
        "2026-03/sub/000001.jsonl",
        "123é-0/000001.jsonl",
        "./checkpoint",
    ] {
        let env = populated();
        let backup = tempfile::tempdir().unwrap();
        let manifest = backup_to(&env, backup.path());
        edit_manifest(&manifest, |m| {
            let e = m.stores.iter_mut().find(|e| e.file == "2026-03/000001.jsonl").unwrap();
            e.file = file.into();
        });
        let git_config = env.read(".git/config");
        let before = env.snapshot();
        let run = env.fails(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"], 4);
        assert!(run.stderr.contains("evidence-metadata"), "{file}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("{file:?}")), "{file}: {}", run.stderr);
        assert!(run.stderr.contains("field file"), "{file}: {}", run.stderr);
        assert_eq!(env.snapshot(), before, "{file}");
        assert_eq!(env.read(".git/config"), git_config);
        for stray in [".cavra/evidence/x", ".cavra/evidence/y", "x", "y"] {
            assert!(!env.path(stray).exists(), "{file}: wrote {stray}");
        }
    }
}

#[test]
fn a_backup_with_an_edited_or_missing_segment_restores_nothing() {
    let env = two_segments();
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&env, backup.path());
    let copy = backup.path().join("stores/evidence-metadata/2026-03/000001.jsonl");
    let original = std::fs::read_to_string(&copy).unwrap();
    // Line 2 says e3 where it said e2, and the manifest is resealed to match:
    // only the ledger's own chain can tell.
    let edited = original.replacen("\"event_id\":\"e2\"", "\"event_id\":\"e3\"", 1);
    assert_ne!(edited, original);
    std::fs::write(&copy, &edited).unwrap();
    edit_manifest(&manifest, |m| {
        let e = m.stores.iter_mut().find(|e| e.file == "2026-03/000001.jsonl").unwrap();
        e.size_bytes = edited.len() as u64;
        e.sha256 = cavra::store::sha256_tagged(edited.as_bytes());
    });
    // The live ledger differs from the backup (it grew), so a restore would replace it.
    env.append_evidence(&["live"]);
    let before = env.snapshot();
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"], 4);
    assert!(
        run.stderr.contains(&format!("{}:2: field hash", segment(1))),
        "names the segment and line: {}",
        run.stderr
    );
    assert_eq!(env.snapshot(), before, "nothing written");
    assert!(!env.path(".cavra/evidence/.metadata.restoring").exists());
    assert!(!env.path(".cavra/.locks/restore-journal.json").exists());

    // A segment left out of the manifest breaks the chain across segments.
    std::fs::write(&copy, &original).unwrap();
    let manifest = backup_to(&env, backup.path());
    edit_manifest(&manifest, |m| m.stores.retain(|e| e.file != "2026-03/000001.jsonl"));
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"], 4);
    assert!(
        run.stderr
            .contains(&format!("{}: is segment 2, expected 1", segment(2))),
        "{}",
        run.stderr
    );
    assert_eq!(env.snapshot(), before, "nothing written");
    // And so does a checkpoint that does not match the segments.
    let manifest = backup_to(&env, backup.path());
    edit_manifest(&manifest, |m| m.stores.retain(|e| e.file != "2026-03/000002.jsonl"));
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"], 4);
    assert!(
        run.stderr.contains(&format!("{LEDGER_DIR}/checkpoint:2")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("committed entries were removed"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before, "nothing written");
}

#[test]
fn a_journal_cannot_replace_or_remove_anything_but_a_ledger_of_its_own() {
    let env = populated();
    let before = env.snapshot();
    let hooks = env.path(".git/hooks");
    std::fs::create_dir_all(env.path(".git/.hooks.restoring")).unwrap();
    std::fs::write(env.path(".git/.hooks.restoring/pre-commit"), "touch pwned\n").unwrap();
    let forged = |steps: serde_json::Value| {
        let journal = serde_json::json!({"schema": "cavra.restore-journal.v2", "steps": steps});
        env.write(".cavra/.locks/restore-journal.json", &journal.to_string());
    };
    // A directory that is not a ledger's.
    forged(serde_json::json!([{"step": "replace_dir", "store": "evidence-metadata",
        "target": hooks, "staged": env.path(".git/.hooks.restoring"), "old": env.path(".git/.hooks.replaced")}]));
    let run = env.fails(&["ops", "stores"], 4);
    assert!(run.stderr.contains("not that store's file here"), "{}", run.stderr);
    assert!(!hooks.join("pre-commit").exists());
    // The ledger's own directory, from a staging directory elsewhere.
    forged(serde_json::json!([{"step": "replace_dir", "store": "evidence-metadata",
        "target": env.path(LEDGER_DIR), "staged": env.path(".git/.hooks.restoring"),
        "old": env.path(".cavra/evidence/.metadata.replaced")}]));
    let run = env.fails(&["ops", "stores"], 4);
    assert!(run.stderr.contains("not that store's file here"), "{}", run.stderr);
    // Its own staging directory, holding a forged ledger.
    let staged = env.path(".cavra/evidence/.metadata.restoring/2026-03");
    std::fs::create_dir_all(&staged).unwrap();
    std::fs::write(staged.join("000001.jsonl"), "{\"forged\": true}\n").unwrap();
    forged(serde_json::json!([{"step": "replace_dir", "store": "evidence-metadata",
        "target": env.path(LEDGER_DIR), "staged": env.path(".cavra/evidence/.metadata.restoring"),
        "old": env.path(".cavra/evidence/.metadata.replaced")}]));
    let run = env.fails(&["validate"], 4);
    assert!(run.stderr.contains("is not a valid store"), "{}", run.stderr);
    std::fs::remove_dir_all(env.path(".cavra/evidence/.metadata.restoring")).unwrap();
    // A removal of anything but a single-file ledger.
    forged(serde_json::json!([{"step": "remove", "store": "integrations",
        "file": "integrations.json", "target": env.store()}]));
    let run = env.fails(&["ops", "stores"], 4);
    assert!(run.stderr.contains("not that store's file here"), "{}", run.stderr);
    std::fs::remove_file(env.path(".cavra/.locks/restore-journal.json")).unwrap();
    assert_eq!(env.snapshot(), before);
}

/// An AISPM repository for the tenant tests (issue 9): tenant acme with
/// collector codex-ci (an Ed25519 key kept outside the repository), as
/// tests/aispm.rs sets one up.
struct Tenant {
    env: Env,
    keys: tempfile::TempDir,
}

impl Tenant {
    fn new() -> Tenant {
        let t = Tenant {
            env: Env::new(),
            keys: tempfile::tempdir().unwrap(),
        };
        let key = t.keys.path().join("acme.key");
        t.env.ok(&["aispm", "keygen", "--out", key.to_str().unwrap()]);
        t.env.ok(&[
            "aispm",
            "tenant",
            "add",
            "acme",
            "--tenant-ref",
            "tenant:opaque-public-contract-sample",
        ]);
        let public = t.keys.path().join("acme.key.pub");
        t.env.ok(&[
            "aispm",
            "collector",
            "add",
            "acme",
            "codex-ci",
            "--ed25519-public-key-file",
            public.to_str().unwrap(),
            "--allow-connector-type",
            "codex",
            "--allow-event-type",
            "tool_call,policy_decision",
            "--allow-repository",
            "acme/payments",
            "--allow-environment",
            "production",
        ]);
        t
    }

    /// A line codex-ci signed for event `event_id`; `allowed: false` sends
    /// from a repository it may not (quarantined with the tenant).
    fn line(&self, event_id: &str, allowed: bool) -> Vec<u8> {
        use cavra::ops::aispm::dsse::{self, SignWith};
        let text = include_str!("../../examples/aispm/enterprise-live-ingestion-envelope-public-contract.example.json");
        let mut e: serde_json::Value = serde_json::from_str(text).unwrap();
        e["event"]["event_id"] = serde_json::json!(event_id);
        e["transport"] = serde_json::json!({ "ingress_mode": "https", "delivery_semantics": "at_least_once" });
        if !allowed {
            e["event"]["repository"] = serde_json::json!("acme/secret-project");
        }
        let k = cavra::ops::aispm::keys::read_key(&self.keys.path().join("acme.key")).unwrap();
        let id = dsse::ed25519_key_id(&k.verifying_key());
        dsse::sign_line(&serde_json::to_vec(&e).unwrap(), &id, &SignWith::Ed25519(&k)).into_bytes()
    }

    /// Ingests `lines`; (accepted, duplicates, rejected).
    fn ingest(&self, lines: &[Vec<u8>]) -> (u64, u64, u64) {
        let file = self.keys.path().join("input.ndjson");
        std::fs::write(&file, lines.join(&b'\n')).unwrap();
        let run = self
            .env
            .run(&["aispm", "ingest", file.to_str().unwrap(), "--format", "json"]);
        let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}", run.stderr));
        let n = |k: &str| out[k].as_u64().unwrap();
        (n("accepted"), n("duplicates"), n("rejected"))
    }

    fn posture(&self) -> serde_json::Value {
        self.env.json(&["aispm", "posture", "--tenant", "acme"])
    }

    /// `replay --verify`: the events replayed, and whether the stored
    /// projection and index agree with the ledger.
    fn replay_verified(&self) -> serde_json::Value {
        let out = self.env.json(&["aispm", "replay", "--tenant", "acme", "--verify"]);
        assert_eq!(out["verify"]["posture_matches"], true, "{out}");
        assert_eq!(out["verify"]["index_matches"], true, "{out}");
        out
    }

    fn store_names(&self) -> Vec<(String, serde_json::Value)> {
        let stores = self.env.json(&["ops", "stores"]);
        stores["stores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["name"].as_str().unwrap().to_string(), s.clone()))
            .collect()
    }
}

/// The AISPM stores a backup of [`Tenant`] holds: the registry's two
/// rows and acme's three.
const TENANT_STORES: [&str; 5] = [
    "aispm-tenants",
    "aispm-quarantine-unattributed",
    "aispm-events/acme",
    "aispm-quarantine/acme",
    "aispm-runs/acme",
];

#[test]
fn a_tenant_s_stores_are_backed_up_and_restored_with_the_backup_s_posture() {
    let t = Tenant::new();
    // Two accepted, one quarantined with acme, one (junk) unattributed.
    let junk = b"not json".to_vec();
    assert_eq!(
        t.ingest(&[
            t.line("r-1", true),
            t.line("r-2", true),
            t.line("r-x", false),
            junk.clone()
        ]),
        (2, 0, 2)
    );
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&t.env, backup.path());
    let m: cavra::ops::backup::Manifest = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    for name in TENANT_STORES {
        let entries: Vec<_> = m.stores.iter().filter(|e| e.name == name).collect();
        assert!(!entries.is_empty(), "{name} backed up");
        for e in entries {
            // Each copy under its own store's folder (or `<name>.json`).
            assert!(e.backup_path.starts_with(&format!("stores/{name}")), "{e:?}");
            assert!(backup.path().join(&e.backup_path).is_file(), "{e:?}");
        }
    }
    let events = m.stores.iter().find(|e| e.name == "aispm-events/acme").unwrap();
    assert_eq!(events.source_path, ".cavra/aispm/tenants/acme/events.jsonl");
    assert!(
        events.backup_path.starts_with("stores/aispm-events/acme/"),
        "{events:?}"
    );
    let before = t.posture();
    assert_eq!(before["events"], 2);
    let registry = t.env.read(".cavra/aispm/tenants.json");

    // More ingested after the backup, and a second collector added.
    assert_eq!(
        t.ingest(&[t.line("r-3", true), t.line("r-4", true), t.line("r-y", false), junk]),
        (2, 0, 2)
    );
    let unattributed = ".cavra/aispm/quarantine.jsonl";
    assert_eq!(t.env.ledger_text(unattributed).matches("\"reason\"").count(), 2);
    t.env.ok(&["aispm", "tenant", "add", "globex"]);
    assert_eq!(t.posture()["events"], 4);
    // Restoring over newer stores needs --overwrite, and says so.
    let path = manifest.to_str().unwrap();
    let refused = t.env.fails(&["ops", "restore", path], 3);
    assert!(refused.stderr.contains("aispm-events/acme"), "{}", refused.stderr);
    let run = t
        .env
        .run(&["ops", "restore", path, "--overwrite", "--verify", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["warnings"], serde_json::json!([]), "{out}");
    for name in TENANT_STORES {
        assert!(
            out["files"].as_array().unwrap().iter().any(|f| f["store"] == name),
            "{name} in {out}"
        );
    }

    // The backup's state: the posture, the replay, the registry, the quarantine.
    assert_eq!(t.posture(), before);
    let replay = t.replay_verified();
    assert_eq!(replay["verify"]["ledger_events"], 2);
    let ids: Vec<&str> = replay["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["envelope"]["event"]["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["r-1", "r-2"]);
    assert_eq!(t.env.read(".cavra/aispm/tenants.json"), registry);
    assert_eq!(t.env.ledger_text(unattributed).matches("\"reason\"").count(), 1);
    let quarantined = t.env.ledger_text(".cavra/aispm/tenants/acme/quarantine.jsonl");
    assert_eq!(
        quarantined.matches("not_allowed_repository").count(),
        1,
        "{quarantined}"
    );
    t.env.ok(&["validate"]);
    let stores = t.store_names();
    for name in ["aispm-events/acme", "aispm-quarantine/acme", "aispm-runs/acme"] {
        let (_, s) = stores
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(s["checksum_state"], "ok", "{s}");
    }
    let events = &stores.iter().find(|(n, _)| n == "aispm-events/acme").unwrap().1;
    assert_eq!(events["records"], 2);

    // The dedupe index went back too: events ingested after the backup
    // are new again, those in it are duplicates.
    assert_eq!(t.ingest(&[t.line("r-3", true), t.line("r-1", true)]), (1, 1, 0));
    assert_eq!(t.posture()["events"], 3);
    t.replay_verified();
}

#[test]
fn a_forged_tenant_store_name_or_place_writes_nothing() {
    let t = Tenant::new();
    assert_eq!(t.ingest(&[t.line("f-1", true)]), (1, 0, 0));
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&t.env, backup.path());
    let own = ".cavra/aispm/tenants/acme/events.jsonl";
    // (name, source_path, field named)
    for (name, source, field) in [
        ("aispm-events/../x", own, "name"),
        ("aispm-events/acme/../../etc", own, "name"),
        ("aispm-events/acme/x", own, "name"),
        ("aispm-events/Acme", own, "name"),
        ("aispm-events/", own, "name"),
        ("aispm-nope/acme", own, "name"),
        ("aispm-tenants/acme", own, "name"),
        ("aispm-events/acme", ".git/hooks/events.jsonl", "source_path"),
        (
            "aispm-events/acme",
            ".cavra/aispm/tenants/globex/events.jsonl",
            "source_path",
        ),
        ("aispm-events/globex", own, "source_path"),
        ("aispm-runs/acme", own, "source_path"),
    ] {
        let edited = tempfile::tempdir().unwrap();
        copy_dir(backup.path(), edited.path());
        let path = edited.path().join("manifest.json");
        edit_manifest(&path, |m| {
            for e in m.stores.iter_mut().filter(|e| e.name == "aispm-events/acme") {
                e.name = name.into();
                e.source_path = source.into();
            }
        });
        let before = t.env.snapshot();
        let run = t.env.run(&["ops", "restore", path.to_str().unwrap(), "--overwrite"]);
        assert_eq!(run.code, 4, "{name} {source}: {}", run.stderr);
        // Once, though the store has two files (a segment and a checkpoint).
        assert!(run.stderr.contains("nothing restored: 1 problem(s)"), "{}", run.stderr);
        let field = format!("field {field}");
        for named in [path.to_str().unwrap(), name, &field] {
            assert!(
                run.stderr.contains(named),
                "{name} {source}: names {named}: {}",
                run.stderr
            );
        }
        assert_eq!(t.env.snapshot(), before, "{name} {source}");
        assert!(!t.env.path(".cavra/aispm/tenants/globex").exists());
        assert!(!t.env.path(".cavra/aispm/tenants/x").exists());
        assert!(!t.env.path(".cavra/aispm/x").exists());
        assert!(!t.env.path(".git/hooks/events").exists());
        assert!(!t.env.path(".git/hooks/events.jsonl").exists());
        t.env.ok(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"]);
    }
    // A tenant's directory that is a symlink is never written through.
    let outside = tempfile::tempdir().unwrap();
    let real = outside.path().join("acme");
    std::fs::rename(t.env.path(".cavra/aispm/tenants/acme"), &real).unwrap();
    symlink(&real, t.env.path(".cavra/aispm/tenants/acme")).unwrap();
    let before = snapshot(outside.path());
    let run = t
        .env
        .run(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("symlink"), "{}", run.stderr);
    assert_eq!(snapshot(outside.path()), before);
}

#[test]
fn tenant_events_kept_outside_the_repository_restore_to_their_own_place() {
    let bulk = tempfile::tempdir().unwrap();
    let mut t = Tenant::new();
    t.env.set("CAVRA_AISPM_DIR", bulk.path().to_str().unwrap());
    assert_eq!(t.ingest(&[t.line("o-1", true)]), (1, 0, 0));
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&t.env, backup.path());
    let m: cavra::ops::backup::Manifest = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let events = m.stores.iter().find(|e| e.name == "aispm-events/acme").unwrap();
    assert_eq!(Path::new(&events.source_path), bulk.path().join("acme/events.jsonl"));
    assert_eq!(t.ingest(&[t.line("o-2", true)]), (1, 0, 0));
    let path = manifest.to_str().unwrap();
    // Outside the repository: only to --target-dir, or with --to-live-path.
    let refused = t.env.fails(&["ops", "restore", path, "--overwrite"], 4);
    assert!(refused.stderr.contains("--to-live-path"), "{}", refused.stderr);
    let elsewhere = tempfile::tempdir().unwrap();
    t.env.ok(&[
        "ops",
        "restore",
        path,
        "--target-dir",
        elsewhere.path().to_str().unwrap(),
    ]);
    assert!(elsewhere.path().join("aispm-events/acme/events").is_dir());
    assert_eq!(t.posture()["events"], 2, "the live tenant is untouched");
    t.env.ok(&["ops", "restore", path, "--overwrite", "--to-live-path"]);
    assert_eq!(t.posture()["events"], 1);
    t.replay_verified();
}

#[test]
fn a_revision_restores_a_tenant_s_stores() {
    let t = Tenant::new();
    assert_eq!(t.ingest(&[t.line("g-1", true)]), (1, 0, 0));
    t.env.git_ok(&["add", "-A"]);
    t.env.git_ok(&["commit", "-qm", "one event"]);
    assert_eq!(t.ingest(&[t.line("g-2", true)]), (1, 0, 0));
    let run = t.env.run(&[
        "ops",
        "restore",
        "--from-rev",
        "HEAD",
        "--overwrite",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        out["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["store"] == "aispm-events/acme"),
        "{out}"
    );
    assert_eq!(t.posture()["events"], 1);
    t.replay_verified();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn a_tenant_restore_killed_between_steps_is_finished_and_its_posture_rebuilt() {
    let t = Tenant::new();
    assert_eq!(t.ingest(&[t.line("k-1", true)]), (1, 0, 0));
    let backup = tempfile::tempdir().unwrap();
    let manifest = backup_to(&t.env, backup.path());
    let before = t.posture();
    let registry = t.env.read(".cavra/aispm/tenants.json");
    assert_eq!(t.ingest(&[t.line("k-2", true), t.line("k-3", true)]), (2, 0, 0));
    t.env.ok(&["aispm", "tenant", "add", "globex"]);
    let mut child = t
        .env
        .command()
        .args(["ops", "restore", manifest.to_str().unwrap(), "--overwrite"])
        .env("CAVRA_TEST_ONLY_RESTORE_PAUSE_MS", "60000")
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The registry's rename runs first; the tenant's ledgers after it.
    let journal = t.env.path(".cavra/.locks/restore-journal.json");
    let start = std::time::Instant::now();
    while !(journal.exists() && t.env.read(".cavra/aispm/tenants.json") == registry) {
        assert!(start.elapsed().as_secs() < 60, "the restore never reached its steps");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(journal.exists());
    let run = t.env.ok(&["aispm", "posture", "--tenant", "acme", "--format", "json"]);
    assert!(run.stderr.contains("was interrupted"), "{}", run.stderr);
    assert!(run.stderr.contains("aispm-events/acme"), "{}", run.stderr);
    assert!(!journal.exists());
    let posture: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(posture, before);
    assert_eq!(t.replay_verified()["verify"]["ledger_events"], 1);
    t.env.ok(&["validate"]);
}

#[test]
fn a_journal_cannot_aim_a_tenant_store_elsewhere() {
    let t = Tenant::new();
    assert_eq!(t.ingest(&[t.line("j-1", true)]), (1, 0, 0));
    for (store, target) in [
        ("aispm-events/../../.git", t.env.path(".git/hooks")),
        ("aispm-events/acme", t.env.path(".git/hooks")),
        ("aispm-events/globex", t.env.path(".cavra/aispm/tenants/acme/events")),
    ] {
        let journal = serde_json::json!({"schema": "cavra.restore-journal.v2", "steps": [
            {"step": "replace_dir", "old": fsio_replaced(&target), "staged": null, "store": store, "target": target}
        ]});
        t.env.write(".cavra/.locks/restore-journal.json", &journal.to_string());
        let before = t.env.snapshot();
        let run = t.env.fails(&["ops", "stores"], 4);
        assert!(
            run.stderr.contains("not that store's file here"),
            "{store}: {}",
            run.stderr
        );
        assert!(t.env.path(".git/hooks").is_dir(), "{store}");
        assert_eq!(t.env.snapshot(), before, "{store}");
    }
    std::fs::remove_file(t.env.path(".cavra/.locks/restore-journal.json")).unwrap();
}

/// Where a journal's directory replacement moves the live directory.
fn fsio_replaced(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap().to_string_lossy();
    target.with_file_name(format!(".{name}.replaced"))
}
