//! Endpoint-management exports: the manifest, its `checksums.txt`
//! (`<sha256>  <name>`, as `sha256sum` writes it) and the artifacts beside
//! it, all checked before the publication event is built.
//!
//! Policy: every artifact a selected provider publishes must be listed in
//! `checksums.txt`, present, a JSON object, and match its digest; any
//! failure refuses the whole export (nothing is sent). `export_id` and
//! `publication_id` are derived as the first CAVRA did, from the manifest's
//! providers and from the selected ones (sorted).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::{PUBLICATION_EVENT, Prepared, ReleaseError, ReleaseKind, derived_id, release_event};
use crate::clock::Timestamp;
use crate::connector::config::Provider;
use crate::connector::providers::endpoint::artifact_name;
use crate::error::Problem;
use crate::store::sha256_hex;

/// `checksums.txt`: artifact name → sha256 (lower-case hex).
pub fn read_checksums(manifest: &Path) -> Result<BTreeMap<String, String>, ReleaseError> {
    let path = manifest.parent().unwrap_or(Path::new(".")).join("checksums.txt");
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(ReleaseError::ChecksumsMissing {
            manifest: manifest.to_path_buf(),
            checksums: path,
        });
    }
    let text = crate::store::fsio::read_input_text(&path).map_err(|e| ReleaseError::Read {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: &str| ReleaseError::ChecksumsMalformed {
            path: path.clone(),
            line: i + 1,
            reason: reason.to_string(),
        };
        let (digest, name) = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .ok_or_else(|| bad("expected `<sha256>  <name>` (two spaces, as sha256sum writes it)"))?;
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("the digest is not 64 hexadecimal digits"));
        }
        if name.is_empty() || name.contains('/') || name.contains('\\') || name.starts_with('.') {
            return Err(bad("the name must be a file beside checksums.txt"));
        }
        if out.insert(name.to_string(), digest.to_ascii_lowercase()).is_some() {
            return Err(bad("the name is listed twice"));
        }
    }
    Ok(out)
}

/// A checked artifact: its name, digest, size and JSON content.
struct Artifact {
    name: String,
    sha256: String,
    bytes: usize,
    value: Value,
}

fn check_artifact(
    manifest: &Path,
    checksums: &BTreeMap<String, String>,
    provider: &str,
    name: &str,
) -> Result<Artifact, ReleaseError> {
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let Some(expected) = checksums.get(name) else {
        return Err(ReleaseError::NotListed {
            manifest: manifest.to_path_buf(),
            checksums: dir.join("checksums.txt"),
            artifact: name.to_string(),
            provider: provider.to_string(),
        });
    };
    let path: PathBuf = dir.join(name);
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(ReleaseError::ArtifactMissing {
            manifest: manifest.to_path_buf(),
            path,
            artifact: name.to_string(),
            provider: provider.to_string(),
        });
    }
    let bytes = crate::store::fsio::read_input(&path).map_err(|e| ReleaseError::Read {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let computed = sha256_hex(&bytes);
    if &computed != expected {
        return Err(ReleaseError::ChecksumMismatch {
            path,
            expected: expected.clone(),
            computed,
        });
    }
    let value: Value = match crate::store::json::parse(&bytes) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            return Err(ReleaseError::ArtifactNotJson {
                path,
                reason: "it is JSON but not an object".into(),
            });
        }
        Err(e) => {
            return Err(ReleaseError::ArtifactNotJson {
                path,
                reason: e.to_string(),
            });
        }
    };
    Ok(Artifact {
        name: name.to_string(),
        sha256: computed,
        bytes: bytes.len(),
        value,
    })
}

