//! Inspecting a ledger for `ops stores` and `validate`: every problem (JSON,
//! schemas, the chain, seals, segment names, a torn last line), its size and
//! entry count, without stopping at the first problem.

use super::*;

/// Every problem with a ledger: JSON, entry and record schemas, the chain,
/// seals, segment names, and a torn last line; with its size and entry count.
pub fn inspect(loc: &StoreLocation) -> Inspection {
    let unreadable = |message: String| Inspection {
        exists: true,
        problems: vec![Problem::new(&loc.display, message).integrity(Integrity::Unreadable)],
        ..Inspection::default()
    };
    if let Err(e) = fsio::check_path(&loc.path) {
        return unreadable(e.to_string());
    }
    if segments::layout(loc) == segments::Layout::Segmented {
        return segments::inspect(loc);
    }
    let file = match File::open(&loc.path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Inspection::default(),
        Err(e) => return unreadable(format!("cannot read: {e}")),
    };
    let bytes = file.metadata().map(|m| m.len()).unwrap_or_default();
    inspect_reader(loc, BufReader::new(file), bytes)
}

/// [`inspect`] and [`read`] in one scan, for a caller that reports on a
/// ledger and uses its entries (the evidence console): the inspection, and
/// every entry or the first problem of the chain or a record, as `read`
/// fails on it (a stray file or a stale checkpoint is the inspection's only).
pub fn inspect_and_read(loc: &StoreLocation) -> (Inspection, Result<Vec<Entry>, StoreError>) {
    if fsio::check_path(&loc.path).is_ok() && segments::layout(loc) == segments::Layout::Segmented {
        return segments::inspect_and_read(loc);
    }
    (inspect(loc), read(loc))
}

/// [`inspect`] on one file's bytes already read (a single-file ledger at a
/// git revision, a backup).
pub fn inspect_bytes(loc: &StoreLocation, bytes: &[u8]) -> Inspection {
    inspect_reader(loc, bytes, bytes.len() as u64)
}

pub(super) fn inspect_reader(loc: &StoreLocation, reader: impl BufRead, bytes: u64) -> Inspection {
    let mut out = Inspection {
        exists: true,
        bytes,
        ..Inspection::default()
    };
    let mut state = ChainState::genesis();
    let mut visit = Tally::default();
    if let Err(e) = scan_file(loc, reader, &mut state, &mut |entry| visit.visit(entry)) {
        visit
            .problems
            .push(Problem::new(&loc.display, crate::error::error_chain(&e)).integrity(Integrity::Unreadable));
    }
    out.records = visit.records;
    out.problems = visit.problems;
    out
}

/// Counts entries, keeps their hashes (for the checkpoint check) and
/// collects problems (up to 1,000) for an inspection; when `kept` is set,
/// also keeps the entries up to the first problem ([`inspect_and_read`]).
#[derive(Default)]
pub(crate) struct Tally {
    pub records: usize,
    pub problems: Vec<Problem>,
    /// `(seq, hash)` of each entry read whole.
    pub hashes: Vec<(u64, String)>,
    /// The entries, while no problem came up.
    pub kept: Option<Vec<Entry>>,
    /// The first problem the scan met (what [`read`] fails on).
    pub broken: Option<Problem>,
}

impl Tally {
    pub fn visit(&mut self, entry: Result<Entry, Problem>) -> bool {
        match entry {
            Ok(e) => {
                self.records += 1;
                match &mut self.kept {
                    Some(kept) if self.broken.is_none() => {
                        self.hashes.push((e.seq, e.hash.clone()));
                        kept.push(e);
                    }
                    _ => self.hashes.push((e.seq, e.hash)),
                }
            }
            Err(p) => {
                if self.broken.is_none() {
                    self.broken = Some(p.clone());
                }
                self.problems.push(p)
            }
        }
        self.problems.len() < 1000
    }

    /// What [`read`] would give: the entries, or the first problem.
    pub fn read_result(&mut self) -> Result<Vec<Entry>, StoreError> {
        match self.broken.take() {
            Some(problem) => Err(StoreError::Ledger {
                problem: Box::new(problem),
            }),
            None => Ok(self.kept.take().unwrap_or_default()),
        }
    }

    /// The checkpoint's problems against what was read (none while the
    /// chain itself has problems: those are reported first).
    pub fn check_checkpoint(&mut self, loc: &StoreLocation, text: Option<&[u8]>) {
        if !self.problems.is_empty() {
            return;
        }
        let head = self.hashes.last().cloned();
        let hashes = &self.hashes;
        let hash_at = |seq: u64| {
            hashes
                .binary_search_by_key(&seq, |(s, _)| *s)
                .ok()
                .map(|i| hashes[i].1.clone())
        };
        let problems = checkpoint::check(loc, text, head, &hash_at);
        self.problems.extend(problems);
    }
}
