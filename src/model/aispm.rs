//! Record types of the AISPM tenant registry (`cavra.aispm.tenant.v1`).
//!
//! A tenant holds its retention, its legal hold and its collectors. A
//! collector is a public Ed25519 key (committed: anyone can verify in CI) or
//! the name of the environment variable holding an HMAC secret (the secret
//! itself never enters the store), and the lists of what it may send.

use serde::{Deserialize, Serialize};

pub use crate::store::aispm::is_tenant_id;

/// `^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$` (collector, connector, event ids).
pub fn is_ref_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && b[0].is_ascii_alphanumeric()
        && b[1..].iter().all(|c| c.is_ascii_alphanumeric() || b"._:-".contains(c))
}

/// One tenant. Fields in alphabetical order (canonical serialization).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    pub collectors: Vec<Collector>,
    pub created_at: String,
    pub legal_hold: bool,
    pub retention_days: u32,
    pub tenant_id: String,
    pub updated_at: String,
}

/// How a collector signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyType {
    #[serde(rename = "ed25519")]
    Ed25519,
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
}

/// One collector of a tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collector {
    pub added_at: String,
    pub allow: Allow,
    pub collector_id: String,
    pub key_id: String,
    pub key_type: KeyType,
    /// Base64 of the 32-byte Ed25519 public key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    pub revoked_at: Option<String>,
    /// The environment variable holding the HMAC secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    pub status: CollectorStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectorStatus {
    Active,
    Revoked,
}

/// What a collector may send; an empty list allows any value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    pub connector_ids: Vec<String>,
    pub connector_types: Vec<String>,
    pub environments: Vec<String>,
    pub event_types: Vec<String>,
    pub repositories: Vec<String>,
}

impl Allow {
    /// Whether `value` is allowed by `list`.
    pub fn permits(list: &[String], value: &str) -> bool {
        list.is_empty() || list.iter().any(|v| v == value)
    }
}

impl crate::store::table::Record for Tenant {
    fn key(&self) -> &str {
        &self.tenant_id
    }
    fn conforms(&self) -> bool {
        let value = serde_json::to_value(self).expect("records serialize");
        crate::store::schema::validator("cavra.aispm.tenant.v1").is_valid(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids_are_strict() {
        for ok in ["acme", "a", "acme-2", "0x"] {
            assert!(is_tenant_id(ok), "{ok}");
        }
        for bad in ["", "Acme", "../acme", "acme/x", "-acme", "a_b", &"a".repeat(64)] {
            assert!(!is_tenant_id(bad), "{bad}");
        }
    }
}
