//! Segmented ledgers through real processes and real repositories:
//! concurrent appends across rotations, a writer killed during rotation,
//! migration, and validate/diff/stores on segments.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use cavra::store::ledger;
use cavra::store::registry::{EVIDENCE_METADATA, StoreLocation};
use common::{Env, committed, dated, head, three_segments};
use serde_json::{Value, json};

const LEDGER: &str = ".cavra/evidence/metadata.jsonl";

fn loc(path: &Path) -> StoreLocation {
    StoreLocation::at(&EVIDENCE_METADATA, path.to_path_buf(), "test")
}

fn record(writer: &str, n: usize, pad: usize) -> Value {
    json!({"metadata_kind": "test", "created_at": common::NOW, "writer": writer, "n": n, "pad": "x".repeat(pad)})
}

/// Not a test: the writer process the tests below start (this test binary,
/// run with `CAVRA_TEST_WRITER=<ledger path>,<name>,<count>,<pad bytes>`),
/// appending one record per append.
#[test]
#[ignore = "a helper process, started by the tests in this file"]
fn writer_process() {
    let Ok(spec) = std::env::var("CAVRA_TEST_WRITER") else {
        return;
    };
    let parts: Vec<&str> = spec.split(',').collect();
    let l = loc(Path::new(parts[0]));
    let (count, pad): (usize, usize) = (parts[2].parse().unwrap(), parts[3].parse().unwrap());
    for n in 0..count {
        ledger::append(&l, &[record(parts[1], n, pad)]).unwrap();
    }
}

fn writer(path: &Path, name: &str, count: usize, pad: usize) -> std::process::Command {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "ledger::writer_process",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("CAVRA_TEST_WRITER", format!("{},{name},{count},{pad}", path.display()))
    // Eight writers queue on one lock: on a loaded machine the last waits
    // longer than the default 30 s, which is not what these tests test.
    .env("CAVRA_LOCK_TIMEOUT", "600")
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null());
    cmd
}

fn segments(path: &Path) -> Vec<String> {
    ledger::segments::names(&path.with_extension("")).unwrap().0
}

#[test]
fn eight_processes_appending_lose_nothing_across_rotations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.jsonl");
    let mut children: Vec<_> = (0..8)
        .map(|p| writer(&path, &format!("p{p}"), 300, 0).spawn().unwrap())
        .collect();
    for c in &mut children {
        assert!(c.wait().unwrap().success());
    }
    let l = loc(&path);
    assert_eq!(ledger::check(&l), vec![]);
    let entries = ledger::read(&l).unwrap();
    assert_eq!(entries.len(), 2400);
    for p in 0..8 {
        let ns: Vec<u64> = entries
            .iter()
            .filter(|e| e.record["writer"] == format!("p{p}"))
            .map(|e| e.record["n"].as_u64().unwrap())
            .collect();
        assert_eq!(ns, (0..300).collect::<Vec<u64>>(), "writer p{p}");
    }
    assert_eq!(segments(&path), ["2026-03/000001.jsonl", "2026-03/000002.jsonl"]);
}

#[test]
fn a_writer_killed_during_rotation_leaves_a_whole_chain() {
    let full = ledger::segments::MAX_LINES as usize;
    let prefill: Vec<Value> = (0..full - 2).map(|n| record("pre", n, 0)).collect();
    let calibrate = tempfile::tempdir().unwrap();
    let path = calibrate.path().join("m.jsonl");
    ledger::append(&loc(&path), &prefill).unwrap();
    let started = std::time::Instant::now();
    assert!(writer(&path, "cal", 5, 0).status().unwrap().success());
    let window = started.elapsed() * 13 / 10;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let (mut old_layout, mut new_layout) = (0, 0);
    for round in 0..30 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        let l = loc(&path);
        ledger::append(&l, &prefill).unwrap();
        // Five appends from 1,998 entries: the third rotates.
        let mut child = writer(&path, "w", 5, 0).spawn().unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % (window.as_micros() as u64 + 1)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Only a torn last line, or a checkpoint behind the ledger, may be
        // wrong, and repair fixes exactly that.
        for p in ledger::check(&l) {
            assert!(
                p.message.contains("torn") || p.message.contains("is behind"),
                "round {round}: {p}"
            );
        }
        let _ = ledger::repair_tail(&l).unwrap();
        let _ = ledger::checkpoint::repair(&l).unwrap();
        assert_eq!(ledger::check(&l), vec![], "round {round}");
        let entries = ledger::read(&l).unwrap();
        let ns: Vec<u64> = entries[full - 2..]
            .iter()
            .map(|e| e.record["n"].as_u64().unwrap())
            .collect();
        assert_eq!(ns, (0..ns.len() as u64).collect::<Vec<_>>(), "round {round}");
        if segments(&path).len() == 1 {
            old_layout += 1;
        } else {
            new_layout += 1;
        }
        // Appending goes on from whatever the kill left.
        ledger::append(&l, &[record("after", 0, 0)]).unwrap();
        assert_eq!(ledger::check(&l), vec![], "round {round}");
    }
    eprintln!("killed during rotation: {old_layout} left one segment, {new_layout} two");
}

