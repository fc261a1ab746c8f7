//! Prunes that cannot be forged: a prune is a `ledger-prune` entry of the
//! ledger's own chain, checked by the hook, `validate --base`, `ledger
//! verify` and `diff` against the seals git committed; legal holds count in
//! the working tree, HEAD and the base; retention bounds every prune; pins
//! are kept per ledger instance. Real binary, real git repositories.

use crate::common;

use std::path::PathBuf;

use cavra::clock::Timestamp;
use cavra::store::ledger;
use cavra::store::registry::{AISPM_EVENTS, EVIDENCE_METADATA, StoreLocation, tenant_location};
use common::{Env, committed, committed_evidence, dated, head, three_segments};
use serde_json::{Value, json};

const LEDGER: &str = ".cavra/evidence/metadata.jsonl";
const SEG1: &str = "2025-01/000001.jsonl";
const SEG2: &str = "2025-02/000002.jsonl";

fn loc(env: &Env) -> StoreLocation {
    StoreLocation::at(&EVIDENCE_METADATA, env.path(LEDGER), "test")
}

fn seg(env: &Env, name: &str) -> PathBuf {
    env.path(".cavra/evidence/metadata").join(name)
}

/// The `event_id`s of the evidence ledger (prune and hold entries have none).
fn ids(env: &Env) -> Vec<String> {
    env.ledger_records(LEDGER)
        .iter()
        .filter_map(|r| r["event_id"].as_str().map(str::to_string))
        .collect()
}

/// Tenant `t` registered (answering to `tenant:<t>-prod`), with a
/// collector, and the six example events ingested (rewritten for `t`).
fn tenant_with_events(env: &Env, keys: &std::path::Path, t: &str) {
    let key = keys.join(format!("{t}.key"));
    let k = key.to_str().unwrap();
    env.ok(&["aispm", "keygen", "--out", k]);
    let tenant_ref = format!("tenant:{t}-prod");
    env.ok(&["aispm", "tenant", "add", t, "--tenant-ref", &tenant_ref]);
    env.ok(&[
        "aispm",
        "collector",
        "add",
        t,
        "codex-ci",
        "--ed25519-public-key-file",
        &format!("{k}.pub"),
        "--allow-connector-type",
        "codex",
        "--allow-event-type",
        "tool_call",
        "--allow-event-type",
        "policy_decision",
        "--allow-event-type",
        "approval_event",
        "--allow-repository",
        &format!("{t}/payments"),
        "--allow-environment",
        "production",
    ]);
    let envelopes = include_str!("../../examples/aispm/envelopes.ndjson")
        .replace("tenant:acme-prod", &tenant_ref)
        .replace("acme/payments", &format!("{t}/payments"));
    let signed = env.run_stdin(&["aispm", "sign", "--key", k], &envelopes);
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let file = keys.join(format!("{t}.ndjson"));
    std::fs::write(&file, &signed.stdout).unwrap();
    let out = env.json(&["aispm", "ingest", file.to_str().unwrap()]);
    assert_eq!(out["accepted"], 6, "{out}");
}

/// A checkpoint for the ledger's head, as a forger writes it.
fn forge_checkpoint(l: &StoreLocation) {
    let entries = ledger::read(l).unwrap();
    let last = entries.last().unwrap();
    let cp = ledger::checkpoint::Checkpoint::new(l, last.seq, &last.hash);
    std::fs::write(ledger::checkpoint::path(l), cp.text()).unwrap();
}

/// A prune entry's record.
fn prune_entry(segments: Value, before: &str) -> Value {
    json!({"metadata_kind": "ledger-prune", "created_at": common::NOW, "before": before, "by": "mallory", "segments": segments})
}

