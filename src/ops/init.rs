//! `cavra init`: lay out `.cavra/` in a repository. Idempotent: running it
//! again changes nothing and says so.

use std::fs;

use serde::Serialize;

use super::workspace::Workspace;
use crate::error::StoreError;
use crate::store::fsio;

/// What `.cavra/.gitignore` holds: lock files and temp files never belong in git.
pub const GITIGNORE: &str = "# Written by `cavra init`: lock and temporary files are never committed.\n.locks/\n.*.tmp*\n# The evidence console `cavra console build` writes.\nconsole/\n";

/// What init did.
#[derive(Debug, Serialize)]
pub struct InitOutcome {
    pub root: String,
    pub created: Vec<String>,
    pub already_present: Vec<String>,
}

fn has_line(text: &[u8], line: &str) -> bool {
    String::from_utf8_lossy(text).lines().any(|l| l.trim() == line)
}

/// Creates `.cavra/`, its store directories and `.cavra/.gitignore`.
pub fn init(ws: &Workspace) -> Result<InitOutcome, StoreError> {
    let mut outcome = InitOutcome {
        root: ws.root.display().to_string(),
        created: Vec::new(),
        already_present: Vec::new(),
    };
    let dir = ws.cavra_dir();
    for sub in ["", "api", "evidence"] {
        let path = dir.join(sub);
        let label = format!(".cavra/{sub}");
        if path.is_dir() {
            outcome.already_present.push(label);
        } else {
            fs::create_dir_all(&path).map_err(|e| StoreError::io("create", &path, e))?;
            outcome.created.push(label);
        }
    }
    let ignore = dir.join(".gitignore");
    // Bytes, not text: one that is not UTF-8 is appended to, never replaced;
    // one that cannot be read stops here.
    match fsio::read_optional(&ignore, std::path::Path::new(".cavra/.gitignore"))? {
        Some(text) if has_line(&text, ".locks/") && has_line(&text, "console/") => {
            outcome.already_present.push(".cavra/.gitignore".into())
        }
        // Written by an older cavra: add the console's line.
        Some(mut text) if has_line(&text, ".locks/") => {
            if !text.ends_with(b"\n") && !text.is_empty() {
                text.push(b'\n');
            }
            text.extend_from_slice(b"console/\n");
            fsio::atomic_write(&ignore, &text)?;
            outcome.created.push(".cavra/.gitignore".into());
        }
        Some(mut text) => {
            if !text.ends_with(b"\n") && !text.is_empty() {
                text.push(b'\n');
            }
            text.extend_from_slice(GITIGNORE.as_bytes());
            fsio::atomic_write(&ignore, &text)?;
            outcome.created.push(".cavra/.gitignore".into());
        }
        None => {
            fsio::atomic_write(&ignore, GITIGNORE.as_bytes())?;
            outcome.created.push(".cavra/.gitignore".into());
        }
    }
    outcome
        .created
        .iter_mut()
        .for_each(|p| *p = p.trim_end_matches('/').to_string());
    outcome
        .already_present
        .iter_mut()
        .for_each(|p| *p = p.trim_end_matches('/').to_string());
    Ok(outcome)
}
