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

use crate::error::CliError;

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
        ("DEMO_WEBHOOK_SECRET", "demo-webhook-signing-key"),
    ];
    let with_secrets = |title, args, expect| cavra_env(title, args, SECRETS, expect);
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
            "integration deliver examples/connectors/event.json --dry-run --format table",
            0,
        ),
        with_secrets(
            "Deliver to both, concurrently (the webhook answers 503 first: retried)",
            "integration deliver examples/connectors/event.json --output evidence/deliveries --format table",
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
        cavra("Register tenant acme", "aispm tenant add acme --format table", 0),
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
    ]
}

/// Runs the demo in `dir` (or a new temporary directory), writing to `out`.
pub fn run(dir: Option<PathBuf>, clean: bool, out: &mut dyn Write) -> Result<DemoOutcome, CliError> {
    let dir = prepare(dir)?;
    let exe = super::cavra_executable()?;
    let w = |out: &mut dyn Write, text: String| out.write_all(text.as_bytes()).map_err(crate::output::stdout_error);
    w(out, format!("cavra demo in {}\n", dir.display()))?;
    git2::Repository::init(&dir).map_err(|e| CliError::internal(format!("git init {}: {e}", dir.display())))?;
    for (path, text) in EXAMPLES {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("example paths have a parent"))
            .and_then(|()| std::fs::write(&full, text))
            .map_err(|e| CliError::io(&full, "write", &e))?;
    }
    let ignore = dir.join(".gitignore");
    std::fs::write(&ignore, "inventory.sqlite*\n*.key\n").map_err(|e| CliError::io(&ignore, "write", &e))?;
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
                let base = crate::ops::demo_receiver::start()
                    .map_err(|e| CliError::internal(format!("cannot start the demo receiver: {e}")))?;
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
                std::fs::remove_file(&full).map_err(|e| CliError::io(&full, "remove", &e))?;
                w(out, format!("\n== Disaster: {path} was deleted.\n"))?;
            }
        }
    }
    w(
        out,
        format!(
            "\n{} The repository is at {}\n  look around: git -C {} log --stat; cavra -C {} integration list\n",
            if ok {
                "Demo complete."
            } else {
                "Demo FAILED: a step did not behave as expected."
            },
            dir.display(),
            dir.display(),
            dir.display()
        ),
    )?;
    if clean {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(DemoOutcome { dir, ok })
}

fn write_connectors(dir: &Path, base: &str) -> Result<(), CliError> {
    let config = serde_json::json!({"connectors": {
        "splunk": {"provider": "splunk", "url": base, "token_env": "DEMO_HEC_TOKEN", "index": "security",
            "integration_id": "splunk-prod"},
        "webhook": {"provider": "webhook", "url": format!("{base}/hooks/cavra"), "secret_env": "DEMO_WEBHOOK_SECRET"},
    }});
    let path = dir.join(".cavra/connectors.json");
    std::fs::write(&path, crate::store::to_canonical_pretty(&config)).map_err(|e| CliError::io(&path, "write", &e))
}

fn prepare(dir: Option<PathBuf>) -> Result<PathBuf, CliError> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| CliError::io(&dir, "create", &e))?;
            let empty = std::fs::read_dir(&dir)
                .map_err(|e| CliError::io(&dir, "read", &e))?
                .next()
                .is_none();
            if !empty {
                return Err(CliError::usage(format!("--dir {}: not empty", dir.display()))
                    .hint("give a new or empty directory, or leave out --dir to use a temporary one"));
            }
            dir.canonicalize().map_err(|e| CliError::io(&dir, "resolve", &e))
        }
        None => tempfile::Builder::new()
            .prefix("cavra-demo-")
            .tempdir()
            .map(tempfile::TempDir::keep)
            .map_err(|e| CliError::io(&std::env::temp_dir(), "create a directory in", &e)),
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
) -> Result<bool, CliError> {
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

fn run_git(dir: &Path, title: &str, args: &[&str], out: &mut dyn Write) -> Result<bool, CliError> {
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

fn show(mut cmd: Command, header: &str, expect: i32, out: &mut dyn Write) -> Result<bool, CliError> {
    let output = cmd
        .output()
        .map_err(|e| CliError::internal(format!("cannot run {cmd:?}: {e}")))?;
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
    out.write_all(text.as_bytes()).map_err(crate::output::stdout_error)?;
    Ok(ok)
}

fn hand_edit(dir: &Path) -> Result<(), CliError> {
    let path = dir.join(".cavra/api/integrations.json");
    let text = std::fs::read_to_string(&path).map_err(|e| CliError::io(&path, "read", &e))?;
    let edited = text.replacen("\"owner\": \"identity\"", "\"owner\": \"iam-team\"", 1);
    std::fs::write(&path, edited).map_err(|e| CliError::io(&path, "write", &e))
}

fn forge(path: &Path) -> Result<(), CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io(path, "read", &e))?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut line: serde_json::Value =
        serde_json::from_str(&lines[1]).map_err(|e| CliError::internal(format!("{}: line 2: {e}", path.display())))?;
    let payload = crate::ops::aispm::dsse::b64_decode(line["payload"].as_str().unwrap_or_default()).unwrap_or_default();
    let forged = String::from_utf8_lossy(&payload).replace("\"allow\"", "\"approved\"");
    line["payload"] = crate::ops::aispm::dsse::b64_encode(forged.as_bytes()).into();
    lines[1] = line.to_string();
    std::fs::write(path, lines.join("\n") + "\n").map_err(|e| CliError::io(path, "write", &e))
}

fn commit(dir: &Path, message: &str) -> Result<(), CliError> {
    let fail = |e: git2::Error| CliError::internal(format!("git commit in {}: {e}", dir.display()));
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
