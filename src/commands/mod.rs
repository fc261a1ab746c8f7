//! The command line: clap definitions and dispatch. Each leaf command is one
//! file that turns its arguments into options, calls one `ops` function and
//! renders the typed outcome; no store or network I/O happens here.

pub mod aispm;
pub mod connector;
pub mod console;
pub mod delivery;
pub mod demo;
pub mod diff;
pub mod drill;
#[cfg(test)]
mod error_snapshots;
pub mod evidence;
pub mod generate;
pub mod git;
pub mod init;
pub mod integration;
pub mod ledger;
pub mod ops;
pub mod release;
pub mod reseal;
pub mod schema;
pub mod secrets;
pub mod validate;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::error::{CliError, ExitCode};
use crate::ops::workspace::Workspace;
use crate::output::{
    DASHBOARD_FORMATS, Format, FormatParser, JSON_FORMATS, NO_FORMATS, RECORD_FORMATS, Shell, VALIDATE_FORMATS,
};

/// Governance state of AI coding agents, kept in the repository as checksummed JSON
///
/// cavra keeps the inventory of an organisation's integrations (SIEM, ITSM,
/// ChatOps, …) and its governance evidence under `.cavra/`, as checksummed,
/// schema-validated JSON committed with the code.
#[derive(Debug, Parser)]
#[command(name = "cavra", version = crate::VERSION, propagate_version = true, max_term_width = 100)]
#[command(after_long_help = after_long_help())]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes (shown under their own heading).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Run as if cavra was started in DIR (relative paths are then relative to DIR)
    #[arg(short = 'C', long = "repo", global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Output format [default: table on a terminal, json otherwise]
    // Each leaf command narrows the values to the formats it renders (`command()`).
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// When to colour messages on stderr
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print no status messages on stderr (errors still appear)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print detail on stderr: repository, store paths, time taken (-vv: the same)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
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
    Ledger(ledger::LedgerCommand),
    #[command(subcommand)]
    Schema(schema::SchemaCommand),
    #[command(subcommand)]
    Secrets(secrets::SecretsCommand),
    #[command(subcommand)]
    Connector(connector::ConnectorCommand),
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    #[command(subcommand)]
    Release(release::ReleaseCommand),
    #[command(subcommand)]
    Delivery(delivery::DeliveryCommand),
    #[command(subcommand)]
    Console(console::ConsoleCommand),
    #[command(subcommand)]
    Drill(drill::DrillCommand),
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

/// The formats a command renders, by its path, where they are not
/// [`RECORD_FORMATS`]: each leaf command's `--format` offers and accepts
/// exactly these.
const FORMATS: &[(&str, &[Format])] = &[
    ("validate", VALIDATE_FORMATS),
    ("schema show", JSON_FORMATS),
    ("demo", NO_FORMATS),
    ("delivery dashboard", DASHBOARD_FORMATS),
    ("release connector-delivery-dashboard", DASHBOARD_FORMATS),
    ("release endpoint-publication-dashboard", DASHBOARD_FORMATS),
    ("git merge-driver", NO_FORMATS),
    ("__generate", NO_FORMATS),
    ("drill dashboard", DASHBOARD_FORMATS),
];

/// The formats the command at `path` (`"integration list"`) renders.
pub fn formats_of(path: &str) -> &'static [Format] {
    FORMATS
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(RECORD_FORMATS, |(_, formats)| formats)
}

/// The whole command line: the clap definition with each leaf command's
/// `--format` narrowed to the formats it renders. Parsing, help, man pages
/// and completions all come from this.
pub fn command() -> clap::Command {
    let cmd = Cli::command();
    let format = cmd
        .get_arguments()
        .find(|a| a.get_id() == "format")
        .cloned()
        .expect("--format is a global option");
    narrow_formats(cmd, "", &format).0
}

/// Gives each command its own copy of the global `--format` (same id, so
/// clap does not propagate the parent's over it) offering the formats it
/// renders: a leaf its own, a group (and `cavra` itself) those of any
/// command under it. Returns the command and those formats.
fn narrow_formats(cmd: clap::Command, path: &str, format: &clap::Arg) -> (clap::Command, Vec<Format>) {
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    if names.is_empty() {
        let formats = formats_of(path).to_vec();
        return (offer(cmd, format, &formats, false), formats);
    }
    let mut under = Vec::new();
    let cmd = names.into_iter().fold(cmd, |cmd, name| {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd.mut_subcommand(name, |sub| {
            let (sub, formats) = narrow_formats(sub, &sub_path, format);
            under.extend(formats);
            sub
        })
    });
    let formats: Vec<Format> = Format::value_variants()
        .iter()
        .copied()
        .filter(|f| under.contains(f))
        .collect();
    (offer(cmd, format, &formats, path.is_empty()), formats)
}