fn segment_path(env: &Env, name: &str) -> PathBuf {
    env.path(".cavra/evidence/metadata").join(name)
}

#[test]
fn a_single_file_ledger_keeps_working_until_migrated() {
    let env = Env::new();
    let records: Vec<Value> = (0..2003).map(|n| record("old", n, 0)).collect();
    env.write(LEDGER, &String::from_utf8(ledger::chain(&records)).unwrap());
    env.append_evidence(&["e1"]);
    assert!(env.path(LEDGER).is_file());
    env.ok(&["validate"]);
    committed(&env, "single file");
    let m = env.json(&["ledger", "migrate"]);
    assert_eq!(
        m["ledgers"][0],
        json!({"ledger": "evidence-metadata", "action": "migrated", "directory": ".cavra/evidence/metadata",
               "entries": 2004, "segments": 2, "removed": LEDGER})
    );
    assert!(!env.path(LEDGER).exists());
    env.ok(&["validate"]);
    let stores = env.json(&["ops", "stores"]);
    assert_eq!(stores["stores"][1]["records"], 2004);
    assert_eq!(stores["stores"][1]["checksum_state"], "ok");
    assert_eq!(env.ledger_records(LEDGER).len(), 2004);
    // Diff across the migration: the re-chained entries after the first seal.
    let d = env.json(&["diff"]);
    assert_eq!(d["stores"][1]["removed"].as_array().unwrap().len(), 4);
    assert_eq!(d["stores"][1]["added"].as_array().unwrap().len(), 4);
    committed(&env, "migrated");
    env.append_evidence(&["e2"]);
    let d = env.json(&["diff"]);
    assert_eq!(d["stores"][1]["added"][0]["key"], "seq 2005");
    assert_eq!(d["stores"][1]["removed"], json!([]));
    let again = env.json(&["ledger", "migrate", "evidence-metadata"]);
    assert_eq!(again["ledgers"][0]["action"], "already segmented");
    env.fails(&["ledger", "migrate", "nope"], 2);
}

#[test]
fn validate_names_the_segment_file_and_line() {
    let env = Env::new();
    let records: Vec<String> = (0..2003).map(|n| format!("e{n}")).collect();
    env.append_evidence(&records.iter().map(String::as_str).collect::<Vec<_>>());
    env.ok(&["validate"]);
    let first = segment_path(&env, "2026-03/000001.jsonl");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, text.replacen("\"e5\"", "\"e9\"", 1)).unwrap();
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains(".cavra/evidence/metadata/2026-03/000001.jsonl:6: field hash"),
        "{}",
        run.stdout
    );
    std::fs::write(&first, &text).unwrap();
    // The staged ledger is what `validate --staged` reads.
    env.git_ok(&["add", "-A"]);
    env.ok(&["validate", "--staged"]);
    std::fs::remove_file(&first).unwrap();
    env.git_ok(&["add", "-A"]);
    let run = env.fails(&["validate", "--staged"], 1);
    assert!(run.stdout.contains("000002.jsonl"), "{}", run.stdout);
    assert!(run.stdout.contains("a segment was deleted"), "{}", run.stdout);
}

/// Rewrites the evidence ledger as `records` through the library (a valid
/// chain, seals and checkpoint: what someone covering their tracks would do).
fn rewrite(env: &Env, records: &[Value]) {
    std::fs::remove_dir_all(env.path(".cavra/evidence/metadata")).unwrap();
    ledger::append(&loc(&env.path(LEDGER)), records).unwrap();
}

fn events(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"metadata_kind": "connector-delivery", "created_at": common::NOW, "event_id": format!("e{i}")}))
        .collect()
}

