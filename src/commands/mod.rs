//! The command line: clap definitions and dispatch. Each leaf command is one
//! file that turns its arguments into options, calls one `ops` function and
//! renders the typed outcome; no store or network I/O happens here.

pub mod aispm;
pub mod connector;
pub mod demo;
pub mod diff;
pub mod evidence;
pub mod generate;
pub mod git;
pub mod init;
pub mod integration;
pub mod ops;
pub mod reseal;
pub mod schema;
pub mod validate;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{CliError, ExitCode};
use crate::ops::workspace::Workspace;
use crate::output::{Format, Shell};

/// Governance state of AI coding agents, kept in the repository as checksummed JSON
///
/// cavra keeps the inventory of an organisation's integrations (SIEM, ITSM,
/// ChatOps, …) and its governance evidence under `.cavra/`, as checksummed,
/// schema-validated JSON committed with the code.
#[derive(Debug, Parser)]
#[command(name = "cavra", version, propagate_version = true, max_term_width = 100)]
#[command(after_long_help = after_long_help())]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if cavra was started in DIR (relative paths are then relative to DIR)
    #[arg(short = 'C', long = "repo", global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Output format [default: table on a terminal, json otherwise]
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// When to colour messages on stderr
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print no status messages on stderr (errors still appear)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail on stderr (store paths, timings)
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is unset
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    Init(init::InitArgs),
    #[command(subcommand)]
    Integration(integration::IntegrationCommand),
    Validate(validate::ValidateArgs),
    Reseal(reseal::ResealArgs),
    Diff(diff::DiffArgs),
    #[command(subcommand)]
    Git(git::GitCommand),
    #[command(subcommand)]
    Ops(ops::OpsCommand),
    #[command(subcommand)]
    Schema(schema::SchemaCommand),
    #[command(subcommand)]
    Connector(connector::ConnectorCommand),
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    Demo(demo::DemoArgs),
    #[command(subcommand)]
    Aispm(aispm::AispmCommand),
    #[command(hide = true, name = "__generate")]
    Generate(generate::GenerateArgs),
}

/// What every command gets: the workspace, the output format and the shell.
pub struct Ctx {
    pub ws: Workspace,
    pub format: Format,
    /// Whether `--format` was given (some commands pick another default).
    pub format_given: bool,
    pub shell: Shell,
}

impl Ctx {
    /// The clock's current time as RFC 3339 (CAVRA_NOW when set).
    pub fn now(&self) -> Result<String, CliError> {
        Ok(crate::clock::now()?.rfc3339())
    }
}

fn after_long_help() -> String {
    let mut s = String::from("Exit status:\n");
    for (code, meaning) in crate::error::EXIT_CODES {
        s.push_str(&format!("  {code}  {meaning}\n"));
    }
    s.push_str("\nEnvironment:\n");
    for (name, meaning) in crate::env::DOCUMENTED {
        s.push_str(&format!("  {name}\n      {meaning}\n"));
    }
    s.push_str("\nFiles:\n  .cavra/api/integrations.json    integration inventory (table)\n  .cavra/evidence/metadata.jsonl  evidence metadata (ledger)\n  .cavra/connectors.json          connector configuration (names secrets, holds none)\n  .cavra/**/.locks/               lock files (git-ignored)\n");
    s
}

/// Parses the command line, runs the command, returns the exit status.
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let color = use_color(cli.global.color);
    match run(cli) {
        Ok(code) => std::process::ExitCode::from(code as u8),
        Err(err) if err.code == ExitCode::Success => std::process::ExitCode::SUCCESS,
        Err(err) => {
            err.report(color);
            std::process::ExitCode::from(err.code as u8)
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => crate::env::var(crate::env::NO_COLOR).is_none() && std::io::stderr().is_terminal(),
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    // Like `git -C`: change directory first, so relative paths in arguments
    // and environment variables are relative to DIR.
    if let Some(dir) = &cli.global.repo {
        std::env::set_current_dir(dir)
            .map_err(|e| CliError::usage(format!("-C {}: {e}", dir.display())).hint("give an existing directory"))?;
    }
    let cwd = std::env::current_dir().map_err(|e| CliError::io(std::path::Path::new("."), "read", &e))?;
    let ctx = Ctx {
        ws: Workspace::discover(&cwd),
        format: Format::resolve(cli.global.format),
        format_given: cli.global.format.is_some(),
        shell: Shell {
            quiet: cli.global.quiet,
            verbose: cli.global.verbose,
        },
    };
    match cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Integration(cmd) => integration::run(&ctx, cmd),
        Command::Validate(args) => validate::run(&ctx, args),
        Command::Reseal(args) => reseal::run(&ctx, args),
        Command::Diff(args) => diff::run(&ctx, args),
        Command::Git(cmd) => git::run(&ctx, cmd),
        Command::Ops(cmd) => ops::run(&ctx, cmd),
        Command::Schema(cmd) => schema::run(&ctx, cmd),
        Command::Connector(cmd) => connector::run(&ctx, cmd),
        Command::Evidence(cmd) => evidence::run(&ctx, cmd),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Aispm(cmd) => aispm::run(&ctx, cmd),
        Command::Generate(args) => generate::run(args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
