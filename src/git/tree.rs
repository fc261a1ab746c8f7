//! Reading a directory of files at a revision or from the index (a
//! segmented ledger is a directory).

use std::path::Path;

use super::{GitError, Repo};

/// Where to read from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A commit (any revision git can parse).
    Rev(&'a str),
    /// The index: what the next commit holds.
    Index,
}

impl Repo {
    /// Every file under directory `dir` (repository-relative), as names
    /// relative to `dir` with their bytes, sorted by name; empty when there is
    /// no such directory.
    pub fn files_under(&self, source: Source<'_>, dir: &Path) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        let mut out = Vec::new();
        match source {
            Source::Rev(rev) => {
                let tree = self.commit(rev)?.tree()?;
                self.tree_files(&tree, dir, &mut out)?;
            }
            Source::Index => {
                let prefix = format!("{}/", dir.display());
                let index = self.inner().index()?;
                for entry in index.iter() {
                    let path = String::from_utf8_lossy(&entry.path).into_owned();
                    if let Some(name) = path.strip_prefix(&prefix) {
                        out.push((name.to_string(), self.inner().find_blob(entry.id)?.content().to_vec()));
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// [`Repo::files_under`] in `tree`.
    pub fn tree_files(
        &self,
        tree: &git2::Tree<'_>,
        dir: &Path,
        out: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<(), GitError> {
        let sub = match tree.get_path(dir) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => self.inner().find_tree(entry.id())?,
            Ok(_) => return Ok(()),
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let mut failure = None;
        sub.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                match self.inner().find_blob(entry.id()) {
                    Ok(blob) => out.push((
                        format!("{root}{}", entry.name().unwrap_or_default()),
                        blob.content().to_vec(),
                    )),
                    Err(e) => {
                        failure = Some(e);
                        return git2::TreeWalkResult::Abort;
                    }
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        match failure {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}
