//! Crash-safe file writes and advisory locks.
//!
//! A table is replaced atomically: temp file in the same directory, write,
//! fsync, rename over the old file, fsync the directory. A crash at any
//! moment leaves the old file or the new one, never a mix. Temp files a killed
//! writer left behind are removed by the next writer, which holds the lock.
//!
//! No store is read or written through a symlink: [`check_path`] refuses a
//! path when the file itself, or any directory on the way that lies inside
//! a repository or workspace (below a directory holding `.git` or
//! `.cavra`), is a symlink. A committed symlink at `.cavra`, `.cavra/api` or a store file
//! would otherwise let a pull request aim cavra's writes at any file the
//! user can write. Every open, read, write and lock here checks first.
//!
//! Modes: a rewrite keeps the file's mode; a new file gets `0666 & !umask`,
//! like any other tool's output.
//!
//! Locks are `flock`-style advisory locks from std (`File::lock`) on a file in
//! a `.locks/` directory beside the store (git-ignored by `cavra init`). The
//! kernel releases them when a process dies, so a crash never leaves a stale
//! lock behind. Waiting is bounded by `CAVRA_LOCK_TIMEOUT`.

use std::fs::{self, File, OpenOptions, Permissions, TryLockError};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::StoreError;

/// Default seconds to wait for another process's lock.
pub const DEFAULT_LOCK_TIMEOUT: f64 = 30.0;

/// An exclusive lock on one store, released on drop.
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
}

/// Where the lock of the store at `path` lives.
pub fn lock_path(path: &Path) -> PathBuf {
    let parent = parent_dir(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent.join(".locks").join(format!("{name}.lock"))
}

/// The lock timeout: `CAVRA_LOCK_TIMEOUT` seconds, or the default.
pub fn lock_timeout() -> Duration {
    // A bad value was refused when the command started (env::check_numbers).
    let secs = crate::env::number(crate::env::CAVRA_LOCK_TIMEOUT)
        .ok()
        .flatten()
        .unwrap_or(DEFAULT_LOCK_TIMEOUT);
    Duration::from_secs_f64(secs)
}

/// Takes the exclusive lock of the store at `path`, waiting up to `timeout`.
pub fn lock(path: &Path, timeout: Duration) -> Result<StoreLock, StoreError> {
    check_path(path)?;
    let lock = lock_path(path);
    check_path(&lock)?;
    let dir = parent_dir(&lock);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io("create", &dir, e))?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| StoreError::io("open lock file", &lock, e))?;
    let start = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(StoreLock { _file: file }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(StoreError::io("lock", &lock, e)),
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(StoreError::LockTimeout {
                path: path.to_path_buf(),
                lock,
                waited_secs: (timeout.as_secs_f64() * 10.0).round() / 10.0,
            });
        }
        std::thread::sleep(pause.min(timeout - waited));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Replaces `path` with `bytes` atomically and durably.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    atomic_write_with(path, |w| w.write_all(bytes))
}

/// Replaces `path` atomically and durably with what `write` writes (through
/// a buffer, so a large file is never held in memory twice).
pub fn atomic_write_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    stage_with(path, write)?.commit()
}

/// A complete, fsynced copy of a file's new content beside it, not yet
/// renamed over it; removed on drop unless committed or kept.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Staged {
    /// Where the staged copy is.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Renames the staged copy over its target and syncs the directory.
    pub fn commit(self) -> Result<(), StoreError> {
        let dir = parent_dir(&self.target);
        self.tmp
            .persist(&self.target)
            .map_err(|e| StoreError::io("replace", &self.target, e.error))?;
        sync_dir(&dir)
    }

    /// Keeps the staged copy on disk (for a journal of renames): returns
    /// (staged path, target).
    pub fn keep(self) -> Result<(PathBuf, PathBuf), StoreError> {
        let (_, path) = self
            .tmp
            .keep()
            .map_err(|e| StoreError::io("keep", &self.target, e.error))?;
        Ok((path, self.target))
    }
}

