use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::keys::{KeygenOutcome, keygen};
use crate::output::{Render, TableView, emit};

/// Generate an Ed25519 key pair for a collector
///
/// Writes FILE (the private key, mode 0600, never over an existing file and
/// never inside .cavra/) and FILE.pub (the base64 public key, for
/// `cavra aispm collector add --ed25519-public-key-file`), and prints the key
/// id (sha256 of the public key).
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the private key (FILE.pub gets the public key)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(KeygenOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.aispm.keygen.v1")
    }
    fn table(&self) -> TableView {
        TableView::fields(&serde_json::to_value(&self.0).expect("serializes"))
    }
    fn text(&self) -> Option<String> {
        Some(format!("{}\n", self.0.key_id))
    }
}

pub fn cmd(ctx: &Ctx, args: KeygenArgs) -> Result<ExitCode, CliError> {
    let out = keygen(&ctx.ws.root, &args.out)?;
    ctx.shell.status(&format!(
        "Wrote {} (private, 0600) and {}",
        out.private_key_file, out.public_key_file
    ));
    emit(&View(out), ctx.format)?;
    Ok(ExitCode::Success)
}
