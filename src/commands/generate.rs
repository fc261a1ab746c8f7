//! `cavra __generate` (hidden): writes the man pages (`man/`) and shell
//! completions (`completions/`) from the clap definition, or with `--check`
//! fails when the committed copies have drifted. A test runs the check.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::{CliError, ExitCode};

/// Regenerate man pages and completions from the CLI definition
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Only compare; exit 1 when a generated file differs or is missing
    #[arg(long)]
    pub check: bool,
    /// The project root holding man/ and completions/
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Every generated file: path relative to the project root, and contents.
pub fn generated_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    // The package version only: the commit `--version` adds would make
    // every commit change every page.
    let version = env!("CARGO_PKG_VERSION");
    let mut cmd = super::command().version(version).disable_help_subcommand(true);
    cmd.build();
    man_pages(&cmd, true, &mut files);
    let mut visible = without_hidden(&super::command().version(version));
    for (shell, name) in [
        (clap_complete::Shell::Bash, "cavra.bash"),
        (clap_complete::Shell::Zsh, "_cavra"),
        (clap_complete::Shell::Fish, "cavra.fish"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut visible, "cavra", &mut out);
        files.push((Path::new("completions").join(name), out));
    }
    files
}

/// `cmd` without its hidden subcommands (`__generate`), which completion
/// must not offer: clap_complete lists every subcommand it is given.
fn without_hidden(cmd: &clap::Command) -> clap::Command {
    let mut out = clap::Command::new(cmd.get_name().to_string()).args(cmd.get_arguments().cloned());
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        out = out.version(version.to_string());
    }
    out.subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(without_hidden))
}

fn man_pages(cmd: &clap::Command, root: bool, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, false, files);
    }
    // The root's long help ends with exit status, environment and files as
    // plain text; the man page gives each its own section instead.
    let page = cmd.clone().after_long_help(None::<&str>);
    let man = clap_mangen::Man::new(page)
        .manual("cavra manual")
        .source(format!("cavra {}", env!("CARGO_PKG_VERSION")));
    let mut out = Vec::new();
    man.render(&mut out).expect("rendering into memory cannot fail");
    let mut text = String::from_utf8(out).expect("clap_mangen writes UTF-8");
    let sections = if root { root_sections() } else { see_also() };
    match text.find(".SH VERSION") {
        Some(at) => text.insert_str(at, &sections),
        None => text.push_str(&sections),
    }
    files.push((Path::new("man").join(man.get_filename()), text.into_bytes()));
}

/// EXIT STATUS, ENVIRONMENT and FILES of cavra(1), as roff.
fn root_sections() -> String {
    let mut s = String::from(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in crate::error::EXIT_CODES {
        s.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", roff_text(meaning)));
    }
    s.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in crate::env::DOCUMENTED {
        s.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff_text(name), roff_text(meaning)));
    }
    s.push_str(".SH FILES\n");
    for (path, meaning) in super::FILES {
        s.push_str(&format!(".TP\n\\fI{}\\fR\n{}\n", roff_text(path), roff_text(meaning)));
    }
    s
}

/// Where a command's page sends the reader for what every command shares.
fn see_also() -> String {
    ".SH \"SEE ALSO\"\n\\fBcavra\\fR(1) for exit status, environment and files\n".to_string()
}

/// Plain text as one roff text line: backslashes and hyphens escaped, and a
/// leading `.` or `'` kept from reading as a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// Files under `root` that differ from what would be generated.
pub fn drifted(root: &Path) -> Vec<PathBuf> {
    let expected = generated_files();
    let mut out: Vec<PathBuf> = expected
        .iter()
        .filter(|(path, bytes)| std::fs::read(root.join(path)).ok().as_ref() != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect();
    for dir in ["man", "completions"] {
        for entry in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
            let rel = Path::new(dir).join(entry.file_name());
            if !expected.iter().any(|(p, _)| *p == rel) {
                out.push(rel);
            }
        }
    }
    out
}

pub fn run(args: GenerateArgs) -> Result<ExitCode, CliError> {
    if args.check {
        let drift = drifted(&args.root);
        for path in &drift {
            eprintln!("out of date: {}", path.display());
        }
        if !drift.is_empty() {
            eprintln!("hint: run `cargo run -- __generate` and commit the result");
            return Ok(ExitCode::Verdict);
        }
        return Ok(ExitCode::Success);
    }
    for dir in ["man", "completions"] {
        let dir = args.root.join(dir);
        if dir.is_dir() {
            for entry in std::fs::read_dir(&dir)
                .map_err(|e| CliError::io(&dir, "read", &e))?
                .flatten()
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    for (path, bytes) in generated_files() {
        let full = args.root.join(&path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CliError::io(parent, "create", &e))?;
        }
        std::fs::write(&full, bytes).map_err(|e| CliError::io(&full, "write", &e))?;
    }
    Ok(ExitCode::Success)
}
