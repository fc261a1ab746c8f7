//! Reading a segmented ledger: walking its segments in chain order (a window
//! verified in parallel, then linked in order), inspecting it for `ops stores`
//! and `validate`, and reading one held in memory (a git tree, a backup).

use super::*;

/// How a scan gets a segment's bytes by name (from disk, a git tree, the
/// index); called from several threads.
pub(crate) type ReadSegment<'a> = dyn Fn(&str) -> Result<Vec<u8>, StoreError> + Sync + 'a;

/// Where a walk over segments stands.
struct Walk {
    state: ChainState,
    expected_number: u64,
    bytes: u64,
}

/// Walks the named segments in order as one chain, from the genesis or,
/// when segments before the first were pruned, from where the first one's
/// first line says it starts: that start (and every gap before it) must be
/// covered by the chain's `ledger-prune` entries, last seal and `seq`
/// included ([`PruneTrack`]), which is checked once the walk is done.
/// Numbers count up without a gap, every segment but the last is sealed.
/// `read` gives a segment's bytes.
///
/// Segments are verified a window at a time in parallel, each from the
/// chain state its own first line claims; then, in order, each is checked
/// to continue the one before (its number, its first `seq` and
/// `prev_hash`, the seal before it) and its entries are visited. The first
/// segment that has any problem, or does not continue the chain, is scanned
/// again on the one sequential path with everything after it, so problems
/// are found and worded exactly as a plain walk finds them.
pub(crate) fn scan_segments(
    loc: &StoreLocation,
    names: &[String],
    read: &ReadSegment<'_>,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<u64, StoreError> {
    let first = names.first().filter(|n| number(n) > 1);
    let start = match first {
        Some(name) => claimed_start(loc, name, read)?,
        None => None,
    };
    let mut track = PruneTrack::default();
    let mut stopped = false;
    let bytes = {
        let mut watched = |e: Result<Entry, Problem>| {
            if let Ok(entry) = &e
                && let Some(p) = track.see(loc, entry)
                && !visit(Err(p))
            {
                stopped = true;
                return false;
            }
            let go = visit(e);
            stopped |= !go;
            go
        };
        walk_segments(loc, names, start.clone(), read, &mut watched)?
    };
    if !stopped
        && let Some(first) = first
        && let Some(p) = track.check_start(loc, first, start.as_ref())
    {
        visit(Err(p));
    }
    Ok(bytes)
}

/// Where segment `name` says the chain stands before its first line.
fn claimed_start(loc: &StoreLocation, name: &str, read: &ReadSegment<'_>) -> Result<Option<(u64, String)>, StoreError> {
    let data = read(name)?;
    let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
    Ok(match parse_any(&segment_loc(loc, name), first, Some(1)) {
        Ok(Line::Entry(e)) => Some((e.seq, e.prev_hash)),
        Ok(Line::Seal(s)) => Some((s.last_seq + 1, s.prev_hash)),
        Err(_) => None,
    })
}

/// [`scan_segments`] from `start` (`None`: the genesis).
fn walk_segments(
    loc: &StoreLocation,
    names: &[String],
    start: Option<(u64, String)>,
    read: &ReadSegment<'_>,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<u64, StoreError> {
    use rayon::prelude::*;
    let state = match start {
        Some((next_seq, prev)) => ChainState { next_seq, prev },
        None => ChainState::genesis(),
    };
    let mut walk = Walk {
        state,
        expected_number: names.first().map_or(1, |n| number(n).max(1)),
        bytes: 0,
    };
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    // Windows are verified on every core by a producer thread while this
    // thread links and visits the window before (one window ahead at most,
    // so memory stays bounded by two windows' entries).
    let window = rayon::current_num_threads().max(1) * 4;
    std::thread::scope(|scope| {
        let (windows, verified) = std::sync::mpsc::sync_channel::<Vec<Result<Scanned, StoreError>>>(1);
        let chunks = names.chunks(window);
        scope.spawn(move || {
            for chunk in chunks {
                let scanned = match chunk.len() {
                    1 => chunk.iter().map(|name| scan_alone(loc, name, read)).collect(),
                    _ => chunk.par_iter().map(|name| scan_alone(loc, name, read)).collect(),
                };
                if windows.send(scanned).is_err() {
                    // The walk stopped: nothing more is wanted.
                    break;
                }
            }
        });
        let mut from = 0;
        for scanned in verified {
            let chunk_len = scanned.len();
            for (j, one) in scanned.into_iter().enumerate() {
                let one = one?;
                let name = names[from + j];
                let last = from + j + 1 == names.len();
                let continues = one.clean
                    && number(name) == walk.expected_number
                    && one
                        .start
                        .as_ref()
                        .is_none_or(|(seq, prev)| *seq == walk.state.next_seq && *prev == walk.state.prev)
                    && (last || one.sealed);
                if !continues {
                    return scan_in_order(loc, &names[from + j..], read, &mut walk, visit);
                }
                walk.bytes += one.bytes;
                walk.expected_number = number(name) + 1;
                if let Some(state) = one.end {
                    walk.state = state;
                }
                for e in one.entries {
                    if !visit(Ok(e)) {
                        return Ok(walk.bytes);
                    }
                }
            }
            from += chunk_len;
        }
        Ok(walk.bytes)
    })
}

