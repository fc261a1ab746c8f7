//! Writing a segmented ledger: appending to the active segment under the
//! store lock (rotating and sealing it as it fills, then updating the
//! checkpoint), and `ledger migrate` from the single-file layout.

use super::*;
use sha2::{Digest, Sha256};

/// Appends records given as their canonical texts to the segments under
/// `dir` (rotating as they fill) and returns the new entries' `seq`s. The
/// caller holds the store lock.
pub(crate) fn append_texts_locked(loc: &StoreLocation, dir: &Path, records: &[&str]) -> Result<Vec<u64>, StoreError> {
    let segments = last_segments(dir)?;
    let mut w = Writer::open(loc, dir, &segments)?;
    let mut seqs = Vec::with_capacity(records.len());
    for record in records {
        seqs.push(w.push(record)?);
    }
    let head = w.finish()?;
    if let Some((size, hash)) = head.filter(|_| !records.is_empty()) {
        checkpoint::write(dir, &checkpoint::Checkpoint::new(loc, size, &hash))?;
    }
    Ok(seqs)
}

/// The active segment as an append sees it.
struct Writer<'a> {
    loc: &'a StoreLocation,
    dir: &'a Path,
    /// The active segment: name, location, open file; `None` before the first.
    active: Option<(String, StoreLocation, File)>,
    /// How the active file ends, until the first write fixes a torn tail.
    tail: Option<Tail>,
    state: ChainState,
    count: u64,
    bytes: u64,
    sealed: bool,
    pending: Vec<u8>,
    /// The sha256 of the active segment's bytes so far, when this append
    /// created it (and so wrote every byte of it); else its seal reads it.
    digest: Option<sha2::Sha256>,
    /// The hash of the last entry (the seal after it chains to it).
    last_hash: Option<String>,
    /// Directories that gained an entry, fsynced at the end.
    new_dirs: Vec<PathBuf>,
}