/// Forges the working tree's evidence ledger of a full sealed segment 1
/// (January 2025) and segment 2 (February 2026): segment 1 removed and
/// claimed pruned under a made-up seal (`fill` repeated), segment 2
/// rewritten as that prune entry and `n` entries chained from it, and the
/// checkpoint to match. Returns the made-up seal.
fn forge_first_segment_pruned(env: &Env, fill: &str, n: usize) -> String {
    let full = ledger::segments::MAX_LINES as usize;
    let made_up = format!("sha256:{}", fill.repeat(32));
    let mut forged = vec![prune_entry(
        json!([{"name": "2025-01/000001.jsonl", "seal_hash": made_up, "entries": full, "last_seq": full}]),
        "2025-02-01T00:00:00Z",
    )];
    forged.extend(dated("2026-02", "new", n));
    let dir = env.path(".cavra/evidence/metadata");
    std::fs::remove_dir_all(dir.join("2025-01")).unwrap();
    std::fs::write(
        dir.join("2026-02/000002.jsonl"),
        ledger::chain_from(full as u64 + 1, &made_up, &forged),
    )
    .unwrap();
    forge_checkpoint(&loc(env));
    made_up
}

/// Every check a forged removal must fail: the pre-commit hook, `validate`,
/// `validate --base`, `ledger verify --all-history` and `diff` (an error
/// line, exit 1); each output holds every one of `expected`.
fn every_check_fails(env: &Env, expected: &[String]) {
    let has = |what: &str, out: &str| {
        for e in expected {
            assert!(out.contains(e.as_str()), "{what}: {e:?} not in:\n{out}");
        }
    };
    let run = env.fails(&["validate"], 1);
    has("validate", &run.stdout);
    env.git_ok(&["add", "-A"]);
    let hook = env.git(&["commit", "-q", "-m", "forged"]);
    assert_ne!(hook.code, 0, "the hook let the forgery in");
    has("hook", &format!("{}{}", hook.stdout, hook.stderr));
    env.git_ok(&["commit", "-q", "--no-verify", "-m", "forged"]);
    let run = env.fails(&["validate", "--base", "HEAD~1"], 1);
    has("validate --base", &run.stdout);
    let run = env.fails(&["ledger", "verify", "--all-history", "--format", "text"], 1);
    has("ledger verify", &run.stdout);
    let run = env.fails(&["diff", "HEAD~1", "HEAD", "--format", "json"], 1);
    let d: Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<String> = d["stores"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["errors"].as_array().cloned().unwrap_or_default())
        .map(|e| e.as_str().unwrap().to_string())
        .collect();
    has("diff", &errors.join("\n"));
}

#[test]
fn a_forged_prune_entry_on_a_tenant_ledger_fails_every_check() {
    let env = Env::new();
    env.ok(&["git", "install"]);
    let keys = tempfile::tempdir().unwrap();
    tenant_with_events(&env, keys.path(), "acme");
    env.write(".cavra/legal-hold", "Litigation hold LEGAL-7\n");
    committed(&env, "acme's events, under hold");
    let commit = head(&env);
    let gate = env.run(&["aispm", "posture", "--tenant", "acme", "--fail-on", "warning"]);
    assert_eq!(gate.code, 1, "{}", gate.stderr);
    // The first segment goes; a new one starts with a prune entry naming a
    // made-up seal, then the events re-chained, the block turned into an allow.
    let tl = tenant_location(&AISPM_EVENTS, env.root(), "acme");
    let mut records: Vec<Value> = ledger::read(&tl)
        .unwrap()
        .into_iter()
        .map(|e| e.record.into_value())
        .collect();
    let text = serde_json::to_string(&records[0])
        .unwrap()
        .replace("\"block\"", "\"allow\"");
    records[0] = serde_json::from_str(&text).unwrap();
    let made_up = format!("sha256:{}", "ab".repeat(32));
    let mut forged = vec![prune_entry(
        json!([{"name": "2026-03/000001.jsonl", "seal_hash": made_up, "entries": 5, "last_seq": 5}]),
        "2026-03-01T00:00:00Z",
    )];
    forged.extend(records);
    let dir = tl.path.with_extension("");
    std::fs::remove_file(dir.join("2026-03/000001.jsonl")).unwrap();
    std::fs::write(
        dir.join("2026-03/000002.jsonl"),
        ledger::chain_from(6, &made_up, &forged),
    )
    .unwrap();
    forge_checkpoint(&tl);
    // On its own the forged chain is consistent: git is what proves it wrong.
    assert_eq!(ledger::check(&tl), vec![]);
    let file = ".cavra/aispm/tenants/acme/events/2026-03/000001.jsonl";
    every_check_fails(
        &env,
        &[
            format!("{file}: "),
            format!(
                "was committed at {commit} and is gone: it was the active segment there, and the active segment is never pruned"
            ),
            "were removed under a legal hold (.cavra/legal-hold: Litigation hold LEGAL-7".to_string(),
        ],
    );
}