#[test]
fn a_cut_or_rechained_committed_tail_is_found_naming_file_line_and_commit() {
    let env = Env::new();
    ledger::append(&loc(&env.path(LEDGER)), &events(5)).unwrap();
    committed(&env, "five");
    let commit = head(&env);
    env.ok(&["validate"]);
    // Cut the last entry, checkpoint and all: a valid chain.
    rewrite(&env, &events(4));
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/2026-03/000001.jsonl:5: line 5 committed at {commit} is no longer there"
        )),
        "{}",
        run.stdout
    );
    // Edit the third entry and re-chain everything after it.
    let mut edited = events(5);
    edited[2]["event_id"] = json!("forged");
    rewrite(&env, &edited);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains(&format!("000001.jsonl:3: line 3 committed at {commit}")),
        "{}",
        run.stdout
    );
    // Appending is fine.
    rewrite(&env, &events(6));
    env.ok(&["validate"]);
    // The staged ledger is anchored too.
    rewrite(&env, &events(4));
    env.git_ok(&["add", "-A"]);
    let run = env.fails(&["validate", "--staged"], 1);
    assert!(
        run.stdout.contains("000001.jsonl:5: line 5 committed at"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_deleted_sealed_segment_and_a_rewrite_since_base_are_found() {
    let env = Env::new();
    ledger::append(&loc(&env.path(LEDGER)), &events(2003)).unwrap();
    committed(&env, "two segments");
    let base = head(&env);
    std::fs::remove_file(env.path(".cavra/evidence/metadata/2026-03/000001.jsonl")).unwrap();
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/2026-03/000001.jsonl: was committed at {base} and is gone"
        )),
        "{}",
        run.stdout
    );
    // A commit that rewrote the ledger passes against itself, not against the base.
    rewrite(&env, &events(2002));
    committed(&env, "rewritten");
    env.ok(&["validate"]);
    let run = env.fails(&["validate", "--base", &base], 1);
    assert!(
        run.stdout
            .contains(&format!("000002.jsonl:3: line 3 committed at {base}")),
        "{}",
        run.stdout
    );
    env.fails(&["validate", "--base", "no-such-rev"], 2);
}

/// Anchoring skips a committed segment git's stat cache says is unchanged
/// (as `git status` does): a sealed segment rewritten in place, same size,
/// same inode, its modification time put back, is still read and found
/// (its change time moved; only the file system sets that).
#[test]
fn a_sealed_segment_rewritten_in_place_with_its_mtime_put_back_is_still_found() {
    let env = Env::new();
    ledger::append(&loc(&env.path(LEDGER)), &events(2003)).unwrap();
    committed(&env, "two segments");
    let commit = head(&env);
    env.ok(&["validate"]);
    // The same ledger with entry 10's id changed to one of the same length,
    // re-chained (a valid chain, seals and checkpoint), written elsewhere.
    let forged = tempfile::tempdir().unwrap();
    let mut edited = events(2003);
    edited[9]["event_id"] = json!("x9");
    ledger::append(&loc(&forged.path().join("metadata.jsonl")), &edited).unwrap();
    for name in ["2026-03/000001.jsonl", "2026-03/000002.jsonl", "checkpoint"] {
        let path = env.path(&format!(".cavra/evidence/metadata/{name}"));
        let before = std::fs::metadata(&path).unwrap();
        let bytes = std::fs::read(forged.path().join("metadata").join(name)).unwrap();
        assert_eq!(bytes.len() as u64, before.len(), "{name}");
        // In place: the same inode, then the old modification time.
        std::fs::write(&path, &bytes).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(before.modified().unwrap()).unwrap();
    }
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/2026-03/000001.jsonl:10: was sealed at {commit} and has changed (line 10)"
        )),
        "{}",
        run.stdout
    );
    // Staged, the index's own blob ids say it changed.
    env.git_ok(&["add", "-A"]);
    let run = env.fails(&["validate", "--staged"], 1);
    assert!(run.stdout.contains("000001.jsonl:10: was sealed at"), "{}", run.stdout);
}

