//! When to try a delivery again, and how long to wait: a pure function of the
//! attempt number, what went wrong, the `Retry-After` header, the time and a
//! jitter source, so the whole schedule is unit-tested without a network.
//!
//! Policy (README.md, "Connector delivery"): retry transport errors and 408, 425, 429, 500, 502,
//! 503, 504; never another 4xx (bad data or bad auth: retrying only adds
//! load), nor 501. The wait is exponential backoff with full jitter
//! (`random(0, min(cap, base·2^(n-1)))`), unless the destination said how long
//! with `Retry-After` (delta-seconds or HTTP-date), which is honoured up to
//! `retry_after_cap`: a client that ignores it causes retry storms.

use std::time::{Duration, SystemTime};

/// What one attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No HTTP answer: connection refused, reset, DNS, timeout.
    Transport,
    /// An HTTP answer that the provider's success rule did not accept.
    Status(u16),
    /// An answer the provider says must not be retried whatever its status
    /// (e.g. Splunk HEC 200 with a non-zero `code`).
    Final,
}

/// The knobs of the schedule.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Retries after the first attempt (`--retries`, default 2).
    pub max_retries: u32,
    /// First backoff ceiling.
    pub base: Duration,
    /// Largest backoff ceiling.
    pub cap: Duration,
    /// Largest wait a `Retry-After` header may ask for (default 60 s).
    pub retry_after_cap: Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            max_retries: 2,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
            retry_after_cap: Duration::from_secs(60),
        }
    }
}

/// Retry after `wait`, or stop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    Retry { wait: Duration, from_retry_after: bool },
    Stop,
}

/// Whether an HTTP status is worth another attempt.
pub fn retryable_status(code: u16) -> bool {
    matches!(code, 408 | 425 | 429 | 500 | 502 | 503 | 504)
}

/// Decides after attempt number `attempt` (1 = the first) failed.
///
/// `jitter` returns a value in `[0, 1)`.
pub fn decide(
    policy: &Policy,
    attempt: u32,
    failure: Failure,
    retry_after: Option<&str>,
    now: SystemTime,
    jitter: &mut dyn FnMut() -> f64,
) -> Decision {
    let retryable = match failure {
        Failure::Transport => true,
        Failure::Status(code) => retryable_status(code),
        Failure::Final => false,
    };
    if !retryable || attempt > policy.max_retries {
        return Decision::Stop;
    }
    if let Some(wait) = retry_after.and_then(|v| parse_retry_after(v, now)) {
        return Decision::Retry {
            wait: wait.min(policy.retry_after_cap),
            from_retry_after: true,
        };
    }
    let exp = policy
        .base
        .checked_mul(1u32 << (attempt - 1).min(20))
        .unwrap_or(policy.cap)
        .min(policy.cap);
    let j = jitter().clamp(0.0, 1.0);
    Decision::Retry {
        wait: exp.mul_f64(j),
        from_retry_after: false,
    }
}

/// `Retry-After` as a wait from `now`: delta-seconds, or an HTTP-date
/// (IMF-fixdate); a date in the past means no wait. Garbage is ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(value, &format).ok()?.assume_utc();
    let at = SystemTime::from(at);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A small xorshift jitter source seeded from the clock and process id (no
/// cryptographic strength needed: it only spreads retries apart).
pub struct Jitter(u64);

impl Jitter {
    pub fn seeded() -> Jitter {
        let t = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        Jitter(t ^ (u64::from(std::process::id()) << 32) | 1)
    }
    pub fn sample(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn run(attempt: u32, failure: Failure, retry_after: Option<&str>, j: f64) -> Decision {
        decide(
            &Policy::default(),
            attempt,
            failure,
            retry_after,
            at(1_000_000),
            &mut || j,
        )
    }

    #[test]
    fn retries_exactly_the_listed_statuses() {
        for code in [408, 425, 429, 500, 502, 503, 504] {
            assert!(
                matches!(run(1, Failure::Status(code), None, 0.5), Decision::Retry { .. }),
                "{code}"
            );
        }
        for code in [400, 401, 403, 404, 409, 410, 413, 422, 501, 505, 302] {
            assert_eq!(run(1, Failure::Status(code), None, 0.5), Decision::Stop, "{code}");
        }
        assert!(matches!(run(1, Failure::Transport, None, 0.5), Decision::Retry { .. }));
        assert_eq!(run(1, Failure::Final, None, 0.5), Decision::Stop);
    }

    #[test]
    fn stops_after_max_retries() {
        assert!(matches!(
            run(2, Failure::Status(503), None, 0.0),
            Decision::Retry { .. }
        ));
        assert_eq!(run(3, Failure::Status(503), None, 0.0), Decision::Stop);
    }

    #[test]
    fn backoff_is_exponential_with_full_jitter() {
        let wait = |attempt, j| match run(attempt, Failure::Transport, None, j) {
            Decision::Retry { wait, .. } => wait,
            Decision::Stop => panic!("stopped"),
        };
        assert_eq!(wait(1, 0.0), Duration::ZERO);
        assert_eq!(wait(1, 0.5), Duration::from_millis(250));
        assert_eq!(wait(2, 0.5), Duration::from_millis(500));
        let p = Policy {
            max_retries: 30,
            ..Policy::default()
        };
        let Decision::Retry { wait, .. } = decide(&p, 25, Failure::Transport, None, at(0), &mut || 0.999_999) else {
            panic!()
        };
        assert!(wait <= p.cap && wait > Duration::from_secs(29));
    }

    #[test]
    fn retry_after_seconds_and_date_are_honoured_and_capped() {
        assert_eq!(
            run(1, Failure::Status(429), Some("7"), 0.9),
            Decision::Retry {
                wait: Duration::from_secs(7),
                from_retry_after: true
            }
        );
        assert_eq!(
            run(1, Failure::Status(503), Some("3600"), 0.9),
            Decision::Retry {
                wait: Duration::from_secs(60),
                from_retry_after: true
            }
        );
        // 1_000_000 s after the epoch is Mon, 12 Jan 1970 13:46:40 GMT.
        assert_eq!(
            run(1, Failure::Status(503), Some("Mon, 12 Jan 1970 13:46:50 GMT"), 0.9),
            Decision::Retry {
                wait: Duration::from_secs(10),
                from_retry_after: true
            }
        );
        assert_eq!(
            parse_retry_after("Mon, 12 Jan 1970 13:00:00 GMT", at(1_000_000)),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", at(0)), None);
        // Retry-After never makes a non-retryable answer retryable.
        assert_eq!(run(1, Failure::Status(400), Some("1"), 0.5), Decision::Stop);
    }

    #[test]
    fn jitter_stays_in_range() {
        let mut j = Jitter::seeded();
        for _ in 0..1000 {
            let v = j.sample();
            assert!((0.0..1.0).contains(&v));
        }
    }
}
