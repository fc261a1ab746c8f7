//! `cavra aispm ingest`: lines in, each one accepted, duplicate or rejected.
//!
//! Lines are read in batches (a stream is flushed whenever the input has
//! nothing more buffered, so a slow collector's events are not held back);
//! a batch is checked on every core ([`super::check`]), which also makes
//! each accepted event's ledger record (its checked canonical text), then,
//! in input order, deduplicated and appended per tenant: index append
//! (fsync), ledger append (fsync), projection replaced. Only then are its
//! events counted. A file is read ahead on a thread of its own and a batch
//! is deduplicated and written while the next one is checked; a stream's
//! batch is written before more is read.
//! A line the input cut short is judged like any other (a complete DSSE
//! line still verifies; a cut one is rejected as `truncated_line`), and no
//! earlier line is affected.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use super::check::{self, Input, Keyring, Reject};
use super::{AispmError, TenantState, open_state};
use crate::clock::Timestamp;
use crate::error::StoreError;
use crate::store::aispm as files;
use crate::store::ledger;
use crate::store::registry::{AISPM_UNATTRIBUTED, StoreLocation};

/// Lines per batch read from a file.
const BATCH: usize = 4096;
/// Lines per verification chunk (one Ed25519 batch).
const CHUNK: usize = 256;

/// Lag histogram bucket upper bounds, seconds: up to a minute, an hour,
/// a day, a week, 30 and 90 days, one, ten and a hundred years.
pub const LAG_BUCKETS: &[i64] = &[
    0,
    1,
    5,
    10,
    30,
    60,
    300,
    600,
    1800,
    3600,
    21600,
    86400,
    604_800,
    2_592_000,
    7_776_000,
    31_536_000,
    315_360_000,
    3_153_600_000,
];

/// Where lines come from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

/// Options of one run.
pub struct IngestOptions<'a> {
    pub sources: Vec<Source>,
    /// cavra's clock (`received_at`).
    pub clock: &'a dyn Fn() -> Timestamp,
    /// Told each file's size, then the bytes of each batch read from it (a
    /// stream has no known end and reports nothing).
    pub progress: &'a dyn crate::progress::Progress,
}

/// Counts of one run, for one tenant or in total.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    pub accepted: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub redactions: u64,
    pub storage_failures: u64,
}

impl Counts {
    fn reject(&mut self, reason: check::Reason) {
        self.rejected += 1;
        *self.rejected_by_reason.entry(reason.as_str().to_string()).or_default() += 1;
    }
}

/// `cavra.aispm.ingest.v1`.
#[derive(Debug, Serialize)]
pub struct IngestOutcome {
    pub schema: &'static str,
    pub run_id: String,
    pub lines: u64,
    pub accepted: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub redactions: u64,
    /// Per tenant (rejects attributed to a tenant only when its key verified them).
    pub tenants: BTreeMap<String, Counts>,
    /// Rejected lines no tenant could be established for.
    pub unattributed: u64,
    /// Tenants whose dedupe index and projection were rebuilt from the ledger.
    pub rebuilt: Vec<String>,
}

struct Run<'a> {
    ring: Keyring,
    book: Book<'a>,
    lines: u64,
    clock: &'a dyn Fn() -> Timestamp,
    progress: &'a dyn crate::progress::Progress,
}

/// What a run has decided and written so far: the tenants' states and
/// counts (apart from the keyring, so a batch can be decided and written
/// while the next one is verified).
struct Book<'a> {
    root: &'a Path,
    states: HashMap<String, TenantState>,
    tenants: BTreeMap<String, Counts>,
    lags: BTreeMap<String, BTreeMap<String, u64>>,
    unattributed: u64,
    rebuilt: Vec<String>,
}

/// A batch verified, waiting to be decided and written.
struct Verified {
    lines: Vec<Line>,
    verdicts: Vec<check::Verdict>,
    received_at: Timestamp,
}

