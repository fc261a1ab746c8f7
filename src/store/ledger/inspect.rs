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

/// [`inspect`] in one streaming pass that hands every verified entry to
/// `sink` in order, up to the first problem (keeping none), for a caller
/// that must not hold a long ledger in memory; with the inspection, the
/// first problem of the chain or a record (what [`read`] fails on), if any.
pub fn inspect_each(loc: &StoreLocation, sink: &mut dyn FnMut(Entry)) -> (Inspection, Option<Problem>) {
    if fsio::check_path(&loc.path).is_ok() && segments::layout(loc) == segments::Layout::Segmented {
        return segments::inspect_each(loc, sink);
    }
    let inspection = inspect(loc);
    match read(loc) {
        Ok(entries) => entries.into_iter().for_each(sink),
        Err(StoreError::Ledger { problem }) => return (inspection, Some(*problem)),
        Err(e) => {
            return (
                inspection,
                Some(Problem::new(&loc.display, crate::error::error_chain(&e)).integrity(Integrity::Unreadable)),
            );
        }
    }
    (inspection, None)
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

/// Counts entries and collects problems (up to 1,000) for an inspection,
/// keeping of the chain only its head and the hash of the entry the
/// checkpoint names (`wanted`, known before the scan); when `sink` is set,
/// also hands it each entry up to the first problem ([`inspect_each`]).
#[derive(Default)]
pub(crate) struct Tally<'a> {
    pub records: usize,
    pub problems: Vec<Problem>,
    /// `(seq, hash)` of the last entry read whole.
    pub head: Option<(u64, String)>,
    /// The `seq` whose hash the checkpoint check asks for, and that hash.
    pub wanted: Option<u64>,
    pub at_wanted: Option<String>,
    /// Where the entries go, while no problem came up.
    pub sink: Option<&'a mut dyn FnMut(Entry)>,
    /// The first problem the scan met (what [`read`] fails on).
    pub broken: Option<Problem>,
}

impl Tally<'_> {
    /// A tally that will check the checkpoint `text` (its size is the entry
    /// whose hash is kept).
    pub fn for_checkpoint(loc: &StoreLocation, text: Option<&[u8]>) -> Self {
        Tally {
            wanted: text.and_then(|t| {
                checkpoint::Checkpoint::parse(t, &checkpoint::display(loc))
                    .ok()
                    .map(|cp| cp.size)
            }),
            ..Tally::default()
        }
    }

    pub fn visit(&mut self, entry: Result<Entry, Problem>) -> bool {
        match entry {
            Ok(e) => {
                self.records += 1;
                if self.wanted == Some(e.seq) {
                    self.at_wanted = Some(e.hash.clone());
                }
                match &mut self.sink {
                    Some(sink) if self.broken.is_none() => {
                        self.head = Some((e.seq, e.hash.clone()));
                        sink(e);
                    }
                    _ => self.head = Some((e.seq, e.hash)),
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

    /// The checkpoint's problems against what was read (none while the
    /// chain itself has problems: those are reported first).
    pub fn check_checkpoint(&mut self, loc: &StoreLocation, text: Option<&[u8]>) {
        if !self.problems.is_empty() {
            return;
        }
        let (wanted, at) = (self.wanted, self.at_wanted.clone());
        let hash_at = |seq: u64| at.clone().filter(|_| wanted == Some(seq));
        let problems = checkpoint::check(loc, text, self.head.clone(), &hash_at);
        self.problems.extend(problems);
    }
}
