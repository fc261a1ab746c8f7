use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::backup::{Manifest, backup};
use crate::output::{Render, TableView, emit};

/// Copy every store into DIR with a checksummed manifest
///
/// Writes DIR/stores/<store>.<ext> and DIR/manifest.json
/// (cavra.persistent_api.backup.v1: created_at, git commit and dirty flag,
/// cavra version, and per store its name, kind, file, source and backup
/// paths, size and sha256). Every store in the registry is copied: the
/// integration inventory (its SQLite database under CAVRA_INTEGRATION_DB),
/// the evidence ledger, the connector configuration, the first CAVRA's
/// approvals, registry, activity and inventory (kind external), the AISPM
/// tenant registry and unattributed quarantine, and every AISPM tenant's
/// event, quarantine and run ledgers (named FAMILY/TENANT, e.g.
/// aispm-events/acme, under DIR/stores/FAMILY/TENANT/). With CAVRA_NOW set,
/// the same stores give the same bytes, so a backup can be committed and
/// diffed. Restore with `cavra ops restore
/// DIR/manifest.json`.
#[derive(Debug, Args)]
pub struct OpsBackupArgs {
    /// The backup directory (created when absent)
    #[arg(long, value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(Manifest);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["store", "kind", "source_path", "backup_path", "size_bytes", "sha256"]);
        for s in &self.0.stores {
            t.row(vec![
                s.name.clone(),
                s.kind.clone(),
                s.source_path.clone(),
                s.backup_path.clone(),
                s.size_bytes.to_string(),
                s.sha256.clone(),
            ]);
        }
        t
    }
}

pub fn cmd_ops_backup(ctx: &Ctx, args: OpsBackupArgs) -> Result<ExitCode, CliError> {
    let manifest = backup(&ctx.ws, &args.output, &ctx.now()?)?;
    ctx.shell.status(&format!(
        "Backed up {} stores to {} (manifest {})",
        manifest.stores.len(),
        args.output.display(),
        args.output.join(crate::ops::backup::MANIFEST_FILE).display()
    ));
    emit(&View(manifest), ctx.format)?;
    Ok(ExitCode::Success)
}
