//! A test environment: a fresh git repository in a temp dir, the real
//! binary, a pinned clock and a clean environment (jj's `TestEnvironment`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

pub const NOW: &str = "2026-03-01T12:00:00Z";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub vars: Vec<(String, String)>,
}

impl Env {
    /// A new git repository with `.cavra/` initialised.
    pub fn new() -> Env {
        let env = Env::bare();
        env.ok(&["init"]);
        env
    }

    /// A new git repository without `.cavra/`.
    pub fn bare() -> Env {
        let dir = tempfile::Builder::new().prefix("cavra-test-").tempdir().unwrap();
        init_repo(dir.path());
        Env { dir, vars: Vec::new() }
    }

    /// A temp dir that is not a git repository (the temp directory is
    /// assumed not to be inside one).
    pub fn outside_git() -> Env {
        let dir = tempfile::Builder::new().prefix("cavra-test-").tempdir().unwrap();
        Env { dir, vars: Vec::new() }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn store(&self) -> PathBuf {
        self.path(".cavra/api/integrations.json")
    }

    pub fn set(&mut self, k: &str, v: &str) {
        self.vars.push((k.to_string(), v.to_string()));
    }

    /// The real binary, run in the repository with a clean environment.
    pub fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cavra"));
        cmd.current_dir(self.root())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("CAVRA_NOW", NOW)
            .env("NO_COLOR", "1");
        hermetic_git(&mut cmd, self.root());
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command().args(args).output().unwrap();
        Run::from(output)
    }

    /// Runs with `input` on standard input.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        Run::from(child.wait_with_output().unwrap())
    }

    /// Runs and asserts exit status 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "cavra {args:?} failed:\n{}", run.stderr);
        run
    }

    /// Runs and asserts the exit status.
    pub fn fails(&self, args: &[&str], code: i32) -> Run {
        let run = self.run(args);
        assert_eq!(
            run.code, code,
            "cavra {args:?}: expected exit {code}\nstdout: {}\nstderr: {}",
            run.stdout, run.stderr
        );
        run
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs with `--format json` and parses stdout; an output that names a
    /// schema shipped in `schemas/` must pass it.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut full = args.to_vec();
        full.extend(["--format", "json"]);
        let value: serde_json::Value = serde_json::from_str(&self.ok(&full).stdout).unwrap();
        if let Some(name) = value.get("schema").and_then(|s| s.as_str())
            && schema_path(name).exists()
        {
            assert_fits_schema(&value);
        }
        value
    }

    /// A snapshot of every file under `.cavra/` except lock and temp files.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        walk(&self.path(".cavra"), &self.path(".cavra"), &mut out);
        out.sort();
        out
    }
}

/// The one place tests keep git away from the host's configuration: every
/// `GIT_*` variable of the test process removed, `HOME` and
/// `XDG_CONFIG_HOME` in `home` (a temp dir), no system config. Used for the
/// `git` binary and for cavra (which reads git through git2).
pub fn hermetic_git(cmd: &mut std::process::Command, home: &Path) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(&name);
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1");
}

/// git2 in the test process itself: its global, XDG and system config
/// searches point at an empty directory, once per process, so library
/// calls read no host configuration either.
pub fn hermetic_git2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let empty = std::env::temp_dir().join("cavra-test-no-git-config");
        std::fs::create_dir_all(&empty).unwrap();
        for level in [
            git2::ConfigLevel::System,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::Global,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: runs once, before any other git2 call of this process
            // reads the search paths (every test reaches git2 through here).
            unsafe { git2::opts::set_search_path(level, &empty) }.unwrap();
        }
    });
}

/// `git init` through git2, without the host's configuration.
pub fn init_repo(dir: &Path) -> git2::Repository {
    hermetic_git2();
    git2::Repository::init(dir).unwrap()
}

/// Opens a repository through git2, without the host's configuration.
pub fn open_repo(dir: &Path) -> git2::Repository {
    hermetic_git2();
    git2::Repository::open(dir).unwrap()
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".locks" {
            continue;
        }
        if p.is_dir() {
            walk(base, &p, out);
        } else {
            out.push((
                p.strip_prefix(base).unwrap().display().to_string(),
                std::fs::read(&p).unwrap_or_default(),
            ));
        }
    }
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// A valid record as the store holds it.
pub fn record(id: &str, provider: &str) -> serde_json::Value {
    serde_json::json!({
        "auth_mode": null, "capabilities": [], "category": "siem", "created_at": NOW,
        "endpoint_ref": null, "environment": "global", "evidence_refs": [], "health_status": "not_checked",
        "integration_id": id, "last_checked_at": null, "name": provider, "owner": "soc",
        "provider": provider, "repositories": [], "status": "active", "updated_at": NOW
    })
}

/// A table file holding `records` with a correct checksum, laid out as
/// cavra writes it (each record key first).
pub fn table_file(records: &[serde_json::Value]) -> String {
    String::from_utf8(cavra::store::table::encode(
        &cavra::store::registry::INTEGRATIONS,
        records,
    ))
    .unwrap()
}

impl Env {
    /// Runs git in the repository with a fixed identity and no host config.
    pub fn git(&self, args: &[&str]) -> Run {
        let mut cmd = std::process::Command::new("git");
        cmd.args(args).current_dir(self.root());
        hermetic_git(&mut cmd, self.root());
        cmd.env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
            .env("GIT_AUTHOR_DATE", "2026-03-01T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-03-01T12:00:00Z")
            .env("CAVRA_NOW", NOW);
        Run::from(cmd.output().unwrap())
    }

