//! `cavra demo`: the main job, end to end, on the shipped examples.
//!
//! It runs the real binary (this executable) step by step in a fresh git
//! repository, printing each command line and its output, so what a newcomer
//! sees is exactly what they would get typing the commands. Each step states
//! the exit status it expects (the hand-edit step expects validate to fail);
//! the demo fails if any step behaves otherwise. The branch-and-merge part
//! needs the `git` command; without it, that part is skipped and said so.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the demo can fail with (a step that misbehaves is not an error:
/// the outcome says so).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("--dir {}: not empty", dir.display())]
    DirNotEmpty { dir: PathBuf },
    #[error(transparent)]
    Store(#[from] crate::error::StoreError),
    #[error("cannot write the demo's output")]
    Output(#[source] std::io::Error),
    #[error("cannot find the cavra executable")]
    Executable(#[source] std::io::Error),
    #[error("cannot start the demo receiver")]
    Receiver(#[source] std::io::Error),
    #[error("cannot run {program}")]
    Spawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("git in {}", dir.display())]
    Git {
        dir: PathBuf,
        #[source]
        source: git2::Error,
    },
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> DemoError {
    move |source| crate::error::StoreError::io(action, path, source).into()
}

/// The examples the demo copies into its repository.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "examples/integrations/inventory.json",
        include_str!("../../examples/integrations/inventory.json"),
    ),
    (
        "examples/integrations/more.ndjson",
        include_str!("../../examples/integrations/more.ndjson"),
    ),
    (
        "examples/connectors/event.json",
        include_str!("../../examples/connectors/event.json"),
    ),
    (
        "examples/release/promotion-execution.json",
        include_str!("../../examples/release/promotion-execution.json"),
    ),
    (
        "examples/release/rollback-execution.json",
        include_str!("../../examples/release/rollback-execution.json"),
    ),
    (
        "examples/aispm/stream.ndjson",
        include_str!("../../examples/aispm/stream.ndjson"),
    ),
];

/// How the demo went.
#[derive(Debug)]
pub struct DemoOutcome {
    pub dir: PathBuf,
    pub ok: bool,
}

/// One thing the demo does.
enum Item {
    /// Run `cavra ARGS` (with extra environment), expecting an exit status.
    Cavra {
        title: &'static str,
        args: &'static str,
        env: &'static [(&'static str, &'static str)],
        expect: i32,
    },
    /// Run `git ARGS` (needs the git command), expecting success.
    Git {
        title: &'static str,
        args: &'static [&'static str],
    },
    /// Commit everything (through libgit2, so it needs no git command).
    Commit(&'static str),
    /// Change a file by hand, as a person bypassing cavra would.
    HandEdit,
    /// Lose a store.
    Delete(&'static str),
    /// A section heading.
    Section(&'static str),
    /// Start a receiver on loopback and point `.cavra/connectors.json` at it.
    StartReceiver,
    /// Forge line 2 of a signed AISPM stream: a new payload under the old signature.
    Forge(&'static str),
}

fn cavra(title: &'static str, args: &'static str, expect: i32) -> Item {
    cavra_env(title, args, &[], expect)
}

/// [`cavra`] with extra environment variables.
fn cavra_env(
    title: &'static str,
    args: &'static str,
    env: &'static [(&'static str, &'static str)],
    expect: i32,
) -> Item {
    Item::Cavra {
        title,
        args,
        env,
        expect,
    }
}

fn script() -> Vec<Item> {
    use Item::*;
    const DB: &[(&str, &str)] = &[(crate::env::CAVRA_INTEGRATION_DB, "inventory.sqlite")];
    // The secrets the demo's connector configuration names (by variable).
    const SECRETS: &[(&str, &str)] = &[
        ("DEMO_HEC_TOKEN", "demo-hec-token-0000"),
        ("DEMO_WEBHOOK_SECRET", "whsec_ZGVtby13ZWJob29rLXNpZ25pbmcta2V5"),
    ];
    let with_secrets = |title, args, expect| cavra_env(title, args, SECRETS, expect);
    // The drill steps run on a pinned clock, so statuses and ids are the same every time.
    const DUE_SOON: &[(&str, &str)] = &[("CAVRA_NOW", "2026-10-20T00:00:00Z")];
    const OVERDUE: &[(&str, &str)] = &[
        ("CAVRA_NOW", "2026-11-05T00:00:00Z"),
        ("DEMO_HEC_TOKEN", "demo-hec-token-0000"),
        ("DEMO_WEBHOOK_SECRET", "whsec_ZGVtby13ZWJob29rLXNpZ25pbmcta2V5"),
    ];
    vec![
        Section("The integration inventory"),
        cavra("Lay out .cavra/ in the repository", "init --format table", 0),
        cavra(
            "Import the example inventory (JSON array)",
            "integration import examples/integrations/inventory.json --format table",
            0,
        ),
        cavra(
            "Import more integrations (NDJSON)",
            "integration import examples/integrations/more.ndjson --format table",
            0,
        ),
        cavra(
            "Importing the same file again changes nothing",
            "integration import examples/integrations/more.ndjson --format table",
            0,
        ),
        cavra("List the inventory", "integration list --format table", 0),
        cavra(
            "Filter: SIEM integrations in production",
            "integration list --category siem --environment production --format table",
            0,
        ),
        cavra(
            "Add an integration from the command line",
            "integration add --provider webhook --integration-id webhook-audit --category security --status configured --owner appsec --auth-mode token_env --capability signed_delivery --format table",
            0,
        ),
        cavra(
            "Record a health check",
            "integration update splunk-prod --health-status healthy --format table",
            0,
        ),
        cavra(
            "Show one integration as JSON",
            "integration show splunk-prod --format json",
            0,
        ),
        cavra(
            "Adding an id that exists is refused",
            "integration add --provider splunk --integration-id splunk-prod",
            3,
        ),
        cavra("Validate every store (what the pre-commit hook runs)", "validate", 0),
        Commit("Record the integration inventory"),
        Section("Integrity: hand edits are caught"),
        HandEdit,
        cavra("A hand edit that bypassed cavra is caught", "validate", 1),
        cavra(
            "Reviewed and intended: reseal the store",
            "reseal integrations --format table",
            0,
        ),
        cavra("Valid again", "validate", 0),
        Commit("Reseal after a reviewed edit"),
        cavra(
            "What the last commit changed, record by record",
            "diff HEAD~1 HEAD --format table",
            0,
        ),
        Section("The same inventory in SQLite"),
        cavra(
            "Create a SQLite evidence database",
            "evidence migrate --sqlite inventory.sqlite --format table",
            0,
        ),
        cavra_env(
            "Copy the inventory into SQLite",
            "integration import .cavra/api/integrations.json --format table",
            DB,
            0,
        ),
        cavra_env(
            "Same command, same output, from SQLite",
            "integration list --category siem --environment production --format table",
            DB,
            0,
        ),
        Section("Connector delivery"),
        StartReceiver,
        cavra(
            "The configured connectors (secrets are named, never stored)",
            "connector list --format table",
            0,
        ),
        cavra(
            "Their references do not resolve without the variables",
            "connector check --format table",
            1,
        ),
        with_secrets("With the variables set, they do", "connector check --format table", 0),
        with_secrets(
            "Dry run: the exact requests, secrets masked, nothing sent",
            "integration deliver examples/connectors/event.json --provider splunk,webhook --dry-run --format table",
            0,
        ),
        with_secrets(
            "Deliver to both, concurrently (the webhook answers 503 first: retried)",
            "integration deliver examples/connectors/event.json --provider splunk,webhook --output evidence/deliveries --format table",
            0,
        ),
        cavra(
            "The integration's health and last check followed the delivery",
            "integration show splunk-prod --format table",
            0,
        ),
        cavra(
            "The evidence metadata ledger and every store still validate",
            "validate",
            0,
        ),
        Commit("Deliveries and their evidence"),
        Section("Release governance: audits, a failing rollback, the CI gate, a retry"),
        with_secrets(
            "Deliver a promotion audit (checked against its schema and its execution_id)",
            "release deliver-promotion-audit examples/release/promotion-execution.json --provider splunk --format table",
            0,
        ),
        with_secrets(
            "Deliver a rollback execution; its receiver is down (no retries): exit 1",
            "release deliver-rollback-execution examples/release/rollback-execution.json --provider splunk,release-hook --retries 0 --format table",
            1,
        ),
        cavra(
            "The dashboard as a CI gate: a failed rollback delivery is critical",
            "release connector-delivery-dashboard --fail-on critical --format markdown",
            1,
        ),
        with_secrets(
            "Retry: the recorded input, unchanged, to the failed connector only",
            "delivery retry --failed --format table",
            0,
        ),
        cavra(
            "Recovered: the gate passes",
            "release connector-delivery-dashboard --fail-on critical --format table",
            0,
        ),
        cavra(
            "Every delivery of every kind, newest first",
            "delivery history --format table",
            0,
        ),
        cavra("The ledger's chain still verifies", "validate", 0),
        Commit("Release deliveries"),
        Section("Rollback drills: did the audit evidence reach its destinations?"),
        cavra_env(
            "Schedule a rollback drill every 30 days; webhook and Splunk must acknowledge",
            "drill schedule add --schedule-id payments-prod --service payments --environment production --owner sre --cadence-days 30 --last-drill-at 2026-10-01T00:00:00Z --acknowledgement-required-provider webhook,splunk --format table",
            DUE_SOON,
            0,
        ),
        cavra_env(
            "Its status from the clock: due within 14 days",
            "drill schedule list --format table",
            DUE_SOON,
            0,
        ),
        cavra_env(
            "Overdue: a critical notification, delivered through the connectors",
            "drill notify --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "The webhook route acknowledges (the note stays in the repository)",
            "drill ack payments-prod --provider webhook --by alice --note paged-on-call --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "An acknowledgement audit package: Splunk's route is still outstanding",
            "drill audit --schedule-id payments-prod --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "Deliver the package to both (a daily plan; Splunk sourcetype cavra:rollback_drill_ack_audit)",
            "drill audit-deliver --audit-id rda_8201a9e145a2 --provider webhook,splunk --cadence daily --format table",
            OVERDUE,
            0,
        ),
        cavra_env(
            "The drill dashboard as a CI gate: critical while a route is outstanding",
            "drill dashboard --fail-on critical --format table",
            OVERDUE,
            1,
        ),
        cavra_env(
            "The acknowledgements, from the history",
            "drill history --metadata-kind rollback-drill-acknowledgement --format table",
            OVERDUE,
            0,
        ),
        Commit("Rollback drill schedule, notifications and audit deliveries"),
        Section("Git: branches that both change the inventory merge cleanly"),
        cavra(
            "Install the merge driver and the pre-commit hook",
            "git install --format table",
            0,
        ),
        Commit("Use cavra's merge driver"),
        Git {
            title: "Start a branch",
            args: &["checkout", "-q", "-b", "activate-okta"],
        },
        cavra(
            "On the branch: activate Okta",
            "integration update okta-workforce --status active --health-status healthy --format table",
            0,
        ),
        Git {
            title: "Commit (the pre-commit hook validates the staged stores)",
            args: &["commit", "-q", "-a", "-m", "Activate Okta"],
        },
        Git {
            title: "Back on the main line",
            args: &["checkout", "-q", "-"],
        },
        cavra(
            "Meanwhile: add an AWS integration",
            "integration add --provider aws --integration-id aws-audit --category cloud --owner cloud-sec --format table",
            0,
        ),
        Git {
            title: "Commit",
            args: &["commit", "-q", "-a", "-m", "Add AWS"],
        },
        Git {
            title: "Merge: both sides changed integrations.json; the driver merges by record and reseals",
            args: &["merge", "--no-edit", "activate-okta"],
        },
        cavra("Valid after the merge, no hand-edited checksum", "validate", 0),
        cavra(
            "Both changes are there",
            "integration list --provider okta --format table",
            0,
        ),
        Section("Store operations"),
        cavra("Every store, its size and integrity", "ops stores --format table", 0),
        cavra(
            "Back up every store with a checksummed manifest",
            "ops backup --output backup --format table",
            0,
        ),
        Delete(".cavra/api/integrations.json"),
        cavra("The inventory is gone", "integration list --format table", 0),
        cavra(
            "Restore it from the backup (verified before writing, re-read after)",
            "ops restore backup/manifest.json --verify --format table",
            0,
        ),
        cavra("Back, and valid", "validate", 0),
        cavra(
            "A retention plan (JSON and Markdown, deterministic)",
            "ops retention-plan --output retention --retention-days 365 --format markdown",
            0,
        ),
        Commit("Backup and retention plan"),
        Section("AISPM live ingestion"),
        cavra(
            "A collector's key pair (private key 0600, outside .cavra/)",
            "aispm keygen --out collector.key --format text",
            0,
        ),
        cavra(
            "A second tenant's collector key",
            "aispm keygen --out globex.key --format text",
            0,
        ),
        cavra(
            "Register tenant acme: the tenant_ref its collectors send",
            "aispm tenant add acme --tenant-ref tenant:acme-prod --format table",
            0,
        ),
        cavra("Register tenant globex", "aispm tenant add globex --format table", 0),
        cavra(
            "Register acme's collector: its public key and what it may send",
            "aispm collector add acme codex-ci --ed25519-public-key-file collector.key.pub --allow-connector-type codex --allow-event-type tool_call --allow-event-type policy_decision --allow-repository acme/payments --allow-environment production --format table",
            0,
        ),
        cavra(
            "Register globex's collector",
            "aispm collector add globex globex-ci --ed25519-public-key-file globex.key.pub --format table",
            0,
        ),
        cavra(
            "Sign a sample stream (its last envelope claims tenant globex)",
            "aispm sign --key collector.key --input examples/aispm/stream.ndjson --output signed.ndjson",
            0,
        ),
        Forge("signed.ndjson"),
        cavra(
            "Ingest: the forged and the cross-tenant line are quarantined with their reason (exit 1)",
            "aispm ingest signed.ndjson --format table",
            1,
        ),
        cavra(
            "acme's posture, from its committed projection",
            "aispm posture --tenant acme --format table",
            0,
        ),
        cavra(
            "Replay and verify: the projection equals a rebuild from the ledger",
            "aispm replay --tenant acme --verify --format table",
            0,
        ),
        cavra("Ingestion health", "aispm health --tenant acme --format json", 0),
        Commit("AISPM events of tenant acme"),
        Section("Evidence console"),
        cavra(
            "One static page from the stores: integrations, deliveries, drills, posture, stores (git-ignored)",
            "console build --format text",
            0,
        ),
    ]
}

/// Runs the demo in `dir` (or a new temporary directory), writing to `out`.
pub fn run(dir: Option<PathBuf>, clean: bool, out: &mut dyn Write) -> Result<DemoOutcome, DemoError> {
    let dir = prepare(dir)?;
    let exe = super::cavra_executable().map_err(DemoError::Executable)?;
    let w = |out: &mut dyn Write, text: String| out.write_all(text.as_bytes()).map_err(DemoError::Output);
    w(out, format!("cavra demo in {}\n", dir.display()))?;
    git2::Repository::init(&dir).map_err(|source| DemoError::Git {
        dir: dir.clone(),
        source,
    })?;
    for (path, text) in EXAMPLES {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("example paths have a parent"))
            .and_then(|()| std::fs::write(&full, text))
            .map_err(io_error("write", &full))?;
    }
    let ignore = dir.join(".gitignore");
    std::fs::write(&ignore, "inventory.sqlite*\n*.key\n").map_err(io_error("write", &ignore))?;
    w(
        out,
        "Initialised a git repository and copied the shipped examples into it.\n".into(),
    )?;

    let has_git = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut ok = true;
    let mut skipped_git = false;
    for item in script() {
        match item {
            Item::Section(title) => w(out, format!("\n### {title}\n"))?,
            Item::Cavra {
                title,
                args,
                env,
                expect,
            } => ok &= run_step(&exe, &dir, title, args, env, expect, out)?,
            Item::Git { title, args } if has_git => ok &= run_git(&dir, title, args, out)?,
            Item::Git { .. } => {
                if !skipped_git {
                    w(
                        out,
                        "\n(no `git` command on this machine: the branch-and-merge steps are skipped)\n".into(),
                    )?;
                }
                skipped_git = true;
            }
            Item::StartReceiver => {
                let base = crate::ops::demo_receiver::start().map_err(DemoError::Receiver)?;
                write_connectors(&dir, &base)?;
                w(
                    out,
                    format!(
                        "\n== Started a receiver on {base} (loopback, so the demo runs offline) and wrote .cavra/connectors.json pointing at it.\n"
                    ),
                )?;
            }
            Item::Commit(message) => {
                commit(&dir, message)?;
                w(out, format!("\n== Committed: {message}\n"))?;
            }
            Item::HandEdit => {
                hand_edit(&dir)?;
                w(
                    out,
                    "\n== Hand-edited .cavra/api/integrations.json: changed an owner without cavra.\n".into(),
                )?;
            }
            Item::Forge(path) => {
                forge(&dir.join(path))?;
                w(
                    out,
                    format!("\n== Forged line 2 of {path}: another payload under the original signature.\n"),
                )?;
            }
            Item::Delete(path) => {
                let full = dir.join(path);
                std::fs::remove_file(&full).map_err(io_error("remove", &full))?;
                w(out, format!("\n== Disaster: {path} was deleted.\n"))?;
            }
        }
    }
    let verdict = if ok {
        "Demo complete."
    } else {
        "Demo FAILED: a step did not behave as expected."
    };
    if clean {
        let _ = std::fs::remove_dir_all(&dir);
    }
    w(out, closing_hint(verdict, &exe, &dir, clean))?;
    Ok(DemoOutcome { dir, ok })
}

/// The demo's last lines: where the repository is and a command that runs
/// as printed — the binary by its path, since `cargo run` puts nothing on
/// PATH — or, with `--clean`, that the directory is gone.
fn closing_hint(verdict: &str, exe: &Path, dir: &Path, clean: bool) -> String {
    if clean {
        return format!(
            "\n{verdict} The repository in {} was removed (--clean).\n",
            dir.display()
        );
    }
    format!(
        "\n{verdict} The repository is at {dir}\n  open the evidence console: {console}\n  look around: git -C {dir} log --stat\n               {exe} -C {dir} integration list\n",
        console = dir.join(".cavra").join("console").join("index.html").display(),
        dir = dir.display(),
        exe = exe.display()
    )
}

fn write_connectors(dir: &Path, base: &str) -> Result<(), DemoError> {
    let config = serde_json::json!({"connectors": {
        "splunk": {"provider": "splunk", "url": base, "token_env": "DEMO_HEC_TOKEN", "index": "security",
            "integration_id": "splunk-prod"},
        "webhook": {"provider": "webhook", "url": format!("{base}/hooks/cavra"), "secret_env": "DEMO_WEBHOOK_SECRET"},
        "release-hook": {"provider": "webhook", "url": format!("{base}/hooks/release"), "secret_env": "DEMO_WEBHOOK_SECRET"},
    }});
    let path = dir.join(".cavra/connectors.json");
    std::fs::write(&path, crate::store::to_canonical_pretty(&config)).map_err(io_error("write", &path))
}

fn prepare(dir: Option<PathBuf>) -> Result<PathBuf, DemoError> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(io_error("create", &dir))?;
            let empty = std::fs::read_dir(&dir)
                .map_err(io_error("read", &dir))?
                .next()
                .is_none();
            if !empty {
                return Err(DemoError::DirNotEmpty { dir });
            }
            dir.canonicalize().map_err(io_error("resolve", &dir))
        }
        None => tempfile::Builder::new()
            .prefix("cavra-demo-")
            .tempdir()
            .map(tempfile::TempDir::keep)
            .map_err(io_error("create a directory in", &std::env::temp_dir())),
    }
}

