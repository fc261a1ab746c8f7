//! `cavra __generate` (hidden): writes the man pages (`man/`) and shell
//! completions (`completions/`) from the clap definition, or with `--check`
//! fails when the committed copies have drifted. A test runs the check.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};

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
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    man_pages(&cmd, &mut files);
    for (shell, name) in [
        (clap_complete::Shell::Bash, "cavra.bash"),
        (clap_complete::Shell::Zsh, "_cavra"),
        (clap_complete::Shell::Fish, "cavra.fish"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut super::Cli::command(), "cavra", &mut out);
        files.push((Path::new("completions").join(name), out));
    }
    files
}

fn man_pages(cmd: &clap::Command, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, files);
    }
    let man = clap_mangen::Man::new(cmd.clone())
        .manual("cavra manual")
        .source(format!("cavra {}", env!("CARGO_PKG_VERSION")));
    let mut out = Vec::new();
    man.render(&mut out).expect("rendering into memory cannot fail");
    files.push((Path::new("man").join(man.get_filename()), out));
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