#[test]
fn a_clone_that_saw_the_checkpoint_fails_after_an_amend_dropped_entries() {
    let env = Env::new();
    ledger::append(&loc(&env.path(LEDGER)), &events(3)).unwrap();
    committed(&env, "three");
    let clone = tempfile::tempdir().unwrap();
    let clone_dir = clone.path().join("c");
    let c = clone_dir.to_str().unwrap();
    env.git_ok(&["clone", "-q", env.root().to_str().unwrap(), c]);
    env.ok(&["-C", c, "validate"]);
    let pin = clone_dir.join(".git/cavra/checkpoints/evidence-metadata");
    assert!(
        std::fs::read_to_string(&pin)
            .unwrap()
            .starts_with("cavra/evidence-metadata\n3\n")
    );
    // The origin rewrites its last commit without the third entry.
    rewrite(&env, &events(2));
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "--amend", "--no-verify", "-m", "two"]);
    let amended = head(&env);
    env.ok(&["validate"]);
    // A fresh clone has nothing to compare with; the one that saw 3 entries does.
    env.git_ok(&["-C", c, "fetch", "-q", "origin"]);
    env.git_ok(&["-C", c, "reset", "-q", "--hard", "FETCH_HEAD"]);
    let run = env.fails(&["-C", c, "validate"], 1);
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/checkpoint:2: ledger evidence-metadata: this clone pinned 3 entries, the ledger at commit {amended} has 2"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn ledger_verify_walks_history_naming_file_line_and_commit() {
    let env = Env::new();
    ledger::append(&loc(&env.path(LEDGER)), &events(2003)).unwrap();
    committed(&env, "c1");
    ledger::append(&loc(&env.path(LEDGER)), &events(2)).unwrap();
    committed(&env, "c2");
    let v = env.json(&["ledger", "verify"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["ledgers"][0]["commits"], 1, "{v}");
    let c2 = head(&env);
    // Edit entry 10 (in the sealed first segment) and re-chain everything.
    let mut edited = events(2005);
    edited[9]["event_id"] = json!("forged");
    rewrite(&env, &edited);
    committed(&env, "c3 rewrites");
    let c3 = head(&env);
    ledger::append(&loc(&env.path(LEDGER)), &events(1)).unwrap();
    committed(&env, "c4");
    env.ok(&["validate"]);
    let run = env.fails(
        &[
            "ledger",
            "verify",
            "evidence-metadata",
            "--all-history",
            "--format",
            "text",
        ],
        1,
    );
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/2026-03/000001.jsonl:10: commit {c3}: was sealed at {c2} and has changed (line 10)"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/2026-03/000002.jsonl:1: commit {c3}: line 1 committed at {c2}"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("evidence-metadata: 3 commits checked, 2 problems"),
        "{}",
        run.stdout
    );
}

/// The `event_id`s of the ledger's records (prune entries have none).
fn records_of(env: &Env) -> Vec<String> {
    env.ledger_records(LEDGER)
        .iter()
        .filter(|r| r["metadata_kind"] != "ledger-prune")
        .map(|r| r["event_id"].as_str().unwrap().to_string())
        .collect()
}

fn tagged(tag: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"metadata_kind": "connector-delivery", "created_at": common::NOW, "event_id": format!("{tag}{i}")}))
        .collect()
}

#[test]
fn two_branches_appending_three_thousand_each_merge_into_one_chain() {
    let env = Env::new();
    env.ok(&["git", "install"]);
    let l = loc(&env.path(LEDGER));
    ledger::append(&l, &tagged("base-", 10)).unwrap();
    committed(&env, "base");
    env.git_ok(&["checkout", "-q", "-b", "feature"]);
    ledger::append(&l, &tagged("f", 3000)).unwrap();
    committed(&env, "feature");
    // Cherry-pick a feature commit that appended one entry, then keep going.
    ledger::append(&l, &tagged("picked", 1)).unwrap();
    committed(&env, "picked");
    let picked = head(&env);
    env.git_ok(&["checkout", "-q", "-"]);
    ledger::append(&l, &tagged("m", 3000)).unwrap();
    committed(&env, "main");
    let pick = env.git(&["cherry-pick", &picked]);
    if pick.code != 0 {
        // The picked entry lands on a segment main rotated: resolve by hand
        // the way a person would, appending it.
        env.git_ok(&["cherry-pick", "--abort"]);
        ledger::append(&l, &tagged("picked", 1)).unwrap();
        committed(&env, "picked by hand");
    }
    let merge = env.git(&["merge", "--no-edit", "feature"]);
    assert_ne!(merge.code, 0, "both rotated: the segments conflict\n{}", merge.stdout);
    assert!(merge.stderr.contains("cavra ledger resolve"), "{}", merge.stderr);
    let r = env.json(&["ledger", "resolve"]);
    assert_eq!(r["ledgers"][0]["ours"], 3011);
    assert_eq!(r["ledgers"][0]["theirs_added"], 3000);
    env.git_ok(&["commit", "-q", "--no-verify", "--no-edit"]);
    env.ok(&["validate"]);
    let ids = records_of(&env);
    assert_eq!(ids.len(), 6011);
    assert_eq!(ids.iter().filter(|i| *i == "picked0").count(), 1);
    let mut expected: Vec<String> = (0..10).map(|i| format!("base-{i}")).collect();
    expected.extend((0..3000).map(|i| format!("m{i}")));
    expected.push("picked0".into());
    expected.extend((0..3000).map(|i| format!("f{i}")));
    assert_eq!(ids, expected);
    let segs = segments(&env.path(LEDGER));
    assert_eq!(segs.len(), 4, "{segs:?}");
    let v = env.json(&["ledger", "verify"]);
    assert_eq!(v["ok"], true, "{v}");
    assert!(env.git_ok(&["status", "--porcelain"]).stdout.is_empty());
}

