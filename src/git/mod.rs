//! git2: read stores at a revision or from the index, HEAD and dirty
//! state, and the merge driver ([`merge`]). cavra only reads local
//! repositories; it never fetches, pushes or writes refs (except `cavra git
//! install`, which writes local config and a hook).

pub mod merge;
pub mod tree;

use std::path::{Path, PathBuf};

/// What reading git can fail with.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{} is not in a git repository", path.display())]
    NotARepository { path: PathBuf },
    #[error("unknown revision {rev:?}")]
    UnknownRevision { rev: String },
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

impl crate::error::Diagnostic for GitError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            GitError::NotARepository { .. } | GitError::UnknownRevision { .. } => ExitCode::Usage,
            GitError::Git(_) => ExitCode::Io,
        }
    }
    fn hints(&self) -> Vec<String> {
        match self {
            GitError::NotARepository { .. } => {
                vec!["run it inside a git work tree (or with -C DIR), or `git init` first".to_string()]
            }
            GitError::UnknownRevision { .. } => vec!["name a commit, branch or tag, e.g. HEAD~1 or main".to_string()],
            GitError::Git(_) => Vec::new(),
        }
    }
}

/// A local repository.
pub struct Repo {
    repo: git2::Repository,
    workdir: PathBuf,
}

/// HEAD's commit and whether tracked files differ from it (as a backup
/// manifest records it; outside a repository: no commit, not dirty).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadState {
    pub commit: Option<String>,
    pub dirty: bool,
}

impl Repo {
    /// The repository holding `path`.
    pub fn discover(path: &Path) -> Result<Repo, GitError> {
        let repo = git2::Repository::discover(path).map_err(|_| GitError::NotARepository {
            path: path.to_path_buf(),
        })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::NotARepository {
                path: path.to_path_buf(),
            })?
            .canonicalize()
            .map_err(|_| GitError::NotARepository {
                path: path.to_path_buf(),
            })?;
        Ok(Repo { repo, workdir })
    }

    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    pub fn inner(&self) -> &git2::Repository {
        &self.repo
    }

    /// `path` (absolute or relative to the work tree) as git names it. The
    /// path need not exist yet (`git install` before `init`): its deepest
    /// existing ancestor is resolved and the rest appended.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.workdir.join(path)
        };
        let mut existing = absolute.parent()?;
        let mut rest = vec![absolute.file_name()?];
        let resolved = loop {
            match existing.canonicalize() {
                Ok(dir) => break dir,
                Err(_) => {
                    rest.push(existing.file_name()?);
                    existing = existing.parent()?;
                }
            }
        };
        let full = rest.iter().rev().fold(resolved, |p, c| p.join(c));
        full.strip_prefix(&self.workdir).ok().map(Path::to_path_buf)
    }

    /// HEAD and the dirty flag (tracked files only, like `git describe --dirty`).
    pub fn head_state(&self) -> Result<HeadState, GitError> {
        let commit = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .map(|c| c.id().to_string());
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(false).include_ignored(false);
        let dirty = !self.repo.statuses(Some(&mut opts))?.is_empty();
        Ok(HeadState { commit, dirty })
    }

    /// Whether the working tree under `dir` (relative to the work tree)
    /// differs from HEAD: a tracked file changed or a file git does not
    /// ignore is not tracked yet.
    pub fn tree_differs(&self, dir: &str) -> Result<bool, GitError> {
        let mut opts = git2::StatusOptions::new();
        opts.pathspec(dir)
            .include_untracked(true)
            .recurse_untracked_dirs(false)
            .include_ignored(false);
        Ok(!self.repo.statuses(Some(&mut opts))?.is_empty())
    }

    /// The branch HEAD is on (`None` when detached or unborn).
    pub fn branch(&self) -> Option<String> {
        let head = self.repo.head().ok()?;
        if !head.is_branch() {
            return None;
        }
        head.shorthand().ok().map(str::to_string)
    }

    /// The commit a revision names.
    pub fn commit(&self, rev: &str) -> Result<git2::Commit<'_>, GitError> {
        self.repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| GitError::UnknownRevision { rev: rev.to_string() })
    }

    /// A file's bytes at `rev`; `None` when the revision has no such file.
    pub fn read_at(&self, rev: &str, path: &Path) -> Result<Option<Vec<u8>>, GitError> {
        let tree = self.commit(rev)?.tree()?;
        match tree.get_path(path) {
            Ok(entry) => Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec())),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// A file's staged bytes (the index: what the next commit holds).
    ///
    /// The index is the one git is committing: `GIT_INDEX_FILE` when set
    /// (git sets it for hooks during `git commit -a`, `git commit PATH` and
    /// `--amend`, which commit a temporary index; relative to the current
    /// directory, as git reads it), else the repository's own.
    pub fn read_staged(&self, path: &Path) -> Result<Option<Vec<u8>>, GitError> {
        let index = match std::env::var_os(crate::env::GIT_INDEX_FILE).filter(|v| !v.is_empty()) {
            Some(file) => git2::Index::open(Path::new(&file))?,
            None => self.repo.index()?,
        };
        match index.get_path(path, 0) {
            Some(entry) => Ok(Some(self.repo.find_blob(entry.id)?.content().to_vec())),
            None => Ok(None),
        }
    }
}