/// Writes `bytes` to a temp file beside `path`, fsynced, with the mode
/// `path` has (or `0666 & !umask` when it is new).
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, StoreError> {
    stage_with(path, |w| w.write_all(bytes))
}

/// [`stage`] of what `write` writes (through a buffer).
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, StoreError> {
    check_path(path)?;
    let dir = parent_dir(path);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io("create", &dir, e))?;
    let prefix = temp_prefix(path);
    remove_stale_temps(&dir, &prefix);
    let existing = fs::metadata(path).ok().map(|m| m.permissions());
    let tmp = tempfile::Builder::new()
        .prefix(&prefix)
        // Created with 0666, so the umask applies as for any new file.
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(&dir)
        .map_err(|e| StoreError::io("create a temporary file in", &dir, e))?;
    if let Some(mode) = existing {
        tmp.as_file()
            .set_permissions(mode)
            .map_err(|e| StoreError::io("set the mode of", tmp.path(), e))?;
    }
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, tmp);
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| StoreError::io("write", out.get_ref().path(), e))?;
    let tmp = out
        .into_inner()
        .map_err(|e| StoreError::io("write", path, e.into_error()))?;
    tmp.as_file()
        .sync_data()
        .map_err(|e| StoreError::io("sync", tmp.path(), e))?;
    Ok(Staged {
        tmp,
        target: path.to_path_buf(),
    })
}

