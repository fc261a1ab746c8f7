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
        self.files_under_where(source, dir, &|_| true)
    }

    /// [`Repo::files_under`], reading only the files whose name `want`
    /// keeps (the others are not read at all).
    pub fn files_under_where(
        &self,
        source: Source<'_>,
        dir: &Path,
        want: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        let mut out = Vec::new();
        for (name, id) in self.ids_under(source, dir)? {
            if want(&name) {
                out.push((name, self.inner().find_blob(id)?.content().to_vec()));
            }
        }
        Ok(out)
    }

    /// Every file under directory `dir` (repository-relative) with its blob
    /// id, sorted by name, without reading any blob.
    pub fn ids_under(&self, source: Source<'_>, dir: &Path) -> Result<Vec<(String, git2::Oid)>, GitError> {
        let mut out = Vec::new();
        match source {
            Source::Rev(rev) => {
                let tree = self.commit(rev)?.tree()?;
                let sub = match tree.get_path(dir) {
                    Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => self.inner().find_tree(entry.id())?,
                    Ok(_) => return Ok(out),
                    Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(out),
                    Err(e) => return Err(e.into()),
                };
                sub.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
                    if entry.kind() == Some(git2::ObjectType::Blob) {
                        out.push((format!("{root}{}", entry.name().unwrap_or_default()), entry.id()));
                    }
                    git2::TreeWalkResult::Ok
                })?;
            }
            Source::Index => {
                let prefix = format!("{}/", dir.display());
                let index = self.inner().index()?;
                for entry in index.iter() {
                    let path = String::from_utf8_lossy(&entry.path).into_owned();
                    if let Some(name) = path.strip_prefix(&prefix) {
                        out.push((name.to_string(), entry.id));
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Whether the working-tree file at `path` (repository-relative `rel`)
    /// holds blob `id`, known as `git status` knows it: from the index's stat
    /// data when its entry names `id` and the file's size, times and inode
    /// match it (and the file is not newer than the index, git's racy-clean
    /// rule), else by hashing the file as a blob. A file that cannot be read
    /// does not hold it.
    pub fn worktree_holds(
        &self,
        index: &git2::Index,
        index_mtime: Option<(i64, u32)>,
        rel: &Path,
        path: &Path,
        id: git2::Oid,
    ) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return false;
        };
        if !meta.is_file() {
            return false;
        }
        if let Some(entry) = index.get_path(rel, 0)
            && entry.id == id
        {
            let stat_matches = entry.file_size == meta.size() as u32
                && entry.ino == meta.ino() as u32
                && (i64::from(entry.mtime.seconds()), entry.mtime.nanoseconds())
                    == (meta.mtime(), meta.mtime_nsec() as u32)
                && (i64::from(entry.ctime.seconds()), entry.ctime.nanoseconds())
                    == (meta.ctime(), meta.ctime_nsec() as u32);
            let racy = index_mtime.is_none_or(|written| (meta.mtime(), meta.mtime_nsec() as u32) >= written);
            if stat_matches && !racy {
                return true;
            }
        }
        git2::Oid::hash_file(git2::ObjectType::Blob, path).is_ok_and(|h| h == id)
    }

    /// When the index file was last written (seconds, nanoseconds).
    pub fn index_mtime(&self) -> Option<(i64, u32)> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(self.inner().path().join("index")).ok()?;
        Some((meta.mtime(), meta.mtime_nsec() as u32))
    }
}