#[test]
fn a_forged_prune_entry_on_the_evidence_ledger_fails_every_check() {
    let env = Env::new();
    env.ok(&["git", "install"]);
    let full = ledger::segments::MAX_LINES as usize;
    committed_evidence(
        &env,
        &[("2025-01", "jan", full), ("2026-02", "new", 11)],
        "a sealed segment and 11 entries",
    );
    let commit = head(&env);
    // Segment 1 claimed pruned under a made-up seal; the 11 committed
    // entries of segment 2 replaced by 10 chained from it.
    let made_up = forge_first_segment_pruned(&env, "cd", 10);
    assert_eq!(ledger::check(&loc(&env)), vec![]);
    every_check_fails(
        &env,
        &[
            ".cavra/evidence/metadata/2025-01/000001.jsonl: ".to_string(),
            format!(
                "was committed at {commit} and is gone: the ledger-prune entry at seq {} names seal {made_up}",
                full + 1
            ),
            ".cavra/evidence/metadata/2026-02/000002.jsonl:1: ".to_string(),
            format!("line 1 committed at {commit} is no longer there"),
        ],
    );
}

#[test]
fn a_hold_moved_aside_still_holds_until_a_commit_lifts_it() {
    let env = Env::new();
    env.ok(&["git", "install"]);
    three_segments(&env);
    let set = env.json(&["ops", "hold", "set", "--reason", "Litigation hold LEGAL-7"]);
    assert_eq!(set["action"], "set");
    committed(&env, "hold");
    // Moved aside: HEAD still holds, so the prune is refused.
    let aside = env.path("../hold-aside");
    std::fs::rename(env.path(".cavra/legal-hold"), &aside).unwrap();
    let run = env.fails(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"], 3);
    assert!(
        run.stderr.contains(".cavra/legal-hold: Litigation hold LEGAL-7"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(in the commit "), "{}", run.stderr);
    // Pruned anyway, behind cavra's back, and the hold put back: every check fails.
    let before = Timestamp::parse("2025-02-01T00:00:00Z").unwrap();
    let gone = ledger::prune::plan(&loc(&env), before).unwrap();
    ledger::prune::prune(&loc(&env), &gone, before, Timestamp::parse(common::NOW).unwrap(), "x").unwrap();
    std::fs::rename(&aside, env.path(".cavra/legal-hold")).unwrap();
    every_check_fails(
        &env,
        &["removed under a legal hold (.cavra/legal-hold: Litigation hold LEGAL-7".to_string()],
    );
    // Lifted in a commit of its own (recorded in the ledger), the prune goes ahead.
    env.git_ok(&["reset", "-q", "--hard", "HEAD~1"]);
    let lift = env.json(&["ops", "hold", "lift", "--reason", "case closed"]);
    assert_eq!(lift["action"], "lift");
    assert!(!env.path(".cavra/legal-hold").exists());
    let kinds: Vec<Value> = env
        .ledger_records(LEDGER)
        .iter()
        .map(|r| r["metadata_kind"].clone())
        .collect();
    assert_eq!(
        &kinds[kinds.len() - 2..],
        [json!("legal-hold-set"), json!("legal-hold-lift")]
    );
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "-m", "lift the hold"]);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"]);
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "-m", "pruned"]);
    env.ok(&["validate", "--base", "HEAD~1"]);
    assert_eq!(env.json(&["ledger", "verify", "--all-history"])["ok"], true);
    env.fails(&["ops", "hold", "lift", "--reason", "again"], 3);
}

