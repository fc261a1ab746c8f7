//! The only code that touches `.cavra/`.
//!
//! Two kinds of store, both plain JSON text that diffs well in a pull request:
//! tables ([`table`]: a sorted, checksummed set of records keyed by id) and
//! ledgers ([`ledger`]: append-only, hash-chained JSON Lines). One registry
//! ([`registry`]) lists every store; `validate`, `ops`, `diff` and backups all
//! iterate it, so adding a store is one row there.
//!
//! Canonical JSON: objects with sorted keys (serde_json's default map is a
//! `BTreeMap`; a test guards that no dependency switches on `preserve_order`),
//! two-space indentation, a trailing newline. The same data always gives the
//! same bytes.

pub mod aispm;
pub mod canonical;
pub mod fsio;
pub mod json;
pub mod ledger;
pub mod registry;
pub mod reservation;
pub mod schema;
pub mod sqlite;
pub mod table;

use sha2::{Digest, Sha256};

/// What a look at one store found: whether it exists, its size, how many
/// records it holds, and every problem with it.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Inspection {
    pub exists: bool,
    pub bytes: u64,
    pub records: usize,
    pub problems: Vec<crate::error::Problem>,
}

/// `sha256:` and the lowercase hex digest of `bytes`.
pub fn sha256_tagged(bytes: &[u8]) -> String {
    tagged(&Sha256::new_with_prefix(bytes))
}

/// `sha256:` and the lowercase hex of what `hasher` has consumed: the one
/// spelling of a digest in every store, manifest and evidence record.
pub fn tagged(hasher: &Sha256) -> String {
    format!("sha256:{}", hex(&hasher.clone().finalize()))
}

/// The lowercase hex sha256 digest of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0xf) as usize] as char);
    }
    out
}

/// Canonical pretty JSON with a trailing newline: what every table file is.
pub fn to_canonical_pretty<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("store values serialize");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_keys_serialize_sorted() {
        // Guards canonical JSON: if a dependency ever enables serde_json's
        // `preserve_order`, maps keep insertion order and this fails.
        let v: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":{"d":2,"c":3}}"#).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":{"c":3,"d":2},"b":1}"#);
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