    /// Runs git and asserts success.
    pub fn git_ok(&self, args: &[&str]) -> Run {
        let run = self.git(args);
        assert_eq!(run.code, 0, "git {args:?} failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// Appends records to the evidence metadata ledger through the library.
    pub fn append_evidence(&self, kinds: &[&str]) {
        let records: Vec<serde_json::Value> = kinds
            .iter()
            .map(|k| serde_json::json!({"metadata_kind": "connector-delivery", "created_at": NOW, "event_id": k}))
            .collect();
        self.append_evidence_records(&records);
    }

    /// Appends `records`, as given, to the evidence metadata ledger through
    /// the library.
    pub fn append_evidence_records(&self, records: &[serde_json::Value]) {
        let loc = cavra::store::registry::StoreLocation::at(
            &cavra::store::registry::EVIDENCE_METADATA,
            self.path(".cavra/evidence/metadata.jsonl"),
            "test",
        );
        cavra::store::ledger::append(&loc, records).unwrap();
    }

    /// The ledger at `rel` as bytes on disk: its one file, or every segment
    /// in order (what a reviewer or an attacker would read or edit).
    pub fn ledger_text(&self, rel: &str) -> String {
        self.ledger_files(rel).iter().map(|f| self.read(f)).collect()
    }

    /// The files of the ledger at `rel`, relative to the root: the one file
    /// of the layout before segments, or each segment in order.
    pub fn ledger_files(&self, rel: &str) -> Vec<String> {
        if self.path(rel).is_file() {
            return vec![rel.to_string()];
        }
        let dir = rel.trim_end_matches(".jsonl");
        let mut files = Vec::new();
        let Ok(months) = std::fs::read_dir(self.path(dir)) else {
            return files;
        };
        for month in months.flatten().filter(|m| m.path().is_dir()) {
            for seg in std::fs::read_dir(month.path()).unwrap().flatten() {
                let name = format!(
                    "{dir}/{}/{}",
                    month.file_name().to_string_lossy(),
                    seg.file_name().to_string_lossy()
                );
                if name.ends_with(".jsonl") {
                    files.push(name);
                }
            }
        }
        files.sort();
        files
    }

    /// The records of the ledger at `rel` (segmented or one file), in order.
    pub fn ledger_records(&self, rel: &str) -> Vec<serde_json::Value> {
        let loc = cavra::store::registry::StoreLocation::at(
            &cavra::store::registry::EVIDENCE_METADATA,
            self.path(rel),
            "test",
        );
        cavra::store::ledger::read(&loc)
            .unwrap()
            .into_iter()
            .map(|e| e.record.into_value())
            .collect()
    }
}
pub mod http;

/// A repository whose `.cavra/connectors.json` holds `connectors` and whose
/// `event.json` is `event`.
pub fn env_with(connectors: serde_json::Value, event: &str) -> Env {
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        &serde_json::json!({"connectors": connectors}).to_string(),
    );
    env.write("event.json", event);
    env
}

/// A run's standard output as JSON (null when it is not).
pub fn out(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or(serde_json::Value::Null)
}

/// Stages everything and commits it as `message`, hooks skipped.
pub fn committed(env: &Env, message: &str) {
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "--no-verify", "-m", message]);
}

/// The commit id of HEAD.
pub fn head(env: &Env) -> String {
    env.git_ok(&["rev-parse", "HEAD"]).stdout.trim().to_string()
}

/// `n` evidence records dated in `month` (`YYYY-MM`), tagged.
pub fn dated(month: &str, tag: &str, n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| serde_json::json!({"metadata_kind": "connector-delivery", "created_at": format!("{month}-15T00:00:00Z"), "event_id": format!("{tag}{i}")}))
        .collect()
}

/// Appends, in one call through the library, the [`dated`] records of each
/// `(month, tag, n)` to the evidence metadata ledger, then commits them.
pub fn committed_evidence(env: &Env, months: &[(&str, &str, usize)], message: &str) {
    let records: Vec<serde_json::Value> = months.iter().flat_map(|(m, tag, n)| dated(m, tag, *n)).collect();
    env.append_evidence_records(&records);
    committed(env, message);
}

/// A committed evidence ledger: 2,000 entries of January 2025, 2,000 of
/// February 2025 (two sealed segments) and 10 of March 2026 (active).
pub fn three_segments(env: &Env) {
    let full = cavra::store::ledger::segments::MAX_LINES as usize;
    committed_evidence(
        env,
        &[
            ("2025-01", "jan", full),
            ("2025-02", "feb", full),
            ("2026-03", "mar", 10),
        ],
        "three segments",
    );
}

/// Lower-case hex sha256 of `bytes`, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
pub mod siem;

/// Where output schema `name` is shipped.
pub fn schema_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{name}.schema.json"))
}

/// Asserts that a JSON output names its schema (a `schema` member), that the
/// schema is shipped in `schemas/`, and that the output passes it.
pub fn assert_fits_schema(value: &serde_json::Value) {
    let name = value["schema"]
        .as_str()
        .unwrap_or_else(|| panic!("no `schema` member: {value:#}"));
    let text = std::fs::read_to_string(schema_path(name)).unwrap_or_else(|e| panic!("schema {name}: {e}"));
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}\n{value:#}");
}