/// One line read: its bytes and how it ended.
struct Line {
    bytes: Vec<u8>,
    /// sha256 of an oversize line, whose bytes are not kept (of any other,
    /// taken from its bytes when it is quarantined).
    sha256: Option<String>,
    complete: bool,
    oversize: bool,
    number: u64,
    /// The input's name (shared by its lines).
    input: std::sync::Arc<str>,
}

/// Runs an ingestion.
pub fn ingest(root: &Path, opts: &IngestOptions<'_>) -> Result<IngestOutcome, AispmError> {
    let tenants = super::load_tenants(root)?;
    let started = (opts.clock)();
    let mut nonce = [0u8; 6];
    getrandom::fill(&mut nonce).map_err(|e| AispmError::Random(e.to_string()))?;
    let run_id = format!(
        "run-{}",
        &crate::store::sha256_hex(format!("{started}{nonce:?}").as_bytes())[..16]
    );
    let mut run = Run {
        ring: Keyring::new(&tenants),
        book: Book {
            root,
            states: HashMap::new(),
            tenants: BTreeMap::new(),
            lags: BTreeMap::new(),
            unattributed: 0,
            rebuilt: Vec::new(),
        },
        lines: 0,
        clock: opts.clock,
        progress: opts.progress,
    };
    let result = opts.sources.iter().try_for_each(|source| run.source(source));
    let lines = run.lines;
    let finished = (opts.clock)();
    let mut book = run.book;
    if let Err(e) = result {
        // Record what failed where it can be recorded; the error is what the caller sees.
        for counts in book.tenants.values_mut() {
            counts.storage_failures += 1;
        }
        let _ = book.record_runs(&run_id, &started, &finished);
        return Err(e);
    }
    book.record_runs(&run_id, &started, &finished)?;
    let mut total = Counts::default();
    for c in book.tenants.values() {
        total.accepted += c.accepted;
        total.duplicates += c.duplicates;
        total.rejected += c.rejected;
        total.redactions += c.redactions;
        for (k, v) in &c.rejected_by_reason {
            *total.rejected_by_reason.entry(k.clone()).or_default() += v;
        }
    }
    Ok(IngestOutcome {
        schema: "cavra.aispm.ingest.v1",
        run_id,
        lines,
        accepted: total.accepted,
        duplicates: total.duplicates,
        rejected: total.rejected,
        rejected_by_reason: total.rejected_by_reason,
        redactions: total.redactions,
        tenants: book.tenants.into_iter().filter(|(k, _)| !k.is_empty()).collect(),
        unattributed: book.unattributed,
        rebuilt: book.rebuilt,
    })
}

