//! The one clock. `CAVRA_NOW` pins it so plans, records and tests are
//! reproducible; everything that stamps a time asks this module.

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::error::{Diagnostic, ExitCode};

/// A point in time, always UTC, formatted as RFC 3339 with seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Parses RFC 3339 (any offset) and normalises it to UTC.
    pub fn parse(text: &str) -> Option<Timestamp> {
        OffsetDateTime::parse(text.trim(), &Rfc3339).ok().map(Timestamp::from)
    }

    /// Unix seconds.
    pub fn unix(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// This time moved by `seconds` (negative: earlier); saturates at the
    /// representable range.
    pub fn plus_seconds(&self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(time::Duration::seconds(seconds)))
    }

    /// RFC 3339 UTC, `Z` suffix; sub-second digits only when present.
    pub fn rfc3339(&self) -> String {
        self.0.format(&Rfc3339).expect("a UTC time always formats")
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(t: OffsetDateTime) -> Timestamp {
        Timestamp(t.to_offset(UtcOffset::UTC))
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// A date a flag names: `YYYY-MM-DD` (midnight UTC) or an RFC 3339 time
/// (a clap value parser; the message quotes the text as an excerpt).
pub fn parse_date(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text)
        .or_else(|| Timestamp::parse(&format!("{text}T00:00:00Z")))
        .ok_or_else(|| {
            format!(
                "{} is not a date (YYYY-MM-DD) or an RFC 3339 time",
                crate::secrets::excerpt(text)
            )
        })
}

/// `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z$`:
/// the schemas' UTC time pattern, checked without compiling a regex (the
/// fast checks of integration records and evidence metadata share it).
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() < 20 || !b.ends_with(b"Z") {
        return false;
    }
    let fraction = match b.len() {
        20 => true,
        n => (22..=30).contains(&n) && b[19] == b'.' && digits(20..n - 1),
    };
    starts_with_datetime(b) && fraction
}

/// Whether `b` starts with `[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}`
/// (the part every time pattern of the schemas shares).
pub fn starts_with_datetime(b: &[u8]) -> bool {
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
}

/// `CAVRA_NOW` holds something that is not an RFC 3339 time.
#[derive(Debug, thiserror::Error)]
#[error("{} is not an RFC 3339 time: {excerpt}", crate::env::CAVRA_NOW)]
pub struct ClockError {
    /// An excerpt of the value (see [`crate::secrets::excerpt`]).
    excerpt: String,
}

impl Diagnostic for ClockError {
    fn exit_code(&self) -> ExitCode {
        ExitCode::Usage
    }
    fn hints(&self) -> Vec<String> {
        vec!["use a value such as 2026-01-01T00:00:00Z".to_string()]
    }
}

/// Now: `CAVRA_NOW` when set, else the system clock truncated to seconds.
pub fn now() -> Result<Timestamp, ClockError> {
    match crate::env::var(crate::env::CAVRA_NOW) {
        Some(text) => Timestamp::parse(&text).ok_or_else(|| ClockError {
            excerpt: crate::secrets::excerpt(&text),
        }),
        None => {
            let t = OffsetDateTime::now_utc();
            Ok(Timestamp(t.replace_nanosecond(0).unwrap_or(t)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets_into_utc() {
        let t = Timestamp::parse("2026-01-01T02:00:00+02:00").unwrap();
        assert_eq!(t.rfc3339(), "2026-01-01T00:00:00Z");
        assert!(Timestamp::parse("yesterday").is_none());
    }
}