/// One segment verified on its own, from the state its first line claims.
struct Scanned {
    bytes: u64,
    /// The `seq` of its first entry and the hash it chains to (`None`: empty).
    start: Option<(u64, String)>,
    entries: Vec<Entry>,
    /// The chain state after it (`None`: empty).
    end: Option<ChainState>,
    sealed: bool,
    /// No problem found in it.
    clean: bool,
}

fn scan_alone(loc: &StoreLocation, name: &str, read: &ReadSegment<'_>) -> Result<Scanned, StoreError> {
    let data = read(name)?;
    let seg = segment_loc(loc, name);
    let mut out = Scanned {
        bytes: data.len() as u64,
        start: None,
        entries: Vec::new(),
        end: None,
        sealed: false,
        clean: true,
    };
    let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
    if first.is_empty() {
        out.clean = data.is_empty();
        return Ok(out);
    }
    let start = match parse_any(&seg, first, Some(1)) {
        Ok(Line::Entry(e)) => (e.seq, e.prev_hash),
        Ok(Line::Seal(s)) => (s.last_seq + 1, s.prev_hash),
        Err(_) => {
            out.clean = false;
            return Ok(out);
        }
    };
    let mut state = ChainState {
        next_seq: start.0,
        prev: start.1.clone(),
    };
    let mut clean = true;
    let mut entries = Vec::with_capacity(MAX_LINES as usize);
    let end = scan_segment(&seg, data, &mut state, &mut |e| match e {
        Ok(e) => {
            entries.push(e);
            true
        }
        Err(_) => {
            clean = false;
            false
        }
    })?;
    out.start = Some(start);
    out.entries = entries;
    out.end = Some(state);
    out.sealed = end.sealed;
    out.clean = clean;
    Ok(out)
}