/// `cmd` with `--format` offering `formats` (hidden when there are none).
fn offer(cmd: clap::Command, format: &clap::Arg, formats: &[Format], root: bool) -> clap::Command {
    let arg = format
        .clone()
        .value_parser(FormatParser(formats.to_vec()))
        .hide(formats.is_empty());
    if root {
        cmd.mut_arg("format", |_| arg)
    } else {
        cmd.arg(arg)
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
    s.push_str("\nFiles:\n");
    for (path, meaning) in FILES {
        s.push_str(&format!("  {path:<32}{meaning}\n"));
    }
    s.push_str("\nNo store is read or written through a symlink (.cavra, a directory on the\nway, or the file itself). Rewrites keep a file's mode; new files get\n0666 minus the umask.\n");
    s
}

/// The files cavra keeps, for `--help` and the FILES section of cavra(1).
pub const FILES: &[(&str, &str)] = &[
    (".cavra/api/integrations.json", "integration inventory (table)"),
    (
        ".cavra/evidence/metadata/",
        "evidence metadata (ledger: YYYY-MM/NNNNNN.jsonl segments and a checkpoint; a prune is an entry of its chain)",
    ),
    (
        ".cavra/legal-hold",
        "a legal hold (any text: why, who, until when): no ledger prune, nothing expires in a retention plan",
    ),
    (
        ".cavra/connectors.json",
        "connector configuration (names secrets, holds none)",
    ),
    (
        ".cavra/api/{approvals,registry,activity,inventory}.json",
        "the first CAVRA's stores (external: backed up, never read)",
    ),
    (".cavra/drills/schedules.json", "rollback drill schedules (table)"),
    (".cavra/drills/routing.json", "rollback drill routing policy (table)"),
    (".cavra/**/.locks/", "lock files and the restore journal (git-ignored)"),
    (
        ".cavra/console/index.html",
        "the evidence console `cavra console build` writes (git-ignored)",
    ),
];

/// Parses the command line, runs the command, returns the exit status.
pub fn main() -> std::process::ExitCode {
    install_panic_hook();
    let cli = match command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(err) => return clap_error(&err),
    };
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

/// A panic is a bug: one line asking to report it, with where it happened
/// but never the panic's message (it may hold input), then exit 6.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: internal error in cavra {}{place}; this is a bug, please report it with the command you ran (exit {})",
            env!("CARGO_PKG_VERSION"),
            ExitCode::Internal as i32
        );
        std::process::exit(ExitCode::Internal as i32);
    }));
}

/// Prints clap's error or help. Clap quotes the offending argument; any
/// argument that looks like a secret or is long is replaced by its excerpt,
/// then the error is scrubbed as every message is ([`crate::secrets::scrub_cli`]).
fn clap_error(err: &clap::Error) -> std::process::ExitCode {
    let mut text = err.render().to_string();
    let mut args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .flat_map(|a| {
            // `--flag=value` is quoted by clap as `value`.
            let value = a.split_once('=').map(|(_, v)| v.to_string());
            std::iter::once(a).chain(value)
        })
        .collect();
    // Longest first, so a value is replaced before any part of it.
    args.sort_by_key(|a| std::cmp::Reverse(a.len()));
    for arg in args {
        if arg.len() > crate::secrets::EXCERPT_BYTES || crate::secrets::detect(&arg).is_some() {
            text = text.replace(&arg, &crate::secrets::excerpt(&arg));
        }
    }
    if err.use_stderr() {
        // What clap quotes in another form than it was given (a flag's
        // value cut at `=`, a word of a multi-line value) is caught here.
        let text = crate::secrets::scrub_cli(&text);
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    std::process::ExitCode::from(err.exit_code() as u8)
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
    #[cfg(debug_assertions)]
    if let Some(value) = std::env::var_os(crate::env::CAVRA_TEST_PANIC) {
        // The payload holds input, as a real panic's might: the hook must not print it.
        panic!("{}", value.to_string_lossy());
    }
    crate::env::check_numbers()?;
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
            verbose: cli.global.verbose > 0,
        },
    };
    let started = std::time::Instant::now();
    if ctx.shell.verbose && !matches!(cli.command, Command::Generate(_)) {
        ctx.shell.detail(&format!("repository: {}", ctx.ws.root.display()));
        for (name, loc) in crate::store::registry::all_locations(&ctx.ws.root) {
            ctx.shell.detail(&format!(
                "store {name}: {}",
                crate::ops::stores::shown_path(&loc).display()
            ));
        }
    }
    let result = dispatch(&ctx, cli.command);
    ctx.shell.detail(&format!("took {} ms", started.elapsed().as_millis()));
    result
}