#[test]
fn a_tenants_own_hold_is_set_and_lifted_by_ops_hold_and_recorded() {
    let env = Env::new();
    let keys = tempfile::tempdir().unwrap();
    tenant_with_events(&env, keys.path(), "acme");
    let kinds = |env: &Env| -> Vec<Value> {
        env.ledger_records(LEDGER)
            .iter()
            .filter(|r| r["metadata_kind"].as_str().unwrap_or("").starts_with("legal-hold"))
            .cloned()
            .collect()
    };
    // Not registered, or not held: refused, nothing recorded.
    env.fails(&["ops", "hold", "set", "--tenant", "ghost", "--reason", "x"], 3);
    let run = env.fails(&["ops", "hold", "lift", "--tenant", "acme", "--reason", "x"], 3);
    assert!(
        run.stderr.contains("tenant acme is not under legal hold"),
        "{}",
        run.stderr
    );
    assert!(kinds(&env).is_empty());

    let set = env.json(&[
        "ops",
        "hold",
        "set",
        "--tenant",
        "acme",
        "--reason",
        "Litigation LEGAL-9",
    ]);
    assert_eq!(
        (&set["action"], &set["tenant"]),
        (&json!("set"), &json!("acme")),
        "{set}"
    );
    assert_eq!(set["file"], ".cavra/aispm/tenants.json");
    assert!(!env.path(".cavra/legal-hold").exists(), "the workspace is not held");
    let run = env.fails(&["ledger", "prune", "aispm-events/acme", "--before", "2020-01-01"], 3);
    assert!(run.stderr.contains("tenant acme"), "{}", run.stderr);
    // The evidence ledger itself is not held by a tenant's hold.
    env.ok(&[
        "ledger",
        "prune",
        "evidence-metadata",
        "--before",
        "2020-01-01",
        "--dry-run",
    ]);

    let lift = env.json(&["ops", "hold", "lift", "--tenant", "acme", "--reason", "settled"]);
    assert_eq!(lift["action"], "lift");
    let recorded = kinds(&env);
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert_eq!(
        (
            &recorded[0]["metadata_kind"],
            &recorded[0]["tenant"],
            &recorded[0]["reason"]
        ),
        (&json!("legal-hold-set"), &json!("acme"), &json!("Litigation LEGAL-9"))
    );
    assert_eq!(
        (&recorded[1]["metadata_kind"], &recorded[1]["tenant"]),
        (&json!("legal-hold-lift"), &json!("acme"))
    );
    env.ok(&["ledger", "prune", "aispm-events/acme", "--before", "2020-01-01"]);
    env.ok(&["validate"]);
}