/// Checks the export `obj` (schema-valid, from `manifest`) and builds the
/// publication to `providers` (empty or `all`: every provider it contains).
pub(super) fn prepare(
    manifest: &Path,
    obj: Map<String, Value>,
    providers: &[String],
    mut metadata: Map<String, Value>,
    now: &Timestamp,
) -> Result<Prepared, ReleaseError> {
    let s = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let mut contains: Vec<String> = obj
        .get("providers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    contains.sort();
    let (channel, version, approval) = (s("channel"), s("version"), s("approval_id"));
    let export_id = derived_id(
        "eme_",
        &format!("{channel}:{version}:{}:{approval}", contains.join(",")),
    );
    if obj.contains_key("export_id") && s("export_id") != export_id {
        return Err(ReleaseError::IdMismatch {
            path: manifest.to_path_buf(),
            field: "export_id",
            found: s("export_id"),
            expected: export_id,
        });
    }
    let mut selected: Vec<String> = if providers.is_empty() || providers.iter().any(|p| p == "all") {
        contains.clone()
    } else {
        providers.to_vec()
    };
    selected.sort();
    selected.dedup();
    for p in &selected {
        if !contains.contains(p) {
            return Err(ReleaseError::ProviderNotInExport {
                manifest: manifest.to_path_buf(),
                provider: p.clone(),
                contains: contains.clone(),
            });
        }
    }
    let publication_id = derived_id(
        "emp_",
        &format!("{export_id}:{channel}:{version}:{}", selected.join(",")),
    );
    let artifact_of = mapping(manifest, &obj)?;
    let checksums = read_checksums(manifest)?;
    let mut artifacts = Vec::new();
    for p in &contains {
        // Every artifact of the export is checked, not only the selected
        // ones: a broken export is refused whole.
        let name = artifact_of.get(p).ok_or_else(|| ReleaseError::NoArtifact {
            manifest: manifest.to_path_buf(),
            provider: p.clone(),
        })?;
        let a = check_artifact(manifest, &checksums, p, name)?;
        if selected.contains(p) {
            artifacts.push((p.clone(), a));
        }
    }
    metadata.insert("publication_id".into(), json!(publication_id));
    metadata.insert("export_id".into(), json!(export_id));
    metadata.insert("channel".into(), json!(channel));
    metadata.insert("version".into(), json!(version));
    metadata.insert("approval_id".into(), json!(approval));
    metadata.insert("publication_providers".into(), json!(selected));
    metadata.insert(
        "artifacts".into(),
        Value::Array(
            artifacts
                .iter()
                .map(|(_, a)| json!({"artifact": a.name, "sha256": a.sha256, "bytes": a.bytes}))
                .collect(),
        ),
    );
    // The event carries, per provider, the artifact the manifest maps to it
    // and the digest checksums.txt holds: the sender publishes exactly that.
    let provider_artifacts: Map<String, Value> = artifacts
        .iter()
        .map(|(p, a)| (p.clone(), json!({"name": a.name, "sha256": a.sha256})))
        .collect();
    let by_name: Map<String, Value> = artifacts.into_iter().map(|(_, a)| (a.name, a.value)).collect();
    let mut event = Map::new();
    for k in ["channel", "version", "approval_id", "created_at"] {
        if let Some(v) = obj.get(k) {
            event.insert(k.into(), v.clone());
        }
    }
    let mut fields = json!({
        "event_type": PUBLICATION_EVENT,
        "severity": "medium",
        "publication_id": publication_id,
        "export_id": export_id,
        "providers": selected,
        "artifacts": by_name,
        "provider_artifacts": provider_artifacts,
    });
    if let Some(t) = obj.get("created_at") {
        fields["timestamp"] = t.clone();
    }
    Ok(Prepared {
        kind: ReleaseKind::EndpointExport,
        event: release_event(&publication_id, event, fields, now)?,
        select: selected,
        metadata,
    })
}

/// The manifest's provider → artifact mapping. Each provider is mapped
/// once, and to its own artifact (`jamf-policy.json` for jamf, …): a
/// mapping that hands a provider another's artifact is refused, since the
/// receiver would install what was approved for a different platform.
fn mapping(manifest: &Path, obj: &Map<String, Value>) -> Result<BTreeMap<String, String>, ReleaseError> {
    let invalid = |i: usize, field: &str, message: String| ReleaseError::Invalid {
        path: manifest.to_path_buf(),
        schema: ReleaseKind::EndpointExport.schema(),
        problems: vec![Problem::new(manifest, message).field(format!("artifacts/{i}/{field}"))],
    };
    let mut out = BTreeMap::new();
    let entries = obj.get("artifacts").and_then(Value::as_array).into_iter().flatten();
    for (i, a) in entries.enumerate() {
        let (Some(provider), Some(name)) = (
            a.get("provider").and_then(Value::as_str),
            a.get("artifact").and_then(Value::as_str),
        ) else {
            continue; // the schema refused it already
        };
        let own = Provider::parse(provider).map(artifact_name);
        if own != Some(name) {
            let owner = Provider::ALL.iter().find(|q| artifact_name(**q) == name);
            return Err(invalid(
                i,
                "artifact",
                format!(
                    "{provider} is given {name}{}; {provider} publishes only its own artifact{}",
                    owner
                        .map(|q| format!(", the {} artifact", q.as_str()))
                        .unwrap_or_default(),
                    own.map(|n| format!(" ({n})")).unwrap_or_default()
                ),
            ));
        }
        if out.insert(provider.to_string(), name.to_string()).is_some() {
            return Err(invalid(
                i,
                "provider",
                format!("{provider} is mapped to an artifact twice"),
            ));
        }
    }
    Ok(out)
}