const SEG1: &str = "2025-01/000001.jsonl";
const SEG2: &str = "2025-02/000002.jsonl";

#[test]
fn prune_removes_old_sealed_segments_and_validate_verify_and_diff_still_link_the_chain() {
    let env = Env::new();
    three_segments(&env);
    let committed_at = head(&env);
    // A dry run lists what would go and writes nothing.
    let before = env.snapshot();
    let dry = env.json(&[
        "ledger",
        "prune",
        "evidence-metadata",
        "--before",
        "2025-02-01",
        "--dry-run",
    ]);
    assert_eq!(
        dry,
        json!({"schema": "cavra.ledger.prune.v1", "ledger": "evidence-metadata", "before": "2025-02-01T00:00:00Z", "dry_run": true,
               "retention_before": "2025-03-01T12:00:00Z",
               "segments": [{"name": SEG1, "entries": 2000, "last_seq": 2000, "newest": "2025-01-15T00:00:00Z"}],
               "entries": 2000, "entry": null})
    );
    assert_eq!(env.snapshot(), before);
    assert!(env.git_ok(&["status", "--porcelain"]).stdout.is_empty());
    // The real thing: the prune entry first, then the segment and its month.
    let run = env.ok(&[
        "ledger",
        "prune",
        "evidence-metadata",
        "--before",
        "2025-02-01",
        "--format",
        "json",
    ]);
    assert!(
        run.stderr.contains("Pruned 1 segments (2000 entries)"),
        "{}",
        run.stderr
    );
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["dry_run"], false);
    assert_eq!(out["segments"][0]["name"], SEG1);
    let entry = &out["entry"];
    assert_eq!(entry["metadata_kind"], "ledger-prune");
    assert_eq!(entry["before"], "2025-02-01T00:00:00Z");
    assert_eq!(
        (
            entry["segments"][0]["name"].as_str(),
            entry["segments"][0]["entries"].as_u64()
        ),
        (Some(SEG1), Some(2000))
    );
    assert!(!segment_path(&env, "2025-01").exists());
    assert!(!env.path(".cavra/evidence/metadata/pruned").exists());
    // The entry is the chain's last; the chain starts after the segment:
    // reading, validate (anchored to HEAD, which still holds the segment),
    // diff (pruned entries are not "removed"; the segment is "pruned").
    let all = env.ledger_records(LEDGER);
    assert_eq!(all.last().unwrap(), entry);
    let ids = records_of(&env);
    assert_eq!((ids.len(), ids[0].as_str()), (2010, "feb0"));
    env.ok(&["validate"]);
    let d = env.json(&["diff"]);
    assert_eq!(d["stores"][1]["removed"], json!([]), "{d}");
    assert_eq!(d["stores"][1]["added"][0]["key"], "seq 4011", "{d}");
    assert_eq!(d["stores"][1]["added"][0]["summary"]["kind"], "ledger-prune", "{d}");
    assert_eq!(d["stores"][1]["pruned"][0]["segment"], SEG1, "{d}");
    assert_eq!(d["stores"][1]["pruned"][0]["prune_seq"], 4011, "{d}");
    committed(&env, "pruned");
    env.ok(&["validate", "--base", &committed_at]);
    // Appending and verifying history go on.
    ledger::append(&loc(&env.path(LEDGER)), &events(3)).unwrap();
    let d = env.json(&["diff"]);
    assert_eq!(d["stores"][1]["added"][0]["key"], "seq 4012");
    committed(&env, "more");
    env.ok(&["validate"]);
    for args in [&["ledger", "verify"][..], &["ledger", "verify", "--all-history"]] {
        let v = env.json(args);
        assert_eq!(v["ok"], true, "{v}");
    }
    // Nothing more is old enough; a second prune changes nothing.
    let again = env.json(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"]);
    assert_eq!(again["segments"], json!([]));
    assert_eq!(again["entry"], Value::Null);
    assert!(env.git_ok(&["status", "--porcelain"]).stdout.is_empty());
}