impl Run<'_> {
    fn source(&mut self, source: &Source) -> Result<(), AispmError> {
        match source {
            Source::Stdin => {
                // At most CAVRA_MAX_INPUT_BYTES (and one more to tell): what
                // came before the limit is ingested, then the run fails.
                let limit = crate::env::max_input_bytes();
                let stdin = std::io::stdin().lock();
                let mut reader = BufReader::with_capacity(1 << 20, std::io::Read::take(stdin, limit + 1));
                self.read_stream("-", &mut reader)?;
                if reader.get_ref().limit() == 0 {
                    return Err(AispmError::Read {
                        path: "-".into(),
                        source: crate::store::fsio::input_too_large(),
                    });
                }
                Ok(())
            }
            Source::File(path) => {
                // A regular file within the input limit: a FIFO or a device
                // (`/dev/zero`) would be read forever.
                let file = crate::store::fsio::open_input(path).map_err(|e| AispmError::Read {
                    path: path.display().to_string(),
                    source: e,
                })?;
                self.progress.start(file.metadata().map_or(0, |m| m.len()));
                let read = self.read_file(&path.display().to_string(), BufReader::with_capacity(1 << 20, file));
                self.progress.finish();
                read
            }
        }
    }

    /// Reads and ingests a stream: each batch (cut whenever the input has
    /// nothing more buffered, so a slow collector's events are not held
    /// back) is decided and written at once, before anything more is read.
    fn read_stream<R: std::io::Read>(&mut self, name: &str, reader: &mut BufReader<R>) -> Result<(), AispmError> {
        let mut number = 0u64;
        while let Some(lines) = next_batch(name, reader, &mut number, true)? {
            self.step(lines, &mut None, true)?;
        }
        Ok(())
    }

    /// Reads and ingests a file: read ahead on a thread of its own, each
    /// batch decided and written while the next one is verified.
    fn read_file<R: std::io::Read + Send>(&mut self, name: &str, mut reader: BufReader<R>) -> Result<(), AispmError> {
        let mut number = 0u64;
        let mut pending = None;
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            scope.spawn(move || {
                loop {
                    let batch = next_batch(name, &mut reader, &mut number, false);
                    let last = !matches!(batch, Ok(Some(_)));
                    // A closed channel: the run failed and stopped listening.
                    if tx.send(batch).is_err() || last {
                        break;
                    }
                }
            });
            while let Some(lines) = rx.recv().expect("the reader sends its end")? {
                let bytes: usize = lines.iter().map(|l| l.bytes.len() + 1).sum();
                self.step(lines, &mut pending, false)?;
                self.progress.advance(bytes as u64);
            }
            match pending {
                Some(verified) => self.book.settle(verified),
                None => Ok(()),
            }
        })
    }

    /// Verifies `lines` while the previous batch is decided and written,
    /// then leaves this one pending (or decides and writes it now when
    /// `immediate`).
    fn step(&mut self, lines: Vec<Line>, pending: &mut Option<Verified>, immediate: bool) -> Result<(), AispmError> {
        self.lines += lines.len() as u64;
        // `received_at` of the batch: when it was read.
        let received_at = (self.clock)();
        let received = received_at.rfc3339();
        let previous = pending.take();
        let (ring, book) = (&self.ring, &mut self.book);
        let (settled, verdicts) = rayon::join(
            move || previous.map_or(Ok(()), |p| book.settle(p)),
            || verify(ring, &lines, &received),
        );
        settled?;
        let verified = Verified {
            lines,
            verdicts,
            received_at,
        };
        if immediate {
            self.book.settle(verified)
        } else {
            *pending = Some(verified);
            Ok(())
        }
    }
}

/// The next batch of non-blank lines of an input (`None` at its end): up
/// to [`BATCH`], or, from a stream, what it has buffered.
fn next_batch<R: std::io::Read>(
    name: &str,
    reader: &mut BufReader<R>,
    number: &mut u64,
    stream: bool,
) -> Result<Option<Vec<Line>>, AispmError> {
    let mut batch = Vec::new();
    let input: std::sync::Arc<str> = name.into();
    let mut scratch = Vec::new();
    while let Some(mut line) = read_line(reader, check::MAX_LINE, &mut scratch).map_err(|e| AispmError::Read {
        path: name.to_string(),
        source: e,
    })? {
        *number += 1;
        if !line.oversize && line.bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        line.number = *number;
        line.input = input.clone();
        batch.push(line);
        if batch.len() >= BATCH || (stream && reader.buffer().is_empty()) {
            break;
        }
    }
    Ok((!batch.is_empty()).then_some(batch))
}

