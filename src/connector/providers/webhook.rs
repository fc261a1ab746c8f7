//! Generic webhook, signed the Standard Webhooks way: body `{"type",
//! "timestamp", "data"}`, headers `webhook-id` (the delivery's idempotency
//! key, the same on every attempt), `webhook-timestamp` (unix seconds) and
//! `webhook-signature: v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">`
//! with the key from `secret_env` (`whsec_` prefix: the rest is base64).
//! Delivered on any 2xx; 410 Gone disables the integration.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::json;
use sha2::Sha256;

use super::{Event, json_request, url};
use crate::connector::config::Connector;
use crate::connector::{ConnectorError, Request};

pub fn build(conn: &Connector, e: &Event, key: &str) -> Result<Request, ConnectorError> {
    let body = json!({"type": e.event_type, "timestamp": e.time, "data": e.value});
    let mut headers = vec![("webhook-id".to_string(), key.to_string())];
    if let Some(a) = conn.secret("authorization") {
        headers.push(("Authorization".into(), a.expose().to_string()));
    }
    let mut req = json_request(url(conn)?, headers, &body);
    sign_now(conn, &mut req, key)?;
    Ok(req)
}

/// Signs `req` (when the connector has a secret) with the current time,
/// replacing an older signature. Receivers reject stale timestamps (the
/// Standard Webhooks tolerance is 5 minutes), so every attempt is signed
/// when it is sent; the `webhook-id` stays the same.
pub fn sign_now(conn: &Connector, req: &mut Request, key: &str) -> Result<(), ConnectorError> {
    let Some(secret) = conn.secret("secret") else {
        return Ok(());
    };
    let ts = now_secs();
    let sig = sign(secret.expose(), key, ts, &req.body).map_err(|m| ConnectorError::Option {
        connector: conn.name.clone(),
        message: m,
    })?;
    req.headers
        .retain(|(k, _)| k != "webhook-timestamp" && k != "webhook-signature");
    req.headers.push(("webhook-timestamp".into(), ts.to_string()));
    req.headers.push(("webhook-signature".into(), sig));
    Ok(())
}

/// Whether `req` carries a signature from an earlier second than now.
pub fn signature_is_stale(req: &Request) -> bool {
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

/// `v1,<base64 signature>` of `{id}.{timestamp}.{body}`.
pub fn sign(secret: &str, id: &str, ts: u64, body: &[u8]) -> Result<String, String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = match secret.strip_prefix("whsec_") {
        Some(k) => b64
            .decode(k)
            .map_err(|_| "the webhook secret after `whsec_` is not base64".to_string())?,
        None => secret.as_bytes().to_vec(),
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|e| e.to_string())?;
    mac.update(format!("{id}.{ts}.").as_bytes());
    mac.update(body);
    Ok(format!("v1,{}", b64.encode(mac.finalize().into_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The test vector from the Standard Webhooks reference libraries.
        let sig = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