fn run_step(
    exe: &Path,
    dir: &Path,
    title: &str,
    args: &str,
    env: &[(&str, &str)],
    expect: i32,
    out: &mut dyn Write,
) -> Result<bool, DemoError> {
    let env_prefix: String = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    let mut cmd = Command::new(exe);
    cmd.args(args.split_whitespace()).current_dir(dir);
    for var in [crate::env::CAVRA_INTEGRATION_DB, crate::env::CAVRA_INTEGRATION_STORE] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    show(cmd, &format!("\n== {title}\n$ {env_prefix}cavra {args}\n"), expect, out)
}

fn run_git(dir: &Path, title: &str, args: &[&str], out: &mut dyn Write) -> Result<bool, DemoError> {
    let mut cmd = Command::new("git");
    cmd.args(["-c", "user.name=cavra demo", "-c", "user.email=demo@cavra.invalid"])
        .args(args)
        .current_dir(dir);
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if a.contains(' ') {
                format!("{a:?}")
            } else {
                a.to_string()
            }
        })
        .collect();
    show(cmd, &format!("\n== {title}\n$ git {}\n", shown.join(" ")), 0, out)
}

fn show(mut cmd: Command, header: &str, expect: i32, out: &mut dyn Write) -> Result<bool, DemoError> {
    let output = cmd.output().map_err(|source| DemoError::Spawn {
        program: cmd.get_program().to_string_lossy().into_owned(),
        source,
    })?;
    let mut text = header.to_string();
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    let code = output.status.code().unwrap_or(-1);
    let ok = code == expect;
    if !ok {
        text.push_str(&format!("!! expected exit status {expect}, got {code}\n"));
    } else if code != 0 {
        text.push_str(&format!("(exit status {code}, as expected)\n"));
    }
    out.write_all(text.as_bytes()).map_err(DemoError::Output)?;
    Ok(ok)
}

