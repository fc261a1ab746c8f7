use std::path::PathBuf;

use clap::Args;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::keys::{SignKey, sign_files};

/// Sign NDJSON envelopes (stdin) into DSSE lines (stdout)
///
/// Each input line is an envelope (a JSON object); its exact bytes are the
/// payload, signed unchanged (DSSE PAE).
/// With --hmac-secret-env, signs with HMAC-SHA256 as collector
/// --hmac-key-id (`hmac-sha256:TENANT/COLLECTOR`).
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The private key file written by `cavra aispm keygen`
    #[arg(long, value_name = "FILE", required_unless_present = "hmac_secret_env")]
    pub key: Option<PathBuf>,
    /// The environment variable holding the HMAC secret
    #[arg(long, value_name = "VAR", conflicts_with = "key", requires = "hmac_key_id")]
    pub hmac_secret_env: Option<String>,
    /// The key id of the HMAC collector
    #[arg(long, value_name = "ID")]
    pub hmac_key_id: Option<String>,
    /// Read envelopes from FILE (a regular file) instead of stdin
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Write signed lines to FILE (replaced atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn cmd(ctx: &Ctx, args: SignArgs) -> Result<ExitCode, CliError> {
    let key = match (args.key, args.hmac_secret_env) {
        (Some(path), _) => SignKey::File(path),
        (None, Some(var)) => {
            let secret = crate::env::var(&var).ok_or_else(|| {
                CliError::usage(format!("{var} is not set")).hint("export the collector's HMAC secret in it")
            })?;
            SignKey::Hmac {
                key_id: args.hmac_key_id.unwrap_or_default(),
                secret: secret.into_bytes(),
            }
        }
        (None, None) => return Err(CliError::usage("give --key FILE or --hmac-secret-env VAR")),
    };
    let progress = crate::progress::bar(ctx.shell.quiet, 8 << 20, "Signing (bytes)");
    let out = sign_files(&key, args.input.as_deref(), args.output.as_deref(), progress.as_ref())?;
    ctx.shell
        .status(&format!("Signed {} envelopes with key {}", out.signed, out.key_id));
    Ok(ExitCode::Success)
}