impl Book<'_> {
    /// Decides a verified batch in input order, writes it, and counts what
    /// became durable.
    fn settle(&mut self, v: Verified) -> Result<(), AispmError> {
        let write = self.decide(&v.lines, v.verdicts, &v.received_at)?;
        let done = write.run()?;
        self.finish(done);
        Ok(())
    }

    /// Counts what a write made durable.
    fn finish(&mut self, written: Written) {
        for (tenant, accepted, redactions) in written.done {
            let counts = self.tenants.entry(tenant).or_default();
            counts.accepted += accepted;
            counts.redactions += redactions;
        }
        for (tenant, lost) in written.failed {
            self.tenants.entry(tenant).or_default().storage_failures += lost;
        }
    }

    /// Deduplicates a verified batch in input order, folds its events into
    /// the tenants' projections and returns what to write.
    fn decide(
        &mut self,
        lines: &[Line],
        verdicts: Vec<check::Verdict>,
        received_at: &Timestamp,
    ) -> Result<Write, AispmError> {
        let received = received_at.rfc3339();
        // tenant -> the batch's events; quarantine by tenant ("" = unattributed).
        let mut appends: BTreeMap<String, TenantBatch> = BTreeMap::new();
        let mut quarantine: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (line, verdict) in lines.iter().zip(verdicts) {
            match verdict {
                Ok(c) => {
                    let state = self.state(&c.tenant)?;
                    let fresh = state.keys.insert(c.dedupe);
                    let counts = self.tenants.entry(c.tenant.clone()).or_default();
                    if !fresh {
                        counts.duplicates += 1;
                        continue;
                    }
                    let lag = lag_bucket(c.occurred.as_ref(), received_at);
                    *self.lags.entry(c.tenant.clone()).or_default().entry(lag).or_default() += 1;
                    let state = self.states.get_mut(&c.tenant).expect("opened above");
                    state.posture.apply_event(&c.event);
                    let files = &state.files;
                    let slot = appends.entry(c.tenant).or_default();
                    slot.keys.push(c.dedupe);
                    slot.redactions += c.redactions;
                    slot.records.push(match c.record {
                        Ok(checked) => checked,
                        // What the fast check left to the full one: refused
                        // here, before anything of the batch is written.
                        Err(value) => ledger::Checked::new(
                            &files.events,
                            &value,
                            Some(&format!("new #{}", slot.records.len() + 1)),
                        )
                        .map_err(|problems| AispmError::Store(StoreError::Invalid { problems }))?,
                    });
                }
                Err(r) => {
                    let tenant = r.tenant.clone().unwrap_or_default();
                    if tenant.is_empty() {
                        self.unattributed += 1;
                    } else {
                        self.state(&tenant)?;
                    }
                    self.tenants.entry(tenant.clone()).or_default().reject(r.reason);
                    quarantine
                        .entry(tenant)
                        .or_default()
                        .push(quarantine_record(line, r, &received));
                }
            }
        }
        let mut write = Write::default();
        for (tenant, batch) in appends {
            let state = self.states.get_mut(&tenant).expect("opened above");
            write.tenants.push(TenantWrite {
                files: state.files.clone(),
                posture: state.posture.clone(),
                batch,
            });
        }
        for (tenant, records) in quarantine {
            let loc = if tenant.is_empty() {
                StoreLocation::resolve(&AISPM_UNATTRIBUTED, self.root)
            } else {
                self.states[&tenant].files.quarantine.clone()
            };
            write.quarantine.push((tenant, loc, records));
        }
        Ok(write)
    }

    fn state(&mut self, tenant: &str) -> Result<&mut TenantState, AispmError> {
        if !self.states.contains_key(tenant) {
            let state = open_state(self.root, tenant)?;
            if state.rebuilt {
                self.rebuilt.push(tenant.to_string());
            }
            self.states.insert(tenant.to_string(), state);
        }
        Ok(self.states.get_mut(tenant).expect("inserted"))
    }

    /// Appends one run record to each touched tenant's run ledger.
    fn record_runs(&self, run_id: &str, started: &Timestamp, finished: &Timestamp) -> Result<(), AispmError> {
        let finished = finished.rfc3339();
        for (tenant, c) in &self.tenants {
            let Some(state) = self.states.get(tenant) else { continue };
            let record = json!({
                "accepted": c.accepted,
                "duplicates": c.duplicates,
                "finished_at": finished,
                "lag_histogram": self.lags.get(tenant).cloned().unwrap_or_default(),
                "rejected": c.rejected,
                "rejected_by_reason": c.rejected_by_reason,
                "run_id": run_id,
                "started_at": started.rfc3339(),
                "storage_failures": c.storage_failures,
            });
            ledger::append(&state.files.runs, &[record])?;
        }
        Ok(())
    }
}

