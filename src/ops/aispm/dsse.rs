//! DSSE, the in-toto/Sigstore signing envelope, as AISPM lines use it.
//!
//! A line is `{"payloadType":…,"payload":<base64>,"signatures":[{"keyid":…,
//! "sig":<base64>}]}` and a signature covers `PAE(payloadType, payload
//! bytes)`, never a re-serialisation: verification runs on the exact bytes
//! the collector signed, before anything parses them. `keyid` is a hint that
//! selects among registered keys; it proves nothing by itself. Ed25519
//! signatures are checked strictly (no weak keys, canonical `S`); HMAC-SHA256
//! tags are compared in constant time (`hmac`'s `verify_slice`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

/// The payload type of an AISPM envelope.
pub const PAYLOAD_TYPE: &str = "application/vnd.cavra.aispm.envelope.v1+json";

/// DSSE's pre-authentication encoding:
/// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`.
pub fn pae(payload_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = pae_head(payload_type, body.len());
    out.extend_from_slice(body);
    out
}

/// [`pae`] up to its body of `len` bytes, with room for the body.
fn pae_head(payload_type: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + payload_type.len() + 32);
    out.extend_from_slice(b"DSSEv1 ");
    out.extend_from_slice(payload_type.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload_type.as_bytes());
    out.push(b' ');
    out.extend_from_slice(len.to_string().as_bytes());
    out.push(b' ');
    out
}

/// [`pae`] of the payload whose base64 is `text`, decoded straight into
/// place, and where the payload starts in it (`None`: not base64).
pub fn pae_of_base64(payload_type: &str, text: &str) -> Option<(Vec<u8>, usize)> {
    // Padded standard base64 is four characters for every three bytes,
    // less one byte for each `=`; anything else fails to decode below.
    let padding = text.bytes().rev().take(2).filter(|&b| b == b'=').count();
    let len = (text.len() / 4 * 3).checked_sub(padding)?;
    let mut out = pae_head(payload_type, len);
    let at = out.len();
    STANDARD.decode_vec(text, &mut out).ok()?;
    (out.len() - at == len).then_some((out, at))
}

/// One signed line, as sent.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Line<'a> {
    #[serde(rename = "payloadType", borrow)]
    pub payload_type: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub payload: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub signatures: Vec<Sig<'a>>,
}

/// One signature of a line.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sig<'a> {
    #[serde(default, borrow)]
    pub keyid: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub sig: std::borrow::Cow<'a, str>,
}

/// Base64 (standard alphabet, padded), as DSSE and securesystemslib write it.
pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

pub fn b64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// A key id: `sha256:` and the hex sha256 of the raw 32-byte public key.
pub fn ed25519_key_id(key: &VerifyingKey) -> String {
    crate::store::sha256_tagged(key.as_bytes())
}

/// The key id of an HMAC collector (names the collector; the secret is not hashed
/// into it, so the id reveals nothing about it).
pub fn hmac_key_id(tenant: &str, collector: &str) -> String {
    format!("hmac-sha256:{tenant}/{collector}")
}

/// A public key from base64, refused when not a curve point or weak (a
/// small-order point, for which signatures prove nothing).
pub fn public_key(b64: &str) -> Result<VerifyingKey, &'static str> {
    let bytes = b64_decode(b64.trim()).ok_or("not base64")?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| "not 32 bytes")?;
    let key = VerifyingKey::from_bytes(&bytes).map_err(|_| "not a valid Ed25519 point")?;
    if key.is_weak() {
        return Err("a weak (small-order) Ed25519 key");
    }
    Ok(key)
}

/// A fresh signing key from the operating system's random source.
pub fn generate() -> Result<SigningKey, getrandom::Error> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)?;
    Ok(SigningKey::from_bytes(&seed))
}