/// The plain walk: each segment in turn, from where `walk` stands.
fn scan_in_order(
    loc: &StoreLocation,
    names: &[&str],
    read: &ReadSegment<'_>,
    walk: &mut Walk,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<u64, StoreError> {
    for (i, name) in names.iter().enumerate() {
        let seg = segment_loc(loc, name);
        if number(name) != walk.expected_number {
            let p = Problem::new(
                &seg.display,
                format!(
                    "is segment {}, expected {}: a segment was deleted or renamed",
                    number(name),
                    walk.expected_number
                ),
            )
            .integrity(Integrity::ChainBroken)
            .hint(crate::store::ledger::RESTORE_HINT);
            if !visit(Err(p)) {
                return Ok(walk.bytes);
            }
        }
        walk.expected_number = number(name) + 1;
        let data = read(name)?;
        walk.bytes += data.len() as u64;
        let end = scan_segment(&seg, data, &mut walk.state, visit)?;
        if end.stopped {
            return Ok(walk.bytes);
        }
        if i + 1 < names.len() && !end.sealed {
            let p = Problem::new(
                &seg.display,
                format!("is not sealed, yet segment {} follows it", names[i + 1]),
            )
            .integrity(Integrity::ChainBroken)
            .hint(crate::store::ledger::RESTORE_HINT);
            if !visit(Err(p)) {
                return Ok(walk.bytes);
            }
        }
    }
    Ok(walk.bytes)
}

/// Scans a segment's bytes: as text its records share when it is UTF-8
/// (it always is, unless damaged), else line by line.
fn scan_segment(
    seg: &StoreLocation,
    data: Vec<u8>,
    state: &mut ChainState,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<crate::store::ledger::FileEnd, StoreError> {
    match String::from_utf8(data) {
        Ok(text) => crate::store::ledger::scan_text(seg, &std::sync::Arc::new(text), state, visit),
        Err(e) => scan_file(seg, e.as_bytes(), state, visit),
    }
}

fn read_segment(loc: &StoreLocation) -> impl Fn(&str) -> Result<Vec<u8>, StoreError> + Sync + '_ {
    move |name| {
        let seg = segment_loc(loc, name);
        fsio::check_path(&seg.path)?;
        std::fs::read(&seg.path).map_err(|e| StoreError::io("read", &seg.display, e))
    }
}

/// [`super::inspect`] of a segmented ledger.
pub(crate) fn inspect(loc: &StoreLocation) -> Inspection {
    inspect_with(loc, None).0
}

/// [`super::inspect_each`] of a segmented ledger.
pub(crate) fn inspect_each(loc: &StoreLocation, sink: &mut dyn FnMut(Entry)) -> (Inspection, Option<Problem>) {
    inspect_with(loc, Some(sink))
}

fn inspect_with(loc: &StoreLocation, sink: Option<&mut dyn FnMut(Entry)>) -> (Inspection, Option<Problem>) {
    let dir = dir(loc);
    if !dir.is_dir() {
        return (Inspection::default(), None);
    }
    let text = std::fs::read(checkpoint::path(loc)).ok();
    let mut tally = Tally::for_checkpoint(loc, text.as_deref());
    tally.sink = sink;
    let scanned = names(&dir).and_then(|(segments, strays)| {
        for stray in strays {
            tally.problems.push(stray_problem(loc, &stray));
        }
        if loc.path.exists() {
            tally.problems.push(
                Problem::new(&loc.display, "is left over from a migration to segments")
                    .hint("run `cavra ledger migrate` again: it removes the file once its entries are in the segments"),
            );
        }
        scan_segments(loc, &segments, &read_segment(loc), &mut |e| tally.visit(e))
    });
    if let Err(e) = &scanned
        && tally.broken.is_none()
    {
        tally.broken =
            Some(Problem::new(&dir_display(loc), crate::error::error_chain(e)).integrity(Integrity::Unreadable));
    }
    tally.check_checkpoint(loc, text.as_deref());
    let broken = tally.broken.take();
    (finish_inspection(loc, scanned, tally), broken)
}

fn stray_problem(loc: &StoreLocation, name: &str) -> Problem {
    if name == prune::NAME {
        return Problem::new(
            &dir_display(loc).join(name),
            "is the prune record of an earlier cavra, no longer trusted: a prune is now an entry of the chain, checked against the seals git committed",
        )
        .integrity(Integrity::ChainBroken)
        .hint("segments it claims to cover count as missing: restore them from git history (`git checkout REV -- DIR`), then remove the record and prune again with `cavra ledger prune`");
    }
    Problem::new(
        &dir_display(loc).join(name),
        "is not a ledger segment (segments are YYYY-MM/NNNNNN.jsonl)",
    )
    .hint("move it out of the ledger directory")
}

fn finish_inspection(loc: &StoreLocation, scanned: Result<u64, StoreError>, mut tally: Tally) -> Inspection {
    let bytes = match scanned {
        Ok(bytes) => bytes,
        Err(e) => {
            tally
                .problems
                .push(Problem::new(&dir_display(loc), crate::error::error_chain(&e)).integrity(Integrity::Unreadable));
            0
        }
    };
    Inspection {
        exists: true,
        bytes,
        records: tally.records,
        problems: tally.problems,
    }
}

/// [`super::inspect`] of a segmented ledger held in memory (a git tree, the
/// index): `files` maps names relative to the ledger directory to bytes.
pub fn inspect_files(loc: &StoreLocation, files: &[(String, Vec<u8>)]) -> Inspection {
    if files.is_empty() {
        return Inspection::default();
    }
    let text = files
        .iter()
        .find(|(name, _)| name == checkpoint::NAME)
        .map(|(_, bytes)| bytes.as_slice());
    let mut tally = Tally::for_checkpoint(loc, text);
    let mut segments = Vec::new();
    for (name, _) in files {
        if is_segment_name(name) {
            segments.push(name.clone());
        } else if name != checkpoint::NAME {
            tally.problems.push(stray_problem(loc, name));
        }
    }
    segments.sort();
    let scanned = scan_segments(loc, &segments, &in_memory(files), &mut |e| tally.visit(e));
    tally.check_checkpoint(loc, text);
    finish_inspection(loc, scanned, tally)
}

fn in_memory(files: &[(String, Vec<u8>)]) -> impl Fn(&str) -> Result<Vec<u8>, StoreError> + Sync + '_ {
    move |name| {
        Ok(files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .unwrap_or_default())
    }
}

/// Every entry of a segmented ledger held in memory (see [`inspect_files`]),
/// failing on the first problem.
pub fn parse_files(loc: &StoreLocation, files: &[(String, Vec<u8>)]) -> Result<Vec<Entry>, StoreError> {
    let mut segments: Vec<String> = files
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n != checkpoint::NAME)
        .collect();
    segments.sort();
    if let Some(stray) = segments.iter().find(|n| !is_segment_name(n)) {
        return Err(StoreError::Ledger {
            problem: Box::new(stray_problem(loc, stray)),
        });
    }
    collect(|visit| scan_segments(loc, &segments, &in_memory(files), visit).map(|_| ()))
}

/// [`super::read`] of a segmented ledger.
pub(crate) fn read(loc: &StoreLocation) -> Result<Vec<Entry>, StoreError> {
    let dir = dir(loc);
    let (segments, _) = names(&dir)?;
    // Room for as many entries as the checkpoint says (no copying as they
    // come in); only a hint, never trusted.
    let room = std::fs::read(checkpoint::path(loc))
        .ok()
        .and_then(|t| checkpoint::Checkpoint::parse(&t, &checkpoint::display(loc)).ok())
        .map_or(0, |cp| cp.size)
        .min(segments.len() as u64 * MAX_LINES) as usize;
    crate::store::ledger::collect_sized(room, |visit| {
        scan_segments(loc, &segments, &read_segment(loc), visit).map(|_| ())
    })
}

/// [`super::for_each`] of a segmented ledger: every entry and problem to
/// `visit`, in order, a window of segments at a time.
pub(crate) fn for_each(
    loc: &StoreLocation,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<(), StoreError> {
    let (segments, _) = names(&dir(loc))?;
    scan_segments(loc, &segments, &read_segment(loc), visit).map(|_| ())
}
