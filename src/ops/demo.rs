//! `cavra demo`: the main job, end to end, on the shipped examples.
//!
//! It runs the real binary (this executable) step by step in a fresh git
//! repository, printing each command line and its output, so what a newcomer
//! sees is exactly what they would get typing the commands. Each step states
//! the exit status it expects (the hand-edit step expects validate to fail);
//! the demo fails if any step behaves otherwise.

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
];

/// How the demo went.
#[derive(Debug)]
pub struct DemoOutcome {
    pub dir: PathBuf,
    pub ok: bool,
}

struct Step<'a> {
    title: &'a str,
    args: Vec<String>,
    env: Vec<(&'a str, String)>,
    expect: i32,
}

fn step<'a>(title: &'a str, args: &str, expect: i32) -> Step<'a> {
    Step {
        title,
        args: args.split_whitespace().map(str::to_string).collect(),
        env: Vec::new(),
        expect,
    }
}

/// Runs the demo in `dir` (or a new temporary directory), writing to `out`.
pub fn run(dir: Option<PathBuf>, clean: bool, out: &mut dyn Write) -> Result<DemoOutcome, CliError> {
    let dir = prepare(dir)?;
    let exe =
        std::env::current_exe().map_err(|e| CliError::internal(format!("cannot find the cavra executable: {e}")))?;
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
    std::fs::write(&ignore, "inventory.sqlite*\n").map_err(|e| CliError::io(&ignore, "write", &e))?;
    w(
        out,
        "Initialised a git repository and copied the shipped examples into it.\n".into(),
    )?;

    let db = "inventory.sqlite".to_string();
    let mut ok = true;
    let groups: Vec<Vec<Step>> = vec![
        vec![
            step("Lay out .cavra/ in the repository", "init --format table", 0),
            step(
                "Import the example inventory (JSON array)",
                "integration import examples/integrations/inventory.json --format table",
                0,
            ),
            step(
                "Import more integrations (NDJSON)",
                "integration import examples/integrations/more.ndjson --format table",
                0,
            ),
            step(
                "Importing the same file again changes nothing",
                "integration import examples/integrations/more.ndjson --format table",
                0,
            ),
            step("List the inventory", "integration list --format table", 0),
            step(
                "Filter: SIEM integrations in production",
                "integration list --category siem --environment production --format table",
                0,
            ),
            step(
                "Add an integration from the command line",
                "integration add --provider webhook --integration-id webhook-audit --category security --status configured --owner appsec --auth-mode token_env --capability signed_delivery --format table",
                0,
            ),
            step(
                "Record a health check",
                "integration update splunk-prod --health-status healthy --format table",
                0,
            ),
            step(
                "Show one integration as JSON",
                "integration show splunk-prod --format json",
                0,
            ),
            step(
                "Adding an id that exists is refused",
                "integration add --provider splunk --integration-id splunk-prod",
                3,
            ),
            step("Validate every store (what the pre-commit hook runs)", "validate", 0),
        ],
        vec![
            step("A hand edit that bypassed cavra is caught", "validate", 1),
            step(
                "Reviewed and intended: reseal the store",
                "reseal integrations --format table",
                0,
            ),
            step("Valid again", "validate", 0),
        ],
        vec![
            step(
                "Create a SQLite evidence database",
                &format!("evidence migrate --sqlite {db} --format table"),
                0,
            ),
            Step {
                env: vec![("CAVRA_INTEGRATION_DB", db.clone())],
                ..step(
                    "Copy the inventory into SQLite",
                    "integration import .cavra/api/integrations.json --format table",
                    0,
                )
            },
            Step {
                env: vec![("CAVRA_INTEGRATION_DB", db.clone())],
                ..step(
                    "Same command, same output, from SQLite",
                    "integration list --category siem --environment production --format table",
                    0,
                )
            },
        ],
        delivery_steps(),
    ];
    for (i, group) in groups.into_iter().enumerate() {
        if i == 1 {
            commit(&dir, "Record the integration inventory")?;
            w(
                out,
                "\n== Committed .cavra/ to git (git add -A && git commit).\n".into(),
            )?;
            hand_edit(&dir)?;
            w(
                out,
                "\n== Hand-edited .cavra/api/integrations.json: changed an owner without cavra.\n".into(),
            )?;
        }
        if i == 3 {
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
        for s in group {
            ok &= run_step(&exe, &dir, &s, out)?;
        }
    }
    commit(&dir, "Reseal after a reviewed edit")?;
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

/// Environment of the delivery steps: the secrets the configuration names.
fn demo_secrets() -> Vec<(&'static str, String)> {
    vec![
        ("DEMO_HEC_TOKEN", "demo-hec-token-0000".to_string()),
        ("DEMO_WEBHOOK_SECRET", "demo-webhook-signing-key".to_string()),
    ]
}

fn delivery_steps<'a>() -> Vec<Step<'a>> {
    let with = |s: Step<'a>| Step {
        env: demo_secrets(),
        ..s
    };
    vec![
        step(
            "The configured connectors (secrets are named, never stored)",
            "connector list --format table",
            0,
        ),
        step(
            "Their references do not resolve without the variables",
            "connector check --format table",
            1,
        ),
        with(step(
            "With the variables set, they do",
            "connector check --format table",
            0,
        )),
        with(step(
            "Dry run: the exact requests, secrets masked, nothing sent",
            "integration deliver examples/connectors/event.json --dry-run --format table",
            0,
        )),
        with(step(
            "Deliver to both, concurrently (the webhook answers 503 first: retried)",
            "integration deliver examples/connectors/event.json --output evidence/deliveries --format table",
            0,
        )),
        step(
            "The integration's health and last check followed the delivery",
            "integration show splunk-prod --format table",
            0,
        ),
        step(
            "The evidence metadata ledger and every store still validate",
            "validate",
            0,
        ),
    ]
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

fn run_step(exe: &Path, dir: &Path, s: &Step, out: &mut dyn Write) -> Result<bool, CliError> {
    let env_prefix: String = s.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    let mut text = format!("\n== {}\n$ {env_prefix}cavra {}\n", s.title, s.args.join(" "));
    let mut cmd = Command::new(exe);
    cmd.args(&s.args).current_dir(dir);
    for var in [crate::env::CAVRA_INTEGRATION_DB, crate::env::CAVRA_INTEGRATION_STORE] {
        cmd.env_remove(var);
    }
    for (k, v) in &s.env {
        cmd.env(k, v);
    }
    let output = cmd
        .output()
        .map_err(|e| CliError::internal(format!("cannot run {}: {e}", exe.display())))?;
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    let code = output.status.code().unwrap_or(-1);
    let ok = code == s.expect;
    if !ok {
        text.push_str(&format!("!! expected exit status {}, got {code}\n", s.expect));
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
