//! Endpoint-management publication (Jamf Pro, Microsoft Intune, Linux
//! fleet): `POST {url}` of the publication endpoint with the provider's
//! artifact (`jamf-policy.json`, `intune-win32-app.json`,
//! `linux-fleet-manifest.json`) and a `publication_context`. `Bearer` from
//! `token_env`, or OAuth client credentials (Jamf Pro `{base}/api/oauth/token`,
//! Intune the Microsoft identity platform with scope
//! `https://graph.microsoft.com/.default`). Delivered on 200, 201 or 202.

use serde_json::{Value, json};

use super::{Event, OAuthOptions, ProviderApi, TokenEndpoint, Verdict, bearer, expect, json_request, options, url};
use crate::connector::config::{Connector, Provider};
use crate::connector::{ConnectorError, Request};

pub const INTUNE_SCOPE: &str = "https://graph.microsoft.com/.default";

pub struct Endpoint;

impl ProviderApi for Endpoint {
    fn build(&self, conn: &Connector, events: &[Event], _key: &str) -> Result<Request, ConnectorError> {
        build(conn, &events[0])
    }
    fn token_endpoint(&self, conn: &Connector) -> Result<Option<TokenEndpoint>, ConnectorError> {
        match conn.provider {
            Provider::Jamf => {
                let o: OAuthOptions = options(conn)?;
                let url = match o.token_url {
                    Some(u) => u,
                    None => format!("{}/api/oauth/token", crate::connector::redact::origin(&url(conn)?)),
                };
                Ok(Some(TokenEndpoint {
                    url,
                    client_id: super::need(conn, "client_id", o.client_id)?,
                    scope: None,
                }))
            }
            Provider::Intune => OAuthOptions::microsoft(conn, INTUNE_SCOPE),
            _ => Ok(None),
        }
    }
    fn judge(&self, status: u16, _body: &str) -> Verdict {
        expect(status, &[200, 201, 202])
    }
}

/// The artifact file this provider publishes.
pub fn artifact_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Jamf => "jamf-policy.json",
        Provider::Intune => "intune-win32-app.json",
        _ => "linux-fleet-manifest.json",
    }
}

fn build(conn: &Connector, e: &Event) -> Result<Request, ConnectorError> {
    let (name, artifact, sha) = match e.value.get("provider_artifacts") {
        // An export event names, per provider, the artifact the manifest maps
        // to it and the digest checksums.txt holds; it goes exactly as given.
        Some(map) => {
            let mapped = map.get(conn.provider.as_str());
            let name = mapped.and_then(|m| m.get("name")).and_then(Value::as_str);
            let sha = mapped.and_then(|m| m.get("sha256")).and_then(Value::as_str);
            let artifact = name.and_then(|n| e.value.get("artifacts")?.get(n));
            let (Some(name), Some(sha), Some(artifact)) = (name, sha, artifact) else {
                return Err(ConnectorError::Option {
                    connector: conn.name.clone(),
                    message: format!(
                        "publication {} maps no artifact to {}: nothing is sent",
                        e.id,
                        conn.provider.as_str()
                    ),
                });
            };
            (name.to_string(), artifact.clone(), sha.to_string())
        }
        // Any other event carries its artifacts by file name (the
        // provider's own), or is itself the artifact; the digest is then of
        // the value as sent, there being no checksums.txt.
        None => {
            let name = artifact_name(conn.provider);
            let artifact = e
                .value
                .get("artifacts")
                .and_then(|a| a.get(name))
                .unwrap_or(&e.value)
                .clone();
            let sha = crate::store::sha256_hex(&serde_json::to_vec(&artifact).expect("values serialize"));
            (name.to_string(), artifact, sha)
        }
    };
    let ctx = |k: &str| e.value.get(k).cloned().unwrap_or(Value::Null);
    let body = json!({
        "artifact_name": name,
        "artifact": artifact,
        "publication_context": {
            "event_id": e.id,
            "event_type": e.event_type,
            "export_id": ctx("export_id"),
            "channel": ctx("channel"),
            "version": ctx("version"),
            "approval_id": ctx("approval_id"),
            "artifact_sha256": {name: sha},
        },
    });
    Ok(json_request(url(conn)?, vec![bearer(conn)?], &body))
}
