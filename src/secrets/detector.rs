//! The scanner that runs [`RULES`]: one pass of an Aho-Corasick automaton
//! over the text finds every rule keyword present; only the rules a
//! keyword names run their pattern (compiled on first use, once per
//! process), then the entropy floor and the rule's check. Text with no
//! keyword, nearly everything cavra stores, costs that one pass.
//!
//! A long text in base64's alphabet (a DSSE payload or signature, which
//! every stored AISPM event holds) can spell only the few keywords made of
//! that alphabet: it is searched for those alone with a SIMD searcher,
//! several times faster than the automaton's byte walk, and names exactly
//! the candidates the walk would ([`base64_finds_what_the_walk_finds`]).

use std::sync::{LazyLock, OnceLock};

use aho_corasick::packed;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::rules::{Check, RULES, Rule};

/// The keyword automaton and, per rule, its pattern once compiled.
struct Scanner {
    /// Every rule's keywords, ASCII case folded: one pass over the text.
    keywords: AhoCorasick,
    /// Per keyword, the rule it belongs to and, for a rule whose case
    /// matters, the keyword itself, which a match must equal as written.
    keyword_rule: Vec<(usize, Option<&'static str>)>,
    base64: Base64Keywords,
    patterns: Vec<OnceLock<Regex>>,
}

/// The keywords base64's alphabet (`A-Z a-z 0-9 + / =`) can spell, for a
/// text made only of it: any other keyword holds a byte such a text
/// lacks.
struct Base64Keywords {
    /// Case-sensitive rules' keywords, as written.
    exact: Spelled,
    /// Case-insensitive rules' keywords, in lower case: searched in a
    /// lower-cased copy of the text.
    folded: Spelled,
}

/// Keywords, a searcher that finds where one may start, and their rules.
struct Spelled {
    searcher: packed::Searcher,
    keywords: Vec<(String, usize)>,
}

impl Spelled {
    fn new(keywords: Vec<(String, usize)>) -> Spelled {
        let searcher = packed::Config::new()
            .builder()
            .extend(keywords.iter().map(|(k, _)| k))
            .build()
            .expect("a few keywords build a packed searcher");
        Spelled { searcher, keywords }
    }

    /// Adds the rule of every keyword `text` holds to `candidates`.
    fn find(&self, text: &[u8], candidates: &mut Candidates) {
        let mut at = 0;
        while let Some(m) = self.searcher.find_in(text, aho_corasick::Span::from(at..text.len())) {
            // The searcher names one keyword per place; every keyword that
            // starts there counts (none is a prefix of another today).
            let rest = &text[m.start()..];
            for (k, rule) in &self.keywords {
                if rest.starts_with(k.as_bytes()) {
                    candidates.add(*rule);
                }
            }
            at = m.start() + 1;
        }
    }
}

/// Whether every byte of `text` is in base64's alphabet (branch-free, so
/// the compiler vectorises it).
fn in_base64_alphabet(text: &[u8]) -> bool {
    text.chunks(64).all(|chunk| {
        chunk.iter().fold(true, |ok, &b| {
            ok & (b.is_ascii_alphanumeric() | (b == b'+') | (b == b'/') | (b == b'='))
        })
    })
}

/// Texts at least this long in base64's alphabet take the SIMD search;
/// shorter ones cost the walk little.
const BASE64_SEARCH_FROM: usize = 256;

static SCANNER: LazyLock<Scanner> = LazyLock::new(|| {
    let mut keywords = Vec::new();
    let mut keyword_rule = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        let fold = rule.folds_case();
        for k in rule.keywords {
            keywords.push(*k);
            keyword_rule.push((i, (!fold).then_some(*k)));
        }
    }
    Scanner {
        keywords: AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&keywords)
            .expect("the rule keywords build an automaton"),
        keyword_rule,
        base64: base64_keywords(),
        patterns: RULES.iter().map(|_| OnceLock::new()).collect(),
    }
});