#[test]
fn a_segment_deleted_without_a_prune_entry_still_fails() {
    let env = Env::new();
    three_segments(&env);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"]);
    committed(&env, "pruned");
    let pruned = head(&env);
    // The prune entry covers segment 1 only: deleting segment 2 is caught.
    std::fs::remove_file(segment_path(&env, SEG2)).unwrap();
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/{SEG2}: was committed at {pruned} and is gone: no ledger-prune entry of the chain covers it"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("expected 2: a segment was deleted"),
        "{}",
        run.stdout
    );
    // A prune entry written by hand naming another seal does not vouch for it.
    env.git_ok(&["checkout", "--", "."]);
    let forged = json!({"metadata_kind": "ledger-prune", "created_at": common::NOW, "before": "2025-03-01T00:00:00Z",
        "by": "x", "segments": [{"name": SEG2, "seal_hash": format!("sha256:{}", "0".repeat(64)),
        "entries": 2000, "last_seq": 4000}]});
    ledger::append(&loc(&env.path(LEDGER)), &[forged]).unwrap();
    std::fs::remove_file(segment_path(&env, SEG2)).unwrap();
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout.contains(&format!(
            "the ledger-prune entry covering {SEG2} says seq 4001 and seal sha256:0000"
        )),
        "{}",
        run.stdout
    );
    // An earlier version's prune record is refused; taking the entry back is caught.
    env.git_ok(&["checkout", "--", "."]);
    env.write(".cavra/evidence/metadata/pruned", "{}");
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains("pruned: is the prune record of an earlier cavra, no longer trusted"),
        "{}",
        run.stdout
    );
    std::fs::remove_file(env.path(".cavra/evidence/metadata/pruned")).unwrap();
    let active = segment_path(&env, "2026-03/000003.jsonl");
    let text = std::fs::read_to_string(&active).unwrap();
    let kept: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    std::fs::write(&active, kept).unwrap();
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains(&format!("line 11 committed at {pruned} is no longer there")),
        "{}",
        run.stdout
    );
    // A deletion committed without an entry is found by `ledger verify`.
    env.git_ok(&["checkout", "--", "."]);
    std::fs::remove_file(segment_path(&env, SEG2)).unwrap();
    committed(&env, "deleted a sealed segment");
    let bad = head(&env);
    let run = env.fails(&["ledger", "verify", "--format", "text"], 1);
    assert!(
        run.stdout.contains(&format!(
            ".cavra/evidence/metadata/{SEG2}: commit {bad}: was committed at {pruned} and is gone"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_legal_hold_refuses_the_prune_and_empties_the_retention_plan() {
    let env = Env::new();
    three_segments(&env);
    let plan_dir = tempfile::tempdir().unwrap();
    let plan_out = plan_dir.path().to_str().unwrap();
    let plan = |env: &Env| env.json(&["ops", "retention-plan", "--output", plan_out, "--retention-days", "365"]);
    // Without a hold the plan names the segment a prune would remove.
    let p = plan(&env);
    assert_eq!(p["plan"]["prune_before"], "2025-03-01T12:00:00Z");
    assert_eq!(p["plan"]["stores"][1]["prunable_segments"], json!([SEG1, SEG2]));
    let md = std::fs::read_to_string(plan_dir.path().join("retention-plan.md")).unwrap();
    assert!(md.contains(&format!("- `{SEG2}`")), "{md}");
    env.write(
        ".cavra/legal-hold",
        "Litigation hold LEGAL-7, counsel: J. Doe, until further notice\n",
    );
    let snapshot = env.snapshot();
    let run = env.fails(&["ledger", "prune", "evidence-metadata", "--before", "2025-03-01"], 3);
    assert!(
        run.stderr
            .contains("ledger evidence-metadata: a legal hold is in place (.cavra/legal-hold: Litigation hold LEGAL-7"),
        "{}",
        run.stderr
    );
    env.fails(
        &[
            "ledger",
            "prune",
            "evidence-metadata",
            "--before",
            "2025-03-01",
            "--dry-run",
        ],
        3,
    );
    assert_eq!(env.snapshot(), snapshot);
    let p = plan(&env);
    assert_eq!(p["plan"]["legal_hold"], true);
    assert_eq!(p["plan"]["delete_protection"]["reason"], "legal_hold");
    assert_eq!(p["plan"]["stores"][1]["prunable_segments"], json!([]));
    // Lifted: the prune goes ahead.
    std::fs::remove_file(env.path(".cavra/legal-hold")).unwrap();
    let out = env.json(&["ledger", "prune", "evidence-metadata", "--before", "2025-03-01"]);
    assert_eq!(out["entries"], 4000);
}

#[test]
fn a_prune_is_refused_while_validate_reports_a_problem() {
    let env = Env::new();
    three_segments(&env);
    // A torn last line in the active segment.
    let active = segment_path(&env, "2026-03/000003.jsonl");
    let mut text = std::fs::read(&active).unwrap();
    text.extend_from_slice(b"{\"hash\":\"sha2");
    std::fs::write(&active, &text).unwrap();
    let snapshot = env.snapshot();
    let run = env.fails(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"], 4);
    assert!(
        run.stderr
            .contains("ledger evidence-metadata: `cavra validate` reports 1 problem(s); nothing was pruned"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("000003.jsonl:11: the last line is torn"),
        "{}",
        run.stderr
    );
    assert_eq!(env.snapshot(), snapshot);
    env.ok(&["ops", "repair"]);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"]);
    // A single-file ledger is migrated first.
    let env = Env::new();
    env.write(
        LEDGER,
        &String::from_utf8(ledger::chain(&dated("2025-01", "old", 3))).unwrap(),
    );
    let run = env.fails(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"], 3);
    assert!(
        run.stderr.contains("cavra ledger migrate evidence-metadata"),
        "{}",
        run.stderr
    );
}

#[test]
fn prune_dates_that_do_not_parse_are_named() {
    let env = Env::new();
    three_segments(&env);
    for (given, quoted) in [("yesterday", "\"yesterday\""), ("2025-13-01", "\"2025-13-01\"")] {
        let run = env.fails(&["ledger", "prune", "evidence-metadata", "--before", given], 2);
        assert!(
            run.stderr.contains(&format!(
                "invalid value '{given}' for '--before <DATE>': {quoted} is not a date (YYYY-MM-DD) or an RFC 3339 time"
            )),
            "{}",
            run.stderr
        );
    }
    let run = env.fails(&["ledger", "prune", "evidence-metadata"], 2);
    assert!(run.stderr.contains("--before <DATE>"), "{}", run.stderr);
    let run = env.fails(&["ledger", "prune", "evidence-metadata", "--before", "2027-01-01"], 2);
    assert!(
        run.stderr
            .contains("--before 2027-01-01T00:00:00Z is later than now (2026-03-01T12:00:00Z)"),
        "{}",
        run.stderr
    );
    env.fails(&["ledger", "prune", "nope", "--before", "2025-01-01"], 2);
}

#[test]
fn a_branch_that_pruned_merges_with_one_that_appended() {
    let env = Env::new();
    env.ok(&["git", "install"]);
    three_segments(&env);
    env.git_ok(&["checkout", "-q", "-b", "retention"]);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"]);
    ledger::append(&loc(&env.path(LEDGER)), &tagged("r", 2)).unwrap();
    committed(&env, "pruned and appended");
    env.git_ok(&["checkout", "-q", "-"]);
    ledger::append(&loc(&env.path(LEDGER)), &tagged("m", 3)).unwrap();
    committed(&env, "appended");
    // Both appended to the active segment: the driver replays it; the
    // deleted segment and the new record come from the pruning side.
    env.git_ok(&["merge", "--no-edit", "retention"]);
    env.ok(&["validate"]);
    let ids = records_of(&env);
    assert_eq!(ids.len(), 2015);
    assert_eq!(&ids[2010..], ["m0", "m1", "m2", "r0", "r1"]);
    assert!(!segment_path(&env, SEG1).exists());
    let v = env.json(&["ledger", "verify", "--all-history"]);
    assert_eq!(v["ok"], true, "{v}");
}