/// The verdicts of `lines`, in order, checked in chunks on every core.
fn verify(ring: &Keyring, lines: &[Line], received_at: &str) -> Vec<check::Verdict> {
    lines
        .par_chunks(CHUNK)
        .map(|chunk| {
            let inputs: Vec<Input<'_>> = chunk
                .iter()
                .map(|l| Input {
                    bytes: &l.bytes,
                    complete: l.complete,
                    oversize: l.oversize,
                })
                .collect();
            check::check_chunk(ring, &inputs, received_at)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// One batch's writes, owned, so they can run while the next batch is verified.
#[derive(Default)]
struct Write {
    tenants: Vec<TenantWrite>,
    /// Per tenant (`""`: unattributed), where and what.
    quarantine: Vec<(String, StoreLocation, Vec<Value>)>,
}

struct TenantWrite {
    files: crate::store::aispm::TenantFiles,
    /// The projection with this batch folded in.
    posture: super::posture::Posture,
    batch: TenantBatch,
}

/// One tenant's new events of a batch, in input order.
#[derive(Default)]
struct TenantBatch {
    records: Vec<ledger::Checked>,
    keys: Vec<[u8; 16]>,
    redactions: u64,
}

impl Write {
    /// Index, ledger, projection per tenant (see `store::aispm` for why
    /// this order), then the quarantines; what became durable, per tenant:
    /// `(tenant, accepted, redactions)`, and the quarantine records that
    /// could not be stored, per tenant. A quarantine record that cannot be
    /// stored never stops the run: its line stays rejected (and counted),
    /// the failure is counted as a storage failure.
    fn run(self) -> Result<Written, AispmError> {
        let mut done = Vec::new();
        for t in self.tenants {
            files::append_index(&t.files.index, &t.batch.keys)?;
            ledger::append_checked(&t.files.events, &t.batch.records)?;
            super::record_index_head(&t.files)?;
            let mut posture = t.posture;
            posture.ledger_head = super::ledger_head(&t.files)?;
            files::write_projection(&t.files.posture, &posture)?;
            done.push((t.files.tenant, t.batch.records.len() as u64, t.batch.redactions));
        }
        let mut failed = Vec::new();
        for (tenant, loc, records) in self.quarantine {
            if ledger::append(&loc, &records).is_ok() {
                continue;
            }
            // One at a time: only the records that cannot be stored are lost.
            let lost = records
                .iter()
                .filter(|r| ledger::append(&loc, std::slice::from_ref(*r)).is_err())
                .count();
            failed.push((tenant, lost as u64));
        }
        Ok(Written { done, failed })
    }
}

/// What a batch's write made durable, and the quarantine records it could not store.
struct Written {
    done: Vec<(String, u64, u64)>,
    failed: Vec<(String, u64)>,
}

/// The lag bucket (upper bound in seconds, or `inf`) of an event.
fn lag_bucket(occurred: Option<&Timestamp>, received: &Timestamp) -> String {
    let lag = occurred.map_or(0, |o| received.unix() - o.unix());
    LAG_BUCKETS
        .iter()
        .find(|b| lag <= **b)
        .map_or_else(|| "inf".to_string(), |b| b.to_string())
}

fn quarantine_record(line: &Line, r: Reject, received: &str) -> Value {
    let mut record = json!({
        "collector_id": r.collector,
        "detail": r.detail.chars().take(300).collect::<String>(),
        "input": &*line.input,
        "line": line.number,
        "line_sha256": line.sha256.clone().unwrap_or_else(|| crate::store::sha256_tagged(&line.bytes)),
        "reason": r.reason.as_str(),
        "received_at": received,
    });
    if let Some(envelope) = r.envelope {
        record["envelope"] = envelope;
    }
    record
}

impl Line {
    fn read(bytes: Vec<u8>, sha256: Option<String>, complete: bool, oversize: bool) -> Line {
        Line {
            bytes,
            sha256,
            complete,
            oversize,
            number: 0,
            input: "".into(),
        }
    }
}

/// Reads one line into a new buffer (number and input left for the
/// caller), `None` at the end; its `\n` (and a `\r` before it) is not part
/// of it. A line past `max` bytes is consumed to its end (and hashed)
/// without being kept.
fn read_line<R: BufRead>(reader: &mut R, max: usize, scratch: &mut Vec<u8>) -> std::io::Result<Option<Line>> {
    use sha2::Digest;
    // Read into a buffer that serves every line (it grows once), then
    // copied out at its exact length.
    let out = scratch;
    out.clear();
    // At most `max` bytes and `\r\n`, found with std's fast newline search.
    let n = std::io::Read::take(&mut *reader, max as u64 + 2).read_until(b'\n', out)?;
    if n == 0 {
        return Ok(None);
    }
    let complete = out.last() == Some(&b'\n');
    if complete {
        out.pop();
        if out.last() == Some(&b'\r') {
            out.pop();
        }
    }
    if out.len() <= max {
        // Complete, or the input ended (fewer bytes than the limit came).
        return Ok(Some(Line::read(out.as_slice().to_vec(), None, complete, false)));
    }
    let oversize = |h: sha2::Sha256, complete| {
        Ok(Some(Line::read(
            Vec::new(),
            Some(crate::store::tagged(&h)),
            complete,
            true,
        )))
    };
    let mut h = sha2::Sha256::new();
    if complete {
        h.update(&*out);
        return oversize(h, true);
    }
    // The rest, to the newline: a `\r` is held back until the next byte
    // says whether it ends the line.
    let mut cr = out.last() == Some(&b'\r');
    h.update(if cr { &out[..out.len() - 1] } else { &out[..] });
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            if cr {
                h.update(b"\r");
            }
            return oversize(h, false);
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if cr && !(chunk.is_empty() && done.is_some()) {
            h.update(b"\r");
        }
        let body = chunk.strip_suffix(b"\r");
        h.update(body.unwrap_or(chunk));
        cr = body.is_some() && done.is_none();
        let used = done.unwrap_or(buf.len());
        reader.consume(used);
        if done.is_some() {
            return oversize(h, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `read_line` must give for `input`: split at `\n`, a `\r` before
    /// it dropped, a line past `max` hashed instead of kept.
    fn expected(input: &[u8], max: usize) -> Vec<(Vec<u8>, Option<String>, bool, bool)> {
        let mut pieces: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
        let last = pieces.pop().unwrap_or_default();
        let mut out: Vec<_> = pieces
            .into_iter()
            .map(|p| (p.strip_suffix(b"\r").unwrap_or(p), true))
            .collect();
        if !last.is_empty() {
            out.push((last, false));
        }
        out.into_iter()
            .map(|(content, complete)| match content.len() > max {
                true => (Vec::new(), Some(crate::store::sha256_tagged(content)), complete, true),
                false => (content.to_vec(), None, complete, false),
            })
            .collect()
    }

    #[test]
    fn lines_are_split_limited_and_hashed_whatever_the_buffer() {
        let inputs: &[&[u8]] = &[
            b"abc\nabc\r\nabc",
            b"abc\r",
            b"12345678\n123456789\n12345678\r\n1234567\r\r\n",
            b"123456789\r",
            b"1234567890123\r\r\nx\n",
            b"12345678901234567890\r\n\r\n\n",
            b"1234567890123456\r\r\r",
            b"",
            b"\n\n",
        ];
        for input in inputs {
            for capacity in [1, 2, 3, 5, 8, 64] {
                let mut reader = BufReader::with_capacity(capacity, *input);
                let mut got = Vec::new();
                while let Some(l) = read_line(&mut reader, 8, &mut Vec::new()).unwrap() {
                    got.push((l.bytes, l.sha256, l.complete, l.oversize));
                }
                assert_eq!(
                    got,
                    expected(input, 8),
                    "{:?} capacity {capacity}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }
}