fn base64_keywords() -> Base64Keywords {
    let (mut exact, mut folded) = (Vec::new(), Vec::new());
    for (i, rule) in RULES.iter().enumerate() {
        for k in rule.keywords {
            if !in_base64_alphabet(k.as_bytes()) {
                continue;
            }
            if rule.folds_case() {
                folded.push((k.to_ascii_lowercase(), i));
            } else {
                exact.push((k.to_string(), i));
            }
        }
    }
    Base64Keywords {
        exact: Spelled::new(exact),
        folded: Spelled::new(folded),
    }
}

/// The rules whose keywords `text` holds.
fn candidates(text: &str) -> Candidates {
    let bytes = text.as_bytes();
    if bytes.len() >= BASE64_SEARCH_FROM && in_base64_alphabet(bytes) {
        candidates_in_base64(bytes)
    } else {
        candidates_walked(text)
    }
}

/// [`candidates`] of a text in base64's alphabet.
fn candidates_in_base64(bytes: &[u8]) -> Candidates {
    let s = &SCANNER.base64;
    let mut candidates = Candidates::default();
    s.exact.find(bytes, &mut candidates);
    // In base64's alphabet, setting bit 5 lower-cases a letter and leaves
    // every other byte as it is.
    let lower: Vec<u8> = bytes.iter().map(|b| b | 0x20).collect();
    s.folded.find(&lower, &mut candidates);
    candidates
}

/// [`candidates`] by the automaton's walk, for any text.
fn candidates_walked(text: &str) -> Candidates {
    let s = &*SCANNER;
    let bytes = text.as_bytes();
    let mut candidates = Candidates::default();
    // Nearly every text holds no keyword: one unanchored search (which
    // skips ahead with the automaton's prefilter) says so before the
    // overlapping walk that collects candidates.
    if !s.keywords.is_match(text) {
        return candidates;
    }
    for m in s.keywords.find_overlapping_iter(text) {
        let (rule, exact) = s.keyword_rule[m.pattern().as_usize()];
        if exact.is_none_or(|k| k.as_bytes() == &bytes[m.range()]) {
            candidates.add(rule);
        }
    }
    candidates
}

/// Candidate rules as bits, by rule index.
#[derive(Default, Debug, PartialEq)]
struct Candidates([u64; 2]);

impl Candidates {
    fn add(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..RULES.len()).filter(|i| self.0[i / 64] & (1 << (i % 64)) != 0)
    }
    fn is_empty(&self) -> bool {
        self.0 == [0, 0]
    }
}

const _: () = assert!(RULES.len() <= 128, "Candidates holds 128 rules");

/// The first rule (in table order) that `text` matches.
pub fn first_match(text: &str) -> Option<&'static Rule> {
    let s = &*SCANNER;
    let candidates = candidates(text);
    if candidates.is_empty() {
        return None;
    }
    candidates.iter().map(|i| (i, &RULES[i])).find_map(|(i, rule)| {
        let re = s.patterns[i].get_or_init(|| Regex::new(rule.pattern).expect("every rule pattern compiles"));
        // A rule with neither an entropy floor nor a check is judged by
        // whether the pattern matches at all: no capture groups to find.
        if rule.entropy.is_none() && rule.check == Check::None {
            return re.is_match(text).then_some(rule);
        }
        re.captures_iter(text)
            .any(|c| {
                let secret = c.get(1).or_else(|| c.get(0)).map_or("", |m| m.as_str());
                rule.entropy.is_none_or(|floor| entropy(secret) >= floor) && passes(rule.check, secret)
            })
            .then_some(rule)
    })
}

fn passes(check: Check, secret: &str) -> bool {
    match check {
        Check::None => true,
        Check::Crc32Base62 => crc32_base62_ok(secret),
        Check::BasicAuth => basic_auth(secret),
        Check::NotProse => !prose(secret),
    }
}