impl<'a> Writer<'a> {
    fn open(loc: &'a StoreLocation, dir: &'a Path, segments: &[String]) -> Result<Writer<'a>, StoreError> {
        let mut w = Writer {
            loc,
            dir,
            active: None,
            tail: None,
            state: ChainState::genesis(),
            count: 0,
            bytes: 0,
            sealed: true,
            pending: Vec::new(),
            digest: None,
            last_hash: None,
            new_dirs: Vec::new(),
        };
        let Some(name) = segments.last() else {
            return Ok(w);
        };
        let seg = segment_in(loc, dir, name);
        let mut file = fsio::open_checked(&seg.path, &seg.display, OpenOptions::new().read(true).write(true))?;
        let tail = read_tail(&seg, &mut file)?;
        match &tail.last {
            None => {
                // An empty segment (a rotation killed before its first line):
                // it chains to the seal of the one before (a prune never
                // leaves an empty segment first: its entry lands there).
                let prev_name = segments.len().checked_sub(2).map(|i| &segments[i]);
                if let Some(prev_name) = prev_name {
                    let prev = segment_in(loc, dir, prev_name);
                    let mut f = fsio::open_checked(&prev.path, &prev.display, OpenOptions::new().read(true))?;
                    match read_tail(&prev, &mut f)?.last {
                        Some(Line::Seal(s)) => {
                            w.state = state_after(s.last_seq, &s.hash);
                            w.last_hash = Some(s.prev_hash);
                        }
                        _ => return Err(not_sealed(&prev)),
                    }
                }
                w.sealed = false;
            }
            Some(Line::Entry(e)) => {
                w.state = state_after(e.seq, &e.hash);
                w.last_hash = Some(e.hash.clone());
                w.count = e.seq + 1 - first_seq(&seg, &mut file)?.min(e.seq);
                w.sealed = false;
            }
            Some(Line::Seal(s)) => {
                w.state = state_after(s.last_seq, &s.hash);
                w.last_hash = Some(s.prev_hash.clone());
                w.count = s.count;
            }
        }
        w.bytes = tail.whole_len();
        w.tail = Some(tail);
        w.active = Some((name.clone(), seg, file));
        Ok(w)
    }

    /// Adds one entry, rotating first when the active segment is full.
    fn push(&mut self, record: &str) -> Result<u64, StoreError> {
        let seq = self.state.next_seq;
        let len = entry_line_len(seq, &self.state.prev, GENESIS.len(), record) as u64;
        if self.sealed || self.count >= MAX_LINES || (self.count > 0 && self.bytes + len > MAX_BYTES) {
            self.rotate(record)?;
        }
        let hash = entry_hash_text(seq, &self.state.prev, record);
        let before = self.pending.len();
        push_entry_line(&mut self.pending, seq, &self.state.prev, &hash, record);
        self.count += 1;
        self.bytes += (self.pending.len() - before) as u64;
        self.state = state_after(seq, &hash);
        self.last_hash = Some(hash);
        Ok(seq)
    }

    /// Writes what is pending to the active segment and fsyncs it (fixing a
    /// torn tail or a missing newline on the first write).
    fn flush(&mut self) -> Result<(), StoreError> {
        let Some((_, seg, file)) = self.active.as_mut() else {
            return Ok(());
        };
        if let Some(tail) = self.tail.take() {
            tail.write_after(seg, file, &self.pending)?;
        } else if !self.pending.is_empty() {
            if let Some(d) = self.digest.as_mut() {
                sha2::Digest::update(d, &self.pending);
            }
            file.seek(SeekFrom::End(0))
                .map_err(|e| StoreError::io("seek", &seg.display, e))?;
            file.write_all(&self.pending)
                .map_err(|e| StoreError::io("append to", &seg.display, e))?;
            file.sync_data().map_err(|e| StoreError::io("sync", &seg.display, e))?;
        }
        self.pending.clear();
        Ok(())
    }

    /// Seals the active segment (unless it is sealed) and starts the next.
    fn rotate(&mut self, record: &str) -> Result<(), StoreError> {
        self.flush()?;
        let mut month = month_of(self.loc, record);
        let mut next = 1;
        if let Some((name, seg, file)) = self.active.as_mut() {
            if !self.sealed {
                let (count, last_seq) = (self.count, self.state.next_seq - 1);
                let seal = match self.digest.take() {
                    Some(d) => seal_of_digest(&self.state.prev, count, last_seq, &d),
                    None => {
                        let bytes = std::fs::read(&seg.path).map_err(|e| StoreError::io("read", &seg.display, e))?;
                        Seal::new(&self.state.prev, count, last_seq, &bytes)
                    }
                };
                debug_assert_eq!(
                    Some(&seal.segment_sha256),
                    std::fs::read(&seg.path)
                        .ok()
                        .map(|b| crate::store::sha256_tagged(&b))
                        .as_ref(),
                    "the running digest of {} is its bytes'",
                    seg.display.display()
                );
                file.seek(SeekFrom::End(0))
                    .map_err(|e| StoreError::io("seek", &seg.display, e))?;
                file.write_all(seal.line().as_bytes())
                    .map_err(|e| StoreError::io("seal", &seg.display, e))?;
                file.sync_data().map_err(|e| StoreError::io("sync", &seg.display, e))?;
                self.state.prev = seal.hash;
            }
            month = month.max(name[..7].to_string());
            next = number(name) + 1;
        }
        let name = format!("{month}/{next:06}.jsonl");
        let seg = segment_in(self.loc, self.dir, &name);
        let month_dir = self.dir.join(&month);
        if !month_dir.is_dir() {
            if !self.dir.is_dir() {
                std::fs::create_dir_all(self.dir).map_err(|e| StoreError::io("create", self.dir, e))?;
                self.new_dirs.push(fsio::parent_dir(self.dir));
            }
            std::fs::create_dir(&month_dir).map_err(|e| StoreError::io("create", &month_dir, e))?;
            self.new_dirs.push(self.dir.to_path_buf());
        }
        let file = fsio::open_checked(
            &seg.path,
            &seg.display,
            OpenOptions::new().read(true).write(true).create_new(true),
        )?;
        self.new_dirs.push(month_dir);
        self.active = Some((name, seg, file));
        self.tail = None;
        self.digest = Some(sha2::Sha256::default());
        self.count = 0;
        self.bytes = 0;
        self.sealed = false;
        Ok(())
    }

    /// Writes what is pending, syncs new directories, and returns the head:
    /// the last entry's `seq` and hash.
    fn finish(mut self) -> Result<Option<(u64, String)>, StoreError> {
        self.flush()?;
        self.new_dirs.dedup();
        for d in self.new_dirs.iter().rev() {
            fsio::sync_dir(d)?;
        }
        Ok(self.last_hash.map(|h| (self.state.next_seq - 1, h)))
    }
}

fn state_after(seq: u64, hash: &str) -> ChainState {
    ChainState {
        next_seq: seq + 1,
        prev: hash.to_string(),
    }
}

fn not_sealed(seg: &StoreLocation) -> StoreError {
    StoreError::Ledger {
        problem: Box::new(
            Problem::new(&seg.display, "is not sealed, yet a later segment exists")
                .integrity(Integrity::ChainBroken)
                .hint(crate::store::ledger::RESTORE_HINT),
        ),
    }
}

/// The `seq` of a segment's first entry (read from its first line only).
fn first_seq(seg: &StoreLocation, file: &mut File) -> Result<u64, StoreError> {
    file.seek(SeekFrom::Start(0))
        .map_err(|e| StoreError::io("seek", &seg.display, e))?;
    let mut line = Vec::new();
    BufReader::new(&mut *file)
        .read_until(b'\n', &mut line)
        .map_err(|e| StoreError::io("read", &seg.display, e))?;
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    match parse_any(seg, &line, Some(1))? {
        Line::Entry(e) => Ok(e.seq),
        Line::Seal(s) => Ok(s.last_seq + 1),
    }
}

