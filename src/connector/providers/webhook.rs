//! Generic webhook, signed the Standard Webhooks way: body `{"type",
//! "timestamp", "data"}`, headers `webhook-id` (the delivery's idempotency
//! key, the same on every attempt), `webhook-timestamp` (unix seconds) and
//! `webhook-signature: v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">`.
//! Delivered on any 2xx; 410 Gone disables the integration.
//!
//! A bulk source (AISPM forwarding) sends batches: one signed message of
//! type [`BATCH_TYPE`] whose `data` is `{"count", "events"}`, each event in
//! the single form `{"type", "timestamp", "data"}`, at most
//! [`BULK_EVENTS`] events and [`BULK_BYTES`] bytes; the `webhook-id` is the
//! batch's key, the same when a failed batch is sent again.
//!
//! The key from `secret_env` is read as the Standard Webhooks reference
//! libraries read it: an optional `whsec_` prefix, then base64 with or
//! without padding (a receiver verifying with those libraries accepts the
//! signature). `secret_encoding: raw` signs with the secret's bytes as they
//! are, for receivers that take the key that way.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{Event, ObjectWriter, ProviderApi, Verdict, json_bytes_request, options, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub struct Webhook;

/// How the secret becomes the HMAC key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretEncoding {
    /// Optional `whsec_`, then base64 (padding optional): the standard.
    #[default]
    Base64,
    /// The secret's bytes as they are.
    Raw,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Options {
    #[serde(default)]
    secret_encoding: SecretEncoding,
}

/// The `type` of a batch message.
pub const BATCH_TYPE: &str = "cavra.batch";
/// The most events in one batch message.
pub const BULK_EVENTS: usize = 500;
/// The most bytes of one batch message's body.
pub const BULK_BYTES: usize = 900_000;

impl ProviderApi for Webhook {
    fn bulk_limits(&self) -> (usize, usize) {
        (BULK_EVENTS, BULK_BYTES)
    }
    fn carries_contents(&self) -> bool {
        true
    }
    fn build(&self, conn: &Connector, events: &[Event], key: &str) -> Result<Request, ConnectorError> {
        // `{type, timestamp, data}` with keys in order: the bytes of the
        // same message as a `Value`.
        let single = |e: &Event, out: &mut Vec<u8>| {
            ObjectWriter::new(out)
                .content("data", &e.value)
                .member("timestamp", &e.time)
                .member("type", &e.event_type)
                .end()
        };
        let mut body = Vec::with_capacity(events.iter().map(|e| e.value.known_len() + 128).sum::<usize>() + 128);
        match events {
            [e] => single(e, &mut body),
            many => ObjectWriter::new(&mut body)
                .with("data", |out| {
                    ObjectWriter::new(out)
                        .member("count", &many.len())
                        .with("events", |out| {
                            out.push(b'[');
                            for (i, e) in many.iter().enumerate() {
                                if i > 0 {
                                    out.push(b',');
                                }
                                single(e, out);
                            }
                            out.push(b']');
                        })
                        .end()
                })
                .member("timestamp", &many.last().map(|e| e.time.as_str()))
                .member("type", &BATCH_TYPE)
                .end(),
        }
        let mut headers = vec![("webhook-id".to_string(), key.to_string())];
        if let Some(a) = conn.secret("authorization") {
            headers.push(("Authorization".into(), a.expose().to_string()));
        }
        let mut req = json_bytes_request(url(conn)?, headers, body);
        sign_now(conn, &mut req, key)?;
        Ok(req)
    }
    /// Receivers reject stale timestamps (the Standard Webhooks tolerance is
    /// 5 minutes), so every attempt is signed when it is sent; the
    /// `webhook-id` stays the same.
    fn before_attempt(&self, conn: &Connector, req: &mut Request, key: &str) {
        if signature_is_stale(req) {
            // Signing succeeded when the request was built; it cannot fail now.
            let _ = sign_now(conn, req, key);
        }
    }
    fn judge(&self, status: u16, _body: &str) -> Verdict {
        if (200..300).contains(&status) {
            Verdict::ok()
        } else {
            Verdict::failed(format!("HTTP {status}"))
        }
    }
}

