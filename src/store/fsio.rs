//! Crash-safe file writes and advisory locks.
//!
//! A table is replaced atomically: temp file in the same directory, write,
//! fsync, rename over the old file, fsync the directory. A crash at any
//! moment leaves the old file or the new one, never a mix. Temp files a killed
//! writer left behind are removed by the next writer, which holds the lock.
//!
//! Locks are `flock`-style advisory locks from std (`File::lock`) on a file in
//! a `.locks/` directory beside the store (git-ignored by `cavra init`). The
//! kernel releases them when a process dies, so a crash never leaves a stale
//! lock behind. Waiting is bounded by `CAVRA_LOCK_TIMEOUT`.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
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
    let lock = lock_path(path);
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
    let dir = parent_dir(path);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io("create", &dir, e))?;
    let prefix = temp_prefix(path);
    remove_stale_temps(&dir, &prefix);
    let tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .tempfile_in(&dir)
        .map_err(|e| StoreError::io("create a temporary file in", &dir, e))?;
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
    tmp.persist(path)
        .map_err(|e| StoreError::io("replace", path, e.error))?;
    sync_dir(&dir)
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