/// Refuses `path` when it, or a directory between it and its repository
/// root, is a symlink (see the module notes). A symlinked directory counts
/// when it lies inside a workspace or repository: some directory above it
/// holds `.git` or `.cavra` (which is where a pull request can put one).
/// Symlinks above every repository are the machine's own layout (`/home ->
/// /data/home`) and are followed. The file itself is never a symlink.
/// Components that do not exist yet are fine: they will be directories.
pub fn check_path(path: &Path) -> Result<(), StoreError> {
    for p in path.ancestors() {
        if p.as_os_str().is_empty() {
            break;
        }
        if is_symlink(p) && (p == path || p.ancestors().skip(1).any(holds_marker)) {
            return Err(StoreError::Symlink {
                path: path.to_path_buf(),
                link: p.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Refuses an `--output` path (a directory or file to be written) when it,
/// or any directory on its way inside a workspace or repository, is a
/// symlink: [`check_path`] on the absolute path, so a relative path given
/// from a subdirectory is checked up to the repository root too. Commands
/// call it before they create or send anything.
pub fn check_output(path: &Path) -> Result<(), StoreError> {
    let abs = std::path::absolute(path).map_err(|e| StoreError::io("resolve", path, e))?;
    check_path(&abs).map_err(|e| match e {
        StoreError::Symlink { link, .. } => StoreError::Symlink {
            path: path.to_path_buf(),
            link,
        },
        other => other,
    })
}

/// Whether `dir` is a workspace or repository root (`.` for the empty path).
fn holds_marker(dir: &Path) -> bool {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    [".git", ".cavra"]
        .iter()
        .any(|m| fs::symlink_metadata(dir.join(m)).is_ok())
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Opens a store file (ledger appends and repairs) after [`check_path`];
/// errors name it as `display`.
pub fn open_checked(path: &Path, display: &Path, options: &OpenOptions) -> Result<File, StoreError> {
    check_path(path)?;
    options.open(path).map_err(|e| StoreError::io("open", display, e))
}

/// fsyncs a directory so a rename or a new file in it is durable.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io("sync directory", dir, e))
}

fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tmp")
}

/// Removes temp files a killed writer left. Called with the store lock held.
fn remove_stale_temps(dir: &Path, prefix: &str) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The directory holding `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads a whole file; `Ok(None)` when it does not exist. Errors name the
/// file as `display`.
pub fn read_optional(path: &Path, display: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    check_path(path)?;
    match read_input(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io("read", display, e)),
    }
}

/// Reads an input file (a store, an import or event file, a manifest, the
/// connector configuration): only a regular file (a FIFO would block, a
/// device never ends, a directory is a mistake), and only when it is at most
/// `CAVRA_MAX_INPUT_BYTES` long, checked before reading. The one way cavra
/// reads a file a user can name; the errors are `io::Error`s whose message
/// says what was refused, so each caller names the file as it does for any
/// read error.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let limit = crate::env::max_input_bytes();
    // Checked before opening: opening a FIFO for reading blocks.
    let meta = fs::metadata(path)?;
    refuse_irregular(&meta)?;
    let file = File::open(path)?;
    // And again on what was opened, in case the path was replaced meanwhile.
    let meta = file.metadata()?;
    refuse_irregular(&meta)?;
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// Opens an input file to stream it, with [`read_input`]'s checks: a
/// regular file (checked before opening and on what was opened) of at most
/// `CAVRA_MAX_INPUT_BYTES`.
pub fn open_input(path: &Path) -> std::io::Result<File> {
    let limit = crate::env::max_input_bytes();
    refuse_irregular(&fs::metadata(path)?)?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    refuse_irregular(&meta)?;
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    Ok(file)
}

/// The error of an input stream (standard input) that went past
/// `CAVRA_MAX_INPUT_BYTES`.
pub fn input_too_large() -> std::io::Error {
    too_large(crate::env::max_input_bytes())
}

/// [`read_input`] as UTF-8 text.
pub fn read_input_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_input(path)?).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Reads standard input up to `CAVRA_MAX_INPUT_BYTES`, stopping (and
/// failing) at the first byte past the limit rather than reading on.
pub fn read_stdin_text() -> std::io::Result<String> {
    use std::io::Read;
    let limit = crate::env::max_input_bytes();
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn refuse_irregular(meta: &fs::Metadata) -> std::io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = file_kind(meta);
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("is {kind}, not a regular file"),
    ))
}

fn file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a directory" } else { "a special file" }
}

fn too_large(limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "is larger than {limit} bytes, the input limit (raise {} to read it)",
            crate::env::CAVRA_MAX_INPUT_BYTES
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_times_out_while_held() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.json");
        let held = lock(&store, Duration::from_secs(1)).unwrap();
        // A second open file description conflicts even within one process.
        let err = lock(&store, Duration::from_millis(50)).unwrap_err();
        assert!(matches!(err, StoreError::LockTimeout { .. }));
        drop(held);
        lock(&store, Duration::from_millis(50)).unwrap();
    }

    #[test]
    fn symlinks_inside_a_repository_are_refused_and_above_it_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir_all(real.join("repo/.git")).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        // Above the repository: the machine's layout.
        check_path(&dir.path().join("link/repo/.cavra/api/s.json")).unwrap();
        // `.cavra` pointing at a directory that carries its own marker.
        let repo = real.join("repo");
        fs::create_dir_all(repo.join("evil/api/.cavra")).unwrap();
        std::os::unix::fs::symlink("evil", repo.join(".cavra")).unwrap();
        let err = check_path(&repo.join(".cavra/api/s.json")).unwrap_err();
        assert!(
            matches!(err, StoreError::Symlink { ref link, .. } if link.ends_with(".cavra")),
            "{err}"
        );
        // The file itself, even outside any repository.
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("s.json")).unwrap();
        assert!(check_path(&dir.path().join("s.json")).is_err());
        assert!(atomic_write(&dir.path().join("s.json"), b"x").is_err());
    }

    #[test]
    fn new_files_follow_the_umask_and_rewrites_keep_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.json");
        atomic_write(&store, b"one").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The test process's umask is whatever it is: a new file is 0666 minus it.
        let probe = dir.path().join("probe");
        File::create(&probe).unwrap();
        assert_eq!(mode(&store), mode(&probe));
        fs::set_permissions(&store, Permissions::from_mode(0o640)).unwrap();
        atomic_write(&store, b"two").unwrap();
        assert_eq!(mode(&store), 0o640);
    }

    #[test]
    fn atomic_write_replaces_and_cleans_temps() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.json");
        fs::write(dir.path().join(".s.json.tmpXYZ"), b"junk").unwrap();
        atomic_write(&store, b"one").unwrap();
        atomic_write(&store, b"two").unwrap();
        assert_eq!(fs::read(&store).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
