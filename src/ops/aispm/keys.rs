//! `cavra aispm keygen` and `cavra aispm sign`: what a collector (or a test)
//! needs to produce lines cavra accepts.
//!
//! The private key file holds the 32-byte Ed25519 seed; it is created new
//! (never replacing a file), readable by its owner only, and refused inside
//! `.cavra/`, which is committed. `sign` signs each envelope line's exact
//! bytes (a JSON object, unchanged: `integrity.signature_ref` is the
//! sender's opaque reference, never the signer).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::AispmError;
use super::dsse::{self, SignWith};

/// `cavra.aispm.keygen.v1`.
#[derive(Debug, Serialize)]
pub struct KeygenOutcome {
    pub key_id: String,
    pub private_key_file: String,
    pub public_key_file: String,
    pub public_key: String,
}

/// The private key file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    kind: String,
    key_id: String,
    seed: String,
}

const KIND: &str = "cavra.aispm.ed25519-private-key.v1";

/// Generates a key pair: `out` (0600) and `out.pub`.
pub fn keygen(root: &Path, out: &Path) -> Result<KeygenOutcome, AispmError> {
    let cavra = root.join(".cavra");
    let parent = crate::store::fsio::parent_dir(out);
    let resolved = parent.canonicalize().unwrap_or(parent.clone());
    let cavra_resolved = cavra.canonicalize().unwrap_or(cavra.clone());
    if resolved.starts_with(&cavra_resolved) {
        return Err(AispmError::KeyInsideStore {
            dir: cavra.display().to_string(),
        });
    }
    let key = dsse::generate().map_err(|e| AispmError::Random(e.to_string()))?;
    let public = key.verifying_key();
    let key_id = dsse::ed25519_key_id(&public);
    let file = KeyFile {
        kind: KIND.to_string(),
        key_id: key_id.clone(),
        seed: dsse::b64_encode(key.as_bytes()),
    };
    let mut text = serde_json::to_vec(&file).expect("key files serialize");
    text.push(b'\n');
    let pub_path = PathBuf::from(format!("{}.pub", out.display()));
    let public_b64 = dsse::b64_encode(public.as_bytes());
    for path in [out, pub_path.as_path()] {
        if path.exists() {
            return Err(AispmError::KeyExists {
                path: path.display().to_string(),
            });
        }
    }
    crate::store::aispm::write_private(out, &text)?;
    std::fs::write(&pub_path, format!("{public_b64}\n")).map_err(|e| AispmError::Read {
        path: pub_path.display().to_string(),
        source: e,
    })?;
    Ok(KeygenOutcome {
        key_id,
        private_key_file: out.display().to_string(),
        public_key_file: pub_path.display().to_string(),
        public_key: public_b64,
    })
}

/// How `sign` signs.
pub enum SignKey {
    /// A private key file written by `keygen`.
    File(PathBuf),
    /// HMAC: the key id of the collector and its secret.
    Hmac { key_id: String, secret: Vec<u8> },
}

/// `cavra.aispm.sign.v1`: how many lines were signed.
#[derive(Debug, Serialize)]
pub struct SignOutcome {
    pub key_id: String,
    pub signed: u64,
}

/// Reads a private key file.
pub fn read_key(path: &Path) -> Result<ed25519_dalek::SigningKey, AispmError> {
    let bad = |message: &str| AispmError::BadInput {
        path: path.display().to_string(),
        message: message.to_string(),
    };
    let bytes = std::fs::read(path).map_err(|e| AispmError::Read {
        path: path.display().to_string(),
        source: e,
    })?;
    let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| bad("not a cavra private key file"))?;
    if file.kind != KIND {
        return Err(bad("not a cavra Ed25519 private key file"));
    }
    let seed = dsse::b64_decode(&file.seed).ok_or_else(|| bad("the seed is not base64"))?;
    let seed: [u8; 32] = seed.try_into().map_err(|_| bad("the seed is not 32 bytes"))?;
    Ok(ed25519_dalek::SigningKey::from_bytes(&seed))
}

/// Signs each NDJSON envelope of `input` onto `output`, telling `progress`
/// the bytes of each line read.
pub fn sign(
    key: &SignKey,
    input: impl BufRead,
    mut output: impl Write,
    progress: &dyn crate::progress::Progress,
) -> Result<SignOutcome, AispmError> {
    let (key_id, ed);
    let with = match key {
        SignKey::File(path) => {
            ed = read_key(path)?;
            key_id = dsse::ed25519_key_id(&ed.verifying_key());
            SignWith::Ed25519(&ed)
        }
        SignKey::Hmac { key_id: id, secret } => {
            key_id = id.clone();
            SignWith::Hmac(secret)
        }
    };
    let mut signed = 0;
    let write_err = |e: std::io::Error| AispmError::Read {
        path: "-".into(),
        source: e,
    };
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| AispmError::Read {
            path: "-".into(),
            source: e,
        })?;
        progress.advance(line.len() as u64 + 1);
        if line.trim().is_empty() {
            continue;
        }
        let envelope: Value = crate::store::json::parse(line.as_bytes()).map_err(|e| AispmError::BadInput {
            path: format!("- line {}", i + 1),
            message: format!("not JSON: {}", e.message),
        })?;
        if !envelope.is_object() {
            return Err(AispmError::BadInput {
                path: format!("- line {}", i + 1),
                message: "not a JSON object".into(),
            });
        }
        // The exact bytes, as the collector wrote them: nothing inside the
        // envelope names the signer (the DSSE signature does).
        let payload = line.strip_suffix('\r').unwrap_or(&line).as_bytes();
        writeln!(output, "{}", dsse::sign_line(payload, &key_id, &with)).map_err(write_err)?;
        signed += 1;
    }
    output.flush().map_err(write_err)?;
    Ok(SignOutcome { key_id, signed })
}

/// [`sign`] from a file (a regular file within `CAVRA_MAX_INPUT_BYTES`,
/// whose size `progress` is told) or stdin to a file (written atomically)
/// or stdout.
pub fn sign_files(
    key: &SignKey,
    input: Option<&Path>,
    output: Option<&Path>,
    progress: &dyn crate::progress::Progress,
) -> Result<SignOutcome, AispmError> {
    let read_err = |path: &Path, e: std::io::Error| AispmError::Read {
        path: path.display().to_string(),
        source: e,
    };
    let reader: Box<dyn BufRead> = match input {
        Some(path) => {
            let file = crate::store::fsio::open_input(path).map_err(|e| read_err(path, e))?;
            progress.start(file.metadata().map_or(0, |m| m.len()));
            Box::new(std::io::BufReader::new(file))
        }
        None => Box::new(std::io::stdin().lock()),
    };
    let out = match output {
        None => sign(key, reader, std::io::BufWriter::new(std::io::stdout().lock()), progress),
        Some(path) => {
            // Streamed into a staged copy beside the target (memory stays
            // flat however long stdin runs), renamed over it only when every
            // line was signed; a failure leaves the target as it was.
            crate::store::fsio::check_output(path)?;
            let mut signed = None;
            let written = crate::store::fsio::atomic_write_with(path, |w| match sign(key, reader, w, progress) {
                Ok(out) => {
                    signed = Some(Ok(out));
                    Ok(())
                }
                Err(e) => {
                    signed = Some(Err(e));
                    Err(std::io::Error::other("signing stopped"))
                }
            });
            match signed {
                Some(Err(e)) => Err(e),
                Some(Ok(out)) => written.map(|()| out).map_err(AispmError::from),
                None => Err(written.expect_err("the writer runs unless staging failed").into()),
            }
        }
    };
    progress.finish();
    out
}
