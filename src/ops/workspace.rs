//! Which repository cavra works on, and where its stores are.
//!
//! Like git, cavra looks upward from the working directory: the nearest
//! directory holding `.cavra/` or `.git` (a repository not yet initialised),
//! else the working directory itself.

use std::path::{Path, PathBuf};

use crate::store::registry::{StoreDef, StoreLocation};

/// The repository cavra works on.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    /// Finds the workspace for `start` (the working directory or `-C DIR`).
    pub fn discover(start: &Path) -> Workspace {
        let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
        let root = start
            .ancestors()
            .find(|d| d.join(".cavra").is_dir() || d.join(".git").exists());
        Workspace {
            root: root.map(std::path::Path::to_path_buf).unwrap_or(start.clone()),
        }
    }

    /// Whether this is somewhere cavra keeps stores: a git work tree or a
    /// directory with `.cavra/`. A check run elsewhere (a CI step in the
    /// wrong directory) is an error, not "no stores yet".
    pub fn require_repository(&self) -> Result<(), crate::git::GitError> {
        if self.cavra_dir().is_dir() || self.root.join(".git").exists() {
            Ok(())
        } else {
            Err(crate::git::GitError::NotARepository {
                path: self.root.clone(),
            })
        }
    }

    /// The `.cavra/` directory.
    pub fn cavra_dir(&self) -> PathBuf {
        self.root.join(".cavra")
    }

    /// Where store `def` lives here.
    pub fn locate(&self, def: &'static StoreDef) -> StoreLocation {
        StoreLocation::resolve(def, &self.root)
    }
}
