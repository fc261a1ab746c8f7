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

mod script;

use script::{Item, script};

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

impl crate::error::Diagnostic for DemoError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            DemoError::DirNotEmpty { .. } => ExitCode::Usage,
            DemoError::Store(e) => e.exit_code(),
            DemoError::Output(source) => crate::output::stdout_error_code(source),
            DemoError::Executable(_) | DemoError::Receiver(_) | DemoError::Spawn { .. } | DemoError::Git { .. } => {
                ExitCode::Internal
            }
        }
    }
    fn message(&self) -> String {
        match self {
            DemoError::Output(source) => crate::output::stdout_error_message(source),
            _ => self.to_string(),
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            DemoError::Executable(source) | DemoError::Receiver(source) | DemoError::Spawn { source, .. } => {
                vec![source.to_string()]
            }
            DemoError::Git { source, .. } => vec![source.to_string()],
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        match self {
            DemoError::DirNotEmpty { .. } => {
                vec!["give a new or empty directory, or leave out --dir to use a temporary one".to_string()]
            }
            _ => Vec::new(),
        }
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            DemoError::Store(e) => Some(e),
            _ => None,
        }
    }
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
    let forged = String::from_utf8_lossy(&payload).replace("\"allow\"", "\"approved\"");
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