/// Shannon entropy of `text`'s bytes, in bits per byte.
pub fn entropy(text: &str) -> f32 {
    if text.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for b in text.bytes() {
        counts[b as usize] += 1;
    }
    let n = text.len() as f32;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f32 / n;
            -p * p.log2()
        })
        .sum()
}

/// CRC-32 (IEEE, as zlib computes it).
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut t = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            t[n] = c;
            n += 1;
        }
        t
    };
    !bytes
        .iter()
        .fold(!0u32, |c, &b| TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8))
}

/// `n` in base 62 (digits, upper, lower case), left-padded with `0` to six.
pub fn base62_6(mut n: u32) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a `prefix_` token's last six characters are the base62 CRC32
/// of the 30 characters between the prefix and them.
fn crc32_base62_ok(token: &str) -> bool {
    let Some((_, body)) = token.split_once('_') else {
        return false;
    };
    body.len() == 36 && body.is_ascii() && base62_6(crc32(&body.as_bytes()[..30])) == body[30..]
}

/// Whether `b64` decodes to printable `user:password`.
fn basic_auth(b64: &str) -> bool {
    use base64::Engine;
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(b64).is_ok_and(|raw| {
        raw.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
            && raw
                .iter()
                .position(|&b| b == b':')
                .is_some_and(|at| at > 0 && at + 1 < raw.len())
    })
}

/// Words that follow an authentication scheme's name in prose.
const PROSE: &[&str] = &[
    "authentication",
    "authorization",
    "authorisation",
    "credential",
    "credentials",
    "required",
    "optional",
    "followed",
    "prefixed",
    "instead",
    "supported",
    "configured",
];

fn prose(word: &str) -> bool {
    PROSE.iter().any(|p| p.eq_ignore_ascii_case(word))
}