/// Signs `req` (when the connector has a secret) with the current time,
/// replacing an older signature.
fn sign_now(conn: &Connector, req: &mut Request, key: &str) -> Result<(), ConnectorError> {
    let Some(secret) = conn.secret("secret") else {
        return Ok(());
    };
    let ts = now_secs();
    if let Some((_, var)) = conn.unset.iter().find(|(k, _)| k == "secret_env") {
        // A dry run without the secret: say where the signature would go.
        req.headers
            .retain(|(k, _)| k != "webhook-timestamp" && k != "webhook-signature");
        req.headers.push(("webhook-timestamp".into(), ts.to_string()));
        req.headers
            .push(("webhook-signature".into(), format!("v1,<signed with ${{{var}}}>")));
        return Ok(());
    }
    let o: Options = options(conn)?;
    let fail = |m: String| ConnectorError::Option {
        connector: conn.name.clone(),
        message: m,
    };
    let key_bytes = signing_key(secret.expose(), o.secret_encoding).map_err(fail)?;
    let sig = sign(&key_bytes, key, ts, &req.body);
    req.headers
        .retain(|(k, _)| k != "webhook-timestamp" && k != "webhook-signature");
    req.headers.push(("webhook-timestamp".into(), ts.to_string()));
    req.headers.push(("webhook-signature".into(), sig));
    Ok(())
}

/// Whether `req` carries a signature from an earlier second than now.
fn signature_is_stale(req: &Request) -> bool {
    req.headers
        .iter()
        .find(|(k, _)| k == "webhook-timestamp")
        .is_some_and(|(_, v)| v.parse::<u64>().ok() != Some(now_secs()))
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// Base64 (standard alphabet) that takes padding or its absence.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The HMAC key of `secret` under `encoding` (never empty).
pub fn signing_key(secret: &str, encoding: SecretEncoding) -> Result<Vec<u8>, String> {
    let key = match encoding {
        SecretEncoding::Raw => secret.as_bytes().to_vec(),
        SecretEncoding::Base64 => LENIENT
            .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
            .map_err(|_| {
                "the webhook secret is not base64 (after an optional `whsec_`); set `secret_encoding: \"raw\"` to sign with its bytes as they are".to_string()
            })?,
    };
    if key.is_empty() {
        return Err("the webhook secret is empty".into());
    }
    Ok(key)
}

/// `v1,<base64 signature>` of `{id}.{timestamp}.{body}`.
pub fn sign(key: &[u8], id: &str, ts: u64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{id}.{ts}.").as_bytes());
    mac.update(body);
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const BODY: &[u8] = br#"{"test": 2432232314}"#;

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The test vector of the Standard Webhooks reference libraries, with
        // and without the prefix (the libraries take both).
        for secret in [
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ] {
            let key = signing_key(secret, SecretEncoding::Base64).unwrap();
            assert_eq!(
                sign(&key, MSG, 1614265330, BODY),
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
            );
        }
    }

    #[test]
    fn padding_is_optional_and_raw_is_bytes() {
        let padded = signing_key("whsec_c2VjcmV0LWtleQ==", SecretEncoding::Base64).unwrap();
        let unpadded = signing_key("whsec_c2VjcmV0LWtleQ", SecretEncoding::Base64).unwrap();
        assert_eq!(padded, b"secret-key");
        assert_eq!(unpadded, b"secret-key");
        assert_eq!(signing_key("secret-key", SecretEncoding::Raw).unwrap(), b"secret-key");
        assert!(signing_key("whsec_", SecretEncoding::Base64).is_err());
        assert!(signing_key("not base64!", SecretEncoding::Base64).is_err());
    }

    #[test]
    fn any_2xx_is_delivered() {
        for s in [200, 207, 226, 299] {
            assert!(Webhook.judge(s, "").success, "{s}");
        }
        assert!(!Webhook.judge(300, "").success);
    }
}
