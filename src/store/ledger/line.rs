//! One ledger line read on its own: an entry or a seal, its own hash checked
//! (not its place in the chain). A line spelled exactly as cavra writes it is
//! split by position and its record checked in place; any other line goes
//! through the full parse, which words every problem.

use super::*;

pub(super) fn line_problem(
    loc: &StoreLocation,
    line_no: Option<usize>,
    message: String,
    field: Option<&str>,
) -> StoreError {
    let mut p = Problem::new(&loc.display, message).hint(RESTORE_HINT.to_string());
    if let Some(n) = line_no {
        p = p.line(n);
    }
    if let Some(f) = field {
        p = p.field(f);
        if matches!(f, "seq" | "prev_hash" | "hash" | "seal") {
            p = p.integrity(Integrity::ChainBroken);
        }
    }
    StoreError::Ledger { problem: Box::new(p) }
}

pub(super) const RESTORE_HINT: &str =
    "a ledger is append-only: restore it with `git checkout -- <file>` or from a backup";

/// Parses one line (an entry or a seal) and checks its own hash (not its
/// place in the chain).
pub(crate) fn parse_any(loc: &StoreLocation, line: &[u8], line_no: Option<usize>) -> Result<Line, StoreError> {
    parse_line(loc, line, line_no).map(|(line, _)| line)
}

/// [`parse_any`], and whether an entry's record was already found to
/// conform to its schema and hold no secret (else the caller checks it).
pub(super) fn parse_line(loc: &StoreLocation, line: &[u8], line_no: Option<usize>) -> Result<(Line, bool), StoreError> {
    parse_line_in(loc, line, None, line_no)
}

/// [`parse_line`] of a line found at `at` in `source` (when given), so a
/// record's text can stay in it.
pub(super) fn parse_line_in(
    loc: &StoreLocation,
    line: &[u8],
    source: Option<(&Arc<String>, usize)>,
    line_no: Option<usize>,
) -> Result<(Line, bool), StoreError> {
    if let Some((entry, checked)) = parse_entry_fast(loc, line, source) {
        return Ok((Line::Entry(entry), checked));
    }
    parse_slow(loc, line, line_no)
}

/// [`parse_line`] through a `Value` of the whole line: any spelling, and
/// the words for every problem.
pub(super) fn parse_slow(loc: &StoreLocation, line: &[u8], line_no: Option<usize>) -> Result<(Line, bool), StoreError> {
    let fail = |message: String, field: Option<&str>| line_problem(loc, line_no, message, field);
    // Strict: a line repeating a key (whose hash may still verify, over the
    // form the last value gives) is refused, never read as one of them.
    let mut value = crate::store::json::parse(line).map_err(|e| {
        let field = Some(e.pointer.as_str()).filter(|p| !p.is_empty());
        fail(format!("not valid JSON: {}", e.message), field)
    })?;
    if let Some(seal) = value.get("seal") {
        return parse_seal(&value, seal)
            .map(|s| (Line::Seal(s), false))
            .map_err(|m| fail(m, Some("seal")));
    }
    // The entry schema's shape, checked directly (every line of every read);
    // the schema itself words the message when it does not hold.
    if !is_entry_shape(&value)
        && let Some(p) = schema::check(loc.def.file_schema, &value, &loc.display, None)
            .into_iter()
            .next()
    {
        return Err(fail(p.message, p.field.as_deref()));
    }
    let record = value.get_mut("record").map(Value::take).unwrap_or_default();
    let entry = Entry {
        seq: value["seq"].as_u64().unwrap_or_default(),
        prev_hash: value["prev_hash"].as_str().unwrap_or_default().to_string(),
        hash: value["hash"].as_str().unwrap_or_default().to_string(),
        record: Record::from_value(record),
    };
    let computed = entry_hash(entry.seq, &entry.prev_hash, &entry.record);
    if computed != entry.hash {
        return Err(fail(
            format!("does not match the line (computed {computed}): the line was edited"),
            Some("hash"),
        ));
    }
    Ok((Line::Entry(entry), false))
}

/// The common case of [`parse_any`], without building a `Value`: an entry
/// line exactly as cavra writes it whose hash verifies. The envelope is read
/// with borrowed strings and the record on a borrowed parse that must
/// re-serialise to its own text (its canonical form, which the hash then
/// covers as it stands); nothing but the record's text and the two hashes
/// is allocated. The flag says the record also conforms to its schema and
/// holds no secret (when a hand-written check covers its schema). `None`
/// for anything else (a seal, another shape, a record not in canonical
/// form, a hash that does not verify): [`parse_any`] then decides, and words
/// the problem, exactly as before, so this accepts only what it accepts.
pub(super) fn parse_entry_fast(
    loc: &StoreLocation,
    line: &[u8],
    source: Option<(&Arc<String>, usize)>,
) -> Option<(Entry, bool)> {
    let raw = Envelope::split(line)?;
    // Within a text held whole, the record is a slice of it already known
    // to be UTF-8 (cut at ASCII braces, so at character boundaries).
    let record_at = source.map(|(_, at)| at + (raw.record.as_ptr() as usize - line.as_ptr() as usize));
    let text = match (source, record_at) {
        (Some((source, _)), Some(start)) => source.get(start..start + raw.record.len())?,
        _ => std::str::from_utf8(raw.record).ok()?,
    };
    let checked = record::canonical_check(loc.def.record_schema, text)?;
    // `{prev_hash, record, seq}` as `entry_hash` writes it: a digest needs
    // no escaping, and the record's text is its canonical form.
    let mut h = Sha256::new();
    h.update(b"{\"prev_hash\":\"");
    h.update(raw.prev_hash.as_bytes());
    h.update(b"\",\"record\":");
    h.update(text.as_bytes());
    h.update(b",\"seq\":");
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = raw.seq;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    h.update(&digits[at..]);
    h.update(b"}");
    if !digest_is(&h.finalize(), raw.hash) {
        return None;
    }
    let entry = Entry {
        seq: raw.seq,
        prev_hash: raw.prev_hash.to_string(),
        hash: raw.hash.to_string(),
        record: match (source, record_at) {
            // The record's bytes are a slice of `line`, itself at `at` in `source`.
            (Some((source, _)), Some(start)) => Record::shared(source, start..start + raw.record.len()),
            _ => Record::from_canonical(text),
        },
    };
    Some((entry, checked))
}