/// `YYYY-MM` of a record's time field (the record given as its text), else of now.
fn month_of(loc: &StoreLocation, record: &str) -> String {
    let valid = |s: &str| s.len() >= 7 && is_segment_name(&format!("{}/000000.jsonl", &s[..7]));
    match crate::store::canonical::key_of(record, loc.def.time_field).filter(|s| valid(s)) {
        Some(s) => s[..7].to_string(),
        None => crate::clock::now()
            .map(|t| t.rfc3339()[..7].to_string())
            .unwrap_or_else(|_| "1970-01".to_string()),
    }
}

/// What `cavra ledger migrate` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Migrated {
    pub entries: usize,
    pub segments: usize,
    /// The single file removed.
    pub removed: String,
    pub directory: String,
}

/// Moves a single-file ledger into segments: the same records in the same
/// order (entries after the first seal are re-chained through it), written
/// into a staging directory, renamed into place, then the file removed. A
/// crash leaves the single file (and a staging directory the next run
/// removes), or the segments plus the file (the next run removes the file
/// once its records match). `None` when there is nothing to migrate.
pub fn migrate(loc: &StoreLocation) -> Result<Option<Migrated>, StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    if !loc.path.is_file() {
        return Ok(None);
    }
    // Streamed: the file's verified records go into the staging segments a
    // segment's worth at a time, and both sides are summed up as a digest of
    // the records' canonical texts, so memory stays flat at any size.
    let digest = |sum: &mut Sha256, text: &str| {
        sum.update(text.as_bytes());
        sum.update(b"\n");
    };
    let (mut old_sum, mut old_count) = (Sha256::new(), 0usize);
    let dir = dir(loc);
    let staging = dir.with_file_name(format!(
        ".{}.migrating",
        dir.file_name().unwrap_or_default().to_string_lossy()
    ));
    let write = !dir.is_dir();
    if write {
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| StoreError::io("remove", &staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| StoreError::io("create", &staging, e))?;
    }
    {
        let mut state = ChainState::genesis();
        let f = fsio::open_checked(&loc.path, &loc.display, OpenOptions::new().read(true))?;
        let mut chunk: Vec<Entry> = Vec::with_capacity(MAX_LINES as usize);
        let mut failure: Option<Result<Problem, StoreError>> = None;
        let flush = |chunk: &mut Vec<Entry>| -> Result<(), StoreError> {
            if write && !chunk.is_empty() {
                let texts: Vec<&str> = chunk.iter().map(|e| e.record.text()).collect();
                append_texts_locked(loc, &staging, &texts)?;
            }
            chunk.clear();
            Ok(())
        };
        scan_file(loc, BufReader::new(f), &mut state, &mut |e| match e {
            Ok(e) => {
                digest(&mut old_sum, e.record.text());
                old_count += 1;
                chunk.push(e);
                if chunk.len() == MAX_LINES as usize
                    && let Err(e) = flush(&mut chunk)
                {
                    failure = Some(Err(e));
                    return false;
                }
                true
            }
            Err(p) => {
                failure = Some(Ok(p));
                false
            }
        })?;
        let done = match failure {
            Some(Ok(problem)) => Err(StoreError::Ledger {
                problem: Box::new(problem),
            }),
            Some(Err(e)) => Err(e),
            None => flush(&mut chunk),
        };
        if let Err(e) = done {
            // Nothing half-written stays: the file is kept as it was.
            if write {
                let _ = std::fs::remove_dir_all(&staging);
            }
            return Err(e);
        }
    }
    if write {
        std::fs::rename(&staging, &dir).map_err(|e| StoreError::io("rename into place", &dir, e))?;
        fsio::sync_dir(&fsio::parent_dir(&dir))?;
    }
    let (mut new_sum, mut new_count) = (Sha256::new(), 0usize);
    crate::store::ledger::for_each(loc, &mut |e| {
        digest(&mut new_sum, e.record.text());
        new_count += 1;
        true
    })?;
    if new_sum.finalize() != old_sum.finalize() {
        return Err(StoreError::Ledger {
            problem: Box::new(
                Problem::new(
                    &loc.display,
                    format!(
                        "differs from the segments in {} ({} entries against {}): both exist",
                        dir_display(loc).display(),
                        old_count,
                        new_count
                    ),
                )
                .hint("compare them and remove the one that is wrong (the segments are read while both exist)"),
            ),
        });
    }
    std::fs::remove_file(&loc.path).map_err(|e| StoreError::io("remove", &loc.display, e))?;
    fsio::sync_dir(&fsio::parent_dir(&loc.path))?;
    Ok(Some(Migrated {
        entries: old_count,
        segments: names(&dir)?.0.len(),
        removed: loc.display.display().to_string(),
        directory: dir_display(loc).display().to_string(),
    }))
}