fn hand_edit(dir: &Path) -> Result<(), DemoError> {
    let path = dir.join(".cavra/api/integrations.json");
    let text = std::fs::read_to_string(&path).map_err(io_error("read", &path))?;
    let edited = text.replacen("\"owner\": \"identity\"", "\"owner\": \"iam-team\"", 1);
    std::fs::write(&path, edited).map_err(io_error("write", &path))
}

fn forge(path: &Path) -> Result<(), DemoError> {
    let text = std::fs::read_to_string(path).map_err(io_error("read", path))?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // The shipped stream has more than one line and each is JSON: a demo
    // step, not user input.
    let mut line: serde_json::Value = serde_json::from_str(&lines[1]).expect("the shipped stream is JSON lines");
    let payload = crate::ops::aispm::dsse::b64_decode(line["payload"].as_str().unwrap_or_default()).unwrap_or_default();
    let forged = String::from_utf8_lossy(&payload).replace("\"allow\"", "\"block\"");
    line["payload"] = crate::ops::aispm::dsse::b64_encode(forged.as_bytes()).into();
    lines[1] = line.to_string();
    std::fs::write(path, lines.join("\n") + "\n").map_err(io_error("write", path))
}

fn commit(dir: &Path, message: &str) -> Result<(), DemoError> {
    let fail = |source: git2::Error| DemoError::Git {
        dir: dir.to_path_buf(),
        source,
    };
    let repo = git2::Repository::open(dir).map_err(fail)?;
    let mut index = repo.index().map_err(fail)?;
    index
        .add_all(["."], git2::IndexAddOption::DEFAULT, None)
        .map_err(fail)?;
    index.write().map_err(fail)?;
    let tree = repo.find_tree(index.write_tree().map_err(fail)?).map_err(fail)?;
    let sig = git2::Signature::now("cavra demo", "demo@cavra.invalid").map_err(fail)?;
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_closing_hint_names_the_binary_and_never_a_removed_directory() {
        let kept = super::closing_hint(
            "Demo complete.",
            Path::new("/x/target/debug/cavra"),
            Path::new("/tmp/d"),
            false,
        );
        assert_eq!(
            kept,
            "\nDemo complete. The repository is at /tmp/d\n  open the evidence console: /tmp/d/.cavra/console/index.html\n  look around: git -C /tmp/d log --stat\n               /x/target/debug/cavra -C /tmp/d integration list\n"
        );
        let removed = super::closing_hint("Demo complete.", Path::new("/x/cavra"), Path::new("/tmp/d"), true);
        assert_eq!(
            removed,
            "\nDemo complete. The repository in /tmp/d was removed (--clean).\n"
        );
    }
}