/// Whether `text` reads as a random string rather than a name: at least
/// 20 characters of letters, digits and `_-.+/=`, one run of them between
/// separators (`_-.`) at least 16 long mixing upper case, lower case and
/// digits, and at least 3.5 bits of entropy per character. Names of
/// environment variables (`SPLUNK_HEC_TOKEN`) and identifiers
/// (`token_env`, `Prod2024_Token`) are not.
pub fn looks_random(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 20
        && b.iter().all(|c| c.is_ascii_alphanumeric() || b"_-.+/=".contains(c))
        && text.split(['_', '-', '.']).any(|run| {
            let r = run.as_bytes();
            r.len() >= 16
                && r.iter().any(u8::is_ascii_uppercase)
                && r.iter().any(u8::is_ascii_lowercase)
                && r.iter().any(u8::is_ascii_digit)
        })
        && entropy(text) >= 3.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_base62_matches_known_tokens() {
        // Vectors computed independently with zlib's crc32.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(base62_6(crc32(b"aB7cD8eF9gH0jK1mN2pQ3rS4tU5vW6")), "2M5jQM");
        assert_eq!(base62_6(crc32(b"abcdefgh12345678903ZZZZZZZZZZZ")), "0p5S0Y");
        assert!(crc32_base62_ok(&format!(
            "npm_{}2M5jQM",
            "aB7cD8eF9gH0jK1mN2pQ3rS4tU5vW6"
        )));
        assert!(!crc32_base62_ok(&format!(
            "npm_{}2M5jQN",
            "aB7cD8eF9gH0jK1mN2pQ3rS4tU5vW6"
        )));
    }

    #[test]
    fn every_pattern_compiles_and_every_rule_has_a_keyword() {
        for rule in RULES {
            assert!(Regex::new(rule.pattern).is_ok(), "{}", rule.id);
            assert!(!rule.keywords.is_empty(), "{}", rule.id);
        }
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "rule ids are unique");
    }

    #[test]
    fn keywords_match_in_their_rules_case_only() {
        // One case-folding automaton serves every rule: a case-sensitive
        // rule's keyword in another case names no candidate.
        let hex = "0123456789abcdef".repeat(2);
        assert_eq!(first_match(&format!("SK{hex}")).map(|r| r.id), Some("twilio-api-key"));
        assert!(first_match(&format!("sk{hex}")).is_none());
        assert!(first_match(&format!("Sk{hex}")).is_none());
        // A case-insensitive rule's keyword, in any case.
        let key = "Kq7Rm2Xv9Lp4Tn8Wb3Yc6Hd1Fg5Js0Az7Bx2Cv9N";
        for name in [
            "aws_secret_access_key",
            "AWS_SECRET_ACCESS_KEY",
            "Aws_Secret_Access_Key",
        ] {
            assert_eq!(
                first_match(&format!("{name} = {key}")).map(|r| r.id),
                Some("aws-secret-access-key"),
                "{name}"
            );
        }
    }

    #[test]
    fn base64_finds_what_the_walk_finds() {
        // Every keyword base64's alphabet can spell, planted in random
        // base64 text in its own case, upper case, lower case and with one
        // letter flipped, a few to a text, at the start, the end and
        // overlapping: both searches name the same rules.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        let spellable: Vec<&str> = RULES
            .iter()
            .flat_map(|r| r.keywords.iter().copied())
            .filter(|k| in_base64_alphabet(k.as_bytes()))
            .collect();
        assert!(spellable.len() >= 20, "{spellable:?}");
        let variants = |k: &str, flip: usize| {
            let mut flipped = k.to_string().into_bytes();
            let i = flip % flipped.len();
            flipped[i] = if flipped[i].is_ascii_uppercase() {
                flipped[i].to_ascii_lowercase()
            } else {
                flipped[i].to_ascii_uppercase()
            };
            [
                k.to_string(),
                k.to_ascii_uppercase(),
                k.to_ascii_lowercase(),
                String::from_utf8(flipped).expect("ASCII"),
            ]
        };
        let mut found = 0;
        for round in 0..4000 {
            let len = BASE64_SEARCH_FROM + (next() % 1500) as usize;
            let mut text: Vec<u8> = (0..len).map(|_| alphabet[(next() % 65) as usize]).collect();
            for _ in 0..(round % 4) {
                let k = spellable[(next() as usize) % spellable.len()];
                let v = &variants(k, next() as usize)[(next() % 4) as usize];
                let at = match next() % 4 {
                    0 => 0,
                    1 => len - v.len(),
                    _ => (next() as usize) % (len - v.len()),
                };
                text[at..at + v.len()].copy_from_slice(v.as_bytes());
            }
            let text = String::from_utf8(text).expect("ASCII");
            let walked = candidates_walked(&text);
            assert_eq!(candidates_in_base64(text.as_bytes()), walked, "{text}");
            assert_eq!(candidates(&text), walked);
            found += usize::from(!walked.is_empty());
        }
        assert!(found > 2000, "the planted keywords were found: {found}");
        // Text outside the alphabet (or short) takes the walk.
        assert!(!in_base64_alphabet(b"eyJhIjoi-dGVzdCJ9"));
        assert!(in_base64_alphabet(b"eyJhIjoidGVzdCJ9+/=="));
    }

    #[test]
    fn basic_credentials_need_a_user_and_a_password() {
        use base64::Engine;
        let e = base64::engine::general_purpose::STANDARD;
        assert!(basic_auth(&e.encode("bot:hunter22")));
        assert!(!basic_auth("authentication"));
        assert!(!basic_auth(&e.encode("no-colon-here")));
    }

    #[test]
    fn random_strings_are_not_names() {
        assert!(looks_random("Zx8Qv2Lm9Tc4Wd7Nb1Yp6Hj3Fs0Rk5"));
        for name in [
            "SPLUNK_HEC_TOKEN",
            "token_env",
            "DATADOG_API_KEY_PRODUCTION_2",
            "my_service_token_2024_A",
            "Prod2024_Token",
        ] {
            assert!(!looks_random(name), "{name}");
        }
    }
}
