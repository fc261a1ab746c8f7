//! Concurrency and crash safety of the table store, through the real binary.

use crate::common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::Env;

fn ids(env: &Env) -> BTreeSet<String> {
    let Ok(text) = std::fs::read_to_string(env.store()) else {
        return BTreeSet::new();
    };
    let v: serde_json::Value = serde_json::from_str(&text).expect("the store is always whole JSON");
    v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["integration_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn eight_processes_adding_fifty_each_lose_nothing() {
    let env = Env::new();
    std::thread::scope(|s| {
        for t in 0..8 {
            let env = &env;
            s.spawn(move || {
                for i in 0..50 {
                    let id = format!("p{t}-{i:02}");
                    let provider = format!("provider{t}");
                    env.ok(&["integration", "add", "--provider", &provider, "--integration-id", &id]);
                }
            });
        }
    });
    let list = env.json(&["integration", "list"]);
    assert_eq!(list["total"], 400);
    assert_eq!(ids(&env).len(), 400);
    env.ok(&["validate"]);
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn a_writer_killed_at_random_moments_leaves_old_or_new_state() {
    let env = Env::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut state = ids(&env);
    // Where each kill landed: before the write began (old state, no temp
    // file), during it (old state, a temp file left), after the rename (new
    // state).
    let (mut before, mut during, mut after) = (0, 0, 0);
    let mut window = Duration::ZERO;
    for round in 0..200 {
        if round % 25 == 0 {
            // Calibrate: kill anywhere from process start to a bit past the
            // time a whole import takes, so kills land before, during and
            // after the write.
            let lines: String = (0..10)
                .map(|i| format!("{{\"provider\":\"cal\",\"integration_id\":\"cal-{round}-{i}\"}}\n"))
                .collect();
            env.write("cal.ndjson", &lines);
            let started = std::time::Instant::now();
            env.ok(&["integration", "import", "cal.ndjson"]);
            window = started.elapsed() * 13 / 10;
            state = ids(&env);
        }
        let batch: Vec<String> = (0..10).map(|i| format!("r{round:03}-{i}")).collect();
        let lines: String = batch
            .iter()
            .map(|id| {
                format!("{{\"provider\":\"splunk\",\"integration_id\":\"{id}\",\"capabilities\":[\"x{round}\"]}}\n")
            })
            .collect();
        env.write("batch.ndjson", &lines);
        let mut child = env
            .command()
            .args(["integration", "import", "batch.ndjson"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(window.as_micros() as u64 + 1)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        let run = env.run(&["validate"]);
        assert_eq!(
            run.code, 0,
            "round {round}: store invalid after SIGKILL:\n{}",
            run.stdout
        );
        let now = ids(&env);
        let mut with_batch = state.clone();
        with_batch.extend(batch.iter().cloned());
        if now == state && temps(&env) == 0 {
            before += 1;
        } else if now == state {
            during += 1;
        } else if now == with_batch {
            after += 1;
        } else {
            panic!(
                "round {round}: neither the old nor the new state ({} ids, had {})",
                now.len(),
                state.len()
            );
        }
        state = now;
    }
    eprintln!("kills: {before} before the write, {during} during it, {after} after the rename");
    assert!(
        before > 0 && during > 0 && after > 0,
        "kills must land before ({before}), during ({during}) and after ({after}) the write"
    );
    // Temp files of killed writers are removed by the next writer.
    env.ok(&["integration", "add", "--provider", "final"]);
    assert_eq!(temps(&env), 0);
}

/// Temporary files a writer left next to the store.
fn temps(env: &Env) -> usize {
    std::fs::read_dir(env.path(".cavra/api"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .count()
}

#[test]
fn a_merge_driver_killed_at_random_moments_leaves_ours_old_or_new() {
    let env = Env::new();
    let base: Vec<serde_json::Value> = (0..2500)
        .map(|i| common::record(&format!("r{i:05}"), "splunk"))
        .collect();
    let side = |extra: &str| {
        let mut records = base.clone();
        records.push(common::record(extra, "jira"));
        common::table_file(&records)
    };
    let (ours, theirs) = (side("x-ours"), side("x-theirs"));
    let dir = tempfile::tempdir().unwrap();
    let (o, a, b) = (
        dir.path().join("O"),
        dir.path().join("work").join("A"),
        dir.path().join("B"),
    );
    std::fs::create_dir(a.parent().unwrap()).unwrap();
    std::fs::write(&o, common::table_file(&base)).unwrap();
    std::fs::write(&b, &theirs).unwrap();
    let driver = |a: &std::path::Path| {
        let mut cmd = env.command();
        cmd.args(["git", "merge-driver"])
            .args([&o, a, &b])
            .arg(".cavra/api/integrations.json")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    };
    // The merged result, and how long a whole run takes.
    std::fs::write(&a, &ours).unwrap();
    let started = std::time::Instant::now();
    assert!(driver(&a).status().unwrap().success());
    let window = started.elapsed() * 13 / 10;
    let merged = std::fs::read(&a).unwrap();
    assert!(merged != ours.as_bytes() && String::from_utf8_lossy(&merged).contains("x-theirs"));

    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut old, mut new) = (0, 0);
    // At least 30 kills, until some landed before and some after the
    // rename: on a loaded machine a run's length varies, so the window the
    // kills are spread over follows what they hit.
    let mut window = window;
    for round in 0..300 {
        if round >= 30 && old > 0 && new > 0 {
            break;
        }
        if round >= 10 && old == 0 {
            window = window * 3 / 4;
        } else if round >= 10 && new == 0 {
            window = window * 5 / 4;
        }
        std::fs::write(&a, &ours).unwrap();
        let mut child = driver(&a).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(window.as_micros() as u64 + 1)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read(&a).unwrap();
        if now == ours.as_bytes() {
            old += 1;
        } else if now == merged {
            new += 1;
        } else {
            panic!("round {round}: %A is neither ours nor the merge ({} bytes)", now.len());
        }
    }
    eprintln!("killed merge drivers: {old} left ours, {new} wrote the merge");
    assert!(
        old > 0 && new > 0,
        "kills must land before ({old}) and after ({new}) the rename"
    );
}
