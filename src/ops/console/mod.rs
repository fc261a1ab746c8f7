//! `cavra console build`: the evidence console, one self-contained HTML
//! file built from the stores in the working tree (SPEC section 8); its
//! header names the commit and branch and says whether the tree differs.
//!
//! Policy: every figure on the page is computed by the function the CLI's
//! own view calls (the delivery, release and drill dashboards, AISPM
//! posture, `ops stores`, the inventory, `validate`), then embedded as JSON
//! the page only filters and draws; the page never computes a figure of its
//! own beyond counting the rows a filter shows. Only metadata is embedded:
//! history rows keep a fixed list of fields (never a payload, URL or
//! credential), integrations drop their endpoint reference. A section whose
//! store cannot be read shows why instead of its figures, and the stores'
//! validation problems head the page, so a broken store still gives a page
//! (and a verdict). The page asks for nothing when opened (a CSP forbids
//! every request), and the same stores and clock give the same bytes.

mod charts;
mod data;
mod html;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clock::Timestamp;
use crate::error::StoreError;
use crate::ops::workspace::Workspace;
use crate::store::fsio;

pub use data::Data;

/// The default output directory, under `.cavra/` (git-ignored by `cavra init`).
pub const DEFAULT_DIR: &str = "console";
/// The page's file name.
pub const PAGE: &str = "index.html";

/// What a console build did.
#[derive(Debug, Serialize)]
pub struct ConsoleOutcome {
    /// The page written.
    pub path: String,
    pub bytes: u64,
    /// Whether every store passed validation (false: the page names the problems).
    pub valid: bool,
    pub problems: usize,
    /// Nothing recorded yet: the page says what to run first.
    pub empty: bool,
    pub integrations: usize,
    pub deliveries: usize,
    pub drill_entries: usize,
    pub tenants: usize,
}

/// What stops a console build.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for ConsoleError {
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            ConsoleError::Store(e) => Some(e),
        }
    }
}

/// The page's path for `--output DIR` (default `.cavra/console/`).
pub fn page_path(ws: &Workspace, output: Option<&Path>) -> PathBuf {
    output
        .map_or_else(|| ws.cavra_dir().join(DEFAULT_DIR), Path::to_path_buf)
        .join(PAGE)
}

/// Builds the page of `ws`'s stores at `now` (drill schedule status is
/// judged by it) and writes it to `path`.
pub fn build(ws: &Workspace, now: &Timestamp, path: &Path) -> Result<ConsoleOutcome, ConsoleError> {
    fsio::check_output(path)?;
    // Every delivery goes into a staged copy of the CSV beside the page as
    // the ledger streams by, renamed into place only when the deliveries
    // could be read (and before the page that links it).
    let beside = path.with_file_name(data::DELIVERIES_CSV);
    fsio::check_output(&beside)?;
    let mut gathered = None;
    let csv = fsio::stage_with(&beside, |w| {
        gathered = Some(data::gather(ws, now, w)?);
        Ok(())
    })?;
    let data = gathered.expect("gathered when staged");
    let page = html::page(&data);
    if data.deliveries.rows().is_some() {
        csv.commit()?;
    }
    fsio::atomic_write(path, page.as_bytes())?;
    Ok(ConsoleOutcome {
        path: path.display().to_string(),
        bytes: page.len() as u64,
        valid: data.validation.ok,
        problems: data.validation.problems.len(),
        empty: data.empty,
        integrations: data.integrations.rows().map_or(0, |r| r.len()),
        deliveries: data.deliveries.rows().map_or(0, |d| d.total_rows),
        drill_entries: data.drills.rows().map_or(0, |d| d.rows.len()),
        tenants: data.aispm.rows().map_or(0, |t| t.len()),
    })
}