#[test]
fn retention_bounds_every_prune_and_the_plan_agrees() {
    let env = Env::new();
    three_segments(&env);
    let out = tempfile::tempdir().unwrap();
    // A plan asked for 30 days still keeps the ledgers' own 365.
    let plan = env.json(&[
        "ops",
        "retention-plan",
        "--output",
        out.path().to_str().unwrap(),
        "--retention-days",
        "30",
    ]);
    let prune_before = plan["plan"]["prune_before"].as_str().unwrap().to_string();
    assert_eq!(prune_before, "2025-03-01T12:00:00Z");
    let listed = plan["plan"]["stores"][1]["prunable_segments"].clone();
    assert_eq!(listed, json!([SEG1, SEG2]));
    let dry = env.json(&[
        "ledger",
        "prune",
        "evidence-metadata",
        "--before",
        &prune_before,
        "--dry-run",
    ]);
    let names: Vec<Value> = dry["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].clone())
        .collect();
    assert_eq!(json!(names), listed);
    // --before can only be stricter.
    let snapshot = env.snapshot();
    let run = env.fails(&["ledger", "prune", "evidence-metadata", "--before", "2025-06-01"], 3);
    assert!(
        run.stderr.contains("ledger evidence-metadata keeps 365 days: --before 2025-06-01T00:00:00Z is later than its retention allows (2025-03-01T12:00:00Z)"),
        "{}",
        run.stderr
    );
    assert_eq!(env.snapshot(), snapshot);
    // A prune past the retention made behind cavra's back fails validate.
    let before = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
    let gone = ledger::prune::plan(&loc(&env), before).unwrap();
    assert_eq!(gone.len(), 2);
    ledger::prune::prune(&loc(&env), &gone, before, Timestamp::parse(common::NOW).unwrap(), "x").unwrap();
    let run = env.fails(&["validate"], 1);
    assert!(run.stdout.contains("but the ledger keeps 365 days"), "{}", run.stdout);
    // A tenant's ledger keeps the tenant's retention (365 days by default).
    env.git_ok(&["checkout", "-q", "--", "."]);
    env.git_ok(&["clean", "-qfd"]);
    let keys = tempfile::tempdir().unwrap();
    tenant_with_events(&env, keys.path(), "acme");
    let run = env.fails(&["ledger", "prune", "aispm-events/acme", "--before", "2026-02-28"], 3);
    assert!(
        run.stderr.contains("ledger aispm-events/acme keeps 365 days"),
        "{}",
        run.stderr
    );
    let plan = env.json(&["aispm", "retention-plan", "--tenant", "acme"]);
    assert_eq!(plan["prunable"], 0, "{plan}");
}

#[test]
fn each_tenant_ledger_has_its_own_pin() {
    let env = Env::new();
    let keys = tempfile::tempdir().unwrap();
    tenant_with_events(&env, keys.path(), "acme");
    tenant_with_events(&env, keys.path(), "globex");
    committed(&env, "two tenants");
    env.ok(&["validate"]);
    env.ok(&["validate"]);
    let pins = env.path(".git/cavra/checkpoints/tenants");
    let pinned: Vec<String> = ["acme", "globex"]
        .iter()
        .map(|t| std::fs::read_to_string(pins.join(t).join("aispm-events")).unwrap())
        .collect();
    for pin in &pinned {
        assert_eq!(pin.lines().nth(1), Some("6"), "{pin}");
    }
    assert_ne!(pinned[0], pinned[1]);
    // A rewrite that drops one of globex's events fails on this clone.
    let tl = tenant_location(&AISPM_EVENTS, env.root(), "globex");
    let records: Vec<Value> = ledger::read(&tl)
        .unwrap()
        .into_iter()
        .map(|e| e.record.into_value())
        .collect();
    let dir = tl.path.with_extension("");
    std::fs::remove_dir_all(&dir).unwrap();
    ledger::append(&tl, &records[..4]).unwrap();
    // The projection made to agree with the shorter ledger: only the pin
    // can tell.
    env.ok(&["aispm", "replay", "--tenant", "globex", "--rebuild"]);
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "--amend", "--no-verify", "-m", "two tenants"]);
    let run = env.fails(&["validate"], 1);
    assert!(
        run.stdout
            .contains("ledger aispm-events/globex: this clone pinned 6 entries"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_pruned_ledger_backs_up_restores_and_validates() {
    let env = Env::new();
    three_segments(&env);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-03-01"]);
    committed(&env, "pruned");
    let dir = tempfile::tempdir().unwrap();
    env.ok(&["ops", "backup", "--output", dir.path().to_str().unwrap()]);
    // The live ledger is lost; the backup brings it back.
    std::fs::remove_dir_all(env.path(".cavra/evidence/metadata")).unwrap();
    let manifest = dir.path().join("manifest.json");
    env.ok(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"]);
    assert!(!seg(&env, SEG1).exists() && !seg(&env, SEG2).exists());
    assert_eq!(ids(&env).len(), 10);
    env.ok(&["validate"]);
    assert_eq!(env.json(&["ledger", "verify", "--all-history"])["ok"], true);
    assert!(env.git_ok(&["status", "--porcelain"]).stdout.is_empty());
}

#[test]
fn a_merge_after_prunes_on_both_sides_resolves_into_one_verified_chain() {
    let env = Env::new();
    env.ok(&["git", "install"]);
    three_segments(&env);
    env.git_ok(&["checkout", "-q", "-b", "theirs"]);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"]);
    committed_evidence(&env, &[("2026-03", "t", 3)], "theirs pruned one segment");
    env.git_ok(&["checkout", "-q", "-"]);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-03-01"]);
    // Ours fills the active segment: it is sealed and a new one starts.
    committed_evidence(&env, &[("2026-03", "o", 2100)], "ours pruned two segments");
    let merge = env.git(&["merge", "--no-edit", "theirs"]);
    if merge.code != 0 {
        env.ok(&["ledger", "resolve"]);
        env.git_ok(&["add", "-A"]);
        env.git_ok(&["commit", "-q", "--no-edit"]);
    }
    env.ok(&["validate"]);
    let got = ids(&env);
    assert_eq!(got.len(), 10 + 2100 + 3, "{:?}", &got[..3]);
    assert_eq!(&got[..1], ["mar0"]);
    assert_eq!(got.last().unwrap(), "t2");
    assert!(!seg(&env, SEG1).exists() && !seg(&env, SEG2).exists());
    let kinds = env
        .ledger_records(LEDGER)
        .iter()
        .filter(|r| r["metadata_kind"] == "ledger-prune")
        .count();
    assert_eq!(kinds, 2);
    assert_eq!(env.json(&["ledger", "verify", "--all-history"])["ok"], true);
    assert!(env.git_ok(&["status", "--porcelain"]).stdout.is_empty());
}

#[test]
fn a_clean_merge_of_a_side_that_pruned_is_checked_by_the_merge_commit_hook() {
    let env = Env::new();
    let installed = env.json(&["git", "install"]);
    assert_eq!(installed["steps"][3]["what"], "pre-merge-commit hook", "{installed}");
    three_segments(&env);
    let touch_ours = |what: &str| {
        env.write("notes.txt", what);
        committed(&env, what);
    };
    // Theirs prunes January 2025; ours touches no ledger file, so git
    // merges without the driver and deletes the segment itself.
    env.git_ok(&["checkout", "-q", "-b", "theirs"]);
    env.ok(&["ledger", "prune", "evidence-metadata", "--before", "2025-02-01"]);
    committed(&env, "theirs pruned January");
    env.git_ok(&["checkout", "-q", "-"]);
    touch_ours("ours\n");
    let merge = env.git(&["merge", "--no-edit", "theirs"]);
    assert_eq!(merge.code, 0, "{}{}", merge.stdout, merge.stderr);
    assert!(!seg(&env, SEG1).exists() && seg(&env, SEG2).exists());
    env.ok(&["validate", "--base", "HEAD~1"]);
    assert_eq!(env.json(&["ledger", "verify", "--all-history"])["ok"], true);

    // A branch that removed February behind cavra's back (no prune entry,
    // committed past the hook): merging it without a conflict is refused
    // by the merge-commit hook, and nothing is committed.
    env.git_ok(&["checkout", "-q", "-b", "forged"]);
    std::fs::remove_dir_all(env.path(".cavra/evidence/metadata/2025-02")).unwrap();
    committed(&env, "February gone");
    env.git_ok(&["checkout", "-q", "-"]);
    touch_ours("ours again\n");
    let before = head(&env);
    let merge = env.git(&["merge", "--no-edit", "forged"]);
    let said = format!("{}{}", merge.stdout, merge.stderr);
    assert_ne!(merge.code, 0, "the merge commit hook let the removal in:\n{said}");
    assert!(said.contains("2025-02/000002.jsonl"), "{said}");
    assert_eq!(head(&env), before);
}

#[test]
fn a_backup_whose_prune_entry_git_never_committed_is_not_restored() {
    let env = Env::new();
    let full = ledger::segments::MAX_LINES as usize;
    committed_evidence(
        &env,
        &[("2025-01", "jan", full), ("2026-02", "new", 3)],
        "a sealed segment and 3 entries",
    );
    // The working tree forged (segment 1 claimed pruned under a made-up
    // seal), then backed up: the backup verifies on its own.
    let made_up = forge_first_segment_pruned(&env, "ef", 3);
    let out = tempfile::tempdir().unwrap();
    env.ok(&["ops", "backup", "--output", out.path().to_str().unwrap()]);
    env.git_ok(&["checkout", "-q", "--", "."]);
    env.git_ok(&["clean", "-qfd"]);
    let snapshot = env.snapshot();
    let manifest = out.path().join("manifest.json");
    let run = env.fails(&["ops", "restore", manifest.to_str().unwrap(), "--overwrite"], 4);
    assert!(
        run.stderr.contains(&format!(
            "the ledger-prune entry at seq {} names seal {made_up}",
            full + 1
        )),
        "{}",
        run.stderr
    );
    assert_eq!(env.snapshot(), snapshot);
    env.ok(&["validate"]);
}