fn dispatch(ctx: &Ctx, command: Command) -> Result<ExitCode, CliError> {
    // A restore killed between its renames is finished before anything
    // else reads the stores.
    if !matches!(command, Command::Generate(_))
        && let Some(done) = crate::ops::restore::recover(&ctx.ws, &ctx.ws.root)?
    {
        ctx.shell.warn(&done);
    }
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Integration(cmd) => integration::run(ctx, cmd),
        Command::Validate(args) => validate::run(ctx, args),
        Command::Reseal(args) => reseal::run(ctx, args),
        Command::Diff(args) => diff::run(ctx, args),
        Command::Git(cmd) => git::run(ctx, cmd),
        Command::Ops(cmd) => ops::run(ctx, cmd),
        Command::Ledger(cmd) => ledger::run(ctx, cmd),
        Command::Schema(cmd) => schema::run(ctx, cmd),
        Command::Secrets(cmd) => secrets::run(ctx, cmd),
        Command::Connector(cmd) => connector::run(ctx, cmd),
        Command::Evidence(cmd) => evidence::run(ctx, cmd),
        Command::Release(cmd) => release::run(ctx, cmd),
        Command::Delivery(cmd) => delivery::run(ctx, cmd),
        Command::Console(cmd) => console::run(ctx, cmd),
        Command::Drill(cmd) => drill::run(ctx, cmd),
        Command::Demo(args) => demo::run(ctx, args),
        Command::Aispm(cmd) => aispm::run(ctx, cmd),
        Command::Generate(args) => generate::run(args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
        super::command().debug_assert();
    }

    /// Every command the format table names exists and is a leaf, so a typo
    /// there cannot silently fall back to the record formats.
    #[test]
    fn the_format_table_names_leaf_commands() {
        let cmd = super::command();
        for (path, formats) in super::FORMATS {
            let mut node = &cmd;
            for name in path.split(' ') {
                node = node
                    .find_subcommand(name)
                    .unwrap_or_else(|| panic!("no command {path}"));
            }
            assert!(node.get_subcommands().next().is_none(), "{path} is not a leaf");
            assert_eq!(super::formats_of(path), *formats);
        }
    }

    /// One rule for every flag that takes several values: repeat it or
    /// separate the values with commas.
    #[test]
    fn every_multi_value_flag_takes_repeats_and_comma_lists() {
        fn walk(cmd: &clap::Command, path: &str, found: &mut Vec<String>) {
            for arg in cmd.get_arguments().filter(|a| a.get_long().is_some()) {
                if matches!(arg.get_action(), clap::ArgAction::Append) {
                    let long = arg.get_long().unwrap_or_default();
                    assert_eq!(
                        arg.get_value_delimiter(),
                        Some(','),
                        "{path} --{long} takes no comma list"
                    );
                    found.push(format!("{path} --{long}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), found);
            }
        }
        let mut cmd = super::command();
        cmd.build();
        let mut found = Vec::new();
        walk(&cmd, "cavra", &mut found);
        for expected in [
            "cavra integration list --provider",
            "cavra integration list --status",
            "cavra integration add --capability",
            "cavra integration update --repository",
            "cavra integration deliver --provider",
            "cavra delivery history --provider",
            "cavra delivery history --event-id",
            "cavra delivery dashboard --event-type",
            "cavra drill schedule add --acknowledgement-required-provider",
            "cavra drill audit-deliver --provider",
            "cavra drill history --provider",
            "cavra drill history --delivery-id",
            "cavra drill policy window --provider",
            "cavra release deliver-endpoint-export --provider",
            "cavra release endpoint-publication-history --export-id",
        ] {
            assert!(found.iter().any(|f| f == expected), "{expected} missing from {found:?}");
        }
    }
}