/// How a line is signed.
pub enum SignWith<'a> {
    Ed25519(&'a SigningKey),
    Hmac(&'a [u8]),
}

/// The signed DSSE line (without newline) for `payload` bytes.
pub fn sign_line(payload: &[u8], key_id: &str, signer: &SignWith<'_>) -> String {
    let message = pae(PAYLOAD_TYPE, payload);
    let sig = match signer {
        SignWith::Ed25519(key) => key.sign(&message).to_bytes().to_vec(),
        SignWith::Hmac(secret) => hmac_tag(secret, &message),
    };
    let line = Line {
        payload_type: PAYLOAD_TYPE.into(),
        payload: b64_encode(payload).into(),
        signatures: vec![Sig {
            keyid: key_id.into(),
            sig: b64_encode(&sig).into(),
        }],
    };
    serde_json::to_string(&line).expect("lines serialize")
}

fn hmac_tag(secret: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// Whether `tag` is the HMAC-SHA256 of `message` under `secret`, compared in
/// constant time.
pub fn hmac_verify(secret: &[u8], message: &[u8], tag: &[u8]) -> bool {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(message);
    mac.verify_slice(tag).is_ok()
}

/// A signature from its bytes (64, else `None`).
pub fn ed25519_signature(bytes: &[u8]) -> Option<Signature> {
    Signature::from_slice(bytes).ok()
}

/// Strict single verification.
pub fn ed25519_verify(key: &VerifyingKey, message: &[u8], sig: &Signature) -> bool {
    key.verify_strict(message, sig).is_ok()
}

/// Batch verification; `false` means at least one failed (check each).
pub fn ed25519_verify_batch(messages: &[&[u8]], sigs: &[Signature], keys: &[VerifyingKey]) -> bool {
    ed25519_dalek::verify_batch(messages, sigs, keys).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_dsse_test_vector() {
        // From the DSSE specification (protocol.md, "Test Vectors").
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
        assert_eq!(pae("", b""), b"DSSEv1 0  0 ".to_vec());
    }

    #[test]
    fn pae_of_base64_is_pae_of_the_decoded_payload() {
        for body in [&b""[..], b"h", b"he", b"hello world", &[0xff, 0, 0x80, 7, 9]] {
            let (message, at) = pae_of_base64("http://example.com/HelloWorld", &b64_encode(body)).unwrap();
            assert_eq!(message, pae("http://example.com/HelloWorld", body));
            assert_eq!(&message[at..], body);
        }
        // Not standard padded base64: unpadded, URL-safe, bad trailing
        // bits, whitespace, a lone `=`.
        for text in ["aGk", "aGk=\n", "-_-_", "aGl=", "aGk= ", "=", "===="] {
            assert!(pae_of_base64("t", text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_signed_line_verifies_and_a_changed_byte_does_not() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let id = ed25519_key_id(&key.verifying_key());
        let line = sign_line(b"{\"a\":1}", &id, &SignWith::Ed25519(&key));
        let parsed: Line<'_> = serde_json::from_str(&line).unwrap();
        let payload = b64_decode(&parsed.payload).unwrap();
        let sig = ed25519_signature(&b64_decode(&parsed.signatures[0].sig).unwrap()).unwrap();
        assert!(ed25519_verify(&key.verifying_key(), &pae(PAYLOAD_TYPE, &payload), &sig));
        assert!(!ed25519_verify(
            &key.verifying_key(),
            &pae(PAYLOAD_TYPE, b"{\"a\":2}"),
            &sig
        ));
        assert_eq!(parsed.signatures[0].keyid, id);
    }

    #[test]
    fn hmac_tags_verify_only_under_their_secret() {
        let line = sign_line(b"x", "k", &SignWith::Hmac(b"secret-one"));
        let parsed: Line<'_> = serde_json::from_str(&line).unwrap();
        let tag = b64_decode(&parsed.signatures[0].sig).unwrap();
        assert!(hmac_verify(b"secret-one", &pae(PAYLOAD_TYPE, b"x"), &tag));
        assert!(!hmac_verify(b"secret-two", &pae(PAYLOAD_TYPE, b"x"), &tag));
    }

    #[test]
    fn weak_keys_are_refused() {
        // The identity point (small order): encoded as 1 followed by zeros.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(
            public_key(&b64_encode(&identity)),
            Err("a weak (small-order) Ed25519 key")
        );
        let good = SigningKey::from_bytes(&[9u8; 32]).verifying_key();
        assert!(public_key(&b64_encode(good.as_bytes())).is_ok());
    }
}