/// An entry line's parts, found by position: the exact bytes cavra writes,
/// `{"hash":"sha256:…","prev_hash":"sha256:…","record":{…},"seq":N}` (keys
/// in order, no whitespace, `seq` without leading zeros). Any other
/// spelling of an entry is left to the full parse.
pub(super) struct Envelope<'a> {
    hash: &'a str,
    prev_hash: &'a str,
    /// The record's bytes (not yet known to be JSON).
    record: &'a [u8],
    seq: u64,
}

impl<'a> Envelope<'a> {
    fn split(line: &'a [u8]) -> Option<Envelope<'a>> {
        const HASH: &[u8] = b"{\"hash\":\"";
        const PREV: &[u8] = b"\",\"prev_hash\":\"";
        const RECORD: &[u8] = b"\",\"record\":{";
        const SEQ: &[u8] = b",\"seq\":";
        let digest = |at: usize| {
            line.get(at..at + 71)
                .and_then(|b| std::str::from_utf8(b).ok())
                .filter(|s| is_digest(s))
        };
        let hash_at = HASH.len();
        let prev_at = hash_at + 71 + PREV.len();
        let record_at = prev_at + 71 + RECORD.len() - 1;
        if !line.starts_with(HASH)
            || line.get(hash_at + 71..prev_at) != Some(PREV)
            || line.get(prev_at + 71..record_at + 1) != Some(RECORD)
            || line.last() != Some(&b'}')
        {
            return None;
        }
        let seq_at = line.len() - 1 - line[..line.len() - 1].iter().rev().position(|b| !b.is_ascii_digit())?;
        let digits = &line[seq_at..line.len() - 1];
        if seq_at < record_at + SEQ.len() || &line[seq_at - SEQ.len()..seq_at] != SEQ || digits.first() == Some(&b'0') {
            return None;
        }
        let seq = std::str::from_utf8(digits)
            .ok()?
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)?;
        // The hash is compared in full with the one computed (`digest_is`),
        // which also holds it to lowercase hex: only its shape is checked here.
        let hash = line
            .get(hash_at..hash_at + 71)
            .and_then(|b| std::str::from_utf8(b).ok())
            .filter(|s| s.starts_with("sha256:"))?;
        Some(Envelope {
            hash,
            prev_hash: digest(prev_at)?,
            record: &line[record_at..seq_at - SEQ.len()],
            seq,
        })
    }
}

/// `sha256:` and 64 lowercase hex digits.
pub(super) fn is_digest(s: &str) -> bool {
    s.len() == 71
        && s.starts_with("sha256:")
        && s.as_bytes()[7..].iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether `tagged` (`sha256:` and 64 bytes) spells `digest` in lowercase hex.
pub(super) fn digest_is(digest: &[u8], tagged: &str) -> bool {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hex = &tagged.as_bytes()[7..];
    digest.len() * 2 == hex.len()
        && digest
            .iter()
            .zip(hex.chunks_exact(2))
            .all(|(b, pair)| pair[0] == HEX[(b >> 4) as usize] && pair[1] == HEX[(b & 0xf) as usize])
}

/// Whether `value` has exactly the shape `cavra.ledger-entry.v1` requires:
/// `hash` and `prev_hash` `sha256:` + 64 lowercase hex digits, `record` an
/// object, `seq` an integer from 1, nothing else.
pub(super) fn is_entry_shape(value: &Value) -> bool {
    let digest = |v: &Value| v.as_str().is_some_and(is_digest);
    value.as_object().is_some_and(|o| o.len() == 4)
        && digest(&value["hash"])
        && digest(&value["prev_hash"])
        && value["record"].is_object()
        && value["seq"].as_u64().is_some_and(|n| n >= 1)
}

pub(super) fn parse_seal(value: &Value, seal: &Value) -> Result<Seal, String> {
    let text = |v: &Value, what: &str| {
        v.as_str()
            .filter(|s| s.len() == 71 && s.starts_with("sha256:"))
            .map(str::to_string)
            .ok_or_else(|| format!("a seal's {what} is not a sha256 digest"))
    };
    let keys_ok = value.as_object().is_some_and(|o| o.len() == 3) && seal.as_object().is_some_and(|o| o.len() == 3);
    let (Some(count), Some(last_seq)) = (seal["count"].as_u64(), seal["last_seq"].as_u64()) else {
        return Err("a seal needs count and last_seq".into());
    };
    if !keys_ok {
        return Err("a seal line holds exactly hash, prev_hash and seal {count, last_seq, segment_sha256}".into());
    }
    let s = Seal {
        prev_hash: text(&value["prev_hash"], "prev_hash")?,
        hash: text(&value["hash"], "hash")?,
        count,
        last_seq,
        segment_sha256: text(&seal["segment_sha256"], "segment_sha256")?,
    };
    let computed = seal_hash(&s.prev_hash, count, last_seq, &s.segment_sha256);
    if computed != s.hash {
        return Err(format!(
            "hash does not match the seal (computed {computed}): the seal was edited"
        ));
    }
    Ok(s)
}
